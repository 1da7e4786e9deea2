"""Intake's pure part: from the codes read off a page (or a batch) to verified protocols.

No storage: the caller hands in the codes' bytes, the key list and the election, and
gets each protocol found, or the reason it was refused. Codes that are not kztally's
(another QR code on the page) are left aside.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kztally.domain.election import AreaKind, Election
from kztally.domain.keys import CommissionKey
from kztally.paper.errors import CodeError, Problem
from kztally.paper.payload import CodedProtocol, Part, assemble, decode_part, group
from kztally.paper.trust import KeyRing, verify_parts


@dataclass(frozen=True, slots=True)
class Verified:
    """A protocol whose code holds: its content and the key that signed it."""

    protocol: CodedProtocol
    signer: CommissionKey


@dataclass(frozen=True, slots=True)
class Refused:
    """Codes that do not make a protocol that can be taken in, and why."""

    where: str
    error: CodeError


def verify_protocol(
    parts: Iterable[Part], ring: KeyRing, election: Election, election_prefix: bytes
) -> Verified:
    """One protocol from its parts: signer and signatures (`trust.verify_parts`), the
    parts put together, and the protocol checked against the election."""
    parts = list(parts)
    signer = verify_parts(parts, ring, election, election_prefix)
    protocol = assemble(parts)
    where = f"{protocol.precinct}/{protocol.contest}"
    if not election.has_area(protocol.precinct) or not election.has_contest(protocol.contest):
        raise CodeError(Problem.UNKNOWN_PROTOCOL, f"{where}: no such protocol in {election.id}")
    area = election.area(protocol.precinct)
    if area.kind is not AreaKind.PRECINCT or protocol.contest not in area.contests:
        raise CodeError(Problem.UNKNOWN_PROTOCOL, f"{where}: the precinct has no such ballot")
    choices = len(election.contest(protocol.contest).choices)
    if len(protocol.figures.votes) != choices:
        raise CodeError(
            Problem.UNKNOWN_PROTOCOL,
            f"{where}: {len(protocol.figures.votes)} vote lines; the ballot has {choices}",
        )
    return Verified(protocol, signer)


def read_codes(
    codes: Iterable[bytes], ring: KeyRing, election: Election, election_prefix: bytes
) -> list[Verified | Refused]:
    """Every protocol in a batch of codes, in the order met: verified, or refused with
    the reason. A code that is not a kztally protocol's is skipped."""
    out: list[Verified | Refused] = []
    parts: list[Part] = []
    for n, data in enumerate(codes, start=1):
        try:
            parts.append(decode_part(data))
        except CodeError as e:
            if e.problem is not Problem.NOT_A_PROTOCOL:
                out.append(Refused(f"code {n}", e))
    for same in group(parts):
        try:
            out.append(verify_protocol(same, ring, election, election_prefix))
        except CodeError as e:
            out.append(Refused(same[0].name, e))
    return out
