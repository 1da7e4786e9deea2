"""Margins against brute force on small generated elections (kztally.domain.margins)."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from kztally.domain.margins import (
    AGAINST_ALL,
    Verdict,
    district_changes,
    district_margins,
    list_margins,
    lists_change,
    outstanding_verdict,
)
from kztally.domain.rules import RULES_2023, AgainstAllLead, RuleSet
from kztally.domain.seats import ListVotes, allocate_list_seats, smd_winner

RULESETS = [
    RULES_2023,
    replace(RULES_2023, threshold=Fraction(1, 5)),
    replace(RULES_2023, threshold=Fraction(1, 4), runner_up=True),
    replace(RULES_2023, threshold=Fraction(1, 6), valid_total_includes_against_all=False),
]


def seats_of(votes: list[int], n: int, seats: int, rules: RuleSet) -> tuple[int, ...]:
    lists = [ListVotes(f"L{i}", votes[i], i if i % 2 else None) for i in range(n)]
    a = allocate_list_seats(lists, seats, rules, votes[n])
    return tuple(r.seats for r in a.lists)


@st.composite
def list_elections(draw: st.DrawFn) -> tuple[list[int], int, int, RuleSet]:
    n = draw(st.integers(2, 4))
    votes = draw(st.lists(st.integers(0, 30), min_size=n + 1, max_size=n + 1))
    seats = draw(st.integers(1, 5))
    return votes, n, seats, draw(st.sampled_from(RULESETS))


def brute_moved(votes: list[int], n: int, seats: int, rules: RuleSet) -> dict[str, int | None]:
    """Smallest k per outcome kind, over every pair and every k up to the source's votes."""
    base = seats_of(votes, n, seats, rules)
    best: dict[str, int | None] = {"any": None}
    for i in range(n):
        best[f"gain{i}"] = None
        best[f"lose{i}"] = None
    for x in range(n + 1):
        for y in range(n + 1):
            if x == y:
                continue
            for k in range(1, votes[x] + 1):
                v = list(votes)
                v[x] -= k
                v[y] += k
                after = seats_of(v, n, seats, rules)
                if after == base:
                    continue
                kinds = ["any"]
                kinds += [f"gain{i}" for i in range(n) if after[i] > base[i]]
                kinds += [f"lose{i}" for i in range(n) if after[i] < base[i]]
                for kind in kinds:
                    b = best[kind]
                    if b is None or k < b:
                        best[kind] = k
    return best


def brute_added(votes: list[int], n: int, seats: int, rules: RuleSet, cap: int) -> int | None:
    base = seats_of(votes, n, seats, rules)
    for k in range(1, cap + 1):
        for x in range(n + 1):
            v = list(votes)
            v[x] += k
            if seats_of(v, n, seats, rules) != base:
                return k
    return None


def margins_of(votes: list[int], n: int, seats: int, rules: RuleSet):  # type: ignore[no-untyped-def]
    lists = [ListVotes(f"L{i}", votes[i], i if i % 2 else None) for i in range(n)]
    return list_margins(lists, seats, rules, votes[n])


@settings(max_examples=100, deadline=None)
@given(list_elections())
def test_list_moves_are_the_brute_force_minimum(e: tuple[list[int], int, int, RuleSet]) -> None:
    votes, n, seats, rules = e
    m = margins_of(votes, n, seats, rules)
    brute = brute_moved(votes, n, seats, rules)
    assert (None if m.moved is None else m.moved.ballots) == brute["any"]
    for i, lm in enumerate(m.lists):
        assert (None if lm.gain is None else lm.gain.ballots) == brute[f"gain{i}"]
        assert (None if lm.lose is None else lm.lose.ballots) == brute[f"lose{i}"]
    if m.moved is not None:
        # the pair named does it, with the seats it says
        ids = [f"L{i}" for i in range(n)] + [AGAINST_ALL]
        v = list(votes)
        v[ids.index(m.moved.source or "")] -= m.moved.ballots
        v[ids.index(m.moved.target)] += m.moved.ballots
        after = seats_of(v, n, seats, rules)
        base = seats_of(votes, n, seats, rules)
        assert m.moved.seats == tuple(
            (ids[i], base[i], after[i]) for i in range(n) if after[i] != base[i]
        )


@settings(max_examples=100, deadline=None)
@given(list_elections())
def test_list_additions_are_the_brute_force_minimum(e: tuple[list[int], int, int, RuleSet]) -> None:
    votes, n, seats, rules = e
    m = margins_of(votes, n, seats, rules)
    cap = 200 if m.added is None else m.added.ballots
    assert brute_added(votes, n, seats, rules, cap) == (None if m.added is None else cap)


