"""Mock protocol figures: exact national totals, consistent protocols, planted errors."""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pytest

from kztally.domain.election import Contest, ContestKind, Election
from kztally.domain.protocol import (
    Act,
    Figures,
    check_ballot_types,
    check_control_ratios,
    check_duplicate,
    check_warnings,
)
from kztally.domain.seats import ListVotes, allocate_list_seats
from kztally.domain.tally import Totals, aggregate
from kztally.mockgen.definition import build_definition
from kztally.mockgen.figures import (
    ERROR_KINDS,
    MockElection,
    MockProtocol,
    generate,
    mock_seed,
    scale_election,
)

OFFICIAL_VOTES = {
    "AMANAT": 3_431_510,
    "AUYL": 693_938,
    "RESPUBLICA": 547_154,
    "PPK": 432_920,
    "BAYTAQ": 146_431,
    "AQ-ZHOL": 535_139,
    "NSDP": 331_058,
}
OFFICIAL_SEATS = {
    "AMANAT": 40,
    "AUYL": 8,
    "RESPUBLICA": 6,
    "PPK": 5,
    "BAYTAQ": 0,
    "AQ-ZHOL": 6,
    "NSDP": 4,
}
TURNOUT_2210 = {
    "R01": 57.02, "R02": 60.01, "R03": 58.00, "R04": 60.03, "R05": 51.23, "R06": 59.20,
    "R07": 65.21, "R08": 55.32, "R09": 59.48, "R10": 65.10, "R11": 67.21, "R12": 54.10,
    "R13": 58.68, "R14": 65.25, "R15": 53.01, "R16": 58.99, "R17": 64.15, "R18": 42.91,
    "R19": 25.82, "R20": 45.46,
}  # fmt: skip


@dataclass(frozen=True)
class National:
    full: Election
    mock: MockElection


@pytest.fixture(scope="module")
def full() -> Election:
    return build_definition()


@pytest.fixture(scope="module")
def national(full: Election) -> National:
    return National(full, generate(scale_election(full, "national", 1), 1))


def _mz_totals(election: Election, protocols: Iterable[MockProtocol]) -> Totals:
    mz = election.contest("MZ-L")
    return aggregate(mz, (p.first for p in protocols if p.contest == "MZ-L"))


# -- national ------------------------------------------------------------------------------


def test_national_mock_is_a_training_copy(national: National) -> None:
    e = national.mock.election
    assert e.id == "KZ-2023-MOCK-national-s1"
    assert e.training is True
    assert "MOCK" in e.name
    assert e.areas == national.full.areas and e.contests == national.full.contests
    assert national.mock.answers == {
        "election": "KZ-2023-MOCK-national-s1",
        "seed": 1,
        "scale": "national",
        "errors": 0.0,
        "protocols": len(national.mock.protocols),
        "planted": [],
    }


def test_one_protocol_per_key_in_order(national: National) -> None:
    e = national.mock.election
    keys = [(p.precinct, p.contest) for p in national.mock.protocols]
    assert keys == list(e.iter_protocol_keys())


def test_national_list_totals_are_the_official_ones(national: National) -> None:
    e = national.mock.election
    totals = _mz_totals(e, national.mock.protocols)
    mz = e.contest("MZ-L")
    assert {str(c.party): v for c, v in zip(mz.choices, totals.votes, strict=True)} == (
        OFFICIAL_VOTES
    )
    assert totals.against_all == 248_291
    assert totals.valid_ballots == 6_366_441
    assert totals.issued == 6_521_860
    assert totals.line(1) == 12_035_578  # lines 1 add up to the registered voters
    assert f"{totals.issued / totals.line(1):.4f}" == "0.5419"  # the CEC's 54.19%
    assert totals.protocols == 10_223
    assert 0.01 < totals.line(8) / (totals.line(6) + totals.line(7)) < 0.02
    assert totals.line(4) > 0 and totals.line(7) > 0


def test_national_seats_are_the_official_ones(national: National) -> None:
    e = national.mock.election
    totals = _mz_totals(e, national.mock.protocols)
    mz = e.contest("MZ-L")
    allocation = allocate_list_seats(
        [
            ListVotes(str(c.party), v, c.registration_order)
            for c, v in zip(mz.choices, totals.votes, strict=True)
        ],
        69,
        e.rules,
        against_all=totals.against_all,
    )
    assert {r.id: r.seats for r in allocation.lists} == OFFICIAL_SEATS
    assert allocation.ties == () and allocation.notices == ()


