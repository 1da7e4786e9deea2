"""Summing protocols: exact sums, empty fields add nothing, order never matters."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from kztally.domain.election import Contest
from kztally.domain.protocol import Figures
from kztally.domain.tally import Totals, aggregate, totals_of

count = st.one_of(st.none(), st.integers(0, 100_000))


def figures_for(contest: Contest) -> st.SearchStrategy[Figures]:
    return st.builds(
        Figures,
        st.tuples(*[count] * 8),
        st.tuples(*[count] * len(contest.choices)),
        count,
    )


def test_totals_of_two_protocols(mz_l: Contest, clean: Figures) -> None:
    other = Figures((500, 400, 300, 0, 100, 290, 0, 5), (100, 50, 40, 30, 20, 30, 10), 5)
    totals = aggregate(mz_l, [clean, other])
    assert totals == Totals(
        protocols=2,
        lines=(1500, 1300, 1000, 20, 280, 980, 20, 15),
        votes=(480, 130, 110, 80, 40, 90, 42),
        against_all=13,
    )
    assert totals.valid_ballots == 985
    assert totals.issued == 1020
    assert totals == totals_of(mz_l, clean) + totals_of(mz_l, other)


def test_empty_fields_add_nothing_but_the_protocol_counts(mz_l: Contest) -> None:
    empty = Figures.empty(mz_l)
    assert aggregate(mz_l, [empty]) == Totals(1, (0,) * 8, (0,) * 7, 0)
    assert aggregate(mz_l, []) == Totals.zero(mz_l)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_aggregation_is_independent_of_order(mz_l: Contest, data: st.DataObject) -> None:
    protocols = data.draw(st.lists(figures_for(mz_l), max_size=6))
    shuffled = data.draw(st.permutations(protocols))
    assert aggregate(mz_l, protocols) == aggregate(mz_l, shuffled)
    # and summing in any grouping gives the same
    rnd = random.Random(len(protocols))
    cut = rnd.randint(0, len(protocols))
    assert aggregate(mz_l, protocols) == (
        aggregate(mz_l, protocols[:cut]) + aggregate(mz_l, protocols[cut:])
    )
