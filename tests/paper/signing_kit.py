"""Keys for the paper tests: a CEC > region > district > precinct chain on the test
election (`tests.conftest.make_election`), certified as the services would."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from kztally.domain.keys import Certification, CommissionKey, Revocation
from kztally.paper.signing import Signer, certificate_message

T0 = dt.datetime(2023, 3, 19, 8, 0, tzinfo=dt.UTC)


def seeded(n: int) -> Signer:
    """A signer from a fixed seed: the same key every run (never for real use)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Signer(Ed25519PrivateKey.from_private_bytes(bytes([n]) * 32))


def key(commission: str, signer: Signer, training: bool = True) -> CommissionKey:
    return CommissionKey(commission, signer.public_key, training, "admin", T0)


def certified(k: CommissionKey, by: Signer, at: dt.datetime = T0) -> CommissionKey:
    message = certificate_message(k.commission, k.public_key, k.training, at)
    return replace(k, certification=Certification(by.fingerprint, at, by.sign(message)))


def revoked(k: CommissionKey, since: dt.datetime, reason: str = "stolen") -> CommissionKey:
    return replace(k, revocation=Revocation("admin", since, since, reason))


class Chain:
    """Signers and certified keys of KZ > R01 > R01-D01 > P00001 (and P00002)."""

    def __init__(self, training: bool = True) -> None:
        self.cec, self.region, self.district = seeded(1), seeded(2), seeded(3)
        self.precinct, self.other = seeded(4), seeded(5)
        self.keys = [
            certified(key("KZ", self.cec, training), self.cec),
            certified(key("R01", self.region, training), self.cec),
            certified(key("R01-D01", self.district, training), self.region),
            certified(key("P00001", self.precinct, training), self.district),
            certified(key("P00002", self.other, training), self.district),
        ]
