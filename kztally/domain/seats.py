"""Party-list seats and single-member district winners (docs/rules.md).

All arithmetic is exact: shares, quota and quotients are Fractions; rounding happens only
when a figure is formatted for people.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from kztally.domain.rules import AgainstAllLead, RuleSet, TieRule


@dataclass(frozen=True, slots=True)
class Notice:
    """Something a result must say aloud: a tie, a runner-up admitted, 'against all' ahead."""

    code: str
    detail: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LotDraw:
    """A drawing of lots as recorded: the choices in the order drawn (earlier wins)."""

    order: tuple[str, ...]
    witnesses: tuple[str, ...] = ()
    reference: str = ""

    def covers(self, ids: Sequence[str]) -> bool:
        """The lot was drawn for exactly these ids: a lot settles only the tie it was
        drawn for (a tie that changed with the figures needs a lot of its own)."""
        return len(self.order) == len(ids) and set(self.order) == set(ids)


@dataclass(frozen=True, slots=True)
class ListVotes:
    id: str
    votes: int
    registration: int | None = None
    """Registration order: lower registered earlier. None when not known."""


@dataclass(frozen=True, slots=True)
class ListSeats:
    id: str
    votes: int
    share: Fraction
    """votes / valid total."""
    qualified: bool
    quotient: Fraction | None
    """votes / quota, for the lists in the allocation."""
    seats: int
    runner_up: bool = False
    """Admitted by the runner-up rule rather than the threshold."""


class Settlement(StrEnum):
    REGISTRATION = "registration"
    LOT = "lot"
    UNRESOLVED = "unresolved"


@dataclass(frozen=True, slots=True)
class RemainderTie:
    """Equal remainders that decided a seat: who was in it, how it was settled, who won."""

    lists: tuple[str, ...]
    remainder: Fraction
    seats: int
    """Seats the tied lists competed for (fewer than the lists)."""
    settled_by: Settlement
    winners: tuple[str, ...]
    drawn: tuple[str, ...] = ()
    """The lists a lot must order: those of the tie that registration cannot separate (all
    of them under `TieRule.LOT`), in ballot order; empty when registration settled it."""


@dataclass(frozen=True)
class Allocation:
    seats: int
    valid_total: int
    against_all: int
    qualifying_total: int
    quota: Fraction | None
    lists: tuple[ListSeats, ...]
    ties: tuple[RemainderTie, ...] = ()
    notices: tuple[Notice, ...] = ()

    def seats_of(self, list_id: str) -> int:
        for r in self.lists:
            if r.id == list_id:
                return r.seats
        raise KeyError(list_id)

    @property
    def allocated(self) -> int:
        return sum(r.seats for r in self.lists)


def allocate_list_seats(
    lists: Sequence[ListVotes],
    seats: int,
    rules: RuleSet,
    against_all: int = 0,
    lots: Sequence[LotDraw] = (),
) -> Allocation:
    """Hare quota and largest remainder among the lists at or over the threshold."""
    if seats < 1:
        raise ValueError("seats must be at least 1")
    ids = [lv.id for lv in lists]
    if len(set(ids)) != len(ids):
        raise ValueError("a list is named twice")
    if any(lv.votes < 0 for lv in lists) or against_all < 0:
        raise ValueError("votes cannot be negative")

    list_total = sum(lv.votes for lv in lists)
    valid_total = list_total + (against_all if rules.valid_total_includes_against_all else 0)
    notices: list[Notice] = []

    def share(v: int) -> Fraction:
        return Fraction(v, valid_total) if valid_total else Fraction(0)

    qualified = [lv for lv in lists if lv.votes > 0 and share(lv.votes) >= rules.threshold]
    runner_ups: list[ListVotes] = []
    if rules.runner_up and len(qualified) < rules.minimum_qualifying:
        others = sorted(
            (lv for lv in lists if lv not in qualified and lv.votes > 0),
            key=lambda lv: (-lv.votes, _reg(lv)),
        )
        runner_ups = others[: rules.minimum_qualifying - len(qualified)]
        for lv in runner_ups:
            notices.append(Notice("L2", {"list": lv.id}))
    in_allocation = [lv for lv in lists if lv in qualified or lv in runner_ups]
    qualifying_total = sum(lv.votes for lv in in_allocation)

    seats_of: dict[str, int] = {lv.id: 0 for lv in lists}
    quotients: dict[str, Fraction] = {}
    ties: list[RemainderTie] = []
    quota: Fraction | None = None
    if qualifying_total == 0:
        notices.append(Notice("L1"))
    else:
        quota = Fraction(qualifying_total, seats)
        for lv in in_allocation:
            q = lv.votes / quota
            quotients[lv.id] = q
            seats_of[lv.id] = q.numerator // q.denominator
        left = seats - sum(seats_of.values())
        by_remainder: dict[Fraction, list[ListVotes]] = {}
        for lv in in_allocation:
            q = quotients[lv.id]
            by_remainder.setdefault(q - q.numerator // q.denominator, []).append(lv)
        for remainder in sorted(by_remainder, reverse=True):
            if left <= 0:
                break
            group = by_remainder[remainder]
            if len(group) <= left:
                for lv in group:
                    seats_of[lv.id] += 1
                left -= len(group)
                continue
            winners, settled, drawn = _settle_tie(group, left, rules, lots)
            for w in winners:
                seats_of[w] += 1
            ties.append(
                RemainderTie(tuple(lv.id for lv in group), remainder, left, settled, winners, drawn)
            )
            if settled is Settlement.UNRESOLVED:
                notices.append(Notice("L3", {"lists": " ".join(lv.id for lv in group)}))
            left -= len(winners)
            break

    results = tuple(
        ListSeats(
            id=lv.id,
            votes=lv.votes,
            share=share(lv.votes),
            qualified=lv in qualified,
            quotient=quotients.get(lv.id),
            seats=seats_of[lv.id],
            runner_up=lv in runner_ups,
        )
        for lv in lists
    )
    return Allocation(
        seats=seats,
        valid_total=valid_total,
        against_all=against_all,
        qualifying_total=qualifying_total,
        quota=quota,
        lists=results,
        ties=tuple(ties),
        notices=tuple(notices),
    )


def _reg(lv: ListVotes) -> float:
    return float("inf") if lv.registration is None else lv.registration


def _settle_tie(
    group: list[ListVotes], seats: int, rules: RuleSet, lots: Sequence[LotDraw]
) -> tuple[tuple[str, ...], Settlement, tuple[str, ...]]:
    """Pick `seats` winners from lists with equal remainders: (winners, how, the lists a
    lot orders)."""
    match rules.tie_rule:
        case TieRule.REGISTRATION_THEN_LOT:
            ordered = sorted(group, key=_reg)
            winners = ordered[:seats]
            boundary = ordered[seats - 1]
            # Registration decides unless the last winner and the first loser are level.
            if _reg(ordered[seats]) != _reg(boundary):
                return tuple(lv.id for lv in winners), Settlement.REGISTRATION, ()
            level = [lv for lv in group if _reg(lv) == _reg(boundary)]
            sure = [lv for lv in ordered if _reg(lv) < _reg(boundary)]
            return _by_lot(sure, level, seats - len(sure), lots)
        case TieRule.LOT:
            return _by_lot([], group, seats, lots)
    raise AssertionError(rules.tie_rule)  # pragma: no cover


def _by_lot(
    sure: list[ListVotes], level: list[ListVotes], seats: int, lots: Sequence[LotDraw]
) -> tuple[tuple[str, ...], Settlement, tuple[str, ...]]:
    ids = tuple(lv.id for lv in level)
    for lot in lots:
        if lot.covers(ids):
            drawn = sorted(ids, key=lot.order.index)[:seats]
            return tuple(lv.id for lv in sure) + tuple(drawn), Settlement.LOT, ids
    return tuple(lv.id for lv in sure), Settlement.UNRESOLVED, ids


# -- single-member districts ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SmdResult:
    winner: str | None
    votes: int
    """The winner's votes (the leading candidate's when no one is elected)."""
    ranking: tuple[tuple[str, int], ...]
    """Candidates by votes, most first; equal votes in ballot order."""
    against_all: int
    notices: tuple[Notice, ...] = ()


def smd_winner(
    candidates: Sequence[tuple[str, int]],
    against_all: int,
    rules: RuleSet,
    lots: Sequence[LotDraw] = (),
) -> SmdResult:
    """Plurality. Ties for first and an 'against all' lead are reported, never hidden.

    Notices: S1 a tie for first place (settled only by a recorded lot), S2 'against all'
    has more votes than the winner, S3 a repeat election is required (rule set), S4 no
    candidate has a vote.
    """
    ranking = tuple(sorted(candidates, key=lambda cv: -cv[1]))
    notices: list[Notice] = []
    if not ranking or ranking[0][1] == 0:
        return SmdResult(None, 0, ranking, against_all, (Notice("S4"),))
    top_votes = ranking[0][1]
    leaders = [cid for cid, v in ranking if v == top_votes]
    winner: str | None = leaders[0]
    if len(leaders) > 1:
        lot = next((lot for lot in lots if lot.covers(leaders)), None)
        if lot is None:
            winner = None
            notices.append(Notice("S1", {"candidates": " ".join(leaders), "settled": "no"}))
        else:
            winner = sorted(leaders, key=lot.order.index)[0]
            notices.append(Notice("S1", {"candidates": " ".join(leaders), "settled": "lot"}))
    if against_all > top_votes:
        notices.append(Notice("S2", {"against_all": str(against_all), "top": str(top_votes)}))
        match rules.smd_against_all_lead:
            case AgainstAllLead.REPEAT_ELECTION:
                winner = None
                notices.append(Notice("S3"))
            case AgainstAllLead.NOTICE:
                pass
    return SmdResult(winner, top_votes, ranking, against_all, tuple(notices))
