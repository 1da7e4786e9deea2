"""Fixtures of the domain tests: the small test election, protocol figures and the
checks an entry runs."""

from __future__ import annotations

import runpy
from collections.abc import Callable
from pathlib import Path

import pytest

from kztally.domain.election import Contest, Election
from kztally.domain.entry import Checker
from kztally.domain.protocol import Act, Figures, Finding, check_protocol
from kztally.domain.rules import RULES_2023

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="session")
def election() -> Election:
    build: Callable[[], Election] = runpy.run_path(str(FIXTURES / "small_election.py"))["build"]
    return build()


@pytest.fixture(scope="session")
def mz_l(election: Election) -> Contest:
    return election.contest("MZ-L")


@pytest.fixture
def clean() -> Figures:
    """A Mazhilis list protocol of precinct P00421 (electorate 1000) that passes every check.

    2 = 3 + 4 + 5: 900 = 700 + 20 + 180; in the boxes 690 + 20 = 710 of 720 issued;
    710 = 10 invalid + 692 votes + 8 against all.
    """
    return Figures(
        (1000, 900, 700, 20, 180, 690, 20, 10),
        (380, 80, 70, 50, 20, 60, 32),
        8,
    )


@pytest.fixture
def check(mz_l: Contest) -> Checker:
    """The 2023 checks of a Mazhilis list protocol, its electorate 1000."""

    def checker(figures: Figures, acts: frozenset[Act]) -> tuple[Finding, ...]:
        return check_protocol(mz_l, figures, RULES_2023, electorate=1000, acts=acts)

    return checker
