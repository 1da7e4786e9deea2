"""The cross-check's arithmetic on generated copies: every planted difference is found,
and no other; what they add up to per choice; the protocols with no copy and the copies
with no official protocol."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kztally.domain.crosscheck import CopySeen, CopySource, cross_check
from kztally.domain.protocol import AGAINST_ALL, LINE_NAMES, Figures
from tests.conftest import make_election

ELECTION = make_election()
CONTESTS = {c.id: c for c in ELECTION.contests}
PROTOCOLS = [(a.code, c) for a in ELECTION.precincts() for c in a.contests]


def fields(contest: str) -> list[str]:
    c = CONTESTS[contest]
    return [*LINE_NAMES, *(ch.id for ch in c.choices), AGAINST_ALL]


def figures(contest: str, values: dict[str, int | None]) -> Figures:
    c = CONTESTS[contest]
    return Figures(
        tuple(values[n] for n in LINE_NAMES),
        tuple(values[ch.id] for ch in c.choices),
        values[AGAINST_ALL],
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict, list, set, set]:  # type: ignore[type-arg]
    official: dict[tuple[str, str], dict[str, int | None]] = {}
    for key in PROTOCOLS:
        if draw(st.booleans()):
            official[key] = {f: draw(st.integers(0, 5000)) for f in fields(key[1])}
    copies = []
    planted: set[tuple[str, str, str, int | None, int | None]] = set()
    for key in draw(st.lists(st.sampled_from(PROTOCOLS), unique=True)):
        base = official.get(key) or {f: draw(st.integers(0, 5000)) for f in fields(key[1])}
        mine = dict(base)
        for f in draw(st.sets(st.sampled_from(fields(key[1])))):
            mine[f] = draw(
                st.one_of(st.none(), st.integers(0, 5000)).filter(lambda v, f=f, b=base: v != b[f])
            )
            if key in official:
                planted.add((*key, f, base[f], mine[f]))
        copies.append(
            CopySeen(*key, figures(key[1], mine), "obs", f"c.csv:{len(copies) + 2}", CopySource.CSV)
        )
    return official, copies, planted, {k for k in official}


@settings(max_examples=60, deadline=None)
@given(cases())
def test_every_planted_difference_and_no_other(case: tuple[dict, list, set, set]) -> None:  # type: ignore[type-arg]
    official, copies, planted, published = case
    result = cross_check(CONTESTS, copies, {k: figures(k[1], v) for k, v in official.items()})
    found = {(d.precinct, d.contest, d.line, d.official, d.copy) for d in result.differences}
    assert found == planted
    copied = {(c.precinct, c.contest) for c in copies}
    assert set(result.missing) == published - copied
    assert {(c.precinct, c.contest) for c in result.no_official} == copied - published
    assert {(c.precinct, c.contest) for c in result.compared} == copied & published
    sums: dict[tuple[str, str], int] = {}
    for _p, c, line, off, mine in planted:
        if line not in LINE_NAMES:
            sums[(c, line)] = sums.get((c, line), 0) + (mine or 0) - (off or 0)
    assert {(t.contest, t.choice): t.delta for t in result.totals} == sums
    with_copy = {p for p, _ in copied}
    assert set(result.missing_precincts) == {p for p, _ in published - copied} - with_copy
