"""The protocol file: entries and records round-trip; every error names the place."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kztally.domain.election import Election
from kztally.domain.entry import Case, Entry, EntryKind, State, Transition
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.limits import FIGURE_MAX, NAME_MAX
from kztally.domain.protocol import Act, Figures
from kztally.formats.election_json import content_hash
from kztally.formats.load import FormatError, dumps, load_protocol, parse_protocol, schema_problem
from kztally.formats.protocol_json import (
    Decision,
    ElectionRef,
    ProtocolDataError,
    ProtocolFile,
    ProtocolRecord,
    Revision,
    election_ref,
    entry_file,
    entry_from_dict,
    entry_to_dict,
    figures_from_dict,
    figures_to_dict,
    protocol_from_dict,
    protocol_to_dict,
    record_file,
)

TZ = dt.timezone(dt.timedelta(hours=6))
T1 = dt.datetime(2023, 3, 19, 22, 0, tzinfo=TZ)
T2 = dt.datetime(2023, 3, 19, 22, 40, 15, tzinfo=TZ)
T3 = dt.datetime(2023, 3, 20, 1, 5, tzinfo=dt.UTC)
CLEAN = Figures((1000, 900, 700, 20, 180, 690, 20, 10), (380, 80, 70, 50, 20, 60, 32), 8)
BROKEN = replace(CLEAN, against_all=9)


def first_entry(figures: Figures = CLEAN, kind: EntryKind = EntryKind.FIRST) -> Entry:
    return Entry(figures, "aliya", T1, frozenset(), kind)


def entry_document(election: Election, **changes: Any) -> dict[str, Any]:
    pf = entry_file(election, "P00421", "MZ-L", first_entry())
    d = protocol_to_dict(pf, election.contest("MZ-L"))
    d.update(changes)
    return d


def accepted_record(election: Election) -> ProtocolRecord:
    first = first_entry(BROKEN)
    second = Entry(CLEAN, "bolat", T2, frozenset(), EntryKind.SECOND)
    fixed = Entry(BROKEN, "dana", T3, frozenset({Act.MOBILE_BOX_EXCESS}), EntryKind.CORRECTION)
    case = Case(State.ACCEPTED, 2, first, second, fixed, breach=True)
    return ProtocolRecord(
        AreaCode("P00421"),
        ContestId("MZ-L"),
        case,
        decisions=(
            Decision(Transition.RECOUNT, "territorial commission", T1, "ordered", "decision 4"),
            Decision(Transition.CORRECT, "dana", T3, "as on the paper"),
            Decision(Transition.ACCEPT_BREACH, "dana", T3, "act on the mobile box", "act 12"),
        ),
        revisions=(
            Revision(1, Transition.FIRST_ENTRY, "aliya", T1, figures=CLEAN),
            Revision(2, Transition.RECOUNT, "dana", T1, "ordered", "decision 4"),
            Revision(3, Transition.FIRST_ENTRY, "aliya", T1, figures=BROKEN),
            Revision(4, Transition.SECOND_ENTRY, "bolat", T2, figures=CLEAN),
            Revision(
                5, Transition.CORRECT, "dana", T3, "as on the paper", figures=BROKEN,
                acts=frozenset({Act.MOBILE_BOX_EXCESS}),
            ),
            Revision(6, Transition.ACCEPT_BREACH, "dana", T3, "act on the mobile box", "act 12"),
        ),
    )  # fmt: skip


def write(tmp_path: Path, document: Any, name: str = "p.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def problem(election: Election, tmp_path: Path, document: Any) -> FormatError:
    with pytest.raises(FormatError) as err:
        load_protocol(write(tmp_path, document), election)
    return err.value


# -- round trips ----------------------------------------------------------------------------


def test_an_entry_file(election: Election, tmp_path: Path) -> None:
    pf = entry_file(election, "P00421", "MZ-L", first_entry())
    d = protocol_to_dict(pf, election.contest("MZ-L"))
    assert d == {
        "format": "kztally.protocol",
        "version": 1,
        "election": {"id": "TEST-2023", "hash": content_hash(election)},
        "precinct": "P00421",
        "contest": "MZ-L",
        "kind": "first",
        "lines": [1000, 900, 700, 20, 180, 690, 20, 10],
        "votes": {
            "AMANAT": 380, "AUYL": 80, "RESPUBLICA": 70, "PPK": 50, "BAYTAQ": 20,
            "AQ-ZHOL": 60, "NSDP": 32,
        },
        "against_all": 8,
        "acts": [],
        "by": "aliya",
        "at": "2023-03-19T22:00:00+06:00",
    }  # fmt: skip
    assert list(d["votes"]) == [c.id for c in election.contest("MZ-L").choices]  # ballot order
    path = tmp_path / "p.json"
    path.write_text(dumps(d), encoding="utf-8")
    loaded = load_protocol(path, election)
    assert loaded == pf
    assert (loaded.kind, loaded.entry, loaded.record) == ("first", first_entry(), None)
    assert loaded.latest() == first_entry()
    assert '"lines": [1000, 900, 700, 20, 180, 690, 20, 10],' in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", [EntryKind.SECOND, EntryKind.OBSERVER, EntryKind.QR])
def test_other_entry_kinds(election: Election, kind: EntryKind) -> None:
    pf = entry_file(election, "P00422", "MZ-S01", first_entry(
        Figures((1000, 900, 700, 20, 180, 690, 20, 10), (300, None, 100), 5), kind
    ))  # fmt: skip
    d = protocol_to_dict(pf, election.contest("MZ-S01"))
    assert schema_problem(d, "protocol") is None
    assert protocol_from_dict(d, election) == pf


def test_a_record_loses_nothing(election: Election, tmp_path: Path) -> None:
    pf = record_file(election, accepted_record(election))
    d = protocol_to_dict(pf, election.contest("MZ-L"))
    assert schema_problem(d, "protocol") is None
    assert d["kind"] == "record"
    assert (d["state"], d["round"], d["breach"]) == ("accepted", 2, True)
    assert d["agreed"]["kind"] == "correction"
    assert d["agreed"]["acts"] == ["mobile_box_excess"]
    assert d["revisions"][1]["figures"] is None
    assert d["revisions"][4]["at"] == "2023-03-20T01:05:00+00:00"
    path = tmp_path / "record.json"
    path.write_text(dumps(d), encoding="utf-8")
    loaded = load_protocol(path, election)
    assert loaded == pf
    assert loaded.record == accepted_record(election)
    assert loaded.latest() == accepted_record(election).case.agreed


def test_records_in_every_state(election: Election) -> None:
    e1 = first_entry()
    e2 = Entry(BROKEN, "bolat", T2, kind=EntryKind.SECOND)
    cases = [
        Case(),
        Case(State.FIRST_ENTRY, 1, e1),
        Case(State.ENTRIES_DIFFER, 1, e1, e2),
        Case(State.PENDING, 1, e1, e1, e1),
        Case(State.ANNULLED, 3),
    ]
    for case in cases:
        record = ProtocolRecord(AreaCode("P00421"), ContestId("MZ-L"), case)
        pf = record_file(election, record)
        d = protocol_to_dict(pf, election.contest("MZ-L"))
        assert schema_problem(d, "protocol") is None, case
        assert protocol_from_dict(d, election) == pf
    assert record_file(election, ProtocolRecord(
        AreaCode("P00421"), ContestId("MZ-L"), Case())).latest() is None  # fmt: skip


counts = st.one_of(st.none(), st.integers(0, FIGURE_MAX))


@settings(max_examples=200, deadline=None)
@given(
    lines=st.tuples(*[counts] * 8),
    votes=st.tuples(*[counts] * 7),
    against=counts,
    acts=st.frozensets(st.sampled_from(Act)),
    by=st.text(
        st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
        min_size=1,
        max_size=NAME_MAX,
    ).filter(str.strip),
    minutes=st.integers(-14 * 60, 14 * 60),
)
def test_figures_and_entries_round_trip(
    election: Election,
    lines: tuple[int | None, ...],
    votes: tuple[int | None, ...],
    against: int | None,
    acts: frozenset[Act],
    by: str,
    minutes: int,
) -> None:
    contest = election.contest("MZ-L")
    figures = Figures(lines, votes, against)
    assert figures_from_dict(contest, figures_to_dict(contest, figures)) == figures
    at = dt.datetime(2023, 3, 19, 20, 0, 5, 123, tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))
    entry = Entry(figures, by, at, acts, EntryKind.OBSERVER)
    d = entry_to_dict(contest, entry)
    assert entry_from_dict(contest, json.loads(json.dumps(d))) == entry
    doc = entry_document(election, **d)
    assert schema_problem(doc, "protocol") is None


# -- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (lambda d: d["lines"].__setitem__(3, "12"), "lines[3]",
         'line 4: expected a whole number or null (empty), found "12"'),
        (lambda d: d["lines"].__setitem__(0, 1.5), "lines[0]", "line 1: expected a whole number"),
        (lambda d: d["lines"].__setitem__(7, True), "lines[7]", "found true"),
        (lambda d: d["lines"].pop(), "lines", "expected the 8 lines 1-8, found 7"),
        (lambda d: d["votes"].update(AMANAT="380"), "votes.AMANAT",
         'expected a whole number or null (empty), found "380"'),
        (lambda d: d["votes"].update(NOBODY=5), "votes.NOBODY",
         "NOBODY is not a choice of MZ-L (its choices: AMANAT, AUYL"),
        (lambda d: d["votes"].pop("NSDP"), "votes", "no value for NSDP (write null"),
        (lambda d: d.update(precinct="P99999"), "precinct",
         "P99999 is not a precinct of TEST-2023"),
        (lambda d: d.update(precinct="R18"), "precinct", "R18 is a region, not a precinct"),
        (lambda d: d.update(contest="MZ-S99"), "contest", "MZ-S99 is not a contest of TEST-2023"),
        (lambda d: d.update(precinct="P09001", contest="MZ-S01"), "contest",
         "precinct P09001 does not vote in MZ-S01 (it holds: MZ-L)"),
        (lambda d: d["election"].update(hash="sha256:" + "0" * 64), "election.hash",
         "the protocol was made for another version of election TEST-2023"),
        (lambda d: d["election"].update(id="KZ-2021"), "election.id",
         'the protocol is of election "KZ-2021", not TEST-2023'),
        (lambda d: d.update(at="2023-03-19T22:00:00"), "at", "is not an ISO 8601 date and time"),
        (lambda d: d.update(at="2023-03-19T25:00:00+06:00"), "at", "is not an ISO 8601"),
        (lambda d: d.update(at="19.03.2023 22:00"), "at", "is not an ISO 8601 date and time"),
        (lambda d: d.update(by=" "), "by", "is not a name that is not blank"),
        (lambda d: d.update(kind="correction"), "kind", "expected one of first, second"),
        (lambda d: d.update(acts=["flood"]), "acts[0]", "expected one of mobile_box_excess"),
        (lambda d: d.update(acts=["mobile_box_excess"] * 2), "acts", "an item is listed twice"),
        (lambda d: d.update(colour="red"), "colour", "not a field of this format"),
        (lambda d: d.pop("against_all"), "", '"against_all" is missing'),
        (lambda d: d.update(state="accepted"), "state", "not a field of this format"),
        (lambda d: d.update(version=3), "version", "versions 1 and 2 of kztally.protocol, not 3"),
        (lambda d: d.update(format="kztally.election"), "format", "(this is an election defin"),
    ],
)  # fmt: skip
def test_entry_file_errors_name_the_place(
    election: Election, tmp_path: Path, change: Any, where: str, message: str
) -> None:
    d = entry_document(election)
    change(d)
    err = problem(election, tmp_path, d)
    assert (err.where, message in err.message) == (where, True), str(err)
    assert str(err).startswith(f"{tmp_path / 'p.json'}: ")


def record_document(election: Election) -> dict[str, Any]:
    return protocol_to_dict(
        record_file(election, accepted_record(election)), election.contest("MZ-L")
    )


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (lambda d: d.update(agreed=None), "agreed",
         "a protocol in state accepted needs its agreed entry"),
        (lambda d: d.update(state="pending"), "breach",
         "only an accepted protocol carries a breach"),
        (lambda d: d.update(round=0), "round", "expected a number ≥ 1, found 0"),
        (lambda d: d["revisions"][2].update(number=2), "revisions[2].number",
         "revision 2 follows revision 2"),
        (lambda d: d["revisions"][0].update(transition="approve"), "revisions[0].transition",
         "expected one of first_entry"),
        (lambda d: d["decisions"][1].update(at="tomorrow"), "decisions[1].at", "ISO 8601"),
        (lambda d: d["agreed"]["votes"].update(NOBODY=1), "agreed.votes.NOBODY",
         "not a choice of MZ-L"),
        (lambda d: d["revisions"][0]["figures"]["lines"].__setitem__(2, "x"),
         "revisions[0].figures.lines[2]", "line 3: expected a whole number"),
        (lambda d: d["first"].update(kind="record"), "first.kind", "expected one of first"),
        (lambda d: d.update(lines=[1] * 8), "lines", "not a field of this format"),
        (lambda d: d.pop("revisions"), "", '"revisions" is missing'),
    ],
)  # fmt: skip
def test_record_file_errors_name_the_place(
    election: Election, tmp_path: Path, change: Any, where: str, message: str
) -> None:
    d = record_document(election)
    change(d)
    err = problem(election, tmp_path, d)
    assert (err.where, message in err.message) == (where, True), str(err)


def test_broken_json_names_line_and_column(election: Election, tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"format": "kztally.protocol",\n "lines": [1, 2,, 3]}', encoding="utf-8")
    with pytest.raises(FormatError) as err:
        load_protocol(path, election)
    assert err.value.where == "line 2, column 17"
    assert str(err.value) == f"{path}: line 2, column 17: not valid JSON: Expecting value"


def test_parse_from_text(election: Election) -> None:
    text = json.dumps(entry_document(election))
    assert parse_protocol(text, election).precinct == "P00421"
    with pytest.raises(FormatError, match=r"^scan: line 1, column 1: not valid JSON"):
        parse_protocol("]", election, "scan")


def test_a_contest_without_against_all(election: Election) -> None:
    contest = replace(election.contest("MZ-L"), against_all=False)
    other = replace(election, contests=(contest, *election.contests[1:]))
    d = entry_document(other)
    assert d["against_all"] is None
    assert protocol_from_dict(d, other).content == first_entry(replace(CLEAN, against_all=None))
    d["against_all"] = 8
    with pytest.raises(ProtocolDataError) as err:
        protocol_from_dict(d, other)
    assert (err.value.where, err.value.message) == (
        "against_all",
        "MZ-L has no 'against all' line: write null",
    )


def test_conversion_checks_what_it_reads_even_without_the_schema(election: Election) -> None:
    contest = election.contest("MZ-L")
    with pytest.raises(ProtocolDataError, match=r"^lines\[2\]: expected a whole number"):
        figures_from_dict(contest, {"lines": [0, 0, 1.0, 0, 0, 0, 0, 0], "votes": {}})
    with pytest.raises(ProtocolDataError, match=r'^"votes" is missing'):
        figures_from_dict(contest, {"lines": [0] * 8})
    with pytest.raises(ProtocolDataError, match=r"^expected a JSON object"):
        protocol_from_dict([], election)  # type: ignore[arg-type]


def test_times_must_carry_their_offset(election: Election) -> None:
    naive = Entry(CLEAN, "aliya", dt.datetime(2023, 3, 19, 22, 0))
    with pytest.raises(ValueError, match="UTC offset"):
        entry_to_dict(election.contest("MZ-L"), naive)


def test_a_protocol_file_is_consistent() -> None:
    ref = ElectionRef("E", "sha256:" + "0" * 64)
    record = ProtocolRecord(AreaCode("P1"), ContestId("C"), Case())
    with pytest.raises(ValueError, match="another precinct or contest"):
        ProtocolFile(ref, AreaCode("P2"), ContestId("C"), record)
    with pytest.raises(ValueError, match="not correction"):
        ProtocolFile(ref, AreaCode("P1"), ContestId("C"), first_entry(kind=EntryKind.CORRECTION))


def test_protocol_to_dict_wants_the_protocols_contest(election: Election) -> None:
    pf = entry_file(election, "P00421", "MZ-L", first_entry())
    with pytest.raises(ValueError, match="contest MZ-L, not MZ-S01"):
        protocol_to_dict(pf, election.contest("MZ-S01"))


def test_the_election_reference_is_the_content_hash(election: Election) -> None:
    ref = election_ref(election)
    assert ref == ElectionRef("TEST-2023", content_hash(election))
    assert election_ref(election) is ref  # computed once per election object
    other = replace(election, name="changed")
    assert election_ref(other).hash != ref.hash
