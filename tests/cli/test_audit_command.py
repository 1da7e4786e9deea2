"""`kztally audit verify|show|head` as a user runs them, and an altered election at
open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from kztally.entry import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DEF = FIXTURES / "small-election.json"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_verify_show_and_head(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'k.sqlite'}"
    common = ("--db", url, "--user", "admin")
    assert run(capsys, "import", DEF, *common)[0] == 0
    code, out, _ = run(capsys, "audit", "head", *common)
    assert code == 0
    head = out.strip()
    count, digest = head.split(":")
    assert int(count) > 1 and len(digest) == 64
    code, out, err = run(capsys, "audit", "verify", "--head", f"{count}:{digest[:16]}", *common)
    assert (code, err) == (0, ""), err
    assert "the audit log holds" in out
    code, out, _ = run(capsys, "audit", "show", "--json", *common)
    events = [json.loads(line) for line in out.splitlines()]
    assert events[0]["code"] == "log.started"
    assert "election.loaded" in {e["code"] for e in events}
    code, out, _ = run(capsys, "audit", "show", "--since", "1", *common)
    assert code == 0 and "log.started" not in out

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET actor = 'mallory' WHERE seq = 2"))
    engine.dispose()
    code, _, err = run(capsys, "audit", "verify", *common)
    assert code == 1
    assert "broken at event 2, table audit_event" in err
    assert run(capsys, "audit", "verify", "--head", "nonsense", *common)[0] == 2


def test_an_altered_election_stops_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'k.sqlite'}"
    common = ("--db", url, "--user", "admin")
    assert run(capsys, "import", DEF, *common)[0] == 0
    engine = create_engine(url)
    with engine.begin() as conn:
        definition = conn.execute(text("SELECT definition FROM election")).scalar_one()
        document = json.loads(definition)
        document["name"] = document["name"] + " (altered)"
        conn.execute(text("UPDATE election SET definition = :d"), {"d": json.dumps(document)})
    engine.dispose()
    code, _, err = run(capsys, "results", *common)
    assert code == 2
    assert "does not hash to its content hash" in err
    code, _, err = run(capsys, "audit", "verify", *common)
    assert code == 1 and "table election" in err
