"""Seats over a contest's whole constituency only, pure: no database (the small election:
KZ > R18 > R18-D01 (three precincts, all ballots) and R18-DXX (one precinct abroad, the
Mazhilis lists only))."""

from __future__ import annotations

from fractions import Fraction

from kztally.domain.election import Election
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.results import Constituency, body_result, constituency, list_result
from kztally.domain.tally import Totals


def totals(election: Election, contest: str, votes: tuple[int, ...], against: int) -> Totals:
    c = election.contest(contest)
    assert len(votes) == len(c.choices)
    valid = sum(votes) + against
    return Totals(1, (1000, 1000, valid, 0, 1000 - valid, valid, 0, 0), votes, against)


def test_a_list_constituency_is_the_contest_area_whatever_the_precincts(
    election: Election,
) -> None:
    mz_l, ml_l = election.contest("MZ-L"), election.contest("ML-R18-L")
    # R18 holds every precinct voting for the Mazhilis lists in this election, and still
    # is not their constituency: the law allocates them over the whole country.
    assert constituency(election, mz_l, "R18") == Constituency(AreaCode("KZ"), False, 4, 4)
    assert constituency(election, mz_l, "KZ") == Constituency(AreaCode("KZ"), True, 4, 4)
    assert constituency(election, ml_l, "R18") == Constituency(AreaCode("R18"), True, 3, 3)
    assert constituency(election, ml_l, "KZ").whole
    assert constituency(election, ml_l, "R18-D01") == Constituency(AreaCode("R18"), False, 3, 3)
    assert constituency(election, ml_l, "R18-DXX") == Constituency(AreaCode("R18"), False, 3, 0)


def test_a_district_constituency_is_the_smallest_area_holding_it(election: Election) -> None:
    s01 = election.contest("MZ-S01")
    assert constituency(election, s01, "R18-D01") == Constituency(AreaCode("R18-D01"), True, 3, 3)
    assert constituency(election, s01, "R18").whole
    assert constituency(election, s01, "P00421") == Constituency(AreaCode("R18-D01"), False, 3, 1)


def test_a_part_has_shares_and_no_seats(election: Election) -> None:
    mz_l = election.contest("MZ-L")
    t = totals(election, "MZ-L", (500, 100, 60, 40, 20, 30, 10), 40)
    part = list_result(election, mz_l, t, area="R18")
    assert part.allocation is None and not part.whole
    assert part.valid_total == 800  # 2023: 'against all' counts in the valid total
    assert [s.share for s in part.shares] == [Fraction(v, 800) for v in t.votes]
    whole = list_result(election, mz_l, t)  # over its own area, the country
    assert whole.allocation is not None
    assert whole.allocation.allocated == 69
    assert [s.votes for s in whole.shares] == [r.votes for r in whole.allocation.lists]


def test_a_body_over_a_part(election: Election) -> None:
    body = election.body("MZ")
    found = {
        ContestId("MZ-L"): totals(election, "MZ-L", (500, 100, 60, 40, 20, 30, 10), 40),
        ContestId("MZ-S01"): totals(election, "MZ-S01", (300, 200, 100), 20),
    }
    at_precinct = body_result(election, body, found, {}, area="P00421")
    assert at_precinct.lists is not None and at_precinct.lists.allocation is None
    (district,) = at_precinct.districts
    assert district.result is None and district.totals == found[ContestId("MZ-S01")]
    at_district = body_result(election, body, found, {}, area="R18-D01")
    assert at_district.lists is not None and at_district.lists.allocation is None
    (district,) = at_district.districts
    assert district.result is not None and district.result.winner == "S01-C1"
    country = body_result(election, body, found, {})
    assert country.lists is not None and country.lists.allocation is not None
