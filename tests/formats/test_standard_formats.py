"""The standard results formats, file by file: NIST SP 1500-100 v2 JSON (checked against
the official schema), OASIS EML 510 and the OpenElections-style CSV. Each written file is
read back by `read_published` to exactly the figures written; "against all" and the
protocol lines go where docs/formats.md says; a damaged file gets a message naming the
file and the place."""

from __future__ import annotations

import copy
import csv
import dataclasses
import datetime as dt
import io
import json
import random
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator

from kztally.domain.election import Election
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.formats import eml, nist, openelections
from kztally.formats.published import (
    READER_MODULES,
    PublishedFormatError,
    read_published,
    readers,
)
from kztally.formats.standard import Accepted, Publication
from tests.conftest import make_election

P1, P2, P4 = AreaCode("P00001"), AreaCode("P00002"), AreaCode("P00004")
MZL, S01, S02 = ContestId("MZ-L"), ContestId("MZ-S01"), ContestId("MZ-S02")
LIST_FIGURES = Figures((1000, 1000, 600, 10, 390, 590, 10, 10), (300, 200, 80), 11)
SMD_FIGURES = Figures((1000, 1000, 600, 10, 390, 590, 10, 10), (400, 170), 12)
OTHER = Figures((900, 950, 500, 0, 450, 500, 0, 7), (100, 300, 90), 3)
HEAD = "41:" + "ab" * 32
WRITERS: dict[str, Callable[[Publication], bytes]] = {
    nist.NAME: nist.write,
    eml.NAME: eml.write,
    openelections.NAME: openelections.write,
}


@pytest.fixture(scope="module")
def small() -> Election:
    return make_election()


def publication(
    election: Election, protocols: tuple[Accepted, ...], *, official: bool = False
) -> Publication:
    return Publication(
        election=election,
        protocols=protocols,
        official=official,
        head=HEAD,
        generated=dt.datetime(2023, 3, 20, 6, 30, tzinfo=dt.UTC),
        complete=False,
        application="kztally test",
    )


def three(election: Election) -> Publication:
    return publication(
        election,
        (
            Accepted(P1, MZL, LIST_FIGURES),
            Accepted(P1, S01, SMD_FIGURES),
            Accepted(P4, MZL, OTHER),
        ),
    )


def written(tmp_path: Path, fmt: str, pub: Publication) -> Path:
    path = tmp_path / f"results.{fmt}"
    path.write_bytes(WRITERS[fmt](pub))
    return path


def as_dict(found: list[Any]) -> dict[tuple[str, str], Figures]:
    return {(p.precinct, p.contest): p.figures for p in found}


def test_the_three_readers_are_registered() -> None:
    assert {r.NAME for r in readers()} >= set(WRITERS)
    assert set(READER_MODULES) >= {
        "kztally.formats.nist",
        "kztally.formats.eml",
        "kztally.formats.openelections",
    }


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_a_written_file_reads_back_to_the_figures_written(
    fmt: str, small: Election, tmp_path: Path
) -> None:
    path = written(tmp_path, fmt, three(small))
    name, found = read_published(path, small)
    assert name == fmt
    assert as_dict(found) == {
        (P1, MZL): LIST_FIGURES,
        (P1, S01): SMD_FIGURES,
        (P4, MZL): OTHER,
    }
    # in the election's order, each naming the file
    assert [(p.precinct, p.contest) for p in found] == [(P1, MZL), (P1, S01), (P4, MZL)]
    assert all(p.source.startswith(str(path)) for p in found)


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_only_its_own_reader_takes_a_file(fmt: str, small: Election, tmp_path: Path) -> None:
    path = written(tmp_path, fmt, three(small))
    assert [r.NAME for r in readers() if r.sniff(path)] == [fmt]


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_a_field_the_file_lacks_reads_as_none(fmt: str, small: Election, tmp_path: Path) -> None:
    partial = Figures((1000, None, None, None, None, 590, 10, 10), (300, None, 80), None)
    path = written(tmp_path, fmt, publication(small, (Accepted(P2, MZL, partial),)))
    assert as_dict(read_published(path, small)[1]) == {(P2, MZL): partial}


