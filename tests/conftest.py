"""Fixtures shared by every test package.

- Qt runs offscreen (set here before anything imports Qt).
- `db_url`: a fresh, empty database, once on SQLite (a file in the test's tmp_path) and
  once on the PostgreSQL server (a new database created on it and dropped after the
  test). The server is KZTALLY_TEST_PG_URL when set, else
  `postgresql://postgres@127.0.0.1:5432/postgres` when it answers, else a throwaway
  cluster this run makes and removes (`tests/pgcluster.py`) when PostgreSQL is installed.
  With none of these the PostgreSQL half is skipped and counted at the end of the run,
  unless KZTALLY_REQUIRE_POSTGRES=1 or CI=true, when it fails.
- `postgres_url`: the same, PostgreSQL only; `postgres_admin_url` the server's superuser
  connection; `pg_tool(name)` the path of a client program such as pg_dump.
- `db`: an open, migrated `Database` on `db_url`, closed after the test.
- `election`: a small election (2 regions, 6 precincts, a list contest and 2 SMDs);
  `election_maker(precincts_per_district=..., electorate=...)` makes others like it.
- `services`: a factory `services(name, role)` giving `Services` acting as that account
  (created by the first administrator, "admin", who also loads `election`).
- `PASSWORD`: the password of every account the tests make (it keeps the rules for any
  name). Password hashing runs at argon2's lowest cost in tests, so that making hundreds
  of accounts stays fast; the hashes verify the same way.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt
import functools
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote

import psycopg
import pytest
from argon2 import PasswordHasher
from psycopg import sql

from kztally.domain.election import (
    Area,
    AreaKind,
    Body,
    BodyKind,
    Choice,
    Contest,
    ContestKind,
    Election,
    Party,
)
from kztally.domain.ids import AreaCode, BodyId, ChoiceId, ContestId, PartyId
from kztally.domain.rules import Role
from kztally.services import users as users_service
from kztally.services.context import Services
from kztally.storage.database import Database, open_database
from tests import pgcluster

PASSWORD = "correct horse battery"
"""Every test account's password."""

users_service._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def postgres_required() -> bool:
    return (
        os.environ.get("KZTALLY_REQUIRE_POSTGRES") == "1"
        or os.environ.get("CI", "").lower() == "true"
    )


def _unreachable(url: str) -> str | None:
    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        first = (str(exc).strip().splitlines() or [""])[0]
        return f"PostgreSQL at {url} is unreachable: {first}"
    return None


_throwaway: list[pgcluster.Cluster] = []
_throwaway_used: list[str] = []
_pg_skipped: list[str] = []


@functools.cache
def _postgres_server() -> tuple[str | None, str | None]:
    """(the server's superuser URL, None), or (None, why there is none)."""
    explicit = os.environ.get("KZTALLY_TEST_PG_URL")
    if explicit:
        return (None, problem) if (problem := _unreachable(explicit)) else (explicit, None)
    problem = _unreachable(DEFAULT_PG_URL)
    if problem is None:
        return DEFAULT_PG_URL, None
    try:
        cluster = pgcluster.start()
    except pgcluster.ClusterError as exc:
        return None, f"{problem}; and no throwaway cluster: {exc}"
    _throwaway.append(cluster)
    _throwaway_used.append(f"{cluster.url} in {cluster.folder}, removed at the end")
    late = _unreachable(cluster.url)
    return (None, late) if late else (cluster.url, None)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    while _throwaway:
        _throwaway.pop().stop()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _pg_skipped:
        terminalreporter.section("PostgreSQL", sep="-")
        terminalreporter.line(_skip_line())
    elif _throwaway_used:
        terminalreporter.line(f"PostgreSQL tests ran on a throwaway cluster: {_throwaway_used[0]}")


