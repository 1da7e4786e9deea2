"""The protocol file (format `kztally.protocol`, versions 1 and 2): pure conversion.

One file holds one precinct's protocol of one contest, names the election it belongs to
(its id and content hash), and is one of two kinds:

- a single entry of the paper protocol (`kind` first, second, observer or qr): lines 1-8,
  the votes keyed by choice id in ballot order, against all, the acts, who and when;
- a record (`kind` record): where the protocol stands (state, round, breach), both
  entries, the agreed figures, the decisions taken on it and every revision, so that
  moving it from one database to another loses nothing.

Version 2 is version 1 with two additions: one more transition, `revise_first` (a clerk
corrected their own first entry before the second), and `formal`, the protocol's formal
parts (members present and in all, when the count began and ended, written requests to
vote outside the room), on either kind, absent where none are recorded. A file is written
as version 1 unless it carries one of them, so that what older kztally read stays readable
by them; both versions are read. A version 1 file that names `revise_first` or carries
`formal` is refused.

This module turns domain objects into JSON-ready dicts and back. It does no I/O and
assumes nothing about the dict it reads beyond what it checks itself; files are read,
parsed and validated against the JSON Schema by `kztally.formats.load`. Every problem is
raised as `ProtocolDataError` with the JSON path of the value (`votes.AMANAT`,
`lines[3]`, `revisions[2].at`). See docs/formats.md.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from kztally.domain import formal as formal_parts
from kztally.domain.election import AreaKind, Contest, Election
from kztally.domain.entry import Case, Entry, EntryKind, State, Transition
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.limits import (
    CODE_MAX,
    ELECTION_ID_MAX,
    FIGURE_MAX,
    NAME_MAX,
    REASON_MAX,
    REFERENCE_MAX,
    figure_problem,
    text_problem,
)
from kztally.domain.protocol import LINE_COUNT, Act, Figures
from kztally.formats.election_json import content_hash

FORMAT = "kztally.protocol"
VERSION = 2
"""The newest version written (only when its content needs it: `version_of`)."""
VERSIONS = (1, 2)
"""The versions this kztally reads."""
_SINCE: dict[Transition, int] = {Transition.REVISE_FIRST: 2}
"""The version that brought each transition (those not named: version 1)."""
RECORD = "record"
"""The `kind` of a file that holds a whole protocol record."""
ENTRY_FILE_KINDS: tuple[EntryKind, ...] = (
    EntryKind.FIRST,
    EntryKind.SECOND,
    EntryKind.OBSERVER,
    EntryKind.QR,
)
"""The kinds of a file that holds one entry (a correction travels only inside a record)."""


class ProtocolDataError(ValueError):
    """A value in a protocol dict that does not fit the election or the format.

    `where` is the JSON path of the value ('votes.AMANAT', 'lines[3]', '' for the whole
    document); `message` says what is wrong in words.
    """

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where
        self.message = message


@dataclass(frozen=True, slots=True)
class ElectionRef:
    """The identity of an election definition: its id and its content hash."""

    id: str
    hash: str


@dataclass(frozen=True, slots=True)
class Decision:
    """A supervisor's or a commission's decision on a protocol."""

    transition: Transition
    by: str
    at: dt.datetime
    reason: str = ""
    reference: str = ""
    """The act's or the decision's reference (an accepted breach needs one)."""


@dataclass(frozen=True, slots=True)
class Revision:
    """One step of a protocol's history, in the order made (numbered from 1)."""

    number: int
    transition: Transition
    by: str
    at: dt.datetime
    reason: str = ""
    reference: str = ""
    figures: Figures | None = None
    """The figures the step entered or settled on; None for a step without figures."""
    acts: frozenset[Act] = frozenset()
    """The acts recorded with those figures."""


@dataclass(frozen=True, slots=True)
class ProtocolRecord:
    """A protocol with its whole story: where it stands, its decisions and revisions."""

    precinct: AreaCode
    contest: ContestId
    case: Case
    decisions: tuple[Decision, ...] = ()
    revisions: tuple[Revision, ...] = ()


