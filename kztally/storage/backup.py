"""Backup and restore of an SQLite database, while the app may be running.

Copies are made with SQLite's online backup API, which reads one consistent snapshot even
while other connections write; a copy is a single file (journal mode DELETE) that can be
carried away. A PostgreSQL server is backed up by its administrator with pg_dump
(`db/backup.sh`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

from kztally.storage.database import (
    BUSY_TIMEOUT_MS,
    head_revision,
    known_revisions,
    upgrade,
)
from kztally.storage.errors import NotAKztallyDatabase, SchemaMismatch, StorageError

REQUIRED_TABLES = frozenset({"alembic_version", "data_version", "account", "protocol", "revision"})


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def copy_sqlite(source: Path, dest: Path) -> None:
    """A consistent copy of `source` in `dest` (replaced only once the copy is whole)."""
    if not source.is_file():
        raise StorageError(f"{source}: no such database file")
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    part.unlink(missing_ok=True)
    try:
        with closing(_connect(source)) as src, closing(sqlite3.connect(str(part))) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.DatabaseError as exc:
        part.unlink(missing_ok=True)
        raise NotAKztallyDatabase(f"{source} cannot be copied: {exc}") from exc
    part.replace(dest)


def sqlite_revision(path: Path) -> str:
    """The schema revision of a kztally SQLite file; refuses anything else."""
    if not path.is_file():
        raise StorageError(f"{path}: no such file")
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            missing = REQUIRED_TABLES - tables
            if missing:
                raise NotAKztallyDatabase(
                    f"{path} is not a kztally database (no {', '.join(sorted(missing))})"
                )
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            check = conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise NotAKztallyDatabase(f"{path} is not a kztally database: {exc}") from exc
    if row is None:
        raise NotAKztallyDatabase(f"{path} is not a kztally database (no schema revision)")
    if check is None or check[0] != "ok":
        raise NotAKztallyDatabase(f"{path} is damaged: {check[0] if check else 'unreadable'}")
    return str(row[0])


def backup_sqlite(database: Path, dest: Path) -> str:
    """Copy a kztally database to `dest`; returns the copy's schema revision."""
    if dest.resolve() == database.resolve():
        raise StorageError("the backup must go to another file than the database")
    sqlite_revision(database)
    copy_sqlite(database, dest)
    return sqlite_revision(dest)


def restore_sqlite(database: Path, source: Path) -> Path | None:
    """Replace the database's content with a backup, after checking that the backup is a
    kztally database this program can use and copying the current one aside.

    Returns the copy of the database as it was (None when there was none). A backup made
    by an older kztally is migrated after it is restored.
    """
    if source.resolve() == database.resolve():
        raise StorageError("a database cannot be restored from itself")
    found = sqlite_revision(source)
    if found not in known_revisions():
        raise SchemaMismatch(
            found,
            head_revision(),
            "restore it with the kztally version that made it",
            newer=True,
        )
    saved: Path | None = None
    if database.is_file() and database.stat().st_size > 0:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        saved = database.with_name(f"{database.name}.before-restore-{stamp}.bak")
        copy_sqlite(database, saved)
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        with closing(_connect(source)) as src, closing(_connect(database)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{database} could not be restored from {source}: {exc}") from exc
    if found != head_revision():
        upgrade(f"sqlite:///{database}")
    return saved
