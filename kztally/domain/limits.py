"""The bounds of what kztally takes in: figures, texts and the nesting of files.

One place for the numbers, so every path in (the clerk's form, files, bulk entry, the
Python services) refuses the same values with the same words, and SQLite and PostgreSQL
are never asked to store what one of them would refuse. docs/formats.md writes them
down; the JSON Schemas in kztally/formats/schemas repeat them (a test holds them equal).

- A figure of a protocol is a whole number from 0 to `FIGURE_MAX` (10,000,000). A
  precinct has at most a few thousand voters, so no real paper comes near it; it fits a
  32-bit column on both databases, and the sum of every protocol of a national election
  (a few tens of thousands of protocols) stays far inside a 64-bit integer.
- A name of a person or an account has at most `NAME_MAX` characters (64, the width of
  the name columns), a reason at most `REASON_MAX`, a reference (of an act or a decision)
  at most `REFERENCE_MAX` (200, the width of its column).
- No text holds a NUL character or a lone surrogate (half of a UTF-16 pair, such as
  \\ud800): PostgreSQL refuses both, and neither can be written as UTF-8.

A problem is returned as `(where, message)`; `where` is the place the caller names it
by ('votes.AMANAT', 'lines[3]', 'by'), the message says what is wrong in plain words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

FIGURE_MAX = 10_000_000
"""The largest figure a protocol may carry (any line, any vote line, against all)."""
TOTAL_MAX = 10_000_000_000
"""The largest vote total the seat calculator takes (more than the people on earth)."""
NAME_MAX = 64
"""Characters of a person's or an account's name."""
REASON_MAX = 2000
"""Characters of a written reason or an observer's note."""
REFERENCE_MAX = 200
"""Characters of the reference of an act or of a decision."""
CODE_MAX = 40
"""Characters of an id in an election (an area's code, a contest's, a party's)."""
ELECTION_ID_MAX = 64
"""Characters of an election's id."""
TITLE_MAX = 300
"""Characters of the name of an election, an area, a contest, a party or a candidate."""
DEPTH_MAX = 32
"""How deep the arrays and objects of a JSON file may nest (the formats need 6)."""

Problem = tuple[str, str]
_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")


def figure_problem(value: object, bound: int = FIGURE_MAX) -> str | None:
    """Why a figure cannot be taken in, or None (an empty field, None, is allowed)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{_shown(value)} is not a whole number"
    if value < 0:
        return f"{value} is below zero"
    if value > bound:
        return f"{value} is above the bound {bound}"
    return None


def text_problem(value: object, limit: int) -> str | None:
    """Why a text cannot be taken in, or None: too long, a NUL, a lone surrogate."""
    if not isinstance(value, str):
        return f"{_shown(value)} is not text"
    if len(value) > limit:
        return f"{len(value)} characters, longer than the {limit} allowed"
    return character_problem(value)


def character_problem(value: str) -> str | None:
    """A NUL character or a lone surrogate in a text, named by its position."""
    found = _BAD_CHARACTER.search(value)
    if found is None:
        return None
    at = found.start() + 1
    if found.group() == "\x00":
        return f"a NUL character at character {at}"
    return f"a lone surrogate \\u{ord(found.group()):04x} at character {at} (not Unicode text)"


def figures_problems(
    lines: Sequence[object], votes: Sequence[tuple[str, object]], against_all: object
) -> Iterator[Problem]:
    """Every figure out of bounds, named 'lines[i]' (0-based, as in the file),
    'votes.<choice>' and 'against_all'."""
    for i, value in enumerate(lines):
        problem = figure_problem(value)
        if problem is not None:
            yield f"lines[{i}]", problem
    for choice, value in votes:
        problem = figure_problem(value)
        if problem is not None:
            yield f"votes.{choice}", problem
    problem = figure_problem(against_all)
    if problem is not None:
        yield "against_all", problem


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