def test_regional_turnout_within_one_point(national: National) -> None:
    e = national.mock.election
    by_precinct = {p.precinct: p for p in national.mock.protocols if p.contest == "MZ-L"}
    turnout = {}
    for region in TURNOUT_2210:
        figures = [by_precinct[p.code].first for p in e.precincts(region)]
        t = aggregate(e.contest("MZ-L"), figures)
        turnout[region] = 100 * t.issued / t.line(1)
    assert {r: abs(turnout[r] - TURNOUT_2210[r]) < 1 for r in TURNOUT_2210} == dict.fromkeys(
        TURNOUT_2210, True
    )


def test_every_clean_protocol_passes_the_control_ratios(national: National) -> None:
    e = national.mock.election
    failing = []
    acts = 0
    for p in national.mock.protocols:
        assert p.planted is None
        assert p.first is p.second
        if check_control_ratios(e.contest(p.contest), p.first, p.acts):
            failing.append((p.precinct, p.contest))
        if p.acts:
            acts += 1
            assert p.acts == frozenset({Act.MOBILE_BOX_EXCESS})
            # The act is what makes it lawful.
            codes = {f.code for f in check_control_ratios(e.contest(p.contest), p.first)}
            assert codes == {"K5"}
    assert failing == []
    assert 0 < acts < 100


def test_warnings_are_rare(national: National) -> None:
    e = national.mock.election
    warned: Counter[str] = Counter()
    for p in national.mock.protocols:
        area = e.area(p.precinct)
        for f in check_warnings(e.contest(p.contest), p.first, e.rules, area.electorate):
            warned[f.code] += 1
    assert sum(warned.values()) < 0.01 * len(national.mock.protocols)
    assert set(warned) <= {"W1", "W2", "W5"}


def test_ballot_types_agree_at_each_precinct(national: National) -> None:
    e = national.mock.election
    at: dict[str, dict[Contest, Figures]] = defaultdict(dict)
    for p in national.mock.protocols:
        at[p.precinct][e.contest(p.contest)] = p.first
    w7 = [
        (precinct, c.id)
        for precinct, figures in at.items()
        for c, f in figures.items()
        if check_ballot_types(e.rules, c, f, figures.items())
    ]
    assert w7 == []
    for figures in at.values():
        assert len({f.line(1) for f in figures.values()}) == 1


def test_precincts_vary(national: National) -> None:
    e = national.mock.election
    shares = []
    by_region: dict[str, list[float]] = defaultdict(list)
    for p in national.mock.protocols:
        if p.contest != "MZ-L":
            continue
        valid = sum(v or 0 for v in p.first.votes) + (p.first.against_all or 0)
        if valid >= 50:
            share = (p.first.votes[0] or 0) / valid
            shares.append(share)
            by_region[e.area(e.area(p.precinct).parent or "").parent or ""].append(share)
    assert statistics.pstdev(shares) > 0.05
    means = [statistics.mean(v) for v in by_region.values()]
    assert max(means) - min(means) > 0.05
    turnouts = [
        ((p.first.line(3) or 0) + (p.first.line(4) or 0)) / (p.first.line(1) or 1)
        for p in national.mock.protocols
        if p.contest == "MZ-L"
    ]
    assert statistics.pstdev(turnouts) > 0.05
    assert sum(1 for p in national.mock.protocols if p.first.line(4) == 0) > 1000


def test_smd_and_maslikhat_votes_are_plausible(national: National) -> None:
    e = national.mock.election
    winners: Counter[str] = Counter()
    sums: dict[str, list[int]] = {}
    for p in national.mock.protocols:
        c = e.contest(p.contest)
        if c.kind is ContestKind.SMD and c.body == "MZ":
            row = sums.setdefault(c.id, [0] * len(c.choices))
            for i, v in enumerate(p.first.votes):
                row[i] += v or 0
    for cid, row in sums.items():
        c = e.contest(cid)
        winners[str(c.choices[row.index(max(row))].nominator)] += 1
    assert len(sums) == 29
    assert sum(winners.values()) == 29


def test_same_seed_same_figures_other_seed_other_figures(national: National) -> None:
    again = generate(national.mock.election, 1)
    assert again.protocols == national.mock.protocols
    other = generate(scale_election(national.full, "national", 2), 2)
    a = _mz_totals(other.election, other.protocols)
    b = _mz_totals(national.mock.election, national.mock.protocols)
    assert (a.votes, a.against_all, a.issued, a.valid_ballots) == (
        b.votes,
        b.against_all,
        b.issued,
        b.valid_ballots,
    )
    differ = sum(
        1
        for a, b in zip(other.protocols, national.mock.protocols, strict=True)
        if a.first != b.first
    )
    assert differ > 0.9 * len(other.protocols)


