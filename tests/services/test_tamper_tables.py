"""A tamper test per table, on SQLite and PostgreSQL: each table of the schema changed,
deleted from or inserted into behind the services' back, and `verify` names it.

One worked database per server (`tests.services.tampering.work`); each case changes it
inside a transaction that is rolled back, and verifies inside that transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.orm import Session

from kztally.domain.rules import Role
from kztally.services.audit import verify
from kztally.services.context import Services
from kztally.storage.database import Database, open_database
from kztally.storage.models import Base
from tests.conftest import (
    PASSWORD,
    _postgres_server,
    _sqlalchemy_url,
    postgres_unavailable,
)
from tests.services.tampering import TAMPERS, UNCHECKED, work
from tests.ties import tie_election


def test_every_table_has_a_tamper_case_or_says_why_not() -> None:
    """A table added to the schema fails here until it has its cases (or a reason)."""
    tables = set(Base.metadata.tables) | {"alembic_version"}
    touched = {c.touches for c in TAMPERS.values()}
    named = {c.named for c in TAMPERS.values()}
    assert tables - touched - set(UNCHECKED) == set()
    assert tables - named - set(UNCHECKED) == set()
    assert set(UNCHECKED) <= tables
    assert (touched | named) <= tables


SERVERS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="module", params=SERVERS)
def worked_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """A database where people worked on every table, once per server for the module."""
    name = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('tamper') / 'kztally.sqlite'}"
    else:
        admin_url, problem = _postgres_server()
        if admin_url is None:
            postgres_unavailable(problem or "no PostgreSQL server")
        name = f"kztally_test_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        url = _sqlalchemy_url(admin_url, name)
    db = open_database(url, migrate=True)
    try:
        admin = Services.sign_in(db, "admin", PASSWORD)
        admin.elections.load_definition(tie_election())
        made: dict[str, Services] = {"admin": admin}

        def factory(who: str, role: Role = Role.CLERK) -> Services:
            if who not in made:
                admin.users.add(who, role, PASSWORD)
                made[who] = Services.sign_in(db, who, PASSWORD)
            return made[who]

        work(factory, db)
        yield db
    finally:
        db.close()
        if name is not None:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


def _verify_tampered(db: Database, tamper: str | None) -> list[tuple[str, str]]:
    with db.engine.connect() as conn:
        tx = conn.begin()
        try:
            if tamper is not None:
                TAMPERS[tamper].change(conn)
            with Session(bind=conn) as s:
                verdict = verify(s)
        finally:
            tx.rollback()
    return [(b.table, b.what) for b in verdict.breaks]


def test_the_worked_database_verifies(worked_db: Database) -> None:
    assert _verify_tampered(worked_db, None) == []


@pytest.mark.parametrize("tamper", list(TAMPERS))
def test_verify_names_the_table_changed_behind_the_services_back(
    worked_db: Database, tamper: str
) -> None:
    case = TAMPERS[tamper]
    breaks = _verify_tampered(worked_db, tamper)
    assert case.named in {table for table, _ in breaks}, breaks
    if case.named != "audit_event":
        assert all(table != "audit_event" for table, _ in breaks), breaks
    assert _verify_tampered(worked_db, None) == []  # rolled back
