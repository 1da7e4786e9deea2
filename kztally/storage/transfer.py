"""Whole protocols for moving data between databases: every entry, revision and decision.

Reading (`snapshot`, `touched_protocols`, `load_full`) gives the full story of protocols:
the current case with its entries, and every revision in the order it was made, with the
figures of the entry it is about; `find` says where protocols stand. An import writes
through `kztally.storage.protocols.save_many`, as every path that changes a protocol does:
the services replay a record's history through the state machine.

A decision on a protocol is a revision (a supervisor's transition with its reason and
reference): there is no other place for decisions, so they are read from revisions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, func, select, tuple_
from sqlalchemy.orm import Session

from kztally.domain.entry import Case, Entry, EntryKind, State, Transition
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Act, Figures
from kztally.storage.models import EntryRow, ProtocolRow, RevisionRow
from kztally.storage.protocols import (
    acts_from_str,
    figures_from_json,
)

_IN_CHUNK = 500
"""Values per IN (...) list: well under every driver's limit on parameters."""
WINDOW = 2000
"""Protocol ids read per round of queries when reading everything."""


# -- what is read ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredRevision:
    """One stored step of a protocol, with the figures of the entry it is about."""

    round: int
    transition: Transition
    state: State
    actor: str
    at: dt.datetime
    reason: str
    reference: str
    figures: Figures | None
    acts: frozenset[Act]
    hashed: HashedColumns | None = None
    """What the audit log's hash of the revision covers besides the above."""


@dataclass(frozen=True, slots=True)
class HashedColumns:
    """A revision's columns that its hash in the audit log covers and a record file does
    not hold (an export carries them beside the records, in `audit/revisions.jsonl`)."""

    role: str
    system: str | None
    findings: str
    run_by: str | None
    source: str | None
    source_sha256: str | None
    entry: tuple[EntryKind, str, dt.datetime] | None
    """Its entry's kind, author and time (its figures and acts are the revision's)."""


@dataclass(frozen=True, slots=True)
class StoredProtocol:
    """A protocol with its whole story as stored."""

    id: int
    precinct: AreaCode
    contest: ContestId
    version: int
    case: Case
    revisions: tuple[StoredRevision, ...]

    @property
    def untouched(self) -> bool:
        """Never entered: not entered, first round, no history."""
        return not self.revisions and self.case == Case()


@dataclass(frozen=True, slots=True)
class ProtocolHead:
    """Where a protocol stands, without its entries: enough to know whether an imported
    record may join it."""

    id: int
    state: State
    round: int
    version: int
    revisions: int

    @property
    def untouched(self) -> bool:
        return self.state is State.NOT_ENTERED and self.round == 1 and self.revisions == 0


# -- reading ---------------------------------------------------------------------------


