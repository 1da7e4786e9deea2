"""What the signed-in role may do, for menus and buttons (the services enforce it)."""

from __future__ import annotations

from dataclasses import dataclass

from kztally.domain.rules import Role


@dataclass(frozen=True, slots=True)
class Capabilities:
    enter: bool = False
    decide: bool = False
    observe: bool = False
    train: bool = False
    administer: bool = False

    @classmethod
    def of(cls, role: Role) -> Capabilities:
        match role:
            case Role.CLERK:
                return cls(enter=True)
            case Role.SUPERVISOR:
                return cls(enter=True, decide=True)
            case Role.OBSERVER:
                return cls(observe=True)
            case Role.TRAINER:
                return cls(train=True)
            case Role.ADMINISTRATOR:
                return cls(administer=True)
