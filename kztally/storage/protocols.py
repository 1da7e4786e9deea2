"""Protocols: the current state of each (precinct x contest), its entries and revisions.

Storage does not decide anything: the services run the double-entry state machine
(`kztally.domain.entry`) and hand over the steps it made as `Action`s. Both ways of
writing them, one protocol at a time (`save`) and in bulk (`save_many`, through
`kztally.storage.bulk`), build their rows with the same functions, so a protocol stored
either way is stored the same. Both only insert entries and revisions: the `protocol`
row is a cache the database keeps, by a trigger on `revision` (migration 0008_db_cache),
which also refuses a revision made from an older version of the row (`StaleWrite`).

Rows never leave this module: callers get `ProtocolRecord`s, plain and frozen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Row,
    String,
    Table,
    insert,
    select,
    text,
    type_coerce,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from kztally.domain import audit
from kztally.domain.entry import Case, Entry, State, Step, Transition, entry_about
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import LINE_COUNT, Act, Figures
from kztally.domain.rules import Role
from kztally.storage import bulk
from kztally.storage.errors import StaleWrite
from kztally.storage.models import AreaRow, EntryRow, ProtocolRow, RevisionRow

LINE_COLUMNS = tuple(f"line{n}" for n in range(1, LINE_COUNT + 1))
COUNTED_STATES = (State.PENDING, State.ACCEPTED)
"""States whose agreed figures other protocols are compared with (W6, W7)."""
_IN_CHUNK = 500
"""Values per IN (...) list: well under every driver's limit on parameters."""

_STATE_BY_VALUE = {s.value: s for s in State}


# -- values ----------------------------------------------------------------------------


def figures_to_json(f: Figures) -> dict[str, Any]:
    return {"lines": list(f.lines), "votes": list(f.votes), "against_all": f.against_all}


def figures_from_json(d: Mapping[str, Any]) -> Figures:
    return Figures(tuple(d["lines"]), tuple(d["votes"]), d["against_all"])


def acts_to_str(acts: frozenset[Act]) -> str:
    if not acts:
        return ""
    return " ".join(sorted(a.value for a in acts))


def acts_from_str(s: str) -> frozenset[Act]:
    return frozenset(Act(x) for x in s.split())


def figures_key(f: Figures) -> str:
    """A digest of the figures: equal figures, equal keys (the W6 look-up)."""
    return hashlib.blake2b(
        repr((f.lines, f.votes, f.against_all)).encode(), digest_size=16
    ).hexdigest()


def _agreed_figures(r: Row[Any] | ProtocolRow) -> Figures:
    votes = r.votes or []
    return Figures(tuple(getattr(r, c) for c in LINE_COLUMNS), tuple(votes), r.against_all)