def snapshot(session: Session) -> None:
    """Make the rest of the transaction read one consistent state of the database.

    Call it first in a read-only transaction. SQLite's read transaction already reads one
    snapshot (WAL); PostgreSQL's default (read committed) would let a long export see
    protocols written while it runs, so it is raised to repeatable read."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def touched_count(session: Session) -> int:
    """How many protocols have any history (an entry or a decision)."""
    return int(session.scalar(select(func.count(func.distinct(RevisionRow.protocol_id)))) or 0)


def _entry(r: Row[Any]) -> Entry:
    return Entry(
        figures=figures_from_json(r.figures),
        by=r.by,
        at=r.at,
        acts=acts_from_str(r.acts),
        kind=r.kind,
    )


_ENTRY_COLUMNS = (
    EntryRow.id,
    EntryRow.protocol_id,
    EntryRow.figures,
    EntryRow.by,
    EntryRow.at,
    EntryRow.acts,
    EntryRow.kind,
)
_REVISION_COLUMNS = (
    RevisionRow.protocol_id,
    RevisionRow.round,
    RevisionRow.transition,
    RevisionRow.state,
    RevisionRow.actor,
    RevisionRow.at,
    RevisionRow.reason,
    RevisionRow.reference,
    RevisionRow.entry_id,
    RevisionRow.role,
    RevisionRow.system,
    RevisionRow.findings,
    RevisionRow.run_by,
    RevisionRow.source,
    RevisionRow.source_sha256,
)
_PROTOCOL_COLUMNS = (
    ProtocolRow.id,
    ProtocolRow.precinct,
    ProtocolRow.contest,
    ProtocolRow.state,
    ProtocolRow.round,
    ProtocolRow.breach,
    ProtocolRow.version,
    ProtocolRow.first_entry_id,
    ProtocolRow.second_entry_id,
    ProtocolRow.agreed_entry_id,
)


def _assemble(
    protocols: Sequence[Any], entries: Sequence[Any], revisions: Sequence[Any]
) -> list[StoredProtocol]:
    by_id = {r.id: _entry(r) for r in entries}
    steps: dict[int, list[StoredRevision]] = {}
    for r in revisions:
        e = by_id[r.entry_id] if r.entry_id is not None else None
        steps.setdefault(r.protocol_id, []).append(
            StoredRevision(
                round=r.round,
                transition=r.transition,
                state=r.state,
                actor=r.actor,
                at=r.at,
                reason=r.reason,
                reference=r.reference,
                figures=None if e is None else e.figures,
                acts=frozenset() if e is None else e.acts,
                hashed=HashedColumns(
                    str(r.role),
                    r.system,
                    r.findings,
                    r.run_by,
                    r.source,
                    r.source_sha256,
                    None if e is None else (e.kind, e.by, e.at),
                ),
            )
        )

    def pick(entry_id: int | None) -> Entry | None:
        return None if entry_id is None else by_id[entry_id]

    return [
        StoredProtocol(
            id=p.id,
            precinct=AreaCode(p.precinct),
            contest=ContestId(p.contest),
            version=p.version,
            case=Case(
                state=p.state,
                round=p.round,
                first=pick(p.first_entry_id),
                second=pick(p.second_entry_id),
                agreed=pick(p.agreed_entry_id),
                breach=p.breach,
            ),
            revisions=tuple(steps.get(p.id, ())),
        )
        for p in protocols
    ]


def touched_protocols(session: Session, window: int = WINDOW) -> Iterator[list[StoredProtocol]]:
    """Every protocol with any history, in windows of protocol ids (three queries each),
    ordered by id; revisions in the order they were made."""
    conn = session.connection()  # Core rows: the ORM's row handling costs here
    lowest, highest = conn.execute(select(func.min(ProtocolRow.id), func.max(ProtocolRow.id))).one()
    if lowest is None:
        return
    touched = select(RevisionRow.protocol_id).where(RevisionRow.protocol_id == ProtocolRow.id)
    for start in range(lowest, highest + 1, window):
        end = start + window - 1
        protocols = conn.execute(
            select(*_PROTOCOL_COLUMNS)
            .where(ProtocolRow.id.between(start, end), touched.exists())
            .order_by(ProtocolRow.id)
        ).all()
        if not protocols:
            continue
        entries = conn.execute(
            select(*_ENTRY_COLUMNS).where(EntryRow.protocol_id.between(start, end))
        ).all()
        revisions = conn.execute(
            select(*_REVISION_COLUMNS)
            .where(RevisionRow.protocol_id.between(start, end))
            .order_by(RevisionRow.protocol_id, RevisionRow.id)
        ).all()
        yield _assemble(protocols, entries, revisions)


def load_full(session: Session, ids: Iterable[int]) -> dict[int, StoredProtocol]:
    """These protocols with their whole story, by id."""
    out: dict[int, StoredProtocol] = {}
    conn = session.connection()
    for chunk in _chunks(sorted(set(ids))):
        protocols = conn.execute(select(*_PROTOCOL_COLUMNS).where(ProtocolRow.id.in_(chunk))).all()
        entries = conn.execute(select(*_ENTRY_COLUMNS).where(EntryRow.protocol_id.in_(chunk))).all()
        revisions = conn.execute(
            select(*_REVISION_COLUMNS)
            .where(RevisionRow.protocol_id.in_(chunk))
            .order_by(RevisionRow.protocol_id, RevisionRow.id)
        ).all()
        out.update((p.id, p) for p in _assemble(protocols, entries, revisions))
    return out


def stored_entries(session: Session, ids: Iterable[int]) -> dict[int, tuple[Entry, ...]]:
    """Every entry ever stored for these protocols (all rounds), by protocol id."""
    out: dict[int, list[Entry]] = {}
    for chunk in _chunks(sorted(set(ids))):
        stmt = select(*_ENTRY_COLUMNS).where(EntryRow.protocol_id.in_(chunk)).order_by(EntryRow.id)
        for r in session.execute(stmt):
            out.setdefault(r.protocol_id, []).append(_entry(r))
    return {k: tuple(v) for k, v in out.items()}


def find(
    session: Session, keys: Iterable[tuple[str, str]]
) -> dict[tuple[AreaCode, ContestId], ProtocolHead]:
    """Where these protocols (precinct, contest) stand, with how many revisions each has."""
    rows: list[Row[Any]] = []
    cols = (ProtocolRow.id, ProtocolRow.precinct, ProtocolRow.contest, ProtocolRow.state,
            ProtocolRow.round, ProtocolRow.version)  # fmt: skip
    for chunk in _chunks(sorted(set(keys))):
        rows.extend(
            session.execute(
                select(*cols).where(tuple_(ProtocolRow.precinct, ProtocolRow.contest).in_(chunk))
            )
        )
    counts: dict[int, int] = {}
    for chunk in _chunks(sorted(r.id for r in rows)):
        stmt = (
            select(RevisionRow.protocol_id, func.count())
            .where(RevisionRow.protocol_id.in_(chunk))
            .group_by(RevisionRow.protocol_id)
        )
        counts.update((pid, int(n)) for pid, n in session.execute(stmt))
    return {
        (AreaCode(r.precinct), ContestId(r.contest)): ProtocolHead(
            r.id, r.state, r.round, r.version, counts.get(r.id, 0)
        )
        for r in rows
    }


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), _IN_CHUNK):
        yield values[i : i + _IN_CHUNK]
