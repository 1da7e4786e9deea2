"""The row that says whether the election's results are official (docs/official.md).

Every write that could change a figure, a state or a seat reads it first under a share
lock; marking and unlocking take it for update. On PostgreSQL the lock orders them: a
mark waits until every write that read "unofficial" has committed, and a write that
starts meanwhile waits for the mark and then reads "official". SQLite's `BEGIN
IMMEDIATE` serializes writers already (FOR SHARE / FOR UPDATE are not written there).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import insert, select, update
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


def read(session: Session, *, lock: bool = False, for_update: bool = False) -> Status:
    """The status as stored; `lock`: under a share lock (writes that the status forbids),
    `for_update`: under an exclusive one (marking, unlocking). A missing row reads as
    unofficial (`kztally audit verify` names it)."""
    found = stored(session, lock=lock, for_update=for_update)
    return UNOFFICIAL if found is None else found


def stored(session: Session, *, lock: bool = False, for_update: bool = False) -> Status | None:
    """The row as it is (None: missing)."""
    stmt = select(ResultsStatusRow.official, ResultsStatusRow.marked_at, ResultsStatusRow.marked_by)
    stmt = stmt.where(ResultsStatusRow.id == ROW)
    if for_update:
        stmt = stmt.with_for_update()
    elif lock:
        stmt = stmt.with_for_update(read=True)
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
