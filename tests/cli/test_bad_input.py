"""Every bad input ends in one line on stderr and exit status 2: never a traceback, never a
hang. Files that are not what they should be (a lone surrogate, a NUL, nesting 100,000
deep, figures out of bounds, a named pipe, a symbolic link loop), numbers of thousands of
digits, a workstation's login asked to upgrade the schema, a disk that fills up, and an
error nobody foresaw (its traceback kept in the data folder)."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from kztally.cli.main import ERROR_LOG, run_command
from kztally.config import ENV_HOME
from kztally.domain.limits import DEPTH_MAX, FIGURE_MAX
from kztally.entry import main
from kztally.formats.load import dumps, load_election
from kztally.formats.protocol_json import entry_file, protocol_to_dict
from kztally.storage.database import upgrade

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DB_DIR = Path(__file__).resolve().parents[2] / "db"
DEF = FIXTURES / "small-election.json"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def kztally(
    *args: str | Path,
    env: dict[str, str] | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """The command in its own process, with a timeout: a hang fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "kztally", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        env=env,
        preexec_fn=preexec_fn,
    )


def one_line(err: str) -> str:
    assert "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1, err
    return err.rstrip("\n")


@pytest.fixture(scope="module")
def document() -> dict[str, object]:
    """A clean first entry of P00421's Mazhilis list, as a file holds it."""
    import datetime as dt

    from kztally.domain.entry import Entry
    from kztally.domain.protocol import Figures

    election = load_election(DEF)
    figures = Figures((1000, 900, 700, 20, 180, 690, 20, 10), (380, 80, 70, 50, 20, 60, 32), 8)
    at = dt.datetime(2023, 3, 19, 22, 10, tzinfo=dt.timezone(dt.timedelta(hours=6)))
    pf = entry_file(election, "P00421", "MZ-L", Entry(figures, "aliya", at))
    loaded: dict[str, object] = json.loads(dumps(protocol_to_dict(pf, election.contest("MZ-L"))))
    return loaded


def spoiled(tmp_path: Path, document: dict[str, object], name: str, **changes: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({**document, **changes}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"by": "ali\ud800ya"}, "by: a lone surrogate \\ud800 at character 4 (not Unicode text)"),
        ({"by": "ali\x00ya"}, "by: a NUL character at character 4"),
        ({"by": "a" * 65}, "by: 65 characters, longer than the 64 allowed"),
        ({"against_all": FIGURE_MAX + 1}, "against_all: 10000001 is above the bound 10000000"),
        ({"against_all": 10**30}, f"against_all: {10**30} is above the bound 10000000"),
        ({"against_all": -(10**6)}, "against_all: -1000000 is below zero"),
        ({"lines": [1000, 900, 700, 20, 180, 690, 20, 2**31]},
         "lines[7]: line 8: 2147483648 is above the bound 10000000"),
    ],
)  # fmt: skip
def test_check_refuses_a_bad_value_naming_the_file_and_the_place(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    document: dict[str, object],
    changes: dict[str, object],
    message: str,
) -> None:
    path = spoiled(tmp_path, document, "bad.json", **changes)
    code, out, err = run(capsys, "check", "--election", DEF, path)
    assert (code, out) == (2, "")
    assert one_line(err) == f"kztally check: {path}: {message}"


def test_check_still_checks_the_good_files_beside_a_bad_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, document: dict[str, object]
) -> None:
    good = spoiled(tmp_path, document, "good.json")
    bad = spoiled(tmp_path, document, "bad.json", by="x\ud800")
    code, out, err = run(capsys, "check", "--election", DEF, bad, good)
    assert code == 2
    assert out.startswith(f"{good}: P00421 MZ-L") and "no findings" in out
    assert one_line(err).startswith(f"kztally check: {bad}: by: a lone surrogate")


def test_json_nested_100000_deep_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, document: dict[str, object]
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, _, err = run(capsys, "check", "--election", DEF, deep)
    assert code == 2
    assert one_line(err) == f"kztally check: {deep}: nested deeper than {DEPTH_MAX} levels"
    # deep enough for the schema's walk, shallow enough for the parser: the same verdict
    nested = spoiled(tmp_path, document, "nested.json", acts=json.loads("[" * 500 + "]" * 500))
    code, _, err = run(capsys, "check", "--election", DEF, nested)
    assert code == 2
    assert one_line(err) == (
        f"kztally check: {nested}: acts{'[0]' * (DEPTH_MAX - 1)}: "
        f"nested deeper than {DEPTH_MAX} levels"
    )
    # and the election definition is read the same way
    code, _, err = run(capsys, "check", "--election", deep, nested)
    assert code == 2
    assert one_line(err) == f"kztally check: --election {deep}: nested deeper than 32 levels"


