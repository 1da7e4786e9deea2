"""Observers' own copies of protocols (append-only: a newer copy is a new row).

Rows never leave this module: callers get `ObserverCopyRecord`s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kztally.domain.protocol import Act, Figures
from kztally.storage.models import ObserverCopyRow, ProtocolRow
from kztally.storage.protocols import (
    acts_from_str,
    acts_to_str,
    figures_from_json,
    figures_to_json,
)


@dataclass(frozen=True, slots=True)
class ObserverCopyRecord:
    id: int
    observer: str
    figures: Figures
    acts: frozenset[Act]
    at: dt.datetime
    note: str


def _record(r: ObserverCopyRow) -> ObserverCopyRecord:
    return ObserverCopyRecord(
        r.id, r.observer, figures_from_json(r.figures), acts_from_str(r.acts), r.at, r.note
    )


def for_protocol(
    session: Session, protocol_id: int, observer: str | None = None
) -> tuple[ObserverCopyRecord, ...]:
    """The copies of a protocol (one observer's when named), oldest first."""
    stmt = select(ObserverCopyRow).where(ObserverCopyRow.protocol_id == protocol_id)
    if observer is not None:
        stmt = stmt.where(ObserverCopyRow.observer == observer)
    return tuple(_record(r) for r in session.scalars(stmt.order_by(ObserverCopyRow.id)))


def latest(session: Session, protocol_id: int, observer: str) -> ObserverCopyRecord | None:
    """The observer's newest copy of the protocol: theirs."""
    row = session.scalars(
        select(ObserverCopyRow)
        .where(ObserverCopyRow.protocol_id == protocol_id, ObserverCopyRow.observer == observer)
        .order_by(ObserverCopyRow.id.desc())
        .limit(1)
    ).first()
    return None if row is None else _record(row)


def add(
    session: Session,
    protocol_id: int,
    *,
    observer: str,
    figures: Figures,
    acts: frozenset[Act],
    at: dt.datetime,
    note: str = "",
) -> ObserverCopyRecord:
    row = ObserverCopyRow(
        protocol_id=protocol_id,
        observer=observer,
        figures=figures_to_json(figures),
        acts=acts_to_str(acts),
        at=at,
        note=note,
    )
    session.add(row)
    session.flush()
    return _record(row)


def every_copy(
    session: Session,
) -> Iterator[tuple[str, str, ObserverCopyRecord]]:
    """Every observer's copy with its precinct and contest, by protocol, oldest first."""
    rows = session.execute(
        select(ProtocolRow.precinct, ProtocolRow.contest, ObserverCopyRow)
        .join(ProtocolRow, ProtocolRow.id == ObserverCopyRow.protocol_id)
        .order_by(ProtocolRow.precinct, ProtocolRow.contest, ObserverCopyRow.id)
    )
    for precinct, contest, row in rows:
        yield precinct, contest, _record(row)
