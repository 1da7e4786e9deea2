"""The forensic statistics against scipy on the same numbers, and each test finding the
pattern it is for."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps

from kztally.forensics import stats


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(11)


def test_ranks_and_spearman_agree_with_scipy(rng: np.random.Generator) -> None:
    x = rng.integers(0, 30, 200).astype(float)  # ties on purpose
    y = x * 0.1 + rng.normal(0, 1, 200)
    assert np.allclose(stats.rank(x), sps.rankdata(x))
    mine = stats.spearman_greater(x, y)
    ref = sps.spearmanr(x, y, alternative="greater")
    assert mine.statistic == pytest.approx(ref.statistic, rel=1e-12)
    assert mine.p_value == pytest.approx(ref.pvalue, rel=1e-9)


def test_mann_whitney_agrees_with_scipy(rng: np.random.Generator) -> None:
    a = np.round(rng.normal(0.3, 1, 40), 1)
    b = np.round(rng.normal(0, 1, 90), 1)
    ref = sps.mannwhitneyu(a, b, alternative="greater", method="asymptotic")
    assert stats.mann_whitney_greater(a, b) == pytest.approx(ref.pvalue, rel=1e-9)


def test_digit_tests_agree_with_scipy(rng: np.random.Generator) -> None:
    counts = rng.integers(100, 5000, 3000)
    c = counts[counts >= stats.MIN_DIGIT_COUNT]
    chi = stats.last_digit(counts)
    ref = sps.chisquare(np.bincount(c % 10, minlength=10))
    assert chi.statistic == pytest.approx(ref.statistic, rel=1e-12)
    assert chi.p_value == pytest.approx(ref.pvalue, rel=1e-9)
    zf = stats.zero_five(counts)
    k = int(np.count_nonzero(c % 5 == 0))
    assert zf.p_value == pytest.approx(
        sps.binomtest(k, len(c), 0.2, alternative="greater").pvalue, rel=1e-9
    )


def test_invented_digits_are_found(rng: np.random.Generator) -> None:
    honest = rng.integers(100, 5000, 2000)
    assert stats.last_digit(honest).p_value > 0.001
    invented = honest.copy()
    invented[:400] = (invented[:400] // 10) * 10 + rng.choice([0, 5], 400)
    assert stats.last_digit(invented).p_value < 1e-6
    assert stats.zero_five(invented).p_value < 1e-6


def test_benjamini_hochberg_agrees_with_scipy(rng: np.random.Generator) -> None:
    p = rng.uniform(0, 1, 30) ** 3
    assert np.allclose(stats.benjamini_hochberg(p), sps.false_discovery_control(p))


def test_whole_percent_chances_are_the_monte_carlo_expectation(
    rng: np.random.Generator,
) -> None:
    n = rng.integers(50, 3000, 400)
    m = (n * rng.uniform(0.3, 0.8, 400)).astype(np.int64)
    exact = stats.whole_percent_chances(m, n).sum()
    simulated = stats.monte_carlo_spikes(m, n, draws=400, seed=5)
    assert simulated.mean() == pytest.approx(exact, abs=4 * simulated.std() / 20)
    # the tail against the simulated one
    k = int(np.quantile(simulated, 0.9))
    tail = stats.poisson_binomial_sf(stats.whole_percent_chances(m, n), k)
    assert tail == pytest.approx(np.mean(simulated >= k), abs=0.05)


def test_poisson_binomial_agrees_with_the_binomial() -> None:
    p = np.full(60, 0.13)
    for k in (0, 3, 8, 15, 60):
        assert stats.poisson_binomial_sf(p, k) == pytest.approx(
            sps.binom.sf(k - 1, 60, 0.13), rel=1e-9
        )


def test_at_whole_percent_bins() -> None:
    m = np.array([50, 7005, 7004, 6995, 6994, 1, 0, 100])
    n = np.array([100, 10000, 10000, 10000, 10000, 1000, 10, 100])
    assert stats.at_whole_percent(m, n).tolist() == [
        True, False, True, True, False, False, False, False,
    ]  # fmt: skip


def test_round_turnouts_are_spikes(rng: np.random.Generator) -> None:
    n = rng.integers(400, 3000, 600)
    m = (n * rng.uniform(0.4, 0.8, 600)).astype(np.int64)
    clean = stats.integer_spikes(m, n)
    assert clean.p_value > 0.001
    rounded = m.copy()
    rounded[:120] = np.round(n[:120] * np.round(m[:120] / n[:120], 2)).astype(np.int64)
    spiked = stats.integer_spikes(rounded, n)
    assert spiked.p_value < 1e-9
    assert spiked.statistic > 2


def test_twins_found_and_honest_precincts_left_alone(rng: np.random.Generator) -> None:
    issued = rng.integers(300, 2000, 300)
    shares = rng.dirichlet(np.full(6, 3.0), 300)
    votes = np.round(shares * issued[:, None] * 0.97).astype(np.int64)
    invalid = rng.integers(0, 20, 300)
    figures = np.column_stack([issued, invalid, votes])
    assert all(t.p_value > 0.001 for t in stats.twins(figures))
    figures[7] = figures[200]
    figures[9] = figures[100] + np.array([0, 1, 0, -1, 0, 0, 0, 0])
    found = {(t.first, t.second) for t in stats.twins(figures) if t.p_value < 0.001}
    assert found == {(7, 200), (9, 100)}


def test_outliers(rng: np.random.Generator) -> None:
    t = rng.normal(0.6, 0.05, 60)
    s = rng.normal(0.5, 0.08, 60)
    assert stats.outliers(t, s).p_value > 0.001
    t[13] = 0.99
    o = stats.outliers(t, s)
    assert o.p_value < 0.001
    assert o.precincts == (13,)


def test_correlation_found_when_stuffed(rng: np.random.Generator) -> None:
    n = 80
    electorate = rng.integers(500, 2000, n)
    issued = (electorate * rng.uniform(0.5, 0.6, n)).astype(np.int64)
    valid = issued
    leader = (valid * rng.uniform(0.4, 0.6, n)).astype(np.int64)
    districts = ["a"] * 40 + ["b"] * 40
    assert stats.turnout_share(issued, electorate, leader, valid, districts).p_value > 0.001
    extra = (electorate * rng.uniform(0, 0.3, n)).astype(np.int64)
    stuffed = stats.turnout_share(
        issued + extra, electorate, leader + extra, valid + extra, districts
    )
    assert stuffed.p_value < 1e-6