@dataclass(frozen=True, slots=True)
class ProtocolFile:
    """What one protocol file holds: a single entry, or a whole record."""

    election: ElectionRef
    precinct: AreaCode
    contest: ContestId
    content: Entry | ProtocolRecord
    formal: formal_parts.Formal | None = None
    """The protocol's formal parts (version 2), None where none are recorded."""

    def __post_init__(self) -> None:
        content = self.content
        if isinstance(content, ProtocolRecord):
            if (content.precinct, content.contest) != (self.precinct, self.contest):
                raise ValueError("the record is of another precinct or contest than the file")
        elif content.kind not in ENTRY_FILE_KINDS:
            raise ValueError(
                f"a file holds a first, second, observer or qr entry, not {content.kind}"
            )

    @property
    def kind(self) -> str:
        """'record', or the entry's kind: 'first', 'second', 'observer', 'qr'."""
        content = self.content
        return RECORD if isinstance(content, ProtocolRecord) else content.kind.value

    @property
    def entry(self) -> Entry | None:
        return None if isinstance(self.content, ProtocolRecord) else self.content

    @property
    def record(self) -> ProtocolRecord | None:
        return self.content if isinstance(self.content, ProtocolRecord) else None

    def latest(self) -> Entry | None:
        """The figures that stand: the entry itself, or a record's agreed figures (its
        latest entry while nothing is agreed); None when nothing is entered."""
        content = self.content
        if not isinstance(content, ProtocolRecord):
            return content
        case = content.case
        return case.agreed or case.second or case.first


_REFS: dict[int, tuple[weakref.ref[Election], ElectionRef]] = {}


def election_ref(election: Election) -> ElectionRef:
    """The election's identity as protocols name it (the hash is computed once per object)."""
    cached = _REFS.get(id(election))
    if cached is not None and cached[0]() is election:
        return cached[1]
    ref = ElectionRef(election.id, content_hash(election))
    key = id(election)
    _REFS[key] = (weakref.ref(election, lambda _: _REFS.pop(key, None)), ref)
    return ref


# -- to dicts ---------------------------------------------------------------------------


def _time(at: dt.datetime) -> str:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("a protocol file's times carry their UTC offset: give an aware datetime")
    return at.isoformat()


def figures_to_dict(contest: Contest, figures: Figures) -> dict[str, Any]:
    """{'lines': [8 values], 'votes': {choice id: value, in ballot order}, 'against_all'}."""
    if len(figures.votes) != len(contest.choices):
        raise ValueError(f"{len(figures.votes)} vote lines for {len(contest.choices)} choices")
    return {
        "lines": list(figures.lines),
        "votes": {c.id: v for c, v in zip(contest.choices, figures.votes, strict=True)},
        "against_all": figures.against_all if contest.against_all else None,
    }


def _acts(acts: frozenset[Act]) -> list[str]:
    return sorted(a.value for a in acts)


def entry_to_dict(contest: Contest, entry: Entry) -> dict[str, Any]:
    return {
        "kind": entry.kind.value,
        **figures_to_dict(contest, entry.figures),
        "acts": _acts(entry.acts),
        "by": entry.by,
        "at": _time(entry.at),
    }


def decision_to_dict(decision: Decision) -> dict[str, Any]:
    return {
        "transition": decision.transition.value,
        "by": decision.by,
        "at": _time(decision.at),
        "reason": decision.reason,
        "reference": decision.reference,
    }


def revision_to_dict(contest: Contest, revision: Revision) -> dict[str, Any]:
    return {
        "number": revision.number,
        "transition": revision.transition.value,
        "by": revision.by,
        "at": _time(revision.at),
        "reason": revision.reason,
        "reference": revision.reference,
        "figures": (
            None if revision.figures is None else figures_to_dict(contest, revision.figures)
        ),
        "acts": _acts(revision.acts),
    }


