"""Live results: the sums the results are made of, kept in memory and brought up to date
with the protocols changed since, instead of summed again over every protocol.

A protocol's row changes only with a revision inserted (a trigger keeps the row, see
`kztally.storage.models.ProtocolRow`), so the revisions newer than the last one seen name
every protocol changed since. `LiveTally` keeps each protocol's state and agreed figures
(its facts) as of the last revision seen, and for each area asked about: the totals of
its accepted protocols by contest, its protocols by contest, state and breach flag, and
its electorate covered by body and overall. On each call it reads, in the caller's
transaction, the revisions since, the rows of the protocols they name, subtracts what
each protocol was and adds what it is now: an acceptance adds, a recount or an annulment
subtracts. The seats are then allocated again from these sums (cheap).

The inputs are the same as the full recount's SQL sums (`kztally.storage.tally`): a test
compares them after sequences of steps on both databases.

Revision ids come from a sequence on PostgreSQL, so a transaction may commit a smaller id
after a larger one was seen: the ids missing below the largest seen are asked about
again each time, until they appear (a rolled back one never does; they are few). On
SQLite writers take turns, so ids only grow. Anything else (another election, fewer
revisions than seen, as after a restore, or a long absence) starts over from every row.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import func, or_, select, text

from kztally.domain.election import Election
from kztally.domain.entry import State
from kztally.domain.ids import ContestId
from kztally.domain.protocol import LINE_COUNT
from kztally.domain.tally import Totals
from kztally.storage.database import Session
from kztally.storage.models import RevisionRow

K = TypeVar("K")
R = TypeVar("R")
Counts = dict[str, dict[tuple[State, bool], int]]
"""Protocols by contest, then by state and breach flag (a count may be 0)."""
Inputs = tuple[
    dict[ContestId, Totals],
    Counts,
    dict[str, tuple[int, int]],
    tuple[int, int],
]
"""What `kztally.services.results` makes an area's results of: the totals of accepted
protocols by contest, the protocols by contest, state and breach flag, and the
electorate (all and covered) by body and overall. Read them, never change them."""
Make = Callable[[Inputs, set[str] | None, Any], tuple[R, Any]]
"""Makes an area's results from its inputs, the contests changed since it last made them
(None: make everything) and what it kept from then; returns the results and what to
keep for the next time."""

_DONE = (State.ACCEPTED, State.ANNULLED)
AREAS_KEPT = 256
"""Areas whose sums are kept (those asked about longest ago are dropped first)."""
RELOAD_ABOVE = 20_000
"""More protocols changed than this since the last call: read every row again."""
_GAP_WINDOW = 5_000
"""Ids below the largest seen at a full read that are looked for as gaps."""


@dataclass(frozen=True, slots=True)
class Fact:
    """A protocol as the sums see it: where it is, its state, and its agreed figures when
    accepted (lines, votes, against all; an empty field as 0)."""

    precinct: str
    contest: str
    state: State
    breach: bool
    figures: tuple[int, ...] | None


@dataclass(slots=True)
class _Sums:
    """One area's sums."""

    totals: dict[str, list[int]] = field(default_factory=dict)
    """contest -> [protocols, line 1..8, votes..., against all]"""
    counts: Counts = field(default_factory=dict)
    cover: dict[str, list[int]] = field(default_factory=dict)
    """body -> [electorate, covered]"""
    overall: list[int] = field(default_factory=lambda: [0, 0])
    made: dict[ContestId, Totals] = field(default_factory=dict)
    """The totals as last handed out (those of contests changed since are made again)."""
    dirty: set[str] | None = None
    """The contests changed since the results were last made (None: all)."""
    kept: Any = None
    """What the maker of the results kept from the last time."""


