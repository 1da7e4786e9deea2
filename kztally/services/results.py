"""Results for any area: sums, shares, list seats, district winners, the maslikhats, and
how far counting has got, from accepted protocols only.

Seats and winners follow the law (kztally.domain.results): a list contest's seats only
over its whole constituency, a district's winner only over the whole district. For an
area holding a part of a constituency the result has that part's sums and shares, and
says where the seats are allocated (`ListResult.constituency`, `.allocation` None).

Computed from SQL sums (kztally.storage.tally) and the rule set (kztally.domain.results);
cached by the database's data version, which every write bumps, so a result is never
stale and never recomputed while nothing changed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kztally.domain.election import Area, BodyKind, Election
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, BodyId, ContestId
from kztally.domain.results import BodyResult, Progress, body_result
from kztally.domain.tally import Totals
from kztally.storage.database import Database
from kztally.storage.tally import (
    contest_totals,
    electorate_coverage,
    protocol_states,
    state_counts,
)


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
            by_contest = progress_by_contest(state_counts(session, election, code))
            body_cover, (all_electorate, all_covered) = electorate_coverage(session, election, code)
        bodies: dict[BodyId, list[ContestId]] = {}
        for contest in election.contests:
            if contest.id in by_contest:
                bodies.setdefault(contest.body, []).append(contest.id)
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
                area=code,
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
            states = list(protocol_states(session, election, area, outstanding=True))
        order = {a.code: i for i, a in enumerate(election.areas)}
        contest_order = {c.id: i for i, c in enumerate(election.contests)}
        out = [Outstanding(s.precinct, s.contest, s.state) for s in states]
        out.sort(key=lambda o: (order.get(o.precinct, 0), contest_order.get(o.contest, 0)))
        return tuple(out)


def progress_by_contest(
    counts: Iterable[tuple[ContestId, State, bool, int]],
) -> dict[ContestId, Progress]:
    out: dict[ContestId, list[int]] = {}
    for contest, state, breach, n in counts:
        c = out.setdefault(contest, [0, 0, 0, 0, 0, 0])
        c[0] += n
        match state:
            case State.ACCEPTED:
                c[1] += n
                c[2] += n if breach else 0
            case State.ANNULLED:
                c[3] += n
            case State.NOT_ENTERED:
                c[5] += n
            case State.FIRST_ENTRY | State.ENTRIES_DIFFER | State.PENDING:
                c[4] += n
    return {k: Progress(*v) for k, v in out.items()}


def _with_electorate(p: Progress, electorate: int, covered: int) -> Progress:
    return Progress(
        p.expected, p.accepted, p.breach, p.annulled, p.pending, p.missing, electorate, covered
    )