def test_a_number_of_5000_digits_in_seats(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    votes = tmp_path / "votes.csv"
    votes.write_text("list,votes\nA," + "9" * 5000 + "\nB,100\n", encoding="utf-8")
    code, _, err = run(capsys, "seats", votes, "--seats", "10")
    assert code == 2
    assert one_line(err) == (
        f"kztally seats: {votes}, line 2: votes for A: 5000 digits, above the bound 10000000000"
    )
    votes.write_text("list,votes,registered\nA,10,-" + "9" * 5000 + "\n", encoding="utf-8")
    code, _, err = run(capsys, "seats", votes, "--seats", "10")
    assert code == 2
    assert one_line(err).endswith("line 2: registered for A: 5000 digits, above the bound 10000000")
    votes.write_text("list,votes\nA,10\nB,20\n", encoding="utf-8")
    code, _, err = run(capsys, "seats", votes, "--seats", "9" * 5000)
    assert code == 2
    assert one_line(err) == "kztally seats: argument --seats: 5000 digits, above the bound 10000000"
    code, _, err = run(capsys, "seats", votes, "--seats", "10", "--threshold", "9" * 5000)
    assert code == 2
    assert "is not a percentage" in one_line(err)
    # the largest total allowed is counted exactly
    votes.write_text("list,votes\nA,10000000000\nB,1\n", encoding="utf-8")
    code, out, err = run(capsys, "seats", votes, "--seats", "3", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["valid_total"] == 10_000_000_001


def test_what_is_not_a_regular_file_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    loop_a, loop_b, dangling = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "gone.json"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    dangling.symlink_to(tmp_path / "nowhere.json")
    result = kztally("check", "--election", DEF, fifo, loop_a, dangling, tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"kztally check: {fifo}: is a named pipe (FIFO), not a regular file",
        f"kztally check: {loop_a}: a symbolic link loop (the links lead round)",
        f"kztally check: {dangling}: a symbolic link to {tmp_path / 'nowhere.json'}, "
        "which does not exist",
        f"kztally check: {tmp_path}: is a directory, not a file",
    ]
    result = kztally("seats", fifo, "--seats", "3")
    assert (result.returncode, result.stderr) == (
        2,
        f"kztally seats: {fifo}: is a named pipe (FIFO), not a regular file\n",
    )
    result = kztally("check", "--election", loop_a, DEF)
    assert (result.returncode, result.stderr) == (
        2,
        f"kztally check: --election {loop_a}: a symbolic link loop (the links lead round)\n",
    )


def test_an_unforeseen_error_is_one_line_and_its_traceback_is_kept(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_HOME, str(tmp_path / "home"))

    def broken(args: argparse.Namespace) -> int:
        return {}["no such key"]  # type: ignore[no-any-return]

    status = run_command(argparse.Namespace(command="results", func=broken))
    log = tmp_path / "home" / ERROR_LOG
    assert status == 2
    assert one_line(capsys.readouterr().err) == (
        f"kztally results: unexpected error (KeyError: 'no such key'); the details are in {log}"
    )
    kept = log.read_text("utf-8")
    assert "kztally" in kept.splitlines()[0] and "results" in kept.splitlines()[0]
    assert "Traceback" in kept and "in broken" in kept and "KeyError" in kept

    def disk_full(args: argparse.Namespace) -> int:
        raise OSError(28, "No space left on device", str(tmp_path / "answers.json"))

    status = run_command(argparse.Namespace(command="mock", func=disk_full))
    assert status == 2
    assert one_line(capsys.readouterr().err) == (
        f"kztally mock: {tmp_path / 'answers.json'}: cannot write: No space left on device "
        "(is the disk full?)"
    )


# -- the database ------------------------------------------------------------------------


def test_a_user_name_that_is_not_text(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 in the command line arrive as lone surrogates."""
    env = {**os.environ, ENV_HOME: str(tmp_path)}
    env.pop("KZTALLY_DB_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "kztally", "--user", b"ab\xff", "users", "list"],
        capture_output=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "kztally users: --user 'ab\\udcff': a lone surrogate \\udcff at character 3 "
        "(not Unicode text)\n"
    )
    assert result.stdout == b""


def _file_limit(size: int) -> Callable[[], None]:
    """Files the process writes stop growing at `size` bytes (EFBIG, as on a full disk)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def test_import_reports_what_is_not_a_regular_file_by_name_and_inside_a_folder(
    tmp_path: Path,
) -> None:
    env = {**os.environ, ENV_HOME: str(tmp_path / "home"), "KZTALLY_USER": "admin"}
    env.pop("KZTALLY_DB_URL", None)
    folder = tmp_path / "export" / "protocols"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "pipe.json")
    (folder / "a.json").symlink_to(folder / "b.json")
    (folder / "b.json").symlink_to(folder / "a.json")
    named = tmp_path / "named.json"
    os.mkfifo(named)
    db = f"sqlite:///{tmp_path / 'k.sqlite'}"
    result = kztally("--db", db, "import", DEF, folder.parent, named, env=env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    said = (result.stdout + result.stderr).splitlines()
    problems = [line for line in said if line.startswith("error: ")]
    assert problems == [
        f"error: {folder / 'a.json'}: a symbolic link loop (the links lead round)",
        f"error: {folder / 'b.json'}: a symbolic link loop (the links lead round)",
        f"error: {folder / 'pipe.json'}: is a named pipe (FIFO), not a regular file",
        f"error: {named}: is a named pipe (FIFO), not a regular file",
    ]


def test_an_unreadable_definition_into_an_empty_database_is_named_with_its_problem(
    tmp_path: Path,
) -> None:
    env = {**os.environ, ENV_HOME: str(tmp_path / "home"), "KZTALLY_USER": "admin"}
    env.pop("KZTALLY_DB_URL", None)
    text = DEF.read_text(encoding="utf-8")
    surrogate = tmp_path / "surrogate.json"
    surrogate.write_text(text.replace('"name": "', '"name": "\\ud800', 1), encoding="utf-8")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    for path, problem in (
        (surrogate, "name: a lone surrogate \\ud800 at character 1 (not Unicode text)"),
        (deep, f"nested deeper than {DEPTH_MAX} levels"),
    ):
        db = f"sqlite:///{tmp_path / (path.stem + '.sqlite')}"
        result = kztally("--db", db, "import", path, env=env)
        assert result.returncode == 2
        said = (result.stdout + result.stderr).splitlines()
        assert f"error: {path}: {problem}" in said
        assert "Traceback" not in result.stderr and "no election is loaded" not in result.stderr


def test_mock_on_a_full_disk_sqlite(tmp_path: Path) -> None:
    env = {**os.environ, ENV_HOME: str(tmp_path), "KZTALLY_USER": "trainer"}
    env.pop("KZTALLY_DB_URL", None)
    db = tmp_path / "mock.sqlite"
    result = kztally(
        "--db", f"sqlite:///{db}", "mock", "--seed", "1", "--scale", "small",
        env=env, preexec_fn=_file_limit(100_000),
    )  # fmt: skip
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert line.startswith("kztally mock: ") and "disk I/O error" in line


@pytest.mark.postgres
def test_mock_on_a_full_disk_postgres(tmp_path: Path, postgres_url: str) -> None:
    """The database is on the server; the answer key, written here, meets the full disk."""
    env = {**os.environ, ENV_HOME: str(tmp_path), "KZTALLY_USER": "trainer"}
    env.pop("KZTALLY_DB_URL", None)
    answers = tmp_path / "answers.json"
    upgrade(postgres_url)
    result = kztally(
        "--db", postgres_url, "mock", "--seed", "1", "--scale", "small", "--errors", "0.2",
        "--answers", answers, env=env, preexec_fn=_file_limit(4096),
    )  # fmt: skip
    assert result.returncode == 2
    assert (
        one_line(result.stderr) == "kztally mock: cannot write: File too large (is the disk full?)"
    )


@pytest.fixture
def workstation(postgres_admin_url: str, pg_tool: Callable[[str], str]) -> Iterator[str]:
    """A new database made by db/setup.sql, not yet upgraded, and the URL of a
    workstation's login made by db/add-workstation.sql."""
    tag = uuid.uuid4().hex[:10]
    db, owner, group, login = (f"kzt_{k}_{tag}" for k in ("db", "owner", "ws", "login"))
    params = psycopg.conninfo.conninfo_to_dict(postgres_admin_url)
    host, port = str(params.get("host", "127.0.0.1")), str(params.get("port", 5432))
    env = os.environ | {
        "PGHOST": host,
        "PGPORT": port,
        "PGUSER": str(params.get("user", "postgres")),
        "PGPASSWORD": str(params.get("password") or ""),  # when TCP asks for one
        "PGDATABASE": "postgres",
    }
    psql = pg_tool("psql")
    for script, variables in (
        ("setup.sql", {"db": db, "owner": owner, "owner_password": "o", "workstations": group}),
        ("add-workstation.sql", {"login": login, "password": "w", "workstations": group}),
    ):
        args = [psql, "-X", "-q", "-f", str(DB_DIR / script)]
        for key, value in variables.items():
            args += ["-v", f"{key}={value}"]
        subprocess.run(args, check=True, env=env, capture_output=True)
    try:
        yield f"postgresql+psycopg://{login}:w@{host}:{port}/{db}"
    finally:
        with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db))
            )
            for role in (login, group, owner):
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


@pytest.mark.postgres
def test_db_upgrade_by_a_workstation_login(
    capsys: pytest.CaptureFixture[str], workstation: str
) -> None:
    code, out, err = run(capsys, "--db", workstation, "db", "upgrade")
    assert (code, out) == (2, "")
    line = one_line(err)
    assert line.startswith("kztally db: postgresql+psycopg://kzt_login_")
    assert "may not change the schema (permission denied for schema public)" in line
    assert line.endswith("run `kztally db upgrade` as the database's owner")
    assert ":w@" not in line  # the password is not shown
