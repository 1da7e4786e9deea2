"""The row that says whether the election's results are official (docs/official.md).

Every write that could change a figure, a state or a seat reads it first under a shared
lock; marking and unlocking take that lock exclusively. On PostgreSQL it is a
transaction-level advisory lock (so a workstation's login needs no more than SELECT on
the row to be held by it): a mark waits until every write that read "unofficial" has
committed, and a write that starts meanwhile waits for the mark and then reads
"official" (read committed: the statement after the lock sees the mark). SQLite's `BEGIN
IMMEDIATE` serializes writers already.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from kztally.domain.audit import figures_digest, results_digest
from kztally.domain.entry import State
from kztally.storage import protocols
from kztally.storage.models import DataVersion, ResultsStatusRow

ROW = 1


@dataclass(frozen=True, slots=True)
class Status:
    """Official or not; when and by whom it was marked."""

    official: bool
    marked_at: dt.datetime | None = None
    marked_by: str | None = None


UNOFFICIAL = Status(False)


_LOCK = 0x6B6F
"""The advisory lock namespace of the results' status ('ko')."""


def read(session: Session, *, lock: bool = False, for_update: bool = False) -> Status:
    """The status as stored; `lock`: under the shared lock (writes that the status
    forbids), `for_update`: under the exclusive one (marking, unlocking), both held to
    the transaction's end. A missing row reads as unofficial (`kztally audit verify`
    names it)."""
    if (lock or for_update) and session.get_bind().dialect.name == "postgresql":
        how = "pg_advisory_xact_lock" if for_update else "pg_advisory_xact_lock_shared"
        session.execute(text(f"SELECT {how}(CAST(:ns AS integer), 1)"), {"ns": _LOCK})
    found = stored(session)
    return UNOFFICIAL if found is None else found


def stored(session: Session) -> Status | None:
    """The row as it is (None: missing)."""
    stmt = select(ResultsStatusRow.official, ResultsStatusRow.marked_at, ResultsStatusRow.marked_by)
    stmt = stmt.where(ResultsStatusRow.id == ROW)
    row = session.execute(stmt).first()
    if row is None:
        return None
    return Status(bool(row.official), row.marked_at, row.marked_by)


def write(session: Session, status: Status) -> None:
    """Store the status (the row is made again if it went missing)."""
    values = {
        "official": status.official,
        "marked_at": status.marked_at,
        "marked_by": status.marked_by,
    }
    done = session.execute(
        update(ResultsStatusRow).where(ResultsStatusRow.id == ROW).values(**values)
    )
    if not getattr(done, "rowcount", 1):
        session.execute(insert(ResultsStatusRow).values(id=ROW, **values))


def data_version(session: Session) -> int:
    """The data version as this transaction reads it."""
    return int(session.execute(select(DataVersion.value).where(DataVersion.id == 1)).scalar_one())


def digest(session: Session) -> tuple[str, int, int]:
    """The SHA-256 of the results as they stand (`kztally.domain.audit.results_digest`),
    how many protocols there are, and how many of them are neither accepted nor
    annulled."""
    rows = []
    outstanding = 0
    for p in protocols.summaries(session):
        figures = None
        if p.figures is not None:
            f = p.figures
            figures = figures_digest(f.lines, f.votes, f.against_all)
        rows.append((p.precinct, p.contest, p.state.value, p.round, p.breach, figures))
        outstanding += p.state not in (State.ACCEPTED, State.ANNULLED)
    return results_digest(rows), len(rows), outstanding