figure = st.none() | st.integers(min_value=0, max_value=10**7)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.tuples(*([figure] * 8)),
    votes=st.tuples(figure, figure, figure),
    against=figure,
    fmt=st.sampled_from(list(WRITERS)),
)
def test_any_figures_round_trip(
    small: Election,
    tmp_path: Path,
    lines: tuple[int | None, ...],
    votes: tuple[int | None, ...],
    against: int | None,
    fmt: str,
) -> None:
    """Any figures, empty fields among them: what is read is what was written (a protocol
    with no figure at all leaves nothing in the file)."""
    figures = Figures(lines, votes, against)
    path = written(tmp_path, fmt, publication(small, (Accepted(P2, MZL, figures),)))
    expected = {} if all(v is None for v in (*lines, *votes, against)) else {(P2, MZL): figures}
    assert as_dict(read_published(path, small)[1]) == expected


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_a_contest_without_against_all(fmt: str, small: Election, tmp_path: Path) -> None:
    contests = tuple(
        dataclasses.replace(c, against_all=False) if c.id == S01 else c for c in small.contests
    )
    election = dataclasses.replace(small, contests=contests)
    figures = Figures(SMD_FIGURES.lines, SMD_FIGURES.votes, None)
    path = written(tmp_path, fmt, publication(election, (Accepted(P1, S01, figures),)))
    # (NIST's notes name the selection's pattern, and MZ-L keeps its own)
    marker = b"sel-MZ-S01-against_all" if fmt == "nist" else b"against_all"
    assert marker not in path.read_bytes()
    assert as_dict(read_published(path, election)[1]) == {(P1, S01): figures}
    # the same file read for an election whose contest has against all: nothing is invented
    assert as_dict(read_published(path, small)[1]) == {(P1, S01): figures}


# -- NIST SP 1500-100 v2 ---------------------------------------------------------------


def test_nist_file_is_valid_against_the_official_schema(small: Election) -> None:
    schema = nist.schema()
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    document = json.loads(nist.write(three(small)))
    Draft4Validator(schema).validate(document)


def test_the_schema_check_is_real(small: Election) -> None:
    """The validator refuses what ERR does not allow (a count type it does not know, a
    report without its issuer): the check above can fail."""
    validator = Draft4Validator(nist.schema())
    document = json.loads(nist.write(three(small)))
    assert validator.is_valid(document)
    del document["Issuer"]
    assert not validator.is_valid(document)
    document = json.loads(nist.write(three(small)))
    selection = document["Election"][0]["Contest"][0]["ContestSelection"][0]
    selection["VoteCounts"][0]["Type"] = "against-all"
    assert not validator.is_valid(document)


def test_nist_hierarchy_contests_and_people(small: Election) -> None:
    document = nist.report(three(small))
    units = {u["@id"]: u for u in document["GpUnit"]}
    assert units["gpu-KZ"]["Type"] == "country"
    assert units["gpu-KZ"]["ComposingGpUnitIds"] == ["gpu-R01", "gpu-R02"]
    assert (units["gpu-R01"]["Type"], units["gpu-R01"]["OtherType"]) == ("other", "region")
    assert units["gpu-R01-D01"]["ComposingGpUnitIds"] == ["gpu-P00001", "gpu-P00002", "gpu-P00003"]
    assert units["gpu-P00001"]["Type"] == "precinct"
    assert units["gpu-P00001"]["VotersRegistered"] == 1000
    assert units["gpu-ed-MZ-S01"]["ComposingGpUnitIds"] == [
        "gpu-P00001",
        "gpu-P00002",
        "gpu-P00003",
    ]
    contests = {c["@id"]: c for c in document["Election"][0]["Contest"]}
    assert contests["contest-MZ-L"]["@type"] == "ElectionResults.PartyContest"
    assert contests["contest-MZ-L"]["ElectionDistrictId"] == "gpu-KZ"
    assert contests["contest-MZ-S01"]["@type"] == "ElectionResults.CandidateContest"
    assert contests["contest-MZ-S01"]["ElectionDistrictId"] == "gpu-ed-MZ-S01"
    assert contests["contest-MZ-L"]["SubUnitsReported"] == 2
    assert contests["contest-MZ-L"]["TotalSubUnits"] == 6
    assert [p["@id"] for p in document["Party"]] == ["party-A", "party-B", "party-C"]
    lists = contests["contest-MZ-L"]["ContestSelection"]
    assert lists[0]["PartyIds"] == ["party-A"]
    assert lists[0]["VoteCounts"] == [
        {
            "@type": "ElectionResults.VoteCounts",
            "Count": 300,
            "GpUnitId": "gpu-P00001",
            "Type": "total",
        },
        {
            "@type": "ElectionResults.VoteCounts",
            "Count": 100,
            "GpUnitId": "gpu-P00004",
            "Type": "total",
        },
    ]
    candidates = {c["@id"]: c for c in document["Election"][0]["Candidate"]}
    persons = {p["@id"]: p for p in document["Person"]}
    smd = contests["contest-MZ-S01"]["ContestSelection"][0]
    candidate = candidates[smd["CandidateIds"][0]]
    assert candidate["BallotName"]["Text"][0]["Content"] == "Candidate 1"
    assert persons[candidate["PersonId"]]["FullName"]["Text"][0]["Content"] == "Candidate 1"


