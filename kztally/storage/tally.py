"""The sums of accepted protocols and the state of every protocol, straight from SQL.

Results are computed from these in kztally.services.results; `bare_aggregate` is the
plain SQL the benchmark compares the whole recount with.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.orm import Session

from kztally.domain.election import Election
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import LINE_COUNT
from kztally.domain.tally import Totals
from kztally.storage.errors import StorageError

_LINES = ", ".join(f"SUM(p.line{n})" for n in range(1, LINE_COUNT + 1))


@dataclass(frozen=True, slots=True)
class ProtocolState:
    precinct: AreaCode
    contest: ContestId
    state: State
    breach: bool


def _area_filter(election: Election, area: str | None) -> tuple[str, str, dict[str, str]]:
    """(join, condition, parameters) limiting protocols to an area; nothing for the root."""
    if area is None or area == election.root.code:
        return "", "", {}
    return (
        " JOIN area a ON a.code = p.precinct",
        " AND a.path LIKE :prefix",
        {"prefix": area_paths_prefix(election, area) + "%"},
    )


def area_paths_prefix(election: Election, area: str) -> str:
    """The stored path of an area (a subtree's rows share it as a prefix)."""
    chain = [election.area(area), *election.ancestors(area)]
    return "/" + "/".join(a.code for a in reversed(chain)) + "/"


def _lines_sql(join: str, where: str) -> str:
    return (
        f"SELECT p.contest, COUNT(*), {_LINES}, SUM(p.against_all) FROM protocol p{join} "
        f"WHERE p.state = 'accepted'{where} GROUP BY p.contest"
    )


def _votes_sql(dialect: str, join: str, where: str, key: str = "p.contest") -> str:
    """Vote lines summed by `key` (the contest, or the precinct) and line."""
    if dialect == "sqlite":
        return (
            f"SELECT {key}, CAST(j.key AS INTEGER), SUM(j.value) "
            f"FROM protocol p{join}, json_each(p.votes) j "
            f"WHERE p.state = 'accepted'{where} GROUP BY {key}, j.key"
        )
    return (
        f"SELECT {key}, j.ord - 1, SUM(CAST(j.val AS BIGINT)) "
        f"FROM protocol p{join} "
        "CROSS JOIN LATERAL json_array_elements_text(CAST(p.votes AS json)) "
        "WITH ORDINALITY AS j(val, ord) "
        f"WHERE p.state = 'accepted'{where} GROUP BY {key}, j.ord"
    )


def bare_aggregate(session: Session, election: Election, area: str | None = None) -> int:
    """The plain SQL sums the recount rests on, rows fetched and nothing else: the
    benchmark's baseline. Returns the number of rows fetched."""
    join, where, params = _area_filter(election, area)
    dialect = session.get_bind().dialect.name
    lines = session.execute(text(_lines_sql(join, where)), params).all()
    votes = session.execute(text(_votes_sql(dialect, join, where)), params).all()
    return len(lines) + len(votes)


def contest_totals(
    session: Session, election: Election, area: str | None = None
) -> dict[ContestId, Totals]:
    """Totals of the accepted protocols of every contest held at or below an area."""
    join, where, params = _area_filter(election, area)
    dialect = session.get_bind().dialect.name
    lines = session.execute(text(_lines_sql(join, where)), params).all()
    votes: dict[str, list[int]] = {}
    for contest_id, index, total in session.execute(text(_votes_sql(dialect, join, where)), params):
        contest = election.contest(contest_id)
        row = votes.setdefault(contest_id, [0] * len(contest.choices))
        row[int(index)] = _whole(total)
    out: dict[ContestId, Totals] = {}
    for line_row in lines:
        contest = election.contest(str(line_row[0]))
        out[contest.id] = Totals(
            protocols=int(line_row[1]),
            lines=tuple(_whole(v) for v in line_row[2 : 2 + LINE_COUNT]),
            votes=tuple(votes.get(contest.id, [0] * len(contest.choices))),
            against_all=_whole(line_row[2 + LINE_COUNT]) if contest.against_all else 0,
        )
    return out


def _whole(value: object) -> int:
    """A sum as the database gave it, which must be a whole number: totals are exact
    integers, never floats. SQLite sums JSON integers exactly but reads a JSON number
    beyond 64 bits (10^30) as floating point, and casting would clip it: such a sum is
    refused instead (the services' bounds keep such a figure out; only a database edited
    by hand can hold one). PostgreSQL refuses it in the CAST to BIGINT."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)  # PostgreSQL's SUM of BIGINT is NUMERIC
    raise StorageError(
        f"a sum of stored figures is not a whole number ({value!r}): a figure "
        "out of bounds was written to the database outside kztally"
    )


def precinct_totals(
    session: Session, election: Election, contest: ContestId, area: str | None = None
) -> dict[AreaCode, Totals]:
    """Each accepted protocol of one contest at or below an area, as totals by precinct
    (the rows the results of any smaller area are summed from)."""
    join, where, params = _area_filter(election, area)
    where += " AND p.contest = :contest"
    params = {**params, "contest": contest}
    dialect = session.get_bind().dialect.name
    c = election.contest(contest)
    lines_sql = (
        f"SELECT p.precinct, COUNT(*), {_LINES}, SUM(p.against_all) FROM protocol p{join} "
        f"WHERE p.state = 'accepted'{where} GROUP BY p.precinct"
    )
    votes_sql = _votes_sql(dialect, join, where, key="p.precinct")
    votes: dict[str, list[int]] = {}
    for precinct, index, total in session.execute(text(votes_sql), params):
        row = votes.setdefault(precinct, [0] * len(c.choices))
        row[int(index)] = _whole(total)
    out: dict[AreaCode, Totals] = {}
    for r in session.execute(text(lines_sql), params):
        out[AreaCode(str(r[0]))] = Totals(
            protocols=int(r[1]),
            lines=tuple(_whole(v) for v in r[2 : 2 + LINE_COUNT]),
            votes=tuple(votes.get(str(r[0]), [0] * len(c.choices))),
            against_all=_whole(r[2 + LINE_COUNT]) if c.against_all else 0,
        )
    return out


def protocol_states(
    session: Session, election: Election, area: str | None = None, *, outstanding: bool = False
) -> Iterator[ProtocolState]:
    """Every expected protocol at or below an area with its state (only those not yet
    accepted or annulled when `outstanding`)."""
    join, where, params = _area_filter(election, area)
    if outstanding:
        where += " AND p.state NOT IN ('accepted', 'annulled')"
    rows = session.execute(
        text(
            "SELECT p.precinct, p.contest, p.state, p.breach "
            f"FROM protocol p{join} WHERE 1 = 1{where}"
        ),
        params,
    )
    for precinct, contest, state, breach in rows:
        yield ProtocolState(AreaCode(precinct), ContestId(contest), State(state), bool(breach))


def state_counts(
    session: Session, election: Election, area: str | None = None
) -> Iterator[tuple[ContestId, State, bool, int]]:
    """How many protocols of each contest are in each state (and breach flag)."""
    join, where, params = _area_filter(election, area)
    rows = session.execute(
        text(
            "SELECT p.contest, p.state, p.breach, COUNT(*) "
            f"FROM protocol p{join} WHERE 1 = 1{where} GROUP BY p.contest, p.state, p.breach"
        ),
        params,
    )
    for contest, state, breach, n in rows:
        yield ContestId(contest), State(state), bool(breach), int(n)


_DONE = "CASE WHEN p.state IN ('accepted', 'annulled') THEN 1 ELSE 0 END"


def electorate_coverage(
    session: Session, election: Election, area: str | None = None
) -> tuple[dict[str, tuple[int, int]], tuple[int, int]]:
    """The electorate of the precincts at or below an area, and of those whose protocols
    are all accepted or annulled: per body (counting that body's protocols), and overall."""
    join, where, params = _area_filter(election, area)
    per_body = session.execute(
        text(
            "SELECT x.body, SUM(e.electorate), SUM(e.electorate * x.done) FROM ("
            f"SELECT c.body AS body, p.precinct AS precinct, MIN({_DONE}) AS done "
            f"FROM protocol p JOIN contest c ON c.id = p.contest{join} WHERE 1 = 1{where} "
            "GROUP BY c.body, p.precinct) x JOIN area e ON e.code = x.precinct GROUP BY x.body"
        ),
        params,
    ).all()
    overall = session.execute(
        text(
            "SELECT SUM(e.electorate), SUM(e.electorate * x.done) FROM ("
            f"SELECT p.precinct AS precinct, MIN({_DONE}) AS done "
            f"FROM protocol p{join} WHERE 1 = 1{where} GROUP BY p.precinct) x "
            "JOIN area e ON e.code = x.precinct"
        ),
        params,
    ).one()
    bodies = {str(b): (int(t or 0), int(c or 0)) for b, t, c in per_body}
    return bodies, (int(overall[0] or 0), int(overall[1] or 0))
