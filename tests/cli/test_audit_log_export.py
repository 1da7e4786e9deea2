"""`kztally audit export` (JSON Lines and NIST SP 1500-101), `kztally audit verify DIR`
on an export folder, and the event a restore leaves, as a user runs them. The log files
are checked by a small checker of their own that recomputes every hash from the file
alone, as docs/audit.md describes it, without kztally's code."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kztally.entry import main
from tests.conftest import PASSWORD

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DEF = FIXTURES / "small-election.json"
SCHEMA = FIXTURES / "nist-1500-101" / "NIST_V1_election_event_logging.json"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def check_jsonl(path: Path) -> str:
    """Recompute the chain of a JSON Lines log; returns its head COUNT:HASH."""
    prev, count = "0" * 64, 0
    for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        d = json.loads(line)
        assert d["seq"] == n and d["prev_hash"] == prev, n
        hashed = {k: d[k] for k in ("actor", "at", "code", "content", "role", "seq")}
        hashed |= {"workstation": d["workstation"], "prev": d["prev_hash"]}
        assert sha256(canonical(hashed)) == d["hash"], n
        prev, count = d["hash"], n
    return f"{count}:{prev}"


def check_nist(path: Path) -> str:
    """Validate a NIST log against the schema, and recompute its chain: each event's
    Details is the text its Hash is the SHA-256 of, and names the hash before it."""
    document = json.loads(path.read_text("utf-8"))
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text("utf-8"))).validate(document)
    assert document["@type"] == "EventLogging.ElectionEventLog"
    [device] = document["Device"]
    assert device["HashType"] == "sha-256"
    prev, count = "0" * 64, 0
    for n, e in enumerate(device["Event"], start=1):
        details = json.loads(e["Details"])
        assert canonical(details) == e["Details"]
        assert (int(e["Sequence"]), details["seq"], details["prev"]) == (n, n, prev)
        assert (details["code"], details["actor"]) == (e["Id"], e["UserId"])
        assert sha256(e["Details"]) == e["Hash"], n
        prev, count = e["Hash"], n
    return f"{count}:{prev}"


def test_the_log_exported_as_json_lines_and_nist_rechecks_from_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KZTALLY_NEW_PASSWORD", PASSWORD)
    url = f"sqlite:///{tmp_path / 'k.sqlite'}"
    common = ("--db", url, "--user", "admin")
    assert (
        run(capsys, "mock", "--seed", "1", "--scale", "small", "--errors", "0.1", *common)[0] == 0
    )
    code, out, err = run(capsys, "audit", "export", "-o", tmp_path / "log.jsonl", *common)
    assert code == 0, err
    head = check_jsonl(tmp_path / "log.jsonl")
    assert out.strip().endswith(f"head {head}")
    code, out, err = run(
        capsys, "audit", "export", "-o", tmp_path / "log.json", "--format", "nist", *common
    )
    assert code == 0, err
    nist_head = check_nist(tmp_path / "log.json")
    # each export was noted, with the head it wrote
    assert int(nist_head.split(":")[0]) > int(head.split(":")[0])
    code, out, _ = run(capsys, "audit", "show", "--json", *common)
    exported = [json.loads(x) for x in out.splitlines() if '"log.exported"' in x]
    assert [e["content"]["head"] for e in exported] == [head, nist_head]
    # an event edited in the file: the checker's own recomputation fails
    lines = (tmp_path / "log.jsonl").read_text("utf-8").splitlines()
    edited = json.loads(lines[3])
    edited["actor"] = "intruder"
    lines[3] = canonical(edited)
    (tmp_path / "log.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(AssertionError):
        check_jsonl(tmp_path / "log.jsonl")
    # a clerk may not export the log
    assert run(capsys, "users", "add", "clerk1", "--role", "clerk", *common)[0] == 0
    code, _, err = run(capsys, "audit", "export", "-o", tmp_path / "c.jsonl", "--db", url,
                       "--user", "clerk1")  # fmt: skip
    assert code == 3 and not (tmp_path / "c.jsonl").exists()


def test_verify_an_export_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'k.sqlite'}"
    common = ("--db", url, "--user", "admin")
    assert run(capsys, "mock", "--seed", "1", "--scale", "small", *common)[0] == 0
    assert run(capsys, "export", "-o", tmp_path / "out", *common)[0] == 0
    head = (tmp_path / "out" / "audit" / "head.txt").read_text().strip()
    code, out, err = run(capsys, "audit", "verify", tmp_path / "out")  # no database needed
    assert (code, err) == (0, "")
    assert f"head {head}" in out
    code, out, err = run(capsys, "audit", "verify", "--export", tmp_path / "out", "--head",
                         head[:30])  # fmt: skip
    assert code == 0, err
    # a figure changed by hand: exit 1, the file and the event named
    record = sorted((tmp_path / "out" / "protocols").iterdir())[0]
    text = record.read_text("utf-8")
    d = json.loads(text)
    d["revisions"][0]["by"] = "intruder"
    record.write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")
    code, out, err = run(capsys, "audit", "verify", tmp_path / "out")
    assert code == 1
    assert f"file protocols/{record.name}" in err and "broken at event " in err
    assert "intruder" in err
    # not a folder: exit 2
    code, _, err = run(capsys, "audit", "verify", tmp_path / "nowhere")
    assert code == 2 and "no such folder" in err


def test_a_restore_leaves_its_event(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KZTALLY_NEW_PASSWORD", PASSWORD)
    db = tmp_path / "k.sqlite"
    common = ("--db", f"sqlite:///{db}", "--user", "admin")
    assert run(capsys, "import", DEF, *common)[0] == 0
    assert run(capsys, "backup", tmp_path / "copy.sqlite", *common)[0] == 0
    backup_sha = hashlib.sha256((tmp_path / "copy.sqlite").read_bytes()).hexdigest()
    code, out, _ = run(capsys, "audit", "show", "--json", *common)
    shown = [json.loads(x) for x in out.splitlines()]
    [noted] = [e for e in shown if e["code"] == "database.backed_up"]
    copied_head = shown[noted["seq"] - 2]  # the copy was taken just before it was noted
    assert run(capsys, "users", "add", "clerk1", "--role", "clerk", *common)[0] == 0
    code, out, err = run(capsys, "restore", tmp_path / "copy.sqlite", *common)
    assert code == 0, (out, err)
    code, out, _ = run(capsys, "audit", "show", "--json", *common)
    events = [json.loads(x) for x in out.splitlines()]
    restored = [e for e in events if e["code"] == "database.restored"]
    assert len(restored) == 1 and restored[0]["seq"] == copied_head["seq"] + 1
    assert restored[0]["content"] == {
        "file": "copy.sqlite",
        "sha256": backup_sha,
        "head": f"{copied_head['seq']}:{copied_head['hash']}",
    }
    assert (restored[0]["actor"], restored[0]["role"]) == ("admin", "administrator")
    code, out, err = run(capsys, "audit", "verify", *common)
    assert code == 0, err
