"""`kztally forensics` on a region mock with planted ballot stuffing, run as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_results import kztally, ok


def test_stuffed_districts_flagged_in_json(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'm.db'}"
    answers = tmp_path / "answers.json"
    out = ok(kztally(tmp_path, "--db", db, "mock", "--seed", "4", "--scale", "region",
                     "--stuffing", "0.2", "--answers", str(answers)))  # fmt: skip
    assert "ballot stuffing planted in districts R09-D04, R09-D13, R09-D14" in out
    stuffed = {d["district"] for d in json.loads(answers.read_text())["stuffed"]}
    found = json.loads(ok(kztally(tmp_path, "--db", db, "forensics", "--json")))
    flagged = found["flagged"]
    assert {f["area"] for f in flagged} == stuffed
    for f in flagged:
        assert set(f) >= {"area", "test", "statistic", "p_value", "note"}
        assert f["p_adjusted"] < 0.001
        assert "Benjamini-Hochberg" in f["note"]
    kk = json.loads(ok(kztally(tmp_path, "--db", db, "forensics", "--json", "--lang", "kk")))
    assert "Бенджамини" in kk["flagged"][0]["note"]
    bad = kztally(tmp_path, "--db", db, "forensics", "--area", "NOPE")
    assert bad.returncode == 2
    assert "--area NOPE" in bad.stderr
