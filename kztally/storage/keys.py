"""The key list: commissions' public keys, certifications and revocations (append-only).

Rows never leave this module: callers get `kztally.domain.keys.CommissionKey`s.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from kztally.domain.keys import Certification, CommissionKey, Revocation, fingerprint
from kztally.storage.models import CommissionKeyRow, KeyCertificationRow, KeyRevocationRow

__all__ = ["add", "all_keys", "certify", "find", "revoke"]


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


def add(session: Session, key: CommissionKey) -> None:
    session.add(
        CommissionKeyRow(
            commission=key.commission,
            public_key=key.public_key.hex(),
            fingerprint=fingerprint(key.public_key),
            training=key.training,
            added_by=key.added_by,
            added_at=key.added_at,
        )
    )
    session.flush()
    if key.certification is not None:
        certify(session, key.fingerprint, key.certification, key.added_by, key.added_at)
    if key.revocation is not None:
        revoke(session, key.fingerprint, key.revocation)


def certify(session: Session, fp: str, cert: Certification, by: str, at: dt.datetime) -> None:
    session.add(
        KeyCertificationRow(
            key_id=_row_id(session, fp),
            certifier=cert.by,
            signed_at=cert.at,
            signature=cert.signature.hex(),
            recorded_by=by,
            recorded_at=at,
        )
    )
    session.flush()


def revoke(session: Session, fp: str, revocation: Revocation) -> None:
    session.add(
        KeyRevocationRow(
            key_id=_row_id(session, fp),
            revoked_by=revocation.by,
            revoked_at=revocation.at,
            since=revocation.since,
            reason=revocation.reason,
        )
    )
    session.flush()
