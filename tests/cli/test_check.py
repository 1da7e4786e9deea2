"""`kztally check --election DEF FILE...`: protocol files against the election's rules."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kztally.domain.election import Election
from kztally.domain.entry import Case, Entry, EntryKind, State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.entry import main
from kztally.formats.load import dumps, load_election
from kztally.formats.protocol_json import (
    ProtocolRecord,
    entry_file,
    protocol_to_dict,
    record_file,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DEF = FIXTURES / "small-election.json"
AT = dt.datetime(2023, 3, 19, 22, 10, tzinfo=dt.timezone(dt.timedelta(hours=6)))

# P00421 (electorate 1000), Mazhilis list: every check passes
CLEAN = Figures((1000, 900, 700, 20, 180, 690, 20, 10), (380, 80, 70, 50, 20, 60, 32), 8)
# 812 in the boxes, 12 invalid, 790 votes, 8 against all
K4 = Figures((1000, 900, 800, 20, 80, 800, 12, 12), (400, 100, 80, 60, 20, 80, 50), 8)
K4_LINE = (
    "P00421 MZ-L: K4 ballots in the boxes ≠ invalid + votes: "
    "6 + 7 ≠ 8 + votes + against_all: 812 ≠ 12 + 790 + 8"
)
# district 1 at P00421: 720 issued like the list ballot
SMD_CLEAN = Figures((1000, 900, 700, 20, 180, 690, 20, 10), (300, 200, 192), 8)


@pytest.fixture(scope="module")
def election() -> Election:
    return load_election(DEF)


def write(
    tmp_path: Path,
    election: Election,
    name: str,
    figures: Figures,
    precinct: str = "P00421",
    contest: str = "MZ-L",
    by: str = "aliya",
) -> Path:
    pf = entry_file(election, precinct, contest, Entry(figures, by, AT))
    path = tmp_path / name
    path.write_text(dumps(protocol_to_dict(pf, election.contest(contest))), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def check(capsys: pytest.CaptureFixture[str], *files: str | Path) -> tuple[int, str, str]:
    return run(capsys, "check", "--election", DEF, *files)


def kztally(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kztally", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_a_clean_protocol(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, election: Election
) -> None:
    path = write(tmp_path, election, "p421.json", CLEAN)
    code, out, err = check(capsys, path)
    assert (code, err) == (0, "")
    assert out == (
        f"{path}: P00421 MZ-L (first entry by aliya, 2023-03-19T22:10:00+06:00): no findings\n"
    )


def test_k4_as_a_real_command(tmp_path: Path, election: Election) -> None:
    path = write(tmp_path, election, "p421.json", K4)
    result = kztally("check", "--election", DEF, path)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        f"{path}: P00421 MZ-L (first entry by aliya, 2023-03-19T22:10:00+06:00): 1 error",
        f"  {K4_LINE}",
    ]


def test_warnings_are_printed_but_do_not_fail(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, election: Election
) -> None:
    warned = replace(CLEAN, lines=(720, *CLEAN.lines[1:]))  # W2 and W8
    code, out, _ = check(capsys, write(tmp_path, election, "p.json", warned))
    assert code == 0
    assert "2 warnings" in out
    assert "  P00421 MZ-L: W2 unusual turnout: 6 + 7 > 95% × 1: 690 + 20 > 95% × 720\n" in out
    assert (
        "  P00421 MZ-L: W8 voters on the list differ from the register: "
        "|1 − electorate| > 10% × electorate: 280 > 10% × 1000\n"
    ) in out


def test_k6_fails(capsys: pytest.CaptureFixture[str], tmp_path: Path, election: Election) -> None:
    empty = replace(CLEAN, lines=(1000, 900, None, 20, 180, 690, 20, 10), against_all=None)
    code, out, _ = check(capsys, write(tmp_path, election, "p.json", empty))
    assert code == 1
    assert "  P00421 MZ-L: K6 field empty or not a whole number ≥ 0: 3, against_all: ∅, ∅\n" in out


def test_w6_across_files_of_the_same_contest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, election: Election
) -> None:
    a = write(tmp_path, election, "a.json", CLEAN, "P00421")
    b = write(tmp_path, election, "b.json", replace(CLEAN), "P00422")
    c = write(tmp_path, election, "c.json", CLEAN, "P00421", by="bolat")  # same precinct
    code, out, _ = check(capsys, a, b, c)
    assert code == 0
    total = sum(CLEAN.lines) + sum(CLEAN.votes) + 8
    assert [line for line in out.splitlines() if ": W6 " in line] == [
        f"  P00421 MZ-L: W6 same figures as another precinct: 1–8 + votes = P00422: "
        f"{total} = {total}",
        f"  P00422 MZ-L: W6 same figures as another precinct: 1–8 + votes = P00421: "
        f"{total} = {total}",
        f"  P00421 MZ-L: W6 same figures as another precinct: 1–8 + votes = P00422: "
        f"{total} = {total}",
    ]
    # the two files of P00421 are the first and a second entry: not compared with each other
    assert out.count(f"{c}: P00421 MZ-L") == 1


def test_w7_across_files_of_the_same_precinct(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, election: Election
) -> None:
    mz = write(tmp_path, election, "mz.json", CLEAN)
    smd = replace(SMD_CLEAN, lines=(1000, 900, 680, 20, 200, 670, 20, 10), votes=(300, 200, 172))
    s01 = write(tmp_path, election, "s01.json", smd, contest="MZ-S01")
    other = write(tmp_path, election, "other.json", smd, "P00422", "MZ-S01")
    code, out, _ = check(capsys, mz, s01, other)
    assert code == 0
    w7 = [line for line in out.splitlines() if ": W7 " in line]
    assert w7 == [
        "  P00421 MZ-L: W7 ballot types issued differ: 3 + 4 ≠ MZ-S01:3 + MZ-S01:4: "
        "700 + 20 ≠ 680 + 20",
        "  P00421 MZ-S01: W7 ballot types issued differ: 3 + 4 ≠ MZ-L:3 + MZ-L:4: "
        "680 + 20 ≠ 700 + 20",
    ]
    clean_smd = write(tmp_path, election, "s01.json", SMD_CLEAN, contest="MZ-S01")
    code, out, _ = check(capsys, mz, clean_smd)
    assert "W7" not in out


def test_unreadable_files_exit_2_and_the_others_are_still_checked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, election: Election
) -> None:
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"format": "kztally.protocol",,}', encoding="utf-8")
    unknown = write(tmp_path, election, "unknown.json", CLEAN)
    doc = json.loads(unknown.read_text(encoding="utf-8"))
    doc["precinct"] = "P99999"
    unknown.write_text(json.dumps(doc), encoding="utf-8")
    wrong_line = write(tmp_path, election, "line.json", CLEAN)
    doc = json.loads(wrong_line.read_text(encoding="utf-8"))
    doc["lines"][3] = "20"
    wrong_line.write_text(json.dumps(doc), encoding="utf-8")
    k4 = write(tmp_path, election, "k4.json", K4)

    code, out, err = check(capsys, bad_json, unknown, k4, wrong_line, tmp_path / "none.json")
    assert code == 2
    assert "Traceback" not in err
    assert err.splitlines() == [
        f"kztally check: {bad_json}: line 1, column 31: not valid JSON: "
        "Expecting property name enclosed in double quotes",
        f"kztally check: {unknown}: precinct: P99999 is not a precinct of TEST-2023",
        f"kztally check: {wrong_line}: lines[3]: line 4: expected a whole number or null "
        '(empty), found "20"',
        f"kztally check: {tmp_path / 'none.json'}: no such file",
    ]
    assert f"  {K4_LINE}\n" in out  # the readable file is still checked and printed


def test_a_protocol_of_another_election_version(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, election: Election
) -> None:
    other = replace(election, name="changed")
    path = write(tmp_path, other, "p.json", CLEAN)
    code, out, err = check(capsys, path)
    assert (code, out) == (2, "")
    assert err.startswith(f"kztally check: {path}: election.hash: the protocol was made for")


@pytest.mark.parametrize("case", ["missing", "tampered", "not json"])
def test_a_bad_definition_exits_2_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, election: Election, case: str
) -> None:
    protocol = write(tmp_path, election, "p.json", CLEAN)
    definition = tmp_path / "def.json"
    if case == "tampered":
        doc = json.loads(DEF.read_text(encoding="utf-8"))
        doc["contests"][0]["seats"] = 70
        definition.write_text(json.dumps(doc), encoding="utf-8")
    elif case == "not json":
        definition.write_text("election", encoding="utf-8")
    code, out, err = run(capsys, "check", "--election", definition, protocol)
    assert (code, out) == (2, "")
    assert "Traceback" not in err
    assert err.count("\n") == 1
    assert err.startswith(f"kztally check: --election {definition}: ")
    expected = {
        "missing": "no such file",
        "tampered": "identity.hash: the content does not match its hash",
        "not json": "line 1, column 1: not valid JSON",
    }[case]
    assert expected in err


def test_a_missing_definition_as_a_real_command(tmp_path: Path) -> None:
    result = kztally("check", "--election", tmp_path / "nope.json", tmp_path / "p.json")
    assert result.returncode == 2
    assert result.stderr == f"kztally check: --election {tmp_path / 'nope.json'}: no such file\n"


def test_records_are_checked_on_their_agreed_figures(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, election: Election
) -> None:
    first = Entry(K4, "aliya", AT, kind=EntryKind.FIRST)
    fixed = Entry(CLEAN, "dana", AT, kind=EntryKind.CORRECTION)
    record = ProtocolRecord(
        AreaCode("P00421"), ContestId("MZ-L"), Case(State.ACCEPTED, 1, first, first, fixed)
    )
    path = tmp_path / "record.json"
    path.write_text(
        dumps(protocol_to_dict(record_file(election, record), election.contest("MZ-L"))),
        encoding="utf-8",
    )
    code, out, err = check(capsys, path)
    assert out == f"{path}: P00421 MZ-L (record, round 1, accepted): no findings\n"
    # ... and, as an import would, check refuses a record whose history does not lead
    # where it says: this one claims acceptance with no revisions at all
    assert code == 2
    assert err == f"kztally check: {path}: state: no revisions lead to accepted (round 1)\n"

    empty = ProtocolRecord(AreaCode("P00421"), ContestId("MZ-L"), Case())
    path.write_text(
        dumps(protocol_to_dict(record_file(election, empty), election.contest("MZ-L"))),
        encoding="utf-8",
    )
    code, out, _ = check(capsys, path)
    assert code == 0
    assert out == f"{path}: P00421 MZ-L (record, round 1, not entered): nothing entered\n"


def test_lang_prints_the_names_in_russian_and_kazakh(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, election: Election
) -> None:
    path = write(tmp_path, election, "p.json", K4)
    code, out, _ = run(capsys, "check", "--election", DEF, path, "--lang", "ru")
    assert code == 1
    assert "K4 бюллетеней в урнах ≠ недействительные + голоса: " in out
    code, out, _ = run(capsys, "check", "--election", DEF, path, "--lang", "kk")
    assert "K4 жәшіктердегі бюллетеньдер ≠ жарамсыз + дауыстар: " in out
    assert "бірінші енгізу" in out


def test_check_needs_the_election_and_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", DEF)
    assert code == 2
    assert "the following arguments are required: --election" in err
    code, _, err = run(capsys, "check", "--election", DEF)
    assert code == 2
    assert "FILE" in err