def version_of(protocol: ProtocolFile) -> int:
    """The version a file is written as: the oldest that holds what it carries."""
    if protocol.formal is not None:
        return 2
    content = protocol.content
    if not isinstance(content, ProtocolRecord):
        return 1
    steps = [r.transition for r in content.revisions] + [d.transition for d in content.decisions]
    return max([1, *(_SINCE.get(t, 1) for t in steps)])


def versions_problem(version: object) -> str:
    """What is wrong with a file of a version this kztally does not read."""
    known = " and ".join(str(v) for v in VERSIONS)
    return f"this kztally reads versions {known} of {FORMAT}, not {_show(version)}"


def _within_version(record: ProtocolRecord, version: int) -> None:
    for i, r in enumerate(record.revisions):
        since = _SINCE.get(r.transition, 1)
        if since > version:
            raise ProtocolDataError(
                f"revisions[{i}].transition",
                f"{r.transition} is a step of version {since} of {FORMAT}; "
                f"this file says it is version {version}",
            )


def record_to_dict(contest: Contest, record: ProtocolRecord) -> dict[str, Any]:
    """The record's own fields (what follows `kind: record` in a file)."""
    case = record.case

    def entry(e: Entry | None) -> dict[str, Any] | None:
        return None if e is None else entry_to_dict(contest, e)

    return {
        "state": case.state.value,
        "round": case.round,
        "breach": case.breach,
        "first": entry(case.first),
        "second": entry(case.second),
        "agreed": entry(case.agreed),
        "decisions": [decision_to_dict(d) for d in record.decisions],
        "revisions": [revision_to_dict(contest, r) for r in record.revisions],
    }


def protocol_to_dict(protocol: ProtocolFile, contest: Contest) -> dict[str, Any]:
    """The whole file as a JSON-ready dict; `contest` is the protocol's contest."""
    if contest.id != protocol.contest:
        raise ValueError(f"the protocol is of contest {protocol.contest}, not {contest.id}")
    head: dict[str, Any] = {
        "format": FORMAT,
        "version": version_of(protocol),
        "election": {"id": protocol.election.id, "hash": protocol.election.hash},
        "precinct": protocol.precinct,
        "contest": protocol.contest,
    }
    content = protocol.content
    if isinstance(content, ProtocolRecord):
        out = {**head, "kind": RECORD, **record_to_dict(contest, content)}
    else:
        out = {**head, **entry_to_dict(contest, content)}
    if protocol.formal is not None:
        out["formal"] = formal_to_dict(protocol.formal)
    return out


def formal_to_dict(f: formal_parts.Formal) -> dict[str, Any]:
    def when(at: dt.datetime | None) -> str | None:
        return None if at is None else formal_parts.format_time(at)

    return {
        "members_present": f.members_present,
        "members_total": f.members_total,
        "count_began": when(f.count_began),
        "count_ended": when(f.count_ended),
        "requests": f.requests,
    }


def formal_from_dict(d: Any, where: str = "formal") -> formal_parts.Formal:
    """The formal parts from their object (every key optional, null where not recorded),
    checked (`kztally.domain.formal.problems`)."""
    if not isinstance(d, Mapping):
        raise ProtocolDataError(where, f"expected an object, found {_show(d)}")
    known = {"members_present", "members_total", "count_began", "count_ended", "requests"}
    for key in d:
        if key not in known:
            raise ProtocolDataError(_at(where, str(key)), "is not a formal part")
    counts: dict[str, int | None] = {}
    for key in ("members_present", "members_total", "requests"):
        value = d.get(key)
        if value is not None and (type(value) is not int or value < 0):
            raise ProtocolDataError(
                _at(where, key), f"expected a whole number ≥ 0 or null, found {_show(value)}"
            )
        counts[key] = value
    times: dict[str, dt.datetime | None] = {}
    for key in ("count_began", "count_ended"):
        value = d.get(key)
        if value is None:
            times[key] = None
            continue
        if not isinstance(value, str):
            raise ProtocolDataError(_at(where, key), f"expected a time, found {_show(value)}")
        try:
            times[key] = formal_parts.parse_time(value)
        except ValueError:
            raise ProtocolDataError(
                _at(where, key),
                f"{_show(value)} is not a time with its zone (2023-03-19T20:00+06:00)",
            ) from None
    found = formal_parts.Formal(
        counts["members_present"],
        counts["members_total"],
        times["count_began"],
        times["count_ended"],
        counts["requests"],
    )
    problems = formal_parts.problems(found)
    if problems:
        key, what = problems[0]
        raise ProtocolDataError(_at(where, key), what)
    return found


