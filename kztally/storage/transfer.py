"""Whole protocols for moving data between databases: every entry, revision and decision.

Reading (`snapshot`, `touched_protocols`, `load_full`) gives the full story of protocols:
the current case with its entries, and every revision in the order it was made, with the
figures of the entry it is about. Writing (`find`, `write_records`) stores an imported
record's rows as they are: its entries, one revision row per step, the protocol's new
state. Storage decides nothing here: the services check that a record's history leads to
its state, and plan the rows.

A decision on a protocol is a revision (a supervisor's transition with its reason and
reference): there is no other place for decisions, so they are read from revisions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Row, Table, func, select, tuple_
from sqlalchemy.orm import Session

from kztally.domain.entry import Case, Entry, State, Transition
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Act, Figures
from kztally.domain.rules import Role
from kztally.storage import bulk
from kztally.storage.errors import StaleWrite
from kztally.storage.models import EntryRow, ProtocolRow, RevisionRow
from kztally.storage.protocols import (
    acts_from_str,
    acts_to_str,
    agreed_columns,
    figures_from_json,
    figures_to_json,
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


# -- writing ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewEntry:
    entry: Entry
    round: int


@dataclass(frozen=True, slots=True)
class NewRevision:
    round: int
    transition: Transition
    state: State
    actor: str
    role: Role
    at: dt.datetime
    reason: str
    reference: str
    entry: int | None
    """The index of the revision's entry in its plan's `entries`."""
    findings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RecordPlan:
    """The rows of one imported record: new entries, revisions in order, and where the
    protocol ends up. `first`, `second`, `agreed` index `entries`."""

    protocol_id: int
    version: int
    """The protocol's version when it was found untouched."""
    state: State
    round: int
    breach: bool
    entries: tuple[NewEntry, ...]
    revisions: tuple[NewRevision, ...]
    first: int | None
    second: int | None
    agreed: int | None
    findings: tuple[str, ...]
    """The codes the agreed figures show."""
    system: str
    updated_at: dt.datetime
    updated_by: str


def _protocol_values(plan: RecordPlan, ids: Sequence[int]) -> dict[str, Any]:
    def row_id(index: int | None) -> int | None:
        return None if index is None else ids[index]

    values: dict[str, Any] = {
        "state": plan.state,
        "round": plan.round,
        "breach": plan.breach,
        "first_entry_id": row_id(plan.first),
        "second_entry_id": row_id(plan.second),
        "agreed_entry_id": row_id(plan.agreed),
        "findings": " ".join(plan.findings) if plan.agreed is not None else "",
        "updated_at": plan.updated_at,
        "updated_by": plan.updated_by,
    }
    agreed = None if plan.agreed is None else plan.entries[plan.agreed].entry
    values.update(agreed_columns(agreed, plan.state))
    return values


def write_records(session: Session, plans: Sequence[RecordPlan]) -> None:
    """Store imported records in bulk (`kztally.storage.bulk`). Each protocol must still
    be at the version it was read at; otherwise `StaleWrite` (and the caller's
    transaction is rolled back whole)."""
    if not plans:
        return
    entries = cast(Table, EntryRow.__table__)
    count = sum(len(plan.entries) for plan in plans)
    reserved = iter(bulk.reserve_ids(session, entries, count))
    ids_of = [[next(reserved) for _ in plan.entries] for plan in plans]
    bulk.insert_rows(
        session,
        entries,
        [
            {
                "id": row_id,
                "protocol_id": plan.protocol_id,
                "round": e.round,
                "kind": e.entry.kind,
                "by": e.entry.by,
                "at": e.entry.at,
                "figures": figures_to_json(e.entry.figures),
                "acts": acts_to_str(e.entry.acts),
            }
            for plan, ids in zip(plans, ids_of, strict=True)
            for e, row_id in zip(plan.entries, ids, strict=True)
        ],
    )
    bulk.insert_rows(
        session,
        cast(Table, RevisionRow.__table__),
        [
            {
                "protocol_id": plan.protocol_id,
                "round": r.round,
                "transition": r.transition,
                "state": r.state,
                "actor": r.actor,
                "role": r.role,
                "system": plan.system,
                "at": r.at,
                "reason": r.reason,
                "reference": r.reference,
                "entry_id": None if r.entry is None else ids[r.entry],
                "findings": " ".join(r.findings),
            }
            for plan, ids in zip(plans, ids_of, strict=True)
            for r in plan.revisions
        ],
    )
    changed = bulk.update_versioned(
        session,
        cast(Table, ProtocolRow.__table__),
        [
            {"id": plan.protocol_id, "expected_version": plan.version} | _protocol_values(plan, ids)
            for plan, ids in zip(plans, ids_of, strict=True)
        ],
    )
    if changed != len(plans):
        raise StaleWrite("protocol", (f"{len(plans) - changed} of {len(plans)}",))


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), _IN_CHUNK):
        yield values[i : i + _IN_CHUNK]
