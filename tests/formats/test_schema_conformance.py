"""The fast schema check agrees with jsonschema on valid and broken documents alike."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kztally.domain.election import Election
from kztally.domain.entry import Case, Entry, EntryKind, State, Transition
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Act, Figures
from kztally.formats.election_json import election_to_dict
from kztally.formats.load import _validator, conforms, load_election
from kztally.formats.protocol_json import (
    Decision,
    ProtocolRecord,
    Revision,
    entry_file,
    plainly_valid,
    protocol_to_dict,
    record_file,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
AT = dt.datetime(2023, 3, 19, 22, 0, tzinfo=dt.timezone(dt.timedelta(hours=6)))
F = Figures((1000, 900, 700, 20, 180, 690, 20, 10), (380, 80, 70, 50, 20, 60, 32), 8)

VALUES = st.sampled_from(
    [None, True, False, 0, 1, -1, 2, 1.5, 12.0, "", " ", "x", "P00421", "1/20", "0.05",
     "2023-03-19", "2023-03-19T22:00:00+06:00", "2023-03-19T22:00:00", "first", "record",
     "accepted", "mobile_box_excess", "supervisor", "K6", "kk", "sha256:" + "a" * 64, [], {},
     [1, 2], [None] * 8, {"kk": "x"}, {"AMANAT": 1},
     # the bounds of kztally.domain.limits, on either side
     10_000_000, 10_000_001, 2**31, 10**30, "a" * 40, "a" * 41, "a" * 64, "a" * 65,
     "a" * 200, "a" * 201, "a" * 2000, "a" * 2001, "a" * 300, "a" * 301]
)  # fmt: skip


def documents() -> list[dict[str, Any]]:
    election = load_election(FIXTURES / "small-election.json")
    contest = election.contest("MZ-L")
    entry = protocol_to_dict(entry_file(election, "P00421", "MZ-L", Entry(F, "aliya", AT)), contest)
    e1 = Entry(F, "aliya", AT)
    record = ProtocolRecord(
        AreaCode("P00421"),
        ContestId("MZ-L"),
        Case(State.ACCEPTED, 1, e1, Entry(F, "bolat", AT, kind=EntryKind.SECOND), e1),
        (Decision(Transition.ACCEPT, "dana", AT),),
        (
            Revision(1, Transition.FIRST_ENTRY, "aliya", AT, figures=F),
            Revision(2, Transition.ACCEPT, "dana", AT, acts=frozenset({Act.MOBILE_BOX_EXCESS})),
        ),
    )
    return [
        election_to_dict(election),
        entry,
        protocol_to_dict(record_file(election, record), contest),
    ]


DOCUMENTS = documents()


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += paths(v, (*prefix, i))
    return out


def get(node: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        node = node[p]
    return node


def name(doc: dict[str, Any]) -> str:
    return "election" if doc["format"] == "kztally.election" else "protocol"


@pytest.mark.parametrize("doc", DOCUMENTS, ids=["election", "entry", "record"])
def test_valid_documents_conform(doc: dict[str, Any]) -> None:
    assert conforms(doc, name(doc))  # type: ignore[arg-type]
    assert _validator(name(doc)).is_valid(doc)  # type: ignore[arg-type]
    assert plainly_valid(doc) == (name(doc) == "protocol")


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mutated_documents_get_the_same_verdict(data: st.DataObject) -> None:
    doc = copy.deepcopy(data.draw(st.sampled_from(DOCUMENTS)))
    for _ in range(data.draw(st.integers(1, 2))):
        path = data.draw(st.sampled_from(paths(doc)))
        action = data.draw(st.sampled_from(["set", "delete", "add", "append"]))
        target = get(doc, path)
        if action == "set" and path:
            get(doc, path[:-1])[path[-1]] = copy.deepcopy(data.draw(VALUES))
        elif action == "delete" and path:
            parent = get(doc, path[:-1])
            del parent[path[-1]]
        elif action == "add" and isinstance(target, dict):
            key = data.draw(st.sampled_from(["extra", "kind", "state", "lines", "names", "1"]))
            target[key] = copy.deepcopy(data.draw(VALUES))
        elif action == "append" and isinstance(target, list):
            target.append(copy.deepcopy(target[0]) if target else copy.deepcopy(data.draw(VALUES)))
    schema_name = name(doc) if isinstance(doc.get("format"), str) else "protocol"
    if schema_name not in ("election", "protocol"):
        schema_name = "protocol"
    valid = _validator(schema_name).is_valid(doc)  # type: ignore[arg-type]
    assert conforms(doc, schema_name) == valid  # type: ignore[arg-type]
    # the protocol's quick look never passes what the schema refuses
    assert not plainly_valid(doc) or (valid and schema_name == "protocol")


def test_every_keyword_is_understood(election: Election) -> None:
    """conforms() refuses keywords it does not implement, so a schema change that adds one
    fails here rather than passing documents unchecked."""
    assert conforms(election_to_dict(election), "election")
