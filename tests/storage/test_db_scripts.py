"""The administrator's scripts in db/, run against the real PostgreSQL server: prepare a
database and its roles, upgrade it as the owner, work as a workstation with the least
rights (append only: SQL that would change a protocol, an account, the election or the
history is refused), change accounts with the administrators' login, and back it up and
restore it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from psycopg import errors, sql

from kztally.domain.election import Election
from kztally.domain.entry import Entry, State
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.entry import main
from kztally.services.context import Services
from kztally.services.entry import BulkItem
from kztally.services.errors import AccountLocked, AuthenticationFailed
from kztally.services.mock import FIRST_CLERK as G1
from kztally.services.mock import SECOND_CLERK as G2
from kztally.services.mock import generated_accounts
from kztally.services.transfer import TransferService
from kztally.storage.database import head_revision, open_database, upgrade
from kztally.storage.errors import NotPermitted
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
        "administrators": f"kzt_adm_{tag}",
        "login": f"kzt_login_{tag}",
        "admin_login": f"kzt_admin_{tag}",
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
            for role in (
                names["login"],
                names["admin_login"],
                names["administrators"],
                names["workstations"],
                names["owner"],
            ):
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


OWNER_PASSWORD = "owner secret"
WORKSTATION_PASSWORD = "ws secret"
ADMIN_PASSWORD = "admin secret"


def _password(n: dict[str, str], user: str) -> str:
    """Each login's password: the server may ask for it over TCP (Debian's default is
    scram-sha-256), or trust the connection."""
    return {
        n["superuser"]: n["superuser_password"],
        n["owner"]: OWNER_PASSWORD,
        n["login"]: WORKSTATION_PASSWORD,
        n["admin_login"]: ADMIN_PASSWORD,
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


_HAND_ANNUL = (
    "INSERT INTO revision (protocol_id, round, transition, state, actor, role, at, reason, "
    "reference, findings, protocol_version) VALUES (%(pid)s, 1, 'annul', 'annulled', "
    "'sup', 'supervisor', now(), 'by hand', 'none', '', %(version)s)"
)


def _protocol(conn: psycopg.Connection[Any], precinct: str, contest: str) -> tuple[int, int]:
    row = conn.execute(
        "SELECT id, version FROM protocol WHERE precinct = %s AND contest = %s",
        (precinct, contest),
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def _exported_elsewhere(tmp_path: Path, election: Election) -> Path:
    """P00004's protocol of MZ-L entered twice on a workstation's own SQLite file, and
    exported from there: the file a workstation imports."""
    with open_database(f"sqlite:///{tmp_path / 'elsewhere.db'}") as db:
        admin = Services.sign_in(db, "admin", PASSWORD)
        admin.elections.load_definition(election)
        for name in ("c1", "c2"):
            admin.users.add(name, Role.CLERK, PASSWORD)
        c1, c2 = Services.sign_in(db, "c1", PASSWORD), Services.sign_in(db, "c2", PASSWORD)
        v = c1.entry.enter("P00004", "MZ-L", _figures(3, 3), expected_version=1)
        c2.entry.enter("P00004", "MZ-L", _figures(3, 3), expected_version=v.version)
        report = TransferService(admin).export(tmp_path / "export")
    (found,) = [p for p in report.directory.rglob("*.json") if "P00004" in p.name]
    return found


def _figures(k: int, choices: int) -> Figures:
    votes = (300 + k, 150 - k, 100)[:choices] if choices == 3 else (400 + k, 150 - k)
    return Figures((1000, 600, 550, 20, 30, 550, 20, 5), votes, 15)


def _prepare(n: dict[str, str]) -> None:
    """The scripts' steps: server, schema, grants, a workstation's login and an
    administrator's."""
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
            administrators=n["administrators"],
        )
    assert upgrade(_url(n, n["owner"], n["db"])) == head_revision()
    _psql(
        n,
        n["owner"],
        n["db"],
        "grants.sql",
        workstations=n["workstations"],
        administrators=n["administrators"],
    )
    for login, group, password in (
        (n["login"], n["workstations"], WORKSTATION_PASSWORD),
        (n["admin_login"], n["administrators"], ADMIN_PASSWORD),
    ):
        _psql(
            n,
            su,
            "postgres",
            "add-workstation.sql",
            login=login,
            password=password,
            workstations=group,
        )