class LiveTally:
    """The sums of one database's election, kept up to date (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._election: Election | None = None
        self._facts: dict[int, Fact] = {}
        self._seen = 0
        self._gaps: set[int] = set()
        self._areas: dict[str, _Sums] = {}
        self._open_body: dict[tuple[str, str], int] = {}
        self._open_all: dict[str, int] = {}
        self._chain: dict[str, tuple[str, ...]] = {}
        self._body: dict[str, str] = {}
        self._electorate: dict[str, int] = {}
        self.reloads = 0
        """How many times every row was read (for tests and the benchmark)."""

    def results(self, session: Session, election: Election, code: str, make: Make[R]) -> R:
        """The area's results as of the caller's transaction (call `snapshot` first), made
        by `make` from the sums brought up to date (one call at a time)."""
        with self._lock:
            self._update(session, election)
            sums = self._areas.get(code)
            if sums is None:
                if len(self._areas) >= AREAS_KEPT:  # the longest unused first
                    del self._areas[next(iter(self._areas))]
                sums = self._sums_of(code)
            else:
                del self._areas[code]
            self._areas[code] = sums  # the most recently used last
            result, kept = make(self._inputs(election, sums), sums.dirty, sums.kept)
            sums.kept, sums.dirty = kept, set()
            return result

    def inputs(self, session: Session, election: Election, code: str) -> Inputs:
        """The area's sums as of the caller's transaction."""
        return self.results(session, election, code, lambda i, _d, _k: (i, None))

    # -- bringing the facts up to date ----------------------------------------------------

    def _update(self, session: Session, election: Election) -> None:
        if election is not self._election:
            self._reload(session, election)
            return
        top = session.scalar(select(func.max(RevisionRow.id))) or 0
        if top < self._seen:
            self._reload(session, election)
            return
        if top == self._seen and not self._gaps:
            return
        cond = RevisionRow.id > self._seen
        if self._gaps:
            cond = or_(cond, RevisionRow.id.in_(sorted(self._gaps)))
        rows = session.execute(select(RevisionRow.id, RevisionRow.protocol_id).where(cond)).all()
        changed = {int(p) for _, p in rows}
        if len(changed) > RELOAD_ABOVE:
            self._reload(session, election)
            return
        ids = {int(i) for i, _ in rows}
        newest = max([self._seen, *ids])
        self._gaps = (self._gaps - ids) | (set(range(self._seen + 1, newest)) - ids)
        self._seen = newest
        for pid, fact in _read(session, election, changed):
            self._apply(pid, self._facts.get(pid), fact)

    def _reload(self, session: Session, election: Election) -> None:
        self.reloads += 1
        self._election = election
        self._areas = {}
        self._chain = {
            p.code: (p.code, *(a.code for a in election.ancestors(p.code)))
            for p in election.precincts()
        }
        self._body = {c.id: c.body for c in election.contests}
        self._electorate = {p.code: p.electorate or 0 for p in election.precincts()}
        top = int(session.scalar(select(func.max(RevisionRow.id))) or 0)
        recent = session.scalars(
            select(RevisionRow.id).where(RevisionRow.id > top - _GAP_WINDOW)
        ).all()
        self._gaps = set(range(max(1, top - _GAP_WINDOW + 1), top + 1)) - set(recent)
        self._seen = top
        self._facts = dict(_read(session, election, None))
        self._open_body = {}
        self._open_all = {}
        for fact in self._facts.values():
            self._open_body.setdefault((self._body[fact.contest], fact.precinct), 0)
            self._open_all.setdefault(fact.precinct, 0)
            if fact.state not in _DONE:
                self._open_body[(self._body[fact.contest], fact.precinct)] += 1
                self._open_all[fact.precinct] += 1

    def _apply(self, pid: int, old: Fact | None, new: Fact) -> None:
        self._facts[pid] = new
        if old == new:
            return
        chain = self._chain.get(new.precinct, (new.precinct,))
        areas = [s for s in (self._areas.get(c) for c in chain) if s is not None]
        for sums in areas:
            if old is not None:
                _add(sums, old, -1)
            _add(sums, new, 1)
            if sums.dirty is not None:
                sums.dirty.add(new.contest)
        was = old is not None and old.state in _DONE
        now = new.state in _DONE
        if old is None or was == now:
            return
        step = -1 if now else 1
        delta = self._electorate.get(new.precinct, 0) * (1 if now else -1)
        body = self._body[new.contest]
        if _flip(self._open_body, (body, new.precinct), step):
            for sums in areas:
                sums.cover.setdefault(body, [0, 0])[1] += delta
        if _flip(self._open_all, new.precinct, step):
            for sums in areas:
                sums.overall[1] += delta

    # -- one area's sums ------------------------------------------------------------------

    def _sums_of(self, code: str) -> _Sums:
        sums = _Sums()
        bodies: set[tuple[str, str]] = set()
        precincts: set[str] = set()
        for fact in self._facts.values():
            if code not in self._chain.get(fact.precinct, (fact.precinct,)):
                continue
            _add(sums, fact, 1)
            bodies.add((self._body[fact.contest], fact.precinct))
            precincts.add(fact.precinct)
        for body, precinct in bodies:
            cover = sums.cover.setdefault(body, [0, 0])
            cover[0] += self._electorate.get(precinct, 0)
            if self._open_body.get((body, precinct), 0) == 0:
                cover[1] += self._electorate.get(precinct, 0)
        for precinct in precincts:
            sums.overall[0] += self._electorate.get(precinct, 0)
            if self._open_all.get(precinct, 0) == 0:
                sums.overall[1] += self._electorate.get(precinct, 0)
        return sums

    @staticmethod
    def _inputs(election: Election, sums: _Sums) -> Inputs:
        changed = sums.totals.keys() if sums.dirty is None else sums.dirty
        for contest_id in changed:
            row = sums.totals.get(contest_id)
            cid = ContestId(contest_id)
            if row is None or row[0] == 0:
                sums.made.pop(cid, None)
                continue
            contest = election.contest(contest_id)
            k = len(contest.choices)
            sums.made[cid] = Totals(
                protocols=row[0],
                lines=tuple(row[1 : 1 + LINE_COUNT]),
                votes=tuple(row[1 + LINE_COUNT : 1 + LINE_COUNT + k]),
                against_all=row[-1] if contest.against_all else 0,
            )
        cover = {body: (t, c) for body, (t, c) in sums.cover.items()}
        return dict(sums.made), sums.counts, cover, (sums.overall[0], sums.overall[1])


def _flip(opened: dict[K, int], key: K, step: int) -> bool:
    """Count one protocol of a precinct more (or less) not done; whether the precinct
    became covered (or no longer is)."""
    before = opened.get(key, 0)
    opened[key] = before + step
    return (before == 0) != (before + step == 0)


def _add(sums: _Sums, fact: Fact, sign: int) -> None:
    by_state = sums.counts.setdefault(fact.contest, {})
    key = (fact.state, fact.breach)
    by_state[key] = by_state.get(key, 0) + sign
    if fact.figures is None:
        return
    row = sums.totals.get(fact.contest)
    if row is None:
        row = sums.totals[fact.contest] = [0] * (len(fact.figures) + 1)
    row[0] += sign
    for i, v in enumerate(fact.figures, start=1):
        row[i] += sign * v


_SELECT = (
    "SELECT id, precinct, contest, state, breach, "
    + ", ".join(f"line{n}" for n in range(1, LINE_COUNT + 1))
    + ", votes, against_all FROM protocol"
)
_ACCEPTED = State.ACCEPTED.value


def _read(
    session: Session, election: Election, ids: Iterable[int] | None
) -> list[tuple[int, Fact]]:
    """Protocols' facts as stored (all of them when `ids` is None): plain SQL, as the
    first call reads every row (an ORM query of the same columns takes four times as
    long)."""
    out: list[tuple[int, Fact]] = []
    queries: list[tuple[str, dict[str, Any]]] = [(_SELECT, {})]
    if ids is not None:
        wanted = sorted(ids)
        queries = [
            (f"{_SELECT} WHERE id IN ({', '.join(str(int(i)) for i in chunk)})", {})
            for chunk in (wanted[i : i + 500] for i in range(0, len(wanted), 500))
        ]
    states = {s.value: s for s in State}
    width: dict[str, int] = {c.id: len(c.choices) for c in election.contests}
    end = 5 + LINE_COUNT
    for sql, params in queries:
        for row in session.execute(text(sql), params).all():
            state = states[row[3]]
            figures: tuple[int, ...] | None = None
            if row[3] == _ACCEPTED:
                votes = row[end]
                if isinstance(votes, str):  # SQLite; PostgreSQL's driver parses JSON
                    votes = _numbers(votes)
                k = width[row[2]]
                padded = [*(v or 0 for v in votes or ()), *([0] * k)][:k]
                figures = (*(v or 0 for v in row[5:end]), *padded, row[end + 1] or 0)
            fact = Fact(str(row[1]), str(row[2]), state, bool(row[4]), figures)
            out.append((int(row[0]), fact))
    return out


def _numbers(array: str) -> list[int | None]:
    """A JSON array of whole numbers as SQLite stores it ('[12, 7, 0]'), read faster
    than by `json.loads`; anything else (an empty field: null) by `json.loads`."""
    inner = array.strip()[1:-1]
    try:
        return [int(v) for v in inner.split(",")] if inner.strip() else []
    except ValueError:
        found: list[int | None] = json.loads(array)
        return found
