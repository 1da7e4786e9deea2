"""`kztally keys` as a user runs it: a chain made, certified, exported, imported, listed
and revoked; bad input is one line and exit status 2."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from kztally.entry import main
from kztally.paper.signing import Signer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DEF = FIXTURES / "small-election.json"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_key_chain_by_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KZTALLY_KEY_PASSPHRASE", "a long passphrase")
    url = f"sqlite:///{tmp_path / 'k.sqlite'}"
    common = ("--db", url, "--user", "admin")
    assert run(capsys, "import", DEF, *common)[0] == 0
    election = json.loads(DEF.read_text(encoding="utf-8"))
    root = next(a["code"] for a in election["areas"] if a.get("parent") is None)
    region = next(a["code"] for a in election["areas"] if a.get("parent") == root)

    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "keys", "new", "--commission", root, *common)
    assert (code, err) == (0, ""), err
    assert (tmp_path / f"{root}.key").exists()  # CODE.key in the working directory
    code, out, err = run(capsys, "keys", "new", "--commission", region, "-o", "r.key", *common)
    assert code == 0, err
    assert stat.S_IMODE((tmp_path / "r.key").stat().st_mode) == 0o600
    assert b"ENCRYPTED PRIVATE KEY" in (tmp_path / "r.key").read_bytes()
    region_fp = Signer.from_file((tmp_path / "r.key").read_bytes(), "a long passphrase").fingerprint
    grouped = " ".join(region_fp[i : i + 4].upper() for i in range(0, 32, 4))
    assert grouped in out

    code, out, err = run(capsys, "keys", "new", "--commission", root, "-o", "cec.key", *common)
    assert code == 2 and "has a key already" in err
    assert not (tmp_path / "cec.key").exists()  # nothing stored: the file is gone too

    code, out, _ = run(capsys, "keys", "list", *common)
    cec_fp = "".join(out.splitlines()[0].split()[1:9])  # the 8 groups of the fingerprint
    assert "uncertified" in out

    code, _, err = run(capsys, "keys", "certify", region_fp[:16], "--key", "r.key", *common)
    assert code == 2 and "not by" in err, err
    code, _, err = run(capsys, "keys", "certify", region_fp, "--key", "missing.key", *common)
    assert code == 2 and "missing.key" in err

    code, out, _ = run(capsys, "keys", "export", "-o", "keys.json", *common)
    assert code == 0 and len(json.loads(Path("keys.json").read_text())["keys"]) == 2

    code, out, err = run(capsys, "keys", "revoke", cec_fp, "--reason", "lost", *common)
    assert code == 0 and "revoked" in out, err
    code, out, err = run(
        capsys, "keys", "revoke", cec_fp, "--reason", "x", "--since", "2023-03-19T08:00", *common
    )
    assert code == 2 and "offset" in err
    code, out, _ = run(capsys, "audit", "show", "--json", *common)
    codes = [json.loads(line)["code"] for line in out.splitlines()]
    assert codes.count("key.created") == 2 and codes.count("key.revoked") == 1
    code, _, err = run(capsys, "keys", "import", "nothing.json", *common)
    assert code == 2 and "nothing.json" in err
