"""The CSV of copies and kztally's results CSV read as published results: the example
in docs/formats.md reads, and every problem names the file, the line and the column."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kztally.domain.crosscheck import Certification
from kztally.domain.protocol import Figures
from kztally.formats import copies_csv, kztally_csv
from kztally.formats.published import PublishedFormatError, read_published
from tests.conftest import make_election

DOCS = Path(__file__).parents[2] / "docs" / "formats.md"
HEAD = "precinct,contest," + ",".join(f"line {n}" for n in range(1, 9))


def test_the_documented_example_reads(tmp_path: Path) -> None:
    (example,) = re.findall(r"```csv\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    path = tmp_path / "copies.csv"
    path.write_text(example, encoding="utf-8")
    (row,) = copies_csv.read(path, make_election())
    assert (row.precinct, row.contest) == ("P00001", "MZ-L")
    assert row.figures == Figures((1000, 1000, 600, 10, 390, 590, 10, 10), (301, 199, 80), 10)
    tz = dt.timezone(dt.timedelta(hours=6))
    assert row.certification == Certification(
        "2", "Хатшы Әлиева Б.", True, dt.datetime(2023, 3, 19, 23, 40, tzinfo=tz), "УСК № 1"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("precinct,contest\n", "line 1: no column 'line 1'"),
        (f"{HEAD},L-A,L-B,L-C,against all,colour\n", "line 1, column 15: 'colour' is no column"),
        (
            f"{HEAD},L-A,L-B,L-C,against all\nP00009,MZ-L,1,1,1,1,1,1,1,1,1,1,1,1\n",
            "line 2: no precinct 'P00009'",
        ),
        (
            f"{HEAD},L-A,L-B,L-C,against all\nP00001,MZ-L,1,1,1,1,1,1,1,-1,1,1,1,1\n",
            "line 2, column 'line 8': '-1' is not a whole number",
        ),
        (
            f"{HEAD},L-A,L-B,L-C,S01-1,against all\nP00001,MZ-L,1,1,1,1,1,1,1,1,1,1,1,5,1\n",
            "line 2, column 'S01-1': not a choice of MZ-L",
        ),
        (
            f"{HEAD},L-A,L-B,against all\nP00001,MZ-L,1,1,1,1,1,1,1,1,1,1,1\n",
            "line 1: no column for MZ-L's L-C",
        ),
        (
            f"{HEAD},L-A,L-B,L-C,against all,sealed\nP00001,MZ-L,1,1,1,1,1,1,1,1,1,1,1,1,maybe\n",
            "line 2, column 'sealed': 'maybe' is neither yes nor no",
        ),
        (
            f"{HEAD},L-A,L-B,L-C,against all,received at\n"
            "P00001,MZ-L,1,1,1,1,1,1,1,1,1,1,1,1,2023-03-19 23:40\n",
            "needs its offset",
        ),
        (
            f"{HEAD},L-A,L-B,L-C,against all\nP00001,MZ-L,1,1\n",
            "line 2: 4 cells; the header has 14",
        ),
    ],
)
def test_a_bad_csv_of_copies_names_the_place(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(copies_csv.CopiesFormatError) as caught:
        copies_csv.read(path, make_election())
    assert str(caught.value).startswith(str(path)) and message in str(caught.value)


def test_kztally_results_csv(tmp_path: Path) -> None:
    e = make_election()
    head = "precinct,number,name,district,region,state," + ",".join(
        f"line {n}" for n in range(1, 9)
    )
    path = tmp_path / "MZ-S01.csv"
    path.write_text(
        f"{head},Candidate 1,Candidate 2,against all\n"
        "P00001,1,a,d,r,accepted,1000,1000,600,10,390,590,10,10,350,230,10\n"
        "P00002,2,b,d,r,pending,,,,,,,,,,,\n",
        encoding="utf-8-sig",
    )
    assert kztally_csv.sniff(path)
    fmt, found = read_published(path, e)
    assert fmt == "kztally-csv"
    (p,) = found
    assert (p.precinct, p.contest, p.figures.votes, p.figures.against_all) == (
        "P00001",
        "MZ-S01",
        (350, 230),
        10,
    )
    # named otherwise: the header's choices say which contest (both districts' choices
    # share their names here, so it cannot tell)
    other = tmp_path / "published.csv"
    other.write_bytes(path.read_bytes())
    with pytest.raises(PublishedFormatError, match="fits several contests"):
        kztally_csv.read(other, e)
    path.write_text(
        f"{head},Candidate 1,Candidate 2,against all\n"
        "P00004,4,a,d,r,accepted,1000,1000,600,10,390,590,10,10,350,230,10\n",
        encoding="utf-8",
    )
    with pytest.raises(
        PublishedFormatError, match=r"line 2: P00004 is not a precinct voting in MZ-S01"
    ):
        kztally_csv.read(path, e)
    not_ours = tmp_path / "x.csv"
    not_ours.write_text("a,b\n", encoding="utf-8")
    assert not kztally_csv.sniff(not_ours)
