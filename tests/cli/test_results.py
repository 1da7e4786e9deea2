"""`kztally mock`, `results`, `areas` and `progress`, run as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

OFFICIAL_SEATS = [40, 8, 6, 5, 0, 6, 4]  # ballot order: Amanat .. NSDP


def kztally(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KZTALLY_HOME": str(home), "KZTALLY_USER": "trainer"}
    env.pop("KZTALLY_DB_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "kztally", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.fixture
def small(tmp_path: Path, db_url: str) -> tuple[Path, str, dict[str, Any]]:
    """A small mock election with 10% planted errors on a fresh database."""
    answers = tmp_path / "answers.json"
    if db_url.startswith("postgresql"):
        ok(kztally(tmp_path, "db", "upgrade", "--db", db_url))
    out = ok(
        kztally(
            tmp_path,
            "--db",
            db_url,
            "mock",
            "--seed",
            "7",
            "--scale",
            "small",
            "--errors",
            "0.1",
            "--answers",
            str(answers),
        )
    )
    assert "KZ-2023-MOCK-small-s7" in out
    return tmp_path, db_url, json.loads(answers.read_text(encoding="utf-8"))


def test_small_mock_results_and_progress(small: tuple[Path, str, dict[str, Any]]) -> None:
    home, url, answers = small
    planted = {(p["precinct"], p["contest"]) for p in answers["planted"]}
    assert len(planted) == round(0.1 * answers["protocols"])

    data = json.loads(ok(kztally(home, "results", "--json", "--db", url)))
    assert data["training"] is True
    mz = data["mazhilis"]
    assert [set(x) for x in mz["lists"]] == [{"list", "votes", "share", "qualified", "seats"}] * 7
    assert sum(x["seats"] for x in mz["lists"]) == 69
    assert all(set(d) >= {"number", "winner", "party", "votes", "notices"} for d in mz["districts"])
    progress = data["progress"]
    assert progress["expected"] == answers["protocols"]
    assert progress["accepted"] == answers["protocols"] - len(planted)
    assert progress["pending"] == len(planted)
    assert {"accepted", "expected", "breach", "annulled"} <= set(mz["progress"])
    assert data["maslikhats"], "a small mock has every ballot type"
    for m in data["maslikhats"]:
        assert {"id", "name", "lists", "districts", "progress"} <= set(m)

    listed = json.loads(ok(kztally(home, "progress", "--json", "--db", url)))
    assert {(o["precinct"], o["contest"]) for o in listed["outstanding"]} == planted

    text = ok(kztally(home, "results", "--db", url))
    assert "TRAINING" in text and "quota" in text


def test_areas_and_an_unknown_area(small: tuple[Path, str, dict[str, Any]]) -> None:
    home, url, _ = small
    areas = ok(kztally(home, "areas", "--db", url)).splitlines()
    assert areas[0].startswith("KZ ")
    region = areas[1].split()[0]
    district = areas[2].split()[0]
    assert region.startswith("R") and district.startswith(region + "-D")
    below = ok(kztally(home, "areas", "--area", district, "--db", url)).splitlines()
    assert len(below) > 30 and all(line.split()[0].startswith("P") for line in below[1:-1])
    assert below[-1].startswith("UNOFFICIAL RESULTS · audit head ")

    one = json.loads(ok(kztally(home, "results", "--json", "--area", district, "--db", url)))
    assert one["area"] == district

    bad = kztally(home, "results", "--area", "NOPE", "--db", url)
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "NOPE" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_a_region_shows_shares_and_says_the_seats_are_national(
    small: tuple[Path, str, dict[str, Any]],
) -> None:
    home, url, _ = small
    region, district = [
        line.split()[0] for line in ok(kztally(home, "areas", "--db", url)).splitlines()[1:3]
    ]
    whole = json.loads(ok(kztally(home, "results", "--json", "--db", url)))["mazhilis"]
    part = json.loads(ok(kztally(home, "results", "--json", "--area", region, "--db", url)))
    mz = part["mazhilis"]
    # no threshold and no seats over one region's votes; its votes and shares are there
    assert [(x["qualified"], x["seats"]) for x in mz["lists"]] == [(None, None)] * 7
    assert mz["quota"] is None and mz["list_notices"] == []
    assert mz["lists_constituency"]["area"] == "KZ" and mz["lists_constituency"]["whole"] is False
    assert "KZ" in mz["seats_note"] and "whole constituency" in mz["seats_note"]
    assert whole["lists_constituency"]["whole"] is True and whole["seats_note"] is None
    assert sum(x["seats"] for x in whole["lists"]) == 69
    here = mz["lists_constituency"]["precincts_here"]
    assert 0 < here <= mz["lists_constituency"]["precincts"]
    assert mz["valid_total"] == sum(x["votes"] for x in mz["lists"]) + mz["against_all"]
    # the region's own maslikhat is elected over the region: its seats are given there
    (own,) = [m for m in part["maslikhats"] if m["id"] == f"ML-{region}"]
    assert own["lists_constituency"] == {**own["lists_constituency"], "area": region, "whole": True}
    assert sum(x["seats"] for x in own["lists"]) > 0

    text = ok(kztally(home, "results", "--area", region, "--db", url))
    mz_text = text.split("\n\n")[1]
    assert "seats: allocated over the whole constituency" in mz_text and "qualified" not in mz_text

    # a district of the region holds only parts of the region's maslikhat districts or
    # all of some; a part's winner is never named
    one = json.loads(ok(kztally(home, "results", "--json", "--area", district, "--db", url)))
    districts = [d for m in one["maslikhats"] for d in m["districts"]]
    districts += one["mazhilis"]["districts"]
    for d in districts:
        if d["partial"]:
            assert d["winner"] is None and d["votes"] is None and d["notices"] == []
            assert d["constituency"]["precincts_here"] < d["constituency"]["precincts"]
        else:
            assert d["constituency"]["precincts_here"] == d["constituency"]["precincts"]
        assert len(d["candidates"]) > 0


def test_same_seed_same_election(tmp_path: Path) -> None:
    results = []
    for name in ("a", "b"):
        url = f"sqlite:///{tmp_path / name}.sqlite"
        ok(kztally(tmp_path, "--db", url, "mock", "--seed", "5", "--scale", "small"))
        data = json.loads(ok(kztally(tmp_path, "--db", url, "results", "--json")))
        data.pop("data_version")
        data.pop("audit_head")  # each database's own chain: its events' times differ
        results.append(data)
    assert results[0] == results[1]


def test_a_second_mock_into_the_same_database_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'one'}.sqlite"
    ok(kztally(tmp_path, "--db", url, "mock", "--seed", "5", "--scale", "small"))
    again = kztally(tmp_path, "--db", url, "mock", "--seed", "6", "--scale", "small")
    assert again.returncode == 2
    assert "cannot be loaded" in again.stderr and "Traceback" not in again.stderr


def test_no_election_yet(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty'}.sqlite"
    result = kztally(tmp_path, "--db", url, "results")
    assert result.returncode == 2
    assert "no election" in result.stderr


@pytest.mark.slow
def test_national_mock_gives_the_official_seats(tmp_path: Path, db_url: str) -> None:
    """The issue's test: `kztally mock --seed 1 --scale national`, then `results --json`."""
    if db_url.startswith("postgresql"):
        ok(kztally(tmp_path, "db", "upgrade", "--db", db_url))
    ok(kztally(tmp_path, "--db", db_url, "mock", "--seed", "1", "--scale", "national"))
    data = json.loads(ok(kztally(tmp_path, "--db", db_url, "results", "--json")))
    lists = data["mazhilis"]["lists"]
    assert [x["seats"] for x in lists] == OFFICIAL_SEATS
    assert [x["votes"] for x in lists] == [
        3_431_510,
        693_938,
        547_154,
        432_920,
        146_431,
        535_139,
        331_058,
    ]
    assert [x["share"] for x in lists] == ["53.90", "10.90", "8.59", "6.80", "2.30", "8.41", "5.20"]
    assert data["mazhilis"]["valid_total"] == 6_366_441
    assert data["mazhilis"]["quota"] == "1990573/23"
    assert len(data["mazhilis"]["districts"]) == 29
    assert all(d["winner"] for d in data["mazhilis"]["districts"])
    assert data["progress"]["accepted"] == data["progress"]["expected"] == 49_480
    assert data["progress"]["electorate_covered"] == "100.00"
    assert len(data["maslikhats"]) == 223
    seats = sum(
        sum(x["seats"] for x in m["lists"]) + len(m["districts"]) for m in data["maslikhats"]
    )
    assert seats == 3415
