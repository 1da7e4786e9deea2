"""Every forensic test on every area of a drill-down, corrected for the areas tested.

`analyse(rows, areas)` runs the tests of kztally.forensics.stats on the precincts of each
area (the area asked and the regions and districts below it), adjusts each test's
p-values over the areas by Benjamini-Hochberg, and flags what stays below ALPHA. Twins
are looked for once over all the precincts (each pair's chance already corrected for the
pairs compared); outliers only within districts (the areas precincts belong to), and each district's
shift against the rest of the area above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np

from kztally.forensics import stats

Test = Literal[
    "turnout_share",
    "district_shift",
    "turnout_spikes",
    "share_spikes",
    "last_digit",
    "zero_five",
    "twins",
    "outliers",
]
TESTS: tuple[Test, ...] = get_args(Test)
ALPHA = 0.001
"""Significance per test, after the correction for the number of areas tested."""
MIN_AREA_PRECINCTS = 8
"""An area with fewer accepted precincts is not tested on its own."""


@dataclass(frozen=True, slots=True)
class PrecinctRow:
    """One accepted protocol of the contest the forensics look at."""

    code: str
    district: str
    """The area the precinct belongs to (its parent)."""
    areas: tuple[str, ...]
    """Every area above it, from the top."""
    electorate: int
    """Line 1."""
    issued: int
    """Lines 3 + 4: turnout is issued / electorate, as the CEC publishes it."""
    invalid: int
    """Line 8."""
    valid: int
    """Lines 6 + 7 - 8."""
    votes: tuple[int, ...]
    """Each choice's votes, then against all where the ballot has it."""


@dataclass(frozen=True, slots=True)
class Finding:
    area: str
    test: Test
    statistic: float
    p_value: float
    """As the test computed it, for this area alone."""
    p_adjusted: float
    """Benjamini-Hochberg over the areas this test was run on (twins: Bonferroni over
    the pairs compared, already in p_value)."""
    n: int
    expected: float | None
    precincts: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        return self.p_adjusted < ALPHA


@dataclass(frozen=True, slots=True)
class Report:
    area: str
    areas: tuple[str, ...]
    """The areas tested: the one asked first, then those below it with enough precincts."""
    leader: int | None
    """The index (in `PrecinctRow.votes`) of the choice with the most votes overall."""
    precincts: int
    findings: tuple[Finding, ...]
    """Every test on every area (and every twin pair found), flagged or not."""

    @property
    def flagged(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.flagged)


class Arrays:
    """The rows as columns, for the tests and the charts."""

    def __init__(self, rows: Sequence[PrecinctRow], leader: int | None) -> None:
        self.codes = [r.code for r in rows]
        self.districts = [r.district for r in rows]
        self.electorate = np.array([r.electorate for r in rows], dtype=np.int64)
        self.issued = np.array([r.issued for r in rows], dtype=np.int64)
        self.invalid = np.array([r.invalid for r in rows], dtype=np.int64)
        self.valid = np.array([r.valid for r in rows], dtype=np.int64)
        width = max((len(r.votes) for r in rows), default=0)
        self.votes = np.zeros((len(rows), width), dtype=np.int64)
        for i, r in enumerate(rows):
            self.votes[i, : len(r.votes)] = r.votes
        self.leader = (
            self.votes[:, leader] if leader is not None else np.zeros(len(rows), dtype=np.int64)
        )

    @property
    def turnout(self) -> stats.Floats:
        return stats.rates(self.issued, self.electorate)

    @property
    def share(self) -> stats.Floats:
        return stats.rates(self.leader, self.valid)


def leader_of(rows: Sequence[PrecinctRow], choices: int) -> int | None:
    """The choice (of the first `choices`, against all left out) with the most votes."""
    if not rows or choices == 0:
        return None
    sums = np.zeros(choices, dtype=np.int64)
    for r in rows:
        sums += np.asarray(r.votes[:choices], dtype=np.int64)
    return int(np.argmax(sums))


