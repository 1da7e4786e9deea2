"""Results by area follow the law, on SQLite and PostgreSQL: a list contest's seats are
allocated over its whole constituency only, a district's winner is named only for an area
that holds the whole district; a part shows its own sums and shares."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from kztally.domain.election import (
    Area,
    AreaKind,
    Body,
    BodyKind,
    Choice,
    Contest,
    ContestKind,
    Election,
    Party,
)
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, BodyId, ChoiceId, ContestId, PartyId
from kztally.domain.protocol import Figures
from kztally.domain.results import BodyResult, Constituency, Progress
from kztally.domain.rules import Role
from kztally.services.results import AreaResults
from tests.conftest import ServicesFactory

# KZ > R01 > R01-D01 (P00001, P00002), R01-D02 (P00003, P00004); R02 > R02-D01 (P00005,
# P00006). Mazhilis: lists over KZ (5 seats); MZ-S01 is R01, MZ-S02 is R02. R01's
# maslikhat: lists over R01 (3 seats); ML-R01-S01 is P00001-P00003 (across two districts),
# ML-R01-S02 is P00004 alone.
ML_S01 = ("P00001", "P00002", "P00003")


def _choices(prefix: str, n: int, parties: bool) -> tuple[Choice, ...]:
    return tuple(
        Choice(
            ChoiceId(f"{prefix}-{k}"),
            f"{prefix} {k}",
            k,
            registration_order=k,
            party=PartyId("ABC"[k - 1]) if parties else None,
        )
        for k in range(1, n + 1)
    )


def build() -> Election:
    def contest(cid: str, body: str, kind: ContestKind, area: str, seats: int) -> Contest:
        number = int(cid[-2:]) if kind is ContestKind.SMD else None
        choices = _choices(cid, 3 if kind is ContestKind.LIST else 2, kind is ContestKind.LIST)
        return Contest(
            ContestId(cid), BodyId(body), kind, cid, AreaCode(area), seats, choices, number=number
        )

    lst, smd = ContestKind.LIST, ContestKind.SMD
    contests = (
        contest("MZ-L", "MZ", lst, "KZ", 5),
        contest("MZ-S01", "MZ", smd, "R01", 1),
        contest("MZ-S02", "MZ", smd, "R02", 1),
        contest("ML-R01-L", "ML-R01", lst, "R01", 3),
        contest("ML-R01-S01", "ML-R01", smd, "R01", 1),
        contest("ML-R01-S02", "ML-R01", smd, "R01", 1),
    )
    areas = [Area(AreaCode("KZ"), AreaKind.COUNTRY, "Kazakhstan", None)]
    n = 0
    for region, districts in (("R01", 2), ("R02", 1)):
        areas.append(Area(AreaCode(region), AreaKind.REGION, f"Region {region}", AreaCode("KZ")))
        for d in range(1, districts + 1):
            dcode = AreaCode(f"{region}-D{d:02d}")
            areas.append(Area(dcode, AreaKind.DISTRICT, f"District {dcode}", AreaCode(region)))
            for _ in range(2):
                n += 1
                code = f"P{n:05d}"
                held = ["MZ-L", "MZ-S01" if region == "R01" else "MZ-S02"]
                if region == "R01":
                    held += ["ML-R01-L", "ML-R01-S01" if code in ML_S01 else "ML-R01-S02"]
                areas.append(
                    Area(
                        AreaCode(code),
                        AreaKind.PRECINCT,
                        f"Station {n}",
                        dcode,
                        number=str(n),
                        electorate=1000,
                        contests=tuple(ContestId(c) for c in held),
                    )
                )
    return Election(
        id="AREAS-2023",
        name="Results by area",
        date=dt.date(2023, 3, 19),
        parties=tuple(Party(PartyId(p), f"Party {p}") for p in "ABC"),
        bodies=(
            Body(BodyId("MZ"), BodyKind.MAZHILIS, "Mazhilis", AreaCode("KZ")),
            Body(BodyId("ML-R01"), BodyKind.MASLIKHAT, "R01 maslikhat", AreaCode("R01")),
        ),
        contests=contests,
        areas=tuple(areas),
        training=True,
    )


@pytest.fixture
def election() -> Election:
    return build()


def figures(votes: tuple[int, ...], boxes: int) -> Figures:
    """A consistent protocol; a precinct's ballot types all have `boxes` ballots (no W7)."""
    against = boxes - sum(votes)
    return Figures((1000, 1000, boxes, 0, 1000 - boxes, boxes, 0, 0), votes, against)


# Region R01 alone would give list C (4.4% there) no seat and list B many; over the whole
# country (R02 is B's stronghold) the allocation differs. Every figure differs, so no W6.
LISTS = {
    "P00001": (300, 100, 20),
    "P00002": (310, 90, 21),
    "P00003": (280, 110, 19),
    "P00004": (290, 105, 22),
    "P00005": (100, 400, 60),
    "P00006": (110, 390, 70),
}


def accept_everything(services: ServicesFactory, election: Election) -> None:
    c1, c2 = services("clerk1", Role.CLERK), services("clerk2", Role.CLERK)
    for k, (precinct, contest) in enumerate(election.iter_protocol_keys()):
        c = election.contest(contest)
        if c.kind is ContestKind.LIST:
            base = LISTS[precinct]
            votes = base if contest == "MZ-L" else tuple(v + 3 for v in base)
        else:
            votes = (200 + 7 * k, 150 + k)
        f = figures(votes, 700 + int(precinct[1:]))
        for clerk in (c1, c2):
            version = clerk.entry.view(precinct, contest).version
            state = clerk.entry.enter(precinct, contest, f, expected_version=version).state
        assert state is State.ACCEPTED, (precinct, contest)


