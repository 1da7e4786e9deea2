"""Version 2 of the protocol file carries the formal parts; version 1 files still load."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from kztally.domain.election import Election
from kztally.domain.formal import Formal
from kztally.formats.load import FormatError, load_protocol
from kztally.formats.protocol_json import (
    ProtocolFile,
    plainly_valid,
    protocol_from_dict,
    protocol_to_dict,
)
from tests.formats.test_protocol_format import entry_document, first_entry

TZ = dt.timezone(dt.timedelta(hours=5))
PARTS = Formal(
    9, 11, dt.datetime(2023, 3, 19, 20, tzinfo=TZ), dt.datetime(2023, 3, 20, 1, 35, tzinfo=TZ), 21
)


def _document(election: Election, formal: Formal | None) -> dict[str, Any]:
    from kztally.formats.protocol_json import election_ref

    pf = ProtocolFile(election_ref(election), "P00421", "MZ-L", first_entry(), formal)  # type: ignore[arg-type]
    return protocol_to_dict(pf, election.contest("MZ-L"))


def _load(tmp_path: Path, election: Election, document: Any) -> ProtocolFile:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return load_protocol(path, election)


def test_formal_parts_round_trip_in_version_2(election: Election, tmp_path: Path) -> None:
    d = _document(election, PARTS)
    assert d["version"] == 2
    assert list(d)[-1] == "formal"
    assert d["formal"] == {
        "members_present": 9,
        "members_total": 11,
        "count_began": "2023-03-19T20:00+05:00",
        "count_ended": "2023-03-20T01:35+05:00",
        "requests": 21,
    }
    assert plainly_valid(d)
    back = _load(tmp_path, election, d)
    assert back.formal == PARTS
    assert back.formal is not None and back.formal.count_began is not None
    assert back.formal.count_began.utcoffset() == dt.timedelta(hours=5)  # local time kept


def test_a_file_without_formal_parts_has_none(election: Election, tmp_path: Path) -> None:
    d = _document(election, None)
    assert "formal" not in d
    assert _load(tmp_path, election, d).formal is None
    d["formal"] = None
    assert _load(tmp_path, election, d).formal is None


def test_version_1_files_still_load(election: Election, tmp_path: Path) -> None:
    d = entry_document(election, version=1)
    assert plainly_valid(d)
    pf = _load(tmp_path, election, d)
    assert pf.formal is None and pf.entry == first_entry()
    d["formal"] = _document(election, PARTS)["formal"]
    assert not plainly_valid(d)
    with pytest.raises(FormatError, match="formal: formal parts are new in version 2"):
        _load(tmp_path, election, d)


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ({"members_present": 12}, "formal.members_present", "12 members present of 11"),
        ({"members_total": 100}, "formal.members_total", "100 is above the bound 99"),
        ({"requests": -1}, "formal.requests", "-1 is below zero"),
        ({"count_began": "2023-03-19T20:00"}, "formal.count_began", "ISO 8601"),
        ({"count_ended": "2023-03-19T19:00+05:00"}, "formal.count_ended", "ended"),
        ({"colour": "red"}, "formal.colour", "not a field"),
    ],
)
def test_bad_formal_parts_name_the_place(
    election: Election, tmp_path: Path, change: dict[str, Any], where: str, message: str
) -> None:
    d = _document(election, PARTS)
    d["formal"].update(change)
    if "members_present" not in change and "count_ended" not in change:
        assert not plainly_valid(d)  # the schema's own bounds (the rest is the reader's)
    with pytest.raises(FormatError) as err:
        _load(tmp_path, election, d)
    assert err.value.where == where
    assert message in err.value.message


def test_conversion_checks_formal_parts_without_the_schema(election: Election) -> None:
    d = _document(election, PARTS)
    d["formal"]["count_ended"] = "2023-03-19T19:00+05:00"
    with pytest.raises(ValueError, match="before it began"):
        protocol_from_dict(d, election)
