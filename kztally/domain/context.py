"""A protocol's figures checked where they stand: the one composition of the checks.

`findings_at` is what every path computes for figures settled at a protocol: the
protocol's own checks (K1-K6, W1-W5, W8 with the precinct's electorate and the acts), W6
against the contest's other precincts' figures and W7 against the precinct's other
ballot types. The services feed it what the database holds (`kztally.services.checks`),
`kztally check` what the files given hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kztally.domain.election import Area, Contest
from kztally.domain.ids import AreaCode
from kztally.domain.protocol import (
    Act,
    Figures,
    Finding,
    check_ballot_types,
    check_duplicate,
    check_protocol,
)
from kztally.domain.rules import RuleSet


def findings_at(
    rules: RuleSet,
    area: Area,
    contest: Contest,
    figures: Figures,
    acts: frozenset[Act],
    same: Mapping[AreaCode, Figures],
    others: Iterable[tuple[Contest, Figures]],
) -> tuple[Finding, ...]:
    """Every finding on `figures` at protocol `area` x `contest`: `same` are the
    contest's other precincts' figures to compare (W6; the protocol's own precinct is left
    out), `others` the precinct's other ballot types and their figures (W7)."""
    found = check_protocol(contest, figures, rules, electorate=area.electorate, acts=acts)
    found += check_duplicate(contest, figures, {p: f for p, f in same.items() if p != area.code})
    found += check_ballot_types(
        rules, contest, figures, [(c, f) for c, f in others if c.id != contest.id]
    )
    return found
