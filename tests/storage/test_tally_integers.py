"""Totals are sums of whole numbers, never floating point, on both databases: a figure no
path into kztally can store (10^30, written into the database by hand) stops the sum
instead of being summed as a float (SQLite) or clipped."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from kztally.domain.election import Election
from kztally.domain.entry import Entry
from kztally.domain.ids import ContestId
from kztally.domain.protocol import Figures
from kztally.services.context import Services
from kztally.services.entry import BulkItem
from kztally.services.mock import FIRST_CLERK, SECOND_CLERK, generated_accounts
from kztally.storage.database import Database
from kztally.storage.errors import StorageError
from kztally.storage.tally import contest_totals
from tests.conftest import PASSWORD

MZL = ContestId("MZ-L")
AT = dt.datetime(2023, 3, 19, 21, 5, tzinfo=dt.UTC)


def clean(k: int) -> Figures:
    """Figures that pass every check; `k` keeps precincts apart (no W6)."""
    return Figures((1000, 600, 550, 20, 30, 550, 20, 5), (300 + k, 150 - k, 100), 15)


def test_a_figure_written_by_hand_beyond_64_bits_is_not_summed_as_a_float(
    db: Database, election: Election
) -> None:
    admin = Services.sign_in(db, "admin", PASSWORD)
    admin.elections.load_definition(election)
    keys = [(p, c) for p, c in election.iter_protocol_keys() if c == MZL][:2]
    generated_accounts(admin)  # bulk steps are the mock's generated clerks'
    admin.entry.record_many(
        BulkItem(p, c, (Entry(clean(k), FIRST_CLERK, AT), Entry(clean(k), SECOND_CLERK, AT)))
        for k, (p, c) in enumerate(keys)
    )
    with db.session(readonly=True) as s:
        assert contest_totals(s, election)[MZL].votes == (601, 299, 200)
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE protocol SET votes = :v WHERE precinct = :p AND contest = 'MZ-L'"),
            {"v": "[1000000000000000000000000000000, 150, 100]", "p": keys[0][0]},
        )
    with pytest.raises((StorageError, DBAPIError)) as caught, db.session(readonly=True) as s:
        contest_totals(s, election)
    if db.dialect == "sqlite":
        assert isinstance(caught.value, StorageError)
        assert "not a whole number (1e+30)" in str(caught.value)