@settings(max_examples=100, deadline=None)
@given(list_elections(), st.data())
def test_no_change_of_the_safe_weight_changes_the_seats(
    e: tuple[list[int], int, int, RuleSet], data: st.DataObject
) -> None:
    votes, n, seats, rules = e
    m = margins_of(votes, n, seats, rules)
    # the bound is below both margins (a moved ballot weighs 2)
    if m.added is not None:
        assert m.safe < m.added.ballots
    if m.moved is not None:
        assert m.safe < 2 * m.moved.ballots
    budget = min(m.safe, 12)
    deltas = data.draw(st.lists(st.integers(-budget, budget), min_size=n + 1, max_size=n + 1))
    while sum(abs(d) for d in deltas) > budget:
        j = max(range(n + 1), key=lambda i: abs(deltas[i]))
        deltas[j] -= 1 if deltas[j] > 0 else -1
    v = [max(0, a + d) for a, d in zip(votes, deltas, strict=True)]
    assert seats_of(v, n, seats, rules) == seats_of(votes, n, seats, rules)


@st.composite
def districts(draw: st.DrawFn) -> tuple[list[int], int, RuleSet]:
    n = draw(st.integers(1, 4))
    votes = draw(st.lists(st.integers(0, 25), min_size=n + 1, max_size=n + 1))
    lead = draw(st.sampled_from(list(AgainstAllLead)))
    return votes, n, replace(RULES_2023, smd_against_all_lead=lead)


def district_outcome(votes: list[int], n: int, rules: RuleSet) -> tuple[str | None, bool]:
    r = smd_winner([(f"C{i}", votes[i]) for i in range(n)], votes[n], rules)
    return r.winner, any(x.code == "S3" for x in r.notices)


@settings(max_examples=100, deadline=None)
@given(districts())
def test_district_margins_are_the_brute_force_minimum(e: tuple[list[int], int, RuleSet]) -> None:
    votes, n, rules = e
    m = district_margins([(f"C{i}", votes[i]) for i in range(n)], votes[n], rules)
    base = district_outcome(votes, n, rules)
    moved: int | None = None
    for x in range(n + 1):
        for y in range(n + 1):
            for k in range(1, votes[x] + 1 if x != y else 0):
                v = list(votes)
                v[x] -= k
                v[y] += k
                if district_outcome(v, n, rules) != base and (moved is None or k < moved):
                    moved = k
    assert (None if m.moved is None else m.moved.ballots) == moved
    added: int | None = None
    for k in range(1, 100):
        if any(
            district_outcome([*votes[:x], votes[x] + k, *votes[x + 1 :]], n, rules) != base
            for x in range(n + 1)
        ):
            added = k
            break
    assert (None if m.added is None else m.added.ballots) == added
    if m.added is not None:
        assert m.safe < m.added.ballots
        assert district_changes(
            [(f"C{i}", votes[i]) for i in range(n)],
            votes[n],
            rules,
            (),
            {m.added.target: m.added.ballots},
        )


def test_the_2023_mazhilis_figures() -> None:
    names = ["Amanat", "Auyl", "Respublica", "PPK", "Baytaq", "AqZhol", "NSDP"]
    votes = [3431510, 693938, 547154, 432920, 146431, 535139, 331058]
    lists = [ListVotes(n, v, i) for i, (n, v) in enumerate(zip(names, votes, strict=True))]
    m = list_margins(lists, 69, RULES_2023, 248291)
    # NSDP has 331,058 against a threshold of 318,322.05: 12,736 moved drop it below
    assert m.moved is not None
    assert (m.moved.ballots, m.moved.source) == (12736, "NSDP")
    assert ("NSDP", 4, 0) in m.moved.seats
    assert m.added is not None and m.added.ballots == 19156
    assert 0 < m.safe < m.added.ballots
    assert not lists_change(lists, 69, RULES_2023, 248291, (), {"Amanat": -m.safe // 2})
    assert lists_change(lists, 69, RULES_2023, 248291, (), {"NSDP": -12736, "Amanat": 12736})


def test_outstanding_verdicts() -> None:
    m = district_margins([("a", 100), ("b", 90)], 5, RULES_2023)
    assert (m.moved and m.moved.ballots, m.added and m.added.ballots, m.safe) == (5, 10, 9)
    assert outstanding_verdict(m, 9) is Verdict.CANNOT
    assert outstanding_verdict(m, 10) is Verdict.CAN
    lm = list_margins([ListVotes("A", 50), ListVotes("B", 50)], 1, RULES_2023, 0)
    assert lm.safe == 0 and lm.moved is not None and lm.moved.ballots == 1