REFUSED_TO_WORKSTATIONS = (
    # protocols: the database keeps their rows from the revisions
    "UPDATE protocol SET votes = '[9999, 0, 0]'",
    "UPDATE protocol SET state = 'annulled'",
    "UPDATE protocol SET version = version + 1",
    "DELETE FROM protocol",
    # accounts: roles, passwords and activity take the administrators' login
    "UPDATE account SET role = 'administrator'",
    "UPDATE account SET password_hash = NULL",
    "UPDATE account SET active = false",
    "UPDATE account SET name = 'someone'",
    "INSERT INTO account (name, role, password_hash, created_at, created_by, version, "
    "active, failed_sign_ins, generated) VALUES ('intruder', 'administrator', 'x', "
    "now(), 'intruder', 1, true, 0, false)",
    "DELETE FROM account",
    # the election
    "UPDATE election SET content_hash = 'x'",
    "UPDATE contest SET seats = 1",
    "UPDATE area SET electorate = 1",
    "DELETE FROM election",
    # the history and the log
    "UPDATE entry SET by = 'someone else'",
    "UPDATE revision SET actor = 'someone else'",
    "UPDATE audit_event SET actor = 'someone else'",
    "UPDATE attachment SET name = 'x'",
    "UPDATE observer_copy SET note = 'x'",
    "DELETE FROM revision",
    "DELETE FROM entry",
    "DELETE FROM audit_event",
    "DELETE FROM attachment",
    "DELETE FROM observer_copy",
    "TRUNCATE revision",
    "TRUNCATE audit_event",
    # drawings of lots, designations and commission keys: appended to only
    "UPDATE lot_draw SET drawn = '[]'",
    "DELETE FROM lot_draw",
    "UPDATE designation SET persons = '[]'",
    "DELETE FROM designation",
    "UPDATE commission_key SET training = true",
    "DELETE FROM key_revocation",
    "UPDATE key_certification SET signature = 'x'",
    # official results: marked and unlocked by the administrators' login only
    "UPDATE results_status SET official = false",
    "DELETE FROM results_status",
    # the register of papers taken in: appended to only
    "DELETE FROM paper",
    # protocols' formal parts: appended to only
    "UPDATE protocol_formal SET requests = 99",
    "DELETE FROM protocol_formal",
    "UPDATE sign_in_session SET account_id = 1",
    "DELETE FROM sign_in_session",
    # the schema
    "UPDATE alembic_version SET version_num = '0000'",
    "DROP TABLE protocol",
    "DROP TRIGGER revision_applied ON revision",
    "ALTER TABLE revision DISABLE TRIGGER revision_applied",
    "CREATE TABLE mine (x int)",
    "CREATE TEMPORARY TABLE mine (x int)",
)


