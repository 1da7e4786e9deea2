"""The statistics of election forensics, as plain functions over numpy arrays.

Each test takes per-precinct figures and returns a statistic and a one-sided p-value
(how likely a pattern at least this strong is in honest figures under the test's model).
No database, no Qt, no files: the service gathers the figures, the screens draw them.

The tests (Kobak, Shpilkin and Pshenichnikov 2016; Beber and Scacco 2012; Mebane's
digit tests as in EFToolkit) and their models:

- `turnout_share`: Spearman's rank correlation of turnout and the leader's share, after
  taking out each district's median (so differences between districts, such as town
  and country, do not count), one-sided (positive), p from Student's t with n - 2
  degrees of freedom as scipy computes it;
- `district_shift`: whether a district's precincts have both a higher turnout and a
  higher leader's share than the rest of its region (the larger of two one-sided
  Mann-Whitney p-values), the mark whole-district stuffing leaves on the Shpilkin
  picture;
- `integer_spikes`: how many precincts have a turnout (or share) at a whole percentage
  (the 0.1% bin centred on it), against the count expected when each precinct's
  numerator is binomial with its own denominator and observed rate; the expectation is
  the Monte-Carlo one of Kobak et al. (`monte_carlo_spikes` draws it) computed exactly
  (each precinct's chance summed), and the p-value is the exact tail of the count (a
  sum of independent Bernoulli variables, the Poisson binomial distribution);
- `last_digit`: Pearson's chi-square of the last digits of vote counts against the
  uniform, 9 degrees of freedom;
- `zero_five`: the share of vote counts ending in 0 or 5 against 1/5, one-sided exact
  binomial test;
- `twins`: pairs of precincts whose figures are identical or nearly so, with the chance
  that two independent precincts come that close (Bonferroni over the pairs compared);
- `outliers`: precincts far outside their district's spread, by a robust z (median and
  MAD) of logit turnout and logit share, p from Student's t (Bonferroni over the
  precincts and the two figures).

`benjamini_hochberg` adjusts p-values for the number of areas a test was run on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import spatial
from scipy import stats as sps

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

MIN_DIGIT_COUNT = 100
"""Vote counts below this are left out of the digit tests: a small count's last digit is
not uniform even in honest figures (more 1s than 9s among counts of 10-19; measured on
the mock, counts from 10 up gave p near 0.005 with no fraud)."""
MIN_TWIN_BALLOTS = 30
"""Precincts with fewer ballots issued are not compared for twins: tiny protocols
coincide by chance."""
TWIN_DISTANCE = 6
"""Two protocols are near-identical when their figures differ by this many in all."""
MIN_OUTLIER_PRECINCTS = 8
"""A district needs this many precincts for its spread to mean anything."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """One test on one set of precincts."""

    statistic: float
    p_value: float
    n: int
    """How many units the test used (precincts, vote counts, pairs)."""
    expected: float | None = None
    """What the statistic would be with honest figures, where the test has one."""
    precincts: tuple[int, ...] = ()
    """Indices of the precincts the finding is about (twins, outliers)."""


NOTHING = Outcome(0.0, 1.0, 0)


# -- turnout and share ------------------------------------------------------------------------


def rates(numerator: Ints, denominator: Ints) -> Floats:
    """numerator / denominator, NaN where the denominator is 0."""
    num = np.asarray(numerator, dtype=np.float64)
    den = np.asarray(denominator, dtype=np.float64)
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def rank(values: Floats) -> Floats:
    """Ranks 1..n, ties given their mean rank (as scipy.stats.rankdata)."""
    x = np.asarray(values, dtype=np.float64)
    order = np.argsort(x, kind="mergesort")
    sorted_x = x[order]
    n = len(x)
    starts = np.r_[True, sorted_x[1:] != sorted_x[:-1]]
    group = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    last = np.r_[first[1:], n] - 1
    mean_rank = (first + last) / 2.0 + 1.0
    out = np.empty(n)
    out[order] = mean_rank[group]
    return out


def spearman_greater(x: Floats, y: Floats) -> Outcome:
    """Spearman's rho and the one-sided p-value of a positive correlation (t with n - 2
    degrees of freedom, as scipy.stats.spearmanr(alternative='greater'))."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    n = len(x)
    if n < 4:
        return Outcome(0.0, 1.0, n)
    rx, ry = rank(x), rank(y)
    rx -= rx.mean()
    ry -= ry.mean()
    denom = math.sqrt(float(np.dot(rx, rx)) * float(np.dot(ry, ry)))
    if denom == 0:
        return Outcome(0.0, 1.0, n)
    rho = float(np.dot(rx, ry)) / denom
    rho = max(-1.0, min(1.0, rho))
    if rho >= 1.0:
        return Outcome(rho, 0.0, n, expected=0.0)
    t = rho * math.sqrt((n - 2) / ((1.0 - rho) * (1.0 + rho)))
    return Outcome(rho, float(sps.t.sf(t, n - 2)), n, expected=0.0)


