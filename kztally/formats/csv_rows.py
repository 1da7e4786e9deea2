"""What the CSV readers share: the text of a file, its header, its rows of data and
its whole-number cells, each problem raised as the reader's own error with its place."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from kztally.domain.election import AreaKind, Election

LARGEST = 10_000_000
"""The largest figure a protocol holds (docs/formats.md, "Bounds")."""


def open_rows(path: Path, error: type[ValueError]) -> tuple[list[str], Iterator[list[str]]]:
    """The file's header (its cells stripped) and a reader of the rows after it."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text (byte {exc.start + 1}: {exc.reason})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [c.strip() for c in next(reader)]
    except StopIteration:
        raise error(f"{path}: the file is empty") from None
    except csv.Error as exc:
        raise error(f"{path}, line 1: {exc}") from None
    return header, reader


def data_rows(
    path: Path, header: list[str], rows: Iterator[list[str]], error: type[ValueError]
) -> Iterator[tuple[int, str, list[str]]]:
    """Each row that is not blank, with its line number and place, as wide as the header."""
    try:
        for number, row in enumerate(rows, start=2):
            if not row or all(not c.strip() for c in row):
                continue
            where = f"{path}, line {number}"
            if len(row) != len(header):
                raise error(f"{where}: {len(row)} cells; the header has {len(header)}")
            yield number, where, row
    except csv.Error as exc:
        raise error(f"{path}: {exc}") from None


def whole_number(cell: str, where: str, error: type[ValueError]) -> int | None:
    """An empty cell (None, kept as on paper) or a whole number up to LARGEST."""
    text = cell.strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit():
        raise error(f"{where}: {text!r} is not a whole number")
    value = int(text)
    if value > LARGEST:
        raise error(f"{where}: {value} is more than {LARGEST:,}")
    return value


def check_precinct(
    election: Election, precinct: str, contest_id: str, where: str, error: type[ValueError]
) -> None:
    """That the row's precinct and contest are the election's, the precinct voting in it."""
    if not election.has_area(precinct):
        raise error(f"{where}: no precinct {precinct!r} in {election.id}")
    if not election.has_contest(contest_id):
        raise error(f"{where}: no contest {contest_id!r} in {election.id}")
    area = election.area(precinct)
    if area.kind is not AreaKind.PRECINCT or contest_id not in area.contests:
        raise error(f"{where}: {precinct} is not a precinct voting in {contest_id}")
