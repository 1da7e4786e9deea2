"""Party-list seats: the official 2023 result, ties, the runner-up rule, properties."""

from __future__ import annotations

import csv
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kztally.domain.rules import RULES_2021, RULES_2023, TieRule
from kztally.domain.seats import (
    Allocation,
    ListSeats,
    ListVotes,
    LotDraw,
    Notice,
    RemainderTie,
    Settlement,
    allocate_list_seats,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PROPERTY = settings(max_examples=200, deadline=None)


def official_2023() -> tuple[list[ListVotes], int, dict[str, int]]:
    """The CEC's result of 27 March 2023, from the copy in tests/fixtures: the lists in
    ballot order (registration order is row order: only the seats matter here), the votes
    against all, and the official seats."""
    lists: list[ListVotes] = []
    seats: dict[str, int] = {}
    against_all = 0
    with (FIXTURES / "mazhilis-2023-lists.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["list"] == "against all":
                against_all = int(row["votes"])
                continue
            lists.append(ListVotes(row["list"], int(row["votes"]), int(row["ballot_order"])))
            seats[row["list"]] = int(row["official_seats"])
    return lists, against_all, seats


def test_official_2023_result_is_reproduced_exactly() -> None:
    lists, against_all, official = official_2023()
    result = allocate_list_seats(lists, 69, RULES_2023, against_all)

    quota = Fraction(1990573, 23)
    expected_seats = {
        "Amanat": 40,
        "Auyl": 8,
        "Respublica": 6,
        "People's Party of Kazakhstan": 5,
        "Baytaq": 0,
        "Aq Zhol": 6,
        "Nationwide Social Democratic Party": 4,
    }
    assert expected_seats == official
    assert result == Allocation(
        seats=69,
        valid_total=6_366_441,
        against_all=248_291,
        qualifying_total=5_971_719,
        quota=quota,
        lists=tuple(
            ListSeats(
                id=lv.id,
                votes=lv.votes,
                share=Fraction(lv.votes, 6_366_441),
                qualified=lv.id != "Baytaq",
                quotient=None if lv.id == "Baytaq" else lv.votes / quota,
                seats=expected_seats[lv.id],
            )
            for lv in lists
        ),
    )
    assert quota == Fraction(5_971_719, 69)
    assert round(float(result.lists[4].share) * 100, 2) == 2.30  # Baytaq, below 5%


def test_official_2023_remainders_decide_two_seats() -> None:
    lists, against_all, _ = official_2023()
    result = allocate_list_seats(lists, 69, RULES_2023, against_all)
    floors = {r.id: int(r.quotient) for r in result.lists if r.quotient is not None}
    assert sum(floors.values()) == 67
    got_remainder = {r.id for r in result.lists if r.quotient and r.seats > int(r.quotient)}
    # remainders: NSDP .825, Amanat .649, Respublica .322, Aq Zhol .183, Auyl .018, PPK .002
    assert got_remainder == {"Nationwide Social Democratic Party", "Amanat"}


def test_threshold_is_compared_exactly_at_five_percent() -> None:
    # 5 of 100 is exactly 5%: it qualifies (>=); 4.99...% would not
    at = allocate_list_seats(
        [ListVotes("A", 95, 1), ListVotes("B", 5, 2)], 10, RULES_2023, against_all=0
    )
    assert [r.qualified for r in at.lists] == [True, True]
    below = allocate_list_seats(
        [ListVotes("A", 95, 1), ListVotes("B", 5, 2)], 10, RULES_2023, against_all=1
    )
    assert [r.qualified for r in below.lists] == [True, False]
    assert below.valid_total == 101


def test_against_all_counts_in_the_valid_total_only() -> None:
    result = allocate_list_seats(
        [ListVotes("A", 600, 1), ListVotes("B", 300, 2)], 9, RULES_2023, against_all=100
    )
    assert result.valid_total == 1000
    assert result.qualifying_total == 900
    assert result.quota == Fraction(100)
    assert [r.seats for r in result.lists] == [6, 3]
    assert result.lists[0].share == Fraction(6, 10)


def test_rules_2021_seven_percent_98_seats_no_against_all() -> None:
    """The 2021 rule set is data, not code: 7%, and the valid total is the lists' votes.

    Illustrative figures close to the 2021 shares (Nur Otan 71.09%, Aq Zhol 10.95%,
    People's Party 9.10%, Auyl 5.29%, Adal 3.57%), not the official counts.
    """
    lists = [
        ListVotes("Nur Otan", 5_148_023, 1),
        ListVotes("Aq Zhol", 792_969, 2),
        ListVotes("People's Party", 658_898, 3),
        ListVotes("Auyl", 383_212, 4),
        ListVotes("Adal", 258_540, 5),
    ]
    result = allocate_list_seats(lists, 98, RULES_2021, against_all=0)
    assert [(r.id, r.qualified, r.seats) for r in result.lists] == [
        ("Nur Otan", True, 76),
        ("Aq Zhol", True, 12),
        ("People's Party", True, 10),
        ("Auyl", False, 0),
        ("Adal", False, 0),
    ]
    assert result.valid_total == sum(lv.votes for lv in lists)
    # under the 2023 rules Auyl's 5.29% would have qualified
    assert allocate_list_seats(lists, 98, RULES_2023).lists[3].qualified
    # votes against all given by mistake are not in a 2021 valid total
    assert allocate_list_seats(lists, 98, RULES_2021, 1000).valid_total == result.valid_total
    assert RULES_2021.threshold == Fraction(7, 100)
    assert not RULES_2021.valid_total_includes_against_all


def test_equal_remainders_go_to_the_list_registered_earlier() -> None:
    lists = [ListVotes("A", 100, 2), ListVotes("B", 100, 1), ListVotes("C", 200, 3)]
    result = allocate_list_seats(lists, 3, RULES_2023)
    # quota 400/3: A and B 0.75 each, C 1.5; floors give C 1; two seats left for
    # remainders .75, .75, .5: A and B both get one, no tie decides a seat
    assert [r.seats for r in result.lists] == [1, 1, 1]
    assert result.ties == ()

    result = allocate_list_seats(lists[:2], 1, RULES_2023)
    assert [r.seats for r in result.lists] == [0, 1]
    assert result.ties == (
        RemainderTie(("A", "B"), Fraction(1, 2), 1, Settlement.REGISTRATION, ("B",)),
    )
    assert result.notices == ()


def test_a_tie_registration_cannot_separate_is_drawn_by_lot() -> None:
    lists = [ListVotes("A", 100, 1), ListVotes("B", 100, 1)]
    unresolved = allocate_list_seats(lists, 1, RULES_2023)
    assert unresolved.ties == (
        RemainderTie(("A", "B"), Fraction(1, 2), 1, Settlement.UNRESOLVED, (), ("A", "B")),
    )
    assert unresolved.notices == (Notice("L3", {"lists": "A B"}),)
    assert unresolved.allocated == 0

    lot = LotDraw(("B", "A"), witnesses=("observer 1", "observer 2"), reference="act 7")
    drawn = allocate_list_seats(lists, 1, RULES_2023, lots=[lot])
    assert drawn.ties == (
        RemainderTie(("A", "B"), Fraction(1, 2), 1, Settlement.LOT, ("B",), ("A", "B")),
    )
    assert [r.seats for r in drawn.lists] == [0, 1]
    assert drawn.notices == ()


def test_unknown_registration_is_level_and_goes_to_lot() -> None:
    lists = [ListVotes("A", 100), ListVotes("B", 100)]
    assert allocate_list_seats(lists, 1, RULES_2023).ties[0].settled_by is Settlement.UNRESOLVED


def test_registration_settles_part_of_a_tie_and_lot_the_rest() -> None:
    lists = [ListVotes("A", 100, 1), ListVotes("B", 100, 2), ListVotes("C", 100, 2)]
    # quota 100: 1 each... use 2 seats for 3 equal lists: each 2/3
    result = allocate_list_seats(lists, 2, RULES_2023, lots=[LotDraw(("C", "B"))])
    assert result.ties == (
        RemainderTie(("A", "B", "C"), Fraction(2, 3), 2, Settlement.LOT, ("A", "C"), ("B", "C")),
    )
    assert [r.seats for r in result.lists] == [1, 0, 1]


def test_a_lot_settles_only_the_tie_it_was_drawn_for() -> None:
    lists = [ListVotes("A", 100, 1), ListVotes("B", 100, 1)]
    # drawn for another tie (a third list then level with them): not this one's
    result = allocate_list_seats(lists, 1, RULES_2023, lots=[LotDraw(("B", "A", "C"))])
    assert result.ties[0].settled_by is Settlement.UNRESOLVED
    assert result.ties[0].drawn == ("A", "B")


def test_tie_rule_lot_ignores_registration() -> None:
    rules = replace(RULES_2023, tie_rule=TieRule.LOT)
    lists = [ListVotes("A", 100, 1), ListVotes("B", 100, 2)]
    result = allocate_list_seats(lists, 1, rules, lots=[LotDraw(("B", "A"))])
    assert result.ties[0].settled_by is Settlement.LOT
    assert result.ties[0].winners == ("B",)
    assert allocate_list_seats(lists, 1, rules).ties[0].settled_by is Settlement.UNRESOLVED


def test_runner_up_setting_admits_the_next_list() -> None:
    lists = [
        ListVotes("A", 900, 1),
        ListVotes("B", 49, 2),
        ListVotes("C", 30, 3),
        ListVotes("D", 21, 4),
    ]
    off = allocate_list_seats(lists, 10, RULES_2023)
    assert [r.seats for r in off.lists] == [10, 0, 0, 0]
    assert off.notices == ()

    on = allocate_list_seats(lists, 10, replace(RULES_2023, runner_up=True))
    assert on.notices == (Notice("L2", {"list": "B"}),)
    assert [(r.id, r.qualified, r.runner_up, r.seats) for r in on.lists] == [
        ("A", True, False, 9),
        ("B", False, True, 1),
        ("C", False, False, 0),
        ("D", False, False, 0),
    ]
    # quota 949/10: A 9.48, B 0.52: the one seat left goes to B's larger remainder
    assert on.qualifying_total == 949
    assert on.quota == Fraction(949, 10)


def test_no_list_qualifies() -> None:
    result = allocate_list_seats([ListVotes("A", 0, 1)], 5, RULES_2023, against_all=10)
    assert result.quota is None
    assert result.notices == (Notice("L1"),)
    assert result.allocated == 0


@pytest.mark.parametrize(
    ("lists", "seats", "against_all", "message"),
    [
        ([ListVotes("A", 1)], 0, 0, "seats must be at least 1"),
        ([ListVotes("A", 1), ListVotes("A", 2)], 1, 0, "named twice"),
        ([ListVotes("A", -1)], 1, 0, "negative"),
        ([ListVotes("A", 1)], 1, -1, "negative"),
    ],
)
def test_bad_input_is_refused(
    lists: list[ListVotes], seats: int, against_all: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        allocate_list_seats(lists, seats, RULES_2023, against_all)


# -- properties -----------------------------------------------------------------------------

THRESHOLDS = st.sampled_from(
    [Fraction(0), Fraction(1, 100), Fraction(3, 100), Fraction(5, 100), Fraction(7, 100)]
)


@st.composite
def elections(draw: st.DrawFn) -> tuple[list[ListVotes], int, int, Fraction]:
    votes = draw(st.lists(st.integers(0, 2_000_000), min_size=1, max_size=9))
    lists = [ListVotes(f"L{i}", v, i + 1) for i, v in enumerate(votes)]
    return lists, draw(st.integers(1, 150)), draw(st.integers(0, 300_000)), draw(THRESHOLDS)


@PROPERTY
@given(elections())
def test_seats_always_sum_to_the_seats_on_offer(
    case: tuple[list[ListVotes], int, int, Fraction],
) -> None:
    lists, seats, against_all, threshold = case
    result = allocate_list_seats(
        lists, seats, replace(RULES_2023, threshold=threshold), against_all
    )
    if result.qualifying_total == 0:
        assert result.allocated == 0
    else:
        assert result.allocated == seats


@PROPERTY
@given(elections())
def test_every_qualifying_list_gets_the_floor_or_the_ceiling_of_its_quota(
    case: tuple[list[ListVotes], int, int, Fraction],
) -> None:
    lists, seats, against_all, threshold = case
    result = allocate_list_seats(
        lists, seats, replace(RULES_2023, threshold=threshold), against_all
    )
    for r in result.lists:
        if not r.qualified:
            assert r.seats == 0
            continue
        assert result.quota is not None
        q = Fraction(r.votes) / result.quota
        floor = q.numerator // q.denominator
        ceiling = -(-q.numerator // q.denominator)
        assert r.seats in (floor, ceiling)


@PROPERTY
@given(elections(), st.data())
def test_more_votes_never_cost_a_list_a_seat(
    case: tuple[list[ListVotes], int, int, Fraction], data: st.DataObject
) -> None:
    lists, seats, against_all, threshold = case
    rules = replace(RULES_2023, threshold=threshold)
    i = data.draw(st.integers(0, len(lists) - 1))
    more = data.draw(st.integers(1, 500_000))
    raised = [replace(lv, votes=lv.votes + more) if j == i else lv for j, lv in enumerate(lists)]
    before = allocate_list_seats(lists, seats, rules, against_all)
    after = allocate_list_seats(raised, seats, rules, against_all)
    assume(sum(r.qualified for r in before.lists) == sum(r.qualified for r in after.lists))
    assert after.lists[i].seats >= before.lists[i].seats


@PROPERTY
@given(elections(), st.randoms(use_true_random=False))
def test_input_order_does_not_change_the_seats(
    case: tuple[list[ListVotes], int, int, Fraction], rnd: object
) -> None:
    import random

    assert isinstance(rnd, random.Random)
    lists, seats, against_all, threshold = case
    rules = replace(RULES_2023, threshold=threshold)
    shuffled = list(lists)
    rnd.shuffle(shuffled)
    a = {r.id: r.seats for r in allocate_list_seats(lists, seats, rules, against_all).lists}
    b = {r.id: r.seats for r in allocate_list_seats(shuffled, seats, rules, against_all).lists}
    assert a == b
