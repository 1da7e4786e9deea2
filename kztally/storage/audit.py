"""The audit log's rows: events staged by the services, written when their transaction
commits, and read back for showing and verifying.

A service stages the events of its change (`stage`) in the transaction that makes it;
`Database.session` writes them (`write_staged`) as the transaction's last statements,
after the data version's row lock, which every writing transaction takes last. So on
PostgreSQL the head is read by one writer at a time, and on SQLite `BEGIN IMMEDIATE`
serializes writers already. The table's unique numbers and previous hashes make a fork
impossible whatever a writer does: one that meets a conflict reads the head again and
retries under a savepoint.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kztally.domain import audit
from kztally.domain.audit import GENESIS, Draft, Event, RevisionFacts, extend, password_digest
from kztally.domain.entry import Entry, State
from kztally.storage import bulk
from kztally.storage.database import STAGED
from kztally.storage.errors import StorageError
from kztally.storage.models import (
    Account,
    AttachmentRow,
    AuditEventRow,
    ElectionRow,
    EntryRow,
    ObserverCopyRow,
    ProtocolRow,
    ResultsStatusRow,
    RevisionRow,
    SignInSession,
)
from kztally.storage.protocols import (
    LINE_COLUMNS,
    acts_from_str,
    agreed_columns,
    figures_from_json,
    revision_digest,
)

_RETRIES = 10
_BULK_FROM = 50
"""From this many events at once, the driver's bulk path."""


def stage(session: Session, drafts: Iterable[Draft]) -> None:
    """Events to write when this transaction commits, in order. (A transaction that
    writes nothing but events leaves the data version as it is.)"""
    staged: list[Draft] = session.info.setdefault(STAGED, [])
    staged.extend(drafts)


def head(session: Session) -> tuple[int, str]:
    """The chain's length and its last hash (0 and the genesis hash when empty)."""
    row = session.execute(
        select(AuditEventRow.seq, AuditEventRow.hash).order_by(AuditEventRow.seq.desc()).limit(1)
    ).first()
    return (0, GENESIS) if row is None else (int(row.seq), row.hash)


def _row(e: Event) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "code": e.code,
        "actor": e.actor,
        "role": e.role,
        "workstation": e.workstation,
        "at": e.at,
        "content": e.content,
        "prev_hash": e.prev_hash,
        "hash": e.hash,
    }


def write_staged(session: Session) -> None:
    """Append the staged events after the chain's head (called as a transaction ends)."""
    drafts: Sequence[Draft] = session.info.pop(STAGED, ())
    if not drafts:
        return
    table = cast(Table, AuditEventRow.__table__)
    retry: tuple[type[Exception], ...] = (
        IntegrityError,
        sqlite3.IntegrityError,
        *_unique_violation(),
    )
    for _attempt in range(_RETRIES):
        try:
            with session.begin_nested():
                count, last = head(session)
                rows = [_row(e) for e in extend(drafts, count, last)]
                if len(rows) >= _BULK_FROM:
                    bulk.insert_rows(session, table, rows)
                else:
                    session.execute(insert(table), rows)
            return
        except retry:
            continue  # another writer appended meanwhile: after its head, then
    raise StorageError("the audit log kept changing under this transaction: try again")


def _unique_violation() -> tuple[type[Exception], ...]:
    """psycopg's unique violation, when psycopg is loaded (a PostgreSQL database): not
    imported for SQLite, where it costs the app's start a tenth of a second."""
    psycopg = sys.modules.get("psycopg")
    return (psycopg.errors.UniqueViolation,) if psycopg is not None else ()


_COLUMNS = (
    AuditEventRow.seq,
    AuditEventRow.code,
    AuditEventRow.actor,
    AuditEventRow.role,
    AuditEventRow.workstation,
    AuditEventRow.at,
    AuditEventRow.content,
    AuditEventRow.prev_hash,
    AuditEventRow.hash,
)


def _event(r: Any) -> Event:
    return Event(
        int(r.seq), r.code, r.actor, r.role, r.workstation, r.at, r.content, r.prev_hash, r.hash
    )


def events(
    session: Session, since: int = 0, *, batch: int = 5000, codes: Iterable[str] | None = None
) -> Iterator[Event]:
    """The events numbered above `since` (only those of `codes` when given), in order
    (read in batches)."""
    only = () if codes is None else (AuditEventRow.code.in_(sorted(set(codes))),)
    after = since
    while True:
        rows = session.execute(
            select(*_COLUMNS)
            .where(AuditEventRow.seq > after, *only)
            .order_by(AuditEventRow.seq)
            .limit(batch)
        ).all()
        if not rows:
            return
        for r in rows:
            yield _event(r)
        after = int(rows[-1].seq)


