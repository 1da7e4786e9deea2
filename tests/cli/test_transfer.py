"""`kztally export` and `kztally import` as a user runs them, and an import killed midway.

The kill test exports a regional mock election (3,535 protocols), starts
`python -m kztally import` on those files in a child process, kills it with SIGKILL once
the database shows protocols imported, and checks that every protocol is either
untouched or whole (its state, revisions and entries exactly those of its file), then
that running the import again completes it, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from kztally.domain.election import Election
from kztally.domain.entry import Entry, EntryKind, State, Transition
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.entry import main
from kztally.formats.election_json import election_to_dict
from kztally.formats.load import dumps, load_election
from kztally.formats.protocol_json import entry_file, protocol_to_dict
from kztally.services.context import Services
from kztally.services.mock import run_mock
from kztally.services.transfer import TransferService, read_protocol
from kztally.storage.database import open_database
from tests.conftest import PASSWORD
from tests.killing import kill_when

ServicesFactory = Callable[..., Services]
AT = dt.datetime(2023, 3, 19, 21, 5, tzinfo=dt.UTC)
CLEAN = Figures((1000, 600, 550, 20, 30, 550, 20, 5), (300, 150, 100), 15)


def headless(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files, each results table without the audit head that ends its rows (the
    head of the database that wrote it)."""
    return {
        n: re.sub(rb",[0-9]+:[0-9a-f]{16}\r\n", b"\r\n", b) if n.startswith("results/") else b
        for n, b in files.items()
    }


def tree(folder: Path) -> dict[str, bytes]:
    """An export's files but its audit chain (each database's chain is its own)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "audit"
    }


def kztally(url: str, *args: str, user: str = "admin") -> list[str]:
    return ["--db", url, "--user", user, *args]


# -- the command's words and exit statuses ---------------------------------------------


def write_entry(folder: Path, election: Election, name: str, by: str, kind: EntryKind) -> Path:
    pf = entry_file(election, "P00001", "MZ-L", Entry(CLEAN, by, AT, kind=kind))
    path = folder / name
    path.write_text(dumps(protocol_to_dict(pf, election.contest("MZ-L"))), encoding="utf-8")
    return path


def test_export_and_import_say_what_they_did(
    db_url: str,
    services: ServicesFactory,
    election: Election,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    services("admin")
    first = write_entry(tmp_path, election, "first.json", "aliya", EntryKind.FIRST)
    second = write_entry(tmp_path, election, "second.json", "bolat", EntryKind.SECOND)
    assert main(kztally(db_url, "import", str(first), str(second))) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 file(s): 2 imported, 0 unchanged, 0 conflict(s), 0 error(s) in ")

    assert main(kztally(db_url, "export", "-o", str(tmp_path / "out"), user="reader")) == 3
    services("reader", Role.OBSERVER)
    assert main(kztally(db_url, "export", "-o", str(tmp_path / "out"), user="reader")) == 0
    out = capsys.readouterr().out
    assert "the election, 1 protocol file(s) and 3 results table(s) written" in out
    assert (tmp_path / "out" / "protocols" / "P00001_MZ-L.json").is_file()

    # the same files again: unchanged; a clerk may not import
    assert main(kztally(db_url, "import", str(tmp_path / "out"))) == 0
    assert "2 file(s): 0 imported, 2 unchanged" in capsys.readouterr().out
    services("c1")
    assert main(kztally(db_url, "import", str(first), user="c1")) == 3
    assert "may not import data" in capsys.readouterr().err


def test_conflicts_exit_1_and_unreadable_files_exit_2(
    db_url: str,
    services: ServicesFactory,
    election: Election,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    services("admin")
    first = write_entry(tmp_path, election, "first.json", "aliya", EntryKind.FIRST)
    assert main(kztally(db_url, "import", str(first))) == 0
    other = write_entry(tmp_path, election, "other.json", "dana", EntryKind.FIRST)
    assert main(kztally(db_url, "import", str(other))) == 1
    out = capsys.readouterr().out
    assert (
        f"conflict: {other}: protocol P00001/MZ-L: it has its first entry already "
        "(it is first_entry)"
    ) in out
    assert "1 conflict(s), 0 error(s)" in out

    broken = tmp_path / "broken.json"
    broken.write_text(first.read_text("utf-8")[:-20], encoding="utf-8")
    assert main(kztally(db_url, "import", str(broken), str(other))) == 2
    out = capsys.readouterr().out
    assert f"error: {broken}: line " in out
    assert "1 conflict(s), 1 error(s)" in out

    # a definition changed after it was written: its hash says so
    changed = tmp_path / "election.json"
    text = dumps(election_to_dict(election)).replace('"Test election"', '"Changed"')
    changed.write_text(text, encoding="utf-8")
    assert main(kztally(db_url, "import", str(changed))) == 2
    assert f"error: {changed}: identity.hash: the content does not match" in capsys.readouterr().out


def test_a_folder_with_no_protocol_files_is_refused(
    db_url: str, services: ServicesFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services("admin")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not a protocol", encoding="utf-8")
    assert main(kztally(db_url, "import", str(tmp_path / "empty"))) == 2
    captured = capsys.readouterr()
    assert f"no protocol files (*.json) and no election definition found in {tmp_path}" in (
        captured.err
    )
    assert "0 file(s)" not in captured.out and "Traceback" not in captured.err


def test_an_export_appears_only_whole(
    db_url: str,
    services: ServicesFactory,
    election: Election,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An export is written beside its folder and renamed when complete: stopped midway
    (here: the disk fills up as the results tables are written), no folder by that name
    appears, and an earlier export there is left as it was."""
    admin = services("admin")
    first = write_entry(tmp_path, election, "first.json", "aliya", EntryKind.FIRST)
    assert main(kztally(db_url, "import", str(first))) == 0
    target = tmp_path / "out"

    def full_disk(*args: object, **kwargs: object) -> list[tuple[str, str]]:
        raise OSError(28, "No space left on device")

    from kztally.services.transfer import export as exporting

    with monkeypatch.context() as m:
        m.setattr(exporting, "results_tables", full_disk)
        with pytest.raises(OSError, match="No space left"):
            TransferService(admin).export(target)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []

    assert main(kztally(db_url, "export", "-o", str(target))) == 0
    before = tree(target)
    with monkeypatch.context() as m:
        m.setattr(exporting, "results_tables", full_disk)
        with pytest.raises(OSError):
            TransferService(admin).export(target)
    assert tree(target) == before
    capsys.readouterr()