def _area_tests(
    a: Arrays, idx: np.ndarray, district: bool, region: np.ndarray | None
) -> dict[Test, stats.Outcome]:
    districts = [a.districts[i] for i in idx]
    votes = a.votes[idx]
    out: dict[Test, stats.Outcome] = {
        "turnout_share": stats.turnout_share(
            a.issued[idx], a.electorate[idx], a.leader[idx], a.valid[idx], districts
        ),
        "turnout_spikes": stats.integer_spikes(a.issued[idx], a.electorate[idx]),
        "share_spikes": stats.integer_spikes(a.leader[idx], a.valid[idx]),
        "last_digit": stats.last_digit(votes),
        "zero_five": stats.zero_five(votes),
    }
    if district and region is not None and len(region) > len(idx):
        inside = np.isin(region, idx)
        out["district_shift"] = stats.district_shift(a.turnout[region], a.share[region], inside)
    if district:
        o = stats.outliers(a.turnout[idx], a.share[idx])
        out["outliers"] = stats.Outcome(
            o.statistic, o.p_value, o.n, o.expected, tuple(int(idx[i]) for i in o.precincts)
        )
    return out


def analyse(rows: Sequence[PrecinctRow], area: str, areas: Sequence[str], choices: int) -> Report:
    """Run every test on `area` and on each of `areas` below it (those with fewer than
    MIN_AREA_PRECINCTS accepted precincts are skipped); `choices` is how many of each
    row's votes are choices (the rest: against all)."""
    leader = leader_of(rows, choices)
    a = Arrays(rows, leader)
    members: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        for code in (*r.areas, r.district):
            members.setdefault(code, []).append(i)
    tested = [area] + [c for c in areas if c != area]
    tested = [c for c in tested if len(members.get(c, ())) >= MIN_AREA_PRECINCTS]
    district_codes = set(a.districts)
    parent_of = {r.district: r.areas[-1] for r in rows if r.areas}
    raw: dict[Test, list[tuple[str, stats.Outcome]]] = {t: [] for t in TESTS}
    if leader is not None:
        for code in tested:
            idx = np.array(sorted(set(members[code])), dtype=np.int64)
            region: np.ndarray | None = None
            if code in district_codes:
                above = parent_of.get(code)
                if above is not None and above in members:
                    region = np.array(sorted(set(members[above])), dtype=np.int64)
            for test, outcome in _area_tests(a, idx, code in district_codes, region).items():
                raw[test].append((code, outcome))
    findings: list[Finding] = []
    for test in TESTS:
        if test == "twins" or not raw[test]:
            continue
        adjusted = stats.benjamini_hochberg([o.p_value for _, o in raw[test]])
        for (code, o), adj in zip(raw[test], adjusted, strict=True):
            findings.append(
                Finding(
                    code,
                    test,
                    o.statistic,
                    o.p_value,
                    float(adj),
                    o.n,
                    o.expected,
                    tuple(a.codes[i] for i in o.precincts),
                )
            )
    findings.extend(_twin_findings(rows, a, tested or [area]))
    return Report(area, tuple(tested), leader, len(rows), tuple(findings))


TWINS_SHOWN = 50
"""At most this many twin pairs are reported (the closest first)."""


def _twin_findings(rows: Sequence[PrecinctRow], a: Arrays, tested: Sequence[str]) -> list[Finding]:
    if len(rows) < 2:
        return []
    figures = np.column_stack([a.issued, a.invalid, a.votes])
    out: list[Finding] = []
    for t in stats.twins(figures)[:TWINS_SHOWN]:
        if t.p_value >= 1.0:
            continue
        first, second = rows[t.first], rows[t.second]
        both = {*first.areas, first.district} & {*second.areas, second.district}
        area = next((c for c in reversed(tested) if c in both), tested[0])
        if first.district == second.district:
            area = first.district
        out.append(
            Finding(
                area,
                "twins",
                float(t.distance),
                t.p_value,
                t.p_value,
                2,
                None,
                (first.code, second.code),
            )
        )
    return out
