"""The commands of this part: db, users, backup, restore; and signing in from the command
line (--user, KZTALLY_USER, KZTALLY_PASSWORD, the first account)."""

from __future__ import annotations

import getpass
import io
import sqlite3
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from kztally.domain.rules import Role
from kztally.entry import main
from kztally.services.context import Services
from kztally.storage.database import head_revision, open_database
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("KZTALLY_DB_URL", "KZTALLY_USER", "KZTALLY_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KZTALLY_PASSWORD", PASSWORD)
    monkeypatch.setenv("KZTALLY_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(getpass, "getuser", lambda: "osuser")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_first_command_makes_the_os_user_administrator(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "--db", db_url, "db", "upgrade")[0] == 0
    status, out, _ = run(capsys, "--db", db_url, "users", "list")
    assert status == 0
    assert "osuser  administrator  active" in out
    monkeypatch.setenv("KZTALLY_NEW_PASSWORD", "asel's own pw")
    status, out, _ = run(capsys, "users", "add", "--db", db_url, "asel", "--role", "clerk")
    assert (status, out.strip()) == (0, "added asel (clerk)")
    # the clerk may not manage accounts: refused with status 3
    monkeypatch.setenv("KZTALLY_PASSWORD", "asel's own pw")
    status, _, err = run(capsys, "--db", db_url, "--user", "asel", "users", "list")
    assert status == 3
    assert "a clerk may not list accounts" in err
    status, _, err = run(capsys, "--db", db_url, "--user", "nobody", "users", "list")
    assert (status, "no account named 'nobody'" in err) == (3, True)


def test_the_first_administrator_needs_a_good_password(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "--db", db_url, "db", "upgrade")
    monkeypatch.setenv("KZTALLY_PASSWORD", "osuser")
    status, _, err = run(capsys, "--db", db_url, "users", "list")
    assert (status, err.strip()) == (2, "kztally users: a password cannot be the account's name")
    monkeypatch.setenv("KZTALLY_PASSWORD", "short")
    status, _, err = run(capsys, "--db", db_url, "users", "list")
    assert (status, err.strip()) == (2, "kztally users: a password has at least 8 characters")
    # no variable and no terminal: a clear refusal, no account made
    monkeypatch.delenv("KZTALLY_PASSWORD")
    status, _, err = run(capsys, "--db", db_url, "users", "list")
    assert status == 3 and "set KZTALLY_PASSWORD or run at a terminal" in err
    # at a terminal the new administrator's password is asked for twice
    monkeypatch.setattr(sys, "stdin", Terminal())
    answers = iter(["first try!", "second try"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(answers))
    status, _, err = run(capsys, "--db", db_url, "users", "list")
    assert (status, "the two passwords differ" in err) == (2, True)
    asked: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or "päss wörd")
    assert run(capsys, "--db", db_url, "users", "list")[0] == 0
    assert asked == ["New password for osuser: ", "Again: "]
    with open_database(db_url) as db:
        assert Services.sign_in(db, "osuser", "päss wörd").actor.role is Role.ADMINISTRATOR


def test_passwords_from_the_environment_and_the_prompt(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "--db", db_url, "db", "upgrade")
    # users add: a password is required, and keeps the rules
    status, _, err = run(capsys, "--db", db_url, "users", "add", "bek", "--role", "supervisor")
    assert status == 3 and "'bek' needs its password: set KZTALLY_NEW_PASSWORD" in err
    monkeypatch.setenv("KZTALLY_NEW_PASSWORD", "BEK")
    status, _, err = run(capsys, "--db", db_url, "users", "add", "bek", "--role", "supervisor")
    assert (status, "cannot be the account's name" in err) == (2, True)
    monkeypatch.setenv("KZTALLY_NEW_PASSWORD", "päss wörd")
    status, out, _ = run(capsys, "--db", db_url, "users", "add", "bek", "--role", "supervisor")
    assert (status, out.strip()) == (0, "added bek (supervisor)")
    monkeypatch.setenv("KZTALLY_USER", "bek")
    monkeypatch.setenv("KZTALLY_PASSWORD", "wrong")
    status, _, err = run(capsys, "--db", db_url, "users", "list")
    assert (status, "wrong password" in err) == (3, True)
    monkeypatch.setenv("KZTALLY_PASSWORD", "päss wörd")
    assert run(capsys, "--db", db_url, "users", "list")[0] == 0
    # without the variable the password is asked for, once, at a terminal
    monkeypatch.delenv("KZTALLY_PASSWORD")
    monkeypatch.setattr(sys, "stdin", Terminal())
    asked: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or "päss wörd")
    assert run(capsys, "--db", db_url, "users", "list")[0] == 0
    assert asked == ["Password for bek: "]


