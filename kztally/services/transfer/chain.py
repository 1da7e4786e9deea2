"""The audit chain an export carries, and its check against the export's records.

An export writes, beside its records, the database's audit log as it stood in the
export's snapshot (docs/formats.md, "The audit chain of an export"):

- `audit/events.jsonl`: every event, one line each (`kztally.domain.audit.event_line`);
- `audit/head.txt`: the chain's head, `COUNT:HASH`;
- `audit/revisions.jsonl`: for each record file, what the hash of each of its revisions
  covers that the record does not hold (role, system, findings, who ran an import and
  from which file, the entry's kind, author and time).

`verify_folder` recomputes the chain, holds it to the head, and recomputes the hash of
every revision of every record from the files alone: each must be, one for one and in
order, a revision an event of that protocol recorded; the record's agreed figures, state
and round must be those its last event recorded, and its entries those its revisions
made; its formal parts (version 2) those the newest `formal.recorded` event of that
protocol recorded. The election definition must be the one the chain loaded. An import takes in
nothing of a folder whose check fails, and no record that comes with no chain.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kztally.domain.audit import (
    PROTOCOL_CODES,
    Event,
    EventCode,
    Head,
    ReplayError,
    RevisionFacts,
    chain_break,
    derive,
    entry_digest,
    event_from_line,
    figures_digest,
    moment,
    revision_digest,
)
from kztally.domain.election import Election
from kztally.domain.entry import Entry, EntryKind, State, Transition
from kztally.domain.protocol import Figures
from kztally.formats import protocol_json
from kztally.formats.load import FormatError, load_election
from kztally.formats.protocol_json import ProtocolRecord, Revision
from kztally.services.transfer.files import (
    DEFINITION_FILE,
    PROTOCOLS_DIR,
    protocol_file_name,
    read_protocol,
)
from kztally.services.transfer.replay import HistoryError, check_structure
from kztally.storage.transfer import HashedColumns, StoredProtocol

AUDIT_DIR = "audit"
EVENTS_FILE = f"{AUDIT_DIR}/events.jsonl"
HEAD_FILE = f"{AUDIT_DIR}/head.txt"
REVISIONS_FILE = f"{AUDIT_DIR}/revisions.jsonl"

_EXTRA_KEYS = frozenset(
    {"round", "state", "role", "system", "findings", "run_by", "source", "source_sha256", "entry"}
)


# -- writing ---------------------------------------------------------------------------


def hashed_document(h: HashedColumns, round: int, state: State) -> dict[str, Any]:
    """One revision's line item in `audit/revisions.jsonl`."""
    return {
        "round": round,
        "state": state.value,
        "role": h.role,
        "system": h.system,
        "findings": h.findings,
        "run_by": h.run_by,
        "source": h.source,
        "source_sha256": h.source_sha256,
        "entry": None
        if h.entry is None
        else {"kind": h.entry[0].value, "by": h.entry[1], "at": moment(h.entry[2])},
    }


