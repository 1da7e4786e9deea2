"""The CSV of observers' copies: many certified copies in one file (docs/formats.md,
"The CSV of copies").

UTF-8 (a byte order mark allowed), comma-separated, a header then one copy a row.
Columns, by name in any order (a name's case and surrounding spaces do not matter):

- `precinct`, `contest`: the protocol;
- `line 1` .. `line 8`: lines 1-8;
- one column per choice, named by the choice's id (`L-A`, `S01-2`), and `against all`:
  a row fills those of its contest's choices; a choice of another contest stays empty;
- optional, the certification: `copy number`, `certified by`, `sealed` (yes/no, иә/жоқ,
  да/нет, true/false, 1/0, or empty: not recorded), `received at` (a time with its
  offset, 2023-03-19T23:40+06:00), `received where`; and `scan`: a scan or photo of the
  copy, its path relative to the CSV.

An empty figure is an empty field (not a zero), kept as on paper. Every problem names
the file, the line and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kztally.domain.crosscheck import Certification
from kztally.domain.election import Election
from kztally.domain.protocol import LINE_COUNT, Figures
from kztally.formats.csv_rows import check_precinct, data_rows, open_rows, whole_number

REQUIRED = ("precinct", "contest", *(f"line {n}" for n in range(1, LINE_COUNT + 1)))
AGAINST_ALL = "against all"
OPTIONAL = ("copy number", "certified by", "sealed", "received at", "received where", "scan")
YES = frozenset({"yes", "y", "true", "1", "иә", "да", "+"})
NO = frozenset({"no", "n", "false", "0", "жоқ", "нет", "-"})


class CopiesFormatError(ValueError):
    """A CSV of copies that cannot be read: the message names the file and the place."""


@dataclass(frozen=True, slots=True)
class CopyRow:
    precinct: str
    contest: str
    figures: Figures
    certification: Certification
    scan: Path | None
    where: str
    """The file and line."""
    line: int


def sniff_text(first_line: str) -> bool:
    """Whether a CSV's header is that of a CSV of copies."""
    try:
        names = {c.strip().lower() for c in next(csv.reader([first_line]))}
    except (csv.Error, StopIteration):
        return False
    return {"precinct", "contest", "line 1"} <= names


def _figure(text: str, where: str) -> int | None:
    return whole_number(text, where, CopiesFormatError)


def _sealed(text: str, where: str) -> bool | None:
    word = text.strip().lower()
    if not word:
        return None
    if word in YES:
        return True
    if word in NO:
        return False
    raise CopiesFormatError(f"{where}: {text!r} is neither yes nor no")


def _time(text: str, where: str) -> dt.datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        at = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CopiesFormatError(
            f"{where}: {text!r} is not a time (2023-03-19T23:40+06:00)"
        ) from None
    if at.tzinfo is None:
        raise CopiesFormatError(f"{where}: {text!r} needs its offset (+06:00)")
    return at


def read(path: Path, election: Election) -> list[CopyRow]:
    """Every row of the file, or the first problem with its place."""
    header, reader = open_rows(path, CopiesFormatError)
    lowered = [h.lower() for h in header]
    index: dict[str, int] = {}
    for n, name in enumerate(lowered):
        if name in index:
            raise CopiesFormatError(f"{path}, line 1: the column {header[n]!r} is there twice")
        index[name] = n
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        raise CopiesFormatError(f"{path}, line 1: no column {', '.join(map(repr, missing))}")
    choice_ids = {ch.id.lower() for c in election.contests for ch in c.choices}
    known = set(REQUIRED) | set(OPTIONAL) | {AGAINST_ALL} | choice_ids
    for n, name in enumerate(lowered):
        if name not in known:
            raise CopiesFormatError(
                f"{path}, line 1, column {n + 1}: {header[n]!r} is no column of a CSV of "
                "copies (nor a choice of the election)"
            )
    out: list[CopyRow] = []
    for number, where, row in data_rows(path, header, reader, CopiesFormatError):

        def cell(name: str, row: list[str] = row) -> str:
            i = index.get(name)
            return "" if i is None else row[i]

        precinct, contest_id = cell("precinct").strip(), cell("contest").strip()
        check_precinct(election, precinct, contest_id, where, CopiesFormatError)
        contest = election.contest(contest_id)
        mine = {ch.id.lower() for ch in contest.choices}
        for other in choice_ids - mine:
            if cell(other).strip():
                raise CopiesFormatError(
                    f"{where}, column {header[index[other]]!r}: not a choice of {contest_id}"
                )
        lines = tuple(
            _figure(cell(f"line {n}"), f"{where}, column 'line {n}'")
            for n in range(1, LINE_COUNT + 1)
        )
        votes = []
        for ch in contest.choices:
            if ch.id.lower() not in index:
                raise CopiesFormatError(f"{path}, line 1: no column for {contest_id}'s {ch.id}")
            votes.append(_figure(cell(ch.id.lower()), f"{where}, column {ch.id!r}"))
        against = None
        if contest.against_all:
            if AGAINST_ALL not in index:
                raise CopiesFormatError(f"{path}, line 1: no column 'against all'")
            against = _figure(cell(AGAINST_ALL), f"{where}, column 'against all'")
        elif cell(AGAINST_ALL).strip():
            raise CopiesFormatError(f"{where}, column 'against all': {contest_id} has no such line")
        certification = Certification(
            cell("copy number").strip(),
            cell("certified by").strip(),
            _sealed(cell("sealed"), f"{where}, column 'sealed'"),
            _time(cell("received at"), f"{where}, column 'received at'"),
            cell("received where").strip(),
        )
        scan_name = cell("scan").strip()
        scan = None
        if scan_name:
            scan = (path.parent / scan_name).resolve()
            if not scan.is_file():
                raise CopiesFormatError(f"{where}, column 'scan': no file {scan_name!r}")
        out.append(
            CopyRow(
                precinct,
                contest_id,
                Figures(lines, tuple(votes), against),
                certification,
                scan,
                where,
                number,
            )
        )
    return out
