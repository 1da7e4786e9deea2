"""Control ratios K1-K6 and plausibility warnings W1-W8, each with its figures."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest

from kztally.domain.election import Contest, Election
from kztally.domain.ids import AreaCode
from kztally.domain.protocol import (
    AGAINST_ALL,
    Act,
    Figures,
    Finding,
    Severity,
    Term,
    check_ballot_types,
    check_control_ratios,
    check_duplicate,
    check_protocol,
    check_warnings,
    choice_votes,
    errors,
    warnings,
)
from kztally.domain.rules import RULES_2023, WarningThresholds

ERR, WARN = Severity.ERROR, Severity.WARNING
CHOICES = ("AMANAT", "AUYL", "RESPUBLICA", "PPK", "BAYTAQ", "AQ-ZHOL", "NSDP")


def lines(f: Figures, **changes: int | None) -> Figures:
    """The figures with some lines changed: lines(f, l6=700, l8=None)."""
    values = list(f.lines)
    for key, v in changes.items():
        values[int(key[1:]) - 1] = v
    return replace(f, lines=tuple(values))


def votes(f: Figures, **changes: int | None) -> Figures:
    """The figures with some votes changed: votes(f, AMANAT=360)."""
    values = list(f.votes)
    for key, v in changes.items():
        values[CHOICES.index(key.replace("_", "-"))] = v
    return replace(f, votes=tuple(values))


def test_the_clean_protocol_has_no_findings(mz_l: Contest, clean: Figures) -> None:
    assert check_protocol(mz_l, clean, RULES_2023, electorate=1000) == ()
    assert clean.is_complete(mz_l)
    assert choice_votes(mz_l, clean)["AMANAT"] == 380


def test_k1_every_ballot_received_is_issued_or_cancelled(mz_l: Contest, clean: Figures) -> None:
    f = lines(clean, l2=901)
    expected = Finding(
        "K1", ERR, "≠", (Term("2", 901),), (Term("3", 700), Term("4", 20), Term("5", 180)),
        fields=("2", "3", "4", "5"),
    )  # fmt: skip
    assert check_control_ratios(mz_l, f) == (expected,)
    assert expected.text() == "K1: 901 ≠ 700 + 20 + 180"
    assert expected.formula() == "2 ≠ 3 + 4 + 5"


def test_k2_no_more_ballots_issued_than_voters(mz_l: Contest, clean: Figures) -> None:
    f = lines(clean, l1=719)
    (finding,) = check_control_ratios(mz_l, f)
    assert finding == Finding(
        "K2", ERR, ">", (Term("3", 700), Term("4", 20)), (Term("1", 719),),
        fields=("3", "4", "1"),
    )  # fmt: skip
    assert finding.text() == "K2: 700 + 20 > 719"
    assert check_control_ratios(mz_l, lines(clean, l1=720)) == ()  # equal is allowed


def test_k3_no_more_ballots_in_the_boxes_than_issued(mz_l: Contest, clean: Figures) -> None:
    f = votes(lines(clean, l6=701), AMANAT=391)  # 721 in the boxes, K4 still holds
    (finding,) = check_control_ratios(mz_l, f)
    assert finding == Finding(
        "K3", ERR, ">", (Term("6", 701), Term("7", 20)), (Term("3", 700), Term("4", 20)),
        fields=("6", "7", "3", "4"),
    )  # fmt: skip
    assert finding.text() == "K3: 701 + 20 > 700 + 20"


def test_k4_text_is_boxes_against_invalid_votes_and_against_all(mz_l: Contest) -> None:
    f = Figures((1000, 900, 800, 20, 80, 800, 12, 12), (400, 100, 80, 60, 20, 80, 50), 8)
    (finding,) = check_control_ratios(mz_l, f)
    assert finding == Finding(
        "K4",
        ERR,
        "≠",
        (Term("6 + 7", 812),),
        (Term("8", 12), Term("votes", 790), Term(AGAINST_ALL, 8)),
        fields=("6", "7", "8", *CHOICES, AGAINST_ALL),
    )
    assert finding.text() == "K4: 812 ≠ 12 + 790 + 8"
    assert finding.formula() == "6 + 7 ≠ 8 + votes + against_all"


def test_k4_without_against_all_on_the_ballot(election: Election, mz_l: Contest) -> None:
    no_against = replace(mz_l, against_all=False)
    f = Figures((1000, 900, 800, 20, 80, 800, 12, 12), (400, 100, 80, 60, 20, 80, 50), None)
    (finding,) = check_control_ratios(no_against, f)
    assert finding.text() == "K4: 812 ≠ 12 + 790"
    assert check_control_ratios(no_against, votes(f, AMANAT=410)) == ()


def test_k5_mobile_box_over_its_requests(mz_l: Contest, clean: Figures) -> None:
    f = lines(clean, l6=680, l7=30)  # still 710 in the boxes
    (finding,) = check_control_ratios(mz_l, f)
    assert finding == Finding(
        "K5", ERR, ">", (Term("7", 30),), (Term("4", 20),), fields=("7", "4", "8"),
        detail={"act": "missing"},
    )  # fmt: skip
    assert finding.text() == "K5: 30 > 20"


def test_k5_is_lawful_when_every_mobile_ballot_was_invalid_and_the_act_is_recorded(
    mz_l: Contest, clean: Figures
) -> None:
    f = votes(lines(clean, l6=680, l7=30, l8=30), AMANAT=360)
    act = frozenset({Act.MOBILE_BOX_EXCESS})
    assert check_control_ratios(mz_l, f, act) == ()
    (no_act,) = check_control_ratios(mz_l, f)
    assert no_act.detail == {"act": "missing"}
    # the act alone is not enough when fewer ballots were counted invalid than were in the box
    g = votes(lines(clean, l6=680, l7=30, l8=29), AMANAT=361)
    (with_act,) = check_control_ratios(mz_l, g, act)
    assert with_act.code == "K5"
    assert with_act.detail == {"act": "recorded"}


def test_k6_empty_fields_are_not_zeros(mz_l: Contest, clean: Figures) -> None:
    f = votes(lines(clean, l3=None), AMANAT=None)
    (finding,) = check_control_ratios(mz_l, f)  # K1, K2, K3, K4 are not judged
    assert finding == Finding(
        "K6",
        ERR,
        "empty",
        (Term("3", 0), Term("AMANAT", 0)),
        fields=("3", "AMANAT"),
        detail={"empty": "3 AMANAT", "negative": ""},
    )
    assert finding.text() == "K6: 3 = ∅, AMANAT = ∅"
    assert finding.formula() == "3, AMANAT"
    assert finding.figures() == "∅, ∅"
    assert not f.is_complete(mz_l)


def test_k6_negative_values_keep_their_figure(mz_l: Contest, clean: Figures) -> None:
    f = lines(clean, l5=-3)
    found = check_control_ratios(mz_l, f)
    assert [x.code for x in found] == ["K1", "K6"]
    k6 = found[1]
    assert k6.relation == "< 0"
    assert k6.left == (Term("5", -3),)
    assert k6.text() == "K6: 5 = -3"


def test_k6_empty_against_all(mz_l: Contest, clean: Figures) -> None:
    (finding,) = check_control_ratios(mz_l, replace(clean, against_all=None))
    assert finding.fields == (AGAINST_ALL,)


def test_w1_many_invalid_ballots(mz_l: Contest, clean: Figures) -> None:
    f = votes(lines(clean, l8=30), AMANAT=360)
    (finding,) = check_warnings(mz_l, f, RULES_2023)
    assert finding == Finding(
        "W1", WARN, ">", (Term("8", 30),), (Term("6", 690), Term("7", 20)), Fraction(3, 100),
        ("8", "6", "7"),
    )  # fmt: skip
    assert finding.text() == "W1: 30 > 3% × (690 + 20)"
    # exactly 3% is not above it: 3% of 1000 = 30
    g = votes(lines(clean, l6=980, l7=20, l8=30, l3=990, l1=1100), AMANAT=650)
    assert [x.code for x in check_warnings(mz_l, g, RULES_2023)] == []


def test_w2_turnout_high_or_low(mz_l: Contest, clean: Figures) -> None:
    high = lines(clean, l1=720)
    (finding,) = check_warnings(mz_l, high, RULES_2023)
    assert finding.text() == "W2: 690 + 20 > 95% × 720"
    low = lines(clean, l1=20_000)
    (finding,) = check_warnings(mz_l, low, RULES_2023)
    assert (finding.code, finding.relation) == ("W2", "<")
    assert finding.text() == "W2: 690 + 20 < 5% × 20000"


def test_w3_ballots_missing_from_the_boxes(mz_l: Contest, clean: Figures) -> None:
    f = votes(lines(clean, l6=680), AMANAT=370)  # 700 in the boxes of 720 issued: 20 missing
    (finding,) = check_warnings(mz_l, f, RULES_2023)
    assert finding == Finding(
        "W3", WARN, "≥", (Term("3 + 4 − (6 + 7)", 20),), (Term("3", 700), Term("4", 20)),
        Fraction(2, 100), ("3", "4", "6", "7"), {"minimum": "15"},
    )  # fmt: skip
    assert finding.text() == "W3: 20 ≥ 2% × (700 + 20)"
    # 14 missing is under the minimum of 15
    g = votes(lines(clean, l6=686), AMANAT=376)
    assert check_warnings(mz_l, g, RULES_2023) == ()


def test_w4_no_votes_at_all(mz_l: Contest) -> None:
    f = Figures((1000, 900, 700, 20, 180, 690, 20, 710), (0,) * 7, 0)
    found = check_warnings(mz_l, f, RULES_2023)
    assert [x.code for x in found] == ["W1", "W4"]
    assert found[1].fields == (*CHOICES, AGAINST_ALL)


def test_w5_one_choice_above_90_percent(mz_l: Contest, clean: Figures) -> None:
    f = Figures(clean.lines, (680, 12, 0, 0, 0, 0, 0), 8)
    (finding,) = check_warnings(mz_l, f, RULES_2023)
    assert finding == Finding(
        "W5", WARN, ">", (Term("AMANAT", 680),), (Term("6 + 7 − 8", 700),), Fraction(90, 100),
        ("AMANAT", "6", "7", "8"),
    )  # fmt: skip
    assert finding.text() == "W5: 680 > 90% × 700"


def test_w6_same_figures_as_another_precinct(mz_l: Contest, clean: Figures) -> None:
    p422, p423 = AreaCode("P00422"), AreaCode("P00423")
    (finding,) = check_duplicate(mz_l, clean, {p422: clean, p423: lines(clean, l1=999)})
    assert finding.code == "W6"
    assert finding.detail == {"precinct": "P00422"}
    assert finding.fields == ("1", "2", "3", "4", "5", "6", "7", "8", *CHOICES, AGAINST_ALL)
    # an incomplete protocol is not compared
    empty = lines(clean, l1=None)
    assert check_duplicate(mz_l, empty, {p422: empty}) == ()


def test_w7_ballot_types_issued_differ(election: Election, mz_l: Contest, clean: Figures) -> None:
    s01 = election.contest("MZ-S01")
    smd = Figures((1000, 900, 680, 20, 200, 670, 20, 10), (300, 200, 172), 8)
    (finding,) = check_ballot_types(RULES_2023, mz_l, clean, [(s01, smd)])
    assert finding == Finding(
        "W7", WARN, "≠", (Term("3", 700), Term("4", 20)),
        (Term("MZ-S01:3", 680), Term("MZ-S01:4", 20)), fields=("3", "4"),
        detail={"contest": "MZ-S01"},
    )  # fmt: skip
    # 720 against 706: 14 is under 2% of 720 (14.4)
    near = lines(smd, l3=686)
    assert check_ballot_types(RULES_2023, mz_l, clean, [(s01, near)]) == ()
    assert check_ballot_types(RULES_2023, mz_l, clean, [(mz_l, smd)]) == ()  # not itself


def test_w8_voters_on_the_list_against_the_register(mz_l: Contest, clean: Figures) -> None:
    f = lines(clean, l1=1101)
    (finding,) = check_warnings(mz_l, f, RULES_2023, electorate=1000)
    assert finding.text() == "W8: 101 > 10% × 1000"
    assert check_warnings(mz_l, lines(clean, l1=1100), RULES_2023, electorate=1000) == ()
    assert check_warnings(mz_l, f, RULES_2023) == ()  # no register to compare with


def test_thresholds_are_settings(mz_l: Contest, clean: Figures) -> None:
    strict = replace(RULES_2023, warnings=WarningThresholds(w1_invalid_share=Fraction(1, 100)))
    assert [x.code for x in check_warnings(mz_l, clean, strict)] == ["W1"]


def test_errors_and_warnings_split(mz_l: Contest, clean: Figures) -> None:
    f = lines(clean, l2=901, l1=720)
    found = check_protocol(mz_l, f, RULES_2023)
    assert [x.code for x in errors(found)] == ["K1"]
    assert [x.code for x in warnings(found)] == ["W2"]


@pytest.mark.parametrize("n", range(1, 9))
def test_a_protocol_has_eight_lines(n: int) -> None:
    if n == 8:
        assert len(Figures((0,) * 8, ()).lines) == 8
    else:
        with pytest.raises(ValueError, match="8 lines"):
            Figures((0,) * n, ())
