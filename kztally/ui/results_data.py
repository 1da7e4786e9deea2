"""What the results view shows, from the results service: no Qt here, so it can run off
the GUI thread. Seats and winners are the service's (kztally.domain.results): given only
over a contest's whole constituency; a part of one shows its own sums and shares."""

from __future__ import annotations

from dataclasses import dataclass

from kztally.domain.election import AreaKind, Body, BodyKind
from kztally.domain.ids import AreaCode, BodyId
from kztally.domain.results import BodyResult, Progress, Tie
from kztally.services.context import Services
from kztally.services.official import OfficialStatus
from kztally.services.results import AreaPart, AreaResults


@dataclass(frozen=True, slots=True)
class Snapshot:
    body: Body
    area: AreaCode
    here: BodyResult
    """Over the area shown: votes, shares and progress; seats and winners only for the
    contests whose whole constituency lies in it."""
    chamber: BodyResult
    """Over the body's whole area: the seats of the chamber."""
    children: tuple[AreaPart, ...]
    version: int
    ties: tuple[Tie, ...] = ()
    """The ties of the body's contests whose whole constituency lies in the area shown."""
    status: OfficialStatus | None = None
    """Official or not, and the audit chain's head, as of `here`'s figures."""


class ResultsCalculator:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.election = services.elections.require()

    def bodies_for(self, area: AreaCode) -> list[Body]:
        """The bodies whose results make sense at an area: the Mazhilis, and the maslikhats
        of the area, of its region and of its districts."""
        e = self.election
        chain = {area, *(a.code for a in e.ancestors(area))}
        kind = e.area(area).kind
        out = []
        for body in e.bodies:
            if body.kind is BodyKind.MAZHILIS:
                out.append(body)
                continue
            body_area = e.area(body.area)
            if (
                body.area in chain
                or (kind is AreaKind.REGION and body_area.parent == area)
                or (kind is AreaKind.COUNTRY and body_area.kind is AreaKind.REGION)
            ):
                out.append(body)
        return out

    def shown_area(self, body_id: BodyId, area: AreaCode) -> AreaCode:
        """The area asked about, or the body's own when the area lies outside it."""
        body_area = self.election.body(body_id).area
        return area if self.election.within(area, body_area) else body_area

    def compute(self, body_id: BodyId, area: AreaCode) -> Snapshot:
        results = self.services.results
        version = self.services.data_version()
        body = self.election.body(body_id)
        shown = self.shown_area(body_id, area)
        found = results.results(shown)
        here = _of(found, body)
        chamber = here if shown == body.area else _of(results.results(body.area), body)
        ties = tuple(t for t in found.ties if t.contest.body == body.id)
        parts = results.parts(shown, body_id)
        return Snapshot(body, shown, here, chamber, parts, version, ties, found.status)


def _of(results: AreaResults, body: Body) -> BodyResult:
    for found in (results.mazhilis, *results.maslikhats):
        if found is not None and found.body.id == body.id:
            return found
    return BodyResult(body, None, (), Progress())