# -- records ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProtocolRecord:
    """A protocol as read in a transaction: its case for the state machine, the version
    it was read at, and which stored entry row each of the case's entries is."""

    id: int
    precinct: AreaCode
    contest: ContestId
    version: int
    case: Case
    findings: tuple[str, ...]
    stored: tuple[tuple[Entry, int], ...] = field(default=(), repr=False)
    """Each entry object of `case` with its row id: the state machine passes entries on
    unchanged, so an entry of a later case that `is` one of these is already stored."""


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an imported step comes from: who ran the import, which file, its SHA-256."""

    run_by: str
    source: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Action:
    """One step of the state machine as it is recorded: who, when, why."""

    step: Step
    actor: str
    role: Role
    at: dt.datetime
    reason: str = ""
    reference: str = ""
    system: str | None = None
    """The program that acted for the account ('mock', 'import'), if any."""
    provenance: Provenance | None = None
    """For an imported step: who ran the import, from which file."""


@dataclass(frozen=True, slots=True)
class RevisionRecord:
    id: int
    round: int
    transition: Transition
    state: State
    actor: str
    role: Role
    system: str | None
    at: dt.datetime
    reason: str
    reference: str
    findings: tuple[str, ...]
    entry: Entry | None
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class ProtocolSummary:
    """What results and navigators need of a protocol: its state and agreed figures."""

    precinct: AreaCode
    contest: ContestId
    state: State
    round: int
    breach: bool
    version: int
    figures: Figures | None
    """The agreed figures (pending and accepted protocols; annulled ones keep theirs)."""
    findings: tuple[str, ...]


# -- reading ---------------------------------------------------------------------------


def _entry(r: EntryRow | Row[Any]) -> Entry:
    return Entry(
        figures=figures_from_json(r.figures),
        by=r.by,
        at=r.at,
        acts=acts_from_str(r.acts),
        kind=r.kind,
    )


def _record(p: ProtocolRow | Row[Any], entries: Mapping[int, Entry]) -> ProtocolRecord:
    stored: list[tuple[Entry, int]] = []

    def pick(entry_id: int | None) -> Entry | None:
        if entry_id is None:
            return None
        e = entries[entry_id]
        stored.append((e, entry_id))
        return e

    case = Case(
        state=p.state,
        round=p.round,
        first=pick(p.first_entry_id),
        second=pick(p.second_entry_id),
        agreed=pick(p.agreed_entry_id),
        breach=p.breach,
    )
    return ProtocolRecord(
        id=p.id,
        precinct=AreaCode(p.precinct),
        contest=ContestId(p.contest),
        version=p.version,
        case=case,
        findings=tuple(p.findings.split()),
        stored=tuple(stored),
    )


def _entry_ids(p: ProtocolRow | Row[Any]) -> set[int]:
    return {i for i in (p.first_entry_id, p.second_entry_id, p.agreed_entry_id) if i is not None}


def _load_entries(session: Session, ids: Iterable[int]) -> dict[int, Entry]:
    out: dict[int, Entry] = {}
    cols = (
        EntryRow.id,
        EntryRow.figures,
        EntryRow.by,
        EntryRow.at,
        EntryRow.acts,
        EntryRow.kind,
    )
    for chunk in _chunks(sorted(set(ids))):
        for r in session.execute(select(*cols).where(EntryRow.id.in_(chunk))):
            out[r.id] = _entry(r)
    return out


def load(session: Session, precinct: str, contest: str) -> ProtocolRecord | None:
    """The protocol as it stands, its row kept in the session for `save`."""
    row = session.scalars(
        select(ProtocolRow).where(ProtocolRow.precinct == precinct, ProtocolRow.contest == contest)
    ).one_or_none()
    if row is None:
        return None
    return _record(row, _load_entries(session, _entry_ids(row)))


_PROTOCOL_COLUMNS = tuple(
    ProtocolRow.__table__.c[name]
    for name in (
        "id",
        "precinct",
        "contest",
        "state",
        "round",
        "breach",
        "version",
        "findings",
        "first_entry_id",
        "second_entry_id",
        "agreed_entry_id",
    )
)


def load_precincts(
    session: Session, precincts: Iterable[str]
) -> dict[tuple[str, str], ProtocolRecord]:
    """Every protocol of the precincts, for bulk work (rows are not kept in the session)."""
    rows: list[Row[Any]] = []
    for chunk in _chunks(sorted(set(precincts))):
        rows.extend(
            session.execute(select(*_PROTOCOL_COLUMNS).where(ProtocolRow.precinct.in_(chunk)))
        )
    entries = _load_entries(session, (i for r in rows for i in _entry_ids(r)))
    return {(r.precinct, r.contest): _record(r, entries) for r in rows}


_FIGURE_COLUMNS = (
    *(ProtocolRow.__table__.c[c] for c in LINE_COLUMNS),
    ProtocolRow.votes,
    ProtocolRow.against_all,
)


def agreed_with_keys(
    session: Session, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], dict[AreaCode, Figures]]:
    """Protocols whose agreed figures have one of the (contest, figures key) pairs: the
    candidates of W6, by pair and precinct. One query, the keys passed as one array."""
    wanted = set(keys)
    if not wanted:
        return {}
    digests = sorted({k for _, k in wanted})
    cols = ", ".join(["contest", "figures_key", "precinct", *LINE_COLUMNS, "votes", "against_all"])
    counted = ", ".join(f"'{s.value}'" for s in COUNTED_STATES)
    param: object
    if session.get_bind().dialect.name == "sqlite":
        match, param = "IN (SELECT value FROM json_each(:keys))", json.dumps(digests)
    else:
        match, param = "= ANY(CAST(:keys AS varchar[]))", digests
    stmt = text(
        f"SELECT {cols} FROM protocol WHERE figures_key {match} AND state IN ({counted})"
    ).columns(votes=JSON())
    out: dict[tuple[str, str], dict[AreaCode, Figures]] = {}
    for r in session.execute(stmt, {"keys": param}):
        pair = (r.contest, r.figures_key)
        if pair in wanted:
            out.setdefault(pair, {})[AreaCode(r.precinct)] = _agreed_figures(r)
    return out


def same_figures(
    session: Session, contest: str, figures: Figures, *, other_than: str
) -> dict[AreaCode, Figures]:
    """Other precincts' agreed figures of the contest equal to these (W6)."""
    key = (contest, figures_key(figures))
    found = agreed_with_keys(session, [key]).get(key, {})
    return {p: f for p, f in found.items() if p != other_than}