def entry_file(
    election: Election, precinct: AreaCode | str, contest: ContestId | str, entry: Entry
) -> ProtocolFile:
    """A single-entry protocol file of this election."""
    return ProtocolFile(election_ref(election), AreaCode(precinct), ContestId(contest), entry)


def record_file(election: Election, record: ProtocolRecord) -> ProtocolFile:
    """A record protocol file of this election."""
    return ProtocolFile(election_ref(election), record.precinct, record.contest, record)


# -- from dicts -------------------------------------------------------------------------


def _at(where: str, key: str) -> str:
    if not where:
        return key
    return f"{where}[{key}]" if key.isdigit() else f"{where}.{key}"


def _idx(where: str, i: int) -> str:
    return f"{where}[{i}]"


def _get(d: Mapping[str, Any], key: str, where: str) -> Any:
    if not isinstance(d, Mapping):
        raise ProtocolDataError(where, f"expected an object, found {_show(d)}")
    if key not in d:
        raise ProtocolDataError(where, f'"{key}" is missing')
    return d[key]


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 40 else f'"{value[:37]}..."'
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return str(value)


def _code(value: Any) -> str:
    return value if isinstance(value, str) and value.strip() else _show(value)


def _count(value: Any, where: str) -> int | None:
    """A protocol field: a whole number from 0 to FIGURE_MAX, or null (empty)."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        problem = figure_problem(value)
        if problem is not None:
            raise ProtocolDataError(where, problem)
        return value
    raise ProtocolDataError(where, f"expected a whole number or null (empty), found {_show(value)}")


def _text(value: Any, where: str, limit: int, *, required: bool = True) -> str:
    if not isinstance(value, str):
        raise ProtocolDataError(where, f"expected text, found {_show(value)}")
    if required and not value.strip():
        raise ProtocolDataError(where, "must not be empty")
    problem = text_problem(value, limit)
    if problem is not None:
        raise ProtocolDataError(where, problem)
    return value


def parse_time(value: Any, where: str) -> dt.datetime:
    """An ISO 8601 date and time with its UTC offset ('2023-03-19T21:05:00+05:00')."""
    if not isinstance(value, str):
        raise ProtocolDataError(where, f"expected a date and time, found {_show(value)}")
    try:
        at = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ProtocolDataError(
            where, f'"{value}" is not an ISO 8601 date and time (2023-03-19T21:05:00+05:00)'
        ) from None
    if at.tzinfo is None or at.utcoffset() is None:
        raise ProtocolDataError(where, f'"{value}" has no UTC offset (such as +05:00 or Z)')
    return at


def figures_from_dict(contest: Contest, d: Mapping[str, Any], where: str = "") -> Figures:
    """The figures of `d` ('lines', 'votes', 'against_all'), checked against the contest."""
    lines_at = _at(where, "lines")
    lines = _get(d, "lines", where)
    if not isinstance(lines, list) or len(lines) != LINE_COUNT:
        raise ProtocolDataError(
            lines_at,
            f"expected a list of the {LINE_COUNT} lines 1-8, found {_show(lines)}"
            + (f" of {len(lines)}" if isinstance(lines, list) else ""),
        )
    line_values = tuple(_count(v, _idx(lines_at, i)) for i, v in enumerate(lines))

    votes_at = _at(where, "votes")
    votes = _get(d, "votes", where)
    if not isinstance(votes, Mapping):
        raise ProtocolDataError(
            votes_at, f"expected an object keyed by choice, found {_show(votes)}"
        )
    known = {c.id for c in contest.choices}
    for key in votes:
        if key not in known:
            ids = ", ".join(c.id for c in contest.choices)
            raise ProtocolDataError(
                _at(votes_at, str(key)),
                f"{key} is not a choice of {contest.id} (its choices: {ids})",
            )
    for c in contest.choices:
        if c.id not in votes:
            raise ProtocolDataError(
                votes_at, f"no value for {c.id} (write null for an empty field)"
            )
    vote_values = tuple(_count(votes[c.id], _at(votes_at, c.id)) for c in contest.choices)

    against_at = _at(where, "against_all")
    against = _count(_get(d, "against_all", where), against_at)
    if not contest.against_all and against is not None:
        raise ProtocolDataError(against_at, f"{contest.id} has no 'against all' line: write null")
    return Figures(line_values, vote_values, against)


def _acts_from(value: Any, where: str) -> frozenset[Act]:
    if not isinstance(value, list):
        raise ProtocolDataError(where, f"expected a list of acts, found {_show(value)}")
    out: set[Act] = set()
    for i, a in enumerate(value):
        try:
            act = Act(a)
        except ValueError:
            known = ", ".join(x.value for x in Act)
            raise ProtocolDataError(
                _idx(where, i), f"{_show(a)} is not an act kztally knows ({known})"
            ) from None
        if act in out:
            raise ProtocolDataError(_idx(where, i), f"the act {act.value} is listed twice")
        out.add(act)
    return frozenset(out)


_E = TypeVar("_E", EntryKind, Transition, State)


def _enum(cls: type[_E], value: Any, where: str) -> _E:
    try:
        return cls(value)
    except ValueError:
        known = ", ".join(x.value for x in cls)
        raise ProtocolDataError(where, f"{_show(value)} is not one of {known}") from None


def entry_from_dict(contest: Contest, d: Mapping[str, Any], where: str = "") -> Entry:
    kind = _enum(EntryKind, _get(d, "kind", where), _at(where, "kind"))
    return Entry(
        figures=figures_from_dict(contest, d, where),
        by=_text(_get(d, "by", where), _at(where, "by"), NAME_MAX),
        at=parse_time(_get(d, "at", where), _at(where, "at")),
        acts=_acts_from(d.get("acts", []), _at(where, "acts")),
        kind=kind,
    )


def decision_from_dict(d: Mapping[str, Any], where: str = "") -> Decision:
    return Decision(
        transition=_enum(Transition, _get(d, "transition", where), _at(where, "transition")),
        by=_text(_get(d, "by", where), _at(where, "by"), NAME_MAX),
        at=parse_time(_get(d, "at", where), _at(where, "at")),
        reason=_text(d.get("reason", ""), _at(where, "reason"), REASON_MAX, required=False),
        reference=_text(
            d.get("reference", ""), _at(where, "reference"), REFERENCE_MAX, required=False
        ),
    )


def revision_from_dict(contest: Contest, d: Mapping[str, Any], where: str = "") -> Revision:
    number = _get(d, "number", where)
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise ProtocolDataError(
            _at(where, "number"), f"expected a number ≥ 1, found {_show(number)}"
        )
    figures = d.get("figures")
    return Revision(
        number=number,
        transition=_enum(Transition, _get(d, "transition", where), _at(where, "transition")),
        by=_text(_get(d, "by", where), _at(where, "by"), NAME_MAX),
        at=parse_time(_get(d, "at", where), _at(where, "at")),
        reason=_text(d.get("reason", ""), _at(where, "reason"), REASON_MAX, required=False),
        reference=_text(
            d.get("reference", ""), _at(where, "reference"), REFERENCE_MAX, required=False
        ),
        figures=None
        if figures is None
        else figures_from_dict(contest, figures, _at(where, "figures")),
        acts=_acts_from(d.get("acts", []), _at(where, "acts")),
    )


_NEEDS: dict[State, tuple[str, ...]] = {
    State.NOT_ENTERED: (),
    State.FIRST_ENTRY: ("first",),
    State.ENTRIES_DIFFER: ("first", "second"),
    State.PENDING: ("agreed",),
    State.ACCEPTED: ("agreed",),
    State.ANNULLED: (),
}


def record_from_dict(
    contest: Contest, precinct: AreaCode | str, d: Mapping[str, Any], where: str = ""
) -> ProtocolRecord:
    """A record from its fields (state, round, breach, first, second, agreed, decisions,
    revisions), checked for consistency: what the state needs is there, a breach is only
    on an accepted protocol, revisions are numbered upwards."""
    state = _enum(State, _get(d, "state", where), _at(where, "state"))
    rnd = _get(d, "round", where)
    if not isinstance(rnd, int) or isinstance(rnd, bool) or rnd < 1:
        raise ProtocolDataError(_at(where, "round"), f"expected a number ≥ 1, found {_show(rnd)}")
    breach = _get(d, "breach", where)
    if not isinstance(breach, bool):
        raise ProtocolDataError(
            _at(where, "breach"), f"expected true or false, found {_show(breach)}"
        )
    if breach and state is not State.ACCEPTED:
        raise ProtocolDataError(
            _at(where, "breach"), f"only an accepted protocol carries a breach, not a {state} one"
        )

    entries: dict[str, Entry | None] = {}
    for key in ("first", "second", "agreed"):
        value = d.get(key)
        entries[key] = None if value is None else entry_from_dict(contest, value, _at(where, key))
    for key in _NEEDS[state]:
        if entries[key] is None:
            raise ProtocolDataError(
                _at(where, key), f"a protocol in state {state} needs its {key} entry"
            )

    decisions_raw = d.get("decisions", [])
    revisions_raw = d.get("revisions", [])
    for key, value in (("decisions", decisions_raw), ("revisions", revisions_raw)):
        if not isinstance(value, list):
            raise ProtocolDataError(_at(where, key), f"expected a list, found {_show(value)}")
    decisions = tuple(
        decision_from_dict(x, _idx(_at(where, "decisions"), i)) for i, x in enumerate(decisions_raw)
    )
    revisions = tuple(
        revision_from_dict(contest, x, _idx(_at(where, "revisions"), i))
        for i, x in enumerate(revisions_raw)
    )
    for i in range(1, len(revisions)):
        if revisions[i].number <= revisions[i - 1].number:
            raise ProtocolDataError(
                _at(_idx(_at(where, "revisions"), i), "number"),
                f"revision {revisions[i].number} follows revision {revisions[i - 1].number}: "
                "revisions are numbered upwards",
            )
    case = Case(
        state=state,
        round=rnd,
        first=entries["first"],
        second=entries["second"],
        agreed=entries["agreed"],
        breach=breach,
    )
    return ProtocolRecord(AreaCode(precinct), contest.id, case, decisions, revisions)


def protocol_from_dict(d: Mapping[str, Any], election: Election) -> ProtocolFile:
    """A protocol file's dict, checked against the election it names: the identity (id and
    hash), the precinct and contest, and every figure against the contest's choices."""
    if not isinstance(d, Mapping):
        raise ProtocolDataError("", f"expected a JSON object, found {_show(d)}")
    fmt = d.get("format")
    if fmt != FORMAT:
        raise ProtocolDataError("format", f'expected "{FORMAT}", found {_show(fmt)}')
    version = d.get("version")
    if version not in VERSIONS or isinstance(version, bool):
        raise ProtocolDataError("version", versions_problem(version))
    formal: formal_parts.Formal | None = None
    if d.get("formal") is not None:
        if version < 2:
            raise ProtocolDataError("formal", "formal parts are new in version 2 of the format")
        formal = formal_from_dict(d["formal"])

    ident = _get(d, "election", "")
    ref = election_ref(election)
    their_id = _get(ident, "id", "election")
    if their_id != ref.id:
        raise ProtocolDataError(
            "election.id", f"the protocol is of election {_show(their_id)}, not {ref.id}"
        )
    their_hash = _get(ident, "hash", "election")
    if their_hash != ref.hash:
        raise ProtocolDataError(
            "election.hash",
            f"the protocol was made for another version of election {ref.id} "
            f"({_show(their_hash)}; the definition given is {ref.hash})",
        )

    precinct = _get(d, "precinct", "")
    if not isinstance(precinct, str) or not election.has_area(precinct):
        raise ProtocolDataError("precinct", f"{_code(precinct)} is not a precinct of {ref.id}")
    area = election.area(precinct)
    if area.kind is not AreaKind.PRECINCT:
        raise ProtocolDataError("precinct", f"{precinct} is a {area.kind}, not a precinct")
    contest_id = _get(d, "contest", "")
    if not isinstance(contest_id, str) or not election.has_contest(contest_id):
        raise ProtocolDataError("contest", f"{_code(contest_id)} is not a contest of {ref.id}")
    if area.contests and contest_id not in area.contests:
        held = ", ".join(area.contests)
        raise ProtocolDataError(
            "contest", f"precinct {precinct} does not vote in {contest_id} (it holds: {held})"
        )
    contest = election.contest(contest_id)

    kind = _get(d, "kind", "")
    content: Entry | ProtocolRecord
    if kind == RECORD:
        content = record_from_dict(contest, precinct, d)
        _within_version(content, version)
    elif kind in {k.value for k in ENTRY_FILE_KINDS}:
        content = entry_from_dict(contest, d)
    else:
        kinds = ", ".join([*(k.value for k in ENTRY_FILE_KINDS), RECORD])
        raise ProtocolDataError("kind", f"{_show(kind)} is not one of {kinds}")
    return ProtocolFile(ref, AreaCode(precinct), contest.id, content, formal)