def test_nist_against_all_and_the_protocol_lines(small: Election) -> None:
    document = nist.report(three(small))
    contest = document["Election"][0]["Contest"][0]
    against = contest["ContestSelection"][-1]
    assert against["@id"] == "sel-MZ-L-against_all"
    assert against["@type"] == "ElectionResults.CandidateSelection"
    assert "CandidateIds" not in against
    assert [(c["GpUnitId"], c["Count"]) for c in against["VoteCounts"]] == [
        ("gpu-P00001", 11),
        ("gpu-P00004", 3),
    ]
    lines = {
        (b["GpUnitId"], b["OtherType"]): b["BallotsCast"]
        for b in document["Election"][0]["BallotCounts"]
    }
    assert all(b["Type"] == "other" for b in document["Election"][0]["BallotCounts"])
    assert len(lines) == 3 * 8
    assert lines[("gpu-P00001", "kz-protocol:MZ-L:line-2")] == 1000
    assert lines[("gpu-P00004", "kz-protocol:MZ-L:line-5")] == 450
    assert lines[("gpu-P00001", "kz-protocol:MZ-S01:line-8")] == 10


def test_nist_marks_official_and_the_audit_head(small: Election) -> None:
    unofficial = nist.report(three(small))
    assert unofficial["Status"] == "unofficial-partial"
    assert unofficial["IsTest"] is True
    assert unofficial["Format"] == "precinct-level"
    ids = {i["OtherType"]: i["Value"] for i in unofficial["ExternalIdentifier"]}
    assert ids == {"kztally-results": "unofficial", "kztally-audit-head": HEAD}
    assert unofficial["GeneratedDate"] == "2023-03-20T06:30:00Z"
    astana = dt.datetime(2023, 3, 20, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=6)))
    local = nist.report(dataclasses.replace(three(small), generated=astana))
    assert local["GeneratedDate"] == "2023-03-20T06:30:00Z"  # the same moment, in UTC
    complete = nist.report(dataclasses.replace(three(small), complete=True))
    assert complete["Status"] == "unofficial-complete"
    official = nist.report(publication(small, (), official=True))
    assert official["Status"] == "certified"
    assert {i["OtherType"]: i["Value"] for i in official["ExternalIdentifier"]}[
        "kztally-results"
    ] == "official"


# -- EML 510 ---------------------------------------------------------------------------

NS = {"eml": eml.NS, "kz": eml.KZ_NS}


