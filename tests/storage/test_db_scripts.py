"""The administrator's scripts in db/, run against the real PostgreSQL server: prepare a
database and its roles, upgrade it as the owner, work as a workstation with the least
rights, and back it up and restore it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from psycopg import errors, sql

from kztally.domain.election import Election
from kztally.domain.entry import Entry, State
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.entry import BulkItem
from kztally.services.mock import FIRST_CLERK as G1
from kztally.services.mock import SECOND_CLERK as G2
from kztally.services.mock import generated_accounts
from kztally.storage.database import head_revision, open_database, upgrade
from tests.conftest import PASSWORD

DB_DIR = Path(__file__).resolve().parents[2] / "db"
pytestmark = pytest.mark.postgres


@pytest.fixture
def server(postgres_admin_url: str, pg_tool: Callable[[str], str]) -> Iterator[dict[str, str]]:
    """Names for a database and roles made by the scripts, all dropped afterwards, and
    the client programs' folder."""
    tag = uuid.uuid4().hex[:10]
    names = {
        "db": f"kzt_db_{tag}",
        "restored": f"kzt_db_{tag}_r",
        "owner": f"kzt_owner_{tag}",
        "workstations": f"kzt_ws_{tag}",
        "login": f"kzt_login_{tag}",
    }
    params = psycopg.conninfo.conninfo_to_dict(postgres_admin_url)
    names["psql"] = pg_tool("psql")
    names["bin"] = os.pathsep.join(
        {str(Path(pg_tool(t)).parent) for t in ("pg_dump", "pg_restore", "createdb")}
    )
    names["host"] = str(params.get("host", "127.0.0.1"))
    names["port"] = str(params.get("port", 5432))
    names["superuser"] = str(params.get("user", "postgres"))
    names["superuser_password"] = str(params.get("password") or "")
    try:
        yield names
    finally:
        with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
            for db in (names["db"], names["restored"]):
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db))
                )
            for role in (names["login"], names["workstations"], names["owner"]):
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


OWNER_PASSWORD = "owner secret"
WORKSTATION_PASSWORD = "ws secret"


def _password(n: dict[str, str], user: str) -> str:
    """Each login's password: the server may ask for it over TCP (Debian's default is
    scram-sha-256), or trust the connection."""
    return {
        n["superuser"]: n["superuser_password"],
        n["owner"]: OWNER_PASSWORD,
        n["login"]: WORKSTATION_PASSWORD,
    }.get(user, "")


def _env(n: dict[str, str], user: str, database: str) -> dict[str, str]:
    env = os.environ | {
        "PGHOST": n["host"],
        "PGPORT": n["port"],
        "PGUSER": user,
        "PGDATABASE": database,
        "PGPASSWORD": _password(n, user),
        "PATH": f"{n['bin']}{os.pathsep}{os.environ['PATH']}",
    }
    if not env["PGPASSWORD"]:
        del env["PGPASSWORD"]
    return env


def _psql(n: dict[str, str], user: str, database: str, script: str, **variables: str) -> None:
    args = [n["psql"], "-X", "-q", "-f", str(DB_DIR / script)]
    for key, value in variables.items():
        args += ["-v", f"{key}={value}"]
    subprocess.run(args, check=True, env=_env(n, user, database), capture_output=True)


def _url(n: dict[str, str], user: str, database: str) -> str:
    password = _password(n, user)
    auth = f"{user}:{quote(password, safe='')}" if password else user
    return f"postgresql://{auth}@{n['host']}:{n['port']}/{database}"


def _figures(k: int, choices: int) -> Figures:
    votes = (300 + k, 150 - k, 100)[:choices] if choices == 3 else (400 + k, 150 - k)
    return Figures((1000, 600, 550, 20, 30, 550, 20, 5), votes, 15)


