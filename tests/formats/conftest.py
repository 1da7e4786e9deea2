"""Fixtures of the format tests: the small test election, as an object and as a file."""

from __future__ import annotations

import datetime as dt
import runpy
from collections.abc import Callable
from pathlib import Path

import pytest

from kztally.domain.election import Election

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TZ = dt.timezone(dt.timedelta(hours=6))


def build_election() -> Election:
    build: Callable[[], Election] = runpy.run_path(str(FIXTURES / "small_election.py"))["build"]
    return build()


@pytest.fixture(scope="session")
def election() -> Election:
    return build_election()


@pytest.fixture(scope="session")
def election_path() -> Path:
    return FIXTURES / "small-election.json"
