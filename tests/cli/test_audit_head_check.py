"""`kztally audit head` makes the app's check at start: a head whose last events do not
hold is printed with a warning and exit status 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.cli.test_audit_command import DEF, run


def test_head_says_when_the_last_events_do_not_hold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'k.sqlite'}"
    common = ("--db", url, "--user", "admin")
    assert run(capsys, "import", DEF, *common)[0] == 0
    code, out, err = run(capsys, "audit", "head", *common)
    assert (code, err) == (0, "")

    engine = create_engine(url)
    # the last event at rest (the sign-out): the next command signs in after it
    with engine.begin() as conn:
        count = conn.execute(text("SELECT max(seq) FROM audit_event")).scalar_one()
        conn.execute(text("UPDATE audit_event SET actor = 'mallory' WHERE seq = :n"), {"n": count})
    engine.dispose()
    code, out, err = run(capsys, "audit", "head", *common)
    assert code == 1
    assert out.strip().split(":")[0] == str(count + 1)
    assert err.startswith(f"the audit log's last events do not hold: event {count}: ")
    assert len(err.strip().splitlines()) == 1
