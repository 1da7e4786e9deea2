"""Attachments: scans and photos of paper protocols and their acts (append-only).

Rows never leave this module: callers get `AttachmentRecord`s (without the bytes, which
are read one file at a time with `data`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from kztally.domain.ids import AreaCode, ContestId
from kztally.storage.models import AttachmentKind, AttachmentRow, ProtocolRow

__all__ = ["AttachmentKind", "AttachmentRecord", "add", "data", "for_protocol", "get"]


@dataclass(frozen=True, slots=True)
class AttachmentRecord:
    id: int
    precinct: AreaCode
    contest: ContestId
    name: str
    media_type: str
    size: int
    sha256: str
    kind: AttachmentKind
    added_by: str
    added_at: dt.datetime


_COLUMNS = (
    AttachmentRow.id,
    ProtocolRow.precinct,
    ProtocolRow.contest,
    AttachmentRow.name,
    AttachmentRow.media_type,
    AttachmentRow.size,
    AttachmentRow.sha256,
    AttachmentRow.kind,
    AttachmentRow.added_by,
    AttachmentRow.added_at,
)


def _select() -> Select[*tuple[Any, ...]]:
    return select(*_COLUMNS).join(ProtocolRow, ProtocolRow.id == AttachmentRow.protocol_id)


def _record(r: Row[Any]) -> AttachmentRecord:
    return AttachmentRecord(
        r.id,
        AreaCode(r.precinct),
        ContestId(r.contest),
        r.name,
        r.media_type,
        r.size,
        r.sha256,
        r.kind,
        r.added_by,
        r.added_at,
    )


def for_protocol(session: Session, protocol_id: int) -> tuple[AttachmentRecord, ...]:
    """A protocol's attachments, oldest first."""
    rows = session.execute(
        _select().where(AttachmentRow.protocol_id == protocol_id).order_by(AttachmentRow.id)
    )
    return tuple(_record(r) for r in rows)


def get(session: Session, attachment_id: int) -> AttachmentRecord | None:
    row = session.execute(_select().where(AttachmentRow.id == attachment_id)).first()
    return None if row is None else _record(row)


def data(session: Session, attachment_id: int) -> bytes | None:
    """The attached file's bytes; None when there is no such attachment."""
    found = session.scalar(select(AttachmentRow.data).where(AttachmentRow.id == attachment_id))
    return None if found is None else bytes(found)


def add(
    session: Session,
    protocol_id: int,
    *,
    name: str,
    media_type: str,
    data: bytes,
    kind: AttachmentKind,
    by: str,
    at: dt.datetime,
) -> AttachmentRecord:
    row = AttachmentRow(
        protocol_id=protocol_id,
        name=name,
        media_type=media_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        kind=kind,
        added_by=by,
        added_at=at,
    )
    session.add(row)
    session.flush()
    record = get(session, row.id)
    assert record is not None
    return record