def agreed_at_precinct(
    session: Session, precinct: str, *, other_than: str
) -> dict[ContestId, Figures]:
    """The precinct's other ballot types' agreed figures (W7)."""
    stmt = select(ProtocolRow.contest, *_FIGURE_COLUMNS).where(
        ProtocolRow.precinct == precinct,
        ProtocolRow.contest != other_than,
        ProtocolRow.state.in_(COUNTED_STATES),
    )
    return {ContestId(r.contest): _agreed_figures(r) for r in session.execute(stmt)}


def agreed_at_precincts(
    session: Session, precincts: Iterable[str]
) -> dict[AreaCode, dict[ContestId, Figures]]:
    """The counted (pending, accepted) agreed figures of every contest at these precincts
    (what W7 compares a precinct's ballot types with)."""
    out: dict[AreaCode, dict[ContestId, Figures]] = {}
    cols = (ProtocolRow.precinct, ProtocolRow.contest, *_FIGURE_COLUMNS)
    for chunk in _chunks(sorted(set(precincts))):
        stmt = select(*cols).where(
            ProtocolRow.precinct.in_(chunk),
            ProtocolRow.state.in_(COUNTED_STATES),
            ProtocolRow.agreed_entry_id.is_not(None),
        )
        for r in session.execute(stmt):
            figures = _agreed_figures(r)
            out.setdefault(AreaCode(r.precinct), {})[ContestId(r.contest)] = figures
    return out


def under_area(stmt: Any, path_prefix: str | None) -> Any:
    """`stmt` (over ProtocolRow) kept to protocols at or below an area's path, when given."""
    if path_prefix is None:
        return stmt
    return stmt.join(AreaRow, AreaRow.code == ProtocolRow.precinct).where(
        AreaRow.path.startswith(path_prefix, autoescape=True)
    )


def states(
    session: Session, path_prefix: str | None = None
) -> dict[tuple[AreaCode, ContestId], State]:
    """Every protocol's state, under an area's path when one is given."""
    table = ProtocolRow.__table__
    # Plain strings from the driver, turned into states by a dict: 50,000 rows stay fast.
    stmt = under_area(
        select(table.c.precinct, table.c.contest, type_coerce(table.c.state, String)),
        path_prefix,
    )
    lookup = _STATE_BY_VALUE
    return {(AreaCode(p), ContestId(c)): lookup[s] for p, c, s in session.execute(stmt)}


def first_entries(
    session: Session, path_prefix: str | None = None, by: str | None = None
) -> dict[tuple[AreaCode, ContestId], Entry]:
    """The first entry of every protocol that waits for its second (state first_entry),
    under an area's path when one is given, only those `by` made when one is given."""
    stmt = under_area(
        select(
            ProtocolRow.precinct,
            ProtocolRow.contest,
            EntryRow.figures,
            EntryRow.by,
            EntryRow.at,
            EntryRow.acts,
            EntryRow.kind,
        )
        .join(EntryRow, EntryRow.id == ProtocolRow.first_entry_id)
        .where(ProtocolRow.state == State.FIRST_ENTRY),
        path_prefix,
    )
    if by is not None:
        stmt = stmt.where(EntryRow.by == by)
    return {(AreaCode(r.precinct), ContestId(r.contest)): _entry(r) for r in session.execute(stmt)}