def revisions_line(p: StoredProtocol) -> str:
    """The line of `audit/revisions.jsonl` for a stored protocol's record file."""
    revisions = []
    for r in p.revisions:
        assert r.hashed is not None
        revisions.append(hashed_document(r.hashed, r.round, r.state))
    document = {
        "file": f"{PROTOCOLS_DIR}/{protocol_file_name(p.precinct, p.contest)}",
        "precinct": p.precinct,
        "contest": p.contest,
        "revisions": revisions,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# -- what a revision's hash is, from the files ----------------------------------------


def _text_or_none(d: dict[str, Any], key: str) -> str | None:
    value = d.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{key} is not a text or null")
    return value


def record_digests(record: ProtocolRecord, extras: Sequence[Any]) -> list[str]:
    """The SHA-256 of each revision of a record, as the audit log names it, from the
    record and its line items of `audit/revisions.jsonl` (ValueError: they do not fit)."""
    if len(extras) != len(record.revisions):
        raise ValueError(
            f"the record has {len(record.revisions)} revision(s), {REVISIONS_FILE} {len(extras)}"
        )
    out = []
    for r, x in zip(record.revisions, extras, strict=True):
        if not isinstance(x, dict) or x.keys() != _EXTRA_KEYS:
            raise ValueError(f"revision {r.number}: its line item is not a revision's")
        out.append(_digest(r, x))
    return out


def _digest(r: Revision, x: dict[str, Any]) -> str:
    entry = None
    about = x["entry"]
    if about is not None:
        if r.figures is None or not isinstance(about, dict):
            raise ValueError(f"revision {r.number}: an entry, but no figures")
        kind, by, at = about.get("kind"), about.get("by"), about.get("at")
        if not (isinstance(kind, str) and isinstance(by, str) and isinstance(at, str)):
            raise ValueError(f"revision {r.number}: its entry has no kind, author or time")
        entry = entry_digest(kind, by, _time(at), (a.value for a in r.acts), _figures(r.figures))
    elif r.figures is not None:
        raise ValueError(f"revision {r.number}: figures, but no entry")
    if type(x["round"]) is not int:
        raise ValueError(f"revision {r.number}: round is not a whole number")
    for key in ("state", "role", "findings"):
        if not isinstance(x[key], str):
            raise ValueError(f"revision {r.number}: {key} is not a text")
    return revision_digest(
        round=x["round"],
        transition=r.transition.value,
        state=x["state"],
        actor=r.by,
        role=x["role"],
        system=_text_or_none(x, "system"),
        at=r.at,
        reason=r.reason,
        reference=r.reference,
        findings=x["findings"],
        run_by=_text_or_none(x, "run_by"),
        source=_text_or_none(x, "source"),
        source_sha256=_text_or_none(x, "source_sha256"),
        entry=entry,
    )


def _figures(f: Figures) -> str:
    return figures_digest(f.lines, f.votes, f.against_all)


def _time(text: str) -> dt.datetime:
    at = dt.datetime.fromisoformat(text)
    if at.tzinfo is None:
        raise ValueError(f"a time with no zone: {text!r}")
    return at


# -- checking a folder -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FolderBreak:
    """What does not hold in an export folder: in which file (relative to the folder),
    at which event (0: none in particular), what differs."""

    file: str
    event: int
    what: str

    def __str__(self) -> str:
        at = f"event {self.event}: " if self.event else ""
        return f"{self.file}: {at}{self.what}"


@dataclass(frozen=True, slots=True)
class FolderVerdict:
    """The carried chain's head (None: it could not be read), the records checked, and
    the breaks (first first; none: all holds)."""

    head: Head | None
    records: int
    breaks: tuple[FolderBreak, ...]

    @property
    def holds(self) -> bool:
        return not self.breaks


def export_root(path: Path) -> Path | None:
    """The export folder a file or folder belongs to (the one holding `audit/`): the
    path itself, its folder, or the folder above (`DIR/protocols/x.json`)."""
    for p in (path, path.parent, path.parent.parent):
        if (p / AUDIT_DIR).is_dir():
            return p
    return None


@dataclass
class _Logged:
    """A protocol as the chain tells it: each revision's hash with its event, and its
    last event."""

    revisions: list[tuple[int, str]]
    last: int
    state: Any = None
    round: Any = None
    figures: Any = None


def _read_events(root: Path) -> tuple[list[Event], list[FolderBreak]]:
    path = root / EVENTS_FILE
    if not path.is_file():
        return [], [
            FolderBreak(
                EVENTS_FILE,
                0,
                "missing: the folder carries no audit chain (an export made before "
                "kztally carried its log, or one whose chain was removed)",
            )
        ]
    events = []
    with open(path, encoding="utf-8", newline="\n") as f:
        for n, line in enumerate(f, start=1):
            try:
                events.append(event_from_line(line))
            except ValueError as exc:
                return events, [FolderBreak(EVENTS_FILE, 0, f"line {n}: {exc}")]
    return events, []


def _read_head(root: Path) -> tuple[Head | None, FolderBreak | None]:
    try:
        text = (root / HEAD_FILE).read_text(encoding="utf-8")
    except OSError:
        return None, FolderBreak(HEAD_FILE, 0, "missing: the chain's head is not carried")
    try:
        head = Head.parse(text)
    except ValueError as exc:
        return None, FolderBreak(HEAD_FILE, 0, str(exc))
    if len(head.hash) != 64:
        return None, FolderBreak(HEAD_FILE, 0, "the head's hash is not whole (64 hex digits)")
    return head, None


def _read_extras(root: Path) -> tuple[dict[str, dict[str, Any]], FolderBreak | None]:
    out: dict[str, dict[str, Any]] = {}
    try:
        f = open(root / REVISIONS_FILE, encoding="utf-8", newline="\n")  # noqa: SIM115
    except OSError:
        return out, FolderBreak(REVISIONS_FILE, 0, "missing")
    with f:
        for n, line in enumerate(f, start=1):
            try:
                d = json.loads(line)
            except ValueError as exc:
                return out, FolderBreak(REVISIONS_FILE, 0, f"line {n}: not JSON: {exc}")
            if not (
                isinstance(d, dict)
                and isinstance(d.get("file"), str)
                and isinstance(d.get("revisions"), list)
            ):
                return out, FolderBreak(REVISIONS_FILE, 0, f"line {n}: not a record's line")
            out[d["file"]] = d
    return out, None


def _logged(events: Sequence[Event]) -> dict[tuple[str, str], _Logged]:
    out: dict[tuple[str, str], _Logged] = {}
    for e in events:
        if e.code not in PROTOCOL_CODES:
            continue
        c = json.loads(e.content)
        key = (str(c.get("precinct")), str(c.get("contest")))
        found = out.setdefault(key, _Logged([], e.seq))
        found.revisions.extend((e.seq, str(d)) for d in c.get("revisions", ()))
        found.last, found.state, found.round, found.figures = (
            e.seq,
            c.get("state"),
            c.get("round"),
            c.get("figures"),
        )
    return out


def _formal_logged(events: Sequence[Event]) -> dict[tuple[str, str], tuple[int, Any]]:
    """The newest formal parts each protocol's events recorded: (event, values)."""
    out: dict[tuple[str, str], tuple[int, Any]] = {}
    for e in events:
        if e.code == EventCode.FORMAL_RECORDED.value:
            c = json.loads(e.content)
            out[(str(c.get("precinct")), str(c.get("contest")))] = (e.seq, c.get("values"))
    return out


def _formal_break(
    name: str, key: tuple[str, str], carried: Any, logged: dict[tuple[str, str], tuple[int, Any]]
) -> FolderBreak | None:
    """A record's formal parts against the newest event that recorded that protocol's."""
    seq, values = logged.get(key, (0, None))
    if carried is None:
        if values is None:
            return None
        return FolderBreak(name, seq, f"its formal parts are missing; event {seq} recorded them")
    d = protocol_json.formal_to_dict(carried)
    mine = [d[k] for k in ("members_present", "members_total", "count_began", "count_ended",
                           "requests")]  # fmt: skip
    if values is None:
        return FolderBreak(name, 0, "its formal parts have no event")
    if mine != values:
        return FolderBreak(name, seq, f"its formal parts are not what event {seq} recorded")
    return None


def _loaded_election(events: Sequence[Event]) -> tuple[int, str | None]:
    """The event that loaded the election the chain knows, and its content hash."""
    found: tuple[int, str | None] = (0, None)
    for e in events:
        if e.code == EventCode.LOG_STARTED.value:
            hash_ = json.loads(e.content).get("election")
            if hash_:
                found = (e.seq, str(hash_))
        elif e.code == EventCode.ELECTION_LOADED.value:
            found = (e.seq, str(json.loads(e.content).get("hash")))
    return found


def verify_folder(
    root: Path,
    files: Iterable[Path] | None = None,
    head: Head | None = None,
    *,
    replaying: bool = False,
) -> FolderVerdict:
    """Check an export folder's records against the chain it carries (see the module's
    docstring). `files`: only these record files (an import of some of the folder's
    files); None: every record, and every protocol the chain leaves accepted must have
    its file (a folder checked whole). `head`: a head recorded outside the folder that
    the chain must pass through. `replaying`: the caller replays each record's history
    itself (an import), which holds its entries to its revisions more strictly than
    this check would."""
    breaks: list[FolderBreak] = []
    events, problems = _read_events(root)
    if problems:
        return FolderVerdict(None, 0, tuple(problems))
    broken = chain_break(events)
    if broken is not None:
        breaks.append(FolderBreak(EVENTS_FILE, broken.event, broken.what))
    end = Head(events[-1].seq, events[-1].hash) if events else Head(0, "0" * 64)
    carried, problem = _read_head(root)
    if problem is not None:
        breaks.append(problem)
    elif carried is not None and carried != end:
        breaks.append(
            FolderBreak(
                HEAD_FILE,
                carried.count,
                f"the head says {carried.count}:{carried.hash[:16]}…, the chain ends at "
                f"{end.count}:{end.hash[:16]}…",
            )
        )
    if head is not None:
        pinned = events[head.count - 1] if 0 < head.count <= len(events) else None
        if pinned is None or not head.matches(pinned.seq, pinned.hash):
            what = (
                f"the chain has {len(events)} events, fewer than the head's {head.count}"
                if pinned is None
                else f"its hash is {pinned.hash[:16]}…, the head given says {head.hash[:16]}…"
            )
            breaks.append(FolderBreak(EVENTS_FILE, head.count, what))
    if breaks:  # a chain that does not hold vouches for nothing
        return FolderVerdict(end, 0, tuple(breaks))
    election, problem = _election(root, events)
    if problem is not None or election is None:
        return FolderVerdict(end, 0, tuple(b for b in (problem,) if b is not None))
    extras, problem = _read_extras(root)
    if problem is not None:
        return FolderVerdict(end, 0, (problem,))
    logged = _logged(events)
    formal = _formal_logged(events)
    whole = files is None
    paths = sorted((root / PROTOCOLS_DIR).glob("*.json")) if files is None else list(files)
    seen: set[tuple[str, str]] = set()
    checked = 0
    for path in paths:
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        try:
            pf = read_protocol(path, election)
        except FormatError as exc:
            if not replaying:  # an import reports what it cannot read, with the place
                where = f"{exc.where}: " if exc.where else ""
                breaks.append(FolderBreak(name, 0, f"{where}{exc.message}"))
            continue
        record = pf.record
        if record is None:
            continue  # a single entry (an observer's copy): no revision of its own
        checked += 1
        seen.add((record.precinct, record.contest))
        found = _record_break(name, record, extras.get(name), logged, replaying)
        if found is None:
            found = _formal_break(name, (record.precinct, record.contest), pf.formal, formal)
        if found is not None:
            breaks.append(found)
    if whole:
        for (precinct, contest), told in sorted(logged.items(), key=lambda x: x[1].last):
            if told.state == State.ACCEPTED.value and (precinct, contest) not in seen:
                breaks.append(
                    FolderBreak(
                        f"{PROTOCOLS_DIR}/{protocol_file_name(precinct, contest)}",
                        told.last,
                        f"missing: event {told.last} left {precinct}/{contest} accepted",
                    )
                )
    breaks.sort(key=lambda b: (b.event == 0, b.event, b.file))
    return FolderVerdict(end, checked, tuple(breaks))


def _election(root: Path, events: Sequence[Event]) -> tuple[Election | None, FolderBreak | None]:
    try:
        election = load_election(root / DEFINITION_FILE)
    except FormatError as exc:
        where = f"{exc.where}: " if exc.where else ""
        return None, FolderBreak(DEFINITION_FILE, 0, f"{where}{exc.message}")
    seq, recorded = _loaded_election(events)
    have = protocol_json.election_ref(election).hash
    if recorded is None:
        return None, FolderBreak(DEFINITION_FILE, 0, "the chain loaded no election")
    if have != recorded:
        return None, FolderBreak(
            DEFINITION_FILE,
            seq,
            f"its content hash {have[:23]}… is not the {recorded[:23]}… the chain loaded",
        )
    return election, None


def _record_break(
    name: str,
    record: ProtocolRecord,
    extras: dict[str, Any] | None,
    logged: dict[tuple[str, str], _Logged],
    replaying: bool,
) -> FolderBreak | None:
    where = f"{record.precinct}/{record.contest}"
    if not replaying:  # an import checks it itself, and says where
        try:
            check_structure(record)
        except HistoryError as exc:
            return FolderBreak(name, 0, str(exc))
    told = logged.get((record.precinct, record.contest))
    if told is None:
        return FolderBreak(name, 0, f"no event recorded a revision of {where}")
    if extras is None or (extras.get("precinct"), extras.get("contest")) != (
        record.precinct,
        record.contest,
    ):
        return FolderBreak(name, told.last, f"{REVISIONS_FILE} has no line for it")
    agreed = record.case.agreed
    have = None if agreed is None else _figures(agreed.figures)
    if have != told.figures:
        return FolderBreak(
            name, told.last, f"its agreed figures are not those event {told.last} recorded"
        )
    if (record.case.state.value, record.case.round) != (told.state, told.round):
        return FolderBreak(
            name,
            told.last,
            f"it says {record.case.state} (round {record.case.round}); event {told.last} "
            f"left {where} {told.state} (round {told.round})",
        )
    try:
        digests = record_digests(record, extras["revisions"])
    except (ValueError, TypeError) as exc:
        return FolderBreak(name, told.last, str(exc))
    for n in range(max(len(digests), len(told.revisions))):
        if n >= len(told.revisions):
            r = record.revisions[n]
            return FolderBreak(
                name,
                told.last,
                f"revision {r.number} ({r.transition} by {r.by}) was recorded by no event",
            )
        seq, digest = told.revisions[n]
        if n >= len(digests):
            return FolderBreak(
                name, seq, f"revision {n + 1}, which event {seq} recorded, is not in the file"
            )
        if digests[n] != digest:
            r = record.revisions[n]
            return FolderBreak(
                name,
                seq,
                f"revision {r.number} ({r.transition} by {r.by} at {r.at.isoformat()}) is not "
                f"the one event {seq} recorded: its author, time, figures, reason or another "
                "field was changed",
            )
    if replaying:
        return None
    return _entries_break(name, record, extras["revisions"], told.last)


def _entries_break(
    name: str, record: ProtocolRecord, extras: Sequence[dict[str, Any]], seq: int
) -> FolderBreak | None:
    """The record's first, second and agreed entries must be those its revisions made
    (replayed as the state machine made them)."""
    ids: dict[Entry, int] = {}
    facts = []
    for i, (r, x) in enumerate(zip(record.revisions, extras, strict=True)):
        entry_id = kind = None
        if x["entry"] is not None and r.figures is not None:
            kind = EntryKind(x["entry"]["kind"])
            e = Entry(r.figures, x["entry"]["by"], _time(x["entry"]["at"]), r.acts, kind)
            entry_id = ids.setdefault(e, len(ids) + 1)
        facts.append(
            RevisionFacts(
                i + 1, x["round"], Transition(r.transition), State(x["state"]),
                x["findings"], entry_id, kind,
            )
        )  # fmt: skip
    try:
        d = derive(facts)
    except (ReplayError, ValueError) as exc:
        return FolderBreak(name, seq, f"its revisions do not replay: {exc}")
    by_id = {v: k for k, v in ids.items()}
    case = record.case
    for label, want, have in (
        ("first", d.first, case.first),
        ("second", d.second, case.second),
        ("agreed", d.agreed, case.agreed),
    ):
        if (None if want is None else by_id[want]) != have:
            return FolderBreak(name, seq, f"its {label} entry is not the one its revisions made")
    if d.breach != case.breach:
        return FolderBreak(name, seq, "its breach is not what its revisions say")
    return None
