"""Where a request points in the loaded election: a precinct's ballot, or the request is
refused as not found (each caller keeps the words its users and tests know)."""

from __future__ import annotations

from kztally.domain.election import Area, AreaKind, Contest, Election
from kztally.services.errors import NotFound


def locate_protocol(election: Election, precinct: str, contest: str) -> tuple[Contest, Area]:
    """The contest and precinct of a protocol: `no protocol P/C in E` when either is not
    in the election, `precinct P has no ballot C` when the area is no precinct voting in it."""
    if not election.has_area(precinct) or not election.has_contest(contest):
        raise NotFound(f"no protocol {precinct}/{contest} in {election.id}")
    area = election.area(precinct)
    if area.kind is not AreaKind.PRECINCT or contest not in area.contests:
        raise NotFound(f"precinct {precinct} has no ballot {contest}")
    return election.contest(contest), area


def locate_ballot(election: Election, precinct: str, contest: str) -> None:
    """A precinct and one of its ballots: `no precinct P`, else `the precinct P has no
    ballot C`."""
    if not election.has_area(precinct) or election.area(precinct).kind is not AreaKind.PRECINCT:
        raise NotFound(f"no precinct {precinct}")
    if not election.has_contest(contest) or contest not in election.area(precinct).contests:
        raise NotFound(f"the precinct {precinct} has no ballot {contest}")