def summaries(
    session: Session, *, contest: str | None = None, path_prefix: str | None = None
) -> tuple[ProtocolSummary, ...]:
    table = ProtocolRow.__table__
    cols = (
        table.c.precinct,
        table.c.contest,
        table.c.state,
        table.c.round,
        table.c.breach,
        table.c.version,
        table.c.findings,
        table.c.agreed_entry_id,
        *_FIGURE_COLUMNS,
    )
    stmt = under_area(select(*cols), path_prefix)
    if contest is not None:
        stmt = stmt.where(table.c.contest == contest)
    stmt = stmt.order_by(table.c.contest, table.c.precinct)
    return tuple(
        ProtocolSummary(
            precinct=AreaCode(r.precinct),
            contest=ContestId(r.contest),
            state=r.state,
            round=r.round,
            breach=r.breach,
            version=r.version,
            figures=_agreed_figures(r) if r.agreed_entry_id is not None else None,
            findings=tuple(r.findings.split()),
        )
        for r in session.execute(stmt)
    )


def history(session: Session, protocol_id: int) -> tuple[RevisionRecord, ...]:
    stmt = (
        select(RevisionRow, EntryRow)
        .outerjoin(EntryRow, EntryRow.id == RevisionRow.entry_id)
        .where(RevisionRow.protocol_id == protocol_id)
        .order_by(RevisionRow.id)
    )
    out = []
    for rev, ent in session.execute(stmt):
        out.append(
            RevisionRecord(
                id=rev.id,
                round=rev.round,
                transition=rev.transition,
                state=rev.state,
                actor=rev.actor,
                role=rev.role,
                system=rev.system,
                at=rev.at,
                reason=rev.reason,
                reference=rev.reference,
                findings=tuple(rev.findings.split()),
                entry=None if ent is None else _entry(ent),
                provenance=None
                if rev.run_by is None
                else Provenance(rev.run_by, rev.source or "", rev.source_sha256 or ""),
            )
        )
    return tuple(out)


def protocol_id(session: Session, precinct: str, contest: str) -> int | None:
    return session.scalar(
        select(ProtocolRow.id).where(
            ProtocolRow.precinct == precinct, ProtocolRow.contest == contest
        )
    )


# -- writing ---------------------------------------------------------------------------


