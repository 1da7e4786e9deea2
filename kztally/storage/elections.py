"""The loaded election: its definition as JSON, and the rows queries need (areas with
their paths, contests, and one protocol row per precinct x contest)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from kztally.domain.election import Election
from kztally.domain.entry import State
from kztally.formats.election_json import election_from_dict, election_to_dict
from kztally.storage.models import AreaRow, ContestRow, ElectionRow, ProtocolRow


@dataclass(frozen=True, slots=True)
class StoredElection:
    id: str
    name: str
    content_hash: str


def stored(session: Session) -> StoredElection | None:
    row = session.execute(
        select(ElectionRow.id, ElectionRow.name, ElectionRow.content_hash)
    ).first()
    return None if row is None else StoredElection(row.id, row.name, row.content_hash)


def load(session: Session) -> tuple[str, Election] | None:
    """The stored election and its content hash."""
    row = session.execute(select(ElectionRow.content_hash, ElectionRow.definition)).first()
    if row is None:
        return None
    return row.content_hash, election_from_dict(json.loads(row.definition))


def area_paths(election: Election) -> dict[str, str]:
    """Each area's path from the root, `/KZ/R01/R01-D02/P00421/`: a subtree is a prefix."""
    paths: dict[str, str] = {}

    def path(code: str) -> str:
        found = paths.get(code)
        if found is None:
            parent = election.area(code).parent
            found = (path(parent) if parent is not None else "/") + code + "/"
            paths[code] = found
        return found

    for a in election.areas:
        path(a.code)
    return paths


def store(session: Session, election: Election, *, at: dt.datetime, by: str) -> str:
    """Store a definition with its areas, contests and a protocol row (not entered) for
    every protocol it expects; returns its content hash."""
    document = election_to_dict(election)
    content_hash: str = document["identity"]["hash"]
    session.add(
        ElectionRow(
            id=election.id,
            name=election.name,
            content_hash=content_hash,
            definition=json.dumps(document, ensure_ascii=False, separators=(",", ":")),
            training=election.training,
            loaded_at=at,
            loaded_by=by,
        )
    )
    session.flush()
    session.execute(insert(AreaRow), area_rows(election))
    session.execute(insert(ContestRow), contest_rows(election))
    protocols = [
        {
            "precinct": precinct,
            "contest": contest,
            "state": State.NOT_ENTERED,
            "round": 1,
            "breach": False,
            "acts": "",
            "findings": "",
            "version": 1,
        }
        for precinct, contest in election.iter_protocol_keys()
    ]
    if protocols:
        session.execute(insert(ProtocolRow), protocols)
    return content_hash


def area_rows(election: Election) -> list[dict[str, Any]]:
    """The `area` table's rows as a definition makes them (parents first)."""
    paths = area_paths(election)
    return [
        {
            "code": a.code,
            "kind": a.kind,
            "name": a.name,
            "parent": a.parent,
            "path": paths[a.code],
            "number": a.number,
            "electorate": a.electorate,
        }
        for a in sorted(election.areas, key=lambda a: paths[a.code].count("/"))
    ]


def contest_rows(election: Election) -> list[dict[str, Any]]:
    """The `contest` table's rows as a definition makes them."""
    return [
        {
            "id": c.id,
            "body": c.body,
            "kind": c.kind,
            "name": c.name,
            "area": c.area,
            "seats": c.seats,
            "number": c.number,
            "choices": len(c.choices),
        }
        for c in election.contests
    ]


def stored_rows(session: Session) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The `area` and `contest` rows as stored (the columns `area_rows` and
    `contest_rows` give)."""
    areas = [dict(r._mapping) for r in session.execute(select(*AreaRow.__table__.c))]
    contests = [dict(r._mapping) for r in session.execute(select(*ContestRow.__table__.c))]
    return areas, contests
