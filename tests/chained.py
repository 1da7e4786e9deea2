"""An audit chain written for hand-made record files, as anyone with the files could
write one: the events, head and revision items of `docs/formats.md`, recomputed from
the records alone. Tests of what an import's replay refuses use it, so that the chain
(which such a writer can always recompute) is not what stops their forgeries."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from kztally.domain.audit import GENESIS, Draft, EventCode, Head, extend, figures_digest
from kztally.domain.election import Election
from kztally.domain.entry import Transition
from kztally.formats import election_json, protocol_json
from kztally.formats.load import FormatError, dumps
from kztally.formats.protocol_json import ProtocolRecord
from kztally.services.eventfiles import write_events, write_lines
from kztally.services.transfer import read_protocol
from kztally.services.transfer.chain import EVENTS_FILE, HEAD_FILE, REVISIONS_FILE, record_digests

AT = dt.datetime(2023, 3, 19, 20, 0, tzinfo=dt.UTC)
_KINDS = {
    Transition.FIRST_ENTRY: "first",
    Transition.SECOND_ENTRY: "second",
    Transition.CORRECT: "correction",
}


def items(record: ProtocolRecord) -> list[dict[str, Any]]:
    """Line items for a record's revisions, as the state machine would have left them
    (a state, a round, the entry each is about) for a lawful history."""
    out = []
    round_ = 1
    first: dict[str, Any] | None = None
    second: dict[str, Any] | None = None
    agreed: dict[str, Any] | None = None
    first_figures = None
    for r in record.revisions:
        t = r.transition
        made = {"by": r.by, "at": r.at.isoformat()}
        entry: dict[str, Any] | None = None
        if t in (Transition.FIRST_ENTRY, Transition.REVISE_FIRST):
            entry = first = {"kind": "first", **made}
            first_figures = r.figures
            state = "first_entry"
        elif t is Transition.SECOND_ENTRY:
            entry = second = {"kind": "second", **made}
            same = r.figures == first_figures
            agreed = second if same else None
            state = "pending" if same else "entries_differ"
        elif t in (Transition.KEEP_FIRST, Transition.KEEP_SECOND):
            entry = agreed = first if t is Transition.KEEP_FIRST else second
            state = "pending"
        elif t is Transition.CORRECT:
            entry = agreed = {"kind": "correction", **made}
            state = "pending"
        elif t in (Transition.ACCEPT, Transition.ACCEPT_WARNINGS, Transition.ACCEPT_BREACH):
            entry, state = agreed, "accepted"
        elif t is Transition.SEND_BACK:
            first = second = agreed = None
            state = "not_entered"
        elif t is Transition.RECOUNT:
            first = second = agreed = None
            round_ += 1
            state = "not_entered"
        else:
            state = "annulled"
        if r.figures is None:
            entry = None
        elif entry is None:
            entry = {"kind": "first", **made}
        out.append(
            {
                "round": round_,
                "state": state,
                "role": "supervisor",
                "system": None,
                "findings": "",
                "run_by": None,
                "source": None,
                "source_sha256": None,
                "entry": entry,
            }
        )
    return out


def seal(folder: Path, election: Election) -> Head:
    """Write `folder/audit/` for the record files in `folder` and `folder/protocols/`
    (and `folder/election.json` when there is none)."""
    definition = folder / "election.json"
    if not definition.exists():
        definition.write_text(dumps(election_json.election_to_dict(election)), encoding="utf-8")
    ref = protocol_json.election_ref(election)
    drafts = [
        Draft(EventCode.ELECTION_LOADED, "writer", None, "", AT,
              {"id": election.id, "hash": ref.hash, "training": election.training})
    ]  # fmt: skip
    lines = []
    paths = sorted(folder.glob("*.json")) + sorted(folder.glob("protocols/*.json"))
    for path in paths:
        if path == definition:
            continue
        try:
            record = read_protocol(path, election).record
        except FormatError:
            continue  # the import says what is wrong with it
        if record is None:
            continue
        extras = items(record)
        agreed = None if record.case.agreed is None else record.case.agreed.figures
        content = {
            "precinct": record.precinct,
            "contest": record.contest,
            "revisions": record_digests(record, extras),
            "state": record.case.state.value,
            "round": record.case.round,
            "figures": None
            if agreed is None
            else figures_digest(agreed.lines, agreed.votes, agreed.against_all),
            "system": "writer",
        }
        drafts.append(Draft(EventCode.PROTOCOL_RECORDED, "writer", None, "", AT, content))
        name = path.relative_to(folder).as_posix()
        lines.append(
            json.dumps(
                {"file": name, "precinct": record.precinct, "contest": record.contest,
                 "revisions": extras},
                ensure_ascii=False,
            )
        )  # fmt: skip
    head = write_events(folder / EVENTS_FILE, extend(drafts, 0, GENESIS))
    write_lines(folder / REVISIONS_FILE, lines)
    write_lines(folder / HEAD_FILE, [str(head)])
    return head
