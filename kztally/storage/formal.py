"""Protocols' formal parts as recorded (append-only: the newest row of a protocol is in
force; the older stay as history). Rows never leave this module: callers get
`FormalRecord`s."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select

from kztally.domain import audit
from kztally.domain.formal import Formal, format_time, parse_time
from kztally.storage.database import Session
from kztally.storage.models import ProtocolFormalRow, ProtocolRow
from kztally.storage.protocols import under_area


@dataclass(frozen=True, slots=True)
class FormalRecord:
    id: int
    precinct: str
    contest: str
    round: int
    members_present: int | None
    members_total: int | None
    count_began: str | None
    """As stored: local time with its zone (`2023-03-19T20:00+06:00`)."""
    count_ended: str | None
    requests: int | None
    at: dt.datetime
    by: str

    @property
    def values(self) -> list[int | str | None]:
        return [
            self.members_present,
            self.members_total,
            self.count_began,
            self.count_ended,
            self.requests,
        ]

    @property
    def sha256(self) -> str:
        """Its hash, as the audit log names it (`kztally.domain.audit.formal_digest`)."""
        return audit.formal_digest(
            self.precinct, self.contest, self.round, self.values, self.at, self.by
        )

    def formal(self) -> Formal:
        """The parts as domain values (a time stored unreadably reads as not recorded)."""
        return Formal(
            self.members_present,
            self.members_total,
            _time(self.count_began),
            _time(self.count_ended),
            self.requests,
        )


def _time(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        return parse_time(text)
    except ValueError:
        return None


def _record(row: ProtocolFormalRow, precinct: str, contest: str) -> FormalRecord:
    return FormalRecord(
        row.id,
        precinct,
        contest,
        row.round,
        row.members_present,
        row.members_total,
        row.count_began,
        row.count_ended,
        row.requests,
        row.at,
        row.by,
    )


def add_many(
    session: Session,
    rows: Sequence[tuple[int, str, str, int, Formal]],
    at: dt.datetime,
    by: str,
) -> list[FormalRecord]:
    """Many records at once, (protocol id, precinct, contest, round, parts) each, in
    one statement (a flush a row cost 1 ms)."""
    if not rows:
        return []

    def when(x: dt.datetime | None) -> str | None:
        return None if x is None else format_time(x)

    values = [
        {
            "protocol_id": pid,
            "round": rnd,
            "members_present": f.members_present,
            "members_total": f.members_total,
            "count_began": when(f.count_began),
            "count_ended": when(f.count_ended),
            "requests": f.requests,
            "at": at,
            "by": by,
        }
        for pid, _, _, rnd, f in rows
    ]
    stmt = insert(ProtocolFormalRow).returning(ProtocolFormalRow.id, sort_by_parameter_order=True)
    ids = session.execute(stmt, values).scalars().all()
    return [
        FormalRecord(
            rid, p, c, rnd, f.members_present, f.members_total, when(f.count_began),
            when(f.count_ended), f.requests, at, by,
        )
        for rid, (_, p, c, rnd, f) in zip(ids, rows, strict=True)
    ]  # fmt: skip


def _select(path_prefix: str | None = None):  # type: ignore[no-untyped-def]
    stmt = (
        select(ProtocolFormalRow, ProtocolRow.precinct, ProtocolRow.contest)
        .join(ProtocolRow, ProtocolRow.id == ProtocolFormalRow.protocol_id)
        .order_by(ProtocolFormalRow.id)
    )
    stmt = under_area(stmt, path_prefix)
    return stmt


def records(session: Session, path_prefix: str | None = None) -> tuple[FormalRecord, ...]:
    """Every record, oldest first (superseded ones too; at or below an area's path)."""
    return tuple(_record(r, p, c) for r, p, c in session.execute(_select(path_prefix)))


def current(
    session: Session, keys: Iterable[tuple[str, str]] | None = None
) -> dict[tuple[str, str], FormalRecord]:
    """The record in force of each protocol (its newest), by (precinct, contest); only
    those of `keys` when given."""
    stmt = _select()
    wanted = None if keys is None else set(keys)
    if wanted is not None and len(wanted) <= 50:
        precincts = sorted({p for p, _ in wanted})
        stmt = stmt.where(ProtocolRow.precinct.in_(precincts))
    found: dict[tuple[str, str], FormalRecord] = {}
    for r, p, c in session.execute(stmt):
        if wanted is None or (p, c) in wanted:
            found[(p, c)] = _record(r, p, c)
    return found
