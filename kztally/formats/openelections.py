"""An OpenElections-style CSV: one row per precinct, office and candidate.

OpenElections' columns come first (`county`, `precinct`, `office`, `district`, `party`,
`candidate`, `votes`), adapted to Kazakhstan and followed by the codes that make a row
unambiguous. The mapping (docs/formats.md, "OpenElections-style CSV"):

- `county`: the precinct's district or city; `precinct`: its polling station number;
  `office`: the body (Mazhilis, a maslikhat); `district`: a single-member district's
  number (empty for a party list); `party`: the list's or the nominating party's name;
  `candidate`: the list's or candidate's name, "Against all", or a protocol line's
  meaning; `votes`: the figure;
- then `region`, `precinct_code`, `contest`, `choice` (the choice's id, `against_all`,
  or `line-1` ... `line-8` for the protocol's lines) and the marks `results` (official
  or unofficial) and `audit_head` (`COUNT:HASH`), the same on every row.

A reader keys on `precinct_code`, `contest` and `choice`; the names are for people.
UTF-8 with a byte order mark (for spreadsheets), CRLF line ends.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kztally.domain.election import AreaKind, ContestKind, Election
from kztally.domain.protocol import AGAINST_ALL
from kztally.formats.published import PublishedFormatError, PublishedProtocol
from kztally.formats.standard import (
    AGAINST_ALL_WORDS,
    LINE_WORDS,
    Collector,
    Publication,
    count_of,
    file_head,
    file_text,
    line_number,
)

NAME = "openelections"
COLUMNS = (
    "county",
    "precinct",
    "office",
    "district",
    "party",
    "candidate",
    "votes",
    "region",
    "precinct_code",
    "contest",
    "choice",
    "results",
    "audit_head",
)
KEY_COLUMNS = ("precinct_code", "contest", "choice", "votes")


def write(publication: Publication) -> bytes:
    e = publication.election
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow(COLUMNS)
    marks = [publication.status_word, publication.head]
    parties = {p.id: p.name for p in e.parties}
    bodies = {b.id: b.name for b in e.bodies}
    for p in publication.protocols:
        area = e.area(p.precinct)
        county = region = ""
        for a in e.ancestors(area.code):
            if a.kind is AreaKind.DISTRICT and not county:
                county = a.name
            elif a.kind is AreaKind.REGION and not region:
                region = a.name
        contest = e.contest(p.contest)
        district = str(contest.number) if contest.kind is ContestKind.SMD and contest.number else ""
        place = [county, area.number or area.code, bodies.get(contest.body, contest.body), district]
        tail = [region, area.code, contest.id]
        for choice, votes in zip(contest.choices, p.figures.votes, strict=True):
            if votes is not None:
                party = parties.get(choice.party, "") if choice.party else ""
                out.writerow([*place, party, choice.name, votes, *tail, choice.id, *marks])
        if contest.against_all and p.figures.against_all is not None:
            row = [*place, "", AGAINST_ALL_WORDS, p.figures.against_all, *tail, AGAINST_ALL]
            out.writerow(row + marks)
        for n, value in enumerate(p.figures.lines, start=1):
            if value is not None:
                words = f"line {n}: {LINE_WORDS[n - 1]}"
                out.writerow([*place, "", words, value, *tail, f"line-{n}", *marks])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def sniff(path: Path) -> bool:
    first = file_head(path).split(b"\n", 1)[0].strip()
    names = [c.strip().lower() for c in first.decode("utf-8", "replace").split(",")]
    return names[:7] == list(COLUMNS[:7]) and all(k in names for k in KEY_COLUMNS)


def read(path: Path, election: Election) -> list[PublishedProtocol]:
    """The protocols of a CSV written by `write` (see the module's docstring)."""
    source = str(path)
    rows = csv.reader(io.StringIO(file_text(path), newline=""))
    try:
        header = [c.strip().lower() for c in next(rows)]
    except StopIteration:
        raise PublishedFormatError(f"{source}: the file is empty") from None
    missing = [k for k in KEY_COLUMNS if k not in header]
    if missing:
        raise PublishedFormatError(f"{source}: line 1: no column {', '.join(missing)}")
    at = {k: header.index(k) for k in KEY_COLUMNS}
    found = Collector(election, source)
    try:
        for row in rows:
            line = rows.line_num
            if not any(c.strip() for c in row):
                continue
            if len(row) < len(header):
                raise PublishedFormatError(
                    f"{source}: line {line}: {len(row)} columns, the header has {len(header)}"
                )
            precinct, contest, choice = (row[at[k]].strip() for k in KEY_COLUMNS[:3])
            value = count_of(row[at["votes"]], source, f"line {line}, column votes")
            where = f"line {line}"
            if choice.startswith("line-"):
                n = line_number(choice.removeprefix("line-"))
                if n is None:
                    raise PublishedFormatError(f"{source}: {where}: no protocol line {choice!r}")
                found.add(precinct, contest, str(n), value, where)
            else:
                found.add_vote(precinct, contest, choice, value, where)
    except csv.Error as exc:
        raise PublishedFormatError(f"{source}: line {rows.line_num}: {exc}") from None
    return found.protocols()