def event_at(session: Session, seq: int) -> Event | None:
    row = session.execute(select(*_COLUMNS).where(AuditEventRow.seq == seq)).first()
    return None if row is None else _event(row)


def tail(session: Session, n: int = 2) -> list[Event]:
    """The last `n` events, oldest first: one query of at most `n` rows, through the
    index of the numbers, however long the log."""
    rows = session.execute(select(*_COLUMNS).order_by(AuditEventRow.seq.desc()).limit(n)).all()
    return [_event(r) for r in reversed(rows)]


# -- what verifying reads ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredRevision:
    id: int
    protocol_id: int
    digest: str
    facts: RevisionFacts
    entry: tuple[Any, str] | None
    """Its entry's figures (as stored, JSON) and acts."""


def revisions(session: Session) -> list[StoredRevision]:
    """Every revision, oldest first, with its digest as the audit log names it (its
    entry's digest included) and what replaying needs."""
    r, e = RevisionRow, EntryRow
    stmt = (
        select(
            r.id,
            r.protocol_id,
            r.round,
            r.transition,
            r.state,
            r.actor,
            r.role,
            r.system,
            r.at,
            r.reason,
            r.reference,
            r.findings,
            r.run_by,
            r.source,
            r.source_sha256,
            r.entry_id,
            e.kind,
            e.by,
            e.at.label("entry_at"),
            e.acts,
            e.figures,
        )
        .outerjoin(e, e.id == r.entry_id)
        .order_by(r.id)
    )
    out = []
    entry_digests: dict[int, str] = {}
    for row in session.execute(stmt):
        entry: str | None = None
        if row.entry_id is not None and row.kind is not None:
            entry = entry_digests.get(row.entry_id)
            if entry is None:
                f = row.figures
                entry = entry_digests[row.entry_id] = audit.entry_digest(
                    row.kind.value,
                    row.by,
                    row.entry_at,
                    row.acts.split(),
                    audit.figures_digest(f["lines"], f["votes"], f["against_all"]),
                )
        digest = revision_digest(cast(Mapping[str, Any], row._mapping), entry)
        facts = RevisionFacts(
            row.id,
            row.round,
            row.transition,
            row.state,
            row.findings,
            row.entry_id,
            row.kind,
        )
        figures = None if row.kind is None else (row.figures, row.acts)
        out.append(StoredRevision(row.id, row.protocol_id, digest, facts, figures))
    return out


def entry_ids(session: Session) -> list[int]:
    return list(session.scalars(select(EntryRow.id).order_by(EntryRow.id)))


@dataclass(frozen=True, slots=True)
class StoredProtocol:
    id: int
    precinct: str
    contest: str
    state: State
    round: int
    breach: bool
    first: int | None
    second: int | None
    agreed: int | None
    findings: str
    figures: tuple[Any, ...]
    """lines, votes, against all, acts and figures key, as stored."""


def protocols(session: Session) -> list[StoredProtocol]:
    p = ProtocolRow.__table__.c
    out = []
    for row in session.execute(select(*p).order_by(p.id)):
        out.append(
            StoredProtocol(
                row.id,
                row.precinct,
                row.contest,
                row.state,
                row.round,
                row.breach,
                row.first_entry_id,
                row.second_entry_id,
                row.agreed_entry_id,
                row.findings,
                (
                    tuple(getattr(row, c) for c in LINE_COLUMNS),
                    None if row.votes is None else tuple(row.votes),
                    row.against_all,
                    row.acts,
                    row.figures_key,
                ),
            )
        )
    return out


def agreed_figures(entry: tuple[Any, str] | None, state: State) -> tuple[Any, ...]:
    """The protocol row's figure columns as its agreed entry (figures JSON and acts, as
    `StoredRevision.entry`) says they must be."""
    found = None
    if entry is not None:
        found = Entry(figures_from_json(entry[0]), "", _EPOCH, acts_from_str(entry[1]))
    values = agreed_columns(found, state)
    return (
        tuple(values[c] for c in LINE_COLUMNS),
        None if values["votes"] is None else tuple(values["votes"]),
        values["against_all"],
        values["acts"],
        values["figures_key"],
    )


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class StoredAccount:
    name: str
    role: str
    active: bool
    password: str | None
    generated: bool


