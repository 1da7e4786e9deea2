"""The results tables of an export: one CSV per contest, a row per precinct."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from kztally.domain.election import Area, AreaKind, Election
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import LINE_COUNT
from kztally.services.official import OfficialStatus
from kztally.storage import protocols as protocol_store


def results_tables(
    election: Election,
    summaries: Iterable[protocol_store.ProtocolSummary],
    status: OfficialStatus | None = None,
) -> list[tuple[ContestId, str]]:
    """(contest, CSV text) for every contest: one row per precinct that votes in it,
    each ending with whether the results are official and the audit chain's head
    (`COUNT:` and 16 hex digits) as of the figures, when `status` is given."""
    tail = [] if status is None else [status.word, status.short_head]
    by_key = {(s.precinct, s.contest): s for s in summaries}
    rows: dict[ContestId, list[list[str]]] = {c.id: [] for c in election.contests}
    place: dict[AreaCode, tuple[str, str]] = {}

    def where(area: Area) -> tuple[str, str]:
        found = place.get(area.code)
        if found is None:
            district = region = ""
            for a in election.ancestors(area.code):
                if a.kind is AreaKind.DISTRICT and not district:
                    district = a.name
                elif a.kind is AreaKind.REGION and not region:
                    region = a.name
            found = (district, region)
            place[area.code] = found
        return found

    def cell(v: int | None) -> str:
        return "" if v is None else str(v)

    for area in election.precincts():
        district, region = where(area)
        for cid in area.contests:
            contest = election.contest(cid)
            s = by_key.get((area.code, cid))
            state = s.state if s is not None else State.NOT_ENTERED
            figures = s.figures if s is not None and state is State.ACCEPTED else None
            n = len(contest.choices)
            lines = figures.lines if figures else (None,) * LINE_COUNT
            votes = figures.votes if figures else (None,) * n
            row = [area.code, area.number or "", area.name, district, region, state.value]
            row += [cell(v) for v in lines] + [cell(v) for v in votes]
            if contest.against_all:
                row.append(cell(figures.against_all if figures else None))
            rows[cid].append(row + tail)

    out = []
    for contest in election.contests:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        header = ["precinct", "number", "name", "district", "region", "state"]
        header += [f"line {n}" for n in range(1, LINE_COUNT + 1)]
        header += [c.name for c in contest.choices]
        if contest.against_all:
            header.append("against all")
        if status is not None:
            header += ["results", "audit head"]
        writer.writerow(header)
        writer.writerows(rows[contest.id])
        out.append((contest.id, buffer.getvalue()))
    return out
