"""Results for any area: sums, shares, list seats, district winners, the maslikhats, and
how far counting has got, from accepted protocols only.

Seats and winners follow the law (kztally.domain.results): a list contest's seats only
over its whole constituency, a district's winner only over the whole district. For an
area holding a part of a constituency the result has that part's sums and shares, and
says where the seats are allocated (`ListResult.constituency`, `.allocation` None).

Computed from SQL sums (kztally.storage.tally) and the rule set (kztally.domain.results);
cached by the database's data version, which every write bumps, so a result is never
stale and never recomputed while nothing changed. When it changed, the sums are brought
up to date with the protocols changed since (kztally.services.live) rather than summed
again over every protocol; `compute` is the full recount.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from typing import Any

from kztally.domain.election import Area, BodyKind, ContestKind, Election
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, BodyId, ContestId
from kztally.domain.results import BodyResult, Progress, Tie, body_result, ties
from kztally.domain.seats import LotDraw
from kztally.domain.tally import Totals
from kztally.services.errors import NotFound
from kztally.services.live import Counts, Inputs, LiveTally
from kztally.services.official import OfficialStatus, status_of
from kztally.storage import lots as lot_store
from kztally.storage.database import Database, Session
from kztally.storage.tally import (
    ProtocolState,
    contest_totals,
    electorate_coverage,
    precinct_totals,
    protocol_states,
    state_counts,
)
from kztally.storage.transfer import snapshot


@dataclass(frozen=True, slots=True)
class AreaResults:
    area: Area
    data_version: int
    mazhilis: BodyResult | None
    maslikhats: tuple[BodyResult, ...]
    progress: Progress
    """Every protocol expected at or below the area, all contests together."""
    totals: dict[ContestId, Totals]
    ties: tuple[Tie, ...] = ()
    """Every tie of a contest whose whole constituency lies in the area: how it was
    settled (registration order, a recorded lot) or that it awaits a lot (`Tie.open`)."""
    status: OfficialStatus | None = None
    """Whether the results are official, and the audit chain's head, read in the same
    snapshot as the figures (None only for results made without a database)."""


@dataclass(frozen=True, slots=True)
class Outstanding:
    """A protocol still missing (not entered) or pending (entered, not accepted)."""

    precinct: AreaCode
    contest: ContestId
    state: State


@dataclass(frozen=True, slots=True)
class AreaPart:
    """One area just below the one asked about, for drilling down into a body's results:
    its protocols of the body's contests, and the sums of the body's main contest there
    (its list contest, else its first contest held there; None when it holds none)."""

    area: Area
    progress: Progress
    contest: ContestId | None
    totals: Totals | None


class ResultsService:
    def __init__(self, database: Database, election: Callable[[], Election]) -> None:
        self._db = database
        self._election = election
        self._cache: dict[tuple[str, int], AreaResults] = {}
        self._lock = threading.Lock()
        self._live = LiveTally()
        """The sums kept up to date with the protocols changed (`kztally.services.live`):
        after one more protocol, the results are not summed again over every protocol."""

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
        with self._db.session(readonly=True) as session:
            snapshot(session)  # the status and the head as of the figures
            result = area_results(session, election, code, version, self._live)
        with self._lock:
            if len(self._cache) > 64:
                self._cache.clear()
            self._cache[key] = result
        return result

    def compute(self, election: Election, code: str, version: int = -1) -> AreaResults:
        """Recount without the cache: every contest, every seat, every maslikhat."""
        with self._db.session(readonly=True) as session:
            snapshot(session)  # the status and the head as of the figures
            return area_results(session, election, code, version)

    def parts(self, area: str, body: str) -> tuple[AreaPart, ...]:
        """The areas just below `area` that hold any of the body's contests, in territory
        order, each with the body's progress there and its main contest's sums."""
        election = self._election()
        if not election.has_area(area):
            raise NotFound(f"no area {area} in {election.id}")
        try:
            contests = election.contests_of(body)
        except KeyError as exc:
            raise NotFound(f"no body {body} in {election.id}") from exc
        ids = {c.id for c in contests}
        child_of: dict[AreaCode, Area] = {}
        for child in election.children(area):
            for p in election.precincts(child.code):
                child_of[p.code] = child
        held = {
            child.code: {c for p in election.precincts(child.code) for c in p.contests} & ids
            for child in election.children(area)
        }
        main: ContestId | None = next(
            (c.id for c in contests if c.kind is ContestKind.LIST), None
        ) or next((c.id for c in contests), None)
        with self._db.session(readonly=True) as session:
            states = [s for s in protocol_states(session, election, area) if s.contest in ids]
            by_precinct = precinct_totals(session, election, main, area) if main is not None else {}
        keys: dict[AreaCode, list[ProtocolState]] = {}
        for st in states:
            owner = child_of.get(st.precinct)
            if owner is not None:
                keys.setdefault(owner.code, []).append(st)
        out: list[AreaPart] = []
        for child in election.children(area):
            if not held[child.code]:
                continue
            totals: Totals | None = None
            shown = main if main in held[child.code] else None
            if shown is not None:
                totals = Totals.zero(election.contest(shown))
                for p in election.precincts(child.code):
                    found = by_precinct.get(p.code)
                    if found is not None:
                        totals = totals + found
            out.append(
                AreaPart(child, progress_of(election, keys.get(child.code, [])), shown, totals)
            )
        return tuple(out)

    def outstanding(self, area: str | None = None) -> tuple[Outstanding, ...]:
        """Protocols still missing or pending at or below an area, in territory order."""
        return self.outstanding_report(area)[0]

    def outstanding_report(
        self, area: str | None = None
    ) -> tuple[tuple[Outstanding, ...], OfficialStatus]:
        """`outstanding`, with whether results are official and the audit chain's head,
        read in the same snapshot."""
        election = self._election()
        with self._db.session(readonly=True) as session:
            snapshot(session)
            states = list(protocol_states(session, election, area, outstanding=True))
            status = status_of(session)
        order = {a.code: i for i, a in enumerate(election.areas)}
        contest_order = {c.id: i for i, c in enumerate(election.contests)}
        out = [Outstanding(s.precinct, s.contest, s.state) for s in states]
        out.sort(key=lambda o: (order.get(o.precinct, 0), contest_order.get(o.contest, 0)))
        return tuple(out), status


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


def progress_of(election: Election, states: Iterable[ProtocolState]) -> Progress:
    """Protocols by state, and the electorate of their precincts (covered: every protocol
    of the precinct among them accepted or annulled)."""
    counts = {s: 0 for s in State}
    breach = 0
    done: dict[AreaCode, bool] = {}
    for st in states:
        counts[st.state] += 1
        breach += st.state is State.ACCEPTED and st.breach
        settled = st.state in (State.ACCEPTED, State.ANNULLED)
        done[st.precinct] = done.get(st.precinct, True) and settled
    electorate = sum(election.area(p).electorate or 0 for p in done)
    covered = sum(election.area(p).electorate or 0 for p, ok in done.items() if ok)
    return Progress(
        expected=sum(counts.values()),
        accepted=counts[State.ACCEPTED],
        breach=breach,
        annulled=counts[State.ANNULLED],
        pending=counts[State.FIRST_ENTRY] + counts[State.ENTRIES_DIFFER] + counts[State.PENDING],
        missing=counts[State.NOT_ENTERED],
        electorate=electorate,
        electorate_covered=covered,
    )


def _with_electorate(p: Progress, electorate: int, covered: int) -> Progress:
    return Progress(
        p.expected, p.accepted, p.breach, p.annulled, p.pending, p.missing, electorate, covered
    )


def recorded_lots(session: Session) -> dict[ContestId, tuple[LotDraw, ...]]:
    """The drawing of lots in force for each contest (its newest), as the allocation
    takes it."""
    return {
        ContestId(d.contest): (LotDraw(d.order, d.witnesses, d.reference),)
        for d in lot_store.current_draws(session).values()
    }


def area_results(
    session: Session,
    election: Election,
    code: str,
    version: int = -1,
    live: LiveTally | None = None,
) -> AreaResults:
    """The results at or below an area, read in the caller's transaction: every contest,
    every seat (with the recorded lots), every maslikhat, and the ties. The sums come
    from SQL over every protocol, or from `live`, kept up to date with what changed: then
    only the bodies with a contest changed (or a lot drawn) are allocated again."""
    lots = recorded_lots(session)
    status = status_of(session)
    if live is None:
        totals = contest_totals(session, election, code)
        by_contest = progress_by_contest(state_counts(session, election, code))
        cover, overall = electorate_coverage(session, election, code)
        inputs = (totals, cover, overall)
        return _assemble(election, code, version, inputs, by_contest, lots, status, {}, None)[0]

    def make(inputs: Inputs, dirty: set[str] | None, kept: Any) -> tuple[AreaResults, Any]:
        totals, counts, cover, covered = inputs
        prior: _Made | None = kept if dirty is not None else None
        if prior is None:
            by_contest = progress_by_contest(_flat(counts, counts.keys()))
            bodies: dict[BodyId, _Body] = {}
            summed = _sum(by_contest.values())
            grouped = _held(election, by_contest)
        else:
            by_contest = dict(prior.by_contest)
            gone = [by_contest.pop(ContestId(c), Progress()) for c in dirty or ()]
            fresh = progress_by_contest(_flat(counts, dirty or ()))
            by_contest.update(fresh)
            bodies = prior.bodies
            summed = _sum([prior.overall, *fresh.values()], minus=gone)
            same = all((c in prior.by_contest) == (c in by_contest) for c in dirty or ())
            grouped = prior.grouped if same else _held(election, by_contest)
        result, made = _assemble(
            election,
            code,
            version,
            (totals, cover, covered),
            by_contest,
            lots,
            status,
            bodies,
            None if prior is None else dirty,
            summed,
            grouped,
        )
        return result, _Made(by_contest, made, summed, grouped)

    return live.results(session, election, code, make)


def _held(
    election: Election, by_contest: dict[ContestId, Progress]
) -> dict[BodyId, tuple[ContestId, ...]]:
    """The contests with protocols by body, in the election's order."""
    bodies: dict[BodyId, list[ContestId]] = {}
    for contest in election.contests:
        if contest.id in by_contest:
            bodies.setdefault(contest.body, []).append(contest.id)
    return {b: tuple(c) for b, c in bodies.items()}


