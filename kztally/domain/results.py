"""Results of an elected body over an area: list seats, district winners and progress.

Pure: the caller supplies the totals of accepted protocols per contest and the counts of
protocols by state; this module applies the rule set.

The law gives seats over a contest's whole constituency only: the Mazhilis lists' over
the whole country, a maslikhat's lists' over the maslikhat's area, a district's seat over
the whole district. For an area holding only a part of a constituency (a region, for the
Mazhilis lists), the result carries that part's votes and shares, with no threshold and
no seats, and a district's sums there are partial (no winner).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import assert_never

from kztally.domain.election import Body, Contest, ContestKind, Election
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.seats import (
    Allocation,
    ListVotes,
    LotDraw,
    Settlement,
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
class Constituency:
    """Where a contest's seats are allocated, and how much of it an area holds.

    A list contest's constituency is its area (the country for the Mazhilis lists, the
    maslikhat's area for a maslikhat's lists); a single-member district's is the smallest
    area holding every precinct that votes in it. Seats and winners are decided over the
    whole constituency only: an area that holds a part of it shows that part's sums.
    """

    area: AreaCode
    """The constituency's area (for a district, the smallest area holding it)."""
    whole: bool
    """The area asked about holds the whole constituency."""
    precincts: int
    """Precincts voting in the contest, in all."""
    precincts_here: int
    """Of those, the ones at or below the area asked about."""


@dataclass(frozen=True, slots=True)
class ListShare:
    """A list's votes over the area asked about, and its share of the valid total there."""

    id: str
    votes: int
    share: Fraction


@dataclass(frozen=True, slots=True)
class ListResult:
    contest: Contest
    totals: Totals
    constituency: Constituency
    valid_total: int
    """The denominator of the shares (the rule set says whether 'against all' is in it)."""
    against_all: int
    shares: tuple[ListShare, ...]
    """Every list in ballot order, over the area asked about."""
    allocation: Allocation | None
    """The threshold and the seats: only over the whole constituency (None for a part,
    whose votes are summed with the rest of the constituency before any seat is given)."""

    @property
    def whole(self) -> bool:
        return self.constituency.whole


@dataclass(frozen=True, slots=True)
class DistrictResult:
    contest: Contest
    totals: Totals
    constituency: Constituency
    result: SmdResult | None
    """The winner: only over the whole district (None for a part, whose sums are partial)."""

    @property
    def whole(self) -> bool:
        return self.constituency.whole


@dataclass(frozen=True, slots=True)
class BodyResult:
    body: Body
    lists: ListResult | None
    districts: tuple[DistrictResult, ...]
    progress: Progress


def constituency(election: Election, contest: Contest, area: AreaCode | str) -> Constituency:
    """The contest's constituency as seen from an area (see `Constituency`); worked out
    once an election for each contest and area (live results ask again and again)."""
    memo: dict[tuple[str, str], Constituency] | None = election.__dict__.get(_MEMO)
    if memo is None:
        memo = {}
        object.__setattr__(election, _MEMO, memo)  # a cache, as Election._held
    found = memo.get((contest.id, area))
    if found is None:
        found = memo[(contest.id, area)] = _constituency(election, contest, area)
    return found


_MEMO = "_constituencies"


def _constituency(election: Election, contest: Contest, area: AreaCode | str) -> Constituency:
    held = election.precincts_holding(contest.id)
    by_parent: dict[AreaCode | None, int] = {}
    for p in held:
        parent = election.area(p).parent
        by_parent[parent] = by_parent.get(parent, 0) + 1
    here = sum(n for parent, n in by_parent.items() if parent and election.within(parent, area))
    if area in held:
        here += 1
    if contest.kind is ContestKind.LIST:
        home = contest.area
    elif len(held) == 1:
        home = held[0]
    else:
        home = _smallest_area_holding(election, [p for p in by_parent if p]) or contest.area
    return Constituency(home, election.within(home, area), len(held), here)


def _smallest_area_holding(election: Election, areas: Sequence[AreaCode]) -> AreaCode | None:
    if not areas:
        return None
    common = [areas[0], *(a.code for a in election.ancestors(areas[0]))]
    for other in areas[1:]:
        while common and not election.within(other, common[0]):
            common.pop(0)
    return common[0] if common else None


def list_shares(
    election: Election, contest: Contest, totals: Totals
) -> tuple[int, tuple[ListShare, ...]]:
    """(valid total, every list's votes and share) over the protocols summed in `totals`."""
    against = totals.against_all if contest.against_all else 0
    valid = sum(totals.votes) + (against if election.rules.valid_total_includes_against_all else 0)
    return valid, tuple(
        ListShare(choice.id, v, Fraction(v, valid) if valid else Fraction(0))
        for choice, v in zip(contest.choices, totals.votes, strict=True)
    )


def list_result(
    election: Election,
    contest: Contest,
    totals: Totals,
    lots: Sequence[LotDraw] = (),
    area: AreaCode | str | None = None,
) -> ListResult:
    """Shares over the area; the threshold and the seats only when the area holds the
    contest's whole constituency (the default area is the constituency itself)."""
    where = constituency(election, contest, contest.area if area is None else area)
    valid, shares = list_shares(election, contest, totals)
    against = totals.against_all if contest.against_all else 0
    allocation: Allocation | None = None
    if where.whole:
        votes = [
            ListVotes(choice.id, v, choice.registration_order)
            for choice, v in zip(contest.choices, totals.votes, strict=True)
        ]
        allocation = allocate_list_seats(votes, contest.seats, election.rules, against, lots)
    return ListResult(contest, totals, where, valid, against, shares, allocation)