def _skip_line() -> str:
    return (
        f"{len(_pg_skipped)} PostgreSQL test(s) skipped: {_pg_skipped[0]}"
        " (to run them: install postgresql, or set KZTALLY_TEST_PG_URL to a server)"
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    if _pg_skipped:
        print(_skip_line())


def _sqlalchemy_url(conninfo: str, dbname: str) -> str:
    params = psycopg.conninfo.conninfo_to_dict(conninfo)
    user = params.get("user", "postgres")
    password = params.get("password")
    host = params.get("host", "127.0.0.1")
    port = params.get("port", 5432)
    auth = f"{user}:{quote(password, safe='')}" if password else f"{user}"
    return f"postgresql+psycopg://{auth}@{host}:{port}/{dbname}"


def postgres_unavailable(problem: str) -> NoReturn:
    """Skip the test for want of PostgreSQL, counted in the run's closing lines; or fail
    it when PostgreSQL is required."""
    if postgres_required():
        pytest.fail(problem + " (KZTALLY_REQUIRE_POSTGRES or CI is set)")
    _pg_skipped.append(problem)
    pytest.skip(problem)


@pytest.fixture
def postgres_admin_url() -> str:
    """The server's superuser connection (libpq form), once the server answers."""
    url, problem = _postgres_server()
    if url is None:
        postgres_unavailable(problem or "no PostgreSQL server")
    return url


@pytest.fixture
def pg_tool() -> Callable[[str], str]:
    """`pg_tool("pg_dump")`: the path of a PostgreSQL client program (on PATH or in
    Debian's /usr/lib/postgresql/N/bin); skips (or fails, when PostgreSQL is required)
    when it is not installed."""

    def find(name: str) -> str:
        found = shutil.which(name)
        if found is None:
            versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
            found = str(versions[-1]) if versions else None
        if found is None:
            postgres_unavailable(f"the PostgreSQL program {name} is not installed")
        return found

    return find


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A new, empty database on the PostgreSQL server, dropped after the test."""
    name = f"kztally_test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _sqlalchemy_url(postgres_admin_url, name)
    finally:
        with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh, empty database URL: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'kztally.sqlite'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """An open database with the current schema (made by migrating)."""
    database = open_database(db_url, migrate=True)
    try:
        yield database
    finally:
        database.close()


def make_election(
    *, precincts_per_district: int = 3, electorate: int = 1000, training: bool = True
) -> Election:
    """A small election: KZ > R01, R02 > one district each > precincts P00001...

    Contests: MZ-L (party lists A, B, C; against all), MZ-S01 (R01's SMD), MZ-S02 (R02's).
    """
    areas: list[Area] = [Area(AreaCode("KZ"), AreaKind.COUNTRY, "Kazakhstan", None)]
    n = 0
    for r, smd in (("R01", "MZ-S01"), ("R02", "MZ-S02")):
        areas.append(Area(AreaCode(r), AreaKind.REGION, f"Region {r}", AreaCode("KZ")))
        d = AreaCode(f"{r}-D01")
        areas.append(Area(d, AreaKind.DISTRICT, f"District {d}", AreaCode(r)))
        for _ in range(precincts_per_district):
            n += 1
            areas.append(
                Area(
                    AreaCode(f"P{n:05d}"),
                    AreaKind.PRECINCT,
                    f"Polling station {n}",
                    d,
                    number=str(n),
                    electorate=electorate,
                    contests=(ContestId("MZ-L"), ContestId(smd)),
                )
            )
    parties = tuple(Party(PartyId(p), f"Party {p}") for p in "ABC")
    lists = tuple(
        Choice(ChoiceId(f"L-{p}"), f"List {p}", i + 1, registration_order=i + 1, party=PartyId(p))
        for i, p in enumerate("ABC")
    )

    def smd(number: int, region: str) -> Contest:
        return Contest(
            ContestId(f"MZ-S{number:02d}"),
            BodyId("MZ"),
            ContestKind.SMD,
            f"District {number}",
            AreaCode(region),
            1,
            tuple(
                Choice(ChoiceId(f"S{number:02d}-{k}"), f"Candidate {k}", k, party=None)
                for k in (1, 2)
            ),
            number=number,
        )

    return Election(
        id="TEST-2023",
        name="Test election",
        date=dt.date(2023, 3, 19),
        parties=parties,
        bodies=(Body(BodyId("MZ"), BodyKind.MAZHILIS, "Mazhilis", AreaCode("KZ")),),
        contests=(
            Contest(
                ContestId("MZ-L"),
                BodyId("MZ"),
                ContestKind.LIST,
                "Mazhilis lists",
                AreaCode("KZ"),
                5,
                lists,
            ),
            smd(1, "R01"),
            smd(2, "R02"),
        ),
        areas=tuple(areas),
        training=training,
    )


@pytest.fixture
def election() -> Election:
    return make_election()


@pytest.fixture
def election_maker() -> Callable[..., Election]:
    """`make_election` itself, for tests that want another size."""
    return make_election


ServicesFactory = Callable[..., Services]


@pytest.fixture
def services(db: Database, election: Election) -> ServicesFactory:
    """`services(name, role=Role.CLERK)`: Services acting as that account. The first call
    makes "admin" the first administrator and loads `election`."""
    admin = Services.sign_in(db, "admin", PASSWORD)
    admin.elections.load_definition(election)
    made: dict[str, Services] = {"admin": admin}

    def factory(name: str, role: Role = Role.CLERK) -> Services:
        if name not in made:
            admin.users.add(name, role, PASSWORD)
            made[name] = Services.sign_in(db, name, PASSWORD)
        return made[name]

    return factory
