"""The key list: commissions' public keys, certifications and revocations (append-only).

Rows never leave this module: callers get `kztally.domain.keys.CommissionKey`s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kztally.domain import audit
from kztally.domain.keys import Certification, CommissionKey, Revocation, fingerprint
from kztally.storage.models import CommissionKeyRow, KeyCertificationRow, KeyRevocationRow

__all__ = ["StoredKeyRow", "add", "all_keys", "certify", "find", "revoke", "rows"]

KEY = "commission_key"
CERTIFICATION = "key_certification"
REVOCATION = "key_revocation"


@dataclass(frozen=True, slots=True)
class StoredKeyRow:
    """A row of the key list's tables as the audit log names it: its table, the key it
    is about (the fingerprint as stored), its id and its hash."""

    table: str
    key: str
    id: int
    sha256: str


def _key_sha(r: CommissionKeyRow) -> str:
    return audit.key_digest(
        r.commission, r.public_key, r.fingerprint, r.training, r.added_by, r.added_at
    )


def _certification_sha(r: KeyCertificationRow, key: str) -> str:
    return audit.certification_digest(
        key, r.certifier, r.signed_at, r.signature, r.recorded_by, r.recorded_at
    )


def _revocation_sha(r: KeyRevocationRow, key: str) -> str:
    return audit.revocation_digest(key, r.revoked_by, r.revoked_at, r.since, r.reason)


def rows(session: Session) -> list[StoredKeyRow]:
    """Every row of the three tables with its hash (`kztally.domain.audit.key_digest`,
    `certification_digest`, `revocation_digest`), keys first, each table by id."""
    keys = list(session.scalars(select(CommissionKeyRow).order_by(CommissionKeyRow.id)))
    fps = {r.id: r.fingerprint for r in keys}
    out = [StoredKeyRow(KEY, r.fingerprint, r.id, _key_sha(r)) for r in keys]
    for c in session.scalars(select(KeyCertificationRow).order_by(KeyCertificationRow.id)):
        fp = fps.get(c.key_id, "")
        out.append(StoredKeyRow(CERTIFICATION, fp, c.id, _certification_sha(c, fp)))
    for v in session.scalars(select(KeyRevocationRow).order_by(KeyRevocationRow.id)):
        fp = fps.get(v.key_id, "")
        out.append(StoredKeyRow(REVOCATION, fp, v.id, _revocation_sha(v, fp)))
    return out


def all_keys(session: Session) -> list[CommissionKey]:
    """Every key, in the order they were added, with its certification and revocation."""
    certs = {r.key_id: r for r in session.scalars(select(KeyCertificationRow))}
    revs = {r.key_id: r for r in session.scalars(select(KeyRevocationRow))}
    out = []
    for row in session.scalars(select(CommissionKeyRow).order_by(CommissionKeyRow.id)):
        cert = certs.get(row.id)
        rev = revs.get(row.id)
        out.append(
            CommissionKey(
                row.commission,
                bytes.fromhex(row.public_key),
                row.training,
                row.added_by,
                row.added_at,
                None
                if cert is None
                else Certification(cert.certifier, cert.signed_at, bytes.fromhex(cert.signature)),
                None
                if rev is None
                else Revocation(rev.revoked_by, rev.revoked_at, rev.since, rev.reason),
            )
        )
    return out


def find(session: Session, start: str) -> list[CommissionKey]:
    """The keys whose fingerprint starts with `start` (hex, lower case)."""
    return [k for k in all_keys(session) if k.fingerprint.startswith(start)]


def _row_id(session: Session, fp: str) -> int:
    found = session.scalar(select(CommissionKeyRow.id).where(CommissionKeyRow.fingerprint == fp))
    if found is None:
        raise KeyError(fp)
    return found


def add(session: Session, key: CommissionKey) -> dict[str, str]:
    """Store a key (with its certification and revocation when it has them); returns
    the hash of each row written, by table, as its audit event names them."""
    row = CommissionKeyRow(
        commission=key.commission,
        public_key=key.public_key.hex(),
        fingerprint=fingerprint(key.public_key),
        training=key.training,
        added_by=key.added_by,
        added_at=key.added_at,
    )
    session.add(row)
    session.flush()
    written = {KEY: _key_sha(row)}
    if key.certification is not None:
        written[CERTIFICATION] = certify(
            session, key.fingerprint, key.certification, key.added_by, key.added_at
        )
    if key.revocation is not None:
        written[REVOCATION] = revoke(session, key.fingerprint, key.revocation)
    return written


def certify(session: Session, fp: str, cert: Certification, by: str, at: dt.datetime) -> str:
    """Store a key's certification; returns the row's hash."""
    row = KeyCertificationRow(
        key_id=_row_id(session, fp),
        certifier=cert.by,
        signed_at=cert.at,
        signature=cert.signature.hex(),
        recorded_by=by,
        recorded_at=at,
    )
    session.add(row)
    session.flush()
    return _certification_sha(row, fp)


def revoke(session: Session, fp: str, revocation: Revocation) -> str:
    """Store a key's revocation; returns the row's hash."""
    row = KeyRevocationRow(
        key_id=_row_id(session, fp),
        revoked_by=revocation.by,
        revoked_at=revocation.at,
        since=revocation.since,
        reason=revocation.reason,
    )
    session.add(row)
    session.flush()
    return _revocation_sha(row, fp)