# -- a quick look before the JSON Schema -------------------------------------------------

_TIME = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$"
)
_HASH = re.compile(r"^sha256:[0-9a-f]{64}$")
_CODE = re.compile(r"^\S+$")
_PERSON = re.compile(r"\S")
_HEAD_KEYS = frozenset({"format", "version", "election", "precinct", "contest", "kind"})
_FIGURE_KEYS = frozenset({"lines", "votes", "against_all"})
_ENTRY_KEYS = frozenset({"kind", *_FIGURE_KEYS, "acts", "by", "at"})
_RECORD_KEYS = frozenset(
    {"state", "round", "breach", "first", "second", "agreed", "decisions", "revisions"}
)
_DECISION_KEYS = frozenset({"transition", "by", "at", "reason", "reference"})
_REVISION_KEYS = frozenset({"number", *_DECISION_KEYS, "figures", "acts"})
_STATES = frozenset(s.value for s in State)
_TRANSITIONS = frozenset(t.value for t in Transition)
_ENTRY_KINDS = frozenset(k.value for k in EntryKind)
_FILE_KINDS = frozenset(k.value for k in ENTRY_FILE_KINDS)
_ACTS = frozenset(a.value for a in Act)


def plainly_valid(document: Any) -> bool:
    """True when the document certainly satisfies the protocol file's JSON Schema.

    A quick look, written out by hand: some 50 times faster than the schema validator,
    so that importing tens of thousands of files is not spent validating. It never says
    True of a document the schema refuses (a test holds it to that); when it says False,
    validate with the schema, which also finds the words for what is wrong."""
    d = document
    if type(d) is not dict or not d.keys() >= _HEAD_KEYS:
        return False
    if "formal" in d:
        if not (d["version"] == 2 and (d["formal"] is None or _is_formal(d["formal"]))):
            return False
        d = {k: v for k, v in d.items() if k != "formal"}
    ident = d["election"]
    if not (
        type(d["format"]) is str
        and d["format"] == FORMAT
        and type(d["version"]) is int
        and d["version"] in VERSIONS
        and type(ident) is dict
        and ident.keys() == {"id", "hash"}
        and _is_text(ident["id"])
        and type(ident["hash"]) is str
        and _HASH.search(ident["hash"])
        and _is_code(d["precinct"])
        and _is_code(d["contest"])
    ):
        return False
    kind = d["kind"]
    if type(kind) is str and kind == RECORD:
        if d.keys() != _HEAD_KEYS | _RECORD_KEYS:
            return False
        rnd, decisions, revisions = d["round"], d["decisions"], d["revisions"]
        return (
            _one_of(d["state"], _STATES)
            and type(rnd) is int
            and rnd >= 1
            and type(d["breach"]) is bool
            and all(d[k] is None or _is_entry(d[k]) for k in ("first", "second", "agreed"))
            and type(decisions) is list
            and all(_is_decision(x) for x in decisions)
            and type(revisions) is list
            and all(_is_revision(x) for x in revisions)
        )
    return (
        _one_of(kind, _FILE_KINDS)
        and d.keys() == _HEAD_KEYS | _ENTRY_KEYS
        and _is_figures(d)
        and _is_acts(d["acts"])
        and _is_person(d["by"])
        and _is_time(d["at"])
    )