def centred(values: Floats, groups: Sequence[str]) -> Floats:
    """Each value less the median of its group (NaN values stay NaN)."""
    x = np.asarray(values, dtype=np.float64)
    keys = np.asarray(groups)
    out = np.full(x.shape, np.nan)
    for g in np.unique(keys):
        idx = np.flatnonzero(keys == g)
        vals = x[idx]
        ok = np.isfinite(vals)
        if ok.any():
            out[idx] = vals - np.median(vals[ok])
    return out


def turnout_share(
    issued: Ints, electorate: Ints, leader: Ints, valid: Ints, districts: Sequence[str]
) -> Outcome:
    """Within-district rank correlation of turnout (issued / electorate) and the leader's
    share (leader / valid ballots); one-sided, positive."""
    turnout = centred(rates(issued, electorate), districts)
    share = centred(rates(leader, valid), districts)
    return spearman_greater(turnout, share)


def mann_whitney_greater(x: Floats, y: Floats) -> float:
    """One-sided p-value that x tends to be larger than y: Mann-Whitney U, normal
    approximation with tie and continuity correction (as scipy.stats.mannwhitneyu(x, y,
    alternative='greater', method='asymptotic'))."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    x, y = x[np.isfinite(x)], y[np.isfinite(y)]
    n1, n2 = len(x), len(y)
    if n1 == 0 or n2 == 0:
        return 1.0
    both = np.concatenate([x, y])
    r = rank(both)
    u = float(r[:n1].sum()) - n1 * (n1 + 1) / 2.0
    n = n1 + n2
    _, counts = np.unique(both, return_counts=True)
    tie = float((counts**3 - counts).sum())
    var = n1 * n2 / 12.0 * ((n + 1) - tie / (n * (n - 1)))
    if var <= 0:
        return 1.0
    z = (u - n1 * n2 / 2.0 - 0.5) / math.sqrt(var)
    return float(sps.norm.sf(z))


def district_shift(turnout: Floats, share: Floats, inside: npt.NDArray[np.bool_]) -> Outcome:
    """Whether the precincts `inside` (one district) have both a higher turnout and a
    higher leader's share than the others (the rest of its region): the larger of the two
    one-sided Mann-Whitney p-values (both must hold). The statistic is the smaller of the
    two differences of medians (inside less outside), in shares of 1."""
    t = np.asarray(turnout, dtype=np.float64)
    s = np.asarray(share, dtype=np.float64)
    ok = np.isfinite(t) & np.isfinite(s)
    a, b = ok & inside, ok & ~inside
    if a.sum() < 2 or b.sum() < 2:
        return Outcome(0.0, 1.0, int(a.sum()))
    p = max(mann_whitney_greater(t[a], t[b]), mann_whitney_greater(s[a], s[b]))
    shift = min(float(np.median(t[a]) - np.median(t[b])), float(np.median(s[a]) - np.median(s[b])))
    return Outcome(shift, p, int(a.sum()), expected=0.0)


# -- whole-percentage spikes ------------------------------------------------------------------

_PERCENTS = np.arange(1, 100, dtype=np.int64)
"""The whole percentages tested (0% and 100% are bounds, not choices)."""


def at_whole_percent(numerator: Ints, denominator: Ints) -> npt.NDArray[np.bool_]:
    """Whether numerator / denominator falls in the 0.1% bin centred on a whole
    percentage 1..99: 100 m / n in [k - 0.05, k + 0.05), in exact integers."""
    m = np.asarray(numerator, dtype=np.int64)
    n = np.asarray(denominator, dtype=np.int64)
    out = np.zeros(m.shape, dtype=bool)
    ok = n > 0
    t = 2000 * m[ok]
    nn = n[ok]
    k = (t + nn) // (20 * nn)
    hit = (t >= nn * (20 * k - 1)) & (t < nn * (20 * k + 1)) & (k >= 1) & (k <= 99)
    out[ok] = hit
    return out


def whole_percent_chances(numerator: Ints, denominator: Ints) -> Floats:
    """Each precinct's chance of a whole percentage when its numerator is binomial with
    its denominator and its observed rate: the Monte-Carlo expectation, exactly."""
    m = np.asarray(numerator, dtype=np.int64)
    n = np.asarray(denominator, dtype=np.int64)
    ok = n > 0
    out = np.zeros(m.shape)
    if not ok.any():
        return out
    nn = n[ok][:, None]
    p = (m[ok] / n[ok])[:, None]
    k = _PERCENTS[None, :]
    lo = -((-nn * (20 * k - 1)) // 2000)  # ceil(n (20k - 1) / 2000)
    hi = -((-nn * (20 * k + 1)) // 2000) - 1  # last count below n (20k + 1) / 2000
    mass = sps.binom.cdf(hi, nn, p) - sps.binom.cdf(lo - 1, nn, p)
    mass = np.where(hi >= lo, mass, 0.0)
    out[ok] = np.clip(mass.sum(axis=1), 0.0, 1.0)
    return out


def poisson_binomial_sf(chances: Floats, k: int) -> float:
    """P(X >= k) for X the number of successes of independent trials with these
    chances, by exact convolution."""
    p = np.asarray(chances, dtype=np.float64)
    if k <= 0:
        return 1.0
    sure = int(np.count_nonzero(p >= 1.0))
    p = p[(p > 0.0) & (p < 1.0)]
    k -= sure
    if k <= 0:
        return 1.0
    if k > len(p):
        return 0.0
    pmf = np.zeros(len(p) + 1)
    pmf[0] = 1.0
    for i, q in enumerate(p, start=1):
        pmf[1 : i + 1] = pmf[1 : i + 1] * (1.0 - q) + pmf[0:i] * q
        pmf[0] *= 1.0 - q
    return float(min(1.0, max(0.0, pmf[k:].sum())))


def integer_spikes(numerator: Ints, denominator: Ints) -> Outcome:
    """Precincts at whole percentages, against the binomial expectation. The statistic
    is the observed count over the expected count (1 = as chance has it)."""
    m = np.asarray(numerator, dtype=np.int64)
    n = np.asarray(denominator, dtype=np.int64)
    keep = n > 0
    m, n = m[keep], n[keep]
    if len(m) == 0:
        return NOTHING
    observed = int(np.count_nonzero(at_whole_percent(m, n)))
    chances = whole_percent_chances(m, n)
    expected = float(chances.sum())
    ratio = observed / expected if expected > 0 else (1.0 if observed == 0 else math.inf)
    return Outcome(ratio, poisson_binomial_sf(chances, observed), len(m), expected=1.0)


def monte_carlo_spikes(
    numerator: Ints, denominator: Ints, draws: int, seed: int
) -> npt.NDArray[np.int64]:
    """Kobak et al.'s simulation: `draws` elections in which every precinct's numerator
    is binomial with its denominator and observed rate; the count of precincts at whole
    percentages in each."""
    m = np.asarray(numerator, dtype=np.int64)
    n = np.asarray(denominator, dtype=np.int64)
    keep = n > 0
    m, n = m[keep], n[keep]
    rng = np.random.default_rng(seed)
    out = np.empty(draws, dtype=np.int64)
    for d in range(draws):
        sim = rng.binomial(n, m / n)
        out[d] = np.count_nonzero(at_whole_percent(sim, n))
    return out


def histogram(values: Floats, width: float = 0.001) -> tuple[Floats, Floats]:
    """Counts in bins of `width` centred on its multiples (0.1% bins for rates in 0..1):
    (bin centres, counts)."""
    x = np.asarray(values, dtype=np.float64)
    x = x[np.isfinite(x)]
    steps = round(1.0 / width)
    edges = (np.arange(steps + 2) - 0.5) * width
    counts, _ = np.histogram(x, bins=edges)
    centres = np.arange(steps + 1, dtype=np.float64) * width
    return centres, counts.astype(np.float64)


# -- digits -----------------------------------------------------------------------------------


def digit_counts(counts: Ints) -> Ints:
    """Vote counts of at least MIN_DIGIT_COUNT."""
    c = np.asarray(counts, dtype=np.int64).ravel()
    return c[c >= MIN_DIGIT_COUNT]


def last_digit(counts: Ints) -> Outcome:
    """Pearson's chi-square of the last digits against the uniform (9 degrees of
    freedom), as scipy.stats.chisquare."""
    c = digit_counts(counts)
    n = len(c)
    if n < 50:
        return Outcome(0.0, 1.0, n)
    observed = np.bincount(c % 10, minlength=10).astype(np.float64)
    expected = n / 10.0
    chi2 = float(((observed - expected) ** 2 / expected).sum())
    return Outcome(chi2, float(sps.chi2.sf(chi2, 9)), n, expected=9.0)


def zero_five(counts: Ints) -> Outcome:
    """The share of counts ending in 0 or 5, and the one-sided exact binomial p-value of
    so many or more (as scipy.stats.binomtest(k, n, 0.2, alternative='greater'))."""
    c = digit_counts(counts)
    n = len(c)
    if n < 50:
        return Outcome(0.0, 1.0, n)
    k = int(np.count_nonzero(c % 5 == 0))
    p = float(sps.binom.sf(k - 1, n, 0.2)) if k > 0 else 1.0
    return Outcome(k / n, min(1.0, p), n, expected=0.2)


# -- twins ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Twin:
    first: int
    second: int
    distance: int
    """The sum of the figures' absolute differences (0: identical)."""
    p_value: float
    """The chance that two independent precincts come this close, times the number of
    pairs compared (Bonferroni), at most 1."""


