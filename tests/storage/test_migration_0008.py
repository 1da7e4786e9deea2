"""Migration 0008 (the protocol row kept by the database): a database at 0007 with
protocols entered, decided and left half-way is upgraded; its entries get their figures
keys, its protocols stay as they were, and from then on the database's trigger keeps
them. On SQLite and PostgreSQL."""

from __future__ import annotations

import json

from sqlalchemy import inspect, text

from kztally.domain.election import Election
from kztally.domain.entry import EntryKind, State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.storage.database import head_revision, open_database
from kztally.storage.protocols import figures_from_json, figures_key
from tests.conftest import PASSWORD
from tests.storage.old_schema import downgrade_to

MZL = ContestId("MZ-L")
P1, P2, P3 = (AreaCode(f"P0000{n}") for n in (1, 2, 3))


def _figures(k: int) -> Figures:
    return Figures((1000, 600, 550, 20, 30, 550, 20, 5), (300 + k, 150 - k, 100), 15)


def test_protocols_from_0007_are_kept_and_then_kept_by_the_trigger(
    db_url: str, election: Election
) -> None:
    with open_database(db_url, migrate=True) as db:
        admin = Services.sign_in(db, "admin", PASSWORD)
        admin.elections.load_definition(election)
        for name, role in (("c1", Role.CLERK), ("c2", Role.CLERK), ("sup", Role.SUPERVISOR)):
            admin.users.add(name, role, PASSWORD)
        c1, c2 = Services.sign_in(db, "c1", PASSWORD), Services.sign_in(db, "c2", PASSWORD)
        v = c1.entry.enter(P1, MZL, _figures(0), expected_version=1)
        c2.entry.enter(P1, MZL, _figures(0), expected_version=v.version)
        c1.entry.enter(P2, MZL, _figures(1), expected_version=1)
        v = c1.entry.enter(P3, MZL, _figures(2), expected_version=1)
        c2.entry.enter(P3, MZL, _figures(3), expected_version=v.version)
        before = admin.entry.summaries()
    downgrade_to(db_url, "0007")
    with open_database(db_url, migrate=True) as db:
        assert db.current_revision == head_revision()
        with db.session(readonly=True) as s:
            assert "figures_key" in {
                c["name"] for c in inspect(s.connection()).get_columns("entry")
            }
            for figures, key in s.execute(text("SELECT figures, figures_key FROM entry")):
                stored = figures if isinstance(figures, dict) else json.loads(figures)
                assert key == figures_key(figures_from_json(stored))
        admin = Services.sign_in(db, "admin", PASSWORD)
        assert admin.entry.summaries() == before
        assert admin.audit.verify().breaks == ()
        # from now on the trigger keeps the rows
        c2, sup = Services.sign_in(db, "c2", PASSWORD), Services.sign_in(db, "sup", PASSWORD)
        v = c2.entry.view(P2, MZL)
        assert c2.entry.enter(P2, MZL, _figures(1), expected_version=v.version).state is (
            State.ACCEPTED
        )
        v = sup.entry.view(P3, MZL)
        kept = sup.entry.resolve(
            P3, MZL, EntryKind.FIRST, reason="the paper says so", expected_version=v.version
        )
        assert kept.state in (State.PENDING, State.ACCEPTED) and kept.figures == _figures(2)
        assert kept.version > v.version
        with db.session(readonly=True) as s:
            rows = s.execute(
                text("SELECT precinct, figures_key FROM protocol WHERE contest = 'MZ-L'")
            )
            keys = {r[0]: r[1] for r in rows}
        assert keys[P2] == figures_key(_figures(1)) and keys[P3] == figures_key(_figures(2))
        assert admin.audit.verify().breaks == ()
