"""The bounds of `kztally.domain.limits` as the formats apply them: the JSON Schemas say
the same numbers, and parsing refuses deep nesting, NUL characters and lone surrogates
with the place, however the file reaches kztally (the schema or the quick look)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest

from kztally.domain import formal, limits
from kztally.domain.election import Election
from kztally.domain.entry import Entry
from kztally.domain.protocol import Figures
from kztally.formats.load import (
    FormatError,
    dumps,
    guard_problem,
    parse_json,
    parse_protocol,
    schema,
)
from kztally.formats.protocol_json import (
    ProtocolDataError,
    entry_file,
    plainly_valid,
    protocol_from_dict,
    protocol_to_dict,
)


def walk(node: Any, path: str = "") -> Iterator[tuple[str, str, Any]]:
    """(path, keyword, value) of every bound keyword in a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("maximum", "maxLength"):
                yield path, key, value
            yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}/{i}")


def test_the_schemas_say_the_bounds_of_the_code() -> None:
    protocol = schema("protocol")["$defs"]
    assert protocol["count"]["minimum"] == 0
    assert protocol["count"]["maximum"] == limits.FIGURE_MAX
    assert protocol["person"]["maxLength"] == limits.NAME_MAX
    assert protocol["code"]["maxLength"] == limits.CODE_MAX
    assert protocol["electionRef"]["properties"]["id"]["maxLength"] == limits.ELECTION_ID_MAX
    for kind in ("decision", "revision"):
        words = protocol[kind]["properties"]
        assert words["reason"]["maxLength"] == limits.REASON_MAX
        assert words["reference"]["maxLength"] == limits.REFERENCE_MAX
    election = schema("election")
    assert election["properties"]["id"]["maxLength"] == limits.ELECTION_ID_MAX
    assert election["$defs"]["code"]["maxLength"] == limits.CODE_MAX
    area = election["$defs"]["area"]["properties"]
    assert area["electorate"]["maximum"] == limits.FIGURE_MAX
    assert area["name"]["maxLength"] == limits.TITLE_MAX
    parts = protocol["formal"]["properties"]
    assert parts["members_present"]["maximum"] == formal.MEMBERS_MAX
    assert parts["requests"]["maximum"] == formal.REQUESTS_MAX
    # and no other number: every bound in either schema is one of the code's
    known = {
        "maximum": {limits.FIGURE_MAX, formal.MEMBERS_MAX, formal.REQUESTS_MAX},
        "maxLength": {
            limits.NAME_MAX,
            limits.REASON_MAX,
            limits.REFERENCE_MAX,
            limits.CODE_MAX,
            limits.ELECTION_ID_MAX,
            limits.TITLE_MAX,
        },
    }
    found = [(n, *b) for n in ("protocol", "election") for b in walk(schema(n))]  # type: ignore[arg-type]
    assert len(found) > 20
    assert [f for f in found if f[3] not in known[f[2]]] == []


def test_nesting_is_bounded_without_recursion() -> None:
    at_bound: Any = []
    for _ in range(limits.DEPTH_MAX - 2):  # with the object around it: DEPTH_MAX levels
        at_bound = [at_bound]
    text = json.dumps({"a": at_bound})
    assert parse_json(text, "x.json") == {"a": at_bound}
    with pytest.raises(FormatError) as caught:
        parse_json(json.dumps({"a": [at_bound]}), "x.json")
    assert (
        str(caught.value)
        == f"x.json: a{'[0]' * (limits.DEPTH_MAX - 1)}: nested deeper than 32 levels"
    )
    with pytest.raises(FormatError) as caught:
        parse_json("{" + '"a":{' * 100_000 + "}" * 100_001, "x.json")
    assert str(caught.value) == "x.json: nested deeper than 32 levels"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": ["ok", "b\\u0000"]}', "x.json: a[1]: a NUL character at character 2"),
        ('{"a": {"b\\ud800": 1}}',
         "x.json: a: a key has a lone surrogate \\ud800 at character 2 (not Unicode text)"),
        ('["\\udfff"]', "x.json: [0]: a lone surrogate \\udfff at character 1 (not Unicode text)"),
        ('{"n": ' + "9" * 5000 + "}", "x.json: a number has too many digits to be a count"),
    ],
)  # fmt: skip
def test_texts_that_cannot_be_stored_are_refused(text: str, message: str) -> None:
    with pytest.raises(FormatError) as caught:
        parse_json(text, "x.json")
    assert str(caught.value) == message


def test_a_surrogate_pair_is_a_character_not_a_lone_surrogate() -> None:
    assert parse_json('["\\ud83d\\uddf3 ballot"]', "x.json") == ["\U0001f5f3 ballot"]
    assert guard_problem(["\U0001f5f3"]) is None


F = Figures((1000, 900, 700, 20, 180, 690, 20, 10), (380, 80, 70, 50, 20, 60, 32), 8)
AT = dt.datetime(2023, 3, 19, 22, 10, tzinfo=dt.UTC)
TOO_BIG = limits.FIGURE_MAX + 1


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ({"against_all": TOO_BIG}, "against_all", "10000001 is above the bound 10000000"),
        ({"against_all": -1}, "against_all", "-1 is below zero"),
        ({"by": "a" * 65}, "by", "65 characters, longer than the 64 allowed"),
        ({"by": "a\x00"}, "by", "a NUL character at character 2"),
        ({"precinct": "P" * 41}, "precinct", "41 characters, longer than the 40 allowed"),
    ],
)
def test_every_reader_refuses_the_same_value(
    election: Election, change: dict[str, Any], where: str, message: str
) -> None:
    """The schema (with its words) and `protocol_from_dict` give the same words; the quick
    look import uses never passes such a value to the schema-free path."""
    contest = election.contest("MZ-L")
    document = protocol_to_dict(
        entry_file(election, "P00421", "MZ-L", Entry(F, "aliya", AT)), contest
    )
    document = json.loads(dumps(document)) | change
    with pytest.raises(FormatError) as caught:
        parse_protocol(json.dumps(document), election, "p.json")
    assert (caught.value.where, caught.value.message) == (where, message)
    if where == "precinct":
        assert not plainly_valid(document)
        return
    with pytest.raises(ProtocolDataError) as direct:
        protocol_from_dict(document, election)
    assert (direct.value.where, direct.value.message) == (where, message)
