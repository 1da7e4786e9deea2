"""Who may act where: the actor rules every service applies besides a role's rights.

Trainers, and the accounts a program generated (the mock's clerks and supervisor), act in
training elections only: nothing they do may reach an election that counts.
"""

from __future__ import annotations

from kztally.domain.election import Election
from kztally.domain.entry import Actor
from kztally.domain.rules import Role
from kztally.services.errors import PermissionDenied
from kztally.storage import accounts
from kztally.storage.database import Session


def require_training(session: Session, me: Actor, election: Election, action: str) -> None:
    """Refuse a trainer's or a generated account's action outside a training election."""
    if election.training:
        return
    if me.role is Role.TRAINER:
        raise PermissionDenied(f"{action} outside a training election", me.role, frozenset())
    found = accounts.persons(session, [me.user]).get(me.user)
    if found is not None and found[1]:
        raise PermissionDenied(
            f"{action} as a generated account outside a training election",
            me.role,
            frozenset(),
        )
