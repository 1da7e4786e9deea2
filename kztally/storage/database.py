"""Opening a database: engines, transactions, and the schema's revision.

SQLite (the default, one file per workstation) is migrated when it is opened, after a
backup copy of the older file is taken beside it. A shared PostgreSQL server is migrated
only by its administrator (`kztally db upgrade`, under an advisory lock); a workstation
that finds another revision than its own stops with `SchemaMismatch`.

Every SQLite connection runs with foreign keys on, WAL, a busy timeout, and with the
driver's own transaction handling off, so that a write transaction begins with
`BEGIN IMMEDIATE` (a read-then-write transaction that began with a plain BEGIN fails with
"database is locked" instead of waiting its turn).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, func, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql.elements import TextClause

if TYPE_CHECKING:
    from alembic.config import Config

from kztally.storage.errors import (
    NotAKztallyDatabase,
    NotPermitted,
    SchemaMismatch,
    StaleWrite,
    StorageError,
    Unreachable,
    connection_reason,
)

__all__ = [
    "Database",
    "Session",
    "head_revision",
    "known_revisions",
    "make_engine",
    "mark_written",
    "normalize_url",
    "open_database",
    "read_revision",
    "revisions",
    "sqlite_path",
    "upgrade",
]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
ADVISORY_LOCK_KEY = 0x6B7A74616C6C79
"""pg_advisory_lock key held while migrating ("kztally" in ASCII)."""
BUSY_TIMEOUT_MS = 30_000
UPGRADE_COMMAND = "kztally db upgrade"

_READONLY = "kztally_readonly"
_WROTE = "kztally_wrote"
STAGED = "kztally_audit"
"""Where a transaction's audit events wait to be written (`kztally.storage.audit`)."""


def normalize_url(url: str | URL) -> URL:
    """Accept `postgresql://` and `postgres://` as psycopg 3 URLs; SQLite as given."""
    u = make_url(url) if isinstance(url, str) else url
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    if u.get_backend_name() not in ("sqlite", "postgresql"):
        raise StorageError(f"kztally works with SQLite and PostgreSQL, not {u.drivername}")
    if u.get_backend_name() == "postgresql" and u.get_driver_name() != "psycopg":
        raise StorageError(f"use a psycopg 3 URL (postgresql+psycopg://...), not {u.drivername}")
    return u


def sqlite_path(url: URL) -> Path | None:
    """The file of an SQLite URL; None for an in-memory database."""
    if url.get_backend_name() != "sqlite":
        return None
    name = url.database
    if not name or name == ":memory:" or name.startswith("file::memory:"):
        return None
    return Path(name)


