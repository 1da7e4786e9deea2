"""The examples in docs/formats.md are real files: they load, and they match the writers."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kztally.formats.election_json import election_to_dict
from kztally.formats.load import dumps, parse_election, parse_protocol
from kztally.formats.protocol_json import protocol_to_dict

DOC = Path(__file__).resolve().parents[2] / "docs" / "formats.md"


def examples() -> list[str]:
    return re.findall(r"```json\n(.*?)\n```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_the_examples_load_and_are_written_as_kztally_writes_them() -> None:
    election_text, entry_text, record_text = examples()
    election = parse_election(election_text, "formats.md election example")
    assert dumps(election_to_dict(election)) == election_text + "\n"
    contest = election.contest("MZ-L")
    for text, kind in ((entry_text, "first"), (record_text, "record")):
        protocol = parse_protocol(text, election, f"formats.md {kind} example")
        assert protocol.kind == kind
        assert dumps(protocol_to_dict(protocol, contest)) == text + "\n"
        assert json.loads(text)["election"]["hash"] == json.loads(election_text)["identity"]["hash"]
