"""The certifications of observers' copies (append-only: one row per copy).

Rows never leave this module: callers get `CertificationRecord`s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kztally.domain import audit
from kztally.domain.crosscheck import Certification, CopySource
from kztally.storage.models import CopyCertificationRow


@dataclass(frozen=True, slots=True)
class CertificationRecord:
    id: int
    copy_id: int
    certification: Certification
    source: CopySource
    file: str
    file_sha256: str | None
    attachment_id: int | None


def _record(r: CopyCertificationRow) -> CertificationRecord:
    return CertificationRecord(
        r.id,
        r.copy_id,
        Certification(r.number, r.certified_by, r.sealed, r.received_at, r.received_where),
        CopySource(r.source),
        r.file,
        r.file_sha256,
        r.attachment_id,
    )


def add(
    session: Session,
    copy_id: int,
    certification: Certification,
    *,
    source: CopySource,
    file: str = "",
    file_sha256: str | None = None,
    attachment_id: int | None = None,
) -> CertificationRecord:
    c = certification
    row = CopyCertificationRow(
        copy_id=copy_id,
        number=c.number,
        certified_by=c.certified_by,
        sealed=c.sealed,
        received_at=c.received_at,
        received_where=c.received_where,
        source=source.value,
        file=file,
        file_sha256=file_sha256,
        attachment_id=attachment_id,
    )
    session.add(row)
    session.flush()
    return _record(row)


def for_copies(session: Session, copy_ids: Iterable[int]) -> dict[int, CertificationRecord]:
    """The certifications of the copies named, by copy id."""
    ids = list(copy_ids)
    out: dict[int, CertificationRecord] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = session.scalars(
            select(CopyCertificationRow).where(CopyCertificationRow.copy_id.in_(chunk))
        )
        out.update((r.copy_id, _record(r)) for r in rows)
    return out


def digest(r: CertificationRecord) -> str:
    """The certification's SHA-256, as its `observer_copy.certified` event names it."""
    c = r.certification
    return audit.copy_certification_digest(
        r.copy_id,
        c.number,
        c.certified_by,
        c.sealed,
        c.received_at,
        c.received_where,
        r.source.value,
        r.file,
        r.file_sha256,
        r.attachment_id,
    )


def every_digest(session: Session) -> Iterator[tuple[int, str]]:
    """Each certification's id and SHA-256 (as the audit log names it)."""
    rows = session.scalars(select(CopyCertificationRow).order_by(CopyCertificationRow.id))
    for r in rows:
        yield r.id, digest(_record(r))