def serialize_settling(session: Session, contests: Iterable[str]) -> None:
    """Hold, for the rest of the transaction, the right to settle protocols of these
    contests (PostgreSQL: one transaction-level advisory lock per contest, taken in
    order). The duplicate check (W6) compares with the contest's other settled protocols;
    two workstations settling identical figures at the same moment would each miss the
    other's. SQLite's BEGIN IMMEDIATE serializes writers already. Call it before reading
    what the checks compare with."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for contest in sorted(set(contests)):
        session.execute(
            text("SELECT pg_advisory_xact_lock(CAST(:ns AS integer), hashtext(:key))"),
            {"ns": _SETTLE_LOCK, "key": contest},
        )


_SETTLE_LOCK = 0x6B7A
"""The advisory lock namespace of settling protocols ('kz')."""

SETTLING = frozenset(
    {
        Transition.SECOND_ENTRY,
        Transition.TAKE_IN,
        Transition.KEEP_FIRST,
        Transition.KEEP_SECOND,
        Transition.CORRECT,
        Transition.ACCEPT,
        Transition.ACCEPT_WARNINGS,
        Transition.ACCEPT_BREACH,
    }
)
"""Transitions after which a protocol's agreed figures are settled anew (or accepted):
the findings their step carries are those of the agreed figures, just computed."""


class _Ids:
    """Which stored row each entry object of a protocol's cases is, by identity (the
    entry is kept beside its id so that the id cannot be reused by another object)."""

    def __init__(self, record: ProtocolRecord) -> None:
        self._ids: dict[int, tuple[Entry, int | None]] = {
            id(e): (e, row_id) for e, row_id in record.stored
        }

    def new_entries(self, actions: Sequence[Action]) -> list[tuple[Entry, int]]:
        """Entries the actions made, with their round, in order; registers them."""
        out = []
        for action in actions:
            case = action.step.case
            for e in (case.first, case.second, case.agreed):
                if e is not None and id(e) not in self._ids:
                    self._ids[id(e)] = (e, None)
                    out.append((e, case.round))
        return out

    def assign(self, entry: Entry, row_id: int) -> None:
        self._ids[id(entry)] = (entry, row_id)

    def __call__(self, entry: Entry | None) -> int | None:
        if entry is None:
            return None
        return self._ids[id(entry)][1]


def _entry_row(protocol: int, entry: Entry, round_: int) -> dict[str, Any]:
    return {
        "protocol_id": protocol,
        "round": round_,
        "kind": entry.kind,
        "by": entry.by,
        "at": entry.at,
        "figures": figures_to_json(entry.figures),
        "acts": acts_to_str(entry.acts),
        "figures_key": figures_key(entry.figures),
    }


def entry_digests(entry: Entry) -> tuple[str, str]:
    """The entry's figures' SHA-256 and its own, as the audit log names them."""
    f = entry.figures
    figures = audit.figures_digest(f.lines, f.votes, f.against_all)
    own = audit.entry_digest(
        entry.kind.value, entry.by, entry.at, (a.value for a in entry.acts), figures
    )
    return figures, own


def revision_digest(row: Mapping[str, Any], entry: str | None) -> str:
    """A revision row's SHA-256 as the audit log names it (`entry`: its entry's digest)."""
    return audit.revision_digest(
        round=row["round"],
        transition=str(row["transition"]),
        state=str(row["state"]),
        actor=row["actor"],
        role=str(row["role"]),
        system=row["system"],
        at=row["at"],
        reason=row["reason"],
        reference=row["reference"],
        findings=row["findings"],
        run_by=row["run_by"],
        source=row["source"],
        source_sha256=row["source_sha256"],
        entry=entry,
    )


@dataclass(frozen=True, slots=True)
class Written:
    """What the audit log says of a protocol's save: the SHA-256 of each revision written
    (in order), and of the agreed figures it left (None: none)."""

    revisions: tuple[str, ...]
    figures: str | None


def _revision_rows(
    protocol: int, version: int, actions: Sequence[Action], ids: _Ids
) -> tuple[list[dict[str, Any]], Written]:
    """The revision rows of the actions on a protocol read at `version`, and what the
    audit log says of them. Each row names the protocol's version it makes: the
    database's trigger takes the protocol's row from one to the next (migration 0006)."""
    rows: list[dict[str, Any]] = []
    digests = []
    known: dict[int, tuple[str, str]] = {}

    def digests_of(entry: Entry) -> tuple[str, str]:
        found = known.get(id(entry))
        if found is None:
            found = known[id(entry)] = entry_digests(entry)
        return found

    for a in actions:
        case = a.step.case
        codes = " ".join(f.code for f in a.step.findings)
        for t in a.step.transitions:
            entry = entry_about(t, case)
            row = {
                "protocol_id": protocol,
                "round": case.round,
                "transition": t,
                "state": case.state,
                "actor": a.actor,
                "role": a.role,
                "system": a.system,
                "at": a.at,
                "reason": a.reason,
                "reference": a.reference,
                "entry_id": ids(entry),
                "findings": codes,
                "run_by": None if a.provenance is None else a.provenance.run_by,
                "source": None if a.provenance is None else a.provenance.source,
                "source_sha256": None if a.provenance is None else a.provenance.sha256,
                "protocol_version": version + len(rows) + 1,
            }
            rows.append(row)
            digests.append(revision_digest(row, None if entry is None else digests_of(entry)[1]))
    agreed = actions[-1].step.case.agreed if actions else None
    figures = None if agreed is None else digests_of(agreed)[0]
    return rows, Written(tuple(digests), figures)


def agreed_columns(agreed: Entry | None, state: State) -> dict[str, Any]:
    """The protocol row's columns that hold its agreed figures (for sums and W6)."""
    if agreed is None:
        values: dict[str, Any] = dict.fromkeys(LINE_COLUMNS)
        values.update(votes=None, against_all=None, acts="", figures_key=None)
        return values
    f = agreed.figures
    values = dict(zip(LINE_COLUMNS, f.lines, strict=True))
    values.update(
        votes=list(f.votes),
        against_all=f.against_all,
        acts=acts_to_str(agreed.acts),
        figures_key=figures_key(f) if state in COUNTED_STATES else None,
    )
    return values


