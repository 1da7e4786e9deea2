"""The discrepancy report's data: plain frozen values, names already in the document's
language (no reportlab here)."""

from __future__ import annotations

from dataclasses import dataclass

from kztally.reports.data import Marks
from kztally.reports.texts import Lang


@dataclass(frozen=True, slots=True)
class DifferenceRow:
    line: str
    """The line's number or the choice's name, as shown."""
    name: str
    """The line's wording ('' for a choice)."""
    official: str
    copy: str
    delta: str


@dataclass(frozen=True, slots=True)
class CopySection:
    """One copy whose figures differ: where, whose, its certification, each figure."""

    precinct: str
    """The precinct's code and name ('P00001 Polling station 1')."""
    contest: str
    observer: str
    origin: str
    certification: tuple[tuple[str, str], ...]
    """(label, value) in the document's language."""
    rows: tuple[DifferenceRow, ...]
    scan: bytes | None = None
    """A PNG or JPEG of the copy, drawn below its figures."""
    scan_note: str = ""
    """What is attached when it cannot be drawn."""
    context: str = ""
    """The contest's margin, in words: what puts the differences in context."""


@dataclass(frozen=True, slots=True)
class ContestLine:
    """One contest's margin and verdict, already in words."""

    contest: str
    margin: str
    totals: tuple[tuple[str, str], ...]
    """(choice, sum of the differences) with a sign."""
    differences: str
    outstanding: str


@dataclass(frozen=True, slots=True)
class DiscrepancyDoc:
    lang: Lang
    marks: Marks
    election: str
    against: str
    summary: tuple[tuple[str, str], ...]
    verdict: str
    contests: tuple[ContestLine, ...]
    sections: tuple[CopySection, ...]
    no_official: tuple[str, ...]
    missing: tuple[str, ...]
