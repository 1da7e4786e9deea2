"""The election definition file: schema, references, content hash, and precise errors."""

from __future__ import annotations

import copy
import json
import runpy
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from kztally.domain.election import Election
from kztally.domain.rules import RULES_2021
from kztally.formats.election_json import content_hash, election_from_dict, election_to_dict
from kztally.formats.load import (
    FormatError,
    dumps,
    election_from_document,
    load_election,
    parse_election,
    schema,
    schema_problem,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def write(tmp_path: Path, document: Any, name: str = "election.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def rehash(d: dict[str, Any]) -> dict[str, Any]:
    """A document whose identity matches its (changed) content, as a writer would make it."""
    d["identity"]["hash"] = content_hash(election_from_dict(d))
    return d


def error_of(path: Path) -> FormatError:
    with pytest.raises(FormatError) as err:
        load_election(path)
    return err.value


@pytest.fixture
def document(election: Election) -> dict[str, Any]:
    return election_to_dict(election)


def test_the_schemas_are_valid_json_schemas() -> None:
    Draft202012Validator.check_schema(schema("election"))
    Draft202012Validator.check_schema(schema("protocol"))


def test_the_committed_fixture_is_what_the_builder_writes(
    election: Election, election_path: Path
) -> None:
    """If this fails after a deliberate change, run `python tests/fixtures/small_election.py`."""
    assert json.loads(election_path.read_text(encoding="utf-8")) == election_to_dict(election)


def test_load_the_fixture(election: Election, election_path: Path) -> None:
    assert load_election(election_path) == election
    assert load_election(str(election_path)) == election


def test_round_trip_through_a_file(election: Election, tmp_path: Path) -> None:
    path = tmp_path / "e.json"
    path.write_text(dumps(election_to_dict(election)), encoding="utf-8")
    assert load_election(path) == election
    assert schema_problem(election_to_dict(election), "election") is None


def test_the_2021_rule_set_travels_in_a_file(election: Election, tmp_path: Path) -> None:
    e2021 = replace(election, rules=RULES_2021)
    loaded = load_election(write(tmp_path, election_to_dict(e2021)))
    assert loaded.rules == RULES_2021
    assert content_hash(loaded) != content_hash(election)


def test_a_byte_order_mark_is_allowed(document: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(document).encode())
    assert load_election(path).id == "TEST-2023"


def test_a_tampered_file_is_reported(document: dict[str, Any], tmp_path: Path) -> None:
    document["contests"][0]["seats"] = 70
    err = error_of(write(tmp_path, document))
    assert err.where == "identity.hash"
    assert "changed after it was written" in err.message
    assert str(err).startswith(f"{tmp_path / 'election.json'}: identity.hash: ")


def test_a_tampered_name_in_kazakh_is_reported(document: dict[str, Any], tmp_path: Path) -> None:
    document["areas"][1]["names"]["kk"] = "Ақмола"
    assert error_of(write(tmp_path, document)).where == "identity.hash"


def test_the_identity_id_must_be_the_elections(document: dict[str, Any], tmp_path: Path) -> None:
    document["identity"]["id"] = "OTHER"
    assert error_of(write(tmp_path, document)).where == "identity.id"


def test_key_order_and_spacing_do_not_change_the_hash(
    document: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "sorted.json"
    path.write_text(json.dumps(document, sort_keys=True, indent=7), encoding="utf-8")
    assert load_election(path).id == "TEST-2023"


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (lambda d: d["contests"][0].update(seats="69"), "contests[0].seats",
         'expected a whole number, found "69"'),
        (lambda d: d["contests"][0].update(seats=69.0), "contests[0].seats",
         "expected a whole number, found 69.0"),
        (lambda d: d["contests"][0].update(seats=0), "contests[0].seats",
         "expected a number ≥ 1, found 0"),
        (lambda d: d["contests"][0].update(colour="blue"), "contests[0].colour",
         "not a field of this format"),
        (lambda d: d.pop("rules"), "", '"rules" is missing'),
        (lambda d: d["contests"][1]["choices"][0].update(nominator="army"),
         "contests[1].choices[0].nominator", "expected one of party, association, self"),
        (lambda d: d["rules"].update(threshold="5%"), "rules.threshold",
         'is not an exact fraction such as 1/20'),
        (lambda d: d["areas"][3].update(electorate=-1), "areas[3].electorate",
         "-1 is below zero"),
        (lambda d: d["identity"].update(hash="md5:00"), "identity.hash",
         "is not a hash written sha256:<64 hex digits>"),
        (lambda d: d.update(date="19.03.2023"), "date", "is not a date written YYYY-MM-DD"),
        (lambda d: d.update(date="2023-02-30"), "date", "is not a date"),
        (lambda d: d["rules"]["breach_acceptable"].append("K6"), "rules.breach_acceptable[5]",
         "expected one of K1, K2, K3, K4, K5"),
        (lambda d: d["parties"][0].update(names={"Kazakh": "x"}), "parties[0].names",
         "is not a language code"),
    ],
)  # fmt: skip
def test_schema_errors_name_the_place(
    document: dict[str, Any], tmp_path: Path, change: Any, where: str, message: str
) -> None:
    change(document)
    err = error_of(write(tmp_path, document))
    assert (err.where, message in err.message) == (where, True), str(err)


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (lambda d: d["contests"][0].update(body="SENATE"), "contests[0].body",
         "SENATE is not a body"),
        (lambda d: d["contests"][0].update(area="R99"), "contests[0].area", "R99 is not an area"),
        (lambda d: d["bodies"][1].update(area="R99"), "bodies[1].area", "R99 is not an area"),
        (lambda d: d["areas"][4].update(code="P00421"), "areas[4].code", "P00421 is used twice"),
        (lambda d: d["contests"][2].update(id="MZ-L"), "contests[2].id", "MZ-L is used twice"),
        (lambda d: d["parties"][1].update(id="AMANAT"), "parties[1].id", "AMANAT is used twice"),
        (lambda d: d["areas"][3].update(parent="R99"), "areas[3].parent", "R99 is not an area"),
        (lambda d: d["areas"][3]["contests"].append("MZ-S99"), "areas[3].contests[3]",
         "MZ-S99 is not a contest"),
        (lambda d: d["contests"][0]["choices"][1].update(id="AMANAT"),
         "contests[0].choices[1].id", "AMANAT is used twice"),
        (lambda d: d["contests"][0]["choices"][1].update(id="against_all"),
         "contests[0].choices[1].id", "the name of a protocol field"),
        (lambda d: d["contests"][0]["choices"][1].update(ballot_order=1),
         "contests[0].choices[1].ballot_order", "1 is used twice"),
        (lambda d: d["contests"][0]["choices"][1].update(party="NOBODY"),
         "contests[0].choices[1].party", "NOBODY is not a party"),
        (lambda d: d["areas"][1].update(parent=None), "areas[1].parent",
         "a second area without a parent"),
        (lambda d: d["areas"][2].update(parent="P00421"), "areas[2].parent",
         "go round in a circle"),
        (lambda d: d["areas"][1].update(contests=["MZ-L"]), "areas[1].contests",
         "only a precinct lists"),
    ],
)  # fmt: skip
def test_references_inside_the_definition_are_checked(
    document: dict[str, Any], tmp_path: Path, change: Any, where: str, message: str
) -> None:
    change(document)
    err = error_of(write(tmp_path, document))
    assert (err.where, message in err.message) == (where, True), str(err)


