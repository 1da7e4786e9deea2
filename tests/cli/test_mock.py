"""`kztally mock` stopped by a kill resumes when run again with the same seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from kztally.entry import main
from tests.killing import kill_when

MOCK = ("mock", "--seed", "2", "--scale", "region", "--errors", "0.02")


def _env(home: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "KZTALLY_HOME": str(home),
        "KZTALLY_USER": "trainer",
        "KZTALLY_PASSWORD": "correct horse battery",
    }
    env.pop("KZTALLY_DB_URL", None)
    return env


def _protocols(url: str) -> dict[tuple[str, str], tuple[Any, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT precinct, contest, state, round, breach, findings, line1, line2, "
                    "line3, line4, line5, line6, line7, line8, against_all, "
                    "(SELECT count(*) FROM revision r WHERE r.protocol_id = p.id) "
                    "FROM protocol p"
                )
            ).all()
    finally:
        engine.dispose()
    return {(r[0], r[1]): tuple(r[2:]) for r in rows}


def _entered(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    text("SELECT count(*) FROM protocol WHERE state <> 'not_entered'")
                ).scalar_one()
            )
    except OperationalError:  # not made yet
        return 0
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The same mock, run to its end without a stop."""
    home = tmp_path_factory.mktemp("whole")
    url = f"sqlite:///{home / 'whole.sqlite'}"
    whole = subprocess.run(
        [sys.executable, "-m", "kztally", "--db", url, *MOCK],
        capture_output=True, text=True, env=_env(home), timeout=600, check=False,
    )  # fmt: skip
    assert whole.returncode == 0, whole.stderr
    return url


def test_a_killed_mock_resumes_and_ends_as_an_uninterrupted_one(
    tmp_path: Path, db_url: str, reference: str, monkeypatch: Any, capsys: Any
) -> None:
    env = _env(tmp_path)
    if db_url.startswith("postgresql"):
        assert main(["db", "upgrade", "--db", db_url]) == 0
    child = subprocess.Popen(
        [sys.executable, "-m", "kztally", "--db", db_url, *MOCK],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    kill_when(child, lambda: _entered(db_url) >= 1000, within=300, what="mock")
    done = _entered(db_url)
    assert 1000 <= done < 3535, "killed midway"

    # run again: the rest is recorded, and it ends as the uninterrupted run did
    for name, value in _env(tmp_path).items():
        monkeypatch.setenv(name, value)
    assert main(["--db", db_url, *MOCK]) == 0
    out = capsys.readouterr().out
    assert f"3535 of 3535 protocols recorded ({done} by an earlier run)" in out
    assert _protocols(db_url) == _protocols(reference)

    # a third time: nothing left to do; another run of the same election is refused
    assert main(["--db", db_url, *MOCK]) == 0
    assert "(3535 by an earlier run)" in capsys.readouterr().out
    assert main(["--db", db_url, *MOCK[:-1], "0.2"]) == 2
    err = capsys.readouterr().err
    assert "other figures than this mock's" in err and "another database" in err
    assert _protocols(db_url) == _protocols(reference)