# -- killed midway ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def regional(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An export of a regional mock election: 3,535 protocols, some with planted errors."""
    base = tmp_path_factory.mktemp("regional")
    db = open_database(f"sqlite:///{base / 'source.sqlite'}", migrate=True)
    try:
        admin = Services.sign_in(db, "admin", PASSWORD)
        run_mock(admin, 2, "region", 0.02, answers=base / "answers.json")
        report = TransferService(admin).export(base / "export")
    finally:
        db.close()
    assert report.protocols == 3535
    return base / "export"


def _imported(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    text("SELECT count(*) FROM protocol WHERE state <> 'not_entered'")
                ).scalar_one()
            )
    finally:
        engine.dispose()


def _protocols(url: str) -> dict[tuple[str, str], tuple[str, int, bool, int, int, bool]]:
    """(state, round, agreed, revisions, entries, current entries exist) per protocol."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT p.precinct, p.contest, p.state, p.round, "
                    "p.agreed_entry_id IS NOT NULL, "
                    "(SELECT count(*) FROM revision r WHERE r.protocol_id = p.id), "
                    "(SELECT count(*) FROM entry e WHERE e.protocol_id = p.id), "
                    "(p.first_entry_id IS NULL OR EXISTS (SELECT 1 FROM entry e "
                    " WHERE e.id = p.first_entry_id AND e.protocol_id = p.id)) "
                    "FROM protocol p"
                )
            ).all()
    finally:
        engine.dispose()
    return {(r[0], r[1]): (r[2], r[3], bool(r[4]), r[5], r[6], bool(r[7])) for r in rows}


@pytest.mark.slow
def test_an_import_killed_midway_leaves_whole_protocols_and_completes_when_run_again(
    regional: Path,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = open_database(db_url, migrate=True)
    try:
        # the administrator loads the election; a supervisor, who vouches for the
        # decisions the records hold, imports them
        admin = Services.sign_in(db, "admin", PASSWORD)
        TransferService(admin).import_paths([regional / "election.json"])
        admin.users.add("sup", Role.SUPERVISOR, PASSWORD)
    finally:
        db.close()
    total = len(list((regional / "protocols").iterdir()))
    command = [sys.executable, "-m", "kztally",
               *kztally(db_url, "import", str(regional), user="sup"),
               "--batch-size", "40"]  # fmt: skip
    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "KZTALLY_PASSWORD": "correct horse battery"},
    )
    kill_when(child, lambda: _imported(db_url) >= 200, within=120, what="import")

    election = load_election(regional / "election.json")
    expected = {}
    for path in (regional / "protocols").iterdir():
        record = read_protocol(path, election).record
        assert record is not None
        expected[(record.precinct, record.contest)] = (
            record.case.state.value,
            record.case.round,
            record.case.agreed is not None,
            len(record.revisions),
            sum(
                r.transition
                in (Transition.FIRST_ENTRY, Transition.SECOND_ENTRY, Transition.CORRECT)
                for r in record.revisions
            ),
            True,
        )
    untouched = (State.NOT_ENTERED.value, 1, False, 0, 0, True)
    found = _protocols(db_url)
    whole = {k for k, v in found.items() if v == expected[k]}
    assert all(v == untouched for k, v in found.items() if k not in whole)
    assert 200 <= len(whole) < total, "killed midway"

    # what is there is exactly what the files say: an export of it matches them
    db = open_database(db_url)
    try:
        admin = Services.sign_in(db, "admin", PASSWORD)
        TransferService(admin).export(tmp_path / "partial")
    finally:
        db.close()
    partial = tree(tmp_path / "partial")
    source = tree(regional)
    protocols = [name for name in partial if name.startswith("protocols/")]
    assert len(protocols) == len(whole)
    assert all(partial[name] == source[name] for name in protocols)

    # run again: the rest goes in, what is there is unchanged
    monkeypatch.setenv("KZTALLY_PASSWORD", "correct horse battery")
    assert main(kztally(db_url, "import", str(regional), "--batch-size", "200", user="sup")) == 0
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    assert summary.startswith(
        f"{total + 1} file(s): {total - len(whole)} imported, {len(whole) + 1} unchanged, "
        "0 conflict(s), 0 error(s)"
    )
    assert main(kztally(db_url, "export", "-o", str(tmp_path / "complete"))) == 0
    assert headless(tree(tmp_path / "complete")) == headless(source)
    assert json.loads(source["election.json"])["identity"]["id"] == election.id