_FORMAL_KEYS = frozenset(
    {"members_present", "members_total", "count_began", "count_ended", "requests"}
)


def _is_formal(v: Any) -> bool:
    if type(v) is not dict or not v.keys() <= _FORMAL_KEYS:
        return False
    for key, top in (("members_present", 99), ("members_total", 99), ("requests", 100_000)):
        n = v.get(key)
        if n is not None and not (type(n) is int and 0 <= n <= top):
            return False
    return all(v.get(k) is None or _is_time(v[k]) for k in ("count_began", "count_ended"))


def _one_of(v: Any, options: frozenset[str]) -> bool:
    return type(v) is str and v in options


def _is_text(v: Any) -> bool:
    return type(v) is str and 1 <= len(v) <= ELECTION_ID_MAX


def _is_code(v: Any) -> bool:
    return type(v) is str and 1 <= len(v) <= CODE_MAX and _CODE.search(v) is not None


def _is_person(v: Any) -> bool:
    return type(v) is str and len(v) <= NAME_MAX and _PERSON.search(v) is not None


def _is_words(v: Any, limit: int) -> bool:
    return type(v) is str and len(v) <= limit


def _is_time(v: Any) -> bool:
    return type(v) is str and _TIME.search(v) is not None


def _is_count(v: Any) -> bool:
    return v is None or (type(v) is int and 0 <= v <= FIGURE_MAX)