def test_set_role_passwd_deactivate_activate(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "--db", db_url, "db", "upgrade")
    monkeypatch.setenv("KZTALLY_NEW_PASSWORD", "c's password")
    run(capsys, "--db", db_url, "users", "add", "c", "--role", "clerk")
    status, out, _ = run(capsys, "--db", db_url, "users", "set-role", "c", "observer")
    assert (status, out.strip()) == (0, "c is now observer")
    status, _, err = run(capsys, "--db", db_url, "users", "set-role", "osuser", "clerk")
    assert (status, "last active administrator" in err) == (2, True)
    status, _, err = run(capsys, "--db", db_url, "users", "deactivate", "osuser")
    assert (status, "last active administrator" in err) == (2, True)
    with pytest.raises(SystemExit) as stopped:
        main(["--db", db_url, "users", "set-role", "c", "king"])
    assert stopped.value.code == 2
    assert "invalid choice: 'king'" in capsys.readouterr().err
    monkeypatch.setenv("KZTALLY_NEW_PASSWORD", "c's new one")
    status, out, _ = run(capsys, "--db", db_url, "users", "passwd", "c")
    assert (status, out.strip()) == (0, "c: password set")
    with pytest.raises(SystemExit) as stopped:  # a password can no longer be removed
        main(["--db", db_url, "users", "passwd", "c", "--clear"])
    assert stopped.value.code == 2
    status, out, _ = run(capsys, "--db", db_url, "users", "deactivate", "c")
    assert status == 0 and "c is deactivated" in out
    status, out, _ = run(capsys, "--db", db_url, "users", "list")
    assert "c       observer       deactivated" in out
    monkeypatch.setenv("KZTALLY_PASSWORD", "c's new one")
    status, _, err = run(capsys, "--db", db_url, "--user", "c", "results")
    assert (status, "deactivated" in err) == (3, True)
    monkeypatch.setenv("KZTALLY_PASSWORD", PASSWORD)
    status, out, _ = run(capsys, "--db", db_url, "users", "activate", "c")
    assert (status, out.strip()) == (0, "c may sign in again")
    with open_database(db_url) as db:
        assert {
            (u.name, u.role) for u in Services.sign_in(db, "osuser", PASSWORD).users.list()
        } == {
            ("osuser", Role.ADMINISTRATOR),
            ("c", Role.OBSERVER),
        }
        assert Services.sign_in(db, "c", "c's new one").actor.role is Role.OBSERVER


def test_a_locked_account_is_told_until_when(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "--db", db_url, "db", "upgrade")
    assert run(capsys, "--db", db_url, "users", "list")[0] == 0  # the administrator
    monkeypatch.setenv("KZTALLY_PASSWORD", "not it at all")
    for _ in range(4):
        status, _, err = run(capsys, "--db", db_url, "users", "list")
        assert (status, "wrong password" in err) == (3, True)
    status, _, err = run(capsys, "--db", db_url, "users", "list")
    assert status == 3 and "is locked after repeated wrong passwords, until" in err
    monkeypatch.setenv("KZTALLY_PASSWORD", PASSWORD)
    status, _, err = run(capsys, "--db", db_url, "users", "list")
    assert status == 3 and "UTC" in err


