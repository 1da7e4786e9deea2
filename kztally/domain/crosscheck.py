"""The observers' cross-check: their certified copies against the official figures.

Pure: the caller hands in the copies (from files or stored), the official figures by
protocol (this database's accepted protocols, or a published results file) and the
contests, and gets every figure that differs, the copies with no official protocol, the
official protocols with no copy, and what the differences add up to per choice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from kztally.domain.election import Contest
from kztally.domain.protocol import AGAINST_ALL, LINE_NAMES, Figures


class CopySource(StrEnum):
    """Where an observer's copy came from."""

    KEYBOARD = "keyboard"
    FILE = "file"
    """A protocol file (`kztally.protocol`, a single entry)."""
    CSV = "csv"
    """A row of a CSV of copies (docs/formats.md, "The CSV of copies")."""
    QR = "qr"
    """The signed code read off a certified copy (a PDF, a scan or a photo)."""


@dataclass(frozen=True, slots=True)
class Certification:
    """How a copy was certified and received ('' or None where not recorded)."""

    number: str = ""
    """The copy's number as written on it."""
    certified_by: str = ""
    """Who certified it (the commission member's name and post)."""
    sealed: bool | None = None
    """Whether it bears the commission's seal (None: not recorded)."""
    received_at: dt.datetime | None = None
    received_where: str = ""

    @property
    def empty(self) -> bool:
        return self == Certification()


@dataclass(frozen=True, slots=True)
class CopySeen:
    """One copy to check: its protocol, figures, whose it is and where it was found."""

    precinct: str
    contest: str
    figures: Figures
    observer: str
    origin: str
    """The file and place ("copies.csv, line 4"), or the stored copy ("copy 12")."""
    source: CopySource
    certification: Certification = field(default_factory=Certification)
    copy_id: int | None = None
    """The stored copy's id (None for a copy read from a file and not kept)."""
    scan: int | None = None
    """The attachment holding the copy's scan or photo, when one is kept."""
    scan_image: tuple[str, bytes] | None = field(default=None, compare=False, repr=False)
    """The scan's media type and bytes, when at hand (for the report)."""


@dataclass(frozen=True, slots=True)
class FigureDifference:
    """One figure that differs: `line` is '1'..'8', a choice's id or 'against_all'."""

    precinct: str
    contest: str
    line: str
    official: int | None
    copy: int | None
    seen: CopySeen

    @property
    def delta(self) -> int:
        """copy - official (an empty field counts as 0)."""
        return (self.copy or 0) - (self.official or 0)

    @property
    def is_vote(self) -> bool:
        return self.line not in LINE_NAMES


@dataclass(frozen=True, slots=True)
class ChoiceTotal:
    """What the differences add up to for one choice of one contest (copy - official)."""

    contest: str
    choice: str
    delta: int


@dataclass(frozen=True, slots=True)
class CrossCheck:
    differences: tuple[FigureDifference, ...]
    no_official: tuple[CopySeen, ...]
    """Copies of protocols with no official figures (not accepted, or not in the file)."""
    missing: tuple[tuple[str, str], ...]
    """(precinct, contest) of official protocols with no copy, in order."""
    totals: tuple[ChoiceTotal, ...]
    compared: tuple[CopySeen, ...]
    """The copies compared with official figures."""
    missing_precincts: tuple[str, ...]
    """Precincts with official protocols and no copy of any protocol of theirs."""


def compare(contest: Contest, official: Figures, seen: CopySeen) -> tuple[FigureDifference, ...]:
    """The fields of a copy that differ from the official figures; a field the official
    side leaves empty (a format with no field for it) is not compared."""
    theirs = dict(official.fields(contest))
    out = []
    for name, mine in seen.figures.fields(contest):
        value = theirs.get(name)
        if value is not None and mine != value:
            out.append(FigureDifference(seen.precinct, seen.contest, name, value, mine, seen))
    return tuple(out)


def cross_check(
    contests: Mapping[str, Contest],
    copies: Iterable[CopySeen],
    official: Mapping[tuple[str, str], Figures],
) -> CrossCheck:
    """Every copy against the official figures of its protocol. `official` is ordered as
    the protocols should be listed (missing ones keep that order); differences follow
    the copies' order and each copy's fields in paper order."""
    differences: list[FigureDifference] = []
    no_official: list[CopySeen] = []
    compared: list[CopySeen] = []
    copied: set[tuple[str, str]] = set()
    for seen in copies:
        key = (seen.precinct, seen.contest)
        copied.add(key)
        figures = official.get(key)
        if figures is None:
            no_official.append(seen)
            continue
        compared.append(seen)
        differences.extend(compare(contests[seen.contest], figures, seen))
    summed: dict[tuple[str, str], int] = {}
    for d in differences:
        if d.is_vote:
            summed[(d.contest, d.line)] = summed.get((d.contest, d.line), 0) + d.delta
    totals = []
    for cid in sorted({c for c, _ in summed}):
        contest = contests[cid]
        order = [c.id for c in contest.choices] + [AGAINST_ALL]
        for choice in order:
            delta = summed.get((cid, choice))
            if delta is not None:
                totals.append(ChoiceTotal(cid, choice, delta))
    missing = tuple(k for k in official if k not in copied)
    with_copy = {p for p, _ in copied}
    precincts = tuple(dict.fromkeys(p for p, _ in missing if p not in with_copy))
    return CrossCheck(
        tuple(differences), tuple(no_official), missing, tuple(totals), tuple(compared), precincts
    )
