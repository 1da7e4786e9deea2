"""Intake's pure part: a batch of codes becomes verified protocols, or refusals."""

from __future__ import annotations

import datetime as dt

from kztally.domain.protocol import Figures
from kztally.paper.errors import Problem
from kztally.paper.intake import Refused, Verified, read_codes
from kztally.paper.payload import CodedProtocol, encode
from kztally.paper.trust import KeyRing
from tests.conftest import make_election
from tests.paper.signing_kit import T0, Chain

PREFIX = bytes(8)


def coded(precinct: str, contest: str, votes: int, reference: str = "") -> CodedProtocol:
    return CodedProtocol(
        PREFIX,
        precinct,
        contest,
        1,
        Figures((1000, 700, 600, 20, 80, 590, 20, 10), (100,) * votes, 10),
        frozenset(),
        reference,
        T0 + dt.timedelta(hours=9),
    )


def test_a_batch_sorted_into_protocols_and_refusals() -> None:
    chain = Chain()
    election = make_election()
    good = coded("P00001", "MZ-L", 3)
    split = coded("P00001", "MZ-S01", 2, "x" * 200)
    split_parts = encode(split, chain.precinct)
    assert len(split_parts) > 1
    wrong_count = coded("P00001", "MZ-L", 4)
    flipped = bytearray(encode(coded("P00001", "MZ-S01", 2), chain.precinct)[0])
    flipped[40] ^= 1
    codes = [
        *encode(good, chain.precinct),
        b"https://example.org/",
        *split_parts[1:],
        *encode(wrong_count, chain.precinct),
        *encode(coded("P00001", "MZ-L", 3), chain.other),
        bytes(flipped),
        *split_parts[:1],
    ]
    out = read_codes(codes, KeyRing(chain.keys), election, PREFIX)
    verified = [o.protocol for o in out if isinstance(o, Verified)]
    assert verified == [good, split]
    refused = {o.error.problem for o in out if isinstance(o, Refused)}
    assert refused == {Problem.UNKNOWN_PROTOCOL, Problem.OTHER_COMMISSION, Problem.BAD_SIGNATURE}
    missing = read_codes(split_parts[1:], KeyRing(chain.keys), election, PREFIX)
    assert [type(o) for o in missing] == [Refused]
    assert isinstance(missing[0], Refused) and missing[0].error.problem is Problem.MISSING_PARTS
