"""`kztally seats`: the seat calculator, run as a real command and in-process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kztally.entry import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OFFICIAL = FIXTURES / "mazhilis-2023-lists.csv"

OFFICIAL_JSON = {
    "valid_total": 6366441,
    "quota": "1990573/23",
    "lists": [
        {"list": "Amanat", "votes": 3431510, "share": "53.90", "qualified": True, "seats": 40},
        {"list": "Auyl", "votes": 693938, "share": "10.90", "qualified": True, "seats": 8},
        {"list": "Respublica", "votes": 547154, "share": "8.59", "qualified": True, "seats": 6},
        {"list": "People's Party of Kazakhstan", "votes": 432920, "share": "6.80",
         "qualified": True, "seats": 5},
        {"list": "Baytaq", "votes": 146431, "share": "2.30", "qualified": False, "seats": 0},
        {"list": "Aq Zhol", "votes": 535139, "share": "8.41", "qualified": True, "seats": 6},
        {"list": "Nationwide Social Democratic Party", "votes": 331058, "share": "5.20",
         "qualified": True, "seats": 4},
    ],
    "ties": [],
}  # fmt: skip


def kztally(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "kztally", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """The command in-process: (exit status, stdout, stderr)."""
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def seats_json(capsys: pytest.CaptureFixture[str], *args: str | Path) -> Any:
    code, out, err = run(capsys, "seats", *args, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


def csv_file(tmp_path: Path, text: str | bytes, name: str = "votes.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def one_line_error(err: str) -> str:
    assert "Traceback" not in err
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    return err.strip()


# -- the official result ----------------------------------------------------------------


def test_official_2023_as_a_real_command_json() -> None:
    result = kztally("seats", OFFICIAL, "--seats", "69", "--json")
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout) == OFFICIAL_JSON


def test_official_2023_as_a_real_command_table() -> None:
    result = kztally("seats", OFFICIAL, "--seats", "69")
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["list", "votes", "share", "qualified", "seats"]
    assert lines[2].split() == ["Amanat", "3431510", "53.90%", "yes", "40"]
    assert lines[6].split() == ["Baytaq", "146431", "2.30%", "no", "0"]
    assert lines[9].split() == ["against", "all", "248291", "3.90%"]
    assert "quota: 1990573/23 = 86546.65" in result.stdout
    assert "valid total: 6366441" in result.stdout
    assert "seats: 69 of 69" in result.stdout


def test_official_2023_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert seats_json(capsys, OFFICIAL, "--seats", "69") == OFFICIAL_JSON
    assert seats_json(capsys, OFFICIAL, "--seats", "69", "--threshold", "5") == OFFICIAL_JSON


def test_the_threshold_is_exact(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # 55 of 1000 is exactly 5.5%: it qualifies at 5.5 and not at 5.6
    path = csv_file(tmp_path, "list,votes\nA,800\nB,55\nC,45\nagainst all,100\n")
    at = seats_json(capsys, path, "--seats", "10", "--threshold", "5.5")
    assert [x["qualified"] for x in at["lists"]] == [True, True, False]
    assert at["quota"] == "171/2"
    above = seats_json(capsys, path, "--seats", "10", "--threshold", "5.6")
    assert [x["qualified"] for x in above["lists"]] == [True, False, False]
    seven = seats_json(capsys, path, "--seats", "10", "--threshold", "7")
    assert [x["seats"] for x in seven["lists"]] == [10, 0, 0]
    zero = seats_json(capsys, path, "--seats", "10", "--threshold", "0")
    assert [x["qualified"] for x in zero["lists"]] == [True, True, True]


def test_share_is_rounded_half_up(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # 1/8 = 12.5% exactly; 1/800 = 0.125% -> 0.13 (half up, not to even)
    path = csv_file(tmp_path, "list,votes\nA,1\nB,799\n")
    doc = seats_json(capsys, path, "--seats", "1")
    assert doc["lists"][0]["share"] == "0.13"
    assert doc["lists"][1]["share"] == "99.88"


# -- input forms --------------------------------------------------------------------------


def test_bom_kazakh_names_other_columns_blank_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = "\ufeffNo,List,Votes\r\n1,Ауыл,600\r\n2,Ақ жол,300\r\n3,БАРЛЫҒЫНА ҚАРСЫ,0\r\n\r\n\r\n"
    path = csv_file(tmp_path, text)
    doc = seats_json(capsys, path, "--seats", "9")
    assert [(x["list"], x["seats"]) for x in doc["lists"]] == [
        ("Ауыл", 6),
        ("Ақ жол", 3),
        ("БАРЛЫҒЫНА ҚАРСЫ", 0),
    ]
    code, out, _ = run(capsys, "seats", path, "--seats", "9")
    assert code == 0
    assert "Ақ жол" in out


def test_kazakh_names_in_a_real_command(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "list,votes\nАуыл,600\nАқ жол,300\n")
    result = kztally("seats", path, "--seats", "9", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["lists"][1]["list"] == "Ақ жол"


@pytest.mark.parametrize("spelling", ["against all", "Against All", "AGAINST ALL", " against all "])
def test_against_all_in_any_case(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, spelling: str
) -> None:
    path = csv_file(tmp_path, f"list,votes\nA,600\n{spelling},100\nB,300\n")
    doc = seats_json(capsys, path, "--seats", "9")
    assert doc["valid_total"] == 1000
    assert [x["list"] for x in doc["lists"]] == ["A", "B"]
    assert [x["share"] for x in doc["lists"]] == ["60.00", "30.00"]


def test_semicolons_as_excel_writes_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = csv_file(tmp_path, 'list;votes\n"A; the first";600\nB;300\n')
    doc = seats_json(capsys, path, "--seats", "9")
    assert [(x["list"], x["seats"]) for x in doc["lists"]] == [("A; the first", 6), ("B", 3)]


def test_row_order_is_registration_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = csv_file(tmp_path, "list,votes\nA,100\nB,100\n")
    doc = seats_json(capsys, path, "--seats", "1")
    assert [x["seats"] for x in doc["lists"]] == [1, 0]
    assert doc["ties"] == [
        {
            "lists": ["A", "B"],
            "remainder": "1/2",
            "seats": 1,
            "settled_by": "registration",
            "winners": ["A"],
        }
    ]


def test_the_registered_column_orders_the_lists(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = csv_file(tmp_path, "list,votes,registered\nA,100,2\nB,100,1\nagainst all,5,\n")
    doc = seats_json(capsys, path, "--seats", "1")
    assert [x["seats"] for x in doc["lists"]] == [0, 1]
    assert doc["ties"][0]["winners"] == ["B"]
    code, out, _ = run(capsys, "seats", path, "--seats", "1")
    assert code == 0
    assert "tie: A, B have equal remainders for 1 seat(s); by registration order: B" in out


def test_a_tie_registration_cannot_settle(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = csv_file(tmp_path, "list,votes,registered\nA,100,1\nB,100,1\n")
    doc = seats_json(capsys, path, "--seats", "1")
    assert doc["ties"][0]["settled_by"] == "unresolved"
    assert [x["seats"] for x in doc["lists"]] == [0, 0]
    code, out, _ = run(capsys, "seats", path, "--seats", "1")
    assert code == 0
    assert "seats: 0 of 1" in out
    assert "notice L3: Equal remainders of A B decide a seat" in out


def test_no_list_qualifies(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = csv_file(tmp_path, "list,votes\nA,0\nagainst all,10\n")
    doc = seats_json(capsys, path, "--seats", "3")
    assert doc["quota"] is None
    code, out, _ = run(capsys, "seats", path, "--seats", "3", "--lang", "ru")
    assert code == 0
    assert "quota: none" in out
    assert "notice L1: Ни один список не преодолел порог" in out


# -- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,votes\nA,1\n", ", line 1: no column 'list' in the header (it has: name, votes;"),
        ("list,count\nA,1\n", ", line 1: no column 'votes' in the header"),
        ("list,votes\nA,1\nB,12a\n",
         ", line 3: votes for B must be a whole number ≥ 0, found '12a'"),
        ("list,votes\nA,-1\n", ", line 2: votes for A must be a whole number ≥ 0, found '-1'"),
        ("list,votes\nA,1.5\n", ", line 2: votes for A must be a whole number ≥ 0, found '1.5'"),
        ("list,votes\nA,1 000\n", ", line 2: votes for A must be a whole number ≥ 0"),
        ("list,votes\nA,\n", ", line 2: votes for A must be a whole number ≥ 0, found nothing"),
        ("list,votes\nA\n", ", line 2: votes for A must be a whole number ≥ 0, found nothing"),
        ("list,votes\nA,1\n,2\n", ", line 3: the list has no name"),
        ("list,votes\nA,1\n\nB,2\nA,3\n", ", line 5: A is named twice (first on line 2)"),
        ("list,votes\nagainst all,1\nAgainst All,3\n", ", line 3: Against All is named twice"),
        ("list,votes,registered\nA,1,first\n", ", line 2: registered for A must be a whole number"),
        ("list,votes,votes\nA,1,2\n", ", line 1: the column 'votes' is named twice"),
        ("", ", line 1: the file is empty"),
        ("\n\n  \n", ", line 1: the file is empty"),
        ("list,votes\n", ", line 1: no lists after the header"),
        ("list,votes\nagainst all,5\n\n", ", line 3: no lists after the header"),
    ],
)  # fmt: skip
def test_problems_in_the_file_name_the_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    path = csv_file(tmp_path, content)
    code, out, err = run(capsys, "seats", path, "--seats", "5")
    assert (code, out) == (2, "")
    assert one_line_error(err).startswith(f"kztally seats: {path}{message}")


def test_bad_encoding_names_the_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = csv_file(tmp_path, b"list,votes\nA,1\n" + "Ауыл,5\n".encode("cp1251"))
    code, _, err = run(capsys, "seats", path, "--seats", "5")
    assert code == 2
    assert one_line_error(err) == f"kztally seats: {path}, line 3: not UTF-8 text"


def test_a_missing_file_and_a_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "seats", tmp_path / "nope.csv", "--seats", "5")
    assert code == 2
    assert one_line_error(err) == f"kztally seats: {tmp_path / 'nope.csv'}: no such file"
    code, _, err = run(capsys, "seats", tmp_path, "--seats", "5")
    assert code == 2
    assert one_line_error(err) == f"kztally seats: {tmp_path}: is a directory, not a file"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--seats", "0"], "kztally seats: argument --seats: must be from 1 to 10000000, not 0"),
        (["--seats", "-3"], "kztally seats: argument --seats: must be from 1 to 10000000, not -3"),
        (["--seats", "x"], "argument --seats: 'x' is not a whole number of seats"),
        ([], "the following arguments are required: --seats"),
        (["--seats", "5", "--threshold", "101"],
         "kztally seats: argument --threshold: 101 is outside 0-100"),
        (["--seats", "5", "--threshold", "-1"],
         "kztally seats: argument --threshold: -1 is outside 0-100"),
        (["--seats", "5", "--threshold", "five"],
         "kztally seats: argument --threshold: 'five' is not a percentage such as 5 or 5.5"),
        (["--seats", "5", "--threshold", "nan"], "argument --threshold: 'nan' is not a percentage"),
    ],
)  # fmt: skip
def test_bad_arguments_name_the_argument(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "seats", OFFICIAL, *args)
    assert (code, out) == (2, "")
    assert message in one_line_error(err)


def test_errors_from_the_real_command_are_one_line() -> None:
    for args in (["--seats", "0"], ["--seats", "5", "--threshold", "150"]):
        result = kztally("seats", OFFICIAL, *args)
        assert result.returncode == 2
        assert result.stdout == ""
        one_line_error(result.stderr)
    result = kztally("seats", FIXTURES / "does-not-exist.csv", "--seats", "5")
    assert result.returncode == 2
    assert "does-not-exist.csv: no such file" in one_line_error(result.stderr)


def test_a_file_csv_cannot_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = csv_file(tmp_path, "list,votes\nA,1\n" + "x" * 200_000 + ",3\n")
    code, _, err = run(capsys, "seats", path, "--seats", "5")
    assert code == 2
    assert one_line_error(err).startswith(f"kztally seats: {path}, line 3: not readable as CSV: ")
