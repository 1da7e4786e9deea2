"""Protocols' formal parts as recorded (append-only: the newest row of a protocol is in
force; the older stay as history). Rows never leave this module: callers get
`FormalRecord`s."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from kztally.domain import audit
from kztally.domain.formal import Formal, format_time, parse_time
from kztally.storage.database import Session
from kztally.storage.models import AreaRow, ProtocolFormalRow, ProtocolRow


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


def add(
    session: Session,
    protocol_id: int,
    precinct: str,
    contest: str,
    round: int,
    formal: Formal,
    at: dt.datetime,
    by: str,
) -> FormalRecord:
    row = ProtocolFormalRow(
        protocol_id=protocol_id,
        round=round,
        members_present=formal.members_present,
        members_total=formal.members_total,
        count_began=None if formal.count_began is None else format_time(formal.count_began),
        count_ended=None if formal.count_ended is None else format_time(formal.count_ended),
        requests=formal.requests,
        at=at,
        by=by,
    )
    session.add(row)
    session.flush()
    return _record(row, precinct, contest)


def _select(path_prefix: str | None = None):  # type: ignore[no-untyped-def]
    stmt = (
        select(ProtocolFormalRow, ProtocolRow.precinct, ProtocolRow.contest)
        .join(ProtocolRow, ProtocolRow.id == ProtocolFormalRow.protocol_id)
        .order_by(ProtocolFormalRow.id)
    )
    if path_prefix is not None:
        stmt = stmt.join(AreaRow, AreaRow.code == ProtocolRow.precinct).where(
            AreaRow.path.startswith(path_prefix, autoescape=True)
        )
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
