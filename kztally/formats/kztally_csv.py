"""kztally's own per-precinct results CSV, as `kztally export` writes it
(`results/<contest>.csv`, docs/formats.md "The export folder"), read as published results.

One file per contest: a header `precinct, number, name, district, region, state,
line 1 .. line 8`, the choices' names in ballot order, `against all` when the ballot has
it, and optionally `results, audit head`; then one row per precinct. Only rows in state
`accepted` carry figures: the others are protocols not published yet and are left out.
The contest is the one whose file name the file has (`MZ-L.csv`), else the one contest
whose choices' names the header gives.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from kztally.domain.election import Contest, Election
from kztally.domain.protocol import LINE_COUNT, Figures
from kztally.formats.csv_rows import check_precinct, data_rows, open_rows, whole_number
from kztally.formats.published import PublishedFormatError, PublishedProtocol

NAME = "kztally-csv"
HEAD = ("precinct", "number", "name", "district", "region", "state")
LINES = tuple(f"line {n}" for n in range(1, LINE_COUNT + 1))
TAIL = ("results", "audit head")
AGAINST_ALL = "against all"
ACCEPTED = "accepted"
_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def _first_line(path: Path) -> str:
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return ""
    text = head.decode("utf-8-sig", errors="replace")
    return text.splitlines()[0] if text else ""


def sniff(path: Path) -> bool:
    """A CSV file whose header begins as kztally's results tables do."""
    if path.suffix.lower() != ".csv" or not path.is_file():
        return False
    try:
        first = next(csv.reader([_first_line(path)]))
    except (csv.Error, StopIteration):
        return False
    return tuple(c.strip() for c in first[: len(HEAD) + 1]) == (*HEAD, LINES[0])


def _columns(contest: Contest) -> tuple[str, ...]:
    names = tuple(c.name for c in contest.choices)
    return (*HEAD, *LINES, *names, *((AGAINST_ALL,) if contest.against_all else ()))


def _contest(path: Path, header: list[str], election: Election) -> Contest:
    by_file = [c for c in election.contests if _SAFE.sub("_", c.id) == path.stem]
    if len(by_file) == 1:
        return by_file[0]
    matching = [c for c in election.contests if tuple(header) in (_columns(c), _columns(c) + TAIL)]
    if len(matching) == 1:
        return matching[0]
    if matching:
        ids = ", ".join(c.id for c in matching)
        raise PublishedFormatError(
            f"{path}, line 1: the header fits several contests ({ids}); name the file "
            "after its contest (MZ-L.csv), as `kztally export` does"
        )
    raise PublishedFormatError(
        f"{path}: no contest of {election.id} is named {path.stem!r}, and the header's "
        "choices are those of none"
    )


def _figure(cell: str, where: str) -> int | None:
    return whole_number(cell, where, PublishedFormatError)


def read(path: Path, election: Election) -> list[PublishedProtocol]:
    """Every accepted precinct's figures of the file's contest."""
    header, rows = open_rows(path, PublishedFormatError)
    contest = _contest(path, header, election)
    expected = _columns(contest)
    if tuple(header) not in (expected, expected + TAIL):
        for n, (have, want) in enumerate(zip(header, expected, strict=False), start=1):
            if have != want:
                raise PublishedFormatError(
                    f"{path}, line 1, column {n}: {have!r} where {contest.id} has {want!r}"
                )
        raise PublishedFormatError(
            f"{path}, line 1: {len(header)} columns; {contest.id} has {len(expected)} "
            f"(or {len(expected) + len(TAIL)} with results and audit head)"
        )
    n_choices = len(contest.choices)
    out: list[PublishedProtocol] = []
    seen: set[str] = set()
    for _number, where, row in data_rows(path, header, rows, PublishedFormatError):
        precinct = row[0].strip()
        check_precinct(election, precinct, contest.id, where, PublishedFormatError)
        if precinct in seen:
            raise PublishedFormatError(f"{where}: {precinct} is listed twice")
        seen.add(precinct)
        if row[5].strip() != ACCEPTED:
            continue
        cells = [
            _figure(row[i], f"{where}, column {header[i]!r}")
            for i in range(len(HEAD), len(expected))
        ]
        lines = tuple(cells[:LINE_COUNT])
        votes = tuple(cells[LINE_COUNT : LINE_COUNT + n_choices])
        against = cells[LINE_COUNT + n_choices] if contest.against_all else None
        out.append(PublishedProtocol(precinct, contest.id, Figures(lines, votes, against), where))
    return out
