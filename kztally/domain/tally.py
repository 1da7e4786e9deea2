"""Summing protocols up the commission hierarchy, for any area and contest."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kztally.domain.election import Contest
from kztally.domain.protocol import LINE_COUNT, Figures


@dataclass(frozen=True, slots=True)
class Totals:
    """The sum of a contest's protocols over an area. Empty fields add nothing."""

    protocols: int
    lines: tuple[int, ...]
    votes: tuple[int, ...]
    against_all: int

    @classmethod
    def zero(cls, contest: Contest) -> Totals:
        return cls(0, (0,) * LINE_COUNT, (0,) * len(contest.choices), 0)

    def line(self, n: int) -> int:
        return self.lines[n - 1]

    @property
    def valid_ballots(self) -> int:
        """6 + 7 - 8."""
        return self.line(6) + self.line(7) - self.line(8)

    @property
    def issued(self) -> int:
        """3 + 4: the numerator of turnout as the CEC publishes it."""
        return self.line(3) + self.line(4)

    def __add__(self, other: Totals) -> Totals:
        if len(self.votes) != len(other.votes):
            raise ValueError("totals of different contests cannot be added")
        return Totals(
            self.protocols + other.protocols,
            tuple(a + b for a, b in zip(self.lines, other.lines, strict=True)),
            tuple(a + b for a, b in zip(self.votes, other.votes, strict=True)),
            self.against_all + other.against_all,
        )


def totals_of(contest: Contest, figures: Figures) -> Totals:
    return Totals(
        1,
        tuple(v or 0 for v in figures.lines),
        tuple(v or 0 for v in figures.votes),
        (figures.against_all or 0) if contest.against_all else 0,
    )


def aggregate(contest: Contest, protocols: Iterable[Figures]) -> Totals:
    """Sum protocols of one contest; the order never matters."""
    n = 0
    lines = [0] * LINE_COUNT
    votes = [0] * len(contest.choices)
    against = 0
    for f in protocols:
        n += 1
        for i, v in enumerate(f.lines):
            if v is not None:
                lines[i] += v
        for i, v in enumerate(f.votes):
            if v is not None:
                votes[i] += v
        if contest.against_all and f.against_all is not None:
            against += f.against_all
    return Totals(n, tuple(lines), tuple(votes), against)