def test_eml_one_reporting_unit_per_precinct_with_against_all_and_lines(
    small: Election,
) -> None:
    root = ET.fromstring(eml.write(three(small)))
    assert (root.tag, root.get("Id"), root.get("SchemaVersion")) == (
        f"{{{eml.NS}}}EML",
        "510",
        "5.0",
    )
    contest = root.find("eml:Count/eml:Election/eml:Contests/eml:Contest", NS)
    assert contest is not None
    assert contest.find("eml:ContestIdentifier", NS).get("Id") == "MZ-L"  # type: ignore[union-attr]
    units = contest.findall("eml:ReportingUnitVotes", NS)
    assert [u.find("eml:ReportingUnitIdentifier", NS).get("Id") for u in units] == [  # type: ignore[union-attr]
        "P00001",
        "P00004",
    ]
    unit = units[0]
    selections = unit.findall("eml:Selection", NS)
    assert selections[0].find("eml:AffiliationIdentifier", NS).get("Id") == "L-A"  # type: ignore[union-attr]
    against = selections[-1].find("eml:ReferendumOptionIdentifier", NS)
    assert against is not None and against.get("Id") == "against_all"
    assert selections[-1].findtext("eml:ValidVotes", namespaces=NS) == "11"
    assert unit.findtext("eml:Cast", namespaces=NS) == "1000"
    assert unit.findtext("eml:TotalCounted", namespaces=NS) == "591"  # 300+200+80+11
    assert unit.find("eml:RejectedVotes", NS).get("ReasonCode") == "invalid"  # type: ignore[union-attr]
    uncounted = {u.get("ReasonCode"): u.text for u in unit.findall("eml:UncountedVotes", NS)}
    assert uncounted == {
        f"line-{n}": str(v) for n, v in zip(range(2, 8), LIST_FIGURES.lines[1:7], strict=True)
    }
    # the children in EML's order: selections, Cast, TotalCounted, Rejected, Uncounted
    tags = [c.tag.split("}")[1] for c in unit]
    assert tags == [
        "ReportingUnitIdentifier",
        *["Selection"] * 4,
        "Cast",
        "TotalCounted",
        "RejectedVotes",
        *["UncountedVotes"] * 6,
    ]
    total = contest.find("eml:TotalVotes", NS)
    assert total is not None and total.findtext("eml:Cast", namespaces=NS) == "1900"
    smd = next(
        c
        for c in root.iterfind(".//eml:Contest", NS)
        if c.find("eml:ContestIdentifier", NS).get("Id") == "MZ-S01"  # type: ignore[union-attr]
    )
    assert smd is not None
    ident = smd.find(
        "eml:ReportingUnitVotes/eml:Selection/eml:Candidate/eml:CandidateIdentifier", NS
    )
    assert ident is not None and ident.get("Id") == "S01-1"
    assert [c.tag for c in root] == [
        f"{{{eml.NS}}}TransactionId",
        f"{{{eml.NS}}}IssueDate",
        f"{{{eml.KZ_NS}}}Results",
        f"{{{eml.NS}}}Count",
    ]
    # no empty contest: MZ-S02 has no accepted protocol in the file
    contest_ids = [c.get("Id") for c in root.iterfind(".//eml:Contest/eml:ContestIdentifier", NS)]
    assert contest_ids == ["MZ-L", "MZ-S01"]
    marks = root.find("kz:Results", NS)
    assert marks is not None
    assert (marks.get("Status"), marks.get("AuditHead"), marks.get("Complete")) == (
        "unofficial",
        HEAD,
        "false",
    )


# -- OpenElections ---------------------------------------------------------------------


def test_openelections_columns_and_rows(small: Election) -> None:
    data = openelections.write(three(small))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0])[:7] == [
        "county",
        "precinct",
        "office",
        "district",
        "party",
        "candidate",
        "votes",
    ]
    first = [r for r in rows if (r["precinct_code"], r["contest"]) == ("P00001", "MZ-L")]
    assert [(r["choice"], r["votes"]) for r in first] == [
        ("L-A", "300"),
        ("L-B", "200"),
        ("L-C", "80"),
        ("against_all", "11"),
        *[(f"line-{n}", str(v)) for n, v in enumerate(LIST_FIGURES.lines, start=1)],
    ]
    assert first[0]["party"] == "Party A"
    assert first[0]["candidate"] == "List A"
    assert first[0]["county"] == "District R01-D01"
    assert first[0]["precinct"] == "1"
    assert first[0]["district"] == ""
    assert first[3]["candidate"] == "Against all"
    assert first[4]["candidate"] == "line 1: voters on the list"
    smd = [r for r in rows if r["contest"] == "MZ-S01"]
    assert {r["district"] for r in smd} == {"1"}
    assert {(r["results"], r["audit_head"]) for r in rows} == {("unofficial", HEAD)}


# -- damaged files ---------------------------------------------------------------------


def refused(
    tmp_path: Path,
    fmt: str,
    small: Election,
    damage: Callable[[Path], None],
    read: Callable[[Path, Election], object],
) -> tuple[Path, str]:
    """A file of `fmt` written, damaged and refused by `read`: its path and the message."""
    path = written(tmp_path, fmt, three(small))
    damage(path)
    with pytest.raises(PublishedFormatError) as caught:
        read(path, small)
    return path, str(caught.value)


