"""Results of an elected body over an area: list seats, district winners and progress.

Pure: the caller supplies the totals of accepted protocols per contest and the counts of
protocols by state; this module applies the rule set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from kztally.domain.election import Body, Contest, ContestKind, Election
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.seats import (
    Allocation,
    ListVotes,
    LotDraw,
    SmdResult,
    allocate_list_seats,
    smd_winner,
)
from kztally.domain.tally import Totals


@dataclass(frozen=True, slots=True)
class Progress:
    """How far counting has got: protocols by state, and the electorate covered."""

    expected: int = 0
    accepted: int = 0
    breach: int = 0
    """Accepted with a breach of a control ratio (counted in `accepted` too)."""
    annulled: int = 0
    pending: int = 0
    """Entered but not yet accepted (first entry, entries differ, awaiting a decision)."""
    missing: int = 0
    """Not entered at all."""
    electorate: int = 0
    electorate_covered: int = 0
    """Registered voters of precincts whose protocols are all accepted or annulled."""

    def __add__(self, other: Progress) -> Progress:
        return Progress(
            self.expected + other.expected,
            self.accepted + other.accepted,
            self.breach + other.breach,
            self.annulled + other.annulled,
            self.pending + other.pending,
            self.missing + other.missing,
            self.electorate + other.electorate,
            self.electorate_covered + other.electorate_covered,
        )

    @property
    def share_covered(self) -> Fraction:
        if self.electorate == 0:
            return Fraction(0)
        return Fraction(self.electorate_covered, self.electorate)


@dataclass(frozen=True, slots=True)
class ListResult:
    contest: Contest
    totals: Totals
    allocation: Allocation


@dataclass(frozen=True, slots=True)
class DistrictResult:
    contest: Contest
    totals: Totals
    result: SmdResult


@dataclass(frozen=True, slots=True)
class BodyResult:
    body: Body
    lists: ListResult | None
    districts: tuple[DistrictResult, ...]
    progress: Progress


def list_result(
    election: Election, contest: Contest, totals: Totals, lots: Sequence[LotDraw] = ()
) -> ListResult:
    votes = [
        ListVotes(choice.id, v, choice.registration_order)
        for choice, v in zip(contest.choices, totals.votes, strict=True)
    ]
    allocation = allocate_list_seats(
        votes, contest.seats, election.rules, totals.against_all if contest.against_all else 0, lots
    )
    return ListResult(contest, totals, allocation)


def district_result(
    election: Election, contest: Contest, totals: Totals, lots: Sequence[LotDraw] = ()
) -> DistrictResult:
    candidates = [(c.id, v) for c, v in zip(contest.choices, totals.votes, strict=True)]
    return DistrictResult(
        contest, totals, smd_winner(candidates, totals.against_all, election.rules, lots)
    )


def body_result(
    election: Election,
    body: Body,
    totals: Mapping[ContestId, Totals],
    progress: Mapping[ContestId, Progress],
    lots: Mapping[ContestId, Sequence[LotDraw]] | None = None,
    contests: Sequence[Contest] | None = None,
) -> BodyResult:
    """The body's result from the totals of its contests (a missing contest counts zero).

    `contests` limits the body's contests to those held in the area asked about.
    """
    lots = lots or {}
    list_part: ListResult | None = None
    districts: list[DistrictResult] = []
    total_progress = Progress()
    for contest in contests if contests is not None else election.contests_of(body.id):
        t = totals.get(contest.id) or Totals.zero(contest)
        total_progress = total_progress + progress.get(contest.id, Progress())
        match contest.kind:
            case ContestKind.LIST:
                list_part = list_result(election, contest, t, lots.get(contest.id, ()))
            case ContestKind.SMD:
                districts.append(district_result(election, contest, t, lots.get(contest.id, ())))
    districts.sort(key=lambda d: d.contest.number or 0)
    return BodyResult(body, list_part, tuple(districts), total_progress)


def contests_in_area(election: Election, area: AreaCode | str) -> dict[ContestId, None]:
    """The contests held at any precinct at or below an area, in the election's order."""
    held: set[ContestId] = set()
    for precinct in election.precincts(area):
        held.update(precinct.contests)
    return {c.id: None for c in election.contests if c.id in held}
