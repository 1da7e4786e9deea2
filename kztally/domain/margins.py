"""Margins: how few ballots would change a seat or a winner, and whether what is still
unknown could (docs/margins.md).

Definitions, over a contest's whole constituency, with the rule set and the recorded lots
applied exactly as the allocation applies them (kztally.domain.seats):

- The *choices* are the lists (or candidates) and "against all". Invalid ballots are not a
  choice: moving a ballot between choices leaves the valid total as it is (unless the rule
  set keeps "against all" out of it), adding one raises it.
- A list contest's *outcome* is every list's number of seats; it *changes* when any list's
  seats change (a seat moving between two lists, a list carried over or dropped below the
  threshold, a seat left to a lot that is not drawn yet).
- A district's *outcome* is its winner, or that no one is elected (a tie for first place
  with no lot, a repeat election when the rule set asks for one); it changes when the
  winner changes or the district goes to a repeat election.
- `moved`: the smallest k such that taking k ballots from one choice and counting them for
  another changes the outcome (k at most the first choice's votes), with the pair that
  does it (among pairs needing the same k, the first in ballot order, source first).
- `added`: the smallest k such that k more ballots for one choice alone change it, with
  that choice (ballot-box stuffing adds rather than moves).
- `safe`: the largest weight of changes that provably changes nothing. The weight of a
  change to the figures is the sum over the choices of |new votes - old votes| (a moved
  ballot weighs 2, an added or removed one 1). Any change of weight at most `safe`, to
  any choices in any direction, leaves the outcome as it is (a sound bound, not always
  the smallest weight that changes it: see `_safe`).

Both margins are exact: the outcome is a function of the signs of a few integer linear
forms in the votes (threshold, whole parts of votes / quota, remainder order, vote order);
along a move or an addition of k ballots each form is linear in k, so the outcome is
constant between the values of k where one of them changes sign, and only those values
are evaluated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from kztally.domain.rules import AgainstAllLead, RuleSet
from kztally.domain.seats import Allocation, ListVotes, LotDraw, allocate_list_seats, smd_winner

AGAINST_ALL = "against_all"
"""The id of "against all" among a contest's choices in margins."""

Form = tuple[dict[int, int], int]
"""An integer linear form in the votes vector: coefficients by index, and a constant."""

OutcomeT = TypeVar("OutcomeT")


@dataclass(frozen=True, slots=True)
class Flip:
    """Ballots that change an outcome: `ballots` moved from `source` to `target`, or added
    for `target` (`source` None), and what the outcome becomes."""

    ballots: int
    source: str | None
    target: str
    seats: tuple[tuple[str, int, int], ...] = ()
    """List contests: every list whose seats change, with its seats before and after."""
    winner: str | None = None
    """Districts: the winner afterwards (None: no one elected)."""
    repeat: bool = False
    """Districts: afterwards a repeat election is required."""


@dataclass(frozen=True, slots=True)
class ListMargin:
    """One list: the fewest ballots moved (between any two choices) that give it one seat
    more (`gain`) or fewer (`lose`); None when no move can."""

    id: str
    seats: int
    gain: Flip | None
    lose: Flip | None


@dataclass(frozen=True, slots=True)
class ContestMargins:
    """A contest's margins (see the module's definitions)."""

    moved: Flip | None
    added: Flip | None
    safe: int
    lists: tuple[ListMargin, ...] = ()
    """List contests: every list in ballot order."""
    winner: str | None = None
    """Districts: the winner now."""


class Verdict(StrEnum):
    """Whether an unknown part of the figures can change an outcome."""

    CANNOT = "cannot"
    """Its weight is at most `safe`: proven not to change it."""
    MAY = "may"
    """Between the bounds: neither proven nor shown."""
    CAN = "can"
    """A change within it that changes the outcome exists."""


# -- the scan --------------------------------------------------------------------------