def twins(figures: Ints, issued_spread: float | None = None) -> tuple[Twin, ...]:
    """Pairs of rows (precincts) of `figures` whose values (column 0: ballots issued;
    then invalid ballots and each choice's votes) differ by at most TWIN_DISTANCE in all.

    The chance of such a pair: for the ballots issued, (2d + 1) over the spread of two
    precincts' difference in the area (sd from the MAD); for each other figure, given the
    same ballots, (2d + 1) over the binomial spread of a difference, sqrt(4 pi mu (1 - q))
    (the least any honest variation can be, so the chance is not understated)."""
    f = np.asarray(figures, dtype=np.int64)
    if f.ndim != 2 or len(f) < 2:
        return ()
    rows = np.flatnonzero(f[:, 0] >= MIN_TWIN_BALLOTS)
    if len(rows) < 2:
        return ()
    sub = f[rows]
    pairs_compared = len(rows) * (len(rows) - 1) / 2
    if issued_spread is None:
        mad = float(np.median(np.abs(sub[:, 0] - np.median(sub[:, 0]))))
        issued_spread = max(1.4826 * mad, 1.0)
    tree = spatial.cKDTree(sub.astype(np.float64))
    found = tree.query_pairs(r=TWIN_DISTANCE + 0.5, p=1, output_type="ndarray")
    out: list[Twin] = []
    for i, j in found:
        a, b = sub[i], sub[j]
        d = np.abs(a - b)
        chance = min(1.0, (2 * float(d[0]) + 1) / (math.sqrt(4 * math.pi) * issued_spread))
        total = max(float(a[0] + b[0]) / 2.0, 1.0)
        for col in range(1, f.shape[1]):
            mu = max(float(a[col] + b[col]) / 2.0, 0.5)
            q = min(mu / total, 0.999)
            chance *= min(1.0, (2 * float(d[col]) + 1) / math.sqrt(4 * math.pi * mu * (1 - q)))
        first, second = sorted((int(rows[i]), int(rows[j])))
        out.append(Twin(first, second, int(d.sum()), min(1.0, chance * pairs_compared)))
    out.sort(key=lambda t: (t.p_value, t.first, t.second))
    return tuple(out)


