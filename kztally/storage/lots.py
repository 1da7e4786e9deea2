"""Drawings of lots and designations of deputies, as recorded (append-only: a newer row
for the same contest, or the same list, supersedes the older, which stays as history).

Rows never leave this module: callers get `DrawRecord`s and `DesignationRecord`s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kztally.domain import audit
from kztally.storage.models import DesignationRow, LotDrawRow


@dataclass(frozen=True, slots=True)
class DrawRecord:
    id: int
    contest: str
    tied: tuple[str, ...]
    """The ids the lot was drawn between, as the tie stood (ballot order)."""
    order: tuple[str, ...]
    """The order drawn: earlier wins."""
    witnesses: tuple[str, ...]
    reference: str
    at: dt.datetime
    by: str

    @property
    def sha256(self) -> str:
        """Its hash, as the audit log names it (`kztally.domain.audit.lot_digest`)."""
        return audit.lot_digest(
            self.contest, self.tied, self.order, self.witnesses, self.reference, self.at, self.by
        )


@dataclass(frozen=True, slots=True)
class DesignationRecord:
    id: int
    contest: str
    list_id: str
    persons: tuple[str, ...]
    reference: str
    at: dt.datetime
    by: str

    @property
    def sha256(self) -> str:
        """Its hash, as the audit log names it (`kztally.domain.audit.designation_digest`)."""
        return audit.designation_digest(
            self.contest, self.list_id, self.persons, self.reference, self.at, self.by
        )


def _strings(value: object) -> tuple[str, ...]:
    """A JSON list of texts as stored (anything else, changed by hand, reads as given)."""
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return (str(value),)


def _draw(r: LotDrawRow) -> DrawRecord:
    return DrawRecord(
        r.id,
        r.contest,
        _strings(r.tied),
        _strings(r.drawn),
        _strings(r.witnesses),
        r.reference,
        r.at,
        r.by,
    )


def _designation(r: DesignationRow) -> DesignationRecord:
    return DesignationRecord(
        r.id, r.contest, r.choice, _strings(r.persons), r.reference, r.at, r.by
    )


def add_draw(
    session: Session,
    *,
    contest: str,
    tied: Sequence[str],
    order: Sequence[str],
    witnesses: Sequence[str],
    reference: str,
    at: dt.datetime,
    by: str,
) -> DrawRecord:
    row = LotDrawRow(
        contest=contest,
        tied=list(tied),
        drawn=list(order),
        witnesses=list(witnesses),
        reference=reference,
        at=at,
        by=by,
    )
    session.add(row)
    session.flush()
    return _draw(row)


def draws(session: Session) -> tuple[DrawRecord, ...]:
    """Every draw recorded, oldest first (superseded ones too)."""
    return tuple(_draw(r) for r in session.scalars(select(LotDrawRow).order_by(LotDrawRow.id)))


def current_draws(session: Session) -> dict[str, DrawRecord]:
    """The draw in force for each contest: its newest."""
    return {d.contest: d for d in draws(session)}


def add_designation(
    session: Session,
    *,
    contest: str,
    list_id: str,
    persons: Sequence[str],
    reference: str,
    at: dt.datetime,
    by: str,
) -> DesignationRecord:
    row = DesignationRow(
        contest=contest, choice=list_id, persons=list(persons), reference=reference, at=at, by=by
    )
    session.add(row)
    session.flush()
    return _designation(row)


def designations(session: Session) -> tuple[DesignationRecord, ...]:
    """Every designation recorded, oldest first (superseded ones too)."""
    return tuple(
        _designation(r) for r in session.scalars(select(DesignationRow).order_by(DesignationRow.id))
    )


def current_designations(session: Session) -> dict[tuple[str, str], DesignationRecord]:
    """The designation in force for each (contest, list): its newest."""
    return {(d.contest, d.list_id): d for d in designations(session)}
