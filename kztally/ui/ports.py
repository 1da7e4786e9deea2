"""What the screens need from the services, as plain data and one small interface.

The screens hold no database objects: they get frozen values (domain values and the ones
below) and call `Backend` for every user action. `kztally.ui.backend` adapts the real
services to it; tests may hand in their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from kztally.domain.election import Election
from kztally.domain.entry import Entry, EntryKind, State
from kztally.domain.ids import AreaCode, BodyId, ContestId
from kztally.domain.protocol import Act, Figures, Finding
from kztally.domain.results import BodyResult
from kztally.domain.rules import Role

Key = tuple[AreaCode, ContestId]
"""One protocol: a precinct and a contest."""


@dataclass(frozen=True, slots=True)
class Account:
    user: str
    role: Role
    name: str = ""


@dataclass(frozen=True, slots=True)
class ProtocolInfo:
    """Where one protocol stands, as far as the signed-in user may see it.

    `figures` and `acts` are the agreed ones (pending, accepted, annulled); `findings`
    are those of the agreed figures. `first`, `second` and `differing` come only to
    supervisors: the second clerk never sees the first entry.
    """

    precinct: AreaCode
    contest: ContestId
    state: State
    round: int = 1
    version: int = 0
    breach: bool = False
    figures: Figures | None = None
    acts: frozenset[Act] = frozenset()
    findings: tuple[Finding, ...] = ()
    first: Entry | None = None
    second: Entry | None = None
    differing: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Revision:
    at: dt.datetime
    by: str
    transition: str
    round: int
    state: str = ""
    role: str = ""
    reason: str = ""
    reference: str = ""
    entry_by: str = ""
    figures: Figures | None = None


@dataclass(frozen=True, slots=True)
class Attachment:
    id: str
    name: str
    media_type: str
    added_by: str
    added_at: dt.datetime


class BackendError(Exception):
    """A refused action; `code` is stable (role, state, same_clerk, reason, act, stale...)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class Backend(Protocol):
    """One signed-in user's view of one election database. Every action names the version
    of the protocol the user saw; a protocol changed meanwhile is refused (`stale`)."""

    @property
    def election(self) -> Election: ...

    @property
    def account(self) -> Account: ...

    def data_version(self) -> int:
        """Changes whenever any workstation changes anything."""
        ...

    def states(self) -> Mapping[Key, State]:
        """Every protocol's state."""
        ...

    def protocol(self, precinct: AreaCode, contest: ContestId) -> ProtocolInfo: ...

    def enter(
        self,
        precinct: AreaCode,
        contest: ContestId,
        figures: Figures,
        acts: frozenset[Act],
        *,
        expected_version: int,
    ) -> ProtocolInfo: ...

    def resolve(
        self,
        precinct: AreaCode,
        contest: ContestId,
        keep: EntryKind,
        correction: Figures | None,
        *,
        acts: frozenset[Act],
        reason: str,
        expected_version: int,
    ) -> ProtocolInfo: ...

    def send_back(
        self, precinct: AreaCode, contest: ContestId, *, reason: str, expected_version: int
    ) -> ProtocolInfo: ...

    def accept(
        self,
        precinct: AreaCode,
        contest: ContestId,
        *,
        reason: str,
        act_reference: str,
        expected_version: int,
    ) -> ProtocolInfo: ...

    def recount(
        self,
        precinct: AreaCode,
        contest: ContestId,
        *,
        reason: str,
        reference: str,
        expected_version: int,
    ) -> ProtocolInfo: ...

    def annul(
        self,
        precinct: AreaCode,
        contest: ContestId,
        *,
        reason: str,
        reference: str,
        expected_version: int,
    ) -> ProtocolInfo: ...

    def history(self, precinct: AreaCode, contest: ContestId) -> Sequence[Revision]: ...

    def accepted(self, contest: ContestId) -> Mapping[AreaCode, Figures]:
        """The accepted figures of one contest, by precinct (what results count)."""
        ...

    def body_result(self, body: BodyId, area: AreaCode) -> BodyResult | None:
        """A body's result from the accepted protocols at or below an area: list shares and
        seats, district winners, progress (None when the body holds no contest there)."""
        ...


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What the signed-in role may do, for menus and buttons (the services enforce it)."""

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
