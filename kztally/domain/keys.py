"""Commission keys as data: a public Ed25519 key, who certified it, and its revocation.

Each commission (a precinct, a district or city, a region, the CEC: the area's code is
the commission's) signs its protocols with its own key. The commission above certifies
each key by signing the commission's code and public key; the CEC's key certifies
itself and is the root. A lost or stolen key is revoked from a moment on (`since`): a
code signed at or after it is refused.

Pure: the signatures are made and checked in `kztally.paper.signing`; storage reads and
writes the rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

KEY_ID_BYTES = 8
"""How much of a key's fingerprint a code carries to name its signer."""
PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64


def fingerprint(public_key: bytes) -> str:
    """A key's fingerprint: the SHA-256 of its 32 raw bytes, in hex."""
    return hashlib.sha256(public_key).hexdigest()


def grouped(fp: str, groups: int = 8) -> str:
    """A fingerprint as it is read aloud and printed: its first `groups` groups of four
    hex digits, upper case ('3F2A 91C0 …'); 8 groups hold 128 bits."""
    digits = fp.upper()[: groups * 4]
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def normalize(text: str) -> str:
    """A fingerprint (or its start) as typed: spaces and dashes dropped, lower case."""
    return "".join(c for c in text if c not in " -\t").lower()


@dataclass(frozen=True, slots=True)
class Certification:
    """The commission above's signature over the key (`kztally.paper.signing`)."""

    by: str
    """The certifying key's fingerprint (the key's own for the root)."""
    at: dt.datetime
    """When, to the second, as signed."""
    signature: bytes


@dataclass(frozen=True, slots=True)
class Revocation:
    """Why and from when a key is no longer trusted."""

    by: str
    """The account that recorded it."""
    at: dt.datetime
    """When it was recorded."""
    since: dt.datetime
    """Codes and certificates signed at or after this moment are refused (the moment
    the key may have left its holder's hands; at most `at`)."""
    reason: str


@dataclass(frozen=True, slots=True)
class CommissionKey:
    """A commission's public key as the key list holds it."""

    commission: str
    public_key: bytes
    training: bool
    added_by: str
    added_at: dt.datetime
    certification: Certification | None = None
    revocation: Revocation | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    @property
    def key_id(self) -> bytes:
        return bytes.fromhex(self.fingerprint)[:KEY_ID_BYTES]

    @property
    def self_certified(self) -> bool:
        return self.certification is not None and self.certification.by == self.fingerprint

    def revoked_at(self, moment: dt.datetime) -> bool:
        """Whether something signed at `moment` falls under the revocation. Codes carry
        whole seconds: `since` counts from the start of its second."""
        return self.revocation is not None and moment >= self.revocation.since.replace(
            microsecond=0
        )
