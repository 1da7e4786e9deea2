"""The SQL sums the results rest on (kztally.storage.tally, through the results service)
equal the pure `domain.tally.aggregate` over the same protocols, on SQLite and PostgreSQL.

Hypothesis generates protocols; each is entered twice by two clerks and, when it waits
for a decision, accepted by a supervisor where the rule set lets one. Only the protocols
that end accepted are counted, by both sides. One database serves every example: each
example has a district of its own, and the results over that district are compared."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
from kztally.domain.protocol import Figures, Severity
from kztally.domain.rules import Role
from kztally.domain.tally import Totals, aggregate
from kztally.services.context import Services
from tests.conftest import ServicesFactory

DISTRICTS = 120
PRECINCTS = 4
EXAMPLES = 30
LISTS = ContestId("MZ-L")
SMD = ContestId("MZ-S01")


def build() -> Election:
    areas = [
        Area(AreaCode("KZ"), AreaKind.COUNTRY, "Kazakhstan", None),
        Area(AreaCode("R01"), AreaKind.REGION, "Region", AreaCode("KZ")),
    ]
    n = 0
    for d in range(1, DISTRICTS + 1):
        district = AreaCode(f"R01-D{d:03d}")
        areas.append(Area(district, AreaKind.DISTRICT, f"District {d}", AreaCode("R01")))
        for _ in range(PRECINCTS):
            n += 1
            areas.append(
                Area(
                    AreaCode(f"P{n:05d}"),
                    AreaKind.PRECINCT,
                    f"Station {n}",
                    district,
                    number=str(n),
                    electorate=1000,
                    contests=(LISTS, SMD),
                )
            )
    lists = tuple(
        Choice(ChoiceId(f"L-{p}"), f"List {p}", i + 1, registration_order=i + 1, party=PartyId(p))
        for i, p in enumerate("ABCD")
    )
    candidates = tuple(Choice(ChoiceId(f"S-{k}"), f"Candidate {k}", k) for k in (1, 2, 3))
    return Election(
        id="SUMS-2023",
        name="Sums",
        date=dt.date(2023, 3, 19),
        parties=tuple(Party(PartyId(p), f"Party {p}") for p in "ABCD"),
        bodies=(Body(BodyId("MZ"), BodyKind.MAZHILIS, "Mazhilis", AreaCode("KZ")),),
        contests=(
            Contest(LISTS, BodyId("MZ"), ContestKind.LIST, "Lists", AreaCode("KZ"), 9, lists),
            Contest(SMD, BodyId("MZ"), ContestKind.SMD, "District", AreaCode("KZ"), 1, candidates),
        ),
        areas=tuple(areas),
        training=True,
    )


class Desk:
    """Two clerks and a supervisor on one database, and the districts not yet used."""

    def __init__(self, services: ServicesFactory, election: Election) -> None:
        self.election = election
        self.admin = services("admin")
        self.c1, self.c2 = services("c1", Role.CLERK), services("c2", Role.CLERK)
        self.sup = services("sup", Role.SUPERVISOR)
        self.districts: Iterator[int] = iter(range(1, DISTRICTS + 1))
        self.accepted: dict[ContestId, list[Figures]] = {LISTS: [], SMD: []}
        """Every protocol accepted so far, by any example."""

    def settle(self, precinct: AreaCode, contest: ContestId, f: Figures, twice: bool) -> State:
        """Enter the figures (twice, or once only) and accept what a supervisor may."""
        view = self.c1.entry.enter(precinct, contest, f, expected_version=1)
        if not twice:
            return view.state
        view = self.c2.entry.enter(precinct, contest, f, expected_version=view.version)
        if view.state is State.PENDING:
            errors = {x.code for x in view.findings if x.severity is Severity.ERROR}
            if errors <= self.election.rules.breach_acceptable:
                view = self.sup.entry.accept(
                    precinct,
                    contest,
                    reason="as on the paper",
                    act_reference="act 1" if errors else "",
                    expected_version=view.version,
                )
        return view.state


@pytest.fixture
def election() -> Election:
    return build()


@pytest.fixture
def desk(services: ServicesFactory, election: Election) -> Desk:
    return Desk(services, election)


figure = st.integers(0, 5_000)


def protocol(choices: int) -> st.SearchStrategy[tuple[Figures, bool]]:
    """Whole figures (an accepted protocol has no empty field) and whether the second
    entry is made (a protocol with one entry must not count)."""
    figures = st.builds(Figures, st.tuples(*[figure] * 8), st.tuples(*[figure] * choices), figure)
    return st.tuples(figures, st.booleans())


def _contest_totals(results: Services, area: AreaCode, contest: Contest) -> Totals:
    return results.results.results(area).totals.get(contest.id) or Totals.zero(contest)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_sql_sums_equal_the_pure_aggregate(desk: Desk, data: st.DataObject) -> None:
    election = desk.election
    number = next(desk.districts, None)
    assert number is not None, f"more than {DISTRICTS} examples: raise DISTRICTS"
    district = AreaCode(f"R01-D{number:03d}")
    precincts = [p.code for p in election.precincts(district)]
    used = data.draw(st.integers(0, PRECINCTS), label="precincts entered")
    counted: list[tuple[AreaCode, ContestId, Figures]] = []
    for precinct, contest_id in itertools.product(precincts[:used], (LISTS, SMD)):
        contest = election.contest(contest_id)
        f, twice = data.draw(protocol(len(contest.choices)), label=f"{precinct} {contest_id}")
        if desk.settle(precinct, contest_id, f, twice) is State.ACCEPTED:
            counted.append((precinct, contest_id, f))
            desk.accepted[contest_id].append(f)
    for contest_id in (LISTS, SMD):
        contest = election.contest(contest_id)
        mine = [f for _, c, f in counted if c == contest_id]
        assert _contest_totals(desk.admin, district, contest) == aggregate(contest, mine)
        # one precinct at a time: the area filter keeps exactly its own rows
        for precinct in precincts:
            alone = [f for p, c, f in counted if c == contest_id and p == precinct]
            assert _contest_totals(desk.admin, precinct, contest) == aggregate(contest, alone)
        # and the country's sums hold every example's accepted protocols so far
        everything = desk.accepted[contest_id]
        assert _contest_totals(desk.admin, AreaCode("KZ"), contest) == aggregate(
            contest, everything
        )
