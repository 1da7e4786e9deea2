"""Margins for an area's results, and whether what is unknown could change them
(docs/margins.md; the arithmetic is kztally.domain.margins).

Only contests whose whole constituency lies in the area have seats or a winner, hence
margins. Each comes with the electorate of its precincts whose protocol is missing,
pending or annulled (each could still add up to its electorate) and the verdict on it;
differences found by observers are judged by applying them to the accepted figures.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from kztally.domain.election import Body, Contest, Election
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.margins import (
    AGAINST_ALL,
    ContestMargins,
    Verdict,
    district_changes,
    district_margins,
    list_margins,
    lists_change,
    outstanding_verdict,
    weight,
)
from kztally.domain.protocol import Figures
from kztally.domain.results import BodyResult, Progress, body_result, contests_in_area
from kztally.domain.seats import ListVotes, LotDraw
from kztally.domain.tally import Totals, aggregate
from kztally.services.errors import InvalidRequest, NotFound
from kztally.services.official import OfficialStatus
from kztally.services.results import ResultsService, recorded_lots
from kztally.storage.database import Database
from kztally.storage.tally import protocol_states


@dataclass(frozen=True, slots=True)
class ContestMargin:
    """A contest's margins over its whole constituency, with what is still uncounted."""

    body: Body
    contest: Contest
    margins: ContestMargins
    votes: tuple[tuple[str, int], ...]
    """Every choice's votes in ballot order, then AGAINST_ALL when the ballot has it."""
    outstanding: int
    """Protocols not counted: missing, pending or annulled."""
    outstanding_electorate: int
    """Their precincts' electorate: what they could add at most."""
    verdict: Verdict
    """Whether they can change the outcome (`outstanding_verdict`)."""

    def name(self, choice: str) -> str:
        """A choice's name ("against all" for AGAINST_ALL)."""
        if choice == AGAINST_ALL:
            return "against all"
        return next((c.name for c in self.contest.choices if c.id == choice), choice)


@dataclass(frozen=True, slots=True)
class AreaMargins:
    area: AreaCode
    data_version: int
    contests: tuple[ContestMargin, ...]
    status: OfficialStatus | None


@dataclass(frozen=True, slots=True)
class Difference:
    """A figure found to differ: copy - official, for one choice of one precinct's
    protocol (choice AGAINST_ALL for "against all")."""

    precinct: str
    contest: str
    choice: str
    delta: int


@dataclass(frozen=True, slots=True)
class DifferenceVerdict:
    """What the differences of one contest add up to, and whether they change it."""

    contest: ContestMargin
    deltas: tuple[tuple[str, int], ...]
    """Summed per choice, in ballot order (choices with no difference left out)."""
    weight: int
    changes: bool
    """Applying them to the accepted figures changes the seats or the winner."""


