"""The services' one boundary: every value that comes in is held to `kztally.domain.limits`
before anything is stored, whichever path brought it (the clerk's form, a file, bulk
entry, a script using the services), so SQLite and PostgreSQL store the same things and
refuse the same things, with the same words.

A refusal is `InvalidRequest`, one line naming the place: 'votes.AMANAT: 100000000000 is
above the bound 10000000', prefixed with the protocol when one is meant ('P00421/MZ-L:
...'). Figures within the bounds are never refused for what they say: the checks K1-K6
and W1-W8 judge them.
"""

from __future__ import annotations

from kztally.domain.election import Contest, Election
from kztally.domain.entry import Entry
from kztally.domain.limits import (
    NAME_MAX,
    REASON_MAX,
    REFERENCE_MAX,
    figures_problems,
    text_problem,
)
from kztally.domain.protocol import Figures
from kztally.formats.election_json import election_to_dict
from kztally.formats.load import guard_problem, schema_problem
from kztally.services.errors import InvalidRequest


def _fail(where: str, message: str, protocol: str = "") -> InvalidRequest:
    place = f"{protocol}: {where}" if protocol else where
    return InvalidRequest(f"{place}: {message}" if place else message)


def figures(contest: Contest, value: Figures, *, protocol: str = "", where: str = "") -> None:
    """One vote line per choice of the contest, every figure empty or 0..FIGURE_MAX."""
    if len(value.votes) != len(contest.choices):
        raise _fail(
            where,
            f"{contest.id} has {len(contest.choices)} vote lines, not {len(value.votes)}",
            protocol,
        )
    votes = [(c.id, v) for c, v in zip(contest.choices, value.votes, strict=True)]
    for place, problem in figures_problems(value.lines, votes, value.against_all):
        raise _fail(f"{where}.{place}" if where else place, problem, protocol)


def text(value: str, what: str, limit: int, *, protocol: str = "") -> None:
    """A text held to its length, with no NUL character or lone surrogate."""
    problem = text_problem(value, limit)
    if problem is not None:
        raise _fail(what, problem, protocol)


def name(value: str, what: str = "name", *, protocol: str = "") -> None:
    text(value, what, NAME_MAX, protocol=protocol)


def reason(value: str, what: str = "reason", *, protocol: str = "") -> None:
    text(value, what, REASON_MAX, protocol=protocol)


def reference(value: str, what: str = "reference", *, protocol: str = "") -> None:
    text(value, what, REFERENCE_MAX, protocol=protocol)


def entry(contest: Contest, value: Entry, *, protocol: str = "", where: str = "") -> None:
    """An entry's figures and the name of who made it."""
    figures(contest, value.figures, protocol=protocol, where=where)
    name(value.by, f"{where}.by" if where else "by", protocol=protocol)


def election(value: Election) -> None:
    """An election built in Python held to what its definition file may say: the same
    schema (ids, names, electorates within bounds) and no NUL or lone surrogate."""
    document = election_to_dict(value)
    problem = guard_problem(document) or schema_problem(document, "election")
    if problem is not None:
        where, message = problem
        raise _fail(where, message, f"the election {value.id[:40]!r}")
