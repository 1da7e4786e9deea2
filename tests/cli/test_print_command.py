"""`kztally print protocol|area` as a user runs it: a PDF whose code reads back, and the
refusals as one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kztally.paper import qr
from kztally.paper.payload import assemble, decode_part
from tests.cli.test_keys_command import run
from tests.conftest import ServicesFactory
from tests.reports import pdftext
from tests.reports.test_precinct_protocol import FIGURES, accepted

PASSPHRASE = "a long passphrase"


def test_print_a_protocol_and_an_area(
    services: ServicesFactory,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    signers = accepted(services)
    monkeypatch.setenv("KZTALLY_KEY_PASSPHRASE", PASSPHRASE)
    keys = tmp_path / "keys"
    keys.mkdir()
    for code in ("P00001", "R01-D01"):
        (keys / f"{code}.key").write_bytes(signers[code].to_file(PASSPHRASE))
    common = ("--db", db_url, "--user", "admin")
    out = tmp_path / "p.pdf"
    code, stdout, err = run(
        capsys, "print", "protocol", "--precinct", "P00001", "--contest", "MZ-L",
        "--lang", "ru", "--copy", "2", "--key", keys / "P00001.key", "-o", out, *common,
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    assert "P00001/MZ-L" in stdout
    pdf = out.read_bytes()
    assert "ЗАВЕРЕННАЯ КОПИЯ № 2" in pdftext.text(pdf)
    (page,) = pdftext.pages(pdf)
    assert assemble(decode_part(b) for b in qr.read(page)).figures == FIGURES

    code, _, err = run(
        capsys, "print", "protocol", "--precinct", "P00001", "--contest", "MZ-L", "-o", out,
        *common,
    )  # fmt: skip
    assert code == 2 and "--key FILE" in err and len(err.splitlines()) == 1
    code, _, err = run(
        capsys, "print", "protocol", "--precinct", "P00001", "--contest", "MZ-L",
        "--key", keys / "R01-D01.key", "-o", tmp_path / "x.pdf", *common,
    )  # fmt: skip
    assert code == 2 and "key of R01-D01" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()

    folder = tmp_path / "area"
    code, stdout, err = run(
        capsys, "print", "area", "--area", "R01", "--keys", keys, "-o", f"{folder}/", *common
    )
    assert (code, err) == (0, ""), err
    assert sorted(p.name for p in folder.iterdir()) == ["P00001_MZ-L.pdf"]
    code, stdout, err = run(
        capsys, "print", "area", "--area", "KZ", "--lang", "en", "--keys", keys,
        "-o", tmp_path / "all.pdf", *common,
    )  # fmt: skip
    assert code == 0 and "1 protocol(s)" in stdout
