"""`kztally margins` on a small mock, as a user runs it, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.test_results import kztally, ok, small  # noqa: F401  (the fixture)


def test_margins_text_and_json(small: tuple[Path, str, dict[str, Any]]) -> None:  # noqa: F811
    home, url, _ = small
    data = json.loads(ok(kztally(home, "margins", "--json", "--db", url)))
    contests = data["contests"]
    results = json.loads(ok(kztally(home, "results", "--json", "--db", url)))
    decided = 1 + len(results["mazhilis"]["districts"])
    for m in results["maslikhats"]:
        decided += (m.get("lists_constituency") is not None) + len(m["districts"])
    assert len(contests) == decided
    mz = contests[0]
    assert (mz["contest"], mz["kind"]) == ("MZ-L", "list")
    assert {"ballots", "from", "to", "seats"} <= set(mz["moved"])
    assert mz["added"]["from"] is None
    assert mz["safe"] < mz["added"]["ballots"] and mz["safe"] < 2 * mz["moved"]["ballots"]
    assert mz["outstanding"]["verdict"] in {"cannot", "may", "can"}
    assert [x["seats"] for x in mz["lists"]] == [x["seats"] for x in results["mazhilis"]["lists"]]
    assert sum(c["after"] - c["before"] for c in mz["moved"]["seats"]) == 0
    district = next(c for c in contests if c["kind"] == "smd")
    assert {"winner", "repeat_election"} <= set(district["moved"])

    text = ok(kztally(home, "margins", "--db", url)).splitlines()
    assert text[0].startswith("UNOFFICIAL RESULTS")
    assert len(text) == 2 + len(contests)
    assert text[2].startswith(f"MZ lists [MZ-L]: closest {mz['moved']['ballots']} moved from ")

    # the differences found: the closest move, written as a copy would show it
    moved = mz["moved"]
    precinct = ok(kztally(home, "areas", "--precincts", "--db", url)).split("\n")
    code = next(line.split()[0] for line in precinct if "voters" in line)
    diffs = home / "differences.csv"
    diffs.write_text(
        "precinct,contest,choice,delta\n"
        f"{code},MZ-L,{moved['from']},-{moved['ballots']}\n"
        f"{code},MZ-L,{moved['to']},{moved['ballots']}\n",
        encoding="utf-8",
    )
    out = json.loads(
        ok(kztally(home, "margins", "--json", "--differences", str(diffs), "--db", url))
    )
    assert out["differences"] == [
        {
            "contest": "MZ-L",
            "deltas": out["differences"][0]["deltas"],
            "weight": 2 * moved["ballots"],
            "safe": mz["safe"],
            "changes": True,
        }
    ]


def test_margins_refusals(small: tuple[Path, str, dict[str, Any]]) -> None:  # noqa: F811
    home, url, _ = small
    bad = kztally(home, "margins", "--area", "XX", "--db", url)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "--area XX" in bad.stderr
    diffs = home / "d.csv"
    diffs.write_text("precinct,contest,choice,delta\nP1,MZ-L,x,two\n", encoding="utf-8")
    bad = kztally(home, "margins", "--differences", str(diffs), "--db", url)
    assert bad.returncode == 2 and "line 2: delta 'two'" in bad.stderr
    diffs.write_text("precinct,contest,choice,delta\nP1,MZ-L,nobody,1\n", encoding="utf-8")
    bad = kztally(home, "margins", "--differences", str(diffs), "--db", url)
    assert bad.returncode == 2 and "no choice nobody" in bad.stderr
    assert bad.stderr.count("\n") == 1
