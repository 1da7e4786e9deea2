"""`kztally print summary|results` and `kztally formal` as a user runs them: PDFs that say
what they should, the formal parts recorded and shown, and refusals as one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kztally.domain.election import Election
from tests.cli.test_keys_command import run
from tests.conftest import ServicesFactory
from tests.reports import pdftext
from tests.reports.election_2023 import QUOTA, election_2023, enter_2023


@pytest.fixture
def election() -> Election:
    return election_2023()


def test_print_summary_and_results(
    services: ServicesFactory, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    enter_2023(services)
    common = ("--db", db_url, "--user", "admin")
    out = tmp_path / "s.pdf"
    code, stdout, err = run(
        capsys, "print", "summary", "--area", "KZ", "--contest", "MZ-L", "--lang", "ru",
        "-o", out, *common,
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    assert "KZ/MZ-L" in stdout and "3 of 4 protocols accepted" in stdout
    text = pdftext.text(out.read_bytes())
    assert "Сводный протокол об итогах голосования" in text and "P00004" in text
    out = tmp_path / "r.pdf"
    code, stdout, err = run(capsys, "print", "results", "--lang", "en", "-o", out, *common)
    assert (code, err) == (0, ""), err
    assert "list seats 40/8/6/5/0/6/4" in stdout
    assert QUOTA in pdftext.text(out.read_bytes())

    for args, words in (
        (("summary", "--area", "P00001", "--contest", "MZ-L"), "P00001 is a precinct"),
        (("summary", "--area", "R09", "--contest", "MZ-L"), "no area R09"),
        (("summary", "--area", "KZ", "--contest", "MZ-L", "--lang", "de"), "invalid choice"),
        (("results", "--body", "ML-R77"), "no body ML-R77"),
    ):
        bad = tmp_path / "bad.pdf"
        code, _, err = run(capsys, "print", *args, "-o", bad, *common)
        assert code == 2 and words in err and len(err.splitlines()) == 1, err
        assert not bad.exists()


def test_formal_record_and_show(
    services: ServicesFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    services("c1")
    common = ("--db", db_url, "--user", "c1")
    where = ("--precinct", "P00002", "--contest", "MZ-L")
    code, stdout, err = run(capsys, "formal", *where, *common)
    assert (code, err) == (0, "") and "nothing recorded yet" in stdout
    code, stdout, err = run(
        capsys, "formal", "record", *where, "--present", "7", "--members", "9",
        "--began", "2023-03-19T20:00+05:00", "--ended", "2023-03-20T09:30+05:00", *common,
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    assert "7 of 9" in stdout and "longer than the law's 12 hours" in stdout
    code, stdout, _ = run(capsys, "formal", "record", *where, "--requests", "3", "--json", *common)
    shown = json.loads(stdout)
    assert (shown["members_present"], shown["requests"]) == (7, 3)  # the rest kept
    assert shown["count_began"] == "2023-03-19T20:00+05:00" and shown["long_count"]
    for args, words in (
        (("--present", "10"), "10 members present of 9 in all"),
        (("--ended", "2023-03-19T19:00+05:00"), "ended (2023-03-19T19:00+05:00) before it began"),
        (("--began", "2023-03-19T20:00"), "has no zone"),
        (("--requests", "x"), "expected a whole number"),
        ((), "give at least one of"),
    ):
        code, _, err = run(capsys, "formal", "record", *where, *args, *common)
        assert code == 2 and words in err and len(err.splitlines()) == 1, err
    code, _, err = run(capsys, "formal", "--precinct", "P09999", "--contest", "MZ-L", *common)
    assert code == 2 and "no precinct P09999" in err
