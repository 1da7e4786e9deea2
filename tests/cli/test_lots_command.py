"""`kztally lots [draw]`, `kztally designations [record]` and the ties in `kztally
results`, as a user runs them, on both databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kztally.domain.election import Election
from kztally.entry import main
from tests.conftest import ServicesFactory
from tests.ties import enter_ties, tie_election


@pytest.fixture
def election() -> Election:
    return tie_election()


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def as_sup(services: ServicesFactory, db_url: str) -> tuple[str, ...]:
    enter_ties(services)
    services("c1")
    return ("--db", db_url, "--user", "sup")


def test_ties_are_listed_drawn_and_shown_in_results(
    as_sup: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "lots", *as_sup)
    assert (code, err) == (0, "")
    assert "tie in MZ-L: List B 150, List C 150: equal remainders (4/11) for 1 seat(s)" in out
    assert "not settled: a lot must be drawn" in out
    assert "kztally lots draw --contest MZ-L --order L-B,L-C --witness NAME" in out
    assert "tie in MZ-S01: Candidate 1 275, Candidate 2 275: equal votes for first place" in out

    code, out, err = run(capsys, "results", "--json", *as_sup)
    document = json.loads(out)
    assert [(t["contest"], t["settled_by"]) for t in document["ties"]] == [
        ("MZ-L", "unresolved"),
        ("MZ-S01", "unresolved"),
    ]
    assert [x["seats"] for x in document["mazhilis"]["lists"]] == [2, 1, 1]

    draw = ("lots", "draw", "--contest", "MZ-L", "--order", "L-C, L-B")
    code, out, err = run(
        capsys, *draw, "--witness", "Observer One", "--reference", "Act 1", *as_sup
    )
    assert (code, err) == (0, ""), err
    assert "drawing of lots #1 recorded for MZ-L: L-C, L-B (act Act 1)" in out

    code, out, _ = run(capsys, "results", *as_sup)
    assert "tie in MZ-L: List B 150, List C 150" in out
    assert "by lot (act Act 1; witnesses Observer One): List C" in out
    code, out, _ = run(capsys, "results", "--json", *as_sup)
    document = json.loads(out)
    assert [x["seats"] for x in document["mazhilis"]["lists"]] == [2, 1, 2]
    (lists_tie,) = [t for t in document["ties"] if t["contest"] == "MZ-L"]
    assert lists_tie["lot"] == {
        "order": ["L-C", "L-B"],
        "witnesses": ["Observer One"],
        "reference": "Act 1",
    }
    assert lists_tie["record_with"] is None

    code, out, _ = run(capsys, "lots", "--json", *as_sup)
    document = json.loads(out)
    assert [d["order"] for d in document["draws"]] == [["L-C", "L-B"]]
    assert document["draws"][0]["current"] is True


@pytest.mark.parametrize(
    ("args", "status", "words"),
    [
        (("--order", "L-B", "--witness", "W", "--reference", "A"), 2, "missing L-C"),
        (("--order", "L-B,L-X", "--witness", "W", "--reference", "A"), 2, "L-X not in the tie"),
        (("--order", "L-B,,L-C", "--witness", "W", "--reference", "A"), 2, "none empty"),
        (("--order", "L-B,L-C", "--reference", "A"), 2, "at least one witness"),
        (("--order", "L-B,L-C", "--witness", "W"), 2, "required: --reference"),
        (("--order", "L-B,L-C", "--witness", "W", "--reference", ""), 2, "reference is required"),
    ],
)
def test_a_bad_draw_is_one_line_and_exit_2(
    as_sup: tuple[str, ...],
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    status: int,
    words: str,
) -> None:
    code, out, err = run(capsys, "lots", "draw", "--contest", "MZ-L", *args, *as_sup)
    assert code == status and out == ""
    assert words in err and len(err.strip().splitlines()) == 1, err


def test_no_tie_and_a_clerk_are_refused(
    as_sup: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    draw = ("lots", "draw", "--order", "S02-1,S02-2", "--witness", "W", "--reference", "A")
    code, _, err = run(capsys, *draw, "--contest", "MZ-S02", *as_sup)
    assert code == 2 and "MZ-S02: no tie there is left to a lot" in err
    as_clerk = (*as_sup[:-1], "c1")
    draw = ("lots", "draw", "--order", "L-B,L-C", "--witness", "W", "--reference", "A")
    code, _, err = run(capsys, *draw, "--contest", "MZ-L", *as_clerk)
    assert code == 3 and "record a drawing of lots" in err
    assert len(err.strip().splitlines()) == 1


def test_designations_are_listed_and_recorded(
    as_sup: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "designations", *as_sup)
    assert code == 0
    assert "MZ-L L-A: 2 seat(s), no decision: Абаев Нұрлан, Әлиева Бота" in out
    assert "P2 " in out
    record = ("designations", "record", "--contest", "MZ-L", "--list", "L-A")
    code, out, err = run(
        capsys,
        *record,
        "--person",
        "Сейітов Ерлан",
        "--person",
        "Абаев Нұрлан",
        "--reference",
        "Decision 4",
        *as_sup,
    )
    assert (code, err) == (0, ""), err
    code, out, _ = run(capsys, "designations", "--json", *as_sup)
    (a,) = [d for d in json.loads(out)["designations"] if d["list"] == "L-A"]
    assert a["persons"] == ["Сейітов Ерлан", "Абаев Нұрлан"]
    assert [n["code"] for n in a["notices"]] == ["P1"]
    assert a["recorded"]["reference"] == "Decision 4"
    code, _, err = run(capsys, *record, "--person", "Бекова Айгүл", "--reference", "D", *as_sup)
    assert code == 2 and "'Бекова Айгүл' is not on the list L-A" in err
