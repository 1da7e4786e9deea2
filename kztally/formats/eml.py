"""OASIS Election Markup Language (EML) v5, message 510 (count), one reporting unit per
precinct.

`write` gives an `EML` document `Id="510"` in the EML namespace; `read` takes one written
so back. The mapping (docs/formats.md, "OASIS EML 510"):

- an `Election` per body (the Mazhilis, each maslikhat), `ElectionIdentifier Id` the
  body's id; a `Contest` per contest (`ContestIdentifier Id` the contest's id), with
  `TotalVotes` (the sums of the precincts written) and a `ReportingUnitVotes` per
  accepted protocol (`ReportingUnitIdentifier Id` the precinct's code);
- a `Selection` per choice: `AffiliationIdentifier` (a list) or `Candidate` /
  `CandidateIdentifier` (a candidate), `Id` the choice's id, with `ValidVotes`;
  "against all" is a `Selection` with `ReferendumOptionIdentifier Id="against_all"`;
- line 1 is `Cast`, line 8 is `RejectedVotes ReasonCode="invalid"`, lines 2-7 are
  `UncountedVotes ReasonCode="line-<n>"`; `TotalCounted` is the votes of all selections
  (what the valid ballots held), written for other readers and not read back;
- marks: `kz:Results` (namespace `urn:kztally:eml`) before `Count`, with `Status`
  (official or unofficial), `AuditHead` (`COUNT:HASH`), `Complete` and `Training`.

EML has no empty contest: a contest with no accepted protocol is left out, and a body
with none.

Reading uses the standard library's parser, which expands no external entity.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.parsers import expat

from kztally.domain.election import Contest, ContestKind, Election
from kztally.domain.protocol import AGAINST_ALL, Figures
from kztally.formats.published import PublishedFormatError, PublishedProtocol
from kztally.formats.standard import (
    AGAINST_ALL_WORDS,
    Collector,
    Publication,
    count_of,
    file_head,
    file_text,
)

NAME = "eml"
NS = "urn:oasis:names:tc:evs:schema:eml"
KZ_NS = "urn:kztally:eml"
INVALID = "invalid"
UNCOUNTED_LINES = (2, 3, 4, 5, 6, 7)


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, _q(tag), attrs)
    if text is not None:
        el.text = text
    return el


def _selection(parent: ET.Element, contest: Contest, index: int | None, votes: int) -> None:
    sel = _sub(parent, "Selection")
    if index is None:
        _sub(sel, "ReferendumOptionIdentifier", AGAINST_ALL_WORDS, Id=AGAINST_ALL)
    else:
        choice = contest.choices[index]
        if contest.kind is ContestKind.LIST:
            aff = _sub(sel, "AffiliationIdentifier", Id=choice.id)
            _sub(aff, "RegisteredName", choice.name)
        else:
            ident = _sub(_sub(sel, "Candidate"), "CandidateIdentifier", Id=choice.id)
            _sub(ident, "CandidateName", choice.name)
    _sub(sel, "ValidVotes", str(votes))


def _counts(parent: ET.Element, contest: Contest, figures: Figures) -> None:
    """Selections, then Cast, TotalCounted, RejectedVotes and UncountedVotes (the
    order EML gives them)."""
    for i, v in enumerate(figures.votes):
        if v is not None:
            _selection(parent, contest, i, v)
    if contest.against_all and figures.against_all is not None:
        _selection(parent, contest, None, figures.against_all)
    if figures.line(1) is not None:
        _sub(parent, "Cast", str(figures.line(1)))
    counted = sum(v for v in (*figures.votes, figures.against_all) if v is not None)
    _sub(parent, "TotalCounted", str(counted))
    if figures.line(8) is not None:
        _sub(parent, "RejectedVotes", str(figures.line(8)), ReasonCode=INVALID)
    for n in UNCOUNTED_LINES:
        value = figures.line(n)
        if value is not None:
            _sub(parent, "UncountedVotes", str(value), ReasonCode=f"line-{n}")


def _sum(contest: Contest, rows: list[Figures]) -> Figures:
    def total(values: list[int | None]) -> int:
        return sum(v for v in values if v is not None)

    lines = tuple(total([f.lines[i] for f in rows]) for i in range(len(rows[0].lines)))
    votes = tuple(total([f.votes[i] for f in rows]) for i in range(len(contest.choices)))
    return Figures(lines, votes, total([f.against_all for f in rows]))


def document(publication: Publication) -> ET.Element:
    e = publication.election
    ET.register_namespace("", NS)
    ET.register_namespace("kz", KZ_NS)
    root = ET.Element(_q("EML"), {"Id": "510", "SchemaVersion": "5.0"})
    _sub(root, "TransactionId", "1")
    _sub(root, "IssueDate", publication.generated.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    # the marks where EML's message structure admits elements of another namespace:
    # after the header's own elements, before the message's content
    ET.SubElement(
        root,
        f"{{{KZ_NS}}}Results",
        {
            "Status": publication.status_word,
            "AuditHead": publication.head,
            "Complete": "true" if publication.complete else "false",
            "Training": "true" if e.training else "false",
        },
    )
    count = _sub(root, "Count")
    event = _sub(count, "EventIdentifier", Id=e.id)
    _sub(event, "EventName", e.name)
    rows: dict[str, list[tuple[str, Figures]]] = {c.id: [] for c in e.contests}
    for p in publication.protocols:
        rows[p.contest].append((p.precinct, p.figures))
    for body in e.bodies:
        # EML has no empty contest: a contest (and a body) with no accepted protocol is
        # left out
        contests = [c for c in e.contests_of(body.id) if rows[c.id]]
        if not contests:
            continue
        election = _sub(count, "Election")
        ident = _sub(election, "ElectionIdentifier", Id=body.id)
        _sub(ident, "ElectionName", body.name)
        _sub(ident, "ElectionCategory", body.kind.value)
        holder = _sub(election, "Contests")
        for contest in contests:
            item = _sub(holder, "Contest")
            cid = _sub(item, "ContestIdentifier", Id=contest.id)
            _sub(cid, "ContestName", contest.name)
            found = rows[contest.id]
            _counts(_sub(item, "TotalVotes"), contest, _sum(contest, [f for _, f in found]))
            for precinct, figures in found:
                unit = _sub(item, "ReportingUnitVotes")
                area = e.area(precinct)
                name = f"{area.number} {area.name}" if area.number else area.name
                _sub(unit, "ReportingUnitIdentifier", name, Id=precinct)
                _counts(unit, contest, figures)
    ET.indent(root, space=" ")
    return root


def write(publication: Publication) -> bytes:
    data: bytes = ET.tostring(document(publication), encoding="utf-8", xml_declaration=True)
    return data + b"\n"


# -- reading ---------------------------------------------------------------------------


def sniff(path: Path) -> bool:
    head = file_head(path)
    return (
        head.lstrip().startswith(b"<")
        and NS.encode() in head
        and (b'Id="510"' in head or b"Id='510'" in head)
    )


def _place(*parts: str) -> str:
    return "/".join(parts)


def read(path: Path, election: Election) -> list[PublishedProtocol]:
    """The protocols of an EML 510 file written by `write` (see the module's docstring)."""
    source = str(path)
    try:
        root = ET.fromstring(file_text(path))
    except ET.ParseError as exc:
        line, column = exc.position
        raise PublishedFormatError(
            f"{source}: line {line}, column {column + 1}: not XML: {expat.ErrorString(exc.code)}"
        ) from None
    if root.tag != _q("EML") or root.get("Id") != "510":
        raise PublishedFormatError(f"{source}: not an EML 510 (count) message")
    found = Collector(election, source)
    count = root.find(_q("Count"))
    if count is None:
        raise PublishedFormatError(f"{source}: EML: Count is missing")
    for ei, el in enumerate(count.findall(_q("Election")), start=1):
        eat = f"Election[{ei}]"
        for ci, contest_el in enumerate(el.iterfind(f"{_q('Contests')}/{_q('Contest')}"), start=1):
            ident = contest_el.find(_q("ContestIdentifier"))
            cat = _place(eat, f"Contest[{ci}]")
            if ident is None or not ident.get("Id"):
                raise PublishedFormatError(f"{source}: {cat}: ContestIdentifier Id is missing")
            contest = found.contest(ident.get("Id", ""), _place(cat, "ContestIdentifier"))
            cat = _place(eat, f"Contest[{contest.id}]")
            for unit in contest_el.findall(_q("ReportingUnitVotes")):
                uid = unit.find(_q("ReportingUnitIdentifier"))
                precinct = uid.get("Id", "") if uid is not None else ""
                if not precinct:
                    raise PublishedFormatError(
                        f"{source}: {cat}/ReportingUnitVotes: ReportingUnitIdentifier Id is missing"
                    )
                _read_unit(
                    found,
                    unit,
                    contest,
                    precinct,
                    _place(cat, f"ReportingUnitVotes[{precinct}]"),
                    source,
                )
    return found.protocols()


def _read_unit(
    found: Collector, unit: ET.Element, contest: Contest, precinct: str, at: str, source: str
) -> None:
    for si, sel in enumerate(unit.findall(_q("Selection")), start=1):
        sat = _place(at, f"Selection[{si}]")
        ident = (
            sel.find(_q("AffiliationIdentifier"))
            if sel.find(_q("AffiliationIdentifier")) is not None
            else sel.find(f"{_q('Candidate')}/{_q('CandidateIdentifier')}")
        )
        if ident is None:
            ident = sel.find(_q("ReferendumOptionIdentifier"))
        field = ident.get("Id", "") if ident is not None else ""
        if not field:
            raise PublishedFormatError(f"{source}: {sat}: the selection names no Id")
        votes = sel.find(_q("ValidVotes"))
        if votes is None:
            raise PublishedFormatError(f"{source}: {sat}: ValidVotes is missing")
        value = count_of(votes.text, source, _place(sat, "ValidVotes"))
        found.add_vote(precinct, contest.id, field, value, sat)
    cast = unit.find(_q("Cast"))
    if cast is not None:
        value = count_of(cast.text, source, _place(at, "Cast"))
        found.add(precinct, contest.id, "1", value, _place(at, "Cast"))
    for el in unit.findall(_q("RejectedVotes")):
        where = _place(at, f"RejectedVotes[{el.get('ReasonCode', '')}]")
        if el.get("ReasonCode") != INVALID:
            raise PublishedFormatError(
                f"{source}: {where}: kztally reads ReasonCode {INVALID!r} only"
            )
        found.add(precinct, contest.id, "8", count_of(el.text, source, where), where)
    for el in unit.findall(_q("UncountedVotes")):
        code = el.get("ReasonCode", "")
        where = _place(at, f"UncountedVotes[{code}]")
        n = code.removeprefix("line-")
        if not code.startswith("line-") or not n.isdigit() or int(n) not in UNCOUNTED_LINES:
            raise PublishedFormatError(
                f"{source}: {where}: ReasonCode is line-2 to line-7, not {code!r}"
            )
        found.add(precinct, contest.id, n, count_of(el.text, source, where), where)