def test_setup_upgrade_least_rights_backup_and_restore(
    server: dict[str, str], tmp_path: Path, election: Election
) -> None:
    n = server
    su = n["superuser"]
    for _ in range(2):  # running it again changes nothing
        _psql(
            n,
            su,
            "postgres",
            "setup.sql",
            db=n["db"],
            owner=n["owner"],
            owner_password=OWNER_PASSWORD,
            workstations=n["workstations"],
        )
    assert upgrade(_url(n, n["owner"], n["db"])) == head_revision()
    _psql(n, n["owner"], n["db"], "grants.sql", workstations=n["workstations"])
    _psql(
        n,
        su,
        "postgres",
        "add-workstation.sql",
        login=n["login"],
        password=WORKSTATION_PASSWORD,
        workstations=n["workstations"],
    )

    # A workstation does everything the application does...
    station = _url(n, n["login"], n["db"])
    at = dt.datetime(2023, 3, 19, 21, tzinfo=dt.UTC)
    with open_database(station) as db:
        admin = Services.sign_in(db, "admin", PASSWORD)
        admin.elections.load_definition(election)
        admin.users.add("c1", Role.CLERK, PASSWORD)
        admin.users.add("c2", Role.CLERK, PASSWORD)
        c1, c2 = Services.sign_in(db, "c1", PASSWORD), Services.sign_in(db, "c2", PASSWORD)
        v = c1.entry.enter("P00001", "MZ-L", _figures(0, 3), expected_version=1)
        c2.entry.enter("P00001", "MZ-L", _figures(0, 3), expected_version=v.version)
        items = [
            BulkItem(p, c, (Entry(_figures(i, 2), G1, at), Entry(_figures(i, 2), G2, at)))
            for i, (p, c) in enumerate(election.iter_protocol_keys())
            if c != "MZ-L"
        ]
        generated_accounts(admin)
        admin.entry.record_many(items, system="mock")
        states = admin.entry.states()
        assert list(states.values()).count(State.ACCEPTED) == 7

    # ... and nothing more: history cannot be changed, nothing deleted, no schema changes
    with psycopg.connect(conninfo=_url(n, n["login"], n["db"]), autocommit=True) as conn:
        for statement in (
            "DELETE FROM revision",
            "UPDATE entry SET by = 'someone else'",
            "DELETE FROM protocol",
            "UPDATE alembic_version SET version_num = '0000'",
            "DROP TABLE protocol",
            "CREATE TABLE mine (x int)",
            "TRUNCATE revision",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(statement)
        assert conn.execute("SELECT count(*) FROM revision").fetchone() == (3 + 3 * 6,)
    # ... and the workstation cannot upgrade the schema
    with (
        psycopg.connect(conninfo=_url(n, n["login"], "postgres"), autocommit=True) as conn,
        pytest.raises(errors.InsufficientPrivilege),
    ):
        conn.execute(f'CREATE TABLE "{n["db"]}_x" (x int)')

    # Back up while it is in use, restore into a new database, and work on there.
    dump = tmp_path / "kztally.dump"
    subprocess.run(
        [str(DB_DIR / "backup.sh"), str(dump)],
        check=True,
        env=_env(n, n["owner"], n["db"]),
        capture_output=True,
    )
    assert dump.stat().st_size > 0
    restore_env = _env(n, su, "postgres") | {
        "KZTALLY_OWNER": n["owner"],
        "KZTALLY_WORKSTATIONS": n["workstations"],
    }
    subprocess.run(
        [str(DB_DIR / "restore.sh"), str(dump), n["restored"]],
        check=True,
        env=restore_env,
        capture_output=True,
    )
    refused = subprocess.run(
        [str(DB_DIR / "restore.sh"), str(dump), n["restored"]],
        check=False,
        env=restore_env,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2 and "exists already" in refused.stderr
    with open_database(_url(n, n["login"], n["restored"])) as db:
        sup = Services.sign_in(db, "admin", PASSWORD)
        assert sup.entry.states() == states
        assert db.current_revision == head_revision()
        sup.users.add("c3", Role.CLERK, PASSWORD)
        c3 = Services.sign_in(db, "c3", PASSWORD)
        v = c3.entry.view("P00002", "MZ-L")
        assert c3.entry.enter("P00002", "MZ-L", _figures(5, 3), expected_version=v.version)