def _is_figures(d: dict[str, Any]) -> bool:
    lines, votes = d["lines"], d["votes"]
    return (
        type(lines) is list
        and len(lines) == LINE_COUNT
        and all(_is_count(v) for v in lines)
        and type(votes) is dict
        and all(_is_count(v) for v in votes.values())
        and _is_count(d["against_all"])
    )


def _is_acts(v: Any) -> bool:
    return type(v) is list and all(_one_of(a, _ACTS) for a in v) and len(set(v)) == len(v)


def _is_entry(v: Any) -> bool:
    return (
        type(v) is dict
        and v.keys() == _ENTRY_KEYS
        and _one_of(v["kind"], _ENTRY_KINDS)
        and _is_figures(v)
        and _is_acts(v["acts"])
        and _is_person(v["by"])
        and _is_time(v["at"])
    )


def _is_decision(v: Any) -> bool:
    return (
        type(v) is dict
        and v.keys() == _DECISION_KEYS
        and _one_of(v["transition"], _TRANSITIONS)
        and _is_person(v["by"])
        and _is_time(v["at"])
        and _is_words(v["reason"], REASON_MAX)
        and _is_words(v["reference"], REFERENCE_MAX)
    )


def _is_revision(v: Any) -> bool:
    if type(v) is not dict or v.keys() != _REVISION_KEYS:
        return False
    figures, number = v["figures"], v["number"]
    return (
        type(number) is int
        and number >= 1
        and _one_of(v["transition"], _TRANSITIONS)
        and _is_person(v["by"])
        and _is_time(v["at"])
        and _is_words(v["reason"], REASON_MAX)
        and _is_words(v["reference"], REFERENCE_MAX)
        and (
            figures is None
            or (type(figures) is dict and figures.keys() == _FIGURE_KEYS and _is_figures(figures))
        )
        and _is_acts(v["acts"])
    )
