"""Single-member districts: plurality, ties for first, 'against all' ahead."""

from __future__ import annotations

from dataclasses import replace

from kztally.domain.rules import RULES_2023, AgainstAllLead
from kztally.domain.seats import LotDraw, Notice, SmdResult, smd_winner

REPEAT = replace(RULES_2023, smd_against_all_lead=AgainstAllLead.REPEAT_ELECTION)


def test_the_candidate_with_most_votes_wins() -> None:
    result = smd_winner([("C1", 300), ("C2", 500), ("C3", 200)], 40, RULES_2023)
    assert result == SmdResult(
        winner="C2",
        votes=500,
        ranking=(("C2", 500), ("C1", 300), ("C3", 200)),
        against_all=40,
    )


def test_no_minimum_turnout_a_single_vote_elects() -> None:
    assert smd_winner([("C1", 1), ("C2", 0)], 0, RULES_2023).winner == "C1"


def test_a_tie_for_first_is_flagged_and_not_settled_without_a_lot() -> None:
    result = smd_winner([("C1", 300), ("C2", 300), ("C3", 10)], 5, RULES_2023)
    assert result == SmdResult(
        winner=None,
        votes=300,
        ranking=(("C1", 300), ("C2", 300), ("C3", 10)),
        against_all=5,
        notices=(Notice("S1", {"candidates": "C1 C2", "settled": "no"}),),
    )


def test_a_recorded_lot_settles_the_tie_and_the_notice_stays() -> None:
    lot = LotDraw(("C2", "C1"), witnesses=("member A", "observer B"), reference="act 3")
    result = smd_winner([("C1", 300), ("C2", 300)], 5, RULES_2023, lots=[lot])
    assert result.winner == "C2"
    assert result.notices == (Notice("S1", {"candidates": "C1 C2", "settled": "lot"}),)


def test_a_lot_that_does_not_cover_the_tied_candidates_is_not_used() -> None:
    result = smd_winner([("C1", 300), ("C2", 300)], 5, RULES_2023, lots=[LotDraw(("C1", "C9"))])
    assert result.winner is None


def test_against_all_ahead_the_top_candidate_wins_with_a_notice() -> None:
    result = smd_winner([("C1", 300), ("C2", 200)], 450, RULES_2023)
    assert result.winner == "C1"
    assert result.notices == (Notice("S2", {"against_all": "450", "top": "300"}),)


def test_against_all_level_with_the_leader_is_not_ahead() -> None:
    assert smd_winner([("C1", 300)], 300, RULES_2023).notices == ()


def test_against_all_ahead_with_the_repeat_election_setting() -> None:
    result = smd_winner([("C1", 300), ("C2", 200)], 450, REPEAT)
    assert result.winner is None
    assert result.notices == (
        Notice("S2", {"against_all": "450", "top": "300"}),
        Notice("S3"),
    )


def test_against_all_never_wins_a_seat_even_alone() -> None:
    result = smd_winner([("C1", 0), ("C2", 0)], 900, RULES_2023)
    assert result.winner is None
    assert result.notices == (Notice("S4"),)
    assert smd_winner([], 10, RULES_2023).notices == (Notice("S4"),)
