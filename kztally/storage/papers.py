"""The register of papers: which paper protocols arrived, when, how and from which file
(append-only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import insert, select

from kztally.storage.database import Session
from kztally.storage.models import PaperRow, ProtocolRow
from kztally.storage.protocols import under_area


@dataclass(frozen=True, slots=True)
class Paper:
    precinct: str
    contest: str
    round: int
    sha256: str
    how: str
    outcome: str
    code_sha256: str | None
    key: str | None
    file: str
    file_sha256: str | None
    at: dt.datetime
    by: str


def add(session: Session, protocol_id: int, paper: Paper) -> None:
    session.execute(
        insert(PaperRow),
        [
            {
                "protocol_id": protocol_id,
                "round": paper.round,
                "sha256": paper.sha256,
                "how": paper.how,
                "outcome": paper.outcome,
                "code_sha256": paper.code_sha256,
                "key": paper.key,
                "file": paper.file,
                "file_sha256": paper.file_sha256,
                "at": paper.at,
                "by": paper.by,
            }
        ],
    )


def arrived(session: Session, path_prefix: str | None = None) -> list[Paper]:
    """Every paper registered, oldest first (at or below an area's path, when given)."""
    stmt = (
        select(PaperRow, ProtocolRow.precinct, ProtocolRow.contest)
        .join(ProtocolRow, ProtocolRow.id == PaperRow.protocol_id)
        .order_by(PaperRow.id)
    )
    stmt = under_area(stmt, path_prefix)
    return [
        Paper(
            precinct,
            contest,
            row.round,
            row.sha256,
            row.how,
            row.outcome,
            row.code_sha256,
            row.key,
            row.file,
            row.file_sha256,
            row.at,
            row.by,
        )
        for row, precinct, contest in session.execute(stmt)
    ]