def test_setup_upgrade_least_rights_backup_and_restore(
    server: dict[str, str],
    tmp_path: Path,
    election: Election,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    n = server
    su = n["superuser"]
    _prepare(n)

    # The administrators' login makes the first account and the others ...
    with open_database(_url(n, n["admin_login"], n["db"])) as db:
        admin = Services.sign_in(db, "admin", PASSWORD)
        admin.elections.load_definition(election)
        for name, role in (("c1", Role.CLERK), ("c2", Role.CLERK), ("sup", Role.SUPERVISOR)):
            admin.users.add(name, role, PASSWORD)
        admin.users.add("c3", Role.CLERK, PASSWORD)
        admin.users.set_role("c3", Role.SUPERVISOR)
        admin.users.set_role("c3", Role.CLERK)

    # ... and a workstation does everything else the application does.
    station = _url(n, n["login"], n["db"])
    at = dt.datetime(2023, 3, 19, 21, tzinfo=dt.UTC)
    with open_database(station) as db:
        admin = Services.sign_in(db, "admin", PASSWORD)
        c1, c2 = Services.sign_in(db, "c1", PASSWORD), Services.sign_in(db, "c2", PASSWORD)
        sup = Services.sign_in(db, "sup", PASSWORD)
        v = c1.entry.enter("P00001", "MZ-L", _figures(0, 3), expected_version=1)
        c2.entry.enter("P00001", "MZ-L", _figures(0, 3), expected_version=v.version)
        # a decision: entries that differ, one kept, accepted with its warnings
        v = c1.entry.enter("P00002", "MZ-L", _figures(1, 3), expected_version=1)
        v = c2.entry.enter("P00002", "MZ-L", _figures(2, 3), expected_version=v.version)
        assert v.state is State.ENTRIES_DIFFER
        v = sup.entry.send_back("P00002", "MZ-L", reason="typed apart", expected_version=v.version)
        assert v.state is State.NOT_ENTERED
        # wrong passwords are counted, and lock the account
        for _ in range(5):
            with pytest.raises(AuthenticationFailed):
                Services.sign_in(db, "c3", "not the password")
        with pytest.raises(AccountLocked):
            Services.sign_in(db, "c3", PASSWORD)
        # the mock: its generated accounts (no password), then the bulk path
        items = [
            BulkItem(p, c, (Entry(_figures(i, 2), G1, at), Entry(_figures(i, 2), G2, at)))
            for i, (p, c) in enumerate(election.iter_protocol_keys())
            if c != "MZ-L"
        ]
        generated_accounts(admin)
        admin.entry.record_many(items, system="mock")
        states = admin.entry.states()
        assert list(states.values()).count(State.ACCEPTED) == 7
        # an import, of a protocol's history exported elsewhere
        report = TransferService(sup).import_paths([_exported_elsewhere(tmp_path, election)])
        assert (report.imported, report.errors) == (1, ())
        assert sup.entry.view("P00004", "MZ-L").state is State.ACCEPTED
        states = admin.entry.states()
        # an account change with a workstation's login is refused, in words
        with pytest.raises(NotPermitted, match="administrator's database login"):
            admin.users.set_role("c1", Role.SUPERVISOR)
        with pytest.raises(NotPermitted):
            admin.users.add("c4", Role.CLERK, PASSWORD)
        assert admin.audit.verify().breaks == ()
    # the command line says so in one line, exit 3
    monkeypatch.setenv("KZTALLY_PASSWORD", PASSWORD)
    monkeypatch.setenv("KZTALLY_NEW_PASSWORD", PASSWORD)
    capsys.readouterr()
    assert main(["users", "set-role", "c1", "supervisor", "--db", station, "--user", "admin"]) == 3
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "administrator's database login" in said[0], said
    by_admin = ["--db", _url(n, n["admin_login"], n["db"]), "--user", "admin"]
    assert main(["users", "set-role", "c1", "supervisor", *by_admin]) == 0
    assert main(["users", "set-role", "c1", "clerk", *by_admin]) == 0

    # ... and nothing more: history cannot be changed, nothing deleted, no schema changes
    with psycopg.connect(conninfo=station, autocommit=True) as conn:
        for statement in REFUSED_TO_WORKSTATIONS:
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(statement)
        assert conn.execute("SELECT count(*) FROM revision").fetchone() == (3 + 3 + 3 + 3 * 6,)
        # what a workstation may change of an account: the count of wrong passwords, the lock
        # (set as they are here: changed, `verify` names them, tests/services/tampering.py)
        conn.execute(
            "UPDATE account SET failed_sign_ins = failed_sign_ins, locked_until = locked_until"
        )
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
        "KZTALLY_ADMINISTRATORS": n["administrators"],
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
    with open_database(_url(n, n["admin_login"], n["restored"])) as db:
        Services.sign_in(db, "admin", PASSWORD).users.add("c5", Role.CLERK, PASSWORD)
    with open_database(_url(n, n["login"], n["restored"])) as db:
        sup = Services.sign_in(db, "admin", PASSWORD)
        assert sup.entry.states() == states
        assert db.current_revision == head_revision()
        c5 = Services.sign_in(db, "c5", PASSWORD)
        v = c5.entry.view("P00003", "MZ-L")
        assert c5.entry.enter("P00003", "MZ-L", _figures(5, 3), expected_version=v.version)
        assert sup.audit.verify().breaks == ()

    # A revision inserted by hand: the database cannot tell it from the services' (the
    # trigger keeps the protocol's row from it), and verify finds it: it has no event.
    with psycopg.connect(conninfo=station) as conn:
        pid, version = _protocol(conn, "P00001", "MZ-L")
        conn.execute(_HAND_ANNUL, {"pid": pid, "version": version + 1})
        conn.commit()
        assert _protocol(conn, "P00001", "MZ-L")[1] == version + 1
        assert conn.execute("SELECT state FROM protocol WHERE id = %s", (pid,)).fetchone() == (
            "annulled",
        )
        # made from an older version of the protocol, the database refuses it
        with pytest.raises(psycopg.Error, match="changed meanwhile"):
            conn.execute(_HAND_ANNUL, {"pid": pid, "version": version + 1})
        conn.rollback()
    with open_database(station) as db:
        verdict = Services.sign_in(db, "admin", PASSWORD).audit.verify()
        assert not verdict.holds
        assert any(b.table == "revision" and "has no event" in b.what for b in verdict.breaks), (
            verdict.breaks
        )
