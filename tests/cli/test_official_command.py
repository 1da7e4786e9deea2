"""`kztally results official` and `kztally results unlock --reason`, run as a user runs
them: the status and the audit chain's head on results, progress and areas; the role."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.test_results import kztally, ok
from tests.conftest import PASSWORD

HEAD = re.compile(r"audit head (\d+):([0-9a-f]{16})$")


@pytest.fixture
def mocked(tmp_path: Path, db_url: str) -> tuple[Path, str]:
    if db_url.startswith("postgresql"):
        ok(kztally(tmp_path, "db", "upgrade", "--db", db_url))
    ok(kztally(tmp_path, "--db", db_url, "mock", "--seed", "3", "--scale", "small"))
    return tmp_path, db_url


def test_mark_and_unlock_show_on_every_report(mocked: tuple[Path, str]) -> None:
    home, url = mocked
    text = ok(kztally(home, "results", "--db", url)).splitlines()
    status = next(line for line in text if "RESULTS" in line)
    assert status.startswith("UNOFFICIAL RESULTS · audit head ")
    before = json.loads(ok(kztally(home, "results", "--json", "--db", url)))
    assert before["results"] == "unofficial" and before["official"] is None
    assert len(before["audit_head"]["hash"]) == 64
    assert before["audit_head"]["short"] == (
        f"{before['audit_head']['count']}:{before['audit_head']['hash'][:16]}"
    )

    marked = ok(kztally(home, "results", "official", "--db", url)).strip()
    assert marked.startswith("OFFICIAL RESULTS since ") and "(marked by trainer)" in marked
    assert HEAD.search(marked)
    after = json.loads(ok(kztally(home, "results", "--json", "--db", url)))
    assert after["results"] == "official" and after["official"]["by"] == "trainer"
    assert after["mazhilis"] == before["mazhilis"]
    assert after["audit_head"]["count"] > before["audit_head"]["count"]
    for command in ("progress", "areas", "results"):
        lines = ok(kztally(home, command, "--db", url)).splitlines()
        (line,) = [x for x in lines if "RESULTS" in x]
        assert line.startswith("OFFICIAL RESULTS since") and HEAD.search(line), command
    progress = json.loads(ok(kztally(home, "progress", "--json", "--db", url)))
    assert progress["results"] == "official" and progress["audit_head"]["count"] > 0

    again = kztally(home, "results", "official", "--db", url)
    assert again.returncode == 2 and "official already" in again.stderr
    no_reason = kztally(home, "results", "unlock", "--db", url)
    assert no_reason.returncode == 2 and "--reason" in no_reason.stderr
    empty = kztally(home, "results", "unlock", "--reason", " ", "--db", url)
    assert empty.returncode == 2 and "reason" in empty.stderr
    unlocked = ok(kztally(home, "results", "unlock", "--reason", "a recount", "--db", url))
    assert unlocked.startswith("UNOFFICIAL RESULTS")
    events = [
        json.loads(line)
        for line in ok(kztally(home, "audit", "show", "--json", "--db", url)).splitlines()
    ]
    codes = [e["code"] for e in events if e["code"].startswith("results.")]
    assert codes == ["results.marked_official", "results.unlocked"]
    assert ok(kztally(home, "audit", "verify", "--db", url)).startswith("the audit log holds")


def test_only_an_administrator_marks(
    mocked: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home, url = mocked
    monkeypatch.setenv("KZTALLY_NEW_PASSWORD", PASSWORD)
    ok(kztally(home, "users", "add", "sup", "--role", "supervisor", "--db", url))
    refused = kztally(home, "--user", "sup", "results", "official", "--db", url)
    assert refused.returncode == 3 and "may not mark results official" in refused.stderr
    assert "Traceback" not in refused.stderr
    refused = kztally(home, "--user", "sup", "results", "unlock", "--reason", "x", "--db", url)
    assert refused.returncode == 3