def display_url(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def make_engine(url: URL, *, foreign_keys: bool = True) -> Engine:
    """An engine with kztally's connection settings (see the module's docstring)."""
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    path = sqlite_path(url)
    if path is None:
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if path is not None:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(_READONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


# -- revisions -------------------------------------------------------------------------


def _alembic_config() -> Config:
    from alembic.config import Config  # Alembic is imported only to migrate

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


_REVISION_LINE = re.compile(r'^(down_revision|revision)\s*(?::[^=]*)?=\s*"?([\w-]+|None)"?', re.M)


@functools.cache
def revisions() -> tuple[str, ...]:
    """The migrations' revisions, oldest first, read from their files (one chain).

    Opening a database only compares revisions, so it reads them here rather than
    importing Alembic; a test holds this to Alembic's own reading of the same files.
    """
    parent_of: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        found = {m[1]: m[2] for m in _REVISION_LINE.finditer(path.read_text("utf-8"))}
        if "revision" in found:
            down = found.get("down_revision")
            parent_of[found["revision"]] = None if down in (None, "None") else down
    children: dict[str | None, str] = {parent: rev for rev, parent in parent_of.items()}
    chain: list[str] = []
    current = children.get(None)
    while current is not None:
        chain.append(current)
        current = children.get(current)
    if len(chain) != len(parent_of):
        raise StorageError("the migrations do not form one chain")
    return tuple(chain)


def head_revision() -> str:
    """The schema revision this version of kztally works with."""
    return revisions()[-1]


def known_revisions() -> frozenset[str]:
    return frozenset(revisions())


def read_revision(conn: Connection) -> str | None:
    """The revision recorded in the database; None when it has no kztally schema."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()


def _has_tables(conn: Connection) -> bool:
    """Whether the database holds tables other than Alembic's own."""
    return bool(set(inspect(conn).get_table_names()) - {"alembic_version"})


def _run_upgrade(engine: Engine) -> str:
    """Migrate to the head on one connection, under the advisory lock on PostgreSQL."""
    postgres = engine.dialect.name == "postgresql"
    with engine.connect() as conn:
        if postgres:
            conn.execute(select(func.pg_advisory_lock(ADVISORY_LOCK_KEY)))
            conn.commit()
        try:
            found = read_revision(conn)
            if found is None and _has_tables(conn):
                raise NotAKztallyDatabase(
                    f"{display_url(engine.url)} holds tables that are not kztally's"
                )
            if found is not None and found not in known_revisions():
                raise SchemaMismatch(found, head_revision(), _NEWER_ADVICE, newer=True)
            from alembic import command
            from alembic.util.exc import CommandError

            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            try:
                command.upgrade(cfg, "head")
            except CommandError as exc:  # pragma: no cover - guarded by the check above
                raise StorageError(f"the schema cannot be upgraded: {exc}") from exc
            if engine.dialect.name == "sqlite":
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    conn.rollback()
                    raise StorageError(f"the upgrade would break references: {broken[:5]}")
            revision = read_revision(conn)
            if found is not None and revision != found:
                _note_upgrade(conn, found, revision)
            conn.commit()
        finally:
            if postgres:
                conn.rollback()
                conn.execute(select(func.pg_advisory_unlock(ADVISORY_LOCK_KEY)))
                conn.commit()
    assert revision is not None
    return revision


_NEWER_ADVICE = "install the kztally version this database was upgraded for"


def _note_upgrade(conn: Connection, found: str, revision: str | None) -> None:
    """The audit log's `schema.upgraded`, in the upgrade's transaction (once the schema
    has the log)."""
    if not inspect(conn).has_table("audit_event"):
        return
    from kztally.domain.audit import Draft, EventCode
    from kztally.storage.audit import stage, write_staged

    with Session(bind=conn) as session:
        draft = Draft(
            EventCode.SCHEMA_UPGRADED,
            conn.engine.url.username or "",
            None,
            "",
            dt.datetime.now(dt.UTC),
            {"from": found, "to": revision},
        )
        stage(session, [draft])
        write_staged(session)
        session.flush()


def upgrade(url: str | URL) -> str:
    """Bring the schema to this program's head revision; returns it. Safe to run twice,
    and from two machines at once (PostgreSQL: advisory lock; SQLite: BEGIN IMMEDIATE)."""
    u = normalize_url(url)
    path = sqlite_path(u)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(u, foreign_keys=False)
    try:
        return _run_upgrade(engine)
    except OperationalError as exc:
        raise Unreachable(f"{display_url(u)}: {exc.orig}", connection_reason(exc)) from exc
    except DatabaseError as exc:
        first = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc)
        if getattr(exc.orig, "sqlstate", None) == "42501":  # insufficient_privilege
            raise StorageError(
                f"{display_url(u)}: the login {u.username} may not change the schema "
                f"({first}): run `kztally db upgrade` as the database's owner"
            ) from exc
        raise StorageError(f"{display_url(u)}: the schema cannot be upgraded: {first}") from exc
    finally:
        engine.dispose()


# -- the database ----------------------------------------------------------------------


class Database:
    """An open database: its engine, its transactions, and a small memo for services.

    `session()` is one transaction: committed when the block ends, rolled back when it
    raises. Every transaction that writes increments the data version before it commits.
    """

    def __init__(self, url: URL, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self._readonly_engine = engine.execution_options(**{_READONLY: True})
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)
        event.listen(self._sessions, "after_flush", _mark_flush)
        event.listen(self._sessions, "do_orm_execute", _mark_execute)
        self.memo: dict[str, Any] = {}
        """Values computed from the database that services keep (the loaded election)."""

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def path(self) -> Path | None:
        """The SQLite file; None for a server or an in-memory database."""
        return sqlite_path(self.url)

    def __repr__(self) -> str:
        return f"Database({display_url(self.url)!r})"

    @contextmanager
    def session(self, *, readonly: bool = False) -> Iterator[Session]:
        """One transaction. `readonly` begins a deferred transaction on SQLite (it does not
        wait for writers) and refuses writes."""
        bind = self._readonly_engine if readonly else self.engine
        try:
            with self._sessions(bind=bind) as session, session.begin():
                yield session
                session.flush()
                wrote = bool(session.info.get(_WROTE))
                events = bool(session.info.get(STAGED))
                if (wrote or events) and readonly:
                    raise RuntimeError("a read-only transaction wrote to the database")
                if wrote:
                    _bump_data_version(session)
                elif events:  # only events: no figure changed, caches stay valid
                    _lock_data_version(session)
                if events:
                    # after the data version's row lock: one writer at a time reads the head
                    from kztally.storage.audit import write_staged

                    write_staged(session)
        except StaleDataError as exc:
            raise StaleWrite("row", (str(exc),)) from exc
        except OperationalError as exc:
            raise Unreachable(
                f"the database cannot be used now: {exc.orig}", connection_reason(exc)
            ) from exc
        except Exception as exc:
            if _sqlstate(exc) == "42501":  # insufficient_privilege (PostgreSQL's grants)
                first = str(getattr(exc, "orig", None) or exc).strip().splitlines()
                raise NotPermitted(self.url.username, first[0] if first else "") from exc
            raise

    def data_version(self) -> int:
        """A number every committed write increments: results cached by it stay valid
        while it stays the same."""
        with self._readonly_engine.connect() as conn, conn.begin():
            value = conn.execute(text("SELECT value FROM data_version WHERE id = 1")).scalar()
        return int(value or 0)

    @property
    def current_revision(self) -> str | None:
        with self._readonly_engine.connect() as conn, conn.begin():
            return read_revision(conn)

    def close(self) -> None:
        self.memo.clear()
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a driver's error, wrapped by SQLAlchemy or not."""
    found = getattr(exc, "sqlstate", None) or getattr(getattr(exc, "orig", None), "sqlstate", None)
    return found if isinstance(found, str) else None


def mark_written(session: Session) -> None:
    """Note a write made past the session (on its driver connection): the data version
    is bumped before the transaction commits."""
    session.info[_WROTE] = True


def _mark_flush(session: Session, _ctx: UOWTransaction) -> None:
    mark_written(session)


_DML_WORDS = frozenset({"INSERT", "UPDATE", "DELETE", "MERGE"})


def _mark_execute(state: ORMExecuteState) -> None:
    statement = state.statement
    if isinstance(statement, TextClause):
        words = statement.text.split(None, 1)
        wrote = bool(words) and words[0].upper() in _DML_WORDS
    else:
        wrote = state.is_insert or state.is_update or state.is_delete
    if wrote:
        state.session.info[_WROTE] = True


def _lock_data_version(session: Session) -> None:
    """The data version's row lock, without a change (PostgreSQL; SQLite's writers are
    serialized already): a transaction that only appends audit events queues there too."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().execute(text("SELECT value FROM data_version WHERE id = 1 FOR UPDATE"))


def _bump_data_version(session: Session) -> None:
    # Last statement of every write transaction: on PostgreSQL it takes the counter's row
    # lock only after every other lock, so writers queue here without deadlocking.
    session.connection().execute(text("UPDATE data_version SET value = value + 1 WHERE id = 1"))


def _backup_path(path: Path, revision: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    return path.with_name(f"{path.name}.{revision}-{stamp}.bak")


def open_database(url: str | URL, *, migrate: bool | None = None) -> Database:
    """Open a kztally database.

    `migrate`: None is the default of the kind of database (SQLite: yes, with a backup
    copy of an older file taken beside it first; PostgreSQL: no). When the schema is not
    at this program's revision and it is not migrated, `SchemaMismatch` says which
    revision was found, which is expected, and what to run.
    """
    u = normalize_url(url)
    sqlite = u.get_backend_name() == "sqlite"
    if migrate is None:
        migrate = sqlite
    path = sqlite_path(u)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(u)
    try:
        found = _probe(engine)
        head = head_revision()
        if found != head:
            command_hint = f"{UPGRADE_COMMAND} --db {display_url(u)}"
            if found is not None and found not in known_revisions():
                raise SchemaMismatch(found, head, _NEWER_ADVICE, newer=True)
            if not migrate:
                raise SchemaMismatch(found, head, command_hint, newer=False)
            if path is None and sqlite:
                _run_upgrade(engine)  # in memory: the one connection is the database
            else:
                if path is not None and found is not None:
                    from kztally.storage.backup import copy_sqlite

                    copy_sqlite(path, _backup_path(path, found))
                upgrade(u)
    except BaseException:
        engine.dispose()
        raise
    return Database(u, engine)


def _probe(engine: Engine) -> str | None:
    """The revision in the database; refuses a database that is something else."""
    try:
        with engine.connect() as plain:
            conn = plain.execution_options(**{_READONLY: True})
            with conn.begin():
                found = read_revision(conn)
                if found is None and _has_tables(conn):
                    raise NotAKztallyDatabase(
                        f"{display_url(engine.url)} holds tables that are not kztally's"
                    )
    except OperationalError as exc:
        raise Unreachable(f"{display_url(engine.url)}: {exc.orig}", connection_reason(exc)) from exc
    except DatabaseError as exc:
        raise NotAKztallyDatabase(
            f"{display_url(engine.url)} is not a kztally database: {exc.orig}"
        ) from exc
    return found