def accounts(session: Session) -> list[StoredAccount]:
    a = Account
    stmt = select(a.name, a.role, a.active, a.password_hash, a.generated).order_by(a.name)
    return [
        StoredAccount(
            r.name,
            r.role.value,
            bool(r.active),
            password_digest(r.password_hash),
            bool(r.generated),
        )
        for r in session.execute(stmt)
    ]


def attachments(session: Session) -> Iterator[tuple[int, str, str]]:
    """Each attachment's id, stored SHA-256 and the SHA-256 of its data as stored."""
    for r in session.execute(
        select(AttachmentRow.id, AttachmentRow.sha256, AttachmentRow.data).order_by(
            AttachmentRow.id
        )
    ):
        yield r.id, r.sha256, hashlib.sha256(r.data).hexdigest()


def observer_copies(session: Session) -> Iterator[tuple[int, str]]:
    """Each observer's copy's id and SHA-256 (as the audit log names it)."""
    o = ObserverCopyRow
    for r in session.execute(
        select(o.id, o.observer, o.at, o.acts, o.figures, o.note).order_by(o.id)
    ):
        f = r.figures
        figures = audit.figures_digest(f["lines"], f["votes"], f["against_all"])
        yield r.id, audit.copy_digest(r.observer, r.at, r.acts.split(), figures, r.note)


def election(session: Session) -> tuple[str, str] | None:
    """The stored election's content hash and definition (JSON text)."""
    row = session.execute(select(ElectionRow.content_hash, ElectionRow.definition)).first()
    return None if row is None else (row.content_hash, row.definition)


def election_rows(session: Session) -> list[dict[str, Any]]:
    """The stored elections' columns but their definitions and hashes (one row, or none)."""
    e = ElectionRow
    stmt = select(e.id, e.name, e.training, e.loaded_at, e.loaded_by, e.version).order_by(e.id)
    return [dict(row._mapping) for row in session.execute(stmt)]


def status_rows(session: Session) -> list[int]:
    """The ids of `results_status`'s rows (only 1, normally)."""
    return list(session.scalars(select(ResultsStatusRow.id).order_by(ResultsStatusRow.id)))


@dataclass(frozen=True, slots=True)
class StoredSession:
    id: int
    account: str | None
    """Its account's name (None: the account it names does not exist)."""
    token_hash: str
    workstation: str
    started_at: dt.datetime
    last_seen_at: dt.datetime
    ended_at: dt.datetime | None


def sessions(session: Session) -> list[StoredSession]:
    s, a = SignInSession, Account
    stmt = (
        select(s.id, a.name, s.token_hash, s.workstation, s.started_at, s.last_seen_at, s.ended_at)
        .outerjoin(a, a.id == s.account_id)
        .order_by(s.id)
    )
    return [StoredSession(*r) for r in session.execute(stmt)]


@dataclass(frozen=True, slots=True)
class AccountState:
    """What an account row holds besides role, activity, password and `generated`."""

    name: str
    failed_sign_ins: int
    locked_until: dt.datetime | None
    created_at: dt.datetime
    created_by: str
    password_changed_at: dt.datetime | None


def account_states(session: Session) -> list[AccountState]:
    a = Account
    stmt = select(
        a.name, a.failed_sign_ins, a.locked_until, a.created_at, a.created_by, a.password_changed_at
    ).order_by(a.name)
    return [AccountState(*r) for r in session.execute(stmt)]


def protocol_stamps(session: Session) -> dict[int, tuple[Any, Any, int]]:
    """Each protocol's `updated_at`, `updated_by` and `version`, by id."""
    p = ProtocolRow
    stmt = select(p.id, p.updated_at, p.updated_by, p.version)
    return {r.id: (r.updated_at, r.updated_by, r.version) for r in session.execute(stmt)}


def revision_stamps(session: Session) -> list[tuple[int, int, dt.datetime, str, int | None]]:
    """Each revision's id, protocol, time, actor and the protocol version it made, oldest
    first."""
    r = RevisionRow
    stmt = select(r.id, r.protocol_id, r.at, r.actor, r.protocol_version).order_by(r.id)
    return [(x.id, x.protocol_id, x.at, x.actor, x.protocol_version) for x in session.execute(stmt)]


def protocol_keys(session: Session) -> list[tuple[str, str]]:
    """Each protocol row's precinct and contest."""
    stmt = select(ProtocolRow.precinct, ProtocolRow.contest)
    return [(r.precinct, r.contest) for r in session.execute(stmt)]


def schema_revisions(session: Session) -> list[str]:
    """What `alembic_version` holds (one revision, normally)."""
    return list(session.scalars(text("SELECT version_num FROM alembic_version")))