def _flat(counts: Counts, contests: Iterable[str]) -> Iterator[tuple[ContestId, State, bool, int]]:
    for c in contests:
        for (state, breach), n in counts.get(c, {}).items():
            if n:
                yield ContestId(c), state, breach, n


_Body = tuple[tuple[Any, ...], BodyResult, tuple[Tie, ...]]
"""A body's results, its ties, and what they were made of (its contests, their lots, its
electorate covered)."""


@dataclass(frozen=True, slots=True)
class _Made:
    """What an area's live results kept for the next time: the progress by contest and
    each body's results."""

    by_contest: dict[ContestId, Progress]
    bodies: dict[BodyId, _Body]
    overall: Progress
    """The sum of `by_contest`."""
    grouped: dict[BodyId, tuple[ContestId, ...]]
    """`by_contest`'s contests by body."""


_FIELDS = len(fields(Progress))


def _sum(add: Iterable[Progress], minus: Iterable[Progress] = ()) -> Progress:
    """The sum of progresses (less those in `minus`), field by field."""
    out = [0] * _FIELDS
    for sign, items in ((1, add), (-1, minus)):
        for p in items:
            for i, v in enumerate(_values(p)):
                out[i] += sign * v
    return Progress(*out)


def _values(p: Progress) -> tuple[int, ...]:
    return (
        p.expected,
        p.accepted,
        p.breach,
        p.annulled,
        p.pending,
        p.missing,
        p.electorate,
        p.electorate_covered,
    )


