"""The one error a code's reader raises: what is wrong, as a code and in words."""

from __future__ import annotations

from enum import StrEnum


class Problem(StrEnum):
    """Why a code is refused."""

    NOT_A_PROTOCOL = "not_a_protocol"
    """Not a kztally protocol's code (another QR code on the page)."""
    TRUNCATED = "truncated"
    """It ends before its last field."""
    VERSION = "version"
    """A format version this kztally does not read."""
    MALFORMED = "malformed"
    """A field out of bounds, bytes left over, parts that do not fit together."""
    BAD_SIGNATURE = "bad_signature"
    """Altered after signing, or signed with another key than the one it names."""
    UNKNOWN_KEY = "unknown_key"
    """Signed by a key the key list does not hold."""
    MISSING_PARTS = "missing_parts"
    """Some parts of a protocol split over several codes are missing."""
    OTHER_ELECTION = "other_election"
    """Signed for another election (or another version of its definition)."""
    UNKNOWN_PROTOCOL = "unknown_protocol"
    """No such precinct, ballot, or not that many choices, in this election."""
    OTHER_COMMISSION = "other_commission"
    """Signed by another commission than the precinct's own."""
    UNCERTIFIED = "uncertified"
    """The key has no certification that leads to the CEC's root key."""
    REVOKED = "revoked"
    """Signed with a key after its revocation (or certified by one after its revocation)."""
    TRAINING_KEY = "training_key"
    """A training key's code in an election that counts."""


class CodeError(ValueError):
    """A code that cannot be taken in: `problem` says what kind, the message what and
    where ("part 2 of 3: ends at byte 40, inside the contest")."""

    def __init__(self, problem: Problem, message: str) -> None:
        super().__init__(message)
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.problem.value}: {self.args[0]}"
