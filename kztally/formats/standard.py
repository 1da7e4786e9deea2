"""What the standard results formats share: the results they are written from, and the
checks every reader makes on what it reads back.

Three formats carry a commission's accepted protocols, precinct by precinct, for others'
programs: NIST SP 1500-100 v2 Election Results Reporting (`nist`), OASIS EML 510 counts
(`eml`) and an OpenElections-style CSV (`openelections`); docs/formats.md says where
each protocol line, each choice and "against all" goes in each. Writing is
`write(publication) -> bytes` in the format's module; reading is `read(path, election)`,
the shape `kztally.formats.published` defines. Pure conversion: no SQL, no Qt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kztally.domain.election import AreaKind, Contest, Election
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import AGAINST_ALL, LINE_COUNT, LINE_NAMES, Figures
from kztally.formats.load import FormatError, decode, not_a_regular_file, read_bytes
from kztally.formats.published import PublishedFormatError, PublishedProtocol

LINE_WORDS = (
    "voters on the list",
    "ballots received",
    "ballots issued in the polling room",
    "ballots issued outside it (mobile box)",
    "unused ballots, cancelled",
    "ballots in the stationary boxes",
    "ballots in the mobile boxes",
    "invalid ballots",
)
"""Each protocol line's meaning in English, as the files name it (docs/rules.md)."""
AGAINST_ALL_WORDS = "Against all"


@dataclass(frozen=True, slots=True)
class Accepted:
    """One accepted protocol: its precinct, contest and agreed figures."""

    precinct: AreaCode
    contest: ContestId
    figures: Figures


@dataclass(frozen=True, slots=True)
class Publication:
    """What a results file is written from: the election, its accepted protocols and the
    marks every file carries (official or not, the audit chain's head of the same
    snapshot, whether every protocol is in)."""

    election: Election
    protocols: tuple[Accepted, ...]
    official: bool
    head: str
    """The audit chain's head as `COUNT:HASH`."""
    generated: dt.datetime
    complete: bool
    """Every protocol the election expects is accepted."""
    application: str
    """The program and its version, e.g. 'kztally 0.1.0'."""

    @property
    def status_word(self) -> str:
        return "official" if self.official else "unofficial"


def file_text(path: Path) -> str:
    """The file's text (UTF-8, a byte order mark allowed), or `PublishedFormatError`."""
    try:
        return decode(read_bytes(path), path)
    except FormatError as exc:
        raise PublishedFormatError(str(exc)) from None


def file_head(path: Path, size: int = 4096) -> bytes:
    """The first bytes of a regular file, for `sniff` (empty when it cannot be read)."""
    if not_a_regular_file(path) is not None:
        return b""
    try:
        with open(path, "rb") as f:
            data = f.read(size)
    except OSError:
        return b""
    return data.removeprefix(b"\xef\xbb\xbf")


def count_of(text: str | None, source: str, where: str) -> int:
    """A whole number of zero or more, as a file writes it."""
    value = (text or "").strip()
    if not value.isascii() or not value.isdigit():
        raise PublishedFormatError(
            f"{source}: {where}: not a whole number of zero or more: {value!r}"
        )
    return int(value)


class Collector:
    """The figures a reader finds, field by field, checked against the election: the
    precinct must exist and vote in the contest, the field must be a line, a choice of
    the contest or against all (where the contest has it), and each only once."""

    def __init__(self, election: Election, source: str) -> None:
        self._election = election
        self._source = source
        self._found: dict[tuple[str, str], dict[str, int]] = {}
        self._where: dict[tuple[str, str], str] = {}

    def fail(self, where: str, message: str) -> PublishedFormatError:
        return PublishedFormatError(f"{self._source}: {where}: {message}")

    def contest(self, contest_id: str, where: str) -> Contest:
        if not self._election.has_contest(contest_id):
            raise self.fail(where, f"no contest {contest_id!r} in election {self._election.id}")
        return self._election.contest(contest_id)

    def add(self, precinct: str, contest_id: str, field: str, value: int, where: str) -> None:
        contest = self.contest(contest_id, where)
        if not self._election.has_area(precinct):
            raise self.fail(where, f"no precinct {precinct!r} in election {self._election.id}")
        area = self._election.area(precinct)
        if area.kind is not AreaKind.PRECINCT:
            raise self.fail(where, f"{precinct} is a {area.kind.value}, not a precinct")
        if contest.id not in area.contests:
            raise self.fail(where, f"precinct {precinct} does not vote in {contest.id}")
        if field not in _fields(contest):
            raise self.fail(where, f"{contest.id} has no line or choice {field!r}")
        key = (precinct, contest.id)
        figures = self._found.setdefault(key, {})
        if field in figures:
            raise self.fail(where, f"{precinct} {contest.id} {field} is given twice")
        figures[field] = value
        self._where.setdefault(key, where)

    def add_vote(self, precinct: str, contest_id: str, choice: str, value: int, where: str) -> None:
        """A choice's votes (or against all's): a protocol line is not a choice."""
        if choice in LINE_NAMES:
            raise self.fail(where, f"{choice!r} is a protocol line, not a choice")
        self.add(precinct, contest_id, choice, value, where)

    def protocols(self) -> list[PublishedProtocol]:
        """Every precinct and contest found, in the election's order; a field the file
        did not give is None."""
        out: list[PublishedProtocol] = []
        for precinct, contest_id in self._election.iter_protocol_keys():
            found = self._found.get((precinct, contest_id))
            if found is None:
                continue
            contest = self._election.contest(contest_id)
            lines = tuple(found.get(n) for n in LINE_NAMES)
            votes = tuple(found.get(c.id) for c in contest.choices)
            against = found.get(AGAINST_ALL) if contest.against_all else None
            figures = Figures(lines, votes, against)
            where = f"{self._source}: {self._where[(precinct, contest_id)]}"
            out.append(PublishedProtocol(precinct, contest_id, figures, where))
        return out


def _fields(contest: Contest) -> frozenset[str]:
    names = {*LINE_NAMES, *(c.id for c in contest.choices)}
    if contest.against_all:
        names.add(AGAINST_ALL)
    return frozenset(names)


def line_number(text: str) -> int | None:
    """'3' -> 3 for a protocol line's number, else None."""
    return int(text) if text.isdigit() and 1 <= int(text) <= LINE_COUNT else None