def body(r: AreaResults, body_id: str) -> BodyResult:
    found = [b for b in (r.mazhilis, *r.maslikhats) if b is not None and b.body.id == body_id]
    assert len(found) == 1
    return found[0]


def test_the_country_allocates_every_seat(services: ServicesFactory, election: Election) -> None:
    accept_everything(services, election)
    r = services("admin").results.results()
    mz = body(r, "MZ")
    assert mz.lists is not None and mz.lists.allocation is not None
    assert mz.lists.constituency == Constituency(AreaCode("KZ"), True, 6, 6)
    assert sum(x.seats for x in mz.lists.allocation.lists) == 5
    assert all(d.result is not None and d.result.winner for d in mz.districts)
    ml = body(r, "ML-R01")
    assert ml.lists is not None and ml.lists.allocation is not None
    assert sum(x.seats for x in ml.lists.allocation.lists) == 3
    assert [d.constituency for d in ml.districts] == [
        Constituency(AreaCode("R01"), True, 3, 3),
        Constituency(AreaCode("P00004"), True, 1, 1),
    ]


def test_a_region_shows_its_shares_and_no_national_seats(
    services: ServicesFactory, election: Election
) -> None:
    accept_everything(services, election)
    r = services("admin").results.results("R01")
    mz = body(r, "MZ")
    lists = mz.lists
    assert lists is not None
    assert lists.allocation is None  # no threshold, no seats over one region's votes
    assert lists.constituency == Constituency(AreaCode("KZ"), False, 6, 4)
    votes = tuple(
        sum(LISTS[p][i] for p in ("P00001", "P00002", "P00003", "P00004")) for i in range(3)
    )
    assert [(s.id, s.votes) for s in lists.shares] == list(
        zip(("MZ-L-1", "MZ-L-2", "MZ-L-3"), votes, strict=True)
    )
    against = lists.totals.against_all
    assert lists.valid_total == sum(votes) + against  # 2023: 'against all' is valid
    assert [s.share for s in lists.shares] == [Fraction(v, sum(votes) + against) for v in votes]
    assert lists.shares[2].share < Fraction(5, 100)  # under 5% here: still no seat to show
    # the region holds the whole of its Mazhilis district, and its maslikhat's constituency
    (s01,) = mz.districts
    assert s01.whole and s01.result is not None and s01.result.winner == "MZ-S01-1"
    ml = body(r, "ML-R01")
    assert ml.lists is not None and ml.lists.allocation is not None
    assert ml.lists.constituency == Constituency(AreaCode("R01"), True, 4, 4)
    assert sum(x.seats for x in ml.lists.allocation.lists) == 3
    assert all(d.whole and d.result is not None for d in ml.districts)


def test_a_district_holds_parts_of_districts_and_lists(
    services: ServicesFactory, election: Election
) -> None:
    accept_everything(services, election)
    r = services("admin").results.results("R01-D02")
    mz = body(r, "MZ")
    assert mz.lists is not None and mz.lists.allocation is None
    (s01,) = mz.districts
    assert s01.result is None and not s01.whole  # P00003, P00004 of R01's four precincts
    assert s01.constituency == Constituency(AreaCode("R01"), False, 4, 2)
    assert s01.totals.protocols == 2
    ml = body(r, "ML-R01")
    assert ml.lists is not None and ml.lists.allocation is None
    assert ml.lists.constituency == Constituency(AreaCode("R01"), False, 4, 2)
    part, whole = ml.districts
    assert part.contest.id == "ML-R01-S01" and part.result is None
    assert part.constituency == Constituency(AreaCode("R01"), False, 3, 1)
    assert part.totals.protocols == 1
    assert whole.contest.id == "ML-R01-S02" and whole.result is not None
    assert whole.result.winner is not None


def test_a_precinct_is_a_part_of_everything(services: ServicesFactory, election: Election) -> None:
    accept_everything(services, election)
    r = services("admin").results.results("P00005")
    mz = body(r, "MZ")
    assert mz.lists is not None and mz.lists.allocation is None
    assert [s.votes for s in mz.lists.shares] == list(LISTS["P00005"])
    (s02,) = mz.districts
    assert s02.result is None and s02.constituency == Constituency(AreaCode("R02-D01"), False, 2, 1)
    assert r.maslikhats == ()


def test_parts_sum_a_body_by_the_areas_below(services: ServicesFactory, election: Election) -> None:
    accept_everything(services, election)
    results = services("admin").results
    r01 = results.parts("R01", "ML-R01")
    assert [p.area.code for p in r01] == ["R01-D01", "R01-D02"]
    assert [p.contest for p in r01] == ["ML-R01-L", "ML-R01-L"]
    for part in r01:
        assert part.totals == results.results(part.area.code).totals[ContestId("ML-R01-L")]
        # two protocols of the maslikhat (its list and one district) at each precinct
        assert part.progress == Progress(
            expected=4, accepted=4, electorate=2000, electorate_covered=2000
        )
    country = results.parts("KZ", "MZ")
    assert [p.area.code for p in country] == ["R01", "R02"]
    assert country[1].totals == results.results("R02").totals[ContestId("MZ-L")]
    assert results.parts("KZ", "ML-R01")[0].area.code == "R01"  # R02 holds none of it
    assert len(results.parts("KZ", "ML-R01")) == 1
