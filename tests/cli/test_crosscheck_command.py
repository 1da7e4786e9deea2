"""`kztally crosscheck` on a small mock, as an observer runs it: a CSV of copies with
planted differences against the database and against the exported per-precinct CSV,
the JSON's shape, the exit statuses, and the report files."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from kztally.formats.load import load_election
from tests.cli.test_results import kztally, ok, small  # noqa: F401  (the fixture)
from tests.conftest import PASSWORD


def _accepted_rows(home: Path, url: str) -> tuple[Path, list[dict[str, str]]]:
    ok(kztally(home, "export", "-o", str(home / "exp"), "--db", url))
    table = home / "exp" / "results" / "MZ-L.csv"
    with table.open(encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["state"] == "accepted"]
    return table, rows


def _copies(
    home: Path, rows: list[dict[str, str]], plant: dict[int, dict[str, int]], name: str = "c.csv"
) -> Path:
    """Copies of the rows' MZ-L protocols, with `plant`: row number -> {column: value}."""
    election = load_election(home / "exp" / "election.json")
    contest = election.contest("MZ-L")  # type: ignore[arg-type]
    ids = {c.name: c.id for c in contest.choices}
    path = home / name
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        lines = [f"line {n}" for n in range(1, 9)]
        w.writerow(["precinct", "contest", *lines, *ids.values(), "against all", "copy number"])
        for n, r in enumerate(rows):
            values = {k: int(r[k]) for k in lines} | {ids[k]: int(r[k]) for k in ids}
            values["against all"] = int(r["against all"])
            values |= plant.get(n, {})
            w.writerow(
                [
                    *(r["precinct"], "MZ-L", *(values[k] for k in [*lines, *ids.values()])),
                    *(values["against all"], str(n + 1)),
                ]
            )
    return path


def test_crosscheck_finds_the_planted_differences(
    small: tuple[Path, str, dict[str, Any]],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KZTALLY_NEW_PASSWORD", PASSWORD)
    home, url, _ = small
    table, rows = _accepted_rows(home, url)
    copied = rows[:8]
    first = rows[1]
    election = load_election(home / "exp" / "election.json")
    amanat = election.contest("MZ-L").choices[0]  # type: ignore[arg-type]
    plant = {
        1: {"line 3": int(first["line 3"]) + 7, amanat.id: int(first[amanat.name]) + 100},
        4: {"against all": int(rows[4]["against all"]) + 3},
        6: {"line 8": int(rows[6]["line 8"]) + 1},
    }
    copies = _copies(home, copied, plant)
    expected = {
        (rows[1]["precinct"], "MZ-L", 3, int(rows[1]["line 3"]), int(rows[1]["line 3"]) + 7),
        (
            rows[1]["precinct"],
            "MZ-L",
            amanat.id,
            int(rows[1][amanat.name]),
            int(rows[1][amanat.name]) + 100,
        ),
        (
            rows[4]["precinct"],
            "MZ-L",
            "against_all",
            int(rows[4]["against all"]),
            int(rows[4]["against all"]) + 3,
        ),
        (rows[6]["precinct"], "MZ-L", 8, int(rows[6]["line 8"]), int(rows[6]["line 8"]) + 1),
    }
    for official in ([], ["--official", str(table)]):
        run = kztally(home, "crosscheck", str(copies), "--json", *official, "--db", url)
        assert run.returncode == 1, run.stderr
        out = json.loads(run.stdout)
        got = {
            (d["precinct"], d["contest"], d["line"], d["official"], d["copy"])
            for d in out["differences"]
        }
        assert got == expected
        assert all(
            {"precinct", "contest", "line", "official", "copy"} <= set(d)
            for d in out["differences"]
        )
        copied_precincts = {r["precinct"] for r in copied}
        assert out["missing"] and not set(out["missing"]) & copied_precincts
        assert {t["choice"]: t["delta"] for t in out["totals"]} == {
            amanat.id: 100,
            "against_all": 3,
        }
        (mz,) = [c for c in out["contests"] if c["contest"] == "MZ-L"]
        assert mz["deltas"] == [
            {"choice": amanat.id, "delta": 100},
            {"choice": "against_all", "delta": 3},
        ]
        assert mz["outstanding"]["verdict"] in {"cannot", "may", "can"}
        assert isinstance(out["can_matter"], bool)

    # the text, the report files; copies that agree exit 0
    text = kztally(
        home,
        "crosscheck",
        str(copies),
        "--report",
        str(home / "r.pdf"),
        "--csv",
        str(home / "r.csv"),
        "--lang",
        "en",
        "--db",
        url,
    )
    assert text.returncode == 1 and f"{rows[6]['precinct']} MZ-L line 8" in text.stdout
    pdf = pdfium.PdfDocument(home / "r.pdf")
    words = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    assert "Discrepancy report" in words and rows[4]["precinct"] in words
    assert len((home / "r.csv").read_text(encoding="utf-8-sig").splitlines()) == 1 + 4
    same = _copies(home, copied, {}, "same.csv")
    assert "no figure differs" in ok(kztally(home, "crosscheck", str(same), "--db", url))

    # an observer keeps the copies, then checks what is kept (no file given)
    ok(kztally(home, "users", "add", "obs", "--role", "observer", "--db", url))
    kept = kztally(home, "--user", "obs", "crosscheck", "--keep", str(copies), "--db", url)
    assert kept.returncode == 1, kept.stderr
    run = kztally(home, "--user", "obs", "crosscheck", "--json", "--db", url)
    assert run.returncode == 1, run.stderr
    stored = json.loads(run.stdout)
    assert {
        (d["precinct"], d["contest"], d["line"], d["official"], d["copy"])
        for d in stored["differences"]
    } == expected
    assert {d["observer"] for d in stored["differences"]} == {"obs"}
    assert {d["source"] for d in stored["differences"]} == {"csv"}
    assert len(stored["copies"]) == len(copied)
    assert {c["observer"] for c in stored["copies"]} == {"obs"} and all(
        c["latest"] and c["number"] for c in stored["copies"]
    )
    # the first account (an administrator) sees every observer's copies
    every = kztally(home, "crosscheck", "--json", "--db", url)
    assert (
        every.returncode == 1 and json.loads(every.stdout)["differences"] == stored["differences"]
    )


def test_crosscheck_bad_input_exits_2(small: tuple[Path, str, dict[str, Any]]) -> None:  # noqa: F811
    home, url, _ = small
    bad = home / "bad.csv"
    bad.write_text("precinct,contest,line 1\nP1,MZ-L,1\n", encoding="utf-8")
    run = kztally(home, "crosscheck", str(bad), "--db", url)
    assert run.returncode == 2 and run.stderr.count("\n") == 1
    assert "bad.csv, line 1: no column 'line 2'" in run.stderr and "Traceback" not in run.stderr
    run = kztally(home, "crosscheck", str(home / "none.json"), "--db", url)
    assert run.returncode == 2 and "none.json: no such file or folder" in run.stderr
    odd = home / "odd.csv"
    odd.write_text("a,b\n1,2\n", encoding="utf-8")
    run = kztally(home, "crosscheck", str(bad), "--official", str(odd), "--db", url)
    assert run.returncode == 2 and "not a results file in a format kztally reads" in run.stderr
