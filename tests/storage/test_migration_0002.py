"""Migration 0002: an SQLite file made at 0001 opens, is copied aside and upgraded, and
keeps its data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection, text

from kztally.storage.database import head_revision, open_database
from tests.storage.old_schema import make_at


def _make_at_0001(path: Path) -> None:
    make_at(f"sqlite:///{path}", "0001", _rows_of_0001)


def _rows_of_0001(conn: Connection) -> None:
    conn.execute(
        text(
            "INSERT INTO area (code, kind, name, path) VALUES "
            "('KZ', 'country', 'Kazakhstan', '/KZ/'), "
            "('P00001', 'precinct', 'Учаскe №1 Қарағанды', '/KZ/P00001/')"
        )
    )
    conn.execute(
        text(
            "INSERT INTO contest (id, body, kind, name, area, seats, choices) "
            "VALUES ('MZ-L', 'MZ', 'list', 'Mazhilis', 'KZ', 98, 3)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO protocol (id, precinct, contest, state, round, breach, "
            "line1, votes, acts, findings, version) VALUES (7, 'P00001', 'MZ-L', "
            "'accepted', 1, false, 1000, '[1, 2, 3]', '', '', 3)"
        )
    )


def test_a_file_at_0001_is_backed_up_upgraded_and_keeps_its_protocols(tmp_path: Path) -> None:
    path = tmp_path / "kztally.sqlite"
    _make_at_0001(path)
    with open_database(f"sqlite:///{path}") as db:
        assert db.current_revision == head_revision()
        with db.session(readonly=True) as s:
            row = s.execute(
                text("SELECT p.id, a.name, p.state, p.line1, p.votes, p.version FROM protocol p "
                     "JOIN area a ON a.code = p.precinct")
            ).one()  # fmt: skip
            assert tuple(row) == (7, "Учаскe №1 Қарағанды", "accepted", 1000, "[1, 2, 3]", 3)
            assert s.execute(text("SELECT count(*) FROM attachment")).scalar() == 0
            assert s.execute(text("SELECT count(*) FROM observer_copy")).scalar() == 0
            # 0003: accounts are not generated; revisions have no import provenance
            assert s.execute(text("SELECT count(*) FROM account WHERE generated")).scalar() == 0
            assert s.execute(text("SELECT count(run_by) FROM revision")).scalar() == 0
    copies = list(tmp_path.glob("kztally.sqlite.0001-*.bak"))
    assert len(copies) == 1
    copy = sqlite3.connect(str(copies[0]))
    try:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert copy.execute("SELECT id, precinct FROM protocol").fetchall() == [(7, "P00001")]
        tables = {r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "attachment" not in tables
    finally:
        copy.close()