def test_no_root_is_reported(document: dict[str, Any]) -> None:
    document["areas"][0]["parent"] = "P00421"
    with pytest.raises(FormatError) as err:
        election_from_document(document, "e.json")
    assert err.value.where == "areas"


def test_broken_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "kztally.election",\n  "version" 1\n}\n', encoding="utf-8")
    err = error_of(path)
    assert err.where == "line 3, column 13"
    assert str(err) == f"{path}: line 3, column 13: not valid JSON: Expecting ':' delimiter"


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        (b"", "", "the file is empty"),
        (b"  \n\n", "", "the file is empty"),
        (b'{"a": 1,\n "a": 2}', "line 2", 'the key "a" is written twice in one object'),
        (b'{"a": NaN}', "", "NaN is not a number"),
        (b'{"ok": true,\n"name": "\xd0\x90\xff"}', "line 2", "not UTF-8 text"),
        (b"[1, 2]", "", "expected a JSON object (kztally.election), found a list of 2"),
        (b'{"format": "kztally.protocol"}', "format", "(this is a protocol file)"),
        (b'{"format": "kztally.election", "version": 2}', "version",
         "this kztally reads version 1 of kztally.election, not 2"),
    ],
)  # fmt: skip
def test_files_that_are_not_a_definition(
    tmp_path: Path, content: bytes, where: str, message: str
) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    err = error_of(path)
    assert (err.where, message in err.message) == (where, True), str(err)


def test_a_missing_file_and_a_directory(tmp_path: Path) -> None:
    missing = error_of(tmp_path / "nope.json")
    assert str(missing) == f"{tmp_path / 'nope.json'}: no such file"
    assert error_of(tmp_path).message == "is a directory, not a file"


def test_parse_from_text_names_the_given_source(document: dict[str, Any]) -> None:
    document = copy.deepcopy(document)
    assert parse_election(json.dumps(document)).id == "TEST-2023"
    with pytest.raises(FormatError, match=r"^upload: line 1, column 1: "):
        parse_election("nope", "upload")


def test_a_changed_fixture_loads_again_once_rehashed(
    document: dict[str, Any], tmp_path: Path
) -> None:
    document["contests"][0]["seats"] = 70
    assert load_election(write(tmp_path, rehash(document))).contest("MZ-L").seats == 70


def test_the_fixture_builder_writes_the_committed_file(tmp_path: Path) -> None:
    write_fixture = runpy.run_path(str(FIXTURES / "small_election.py"))["write"]
    write_fixture(tmp_path / "again.json")
    assert json.loads((tmp_path / "again.json").read_text(encoding="utf-8")) == json.loads(
        (FIXTURES / "small-election.json").read_text(encoding="utf-8")
    )
