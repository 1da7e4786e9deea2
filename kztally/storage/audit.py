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

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, cast

import psycopg
from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kztally.domain.audit import GENESIS, Draft, Event, extend
from kztally.storage import bulk
from kztally.storage.database import mark_written
from kztally.storage.errors import StorageError
from kztally.storage.models import AuditEventRow

_STAGED = "kztally_audit"
_RETRIES = 10
_BULK_FROM = 50
"""From this many events at once, the driver's bulk path."""


def stage(session: Session, drafts: Iterable[Draft]) -> None:
    """Events to write when this transaction commits, in order."""
    staged: list[Draft] = session.info.setdefault(_STAGED, [])
    staged.extend(drafts)
    mark_written(session)


def discard(session: Session) -> None:
    session.info.pop(_STAGED, None)


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
    drafts: Sequence[Draft] = session.info.pop(_STAGED, ())
    if not drafts:
        return
    table = cast(Table, AuditEventRow.__table__)
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
        except (IntegrityError, sqlite3.IntegrityError, psycopg.errors.UniqueViolation):
            continue  # another writer appended meanwhile: after its head, then
    raise StorageError("the audit log kept changing under this transaction: try again")


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


def events(session: Session, since: int = 0, *, batch: int = 5000) -> Iterator[Event]:
    """The events numbered above `since`, in order (read in batches)."""
    after = since
    while True:
        rows = session.execute(
            select(*_COLUMNS)
            .where(AuditEventRow.seq > after)
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
