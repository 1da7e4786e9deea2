"""An election whose results hold two ties the rules leave to lots, for the tests of
lots and designations (services, command line, app).

`tie_election()` is the tests' small election (tests/conftest.py `make_election`: lists
L-A, L-B, L-C for 5 seats; districts MZ-S01, MZ-S02) with no registration order on the
lists, so registration cannot separate equal remainders, and with candidates on the
lists. `enter_ties(services)` has two clerks enter P00001's protocols:

- MZ-L: votes 250, 150, 150 (against all 15). Quota 550 / 5 = 110: L-A 2.27, L-B and
  L-C 1.36 each. Floors give 4 seats; the fifth goes to L-B or L-C by lot (L3).
- MZ-S01: votes 275, 275: a tie for first place (S1).
"""

from __future__ import annotations

import dataclasses

from kztally.domain.election import Election, Person
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from tests.conftest import ServicesFactory, make_election

MZL = ContestId("MZ-L")
S01 = ContestId("MZ-S01")
S02 = ContestId("MZ-S02")
LINES = (1000, 600, 550, 20, 30, 550, 20, 5)

MEMBERS = {
    "L-A": (
        Person("Сейітов Ерлан"),
        Person("Әлиева Бота", woman=True),
        Person("Абаев Нұрлан"),
        Person("Құрманов Ғалым", under_29=True),
    ),
    "L-B": (Person("Бекова Айгүл", woman=True), Person("Ыбыраев Дәурен")),
    "L-C": (Person("Іскаков Марат", disability=True), Person("Әлиев Асан")),
}


def tie_election(*, training: bool = True) -> Election:
    election = make_election(training=training)
    contests = []
    for contest in election.contests:
        choices = tuple(
            dataclasses.replace(c, registration_order=None, members=MEMBERS[c.id])
            for c in contest.choices
            if contest.id == MZL
        )
        contests.append(dataclasses.replace(contest, choices=choices) if choices else contest)
    return dataclasses.replace(election, contests=tuple(contests))


def enter(services: ServicesFactory, precinct: str, contest: str, votes: tuple[int, ...]) -> None:
    """Two clerks enter the same clean figures: the protocol is accepted."""
    figures = Figures(LINES, votes, 15)
    p, c = AreaCode(precinct), ContestId(contest)
    v = services("c1").entry.enter(p, c, figures, expected_version=1)
    services("c2").entry.enter(p, c, figures, expected_version=v.version)


def enter_ties(services: ServicesFactory) -> Services:
    """Enter the two ties; returns a supervisor's services."""
    enter(services, "P00001", MZL, (250, 150, 150))
    enter(services, "P00001", S01, (275, 275))
    return services("sup", Role.SUPERVISOR)
