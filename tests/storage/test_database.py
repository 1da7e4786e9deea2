"""Opening, migrating and refusing databases, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import make_url, text

from kztally.storage import database as database_module
from kztally.storage.database import (
    MIGRATIONS_DIR,
    Database,
    display_url,
    head_revision,
    normalize_url,
    open_database,
    revisions,
    upgrade,
)
from kztally.storage.errors import NotAKztallyDatabase, SchemaMismatch, StorageError
from kztally.storage.models import Base

NEXT = "9000"
"""A revision newer than this program's head, for tests of an older schema."""


def _set_revision(db: Database, revision: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})


def test_migrated_schema_matches_the_models(db: Database) -> None:
    assert db.current_revision == head_revision()
    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []


def test_downgrade_and_upgrade_again(db_url: str) -> None:
    from alembic import command

    upgrade(db_url)
    engine = database_module.make_engine(normalize_url(db_url), foreign_keys=False)
    try:
        with engine.connect() as conn:
            cfg = database_module._alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
            conn.commit()
            assert set(conn.dialect.get_table_names(conn)) <= {"alembic_version"}
    finally:
        engine.dispose()
    assert upgrade(db_url) == head_revision()


def test_a_new_sqlite_file_is_created_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "dir" / "kztally.sqlite"
    with open_database(f"sqlite:///{path}") as db:
        assert db.current_revision == head_revision()
        assert db.data_version() == 0
        assert db.path == path
    assert path.is_file()
    assert not list(path.parent.glob("*.bak")), "a new file needs no backup copy"


def test_sqlite_connections_have_foreign_keys_wal_and_busy_timeout(tmp_path: Path) -> None:
    with open_database(f"sqlite:///{tmp_path / 'k.sqlite'}") as db, db.session() as s:
        conn = s.connection()
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000


def test_sqlite_write_transactions_begin_immediate(tmp_path: Path) -> None:
    """A write session holds the write lock from its first statement: another writer
    cannot slip in between its read and its write."""
    with open_database(f"sqlite:///{tmp_path / 'k.sqlite'}") as db, db.session() as s:
        s.execute(text("SELECT 1"))
        other = sqlite3.connect(str(tmp_path / "k.sqlite"), timeout=0)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            # a reader is not blocked (WAL)
            assert other.execute("SELECT value FROM data_version").fetchone() == (0,)
        finally:
            other.close()


def test_sqlite_read_then_write_from_two_threads_loses_nothing(tmp_path: Path) -> None:
    """The SQLite trap: with plain BEGIN, read-then-write transactions fail with
    'database is locked'. With BEGIN IMMEDIATE every one of them waits its turn."""
    with open_database(f"sqlite:///{tmp_path / 'k.sqlite'}") as db:
        errors: list[BaseException] = []

        def work() -> None:
            try:
                for _ in range(100):
                    with db.session() as s:
                        value = s.execute(text("SELECT value FROM data_version")).scalar_one()
                        s.execute(text("UPDATE data_version SET value = :v"), {"v": value + 1})
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        # each session adds 1 itself and the automatic bump adds 1 more
        assert db.data_version() == 600


def test_every_write_bumps_the_data_version_and_reads_do_not(db: Database) -> None:
    start = db.data_version()
    with db.session(readonly=True) as s:
        s.execute(text("SELECT count(*) FROM protocol"))
    with db.session() as s:
        s.execute(text("SELECT count(*) FROM protocol"))
    assert db.data_version() == start
    with db.session() as s:
        s.execute(
            text("INSERT INTO area (code, kind, name, path) VALUES ('KZ', 'country', 'K', '/KZ/')")
        )
    assert db.data_version() == start + 1


def test_a_readonly_session_refuses_to_write(db: Database) -> None:
    with pytest.raises(RuntimeError, match="read-only"), db.session(readonly=True) as s:
        s.execute(
            text("INSERT INTO area (code, kind, name, path) VALUES ('KZ', 'country', 'K', '/KZ/')")
        )
    with db.session(readonly=True) as s:
        assert s.execute(text("SELECT count(*) FROM area")).scalar() == 0


def test_a_failed_transaction_writes_nothing(db: Database) -> None:
    start = db.data_version()
    with pytest.raises(ZeroDivisionError), db.session() as s:
        s.execute(
            text("INSERT INTO area (code, kind, name, path) VALUES ('KZ', 'country', 'K', '/KZ/')")
        )
        _ = 1 / 0
    with db.session(readonly=True) as s:
        assert s.execute(text("SELECT count(*) FROM area")).scalar() == 0
    assert db.data_version() == start


def test_a_newer_schema_is_refused(db_url: str) -> None:
    with open_database(db_url, migrate=True) as db:
        _set_revision(db, "9999")
    with pytest.raises(SchemaMismatch) as info:
        open_database(db_url)
    assert info.value.found == "9999"
    assert info.value.expected == head_revision()
    assert info.value.newer
    assert "9999" in str(info.value) and head_revision() in str(info.value)
    with pytest.raises(SchemaMismatch):
        upgrade(db_url)