# -- outliers ---------------------------------------------------------------------------------


def _logit(p: Floats) -> Floats:
    q = np.clip(np.asarray(p, dtype=np.float64), 0.5e-3, 1 - 0.5e-3)
    return np.asarray(np.log(q / (1 - q)), dtype=np.float64)


def robust_z(values: Floats) -> Floats:
    """(x - median) / (1.4826 MAD); 0 where the MAD is 0."""
    x = np.asarray(values, dtype=np.float64)
    med = np.median(x)
    mad = 1.4826 * float(np.median(np.abs(x - med)))
    if mad == 0:
        return np.zeros(x.shape)
    return np.asarray((x - med) / mad, dtype=np.float64)


def outliers(turnout: Floats, share: Floats) -> Outcome:
    """The precinct furthest outside the spread of these (one district's) precincts, by
    the larger robust z of its logit turnout and logit share. p: two-sided Student's t
    with n - 1 degrees of freedom, times 2n (Bonferroni over the precincts and the two
    figures). `precincts`: every precinct whose own corrected p is below 0.001."""
    t = np.asarray(turnout, dtype=np.float64)
    s = np.asarray(share, dtype=np.float64)
    keep = np.flatnonzero(np.isfinite(t) & np.isfinite(s))
    n = len(keep)
    if n < MIN_OUTLIER_PRECINCTS:
        return Outcome(0.0, 1.0, n)
    z = np.maximum(np.abs(robust_z(_logit(t[keep]))), np.abs(robust_z(_logit(s[keep]))))
    p_each = np.minimum(1.0, 2 * n * 2 * sps.t.sf(z, n - 1))
    worst = int(np.argmax(z))
    flagged = tuple(int(keep[i]) for i in np.flatnonzero(p_each < 0.001))
    return Outcome(float(z[worst]), float(p_each[worst]), n, expected=None, precincts=flagged)


# -- multiple testing -------------------------------------------------------------------------


def benjamini_hochberg(p_values: Sequence[float]) -> Floats:
    """Benjamini-Hochberg adjusted p-values (as scipy.stats.false_discovery_control)."""
    p = np.asarray(p_values, dtype=np.float64)
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p)
    scaled = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out
