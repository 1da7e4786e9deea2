"""Ed25519 key pairs, the passphrase-protected private key file, and the messages a key
signs (a protocol's code, another commission's key).

The private key lives only in its file (PKCS#8, encrypted with the passphrase by the
best scheme `cryptography` offers), on the workstations that print; the database holds
public keys only. Every signed message starts with its own label, so a signature made
for one purpose can never pass for another.
"""

from __future__ import annotations

import datetime as dt
import struct

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kztally.domain.keys import KEY_ID_BYTES, PUBLIC_KEY_BYTES, fingerprint

PROTOCOL_LABEL = b"kztally protocol code\x00"
CERTIFICATE_LABEL = b"kztally key certificate\x00"
PASSPHRASE_MIN = 8
"""Characters of a private key file's passphrase, at least."""


class KeyFileError(ValueError):
    """A private key file that cannot be used: what is wrong with it, in words."""


class Signer:
    """A commission's private key, in memory for as long as it signs."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self.public_key: bytes = private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.fingerprint = fingerprint(self.public_key)
        self.key_id = bytes.fromhex(self.fingerprint)[:KEY_ID_BYTES]

    @classmethod
    def generate(cls) -> Signer:
        return cls(Ed25519PrivateKey.generate())

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)

    def to_file(self, passphrase: str) -> bytes:
        """The private key as a PKCS#8 PEM file encrypted with `passphrase`."""
        if len(passphrase) < PASSPHRASE_MIN:
            raise KeyFileError(f"a passphrase has at least {PASSPHRASE_MIN} characters")
        return self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
        )

    @classmethod
    def from_file(cls, data: bytes, passphrase: str, name: str = "the key file") -> Signer:
        """Read a private key file written by `to_file`."""
        try:
            key = serialization.load_pem_private_key(data, passphrase.encode("utf-8"))
        except TypeError as e:  # not encrypted, or a passphrase given for a plain key
            raise KeyFileError(f"{name} is not protected by a passphrase") from e
        except ValueError as e:
            raise KeyFileError(
                f"{name}: wrong passphrase, or not a kztally private key file"
            ) from e
        if not isinstance(key, Ed25519PrivateKey):
            raise KeyFileError(f"{name} holds a {type(key).__name__}, not an Ed25519 key")
        return cls(key)


def verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
    """Whether `signature` is the key's over `message`."""
    if len(public_key) != PUBLIC_KEY_BYTES:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def seconds(at: dt.datetime) -> int:
    """A moment as signed: whole seconds since 1970-01-01 UTC."""
    if at.tzinfo is None:
        raise ValueError("a signed time must carry its zone")
    return int(at.timestamp())


def moment(secs: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(secs, dt.UTC)


def certificate_message(
    commission: str, public_key: bytes, training: bool, at: dt.datetime
) -> bytes:
    """What the commission above signs to certify a key: the label, the commission's
    code (length and UTF-8), the 32-byte public key, the training mark (one byte) and
    the time (8 bytes, seconds since 1970, big-endian)."""
    code = commission.encode("utf-8")
    return (
        CERTIFICATE_LABEL
        + bytes([len(code)])
        + code
        + public_key
        + bytes([1 if training else 0])
        + struct.pack(">q", seconds(at))
    )