def district_result(
    election: Election,
    contest: Contest,
    totals: Totals,
    lots: Sequence[LotDraw] = (),
    area: AreaCode | str | None = None,
) -> DistrictResult:
    """The district's sums over the area; its winner only when the area holds all of it
    (the default area is the root: the whole district)."""
    where = constituency(election, contest, election.root.code if area is None else area)
    result: SmdResult | None = None
    if where.whole:
        candidates = [(c.id, v) for c, v in zip(contest.choices, totals.votes, strict=True)]
        result = smd_winner(candidates, totals.against_all, election.rules, lots)
    return DistrictResult(contest, totals, where, result)


def body_result(
    election: Election,
    body: Body,
    totals: Mapping[ContestId, Totals],
    progress: Mapping[ContestId, Progress],
    lots: Mapping[ContestId, Sequence[LotDraw]] | None = None,
    contests: Sequence[Contest] | None = None,
    area: AreaCode | str | None = None,
) -> BodyResult:
    """The body's result from the totals of its contests over an area (the whole
    territory by default; a missing contest counts zero).

    `contests` limits the body's contests to those held in the area asked about. Seats
    and winners are given only for contests whose whole constituency lies in the area.
    """
    lots = lots or {}
    where = election.root.code if area is None else area
    list_part: ListResult | None = None
    districts: list[DistrictResult] = []
    total_progress = Progress()
    for contest in contests if contests is not None else election.contests_of(body.id):
        t = totals.get(contest.id) or Totals.zero(contest)
        total_progress = total_progress + progress.get(contest.id, Progress())
        match contest.kind:
            case ContestKind.LIST:
                list_part = list_result(election, contest, t, lots.get(contest.id, ()), where)
            case ContestKind.SMD:
                districts.append(
                    district_result(election, contest, t, lots.get(contest.id, ()), where)
                )
            case _ as never:
                assert_never(never)
    districts.sort(key=lambda d: d.contest.number or 0)
    return BodyResult(body, list_part, tuple(districts), total_progress)


def contests_in_area(election: Election, area: AreaCode | str) -> dict[ContestId, None]:
    """The contests held at any precinct at or below an area, in the election's order."""
    held: set[ContestId] = set()
    for precinct in election.precincts(area):
        held.update(precinct.contests)
    return {c.id: None for c in election.contests if c.id in held}


@dataclass(frozen=True, slots=True)
class Tie:
    """A seat decided between equals: lists with equal remainders (L3) or a district's
    candidates with equal votes for first place (S1), and how it was settled."""

    contest: Contest
    tied: tuple[str, ...]
    """Every list or candidate in the tie, in ballot order."""
    votes: tuple[int, ...]
    """Their votes, in the same order."""
    remainder: Fraction | None
    """The lists' equal remainder (None for a district)."""
    seats: int
    """Seats the tied lists or candidates competed for (fewer than they are)."""
    settled_by: Settlement
    winners: tuple[str, ...]
    drawn: tuple[str, ...]
    """The ids a lot must order (empty: registration order settled it)."""
    lot: LotDraw | None
    """The recorded lot that settled it."""

    @property
    def open(self) -> bool:
        """It awaits a drawing of lots: its seat is not allocated."""
        return self.settled_by is Settlement.UNRESOLVED


def ties(result: BodyResult, lots: Mapping[ContestId, Sequence[LotDraw]]) -> tuple[Tie, ...]:
    """The ties of a body's results over whole constituencies, with the lots given to
    its allocation (`body_result`), in the body's order of contests."""
    out: list[Tie] = []
    lr = result.lists
    if lr is not None and lr.allocation is not None:
        votes: dict[str, int] = {
            c.id: v for c, v in zip(lr.contest.choices, lr.totals.votes, strict=True)
        }
        for t in lr.allocation.ties:
            out.append(
                Tie(
                    lr.contest,
                    t.lists,
                    tuple(votes[i] for i in t.lists),
                    t.remainder,
                    t.seats,
                    t.settled_by,
                    t.winners,
                    t.drawn,
                    _lot(lots.get(lr.contest.id, ()), t.drawn, t.settled_by),
                )
            )
    for d in result.districts:
        if d.result is None or d.result.votes == 0:
            continue
        top = d.result.votes
        leaders = tuple(cid for cid, v in d.result.ranking if v == top)
        if len(leaders) < 2:
            continue
        lot = _lot(lots.get(d.contest.id, ()), leaders, Settlement.LOT)
        settled = Settlement.UNRESOLVED if lot is None else Settlement.LOT
        winners = () if lot is None else (sorted(leaders, key=lot.order.index)[0],)
        out.append(
            Tie(d.contest, leaders, (top,) * len(leaders), None, 1, settled, winners, leaders, lot)
        )
    return tuple(out)


def _lot(lots: Sequence[LotDraw], ids: Sequence[str], settled: Settlement) -> LotDraw | None:
    if settled is not Settlement.LOT:
        return None
    return next((lot for lot in lots if lot.covers(ids)), None)