def _edit_json(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    document = json.loads(path.read_text("utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")


def _vote_counts(d: dict[str, Any]) -> dict[str, Any]:
    first: dict[str, Any] = d["Election"][0]["Contest"][0]["ContestSelection"][0]["VoteCounts"][0]
    return first


NIST_DAMAGE: list[tuple[str, Callable[[Path], None], str]] = [
    (
        "a count below zero",
        lambda p: _edit_json(p, lambda d: _vote_counts(d).update(Count=-4)),
        "Election[0].Contest[0].ContestSelection[0].VoteCounts[0].Count: "
        "not a whole number of zero or more: -4",
    ),
    (
        "a precinct the election lacks",
        lambda p: _edit_json(p, lambda d: _vote_counts(d).update(GpUnitId="gpu-P09999")),
        "Election[0].Contest[0].ContestSelection[0].VoteCounts[0]: no precinct 'P09999'",
    ),
    (
        "a contest the election lacks",
        lambda p: _edit_json(
            p, lambda d: d["Election"][0]["Contest"][0].update({"@id": "contest-MZ-X"})
        ),
        "Election[0].Contest[0].@id: no contest 'MZ-X'",
    ),
    (
        "a count given twice",
        lambda p: _edit_json(
            p,
            lambda d: d["Election"][0]["Contest"][0]["ContestSelection"][0]["VoteCounts"].append(
                _vote_counts(d)
            ),
        ),
        "Election[0].Contest[0].ContestSelection[0].VoteCounts[2]: P00001 MZ-L L-A is given twice",
    ),
    (
        "a key written twice",
        lambda p: p.write_text(
            p.read_text("utf-8").replace('"Count": 300,', '"Count": 300, "Count": 3,', 1),
            encoding="utf-8",
        ),
        "the key 'Count' is written twice",
    ),
    (
        "broken JSON",
        lambda p: p.write_text(p.read_text("utf-8")[:400], encoding="utf-8"),
        "not JSON",
    ),
]


@pytest.mark.parametrize(
    ("what", "damage", "message"), NIST_DAMAGE, ids=[d[0] for d in NIST_DAMAGE]
)
def test_a_damaged_nist_file_names_file_and_place(
    what: str, damage: Callable[[Path], None], message: str, small: Election, tmp_path: Path
) -> None:
    path, said = refused(tmp_path, "nist", small, damage, nist.read)
    assert said.startswith(f"{path}: ")
    assert message in said


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    assert old in text
    path.write_bytes(text.replace(old, new, count).encode("utf-8"))


def _unit(path: Path, old: str, new: str) -> None:
    """Replace in the first precinct's counts (not in the contest's totals before it)."""
    text = path.read_bytes().decode("utf-8")
    at = text.index("<ReportingUnitVotes>")
    assert old in text[at:]
    path.write_bytes((text[:at] + text[at:].replace(old, new, 1)).encode("utf-8"))


EML_DAMAGE: list[tuple[str, Callable[[Path], None], str]] = [
    (
        "a count that is not a number",
        lambda p: _unit(p, "<Cast>1000</Cast>", "<Cast>1 000</Cast>"),
        "Election[1]/Contest[MZ-L]/ReportingUnitVotes[P00001]/Cast: "
        "not a whole number of zero or more: '1 000'",
    ),
    (
        "a reason code kztally does not know",
        lambda p: _unit(p, 'ReasonCode="line-5"', 'ReasonCode="spoilt"'),
        "Election[1]/Contest[MZ-L]/ReportingUnitVotes[P00001]/UncountedVotes[spoilt]: "
        "ReasonCode is line-2 to line-7",
    ),
    (
        "a choice the contest lacks",
        lambda p: _unit(p, 'AffiliationIdentifier Id="L-B"', 'AffiliationIdentifier Id="L-Z"'),
        "Election[1]/Contest[MZ-L]/ReportingUnitVotes[P00001]/Selection[2]: "
        "MZ-L has no line or choice 'L-Z'",
    ),
    (
        "a precinct that does not vote in the contest",
        lambda p: _replace(
            p, 'ReportingUnitIdentifier Id="P00004"', 'ReportingUnitIdentifier Id="R01"'
        ),
        "R01 is a region, not a precinct",
    ),
    (
        "broken XML",
        lambda p: _replace(p, "</Cast>", "</Cas>"),
        "not XML",
    ),
]


@pytest.mark.parametrize(("what", "damage", "message"), EML_DAMAGE, ids=[d[0] for d in EML_DAMAGE])
def test_a_damaged_eml_file_names_file_and_place(
    what: str, damage: Callable[[Path], None], message: str, small: Election, tmp_path: Path
) -> None:
    path, said = refused(tmp_path, "eml", small, damage, eml.read)
    assert said.startswith(f"{path}: ")
    assert message in said


def test_broken_xml_says_the_line(small: Election, tmp_path: Path) -> None:
    path = written(tmp_path, "eml", three(small))
    text = path.read_text("utf-8")
    line = text[: text.index("</Cast>")].count("\n") + 1
    _replace(path, "</Cast>", "</Cas>")
    with pytest.raises(PublishedFormatError, match=rf"^{path}: line {line}, column \d+: not XML"):
        eml.read(path, small)


CSV_DAMAGE: list[tuple[str, Callable[[Path], None], str]] = [
    (
        "a count that is not a number",
        lambda p: _replace(p, ",200,", ",two hundred,"),
        "line 3, column votes: not a whole number of zero or more: 'two hundred'",
    ),
    (
        "a line that is not on the protocol",
        lambda p: _replace(p, ",line-8,", ",line-9,"),
        "line 13: no protocol line 'line-9'",
    ),
    (
        "a choice named as a line",
        lambda p: _replace(p, ",L-A,", ",3,"),
        "line 2: '3' is a protocol line, not a choice",
    ),
    (
        "a row cut short",
        lambda p: _replace(p, ",unofficial," + HEAD + "\r\n", "\r\n"),
        "line 2: 11 columns, the header has 13",
    ),
]


@pytest.mark.parametrize(("what", "damage", "message"), CSV_DAMAGE, ids=[d[0] for d in CSV_DAMAGE])
def test_a_damaged_csv_names_file_and_line(
    what: str, damage: Callable[[Path], None], message: str, small: Election, tmp_path: Path
) -> None:
    path, said = refused(tmp_path, "openelections", small, damage, openelections.read)
    assert said == f"{path}: {message}"


def test_a_file_in_no_format_is_named(small: Election, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("nothing here\n", encoding="utf-8")
    with pytest.raises(PublishedFormatError, match="not a results file in a format kztally reads"):
        read_published(path, small)


def _json_paths(o: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at] if at else []
    if isinstance(o, dict):
        for k, v in o.items():
            found += _json_paths(v, (*at, k))
    elif isinstance(o, list):
        for i, v in enumerate(o):
            found += _json_paths(v, (*at, i))
    return found


def test_no_damage_gets_past_the_readers_unnamed(small: Election, tmp_path: Path) -> None:
    """Every value of a NIST report replaced by a value of another kind, and characters of
    an EML or CSV file changed or cut: each file is read or refused with a message
    naming it (never another exception)."""
    rng = random.Random(11)
    pub = publication(small, (Accepted(P1, MZL, LIST_FIGURES),))
    document = nist.report(pub)
    places = [p for p in _json_paths(document) if p[0] in ("Election", "@type")]
    values: list[Any] = [None, 1, -1, 1.5, "x", [], {}, [1], {"a": 1}, True, "gpu-P00001"]
    path = tmp_path / "damaged"
    refused = 0
    for place, value in [(p, v) for p in places for v in (1, "x")] + [
        (rng.choice(places), rng.choice(values)) for _ in range(200)
    ]:
        d = copy.deepcopy(document)
        holder: Any = d
        for key in place[:-1]:
            holder = holder[key]
        holder[place[-1]] = value
        path.write_text(json.dumps(d), encoding="utf-8")
        try:
            nist.read(path, small)
        except PublishedFormatError as exc:
            assert str(exc).startswith(f"{path}: ")
            refused += 1
    for fmt, alphabet in (("eml", '<>"/ a1-=&'), ("openelections", ',"\n a1-')):
        text = WRITERS[fmt](pub).decode("utf-8-sig")
        reader = eml if fmt == "eml" else openelections
        for _ in range(300):
            chars = list(text)
            i = rng.randrange(len(chars))
            if rng.random() < 0.5:
                chars[i] = rng.choice(alphabet)
            else:
                del chars[i : i + rng.randrange(1, 30)]
            path.write_text("".join(chars), encoding="utf-8")
            try:
                reader.read(path, small)
            except PublishedFormatError as exc:
                assert str(exc).startswith(f"{path}: ")
                refused += 1
    assert refused > 300  # the damage was seen, not only survived
