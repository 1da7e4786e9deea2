"""The results service on SQLite and PostgreSQL: sums, seats, winners, progress, cache."""

from __future__ import annotations

from fractions import Fraction

from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.results import Progress
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.results import Outstanding, ResultsService
from tests.conftest import ServicesFactory

MZ_L = ContestId("MZ-L")


def lst(a: int, b: int, c: int, against: int, invalid: int = 0) -> Figures:
    """A consistent list protocol for 1000 voters."""
    boxes = a + b + c + against + invalid
    return Figures((1000, 1000, boxes, 0, 1000 - boxes, boxes, 0, invalid), (a, b, c), against)


def smd(x: int, y: int, against: int) -> Figures:
    boxes = x + y + against
    return Figures((1000, 1000, boxes, 0, 1000 - boxes, boxes, 0, 0), (x, y), against)


def enter_twice(c1: Services, c2: Services, precinct: str, contest: str, f: Figures) -> State:
    p, c = AreaCode(precinct), ContestId(contest)
    c1.entry.enter(p, c, f, expected_version=c1.entry.view(p, c).version)
    return c2.entry.enter(p, c, f, expected_version=c2.entry.view(p, c).version).state


def test_results_from_accepted_protocols_only(services: ServicesFactory) -> None:
    admin = services("admin")
    c1, c2 = services("clerk1", Role.CLERK), services("clerk2", Role.CLERK)
    results = ResultsService(admin.db, admin.elections.require)

    empty = results.results()
    assert empty.mazhilis is not None and empty.mazhilis.lists is not None
    assert empty.progress == Progress(
        expected=12, missing=12, electorate=6000, electorate_covered=0
    )
    assert [r.seats for r in empty.mazhilis.lists.allocation.lists] == [0, 0, 0]

    assert enter_twice(c1, c2, "P00001", "MZ-L", lst(300, 200, 50, 50)) is State.ACCEPTED
    assert enter_twice(c1, c2, "P00004", "MZ-L", lst(100, 150, 20, 30)) is State.ACCEPTED
    # only a first entry: not counted
    c1.entry.enter(AreaCode("P00002"), MZ_L, lst(900, 0, 0, 0), expected_version=1)
    assert enter_twice(c1, c2, "P00001", "MZ-S01", smd(400, 150, 50)) is State.ACCEPTED

    r = results.results()
    assert r.mazhilis is not None and r.mazhilis.lists is not None
    alloc = r.mazhilis.lists.allocation
    assert alloc.valid_total == 400 + 350 + 70 + 80
    assert [(x.id, x.votes, x.seats) for x in alloc.lists] == [
        ("L-A", 400, 3),  # 400 / 164 = 2.44: the largest remainder
        ("L-B", 350, 2),  # 2.13
        ("L-C", 70, 0),  # 0.43: qualified (7.8%), no seat
    ]
    assert [x.qualified for x in alloc.lists] == [True, True, True]
    assert alloc.quota == Fraction(820, 5)
    s01, s02 = r.mazhilis.districts
    assert (s01.contest.id, s01.result.winner, s01.result.votes) == ("MZ-S01", "S01-1", 400)
    assert (s02.contest.id, s02.result.winner) == ("MZ-S02", None)  # nothing counted yet
    assert r.progress == Progress(
        expected=12, accepted=3, pending=1, missing=8, electorate=6000, electorate_covered=1000
    )
    # P00001's two Mazhilis protocols are both in: its electorate is covered
    assert r.mazhilis.progress.electorate_covered == 1000

    assert Outstanding(AreaCode("P00002"), MZ_L, State.FIRST_ENTRY) in results.outstanding()
    assert len(results.outstanding()) == 9
    assert len(results.outstanding("R02")) == 5


def test_area_results_sum_only_that_area(services: ServicesFactory) -> None:
    admin = services("admin")
    c1, c2 = services("clerk1", Role.CLERK), services("clerk2", Role.CLERK)
    enter_twice(c1, c2, "P00001", "MZ-L", lst(300, 200, 50, 50))
    enter_twice(c1, c2, "P00004", "MZ-L", lst(100, 150, 20, 30))
    results = ResultsService(admin.db, admin.elections.require)
    r01 = results.results("R01")
    assert r01.mazhilis is not None and r01.mazhilis.lists is not None
    assert r01.totals[MZ_L].votes == (300, 200, 50)
    assert [d.contest.id for d in r01.mazhilis.districts] == ["MZ-S01"]
    assert r01.progress.expected == 6
    precinct = results.results("P00004")
    assert precinct.totals[MZ_L].votes == (100, 150, 20)
    assert precinct.progress.expected == 2


def test_cache_follows_the_data_version(services: ServicesFactory) -> None:
    admin = services("admin")
    c1, c2 = services("clerk1", Role.CLERK), services("clerk2", Role.CLERK)
    results = ResultsService(admin.db, admin.elections.require)
    first = results.results()
    assert results.results() is first  # nothing written: the same object from the cache
    enter_twice(c1, c2, "P00001", "MZ-L", lst(300, 200, 50, 50))
    second = results.results()
    assert second is not first
    assert second.data_version > first.data_version
    assert second.totals[MZ_L].votes == (300, 200, 50)


def test_annulled_and_breach_are_counted_apart(services: ServicesFactory) -> None:
    admin = services("admin")
    sup = services("sup", Role.SUPERVISOR)
    c1, c2 = services("clerk1", Role.CLERK), services("clerk2", Role.CLERK)
    p1, p2 = AreaCode("P00001"), AreaCode("P00002")
    enter_twice(c1, c2, "P00001", "MZ-L", lst(300, 200, 50, 50))
    sup.entry.annul(
        p1,
        MZ_L,
        reason="violations",
        reference="TEC decision 7",
        expected_version=sup.entry.view(p1, MZ_L).version,
    )
    # K3: more ballots in the boxes than were issued, accepted on an act
    broken = Figures((1000, 1000, 500, 0, 500, 510, 0, 10), (300, 150, 40), 10)
    assert enter_twice(c1, c2, "P00002", "MZ-L", broken) is State.PENDING
    view = sup.entry.view(p2, MZ_L)
    sup.entry.accept(
        p2,
        MZ_L,
        reason="act on the extra ballots",
        act_reference="act 12",
        expected_version=view.version,
    )
    r = ResultsService(admin.db, admin.elections.require).results()
    assert r.mazhilis is not None
    assert r.totals[MZ_L].votes == (300, 150, 40)  # the annulled precinct adds nothing
    p = r.mazhilis.progress
    assert (p.accepted, p.breach, p.annulled) == (1, 1, 1)
