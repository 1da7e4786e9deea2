"""Who may act where and when: the rules every service applies besides a role's rights.

Trainers, and the accounts a program generated (the mock's clerks and supervisor), act in
training elections only: nothing they do may reach an election that counts.

Official results are frozen: every write that could change a figure, a state or a seat
calls `require_unofficial` first, in its own transaction (docs/official.md).
"""

from __future__ import annotations

from kztally.domain.election import Election
from kztally.domain.entry import Actor
from kztally.domain.rules import Role
from kztally.services.errors import PermissionDenied, ResultsOfficial
from kztally.storage import accounts, official
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


def require_unofficial(session: Session, action: str) -> None:
    """Refuse `action` while the election's results are official (`ResultsOfficial`,
    saying since when and who marked them). Call it at the start of every transaction
    that could change a figure, a state or a seat (an entry, a decision, a recount, an
    annulment, an import, a bulk record, a loaded election, a lot drawn): on PostgreSQL
    it holds the status's shared lock until the transaction ends, so a mark waits for
    this write to commit, or this write waits for the mark and is refused."""
    status = official.read(session, lock=True)
    if status.official:
        raise ResultsOfficial(action, status.marked_at, status.marked_by)
