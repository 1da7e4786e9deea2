"""Who may sign what: the rules a protocol's code passes before it is taken in.

A code is taken in only when

1. the key it names is on the key list (else `unknown_key`) and its signature holds
   (else `bad_signature`);
2. it was signed for this election (`other_election`);
3. the key is the precinct's own commission's (`other_commission`): a district that
   typed a precinct's paper in does not hold that precinct's key;
4. the key is certified by a key of the commission above, certified in turn up to the
   CEC's key, which certifies itself (`uncertified`), and each certification's
   signature holds;
5. neither the key nor any key above it that certified it was revoked at the time it
   signed (`revoked`): a code is judged by the time it carries, a certification by its
   own time;
6. a training key signs only in a training election (`training_key`).

Revocation by time: a code carries the moment it was signed, covered by its signature;
a revocation says from when (`since`) the key is no longer trusted. The commission above
sets `since` to the earliest moment the key may have left its holder's hands: a thief
can write any time into a code, so only `since` set early enough keeps such codes out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kztally.domain.election import Election
from kztally.domain.keys import CommissionKey
from kztally.paper.errors import CodeError, Problem
from kztally.paper.payload import Part, bad_signature
from kztally.paper.signing import certificate_message, verify


class KeyRing:
    """The key list as the verifier reads it."""

    def __init__(self, keys: Iterable[CommissionKey]) -> None:
        self.keys = tuple(keys)
        self._by_fp = {k.fingerprint: k for k in self.keys}
        self._by_id: dict[bytes, list[CommissionKey]] = {}
        for k in self.keys:
            self._by_id.setdefault(k.key_id, []).append(k)

    def get(self, fingerprint: str) -> CommissionKey | None:
        return self._by_fp.get(fingerprint)

    def with_id(self, key_id: bytes) -> list[CommissionKey]:
        return list(self._by_id.get(bytes(key_id), ()))


def signer_of(part: Part, ring: KeyRing) -> CommissionKey:
    """The key that signed a part: named by the part and its signature holding."""
    named = ring.with_id(part.key_id)
    if not named:
        raise CodeError(
            Problem.UNKNOWN_KEY,
            f"{part.name}: signed by key {part.key_id.hex().upper()}, not on the key list",
        )
    for key in named:
        if part.signed_by(key.public_key):
            return key
    raise bad_signature(part)


def check_signer(
    key: CommissionKey, precinct: str, at: dt.datetime, ring: KeyRing, election: Election
) -> None:
    """Refuse a precinct's code signed at `at` by `key` unless rules 3-6 hold."""
    if key.commission != precinct:
        raise CodeError(
            Problem.OTHER_COMMISSION,
            f"signed by the key of {key.commission}, not of the precinct {precinct}'s commission",
        )
    check_key(key, at, ring, election)


def check_key(key: CommissionKey, at: dt.datetime, ring: KeyRing, election: Election) -> None:
    """Whether the key was trusted at `at`: certified up to the root, never revoked
    before, of a training election only if this one is. Walks up the certifiers."""
    seen: set[str] = set()
    while True:
        who = f"the key of {key.commission} ({key.fingerprint[:16].upper()})"
        if key.training and not election.training:
            raise CodeError(Problem.TRAINING_KEY, f"{who} is a training key")
        if key.revoked_at(at):
            assert key.revocation is not None
            raise CodeError(
                Problem.REVOKED,
                f"{who} was revoked from {key.revocation.since.isoformat()} "
                f"({key.revocation.reason}); this was signed at {at.isoformat()}",
            )
        cert = key.certification
        if cert is None:
            raise CodeError(Problem.UNCERTIFIED, f"{who} is not certified")
        if not election.has_area(key.commission):
            raise CodeError(Problem.UNCERTIFIED, f"{who}: no such commission in this election")
        parent = election.area(key.commission).parent
        if parent is None:
            if cert.by != key.fingerprint:
                raise CodeError(Problem.UNCERTIFIED, f"{who}: the root key certifies itself")
            certifier = key
        else:
            found = ring.get(cert.by)
            if found is None:
                raise CodeError(
                    Problem.UNCERTIFIED, f"{who} is certified by a key not on the key list"
                )
            if found.commission != parent:
                raise CodeError(
                    Problem.UNCERTIFIED,
                    f"{who} is certified by {found.commission}, not by the commission above "
                    f"({parent})",
                )
            certifier = found
        message = certificate_message(key.commission, key.public_key, key.training, cert.at)
        if not verify(certifier.public_key, cert.signature, message):
            raise CodeError(Problem.UNCERTIFIED, f"{who}: its certificate's signature is false")
        if parent is None:
            return
        if key.fingerprint in seen:  # pragma: no cover - a cycle needs a forged parent
            raise CodeError(Problem.UNCERTIFIED, f"{who}: certifications go round in a circle")
        seen.add(key.fingerprint)
        key, at = certifier, cert.at


def verify_parts(
    parts: Iterable[Part], ring: KeyRing, election: Election, election_prefix: bytes
) -> CommissionKey:
    """Check every part's signer and signature, and that they were signed for this
    election by the precinct's commission's trusted key (rules 1-6). The parts must be
    one protocol's (`payload.group`). Returns the key."""
    signer: CommissionKey | None = None
    for part in parts:
        key = signer_of(part, ring)
        if part.election != election_prefix:
            raise CodeError(
                Problem.OTHER_ELECTION,
                f"{part.name}: signed for election {part.election.hex()}, not for this one "
                f"({election_prefix.hex()})",
            )
        check_signer(key, part.precinct, part.signed_at, ring, election)
        signer = key
    if signer is None:
        raise CodeError(Problem.MISSING_PARTS, "no code to read")
    return signer