def test_a_workstation_does_not_migrate_a_server(postgres_url: str) -> None:
    with pytest.raises(SchemaMismatch) as info:
        open_database(postgres_url)
    message = str(info.value)
    assert info.value.found is None
    assert "kztally db upgrade" in message and head_revision() in message
    url = make_url(postgres_url)
    assert display_url(url) in message and "password" not in message
    assert not url.password or str(url.password) not in message
    # nothing was created
    with pytest.raises(SchemaMismatch):
        open_database(postgres_url, migrate=False)


def test_an_older_server_schema_names_both_revisions_and_the_command(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = upgrade(postgres_url)
    monkeypatch.setattr(database_module, "head_revision", lambda: NEXT)
    monkeypatch.setattr(database_module, "known_revisions", lambda: frozenset({now, NEXT}))
    with pytest.raises(SchemaMismatch) as info:
        open_database(postgres_url)
    assert (info.value.found, info.value.expected, info.value.newer) == (now, NEXT, False)
    assert now in str(info.value) and NEXT in str(info.value)
    assert f"kztally db upgrade --db {display_url(make_url(postgres_url))}" in str(info.value)


def test_the_administrator_upgrades_a_server_then_workstations_open_it(postgres_url: str) -> None:
    assert upgrade(postgres_url) == head_revision()
    assert upgrade(postgres_url) == head_revision()  # twice is harmless
    with open_database(postgres_url) as db:
        assert db.current_revision == head_revision()
        assert db.dialect == "postgresql"


def test_two_upgrades_at_once_serialize_on_the_lock(postgres_url: str) -> None:
    results: list[str] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(upgrade(postgres_url))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results == [head_revision()] * 3


def test_an_older_sqlite_file_is_copied_aside_then_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kztally.sqlite"
    with open_database(f"sqlite:///{path}") as db, db.session() as s:
        s.execute(
            text("INSERT INTO area (code, kind, name, path) VALUES ('KZ', 'country', 'K', '/KZ/')")
        )
    upgraded: list[str] = []
    now = head_revision()
    monkeypatch.setattr(database_module, "head_revision", lambda: NEXT)
    monkeypatch.setattr(database_module, "known_revisions", lambda: frozenset({now, NEXT}))
    monkeypatch.setattr(database_module, "upgrade", lambda url: upgraded.append(str(url)) or NEXT)
    open_database(f"sqlite:///{path}").close()
    copies = list(tmp_path.glob(f"kztally.sqlite.{now}-*.bak"))
    assert len(copies) == 1
    assert upgraded == [f"sqlite:///{path}"]
    copy = sqlite3.connect(str(copies[0]))
    try:
        assert copy.execute("SELECT code FROM area").fetchall() == [("KZ",)]
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [(now,)]
    finally:
        copy.close()


def test_sqlite_is_not_migrated_when_told_not_to(tmp_path: Path) -> None:
    with pytest.raises(SchemaMismatch):
        open_database(f"sqlite:///{tmp_path / 'k.sqlite'}", migrate=False)


def test_a_file_that_is_not_kztallys_is_refused(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database at all, just some text" * 100)
    with pytest.raises(NotAKztallyDatabase):
        open_database(f"sqlite:///{garbage}")

    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(str(other))
    conn.execute("CREATE TABLE notes (x TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAKztallyDatabase):
        open_database(f"sqlite:///{other}")
    conn = sqlite3.connect(str(other))
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
    finally:
        conn.close()
    assert tables == ["notes"], "a foreign file is left untouched"


def test_urls() -> None:
    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("sqlite:///x.sqlite").drivername == "sqlite"
    with pytest.raises(StorageError, match="psycopg 3"):
        normalize_url("postgresql+psycopg2://u@h/db")
    with pytest.raises(StorageError, match="SQLite and PostgreSQL"):
        normalize_url("mysql://u@h/db")


def test_in_memory_sqlite_works() -> None:
    with open_database("sqlite://") as db:
        assert db.current_revision == head_revision()
        assert db.path is None
        with db.session() as s:
            s.execute(
                text("INSERT INTO area (code, kind, name, path) VALUES ('KZ', 'country', 'K', '/')")
            )
        assert db.data_version() == 1


def test_an_unreachable_server_is_a_storage_error() -> None:
    with pytest.raises(StorageError, match=r"127\.0\.0\.1"):
        open_database("postgresql://nobody@127.0.0.1:1/nothing")


def test_revisions_read_from_the_files_are_alembics() -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(cfg)
    assert revisions() == tuple(r.revision for r in reversed(list(script.walk_revisions())))
    assert head_revision() == script.get_current_head()
