"""`kztally training new|score` and `kztally query` as a trainer and a supervisor run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kztally.domain.keys import grouped
from kztally.domain.protocol import Figures
from kztally.paper import qr
from kztally.paper.payload import assemble, decode_part
from kztally.services.mock import mock_signer
from tests.cli.test_keys_command import run
from tests.conftest import PASSWORD
from tests.reports import pdftext

ARGS = (
    "--seed",
    "3",
    "--trainees",
    "3",
    "--supervisors",
    "1",
    "--protocols",
    "4",
    "--errors",
    "0.5",
)


def new(capsys: pytest.CaptureFixture[str], out: Path, *more: str) -> tuple[int, str, str]:
    return run(capsys, "--user", "trainer", "training", "new", *ARGS, *more, "-o", out)


def without_keys(text: str, folder: Path, precincts: list[str]) -> str:
    """The text with the keys' fingerprints taken out (each run makes its own keys)."""
    for p in precincts:
        text = text.replace(
            grouped(mock_signer(folder / "trainer" / "keys", p).fingerprint, 4), "<key>"
        )
    return text


def test_same_seed_same_papers_and_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    code, out, err = new(capsys, a)
    assert (code, err) == (0, ""), err
    assert "8 papers in 2 stacks" in out and "4 with planted errors" in out
    code, _, err = new(capsys, b)
    assert (code, err) == (0, ""), err
    key_a = (a / "trainer" / "answer-key.json").read_bytes()
    assert key_a == (b / "trainer" / "answer-key.json").read_bytes()
    key = json.loads(key_a)
    assert sorted(p.name for p in (a / "trainees").iterdir()) == [
        "supervisor-01.pdf", "trainee-01.pdf", "trainee-02.pdf", "trainee-03.pdf",
    ]  # fmt: skip
    sheet = (a / "trainer" / "accounts.txt").read_text()
    assert "trainee-03" in sheet and "alone: reference entry first" in sheet
    assert str(a.resolve() / "training.sqlite") in sheet and ".partial" not in sheet
    for name in ("trainee-01", "trainee-03", "supervisor-01"):
        pdf_a = (a / "trainees" / f"{name}.pdf").read_bytes()
        pdf_b = (b / "trainees" / f"{name}.pdf").read_bytes()
        precincts = sorted({p["precinct"] for p in key["papers"]})
        text_a = without_keys(pdftext.text(pdf_a), a, precincts)
        text_b = without_keys(pdftext.text(pdf_b), b, precincts)
        assert text_a == text_b
        assert "ОҚУ-ЖАТТЫҒУ САЙЛАУЫ" in text_a  # TRAINING, in the papers' language (kk)
    # The code on each paper carries the figures printed on it, planted errors included.
    pdf = (a / "trainees" / "trainee-01.pdf").read_bytes()
    stack = key["stacks"][0]
    papers = [key["papers"][n - 1] for n in stack["papers"]]
    pages = pdftext.pages(pdf)
    assert len(pages) == len(papers) == 4
    planted = 0
    for page, paper in zip(pages, papers, strict=True):
        coded = assemble(decode_part(b) for b in qr.read(page))
        said = paper["paper_figures"]
        assert (coded.precinct, coded.contest) == (paper["precinct"], paper["contest"])
        assert coded.figures == Figures(
            tuple(said["lines"]), tuple(said["votes"]), said["against_all"]
        )
        if paper["error"] is not None:
            planted += 1
            assert said != paper["clean"]
    assert planted >= 1


def test_score_of_a_session_nobody_entered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "s"
    assert new(capsys, folder)[0] == 0
    code, out, err = run(capsys, "--user", "trainer", "training", "score", folder, "--json",
                         "--csv", tmp_path / "s.csv", "--pdf", tmp_path / "s.pdf")  # fmt: skip
    assert (code, err) == (0, ""), err
    data = json.loads(out)
    assert [t["trainee"] for t in data["trainees"]] == [
        "trainee-01", "trainee-02", "trainee-03", "supervisor-01",
    ]  # fmt: skip
    for t in data["trainees"]:
        assert {"trainee", "protocols", "per_hour", "caught", "missed", "false_alarms"} <= t.keys()
        assert t["protocols"] == 0 and t["per_hour"] is None
    sup = data["trainees"][-1]
    assert sup["missed"] == sup["planted"] == sup["caught"] == 0  # nothing came to them
    assert data["room"]["missed"] == 0
    assert (tmp_path / "s.csv").read_text().splitlines()[0].startswith("trainee,role,protocols")
    assert "Оқу-жаттығу сессиясының нәтижесі" in pdftext.text((tmp_path / "s.pdf").read_bytes())
    # the same through the database alone: the key is made again from the noted session
    db = f"sqlite:///{folder / 'training.sqlite'}"
    code, out2, err = run(capsys, "--db", db, "--user", "trainer", "training", "score", "--json")
    assert (code, err) == (0, ""), err
    assert json.loads(out2) == data


def test_query_the_commission_by_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "s"
    assert new(capsys, folder)[0] == 0
    key = json.loads((folder / "trainer" / "answer-key.json").read_text())
    paper = key["papers"][0]
    db = f"sqlite:///{folder / 'training.sqlite'}"
    monkeypatch.setenv("KZTALLY_NEW_PASSWORD", PASSWORD)
    code, _, err = run(
        capsys, "--db", db, "--user", "trainer", "users", "add", "sup", "--role", "supervisor"
    )
    assert code == 0, err
    where = ("--precinct", paper["precinct"], "--contest", paper["contest"])
    code, out, err = run(
        capsys, "--db", db, "--user", "sup", "query", *where, "--text", "Line 9 and 10 swapped?"
    )
    assert (code, err) == (0, ""), err
    assert "query recorded by sup" in out
    code, out, err = run(capsys, "--db", db, "--user", "sup", "query", *where, "--json")
    assert code == 0 and [q["text"] for q in json.loads(out)] == ["Line 9 and 10 swapped?"]
    code, _, err = run(capsys, "--db", db, "--user", "sup", "query", *where, "--text", "  ")
    assert code == 2 and "needs its text" in err and len(err.splitlines()) == 1
    code, _, err = run(
        capsys,
        "--db",
        db,
        "--user",
        "sup",
        "query",
        "--precinct",
        "P99999",
        "--contest",
        "MZ-L",
        "--text",
        "x",
    )
    assert code == 2 and "no protocol P99999/MZ-L" in err


def test_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    full = tmp_path / "full"
    full.mkdir()
    (full / "x").write_text("x")
    code, _, err = new(capsys, full)
    assert code == 2 and "not an empty folder" in err and len(err.splitlines()) == 1
    code, _, err = run(
        capsys,
        "--user",
        "trainer",
        "training",
        "new",
        "--seed",
        "1",
        "--trainees",
        "0",
        "-o",
        tmp_path / "z",
    )
    assert code == 2 and "--trainees must be from 1" in err
    assert not (tmp_path / "z").exists()
    code, _, err = run(capsys, "--user", "trainer", "training", "score", tmp_path)
    assert code == 2 and "not a training session's folder" in err


def test_one_session_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    assert new(capsys, tmp_path / "one", "--db", db)[0] == 0
    assert not (tmp_path / "one" / "training.sqlite").exists()  # the session is on --db
    code, _, err = new(capsys, tmp_path / "two", "--db", db)
    assert code == 2 and "holds a training session already (seed 3)" in err
    assert not (tmp_path / "two").exists() and not (tmp_path / ".two.partial").exists()