def test_a_workstation_stops_on_a_server_without_the_schema(
    postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "--db", postgres_url, "users", "list")
    assert status == 2
    assert head_revision() in err and "kztally db upgrade --db postgresql+psycopg://" in err
    status, out, _ = run(capsys, "--db", postgres_url, "db", "status")
    assert status == 2
    assert "found revision: none" in out and f"expected revision: {head_revision()}" in out
    status, out, _ = run(capsys, "--db", postgres_url, "db", "upgrade")
    assert status == 0 and out.strip().endswith(f"schema at revision {head_revision()}")
    status, out, _ = run(capsys, "--db", postgres_url, "db", "status")
    assert status == 0 and f"found revision: {head_revision()}" in out
    status, _, err = run(capsys, "--db", postgres_url, "backup", "x.sqlite")
    assert status == 2 and "pg_dump" in err


def test_backup_while_writing_and_restore(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "live.sqlite"
    url = f"sqlite:///{path}"
    monkeypatch.setenv("KZTALLY_DB_URL", url)
    with open_database(url) as db:
        admin = Services.sign_in(db, "osuser", PASSWORD)
        admin.users.add("before", Role.CLERK, PASSWORD)
        stop = threading.Event()

        def write() -> None:
            n = 0
            while not stop.is_set():
                n += 1
                with db.session() as s:
                    s.execute(
                        text(
                            "INSERT INTO area (code, kind, name, path) "
                            "VALUES (:c, 'country', 'x', '/')"
                        ),
                        {"c": f"A{n}"},
                    )

        writer = threading.Thread(target=write)
        writer.start()
        try:
            copy = tmp_path / "copies" / "copy.sqlite"
            status, out, _ = run(capsys, "backup", str(copy))
        finally:
            stop.set()
            writer.join()
        assert status == 0 and f"schema revision {head_revision()}" in out
        admin.users.add("after", Role.CLERK, PASSWORD)

    conn = sqlite3.connect(str(copy))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        names = {r[0] for r in conn.execute("SELECT name FROM account")}
        areas = conn.execute("SELECT count(*) FROM area").fetchone()[0]
        version = conn.execute("SELECT value FROM data_version").fetchone()[0]
    finally:
        conn.close()
    assert names == {"osuser", "before"}
    # a consistent snapshot: 2 account writes and the backup's sign-in, then each area
    # came with its bump
    assert version == 3 + areas

    not_ours = tmp_path / "notes.sqlite"
    other = sqlite3.connect(str(not_ours))
    other.execute("CREATE TABLE notes (x)")
    other.commit()
    other.close()
    status, _, err = run(capsys, "restore", str(not_ours))
    assert status == 2 and "not a kztally database" in err

    status, out, _ = run(capsys, "restore", str(copy))
    assert status == 0
    saved = sorted(tmp_path.glob("live.sqlite.before-restore-*.bak"))
    assert len(saved) == 1 and str(saved[0]) in out
    with open_database(url) as db:
        names_now = {u.name for u in Services.sign_in(db, "osuser", PASSWORD).users.list()}
    assert names_now == {"osuser", "before"}
    kept = sqlite3.connect(str(saved[0]))
    try:
        assert {r[0] for r in kept.execute("SELECT name FROM account")} == {
            "osuser",
            "before",
            "after",
        }
    finally:
        kept.close()


def test_backup_and_restore_need_the_role(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'k.sqlite'}"
    monkeypatch.setenv("KZTALLY_DB_URL", url)
    with open_database(url) as db:
        admin = Services.sign_in(db, "osuser", PASSWORD)
        admin.users.add("clerk", Role.CLERK, PASSWORD)
        admin.users.add("sup", Role.SUPERVISOR, PASSWORD)
    status, _, err = run(capsys, "--user", "clerk", "backup", str(tmp_path / "b.sqlite"))
    assert status == 3 and "may not back up" in err
    assert run(capsys, "--user", "sup", "backup", str(tmp_path / "b.sqlite"))[0] == 0
    status, _, err = run(capsys, "--user", "sup", "restore", str(tmp_path / "b.sqlite"))
    assert status == 3 and "may not restore" in err
    status, _, err = run(capsys, "backup", str(tmp_path / "k.sqlite"))
    assert status == 2 and "another file" in err
