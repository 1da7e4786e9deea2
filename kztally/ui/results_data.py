"""The figures the results view shows, computed from accepted protocols with the domain's
own rules (kztally.domain.results): no Qt here, so it can run off the GUI thread."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kztally.domain.election import AreaKind, Body, BodyKind, ContestKind, Election
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, BodyId, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.results import BodyResult, Progress
from kztally.domain.tally import Totals, aggregate
from kztally.ui.ports import Backend, Key


@dataclass(frozen=True, slots=True)
class ChildRow:
    """One area under the one shown: for drilling down."""

    area: AreaCode
    progress: Progress
    totals: Totals | None
    """Of the body's list contest (or its first contest) over this area."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    body: Body
    area: AreaCode
    seats: BodyResult
    """Over the body's whole territory: list seats and district winners."""
    here: BodyResult
    """Over the area asked about: shares and progress."""
    children: tuple[ChildRow, ...]
    version: int


def _progress(election: Election, keys: list[Key], states: Mapping[Key, State]) -> Progress:
    """Protocols by state over some keys (the breach count is the results service's)."""
    counts = {s: 0 for s in State}
    electorate = 0
    covered = 0
    done_by_precinct: dict[AreaCode, bool] = {}
    for key in keys:
        state = states.get(key, State.NOT_ENTERED)
        counts[state] += 1
        done = state in (State.ACCEPTED, State.ANNULLED)
        done_by_precinct[key[0]] = done_by_precinct.get(key[0], True) and done
    for code, done in done_by_precinct.items():
        e = election.area(code).electorate or 0
        electorate += e
        if done:
            covered += e
    return Progress(
        expected=len(keys),
        accepted=counts[State.ACCEPTED],
        annulled=counts[State.ANNULLED],
        pending=counts[State.FIRST_ENTRY] + counts[State.ENTRIES_DIFFER] + counts[State.PENDING],
        missing=counts[State.NOT_ENTERED],
        electorate=electorate,
        electorate_covered=covered,
    )


class ResultsCalculator:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.election = backend.election
        self._version: int | None = None
        self._accepted: dict[ContestId, Mapping[AreaCode, Figures]] = {}

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

    def _figures(self, contest: ContestId, version: int) -> Mapping[AreaCode, Figures]:
        if self._version != version:
            self._accepted.clear()
            self._version = version
        found = self._accepted.get(contest)
        if found is None:
            found = self.backend.accepted(contest)
            self._accepted[contest] = found
        return found

    def compute(self, body_id: BodyId, area: AreaCode) -> Snapshot:
        """The body's seats over its whole territory and its figures over `area` come from
        the results service; the rows to drill down into are summed here."""
        e = self.election
        version = self.backend.data_version()
        body = e.body(body_id)
        contests = e.contests_of(body_id)
        contest_ids = {c.id for c in contests}
        shown_area = area if self.within(area, body.area) else body.area
        seats = self.backend.body_result(body_id, body.area) or _empty(body)
        here = self.backend.body_result(body_id, shown_area) or _empty(body)
        states = self.backend.states()
        main = next((c for c in contests if c.kind is ContestKind.LIST), None) or (
            contests[0] if contests else None
        )
        children = []
        for child in e.children(shown_area):
            keys = [k for k in e.iter_protocol_keys(child.code) if k[1] in contest_ids]
            if not keys:
                continue
            totals = None
            if main is not None:
                figures = self._figures(main.id, version)
                totals = aggregate(
                    main,
                    (figures[p.code] for p in e.precincts(child.code) if p.code in figures),
                )
            children.append(ChildRow(child.code, _progress(e, keys, states), totals))
        return Snapshot(body, shown_area, seats, here, tuple(children), version)

    def within(self, area: AreaCode, ancestor: AreaCode) -> bool:
        return area == ancestor or any(a.code == ancestor for a in self.election.ancestors(area))


def _empty(body: Body) -> BodyResult:
    return BodyResult(body, None, (), Progress())