@dataclass(frozen=True, slots=True)
class Saved:
    """What a save wrote: the protocol's new version, and what the audit log says of it."""

    version: int
    written: Written


def save(session: Session, record: ProtocolRecord, actions: Sequence[Action]) -> Saved:
    """Record one protocol's actions: its new entries and its revisions; the database
    brings the protocol's row up to date from them. The protocol must have been read by
    `load` in this session; a change made meanwhile raises `StaleWrite`."""
    if not actions:
        return Saved(record.version, Written((), None))
    ids = _Ids(record)
    for entry, round_ in ids.new_entries(actions):
        new_id = session.execute(
            insert(EntryRow).returning(EntryRow.id), [_entry_row(record.id, entry, round_)]
        ).scalar_one()
        ids.assign(entry, new_id)
    rows, written = _revision_rows(record.id, record.version, actions, ids)
    if rows:
        try:
            session.execute(insert(RevisionRow), rows)
        except DBAPIError as exc:
            if is_stale(exc.orig):
                raise StaleWrite("protocol", (record.precinct, record.contest)) from exc
            raise
        kept = session.identity_map.get(identity_key(ProtocolRow, record.id))
        if kept is not None:
            session.expire(kept)  # the trigger changed the row under the session
    return Saved(record.version + len(rows), written)


def save_many(
    session: Session, plans: Sequence[tuple[ProtocolRecord, Sequence[Action]]]
) -> list[Written]:
    """Record many protocols' actions: the same rows `save` writes, written in bulk
    (`kztally.storage.bulk`); returns what the audit log says of each, in the plans' order.
    A protocol changed since it was read raises `StaleWrite`."""
    digests = [Written((), None) for _ in plans]
    todo = [(n, r, a) for n, (r, a) in enumerate(plans) if a]
    if not todo:
        return digests
    entries = cast(Table, EntryRow.__table__)
    idmaps = [_Ids(r) for _, r, _ in todo]
    new: list[tuple[_Ids, Entry, dict[str, Any]]] = []
    for (_, record, actions), ids in zip(todo, idmaps, strict=True):
        for entry, round_ in ids.new_entries(actions):
            new.append((ids, entry, _entry_row(record.id, entry, round_)))
    entry_rows = []
    for (ids, entry, row), new_id in zip(
        new, bulk.reserve_ids(session, entries, len(new)), strict=True
    ):
        ids.assign(entry, new_id)
        entry_rows.append({"id": new_id, **row})
    bulk.insert_rows(session, entries, entry_rows)
    revision_rows: list[dict[str, Any]] = []
    for (n, record, actions), ids in zip(todo, idmaps, strict=True):
        rows, made = _revision_rows(record.id, record.version, actions, ids)
        revision_rows.extend(rows)
        digests[n] = made
    try:
        bulk.insert_rows(session, cast(Table, RevisionRow.__table__), revision_rows)
    except Exception as exc:
        if is_stale(exc):
            raise StaleWrite("protocol", (f"(one of {len(todo)})",)) from exc
        raise
    return digests


def is_stale(exc: BaseException | None) -> bool:
    """Whether the database refused a revision because its protocol had moved on (the
    trigger of migration 0006 fails the insert with this message)."""
    return exc is not None and STALE_MESSAGE in str(exc)


STALE_MESSAGE = "kztally: protocol changed meanwhile"


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), _IN_CHUNK):
        yield values[i : i + _IN_CHUNK]