def _value(form: Form, votes: Sequence[int]) -> int:
    coefs, const = form
    return const + sum(c * votes[i] for i, c in coefs.items())


def _slope(form: Form, direction: Mapping[int, int]) -> int:
    coefs = form[0]
    return sum(coefs.get(i, 0) * d for i, d in direction.items())


def _sign_changes_after(value: int, slope: int) -> int | None:
    """The smallest j >= 1 at which value + slope * j has another sign (zero counts as a
    sign of its own); None when it never has."""
    if slope == 0:
        return None
    if value == 0:
        return 1
    if (value > 0) == (slope > 0):
        return None
    return -(-abs(value) // abs(slope))


def _changes(
    votes: Sequence[int],
    direction: Mapping[int, int],
    evaluate: Callable[[tuple[int, ...]], tuple[OutcomeT, list[Form]]],
    base: OutcomeT,
    horizon: Callable[[], int | None],
) -> Iterator[tuple[int, OutcomeT]]:
    """Every k (increasing) at which the outcome of votes + k x direction differs from
    `base`, up to `horizon()` (None: no bound) and while no vote goes negative.

    `evaluate` gives the outcome and the forms whose signs determine it near those votes."""
    limit: int | None = None
    for i, d in direction.items():
        if d < 0:
            room = votes[i] // -d
            limit = room if limit is None else min(limit, room)
    k = 0
    current = tuple(votes)
    _, forms = evaluate(current)
    while True:
        step: int | None = None
        for coefs, const in forms:
            value, slope = const, 0
            for i, c in coefs.items():  # _value and _slope in one pass (the hot loop)
                value += c * current[i]
                slope += c * direction.get(i, 0)
            j = _sign_changes_after(value, slope)
            if j is not None and (step is None or j < step):
                step = j
        if step is None:
            return
        k += step
        bound = horizon()
        if (limit is not None and k > limit) or (bound is not None and k > bound):
            return
        current = tuple(v + k * direction.get(i, 0) for i, v in enumerate(votes))
        outcome, forms = evaluate(current)
        if outcome != base:
            yield k, outcome


def _breakpoints(value: int, slope: int) -> tuple[int, ...]:
    """Every j >= 1 at which value + slope x j has another sign than at j - 1 (zero counts
    as a sign of its own): at most two, as the form is linear in j."""
    if slope == 0:
        return ()
    if value == 0:
        return (1,)
    if (value > 0) == (slope > 0):
        return ()
    j, rest = divmod(abs(value), abs(slope))
    return (j, j + 1) if rest == 0 else (j + 1,)


def _first_change(
    votes: Sequence[int],
    direction: Mapping[int, int],
    outcome: Callable[[Sequence[int]], OutcomeT],
    base: OutcomeT,
    forms: Sequence[Form],
    values: Sequence[int],
    bound: int | None,
) -> tuple[int, OutcomeT] | None:
    """The smallest k (at most `bound`, None: no bound, and while no vote goes negative)
    at which the outcome of votes + k x direction differs from `base`, when the outcome is
    a function of the signs of `forms` (their `values` at `votes`), the same forms for
    all votes (`_changes` takes forms that depend on the votes).

    Along the direction each form is linear in k, so the outcome can change only where a
    form changes sign; only those k are evaluated, in increasing order."""
    limit = bound
    for i, d in direction.items():
        if d < 0:
            room = votes[i] // -d
            limit = room if limit is None else min(limit, room)
    points: set[int] = set()
    for form, value in zip(forms, values, strict=True):
        slope = sum(form[0].get(i, 0) * d for i, d in direction.items())
        if slope:
            points.update(_breakpoints(value, slope))
    for k in sorted(points):
        if limit is not None and k > limit:
            return None
        after = [v + k * direction.get(i, 0) for i, v in enumerate(votes)]
        found = outcome(after)
        if found != base:
            return k, found
    return None


# -- list contests ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ListContest:
    ids: tuple[str, ...]
    """Lists in ballot order, then AGAINST_ALL when the contest has it."""
    registration: tuple[int | None, ...]
    n: int
    """Number of lists."""
    seats: int
    rules: RuleSet
    lots: tuple[LotDraw, ...]

    @property
    def against(self) -> int | None:
        return self.n if len(self.ids) > self.n else None

    def evaluate(self, votes: tuple[int, ...]) -> tuple[tuple[int, ...], list[Form]]:
        a = self.allocate(votes)
        return tuple(r.seats for r in a.lists), self.forms(votes, a)

    def allocate(self, votes: Sequence[int]) -> Allocation:
        lists = [ListVotes(self.ids[i], votes[i], self.registration[i]) for i in range(self.n)]
        against = 0 if self.against is None else votes[self.against]
        return allocate_list_seats(lists, self.seats, self.rules, against, self.lots)

    def total_members(self) -> list[int]:
        members = list(range(self.n))
        if self.against is not None and self.rules.valid_total_includes_against_all:
            members.append(self.against)
        return members

    def forms(self, votes: Sequence[int], a: Allocation) -> list[Form]:
        out: list[Form] = []
        t = self.rules.threshold
        total = self.total_members()
        for i in range(self.n):
            out.append(({i: 1}, 0))
            coefs = {j: -t.numerator for j in total}
            coefs[i] = coefs.get(i, 0) + t.denominator
            out.append((coefs, 0))
        if self.rules.runner_up:
            for i in range(self.n):
                for j in range(i + 1, self.n):
                    out.append(({i: 1, j: -1}, 0))
        qs = [i for i, r in enumerate(a.lists) if r.quotient is not None]
        if qs:
            s = self.seats
            floors = _floors(a, qs)
            rem: dict[int, dict[int, int]] = {}
            for i in qs:
                low = {j: -floors[i] for j in qs}
                low[i] += s
                out.append((low, 0))
                high = {j: floors[i] + 1 for j in qs}
                high[i] -= s
                out.append((high, 0))
                rem[i] = low
            for x, i in enumerate(qs):
                for j in qs[x + 1 :]:
                    diff = dict(rem[i])
                    for m, c in rem[j].items():
                        diff[m] = diff.get(m, 0) - c
                    out.append((diff, 0))
        return out


def list_margins(
    lists: Sequence[ListVotes],
    seats: int,
    rules: RuleSet,
    against_all: int | None = 0,
    lots: Sequence[LotDraw] = (),
) -> ContestMargins:
    """A list contest's margins (`against_all` None: the ballot has no such line)."""
    contest = _ListContest(
        tuple(lv.id for lv in lists) + (() if against_all is None else (AGAINST_ALL,)),
        tuple(lv.registration for lv in lists),
        len(lists),
        seats,
        rules,
        tuple(lots),
    )
    votes = tuple(lv.votes for lv in lists) + (() if against_all is None else (against_all,))
    base, _ = contest.evaluate(votes)
    n = contest.n
    ids = contest.ids

    def seat_changes(after: tuple[int, ...]) -> tuple[tuple[str, int, int], ...]:
        return tuple((ids[i], base[i], after[i]) for i in range(n) if after[i] != base[i])

    best: Flip | None = None
    gain: list[Flip | None] = [None] * n
    lose: list[Flip | None] = [None] * n

    # a list with every seat cannot gain one, a list with none cannot lose one
    possible = [f for i in range(n) for f in ((base[i] < seats, i), (base[i] > 0, ~i)) if f[0]]

    def horizon() -> int | None:
        """Past this k no move can improve a minimum (None: some minimum not found yet)."""
        pending = [best, *(gain[i] if i >= 0 else lose[~i] for _, i in possible)]
        if any(f is None for f in pending):
            return None
        return max(f.ballots for f in pending if f is not None)

    moves = [(x, y) for x in range(len(ids)) for y in range(len(ids)) if x != y and votes[x]]
    rank: dict[Flip, tuple[int, int]] = {}
    """Each flip kept: (ballots, its move's place in ballot order), the smaller the better."""

    def better(flip: Flip, than: Flip | None) -> bool:
        return than is None or rank[flip] < rank[than]

    def record(k: int, m: int, after: tuple[int, ...]) -> None:
        nonlocal best
        x, y = moves[m]
        flip = Flip(k, ids[x], ids[y], seat_changes(after))
        rank[flip] = (k, m)
        if better(flip, best):
            best = flip
        for i in range(n):
            if after[i] > base[i] and better(flip, gain[i]):
                gain[i] = flip
            if after[i] < base[i] and better(flip, lose[i]):
                lose[i] = flip

    # first each move's first change, which bounds the scan (a list's smallest gain or
    # loss is usually there); then each move's scan goes on up to that bound (the
    # horizon, read at every step), for the exact minima
    scans = [_changes(votes, {x: -1, y: 1}, contest.evaluate, base, horizon) for x, y in moves]
    for m, scan in enumerate(scans):
        for k, after in scan:
            record(k, m, after)
            break
    for m, scan in enumerate(scans):
        for k, after in scan:
            record(k, m, after)

    added: Flip | None = None
    for x in range(len(ids)):
        for k, after in _changes(
            votes,
            {x: 1},
            contest.evaluate,
            base,
            lambda: None if added is None else added.ballots,  # noqa: B023 (the best so far, read at each step)
        ):
            if added is None or k < added.ballots:
                added = Flip(k, None, ids[x], seat_changes(after))
            break

    a = contest.allocate(votes)
    return ContestMargins(
        moved=best,
        added=added,
        safe=_list_safe(contest, votes, a),
        lists=tuple(ListMargin(ids[i], base[i], gain[i], lose[i]) for i in range(n)),
    )


def _list_safe(contest: _ListContest, votes: Sequence[int], a: Allocation) -> int:
    """The weight any change may have and leave the seats as they are.

    Each test the allocation makes is the sign of an integer linear form L in the votes
    (qualifying: den x v_i - num x valid total >= 0; a whole part f_i: f_i x Q <= S x v_i <
    (f_i + 1) x Q, Q the qualifying lists' votes; a remainder seat: S x v_w - f_w x Q >
    S x v_l - f_l x Q for every winner w of a remainder seat and every qualifying list l
    without one; votes > 0; the runner-up's order). A change of weight D moves L by at most
    D x max |coefficient|; while no form changes its truth, the qualifying lists, the whole
    parts and the remainder seats stay, hence every seat. A tie at the boundary of the
    remainder seats (settled by registration or by lot, or open) gives 0.
    """
    if a.ties:
        return 0
    n = contest.n
    t = contest.rules.threshold
    total = contest.total_members()
    tests: list[tuple[dict[int, int], bool]] = []
    """(form normalised to be true now, strict) pairs: true now as L > 0 or L >= 0."""

    def keep(coefs: dict[int, int], strict_when_positive: bool) -> None:
        value = _value((coefs, 0), votes)
        if value > 0 or (value == 0 and not strict_when_positive):
            tests.append((coefs, strict_when_positive))
        else:
            tests.append(({i: -c for i, c in coefs.items()}, not strict_when_positive))

    for i in range(n):
        keep({i: 1}, True)
        coefs = {j: -t.numerator for j in total}
        coefs[i] = coefs.get(i, 0) + t.denominator
        keep(coefs, False)
    qs = [i for i, r in enumerate(a.lists) if r.quotient is not None]
    if contest.rules.runner_up:
        admitted = [i for i in range(n) if a.lists[i].runner_up]
        if admitted:
            others = [i for i in range(n) if i not in qs]
            for i in admitted:
                for j in others:
                    if votes[i] == votes[j]:
                        return 0
                    keep({i: 1, j: -1}, True)
    if qs:
        s = contest.seats
        floors = _floors(a, qs)
        rem: dict[int, dict[int, int]] = {}
        for i in qs:
            low = {j: -floors[i] for j in qs}
            low[i] += s
            tests.append((low, False))
            high = {j: floors[i] + 1 for j in qs}
            high[i] -= s
            tests.append((high, True))
            rem[i] = low
        extra = {i for i in qs if a.lists[i].seats > floors[i]}
        for w in extra:
            for lo in qs:
                if lo in extra:
                    continue
                diff = dict(rem[w])
                for m, c in rem[lo].items():
                    diff[m] = diff.get(m, 0) - c
                tests.append((diff, True))
    return _radius(tests, votes)


def _floors(a: Allocation, qs: Sequence[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for i in qs:
        q = a.lists[i].quotient
        assert q is not None
        out[i] = q.numerator // q.denominator
    return out


def _radius(tests: Sequence[tuple[dict[int, int], bool]], votes: Sequence[int]) -> int:
    """The largest D such that no change of weight D makes any test false."""
    safe: int | None = None
    for coefs, strict in tests:
        big = max((abs(c) for c in coefs.values()), default=0)
        if big == 0:
            continue
        value = _value((coefs, 0), votes)
        d = (value - 1) // big if strict else value // big
        safe = d if safe is None else min(safe, d)
    return _UNBOUNDED if safe is None else max(safe, 0)


_UNBOUNDED = 10**18


# -- single-member districts -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _District:
    ids: tuple[str, ...]
    n: int
    rules: RuleSet
    lots: tuple[LotDraw, ...]

    def outcome(self, votes: Sequence[int]) -> tuple[str | None, bool]:
        against = votes[self.n] if len(self.ids) > self.n else 0
        r = smd_winner(
            [(self.ids[i], votes[i]) for i in range(self.n)], against, self.rules, self.lots
        )
        return r.winner, any(x.code == "S3" for x in r.notices)

    def forms(self) -> list[Form]:
        """The outcome is a function of the signs of these forms (every count, and every
        difference of two counts), whatever the votes."""
        m = len(self.ids)
        forms: list[Form] = [({i: 1}, 0) for i in range(m)]
        forms += [({i: 1, j: -1}, 0) for i in range(m) for j in range(i + 1, m)]
        return forms


def district_margins(
    candidates: Sequence[tuple[str, int]],
    against_all: int | None,
    rules: RuleSet,
    lots: Sequence[LotDraw] = (),
) -> ContestMargins:
    """A single-member district's margins (`against_all` None: no such line)."""
    ids = tuple(c for c, _ in candidates) + (() if against_all is None else (AGAINST_ALL,))
    votes = tuple(v for _, v in candidates) + (() if against_all is None else (against_all,))
    district = _District(ids, len(candidates), rules, tuple(lots))
    base = district.outcome(votes)
    forms = district.forms()
    values = [_value(f, votes) for f in forms]
    moved: Flip | None = None
    for x in range(len(ids)):
        for y in range(len(ids)):
            if x == y or votes[x] == 0:
                continue
            bound = None if moved is None else moved.ballots - 1
            found = _first_change(
                votes, {x: -1, y: 1}, district.outcome, base, forms, values, bound
            )
            if found is not None:
                k, (winner, repeat) = found
                moved = Flip(k, ids[x], ids[y], winner=winner, repeat=repeat)
    added: Flip | None = None
    for x in range(len(ids)):
        bound = None if added is None else added.ballots - 1
        found = _first_change(votes, {x: 1}, district.outcome, base, forms, values, bound)
        if found is not None:
            k, (winner, repeat) = found
            added = Flip(k, None, ids[x], winner=winner, repeat=repeat)
    return ContestMargins(moved, added, _district_safe(district, votes, base), winner=base[0])


def _district_safe(district: _District, votes: Sequence[int], base: tuple[str | None, bool]) -> int:
    """The winner w stays while v_w - v_c > 0 for every other candidate c and, when the
    rule set requires a repeat election on an "against all" lead, v_w - against >= 0; a
    change of weight D moves each difference by at most D. No winner: 0."""
    winner, repeat = base
    n = district.n
    against = n if len(district.ids) > n else None
    if repeat and against is not None:
        top = max(votes[:n], default=0)
        leaders = [i for i in range(n) if votes[i] == top]
        return _radius([({against: 1, i: -1}, True) for i in leaders], votes)
    if winner is None:
        return 0
    w = district.ids.index(winner)
    tests: list[tuple[dict[int, int], bool]] = [({w: 1, c: -1}, True) for c in range(n) if c != w]
    tests.append(({w: 1}, True))
    if (
        against is not None
        and district.rules.smd_against_all_lead is AgainstAllLead.REPEAT_ELECTION
    ):
        tests.append(({w: 1, against: -1}, False))
    if any(votes[w] == votes[c] for c in range(n) if c != w):
        return 0  # settled by a lot: one ballot can break the tie
    return _radius(tests, votes)


# -- can it matter ---------------------------------------------------------------------


def outstanding_verdict(margins: ContestMargins, electorate: int) -> Verdict:
    """Protocols not counted (missing, pending, annulled) could each add up to their
    precinct's electorate, to any choices: `CANNOT` when that electorate is at most the
    safe weight, `CAN` when it reaches the smallest addition that changes the outcome
    (every outstanding ballot for that one choice), else `MAY`."""
    if electorate <= margins.safe:
        return Verdict.CANNOT
    if margins.added is not None and electorate >= margins.added.ballots:
        return Verdict.CAN
    return Verdict.MAY


def weight(deltas: Mapping[str, int]) -> int:
    """The weight of a change to the figures: the sum of |delta| over the choices."""
    return sum(abs(d) for d in deltas.values())


def apply_deltas(votes: Sequence[tuple[str, int]], deltas: Mapping[str, int]) -> list[int]:
    """The votes with the deltas added (a choice not named keeps its votes); ValueError when
    a delta names no choice or makes a count negative."""
    known = {c for c, _ in votes}
    for c in deltas:
        if c not in known:
            raise ValueError(f"no choice {c}")
    out = [v + deltas.get(c, 0) for c, v in votes]
    if any(v < 0 for v in out):
        raise ValueError("a difference makes a count negative")
    return out


def lists_change(
    lists: Sequence[ListVotes],
    seats: int,
    rules: RuleSet,
    against_all: int | None,
    lots: Sequence[LotDraw],
    deltas: Mapping[str, int],
) -> bool:
    """Whether the list seats change when the deltas (by choice id, AGAINST_ALL included)
    are applied to the votes."""
    named = [(lv.id, lv.votes) for lv in lists]
    if against_all is not None:
        named.append((AGAINST_ALL, against_all))
    new = apply_deltas(named, deltas)
    before = allocate_list_seats(lists, seats, rules, against_all or 0, lots)
    moved = [ListVotes(lv.id, new[i], lv.registration) for i, lv in enumerate(lists)]
    after = allocate_list_seats(moved, seats, rules, 0 if against_all is None else new[-1], lots)
    return [r.seats for r in before.lists] != [r.seats for r in after.lists]


def district_changes(
    candidates: Sequence[tuple[str, int]],
    against_all: int | None,
    rules: RuleSet,
    lots: Sequence[LotDraw],
    deltas: Mapping[str, int],
) -> bool:
    """Whether the winner changes (or a repeat election becomes due, or ceases to be) when
    the deltas are applied."""
    ids = tuple(c for c, _ in candidates) + (() if against_all is None else (AGAINST_ALL,))
    named = list(candidates) + ([] if against_all is None else [(AGAINST_ALL, against_all)])
    district = _District(ids, len(candidates), rules, tuple(lots))
    before = district.outcome([v for _, v in named])
    return district.outcome(apply_deltas(named, deltas)) != before
