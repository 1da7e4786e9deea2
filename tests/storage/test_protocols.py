"""Protocol rows at the storage level: the version counter catches a write based on a
stale read even when both transactions read before either wrote (PostgreSQL; on SQLite
BEGIN IMMEDIATE makes the second wait for the first instead)."""

from __future__ import annotations

import datetime as dt

import pytest

from kztally.domain import entry as machine
from kztally.domain.election import Election
from kztally.domain.entry import Actor, Entry, State
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.storage import protocols
from kztally.storage.database import Database, open_database
from kztally.storage.errors import StaleWrite
from kztally.storage.protocols import Action, figures_from_json, figures_key, figures_to_json
from tests.conftest import PASSWORD

AT = dt.datetime(2023, 3, 19, 20, tzinfo=dt.UTC)
F = Figures((1000, 600, 550, 20, 30, 550, 20, 5), (300, 150, 100), 15)


def _first_entry(record: protocols.ProtocolRecord, clerk: str) -> list[Action]:
    step = machine.enter(record.case, Entry(F, clerk, AT), Actor(clerk, Role.CLERK), lambda *_: ())
    return [Action(step, clerk, Role.CLERK, AT)]


@pytest.mark.postgres
def test_the_later_of_two_overlapping_writes_is_stale(
    postgres_url: str, election: Election
) -> None:
    with open_database(postgres_url, migrate=True) as db, open_database(postgres_url) as other:
        Services.sign_in(db, "admin", PASSWORD).elections.load_definition(election)
        start = db.data_version()
        # the database refuses the later revision, and the whole transaction with it
        with pytest.raises(StaleWrite), db.session() as a:
            mine = protocols.load(a, "P00001", "MZ-L")
            assert mine is not None
            with other.session() as b:  # another workstation, meanwhile
                theirs = protocols.load(b, "P00001", "MZ-L")
                assert theirs is not None
                protocols.save(b, theirs, _first_entry(theirs, "them"))
            protocols.save(a, mine, _first_entry(mine, "me"))
        with db.session(readonly=True) as s:
            now = protocols.load(s, "P00001", "MZ-L")
            history = protocols.history(s, now.id) if now else ()
        assert now is not None and now.case.state is State.FIRST_ENTRY
        assert now.case.first is not None and now.case.first.by == "them"
        assert [r.actor for r in history] == ["them"]
        assert db.data_version() == start + 1


def test_the_bulk_path_checks_versions(db: Database, election: Election) -> None:
    Services.sign_in(db, "admin", PASSWORD).elections.load_definition(election)
    with db.session() as s:
        stale = protocols.load_precincts(s, ["P00001"])[("P00001", "MZ-L")]
        protocols.save(s, stale, _first_entry(stale, "first"))
    with pytest.raises(StaleWrite), db.session() as s:
        protocols.save_many(s, [(stale, _first_entry(stale, "second"))])
    with db.session(readonly=True) as s:
        record = protocols.load(s, "P00001", "MZ-L")
        assert record is not None and record.case.first is not None
        assert record.case.first.by == "first"
        assert [r.actor for r in protocols.history(s, record.id)] == ["first"]


def test_figures_round_trip_and_keys() -> None:
    empty = Figures((None,) * 8, (None, 3), None)
    for f in (F, empty):
        assert figures_from_json(figures_to_json(f)) == f
    assert figures_key(F) == figures_key(Figures(F.lines, F.votes, F.against_all))
    assert figures_key(F) != figures_key(Figures(F.lines, (300, 100, 150), 15))