# -- other scales ---------------------------------------------------------------------------


def test_small_scale(full: Election) -> None:
    e = scale_election(full, "small", 7)
    assert e.id == "KZ-2023-MOCK-small-s7" and e.training
    assert (mock_seed(e), mock_seed(full)) == (7, None)
    precincts = e.precincts()
    assert 40 <= len(precincts) <= 50
    assert len({p.parent for p in precincts}) == 1
    assert {len(p.contests) for p in precincts} == {5}
    used = {c for p in precincts for c in p.contests}
    assert {c.id for c in e.contests} == used
    assert {b.id for b in e.bodies} == {c.body for c in e.contests}
    mock = generate(e, 7)
    assert mock.answers["scale"] == "small"
    assert len(mock.protocols) == 5 * len(precincts)
    for p in mock.protocols:
        assert check_control_ratios(e.contest(p.contest), p.first, p.acts) == ()
    assert generate(e, 7) == mock
    assert generate(e, 8).protocols != mock.protocols


def test_region_scale(full: Election) -> None:
    e = scale_election(full, "region", 3)
    regions = e.children("KZ")
    assert len(regions) == 1
    region = regions[0].code
    assert e.precincts() == full.precincts(region)
    assert e.electorate() == full.electorate(region)
    assert e.has_contest("MZ-L") and e.has_contest(f"ML-{region}-L")
    mock = generate(e, 3)
    totals = _mz_totals(e, mock.protocols)
    turnout = 100 * totals.issued / totals.line(1)
    assert abs(turnout - TURNOUT_2210[region]) < 1
    for p in mock.protocols:
        assert check_control_ratios(e.contest(p.contest), p.first, p.acts) == ()


# -- planted errors -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def region_mock(full: Election) -> tuple[MockElection, MockElection]:
    e = scale_election(full, "region", 5)
    return generate(e, 5), generate(e, 5, errors=0.05)


def test_errors_are_planted_as_the_key_says(
    region_mock: tuple[MockElection, MockElection],
) -> None:
    clean, planted = region_mock
    e = planted.election
    n = len(planted.protocols)
    key = planted.answers["planted"]
    assert len(key) == round(0.05 * n)
    assert Counter(k["kind"] for k in key).keys() == set(ERROR_KINDS)
    assert json.loads(json.dumps(planted.answers)) == planted.answers
    listed = {(k["precinct"], k["contest"]): k for k in key}
    by_key = {(p.precinct, p.contest): p for p in clean.protocols}
    for p, c in zip(planted.protocols, clean.protocols, strict=True):
        k = listed.get((p.precinct, p.contest))
        if k is None:
            assert p == c  # planting leaves the clean protocols as they were
            continue
        contest = e.contest(p.contest)
        assert p.planted == k["kind"]
        fields_first = dict(p.first.fields(contest))
        fields_second = dict(p.second.fields(contest))
        match k["kind"]:
            case "broken_ratio":
                assert p.first == p.second
                codes = {f.code for f in check_control_ratios(contest, p.first, p.acts)}
                assert codes & {"K1", "K4"}
                assert fields_first[k["field"]] == k["first"] != k["correct"]
            case "transposed_digits":
                assert p.first.differing_fields(p.second, contest) == (k["field"],)
                assert sorted(str(k["first"])) == sorted(str(k["second"]))
            case "second_entry_differs":
                assert p.first == c.first
                assert p.first.differing_fields(p.second, contest) == (k["field"],)
                assert fields_second[k["field"]] == k["second"]
            case "duplicate":
                assert p.first == p.second == by_key[(k["source"], p.contest)].first
                others = {k["source"]: by_key[(k["source"], p.contest)].first}
                assert [f.code for f in check_duplicate(contest, p.first, others)] == ["W6"]
            case _:
                raise AssertionError(k["kind"])


def test_errors_zero_changes_nothing(region_mock: tuple[MockElection, MockElection]) -> None:
    clean, _ = region_mock
    again = generate(clean.election, 5, errors=0.0)
    assert again == clean
    with pytest.raises(ValueError):
        generate(clean.election, 5, errors=1.5)
