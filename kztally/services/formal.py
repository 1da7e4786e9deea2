"""A protocol's formal parts (docs/formats.md "Formal parts"; kztally.domain.formal): the
commission members present, when the count began and ended, and the written requests to
vote outside the polling room.

`FormalService` (`services.formal`):
    `of(precinct, contest) -> FormalView`: the parts in force (the newest record), who
    recorded them and when; all empty when none was recorded.
    `record(precinct, contest, formal) -> FormalView`: record them as the paper says
    (clerks, supervisors, administrators; trainers in training elections). A newer
    record supersedes; the older stays. Refused while the results are official, and
    refused with the field named when a part cannot be so.
    `record_many(items)`: the same for many protocols in one transaction (the mock, an
    import).
    `current(keys=None)`: the parts in force of every protocol (or of `keys`).

Each record writes its `formal.recorded` event (docs/audit.md) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from kztally.domain.audit import EventCode
from kztally.domain.election import Election
from kztally.domain.entry import Actor
from kztally.domain.formal import Formal, long_count, problems
from kztally.domain.rules import Role
from kztally.services import journal
from kztally.services.elections import ElectionService
from kztally.services.errors import InvalidRequest, NoElection, NotFound
from kztally.services.guard import require_training, require_unofficial
from kztally.services.locate import locate_ballot
from kztally.services.users import Clock, SignedIn, require_role, utcnow
from kztally.storage import formal as store
from kztally.storage.database import Database, Session
from kztally.storage.formal import FormalRecord
from kztally.storage.models import ProtocolRow

__all__ = ["RECORDING_ROLES", "FormalRecord", "FormalService", "FormalView"]

RECORDING_ROLES = frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMINISTRATOR, Role.TRAINER})
"""Who records a protocol's formal parts (as the paper says them)."""
READING_ROLES = frozenset(Role)


@dataclass(frozen=True, slots=True)
class FormalView:
    precinct: str
    contest: str
    formal: Formal
    round: int | None
    """The count round they were recorded for; None when none was recorded."""
    at: dt.datetime | None
    by: str | None
    long_count: bool
    """The count lasted longer than the law's 12 hours."""


def _view(precinct: str, contest: str, record: FormalRecord | None) -> FormalView:
    if record is None:
        return FormalView(precinct, contest, Formal(), None, None, None, False)
    formal = record.formal()
    return FormalView(
        precinct, contest, formal, record.round, record.at, record.by, long_count(formal)
    )


def check(formal: Formal, where: str) -> None:
    """Refuse parts that cannot be so, naming the protocol and the field."""
    found = problems(formal)
    if found:
        field, what = found[0]
        raise InvalidRequest(f"{where}: {field.replace('_', ' ')}: {what}")


class FormalService:
    """Protocols' formal parts, acting as `actor`."""

    def __init__(
        self, db: Database, actor: SignedIn, elections: ElectionService, clock: Clock = utcnow
    ) -> None:
        self._db = db
        self._actor = actor
        self._elections = elections
        self._clock = clock

    def _election(self) -> Election:
        election = self._elections.current()
        if election is None:
            raise NoElection()
        return election

    def of(self, precinct: str, contest: str) -> FormalView:
        election = self._election()
        locate_ballot(election, precinct, contest)
        with self._db.session(readonly=True) as s:
            require_role(s, self._actor, READING_ROLES, "see protocols")
            found = store.current(s, [(precinct, contest)]).get((precinct, contest))
        return _view(precinct, contest, found)

    def current(
        self, keys: Iterable[tuple[str, str]] | None = None
    ) -> dict[tuple[str, str], FormalView]:
        """The parts in force of every protocol that has a record (of `keys` only, when
        given), by (precinct, contest)."""
        with self._db.session(readonly=True) as s:
            require_role(s, self._actor, READING_ROLES, "see protocols")
            found = store.current(s, keys)
        return {k: _view(k[0], k[1], r) for k, r in found.items()}

    def record(self, precinct: str, contest: str, formal: Formal) -> FormalView:
        """Record a protocol's formal parts as its paper says them."""
        return self.record_many([(precinct, contest, formal)])[0]

    def record_many(self, items: Sequence[tuple[str, str, Formal]]) -> list[FormalView]:
        """Record many protocols' formal parts in one transaction, each with its event
        (all or nothing)."""
        election = self._election()
        for precinct, contest, formal in items:
            locate_ballot(election, precinct, contest)
            check(formal, f"{precinct}/{contest}")
        with self._db.session() as s:
            me = require_role(s, self._actor, RECORDING_ROLES, "record a protocol's formal parts")
            require_training(s, me, election, "record a protocol's formal parts")
            require_unofficial(s, "record a protocol's formal parts")
            return write(s, self._actor, me, items, self._clock())


def write(
    s: Session,
    signed: SignedIn,
    me: Actor,
    items: Sequence[tuple[str, str, Formal]],
    at: dt.datetime,
) -> list[FormalView]:
    """Write checked formal parts and their events in the caller's transaction (which
    has checked the role, training and that results are unofficial): `record_many`, and
    an import's batch, in the transaction that brings its protocols."""
    rounds = _rounds(s, [(p, c) for p, c, _ in items])
    rows: list[tuple[int, str, str, int, Formal]] = []
    for precinct, contest, formal in items:
        found = rounds.get((precinct, contest))
        if found is None:
            raise NotFound(f"no protocol {precinct}/{contest}")
        rows.append((found[0], precinct, contest, found[1], formal))
    records = store.add_many(s, rows, at, me.user)
    for record in records:
        journal.record(
            s,
            signed,
            me.role,
            EventCode.FORMAL_RECORDED,
            at,
            {
                "formal": record.id,
                "precinct": record.precinct,
                "contest": record.contest,
                "round": record.round,
                "values": record.values,
                "sha256": record.sha256,
            },
        )
    return [_view(r.precinct, r.contest, r) for r in records]


def changed(s: Session, items: Sequence[tuple[str, str, Formal]]) -> list[tuple[str, str, Formal]]:
    """Those of `items` that differ from the parts in force (an import's files that
    bring nothing new record nothing)."""
    current = store.current(s, [(p, c) for p, c, _ in items])
    return [
        (p, c, f) for p, c, f in items if (p, c) not in current or current[(p, c)].formal() != f
    ]


def _rounds(s: Session, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, int]]:
    """Each protocol's id and current round."""
    found: dict[tuple[str, str], tuple[int, int]] = {}
    wanted = set(keys)
    precincts = sorted({p for p, _ in wanted})
    for i in range(0, len(precincts), 500):
        chunk = precincts[i : i + 500]
        stmt = select(ProtocolRow.precinct, ProtocolRow.contest, ProtocolRow.id, ProtocolRow.round)
        for p, c, pid, rnd in s.execute(stmt.where(ProtocolRow.precinct.in_(chunk))):
            if (p, c) in wanted:
                found[(p, c)] = (pid, rnd)
    return found
