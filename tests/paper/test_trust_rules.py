"""Who may sign a precinct's code: each refusal with its reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from kztally.domain.election import Election
from kztally.domain.keys import CommissionKey
from kztally.domain.protocol import Figures
from kztally.paper.errors import CodeError, Problem
from kztally.paper.payload import CodedProtocol, Part, decode_part, encode
from kztally.paper.signing import Signer
from kztally.paper.trust import KeyRing, verify_parts
from tests.conftest import make_election
from tests.paper.signing_kit import T0, Chain, certified, key, revoked, seeded

ELECTION = bytes.fromhex("0123456789abcdef")
SIGNED = T0 + dt.timedelta(hours=10)


def code(signer: Signer, precinct: str = "P00001", at: dt.datetime = SIGNED) -> list[Part]:
    p = CodedProtocol(
        ELECTION,
        precinct,
        "MZ-L",
        1,
        Figures((1000, 700, 600, 20, 80, 590, 20, 10), (300, 200, 80), 10),
        frozenset(),
        "",
        at,
    )
    return [decode_part(x) for x in encode(p, signer)]


def check(parts: list[Part], keys: list[CommissionKey], election: Election) -> CommissionKey:
    return verify_parts(parts, KeyRing(keys), election, ELECTION)


def refused(parts: list[Part], keys: list[CommissionKey], election: Election) -> CodeError:
    with pytest.raises(CodeError) as e:
        check(parts, keys, election)
    return e.value


@pytest.fixture
def chain() -> Chain:
    return Chain()


@pytest.fixture
def election() -> Election:
    return make_election()


def test_the_precincts_certified_key_is_taken(chain: Chain, election: Election) -> None:
    assert check(code(chain.precinct), chain.keys, election).commission == "P00001"


def test_an_unknown_key(chain: Chain, election: Election) -> None:
    e = refused(code(seeded(9)), chain.keys, election)
    assert e.problem is Problem.UNKNOWN_KEY
    assert "not on the key list" in str(e)


def test_another_commissions_key(chain: Chain, election: Election) -> None:
    e = refused(code(chain.other), chain.keys, election)  # P00002 signs P00001's paper
    assert e.problem is Problem.OTHER_COMMISSION
    assert "signed by the key of P00002" in str(e)
    e = refused(code(chain.district), chain.keys, election)  # the district typed it in
    assert e.problem is Problem.OTHER_COMMISSION


def test_an_uncertified_key(chain: Chain, election: Election) -> None:
    keys = [*chain.keys[:3], key("P00001", chain.precinct)]
    e = refused(code(chain.precinct), keys, election)
    assert (e.problem, "is not certified" in str(e)) == (Problem.UNCERTIFIED, True)


def test_a_key_certified_by_the_wrong_commission(chain: Chain, election: Election) -> None:
    keys = [*chain.keys[:3], certified(key("P00001", chain.precinct), chain.region)]
    e = refused(code(chain.precinct), keys, election)
    assert e.problem is Problem.UNCERTIFIED
    assert "certified by R01, not by the commission above (R01-D01)" in str(e)


def test_a_forged_certificate(chain: Chain, election: Election) -> None:
    forged = certified(key("P00001", chain.precinct), seeded(9))
    assert forged.certification is not None
    cert = replace(forged.certification, by=chain.district.fingerprint)
    keys = [*chain.keys[:3], replace(forged, certification=cert)]
    e = refused(code(chain.precinct), keys, election)
    assert e.problem is Problem.UNCERTIFIED and "signature is false" in str(e)


def test_a_chain_without_the_root(chain: Chain, election: Election) -> None:
    keys = [k for k in chain.keys if k.commission != "KZ"]
    e = refused(code(chain.precinct), keys, election)
    assert e.problem is Problem.UNCERTIFIED


def test_a_revoked_key_after_and_before_its_revocation(chain: Chain, election: Election) -> None:
    keys = [*chain.keys[:3], revoked(chain.keys[3], SIGNED), chain.keys[4]]
    e = refused(code(chain.precinct), keys, election)
    assert e.problem is Problem.REVOKED and "stolen" in str(e)
    before = SIGNED - dt.timedelta(seconds=1)
    assert check(code(chain.precinct, at=before), keys, election).commission == "P00001"


def test_a_revoked_certifier_taints_what_it_certified_after(
    chain: Chain, election: Election
) -> None:
    thief_time = T0 + dt.timedelta(hours=1)
    district = revoked(chain.keys[2], thief_time)
    fake = certified(key("P00001", seeded(9)), chain.district, at=thief_time)
    e = refused(code(seeded(9)), [*chain.keys[:2], district, fake], election)
    assert e.problem is Problem.REVOKED and "R01-D01" in str(e)
    # what it certified before its revocation stands
    assert check(code(chain.precinct), [*chain.keys[:2], district, chain.keys[3]], election)


def test_a_training_key_in_an_election_that_counts(chain: Chain) -> None:
    e = refused(code(chain.precinct), chain.keys, make_election(training=False))
    assert e.problem is Problem.TRAINING_KEY
    real = Chain(training=False)
    assert check(code(real.precinct), real.keys, make_election(training=False))


def test_another_election(chain: Chain, election: Election) -> None:
    with pytest.raises(CodeError) as e:
        verify_parts(code(chain.precinct), KeyRing(chain.keys), election, bytes(8))
    assert e.value.problem is Problem.OTHER_ELECTION
