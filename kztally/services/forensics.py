"""Election forensics over the accepted protocols: the tests of kztally.forensics on the
precincts of an area and of every region and district below it.

The figures are those of one list contest (the Mazhilis list by default: the first list
contest held in the area), read per precinct with the same SQL as the results
(kztally.storage.tally.precinct_totals), so the findings follow the night as protocols
are accepted. Nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kztally.domain.election import AreaKind, ContestKind, Election
from kztally.domain.ids import ContestId
from kztally.domain.protocol import Figures
from kztally.services.errors import NotFound
from kztally.storage.database import Database
from kztally.storage.tally import precinct_totals

if TYPE_CHECKING:  # numpy and scipy load when forensics are first asked for, not at start
    from kztally.forensics.analysis import PrecinctRow, Report
    from kztally.mockgen.figures import MockElection


@dataclass(frozen=True, slots=True)
class ForensicsResult:
    area: str
    contest: ContestId | None
    """The list contest looked at (None when the area holds none)."""
    choices: tuple[str, ...]
    """The contest's choices by name, in ballot order (against all not among them)."""
    rows: tuple[PrecinctRow, ...]
    """One per accepted protocol of the contest, for the charts."""
    report: Report


class ForensicsService:
    def __init__(self, database: Database, election: Callable[[], Election]) -> None:
        self._db = database
        self._election = election

    def analyse(self, area: str | None = None, contest: str | None = None) -> ForensicsResult:
        """Every test on the area (the country by default) and each region and district
        below it, on the accepted protocols of `contest` (default: the area's first list
        contest)."""
        from kztally.forensics.analysis import PrecinctRow, analyse

        election = self._election()
        code = election.root.code if area is None else area
        if not election.has_area(code):
            raise NotFound(f"no area {code} in {election.id}")
        if election.area(code).kind is AreaKind.PRECINCT:
            raise NotFound(f"{code} is a precinct: forensics need an area of precincts")
        chosen = self._contest(election, code, contest)
        if chosen is None:
            empty = analyse((), code, (code,), 0)
            return ForensicsResult(code, None, (), (), empty)
        c = election.contest(chosen)
        with self._db.session(readonly=True) as session:
            totals = precinct_totals(session, election, chosen, code)
        rows: list[PrecinctRow] = []
        below: list[str] = []
        seen: set[str] = set()
        for p in election.precincts(code):
            t = totals.get(p.code)
            if t is None:
                continue
            chain: list[str] = [a.code for a in reversed(election.ancestors(p.code))]
            start = chain.index(code) if code in chain else len(chain)
            above = tuple(chain[start:])
            for a in above:
                if a not in seen:
                    seen.add(a)
                    below.append(a)
            votes = t.votes + ((t.against_all,) if c.against_all else ())
            rows.append(
                PrecinctRow(
                    code=p.code,
                    district=p.parent or code,
                    areas=above[:-1] if above and above[-1] == p.parent else above,
                    electorate=t.line(1),
                    issued=t.issued,
                    invalid=t.line(8),
                    valid=t.valid_ballots,
                    votes=votes,
                )
            )
        report = analyse(rows, code, below, len(c.choices))
        names = tuple(ch.name for ch in c.choices)
        return ForensicsResult(code, chosen, names, tuple(rows), report)

    @staticmethod
    def _contest(election: Election, area: str, contest: str | None) -> ContestId | None:
        if contest is not None:
            if not election.has_contest(contest):
                raise NotFound(f"no contest {contest} in {election.id}")
            return election.contest(contest).id
        held = {c for p in election.precincts(area) for c in p.contests}
        for c in election.contests:
            if c.kind is ContestKind.LIST and c.id in held:
                return c.id
        return None


def mock_report(mock: MockElection, contest: str = "MZ-L") -> Report:
    """What `ForensicsService.analyse` finds over the whole country, straight from a mock's
    figures (every protocol as if accepted, no database): for the false-alarm benchmark
    and the tests of the tests."""
    from kztally.forensics.analysis import PrecinctRow, analyse

    e = mock.election
    c = e.contest(contest)
    rows: list[PrecinctRow] = []
    below: list[str] = []
    for p in mock.protocols:
        if p.contest != contest:
            continue
        f = p.first

        def line(n: int, f: Figures = f) -> int:
            return f.line(n) or 0

        parent = e.area(p.precinct).parent or e.root.code
        chain = tuple(a.code for a in reversed(e.ancestors(p.precinct)))
        below += [a for a in chain if a not in below]
        votes = tuple(v or 0 for v in f.votes) + ((f.against_all or 0,) if c.against_all else ())
        rows.append(
            PrecinctRow(
                p.precinct,
                parent,
                chain[:-1],
                line(1),
                line(3) + line(4),
                line(8),
                line(6) + line(7) - line(8),
                votes,
            )
        )
    return analyse(rows, e.root.code, below, len(c.choices))