def _assemble(
    election: Election,
    code: str,
    version: int,
    inputs: tuple[dict[ContestId, Totals], dict[str, tuple[int, int]], tuple[int, int]],
    by_contest: dict[ContestId, Progress],
    lots: dict[ContestId, tuple[LotDraw, ...]],
    status: OfficialStatus,
    prior: dict[BodyId, _Body],
    dirty: set[str] | None,
    overall: Progress | None = None,
    grouped: dict[BodyId, tuple[ContestId, ...]] | None = None,
) -> tuple[AreaResults, dict[BodyId, _Body]]:
    """The area's results from its sums; a body in `prior` none of whose contests is in
    `dirty`, with the same lots and coverage, is taken as it was (None: make all).
    `overall`: the sum of `by_contest`, and `grouped` its contests by body (`_held`),
    when the caller has them."""
    totals, body_cover, (all_electorate, all_covered) = inputs
    bodies = _held(election, by_contest) if grouped is None else grouped
    mazhilis: BodyResult | None = None
    maslikhats: list[BodyResult] = []
    found: list[Tie] = []
    made: dict[BodyId, _Body] = {}
    for body in election.bodies:
        held = bodies.get(body.id)
        if not held:
            continue
        electorate, covered = body_cover.get(body.id, (0, 0))
        drawn = tuple(lots.get(c) for c in held) if lots else ()
        key = (held, drawn, electorate, covered)
        kept = prior.get(body.id)
        if dirty is not None and kept is not None and kept[0] == key and dirty.isdisjoint(held):
            result, tied = kept[1], kept[2]
        else:
            progress = {c: by_contest[c] for c in held}
            result = body_result(
                election,
                body,
                totals,
                progress,
                lots=lots,
                contests=[election.contest(c) for c in held],
                area=code,
            )
            result = BodyResult(
                result.body,
                result.lists,
                result.districts,
                _with_electorate(result.progress, electorate, covered),
            )
            tied = ties(result, lots)
        made[body.id] = (key, result, tied)
        found.extend(tied)
        if body.kind is BodyKind.MAZHILIS:
            mazhilis = result
        else:
            maslikhats.append(result)
    if overall is None:
        overall = _sum(by_contest.values())
    return (
        AreaResults(
            election.area(code),
            version,
            mazhilis,
            tuple(maslikhats),
            _with_electorate(overall, all_electorate, all_covered),
            totals,
            tuple(found),
            status,
        ),
        made,
    )
