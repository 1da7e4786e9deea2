"""NIST SP 1500-100 v2 Election Results Reporting (ERR), JSON, at precinct level.

`write` gives an `ElectionResults.ElectionReport` that the official JSON schema
(`schemas/NIST_V2_election_results_reporting.json`, shipped unchanged) accepts; `read`
takes one written so back into `PublishedProtocol`s. The mapping (docs/formats.md,
"NIST SP 1500-100 v2"):

- GpUnits: a `ReportingUnit` per area (`gpu-<code>`: the country, regions, districts,
  precincts, with `ComposingGpUnitIds`), and one per single-member district
  (`gpu-ed-<contest>`) holding its precincts;
- a `PartyContest` per list contest, a `CandidateContest` per single-member district
  (`contest-<id>`), each with a selection per choice (`sel-<contest>-<choice>`) and a
  `CandidateSelection` without candidates for "against all" (`sel-<contest>-against_all`);
  every count is a `VoteCounts` of type `total` for its precinct's GpUnit;
- protocol lines 1-8, which ERR has no field for, are `BallotCounts` of the election with
  `Type` `other`, `OtherType` `kz-protocol:<contest>:line-<n>` and the figure in
  `BallotsCast`, one per precinct, contest and line;
- marks: `Status` (`certified` when official, else `unofficial-complete` or
  `unofficial-partial`), and the report's `ExternalIdentifier`s `kztally-results`
  (official or unofficial) and `kztally-audit-head` (`COUNT:HASH`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from kztally.domain.election import AreaKind, ContestKind, Election
from kztally.domain.protocol import AGAINST_ALL, Figures
from kztally.formats.load import DuplicateKeyError, no_duplicates
from kztally.formats.published import PublishedFormatError, PublishedProtocol
from kztally.formats.standard import (
    AGAINST_ALL_WORDS,
    Collector,
    Publication,
    file_head,
    file_text,
    line_number,
)

NAME = "nist"
SCHEMA_FILE = "NIST_V2_election_results_reporting.json"
REPORT_TYPE = "ElectionResults.ElectionReport"
LINE_TYPE = re.compile(r"^kz-protocol:(?P<contest>[^:]+):line-(?P<line>[0-9]+)$")
HEAD_ID = "kztally-audit-head"
RESULTS_ID = "kztally-results"
_KIND = {
    AreaKind.COUNTRY: ("country", None),
    AreaKind.REGION: ("other", "region"),
    AreaKind.DISTRICT: ("other", "district"),
    AreaKind.PRECINCT: ("precinct", None),
}


@cache
def schema() -> dict[str, Any]:
    """The official ERR v2 JSON schema (draft-04), as NIST publishes it."""
    text = resources.files("kztally.formats").joinpath("schemas", SCHEMA_FILE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _text(name: str, names: Mapping[str, str]) -> dict[str, Any]:
    """An `InternationalizedText`: the name in every language the definition gives, or
    the name as it is ('und': its language is not stated)."""
    pairs = list(names.items()) or [("und", name)]
    return {
        "@type": "ElectionResults.InternationalizedText",
        "Text": [
            {"@type": "ElectionResults.LanguageString", "Content": text, "Language": lang}
            for lang, text in pairs
        ],
    }


def _other_id(kind: str, value: str) -> dict[str, Any]:
    return {
        "@type": "ElectionResults.ExternalIdentifier",
        "Type": "other",
        "OtherType": kind,
        "Value": value,
    }


def _count(precinct: str, value: int) -> dict[str, Any]:
    return {
        "@type": "ElectionResults.VoteCounts",
        "Count": value,
        "GpUnitId": f"gpu-{precinct}",
        "Type": "total",
    }


def report(publication: Publication) -> dict[str, Any]:
    """The `ElectionReport` of a publication."""
    e = publication.election
    gp_units: list[dict[str, Any]] = []
    for area in e.areas:
        kind, other = _KIND[area.kind]
        unit: dict[str, Any] = {
            "@id": f"gpu-{area.code}",
            "@type": "ElectionResults.ReportingUnit",
            "Type": kind,
            "Name": _text(area.name, area.names),
            "ExternalIdentifier": [_other_id("kztally-area", area.code)],
        }
        if other is not None:
            unit["OtherType"] = other
        children = e.children(area.code)
        if children:
            unit["ComposingGpUnitIds"] = [f"gpu-{c.code}" for c in children]
        if area.number:
            unit["Number"] = area.number
        if area.electorate is not None:
            unit["VotersRegistered"] = area.electorate
        gp_units.append(unit)
    for contest in e.contests:
        if contest.kind is ContestKind.SMD:
            gp_units.append(
                {
                    "@id": f"gpu-ed-{contest.id}",
                    "@type": "ElectionResults.ReportingUnit",
                    "Type": "other",
                    "OtherType": "single-member-district",
                    "Name": _text(contest.name, {}),
                    "ComposingGpUnitIds": [f"gpu-{p}" for p in e.precincts_holding(contest.id)],
                    **({"Number": str(contest.number)} if contest.number is not None else {}),
                }
            )

    by_contest: dict[str, list[tuple[str, Figures]]] = {c.id: [] for c in e.contests}
    ballot_counts: list[dict[str, Any]] = []
    for p in publication.protocols:
        by_contest[p.contest].append((p.precinct, p.figures))
        for n, value in enumerate(p.figures.lines, start=1):
            if value is not None:
                ballot_counts.append(
                    {
                        "@type": "ElectionResults.BallotCounts",
                        "BallotsCast": value,
                        "GpUnitId": f"gpu-{p.precinct}",
                        "OtherType": f"kz-protocol:{p.contest}:line-{n}",
                        "Type": "other",
                    }
                )

    persons: list[dict[str, Any]] = []
    candidates: list[dict[str, Any]] = []
    contests: list[dict[str, Any]] = []
    for order, contest in enumerate(e.contests, start=1):
        rows = by_contest[contest.id]
        selections: list[dict[str, Any]] = []
        for i, choice in enumerate(contest.choices):
            is_list = contest.kind is ContestKind.LIST
            sel: dict[str, Any] = {
                "@id": f"sel-{contest.id}-{choice.id}",
                "@type": "ElectionResults."
                + ("PartySelection" if is_list else "CandidateSelection"),
                "SequenceOrder": choice.ballot_order,
                "VoteCounts": [_count(pr, v) for pr, f in rows if (v := f.votes[i]) is not None],
            }
            if is_list:
                sel["PartyIds"] = [f"party-{choice.party or choice.id}"]
                for k, member in enumerate(choice.members, start=1):
                    persons.append(
                        {
                            "@id": f"person-{contest.id}-{choice.id}-{k}",
                            "@type": "ElectionResults.Person",
                            "FullName": _text(member.name, {}),
                            **({"PartyId": f"party-{choice.party}"} if choice.party else {}),
                        }
                    )
            else:
                candidate_id = f"cand-{contest.id}-{choice.id}"
                person_id = f"person-{contest.id}-{choice.id}"
                sel["CandidateIds"] = [candidate_id]
                person: dict[str, Any] = {
                    "@id": person_id,
                    "@type": "ElectionResults.Person",
                    "FullName": _text(choice.name, {}),
                }
                candidate: dict[str, Any] = {
                    "@id": candidate_id,
                    "@type": "ElectionResults.Candidate",
                    "BallotName": _text(choice.name, {}),
                    "PersonId": person_id,
                }
                if choice.party is not None:
                    person["PartyId"] = candidate["PartyId"] = f"party-{choice.party}"
                    sel["EndorsementPartyIds"] = [f"party-{choice.party}"]
                persons.append(person)
                candidates.append(candidate)
            selections.append(sel)
        if contest.against_all:
            selections.append(
                {
                    "@id": f"sel-{contest.id}-{AGAINST_ALL}",
                    "@type": "ElectionResults.CandidateSelection",
                    "IsWriteIn": False,
                    "SequenceOrder": len(contest.choices) + 1,
                    "VoteCounts": [
                        _count(pr, v) for pr, f in rows if (v := f.against_all) is not None
                    ],
                }
            )
        item: dict[str, Any] = {
            "@id": f"contest-{contest.id}",
            "Name": contest.name,
            "ContestSelection": selections,
            "SequenceOrder": order,
            "ExternalIdentifier": [_other_id("kztally-contest", contest.id)],
            "TotalSubUnits": len(e.precincts_holding(contest.id)),
            "SubUnitsReported": len(rows),
        }
        if contest.kind is ContestKind.LIST:
            item["@type"] = "ElectionResults.PartyContest"
            item["ElectionDistrictId"] = f"gpu-{contest.area}"
        else:
            item["@type"] = "ElectionResults.CandidateContest"
            item["ElectionDistrictId"] = f"gpu-ed-{contest.id}"
            item["NumberElected"] = contest.seats
            item["VotesAllowed"] = 1
        contests.append(item)

    parties = [
        {
            "@id": f"party-{p.id}",
            "@type": "ElectionResults.Party",
            "Name": _text(p.name, p.names),
            "ExternalIdentifier": [_other_id("kztally-party", p.id)],
        }
        for p in e.parties
    ]
    known: set[str] = {p.id for p in e.parties}
    for contest in e.contests:
        for choice in contest.choices:
            missing = choice.party or (choice.id if contest.kind is ContestKind.LIST else None)
            if missing is not None and missing not in known:
                known.add(missing)
                parties.append(
                    {
                        "@id": f"party-{missing}",
                        "@type": "ElectionResults.Party",
                        "Name": _text(choice.name, {}),
                    }
                )

    if publication.official:
        status = "certified"
    else:
        status = "unofficial-complete" if publication.complete else "unofficial-partial"
    document: dict[str, Any] = {
        "@type": REPORT_TYPE,
        "Format": "precinct-level",
        "GeneratedDate": publication.generated.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Issuer": "Central Election Commission of the Republic of Kazakhstan",
        "IssuerAbbreviation": "KZ",
        "SequenceStart": 1,
        "SequenceEnd": 1,
        "Status": status,
        "VendorApplicationId": publication.application,
        "IsTest": e.training,
        "Notes": (
            f"Results {publication.status_word}, from accepted protocols only; audit head "
            f"{publication.head}. Protocol lines 1-8 are BallotCounts of type other, "
            "OtherType kz-protocol:<contest>:line-<n>, the figure in BallotsCast; "
            f"'{AGAINST_ALL_WORDS}' is the selection sel-<contest>-{AGAINST_ALL}."
        ),
        "ExternalIdentifier": [
            _other_id(RESULTS_ID, publication.status_word),
            _other_id(HEAD_ID, publication.head),
        ],
        "GpUnit": gp_units,
        "Party": parties,
        "Person": persons,
        "Election": [
            {
                "@type": "ElectionResults.Election",
                "ElectionScopeId": f"gpu-{e.root.code}",
                "Name": _text(e.name, e.names),
                "StartDate": e.date.isoformat(),
                "EndDate": e.date.isoformat(),
                "Type": "general",
                "ExternalIdentifier": [_other_id("kztally-election", e.id)],
                "Candidate": candidates,
                "Contest": contests,
                "BallotCounts": ballot_counts,
            }
        ],
    }
    if e.training:
        document["TestType"] = "training"
    return document


def write(publication: Publication) -> bytes:
    return (json.dumps(report(publication), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# -- reading ---------------------------------------------------------------------------


def sniff(path: Path) -> bool:
    head = file_head(path)
    return head.lstrip().startswith(b"{") and f'"{REPORT_TYPE}"'.encode() in head


def _get(obj: Any, key: str, where: str, source: str, kind: type) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise PublishedFormatError(f"{source}: {where}: {key} is missing")
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise PublishedFormatError(
            f"{source}: {where}.{key}: expected {_kind_word(kind)}, found {value!r}"
        )
    return value


def _items(obj: dict[str, Any], key: str, where: str, source: str) -> list[Any]:
    """An optional array: empty when absent."""
    if key not in obj:
        return []
    return list(_get(obj, key, where, source, list))


def _kind_word(kind: type) -> str:
    return {int: "a whole number", str: "a string", list: "an array", dict: "an object"}[kind]


def _count_value(obj: Any, key: str, where: str, source: str) -> int:
    value = obj.get(key) if isinstance(obj, dict) else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise PublishedFormatError(
            f"{source}: {where}.{key}: not a whole number of zero or more: {value!r}"
        )
    return value


def _precinct(gp_unit: str, where: str, source: str) -> str:
    if not gp_unit.startswith("gpu-"):
        raise PublishedFormatError(f"{source}: {where}: GpUnitId {gp_unit!r} is not gpu-<code>")
    return gp_unit[len("gpu-") :]


def read(path: Path, election: Election) -> list[PublishedProtocol]:
    """The protocols of an ERR file written by `write` (see the module's docstring)."""
    source = str(path)
    try:
        document = json.loads(file_text(path), object_pairs_hook=no_duplicates)
    except DuplicateKeyError as exc:
        raise PublishedFormatError(f"{source}: the key {exc.key!r} is written twice") from None
    except json.JSONDecodeError as exc:
        raise PublishedFormatError(
            f"{source}: line {exc.lineno}, column {exc.colno}: not JSON: {exc.msg}"
        ) from None
    if not isinstance(document, dict) or document.get("@type") != REPORT_TYPE:
        raise PublishedFormatError(f"{source}: not an ERR {REPORT_TYPE}")
    found = Collector(election, source)
    elections = _get(document, "Election", "ElectionReport", source, list)
    for ei, item in enumerate(elections):
        at = f"Election[{ei}]"
        for ci, contest in enumerate(_get(item, "Contest", at, source, list)):
            cat = f"{at}.Contest[{ci}]"
            cid = _get(contest, "@id", cat, source, str)
            if not cid.startswith("contest-"):
                raise PublishedFormatError(f"{source}: {cat}: @id {cid!r} is not contest-<id>")
            contest_id = found.contest(cid[len("contest-") :], f"{cat}.@id").id
            prefix = f"sel-{contest_id}-"
            for si, sel in enumerate(_items(contest, "ContestSelection", cat, source)):
                sat = f"{cat}.ContestSelection[{si}]"
                sid = _get(sel, "@id", sat, source, str)
                if not sid.startswith(prefix):
                    raise PublishedFormatError(f"{source}: {sat}: @id {sid!r} is not {prefix}...")
                field = sid[len(prefix) :]
                for vi, vc in enumerate(_items(sel, "VoteCounts", sat, source)):
                    vat = f"{sat}.VoteCounts[{vi}]"
                    precinct = _precinct(_get(vc, "GpUnitId", vat, source, str), vat, source)
                    if vc.get("Type") != "total":
                        raise PublishedFormatError(
                            f"{source}: {vat}.Type: kztally reads counts of type total, "
                            f"not {vc.get('Type')!r}"
                        )
                    value = _count_value(vc, "Count", vat, source)
                    found.add_vote(precinct, contest_id, field, value, vat)
        for bi, bc in enumerate(_items(item, "BallotCounts", at, source)):
            bat = f"{at}.BallotCounts[{bi}]"
            other = bc.get("OtherType") if isinstance(bc, dict) else None
            match = LINE_TYPE.match(other) if isinstance(other, str) else None
            if match is None:
                continue  # ballot counts of other kinds carry no protocol line
            n = line_number(match["line"])
            if n is None:
                raise PublishedFormatError(f"{source}: {bat}.OtherType: no protocol line {other!r}")
            precinct = _precinct(_get(bc, "GpUnitId", bat, source, str), bat, source)
            value = _count_value(bc, "BallotsCast", bat, source)
            found.add(precinct, match["contest"], str(n), value, bat)
    return found.protocols()
