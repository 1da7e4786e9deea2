"""The margins service on SQLite and PostgreSQL: margins from accepted protocols only,
the uncounted protocols' verdict, observers' differences applied."""

from __future__ import annotations

import pytest

from kztally.domain.margins import AGAINST_ALL, Verdict, district_margins, list_margins
from kztally.domain.rules import RULES_2023, Role
from kztally.domain.seats import ListVotes
from kztally.services.errors import InvalidRequest, NotFound
from kztally.services.margins import Difference
from tests.conftest import ServicesFactory
from tests.services.test_results import enter_twice, lst, smd


def test_margins_of_accepted_figures(services: ServicesFactory) -> None:
    admin = services("admin")
    c1, c2 = services("clerk1", Role.CLERK), services("clerk2", Role.CLERK)
    enter_twice(c1, c2, "P00001", "MZ-L", lst(300, 200, 50, 50))
    enter_twice(c1, c2, "P00004", "MZ-L", lst(100, 150, 20, 30))
    enter_twice(c1, c2, "P00001", "MZ-S01", smd(400, 150, 50))

    found = admin.margins.margins()
    assert [m.contest.id for m in found.contests] == ["MZ-L", "MZ-S01", "MZ-S02"]
    ml, s01, s02 = found.contests
    expected = list_margins(
        [ListVotes("L-A", 400, 1), ListVotes("L-B", 350, 2), ListVotes("L-C", 70, 3)],
        5,
        RULES_2023,
        80,
    )
    assert ml.margins == expected
    assert ml.votes == (("L-A", 400), ("L-B", 350), ("L-C", 70), (AGAINST_ALL, 80))
    assert (ml.outstanding, ml.outstanding_electorate) == (4, 4000)
    assert ml.verdict is Verdict.CAN  # 4000 ballots still to come outweigh any margin

    assert s01.margins == district_margins([("S01-1", 400), ("S01-2", 150)], 50, RULES_2023)
    assert s01.margins.moved is not None and s01.margins.moved.ballots == 125
    assert s01.margins.added is not None and s01.margins.added.ballots == 250
    assert (s01.outstanding_electorate, s01.verdict) == (2000, Verdict.CAN)
    # nothing counted in district 2: one ballot elects someone
    assert s02.margins.added is not None and s02.margins.added.ballots == 1
    assert s02.margins.winner is None

    # a region holds a part of the lists' constituency: no list margins there
    assert [m.contest.id for m in admin.margins.margins("R01").contests] == ["MZ-S01"]
    with pytest.raises(NotFound):
        admin.margins.margins("R99")


def test_uncounted_protocols_that_cannot_matter(services: ServicesFactory) -> None:
    admin = services("admin")
    c1, c2 = services("clerk1", Role.CLERK), services("clerk2", Role.CLERK)
    enter_twice(c1, c2, "P00001", "MZ-S01", smd(700, 150, 0))
    enter_twice(c1, c2, "P00002", "MZ-S01", smd(690, 160, 0))
    s01 = next(m for m in admin.margins.margins().contests if m.contest.id == "MZ-S01")
    # 1080 ahead; one precinct of 1000 voters is all that is left
    assert (s01.margins.safe, s01.outstanding_electorate) == (1079, 1000)
    assert s01.verdict is Verdict.CANNOT


def test_differences_applied(services: ServicesFactory) -> None:
    admin = services("admin")
    c1, c2 = services("clerk1", Role.CLERK), services("clerk2", Role.CLERK)
    enter_twice(c1, c2, "P00001", "MZ-S01", smd(400, 150, 50))
    enter_twice(c1, c2, "P00001", "MZ-L", lst(300, 200, 50, 50))
    verdicts = admin.margins.matter(
        [
            Difference("P00001", "MZ-S01", "S01-2", 300),
            Difference("P00002", "MZ-S01", "S01-1", -100),
            Difference("P00001", "MZ-L", AGAINST_ALL, 1),
        ]
    )
    by = {v.contest.contest.id: v for v in verdicts}
    assert by["MZ-S01"].deltas == (("S01-1", -100), ("S01-2", 300))
    assert (by["MZ-S01"].weight, by["MZ-S01"].changes) == (400, True)
    assert (by["MZ-L"].weight, by["MZ-L"].changes) == (1, False)

    with pytest.raises(InvalidRequest, match="no choice S01-9"):
        admin.margins.matter([Difference("P00001", "MZ-S01", "S01-9", 1)])
    with pytest.raises(InvalidRequest, match="negative"):
        admin.margins.matter([Difference("P00001", "MZ-S01", "S01-1", -401)])
    with pytest.raises(InvalidRequest, match="no seat or winner"):
        admin.margins.matter([Difference("P00001", "MZ-L", "L-A", 1)], "R01")
