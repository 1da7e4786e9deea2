"""Results for any area: sums, shares, list seats, district winners, the maslikhats, and
how far counting has got, from accepted protocols only.

Computed from SQL sums (kztally.storage.tally) and the rule set (kztally.domain.results);
cached by the database's data version, which every write bumps, so a result is never
stale and never recomputed while nothing changed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from kztally.domain.election import Area, BodyKind, Election
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, BodyId, ContestId
from kztally.domain.results import BodyResult, Progress, body_result
from kztally.domain.tally import Totals
from kztally.storage.database import Database
from kztally.storage.tally import ProtocolState, contest_totals, protocol_states

DONE = frozenset({State.ACCEPTED, State.ANNULLED})


@dataclass(frozen=True, slots=True)
class AreaResults:
    area: Area
    data_version: int
    mazhilis: BodyResult | None
    maslikhats: tuple[BodyResult, ...]
    progress: Progress
    """Every protocol expected at or below the area, all contests together."""
    totals: dict[ContestId, Totals]


@dataclass(frozen=True, slots=True)
class Outstanding:
    """A protocol still missing (not entered) or pending (entered, not accepted)."""

    precinct: AreaCode
    contest: ContestId
    state: State


class ResultsService:
    def __init__(self, database: Database, election: Callable[[], Election]) -> None:
        self._db = database
        self._election = election
        self._cache: dict[tuple[str, int], AreaResults] = {}
        self._lock = threading.Lock()

    def results(self, area: str | None = None) -> AreaResults:
        """The results at or below an area (the whole country by default)."""
        election = self._election()
        code = election.root.code if area is None else area
        if not election.has_area(code):
            raise KeyError(code)
        version = self._db.data_version()
        key = (code, version)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return cached
        result = self.compute(election, code, version)
        with self._lock:
            if len(self._cache) > 64:
                self._cache.clear()
            self._cache[key] = result
        return result

    def compute(self, election: Election, code: str, version: int = -1) -> AreaResults:
        """Recount without the cache: every contest, every seat, every maslikhat."""
        with self._db.session(readonly=True) as session:
            totals = contest_totals(session, election, code)
            states = list(protocol_states(session, election, code))
        by_contest = progress_by_contest(election, states)
        bodies: dict[BodyId, list[ContestId]] = {}
        for contest in election.contests:
            if contest.id in by_contest:
                bodies.setdefault(contest.body, []).append(contest.id)
        body_cover = electorate_by_body(election, states)
        mazhilis: BodyResult | None = None
        maslikhats: list[BodyResult] = []
        for body in election.bodies:
            held = bodies.get(body.id)
            if not held:
                continue
            progress = {c: by_contest[c] for c in held}
            result = body_result(
                election,
                body,
                totals,
                progress,
                contests=[election.contest(c) for c in held],
            )
            electorate, covered = body_cover.get(body.id, (0, 0))
            result = BodyResult(
                result.body,
                result.lists,
                result.districts,
                _with_electorate(result.progress, electorate, covered),
            )
            if body.kind is BodyKind.MAZHILIS:
                mazhilis = result
            else:
                maslikhats.append(result)
        overall = Progress()
        for p in by_contest.values():
            overall = overall + p
        all_electorate, all_covered = _electorate_all(election, states)
        return AreaResults(
            election.area(code),
            version,
            mazhilis,
            tuple(maslikhats),
            _with_electorate(overall, all_electorate, all_covered),
            totals,
        )

    def outstanding(self, area: str | None = None) -> tuple[Outstanding, ...]:
        """Protocols still missing or pending at or below an area, in territory order."""
        election = self._election()
        with self._db.session(readonly=True) as session:
            states = list(protocol_states(session, election, area))
        order = {a.code: i for i, a in enumerate(election.areas)}
        contest_order = {c.id: i for i, c in enumerate(election.contests)}
        out = [Outstanding(s.precinct, s.contest, s.state) for s in states if s.state not in DONE]
        out.sort(key=lambda o: (order.get(o.precinct, 0), contest_order.get(o.contest, 0)))
        return tuple(out)


def progress_by_contest(
    election: Election, states: list[ProtocolState]
) -> dict[ContestId, Progress]:
    counts: dict[ContestId, list[int]] = {}
    for s in states:
        c = counts.setdefault(s.contest, [0, 0, 0, 0, 0, 0])
        c[0] += 1
        match s.state:
            case State.ACCEPTED:
                c[1] += 1
                c[2] += 1 if s.breach else 0
            case State.ANNULLED:
                c[3] += 1
            case State.NOT_ENTERED:
                c[5] += 1
            case State.FIRST_ENTRY | State.ENTRIES_DIFFER | State.PENDING:
                c[4] += 1
    return {k: Progress(*v) for k, v in counts.items()}


def electorate_by_body(
    election: Election, states: list[ProtocolState]
) -> dict[BodyId, tuple[int, int]]:
    """Per body: the electorate of its precincts, and of those whose protocols of that
    body are all accepted or annulled."""
    done: dict[tuple[BodyId, AreaCode], bool] = {}
    for s in states:
        key = (election.contest(s.contest).body, s.precinct)
        done[key] = done.get(key, True) and s.state in DONE
    out: dict[BodyId, list[int]] = {}
    for (body, precinct), finished in done.items():
        electorate = election.area(precinct).electorate or 0
        row = out.setdefault(body, [0, 0])
        row[0] += electorate
        row[1] += electorate if finished else 0
    return {k: (v[0], v[1]) for k, v in out.items()}


def _electorate_all(election: Election, states: list[ProtocolState]) -> tuple[int, int]:
    done: dict[AreaCode, bool] = {}
    for s in states:
        done[s.precinct] = done.get(s.precinct, True) and s.state in DONE
    total = covered = 0
    for precinct, finished in done.items():
        electorate = election.area(precinct).electorate or 0
        total += electorate
        covered += electorate if finished else 0
    return total, covered


def _with_electorate(p: Progress, electorate: int, covered: int) -> Progress:
    return Progress(
        p.expected, p.accepted, p.breach, p.annulled, p.pending, p.missing, electorate, covered
    )