class MarginsService:
    def __init__(
        self, database: Database, election: Callable[[], Election], results: ResultsService
    ) -> None:
        self._db = database
        self._election = election
        self._results = results
        self._cache: dict[tuple[str, str | None, int], AreaMargins] = {}
        self._lock = threading.Lock()

    def margins(self, area: str | None = None, body: str | None = None) -> AreaMargins:
        """The margins of every contest whose whole constituency lies in the area (the
        country by default), bodies in the election's order, districts by number; only
        those of `body` (a body's id) when given."""
        election = self._election()
        code = election.root.code if area is None else area
        if not election.has_area(code):
            raise NotFound(f"no area {code} in {election.id}")
        result = self._results.results(code)
        key = (code, body, result.data_version)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return cached
        with self._db.session(readonly=True) as session:
            lots = recorded_lots(session)
            uncounted: dict[ContestId, list[int]] = {}
            for st in protocol_states(session, election, code):
                if st.state is State.ACCEPTED:
                    continue
                c = uncounted.setdefault(st.contest, [0, 0])
                c[0] += 1
                c[1] += election.area(st.precinct).electorate or 0
        bodies = ([result.mazhilis] if result.mazhilis else []) + list(result.maslikhats)
        out: list[ContestMargin] = []
        for b in bodies:
            if body is not None and b.body.id != body:
                continue
            out.extend(_body_margins(election, b, lots, uncounted))
        margins = AreaMargins(AreaCode(code), result.data_version, tuple(out), result.status)
        with self._lock:
            if len(self._cache) > 16:
                self._cache.clear()
            self._cache[key] = margins
        return margins

    def published(self, figures: Mapping[tuple[str, str], Figures]) -> AreaMargins:
        """The margins of every contest over the whole territory from figures given by
        protocol ((precinct, contest) -> figures: results as a commission published them)
        instead of this database's accepted protocols: summed and allocated by the same
        domain code (`aggregate`, `body_result`, the margins). A protocol the figures
        lack counts as uncounted (it could add up to its precinct's electorate); this
        database's recorded lots settle ties. `status` is None: the verdict rests on the
        figures given, not on this database's."""
        election = self._election()
        code = election.root.code
        by_contest: dict[str, list[Figures]] = {}
        for (_, contest), f in figures.items():
            by_contest.setdefault(contest, []).append(f)
        uncounted: dict[ContestId, list[int]] = {}
        for precinct in election.precincts(code):
            for cid in precinct.contests:
                if (precinct.code, cid) not in figures:
                    c = uncounted.setdefault(cid, [0, 0])
                    c[0] += 1
                    c[1] += precinct.electorate or 0
        held = contests_in_area(election, code)
        totals: dict[ContestId, Totals] = {}
        for cid in held:
            totals[cid] = aggregate(election.contest(cid), by_contest.get(cid, ()))
        with self._db.session(readonly=True) as session:
            lots = recorded_lots(session)
        out: list[ContestMargin] = []
        for body in election.bodies:
            contests = [c for c in election.contests_of(body.id) if c.id in held]
            if not contests:
                continue
            progress: dict[ContestId, Progress] = {}
            b = body_result(election, body, totals, progress, lots, contests, code)
            out.extend(_body_margins(election, b, lots, uncounted))
        return AreaMargins(AreaCode(code), -1, tuple(out), None)

    def matter(
        self,
        differences: Iterable[Difference],
        area: str | None = None,
        base: AreaMargins | None = None,
    ) -> tuple[DifferenceVerdict, ...]:
        """Differences found (copy - official per choice), summed per contest and applied
        to the accepted figures (or to those `base` was made from, `published`): does any
        change a seat or a winner? Only contests with margins in the area are judged; a
        difference naming a contest without one, or a choice not on its ballot, is
        refused."""
        election = self._election()
        by_contest: dict[str, ContestMargin] = {
            m.contest.id: m for m in (self.margins(area) if base is None else base).contests
        }
        summed: dict[str, dict[str, int]] = {}
        for d in differences:
            if d.contest not in by_contest:
                raise InvalidRequest(
                    f"{d.precinct}, {d.contest}: no seat or winner of this contest is "
                    "decided in the area (a part of a constituency has no margin)"
                )
            m = by_contest[d.contest]
            if d.choice not in {c for c, _ in m.votes}:
                raise InvalidRequest(f"{d.precinct}, {d.contest}: no choice {d.choice}")
            if not election.has_area(d.precinct):
                raise InvalidRequest(f"{d.precinct}: no such precinct in {election.id}")
            per = summed.setdefault(d.contest, {})
            per[d.choice] = per.get(d.choice, 0) + d.delta
        out: list[DifferenceVerdict] = []
        with self._db.session(readonly=True) as session:
            lots = recorded_lots(session)
        for cid, m in by_contest.items():
            deltas = summed.get(cid)
            if not deltas:
                continue
            ordered = tuple((c, deltas[c]) for c, _ in m.votes if deltas.get(c))
            try:
                changes = _changes(election, m, lots.get(ContestId(cid), ()), dict(ordered))
            except ValueError as exc:
                raise InvalidRequest(f"{cid}: {exc}") from exc
            out.append(DifferenceVerdict(m, ordered, weight(dict(ordered)), changes))
        return tuple(out)


def _against(m: ContestMargin) -> int | None:
    return next((v for c, v in m.votes if c == AGAINST_ALL), None)


def _changes(
    election: Election, m: ContestMargin, lots: tuple[LotDraw, ...], deltas: dict[str, int]
) -> bool:
    choices = [(c, v) for c, v in m.votes if c != AGAINST_ALL]
    if m.margins.lists:
        lists = [
            ListVotes(c.id, v, c.registration_order)
            for c, (_, v) in zip(m.contest.choices, choices, strict=True)
        ]
        return lists_change(lists, m.contest.seats, election.rules, _against(m), lots, deltas)
    return district_changes(choices, _against(m), election.rules, lots, deltas)


def _body_margins(
    election: Election,
    b: BodyResult,
    lots: dict[ContestId, tuple[LotDraw, ...]],
    uncounted: dict[ContestId, list[int]],
) -> list[ContestMargin]:
    out: list[ContestMargin] = []
    lr = b.lists
    if lr is not None and lr.allocation is not None:
        contest = lr.contest
        against = lr.totals.against_all if contest.against_all else None
        lists = [
            ListVotes(c.id, v, c.registration_order)
            for c, v in zip(contest.choices, lr.totals.votes, strict=True)
        ]
        m = list_margins(lists, contest.seats, election.rules, against, lots.get(contest.id, ()))
        out.append(_entry(b.body, contest, m, lr.totals.votes, against, uncounted))
    for d in b.districts:
        if d.result is None:
            continue
        contest = d.contest
        against = d.totals.against_all if contest.against_all else None
        cands = [(c.id, v) for c, v in zip(contest.choices, d.totals.votes, strict=True)]
        m = district_margins(cands, against, election.rules, lots.get(contest.id, ()))
        out.append(_entry(b.body, contest, m, d.totals.votes, against, uncounted))
    return out


def _entry(
    body: Body,
    contest: Contest,
    m: ContestMargins,
    votes: tuple[int, ...],
    against: int | None,
    uncounted: dict[ContestId, list[int]],
) -> ContestMargin:
    named = tuple((str(c.id), v) for c, v in zip(contest.choices, votes, strict=True))
    if against is not None:
        named += ((AGAINST_ALL, against),)
    n, electorate = uncounted.get(contest.id, [0, 0])
    return ContestMargin(body, contest, m, named, n, electorate, outstanding_verdict(m, electorate))
