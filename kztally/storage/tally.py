"""The sums of accepted protocols and the state of every protocol, straight from SQL.

Results are computed from these in kztally.services.results; `bare_aggregate` is the
plain SQL the benchmark compares the whole recount with.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from kztally.domain.election import Election
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import LINE_COUNT
from kztally.domain.tally import Totals

_LINES = ", ".join(f"SUM(p.line{n})" for n in range(1, LINE_COUNT + 1))


@dataclass(frozen=True, slots=True)
class ProtocolState:
    precinct: AreaCode
    contest: ContestId
    state: State
    breach: bool


def _area_filter(election: Election, area: str | None) -> tuple[str, dict[str, str]]:
    if area is None or area == election.root.code:
        return "", {}
    return " AND a.path LIKE :prefix", {"prefix": area_paths_prefix(election, area) + "%"}


def area_paths_prefix(election: Election, area: str) -> str:
    """The stored path of an area (a subtree's rows share it as a prefix)."""
    chain = [election.area(area), *election.ancestors(area)]
    return "/" + "/".join(a.code for a in reversed(chain)) + "/"


def _votes_sql(dialect: str, where: str) -> str:
    if dialect == "sqlite":
        return (
            "SELECT p.contest, CAST(j.key AS INTEGER), SUM(j.value) "
            "FROM protocol p JOIN area a ON a.code = p.precinct, json_each(p.votes) j "
            f"WHERE p.state = 'accepted'{where} GROUP BY p.contest, j.key"
        )
    return (
        "SELECT p.contest, j.ord - 1, SUM(CAST(j.val AS BIGINT)) "
        "FROM protocol p JOIN area a ON a.code = p.precinct "
        "CROSS JOIN LATERAL json_array_elements_text(CAST(p.votes AS json)) "
        "WITH ORDINALITY AS j(val, ord) "
        f"WHERE p.state = 'accepted'{where} GROUP BY p.contest, j.ord"
    )


def bare_aggregate(session: Session, election: Election, area: str | None = None) -> int:
    """The plain SQL sums the recount rests on, rows fetched and nothing else: the
    benchmark's baseline. Returns the number of rows fetched."""
    where, params = _area_filter(election, area)
    dialect = session.get_bind().dialect.name
    lines = session.execute(
        text(
            f"SELECT p.contest, COUNT(*), {_LINES}, SUM(p.against_all) FROM protocol p "
            f"JOIN area a ON a.code = p.precinct WHERE p.state = 'accepted'{where} "
            "GROUP BY p.contest"
        ),
        params,
    ).all()
    votes = session.execute(text(_votes_sql(dialect, where)), params).all()
    return len(lines) + len(votes)


def contest_totals(
    session: Session, election: Election, area: str | None = None
) -> dict[ContestId, Totals]:
    """Totals of the accepted protocols of every contest held at or below an area."""
    where, params = _area_filter(election, area)
    dialect = session.get_bind().dialect.name
    lines = session.execute(
        text(
            f"SELECT p.contest, COUNT(*), {_LINES}, SUM(p.against_all) FROM protocol p "
            f"JOIN area a ON a.code = p.precinct WHERE p.state = 'accepted'{where} "
            "GROUP BY p.contest"
        ),
        params,
    ).all()
    votes: dict[str, list[int]] = {}
    for contest_id, index, total in session.execute(text(_votes_sql(dialect, where)), params):
        contest = election.contest(contest_id)
        row = votes.setdefault(contest_id, [0] * len(contest.choices))
        row[int(index)] = int(total or 0)
    out: dict[ContestId, Totals] = {}
    for line_row in lines:
        contest = election.contest(str(line_row[0]))
        out[contest.id] = Totals(
            protocols=int(line_row[1]),
            lines=tuple(int(v or 0) for v in line_row[2 : 2 + LINE_COUNT]),
            votes=tuple(votes.get(contest.id, [0] * len(contest.choices))),
            against_all=int(line_row[2 + LINE_COUNT] or 0) if contest.against_all else 0,
        )
    return out


def protocol_states(
    session: Session, election: Election, area: str | None = None
) -> Iterator[ProtocolState]:
    """Every expected protocol at or below an area with its state."""
    where, params = _area_filter(election, area)
    rows = session.execute(
        text(
            "SELECT p.precinct, p.contest, p.state, p.breach FROM protocol p "
            f"JOIN area a ON a.code = p.precinct WHERE 1 = 1{where}"
        ),
        params,
    )
    for precinct, contest, state, breach in rows:
        yield ProtocolState(AreaCode(precinct), ContestId(contest), State(state), bool(breach))
