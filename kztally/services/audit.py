"""The audit log, read and checked: `show`, `head`, `verify` (docs/audit.md).

`verify` recomputes the chain, and checks every table the log speaks of against it:
each revision (with its entry and figures) against the event that wrote it, each
protocol's row against what its revisions say (replayed as the state machine made
them), the accounts against their events, attachments and observers' copies against
theirs, drawings of lots, designations, formal parts and the key list's rows against
theirs, and
the stored election
against its content hash. It names the first break.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from kztally import __version__
from kztally.domain.audit import (
    ACCOUNT_CODES,
    GENESIS,
    PROTOCOL_CODES,
    Break,
    Event,
    EventCode,
    Head,
    ReplayError,
    chain_break,
    derive,
    hashed_text,
    moment,
    tail_break,
)
from kztally.domain.rules import Role
from kztally.formats.election_json import content_hash, election_from_dict
from kztally.services import audit_papers, audit_rows, journal
from kztally.services.errors import InvalidRequest
from kztally.services.eventfiles import write_events, write_lines
from kztally.services.users import Clock, SignedIn, require_role, utcnow
from kztally.storage import audit as store
from kztally.storage import copies as copy_store
from kztally.storage import formal as formal_store
from kztally.storage import keys as key_store
from kztally.storage import lots as lot_store
from kztally.storage import official
from kztally.storage.database import Database, Session
from kztally.storage.transfer import snapshot

READERS = frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR, Role.TRAINER})
"""Who reads and verifies the log (it names who did what on every protocol)."""
NOTED = frozenset(
    {
        EventCode.EXPORT_RUN,
        EventCode.IMPORT_RUN,
        EventCode.BACKUP_TAKEN,
        EventCode.RESTORED,
        EventCode.LOG_EXPORTED,
    }
)
LOG_FORMATS = ("jsonl", "nist")
"""`export_log`'s formats: JSON Lines (one event a line, as an export folder's
`audit/events.jsonl`), or NIST SP 1500-101's election event log (JSON)."""
"""Events of actions made outside the services' transactions, noted after them."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What `verify` found: the chain's head, and the breaks (first first; none: all
    holds)."""

    head: Head
    breaks: tuple[Break, ...]

    @property
    def holds(self) -> bool:
        return not self.breaks


@dataclass(frozen=True, slots=True)
class TailCheck:
    """What the check at start found: the chain's head, and the break in its last
    events (None: they follow from their content and from each other)."""

    head: Head
    broken: Break | None

    @property
    def holds(self) -> bool:
        return self.broken is None


Progress = Callable[[int, int], object]
"""progress(done, total), called as `verify` goes from one check to the next; an
exception it raises stops the verify (which writes nothing)."""

VERIFY_STEPS = 6
"""How many steps `verify` reports: the log read, the chain, then each table checked."""


def check_tail(db: Database) -> TailCheck:
    """The check a front end makes at start, before anyone signs in (signing in, or
    failing to, appends events after the one that was last): the last two events hash to
    their own hashes and the last stands on the one before. One query of two rows, however
    long the log (`kztally.domain.audit.tail_break`); it says whether the log holds there
    and its head, nothing else."""
    with db.session(readonly=True) as s:
        return _tail(s)


def _tail(s: Session) -> TailCheck:
    last = store.tail(s, 2)
    head = Head(last[-1].seq, last[-1].hash) if last else Head(0, GENESIS)
    return TailCheck(head, tail_break(last))


def head_of(session: Session) -> Head:
    count, digest = store.head(session)
    return Head(count, digest)


class AuditService:
    def __init__(self, db: Database, actor: SignedIn, clock: Clock = utcnow) -> None:
        self._db = db
        self._actor = actor
        self._clock = clock

    def note(self, code: EventCode, content: dict[str, Any]) -> None:
        """Record an action made outside the services (an export, a backup): one event
        of the signed-in person, in its own transaction."""
        if code not in NOTED:
            raise InvalidRequest(f"{code} is recorded by the change it belongs to")
        with self._db.session() as s:
            me = require_role(s, self._actor, frozenset(Role), "act")
            journal.record(s, self._actor, me.role, code, self._clock(), content)

    def head(self) -> Head:
        with self._db.session(readonly=True) as s:
            require_role(s, self._actor, frozenset(Role), "read the audit log's head")
            return head_of(s)

    def check_tail(self) -> TailCheck:
        """`check_tail` for a signed-in person (anyone): the last two events now."""
        with self._db.session(readonly=True) as s:
            require_role(s, self._actor, frozenset(Role), "check the audit log's last events")
            return _tail(s)

    def show(self, since: int = 0, limit: int | None = None) -> tuple[Event, ...]:
        """The events numbered above `since`, oldest first (at most `limit`)."""
        with self._db.session(readonly=True) as s:
            require_role(s, self._actor, READERS, "read the audit log")
            out = []
            batch = 5000 if limit is None else max(1, min(limit, 5000))
            for e in store.events(s, since, batch=batch):
                out.append(e)
                if limit is not None and len(out) >= limit:
                    break
            return tuple(out)

    def export_log(self, path: str | os.PathLike[str], fmt: str = "jsonl") -> Head:
        """Write every event to `path` (written whole or not at all) in `fmt` (one of
        `LOG_FORMATS`), from one snapshot; the export is then noted in the log
        (`log.exported`). Returns the head written."""
        if fmt not in LOG_FORMATS:
            raise InvalidRequest(f"the log is written as {' or '.join(LOG_FORMATS)}, not {fmt}")
        target = Path(path)
        if target.is_dir():
            raise InvalidRequest(f"{target} is a folder: name a file")
        with self._db.session(readonly=True) as s:
            snapshot(s)
            require_role(s, self._actor, READERS, "export the audit log")
            events = store.events(s)
            if fmt == "jsonl":
                head = write_events(target, events)
            else:
                election = store.election(s)
                election_id = None if election is None else _election_id(election[1])
                document = nist_log(list(events), self._clock(), election_id)
                head = _nist_head(document)
                write_lines(target, [json.dumps(document, ensure_ascii=False, indent=1)])
        self.note(
            EventCode.LOG_EXPORTED,
            {"file": target.name, "format": fmt, "events": head.count, "head": str(head)},
        )
        return head

    def verify(self, head: Head | None = None, progress: Progress | None = None) -> Verdict:
        with self._db.session(readonly=True) as s:
            snapshot(s)  # the log and the tables as of one moment, writers or not
            require_role(s, self._actor, READERS, "verify the audit log")
            return verify(s, head, progress)


def note_restored(
    db: Database,
    who: journal.Someone,
    role: Role | None,
    source: str,
    sha256: str,
    clock: Clock = utcnow,
) -> Head:
    """Record in a database just restored from a backup that it was: `database.restored`
    with the backup's file name, its SHA-256 and the head the restored log had (returned).

    `who` restored it: the administrator signed in to the database it replaced (`role`),
    or, when there was none, the person named (no role). They need no account in the
    restored database: a backup may be older than their account."""
    with db.session() as s:
        head = head_of(s)
        content = {"file": source, "sha256": sha256, "head": str(head)}
        journal.record(s, who, role, EventCode.RESTORED, clock(), content)
    return head


def _election_id(definition: str) -> str | None:
    try:
        found = json.loads(definition).get("id")
    except (ValueError, AttributeError):
        return None
    return found if isinstance(found, str) else None


NIST_TYPE = "EventLogging.ElectionEventLog"


def nist_log(
    events: Sequence[Event], generated: dt.datetime, election_id: str | None
) -> dict[str, Any]:
    """The events as a NIST SP 1500-101 election event log (its JSON schema's
    `EventLogging.ElectionEventLog`): one device, the database, holding every event in
    the chain's order. Each event's `Details` is the canonical JSON its `Hash` is the
    SHA-256 of (docs/audit.md), so the chain can be recomputed from the file alone."""
    out: list[dict[str, Any]] = []
    for e in events:
        out.append(
            {
                "@type": "EventLogging.Event",
                "Id": e.code,
                "Sequence": str(e.seq),
                "TimeStamp": moment(e.at),
                "Type": e.code.partition(".")[0],
                "Disposition": "failure" if e.code == EventCode.SIGN_IN_FAILED else "success",
                "UserId": e.actor,
                "Hash": e.hash,
                "Details": hashed_text(e),
            }
        )
    head = Head(events[-1].seq, events[-1].hash) if events else Head(0, GENESIS)
    device: dict[str, Any] = {
        "@type": "EventLogging.Device",
        "Id": "kztally-database",
        "Type": "ems",
        "Manufacturer": "kztally",
        "Model": "kztally",
        "Version": __version__,
        "HashType": "sha-256",
        "Details": "one hash chain over every workstation of the database; the "
        "workstation, role and content of each event are in its Details",
        "Event": out,
    }
    document: dict[str, Any] = {
        "@type": NIST_TYPE,
        "GeneratedTime": moment(generated),
        "Details": f"kztally audit log, head {head}",
        "Device": [device],
    }
    if election_id is not None:
        document["ElectionId"] = election_id
    return document


def _nist_head(document: dict[str, Any]) -> Head:
    events = document["Device"][0]["Event"]
    if not events:
        return Head(0, GENESIS)
    return Head(int(events[-1]["Sequence"]), events[-1]["Hash"])


def verify(s: Session, head: Head | None = None, progress: Progress | None = None) -> Verdict:
    """Check the log and the tables against each other (see the module's docstring)."""

    def step(done: int) -> None:
        if progress is not None:
            progress(done, VERIFY_STEPS)

    step(0)
    events = list(store.events(s))
    step(1)
    found: list[Break] = []
    broken = chain_break(events)
    if broken is not None:
        found.append(broken)
    last = events[-1] if events else None
    current = Head(0, "") if last is None else Head(last.seq, last.hash)
    if head is not None:
        pinned = events[head.count - 1] if 0 < head.count <= len(events) else None
        if pinned is None or not head.matches(pinned.seq, pinned.hash):
            what = (
                f"the log has {len(events)} events, fewer than the head's {head.count}"
                if pinned is None
                else f"its hash is {pinned.hash[:16]}…, the head says {head.hash[:16]}…"
            )
            found.append(Break(head.count, "audit_event", what))
    step(2)
    found.extend(_tables(s, events, step))
    found.sort(key=lambda b: (b.event == 0, b.event))
    return Verdict(current, tuple(found))


def _content(e: Event) -> dict[str, Any]:
    try:
        value = json.loads(e.content)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


Logged = list[tuple[Event, dict[str, Any]]]
"""Each event with its content, parsed once."""


def _tables(s: Session, chain: list[Event], step: Callable[[int], None]) -> Iterator[Break]:
    events: Logged = [(e, _content(e)) for e in chain]
    baseline: dict[str, Any] = {}
    if events and events[0][0].code == EventCode.LOG_STARTED.value:
        baseline = events[0][1]
    yield from _election(s, events, baseline)
    yield from _accounts(s, events, baseline)
    step(3)
    yield from _protocols(s, events, baseline)
    step(4)
    yield from _attachments(s, events, baseline)
    step(5)
    yield from _copies(s, events, baseline)
    yield from _recorded(
        events,
        EventCode.COPY_CERTIFIED,
        "certification",
        "copy_certification",
        "certification of a copy",
        (_Row(rid, sha) for rid, sha in copy_store.every_digest(s)),
    )
    yield from _recorded(
        events, EventCode.LOT_DRAWN, "draw", "lot_draw", "drawing of lots", lot_store.draws(s)
    )
    yield from _recorded(
        events,
        EventCode.DESIGNATION_RECORDED,
        "designation",
        "designation",
        "designation",
        lot_store.designations(s),
    )
    yield from _recorded(
        events,
        EventCode.FORMAL_RECORDED,
        "formal",
        "protocol_formal",
        "formal parts",
        formal_store.records(s),
    )
    yield from _keys(s, events)
    yield from _official(s, events)
    yield from audit_rows.check(s, events)
    yield from audit_papers.check(s, events)
    step(VERIFY_STEPS)


def _election(s: Session, events: Logged, baseline: dict[str, Any]) -> Iterator[Break]:
    stored = store.election(s)
    loaded = [(e.seq, c.get("hash")) for e, c in events if e.code == "election.loaded"]
    if baseline.get("election"):
        loaded.insert(0, (1, baseline["election"]))
    if stored is None:
        if loaded:
            yield Break(loaded[0][0], "election", "the election it loaded is not stored")
        return
    stored_hash, definition = stored
    seq = loaded[0][0] if loaded else 0
    if not loaded:
        yield Break(0, "election", "the stored election has no event")
    elif loaded[0][1] != stored_hash:
        yield Break(seq, "election", "its content hash is not the one the log recorded")
    try:
        document = json.loads(definition)
        recomputed = content_hash(election_from_dict(document))
    except (ValueError, KeyError, TypeError) as exc:
        yield Break(seq, "election", f"its definition cannot be read: {exc}")
        return
    if recomputed != stored_hash or document.get("identity", {}).get("hash") != stored_hash:
        yield Break(seq, "election", "its definition does not hash to its content hash")


def _accounts(s: Session, events: Logged, baseline: dict[str, Any]) -> Iterator[Break]:
    expected: dict[str, dict[str, Any]] = {}
    last: dict[str, int] = {}
    for a in baseline.get("accounts", ()):
        expected[a["name"]] = dict(a)
        last[a["name"]] = 1
    for e, c in events:
        if e.code not in ACCOUNT_CODES:
            continue
        name = c.get("name")
        if not isinstance(name, str):
            continue
        last[name] = e.seq
        match e.code:
            case EventCode.ACCOUNT_CREATED:
                expected[name] = dict(c)
            case EventCode.ROLE_CHANGED if name in expected:
                expected[name]["role"] = c.get("role")
            case EventCode.PASSWORD_CHANGED if name in expected:
                expected[name]["password"] = c.get("password")
            case EventCode.ACCOUNT_DEACTIVATED if name in expected:
                expected[name]["active"] = False
            case EventCode.ACCOUNT_ACTIVATED if name in expected:
                expected[name]["active"] = True
            case _:
                pass
    stored = {a.name: a for a in store.accounts(s)}
    for name, a in stored.items():
        want = expected.get(name)
        if want is None:
            yield Break(0, "account", f"the account {name!r} has no event")
            continue
        for field in ("role", "active", "password", "generated"):
            have = getattr(a, field)
            if want.get(field) != have:
                shown = "its password" if field == "password" else f"{field} {have!r}"
                yield Break(
                    last[name], "account", f"{name!r}: {shown} is not what the log recorded"
                )
                break
    for name in expected.keys() - stored.keys():
        yield Break(last[name], "account", f"the account {name!r} is not stored")


def _protocols(s: Session, events: Logged, baseline: dict[str, Any]) -> Iterator[Break]:
    before = int(baseline.get("revisions", 0))
    logged: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for e, c in events:
        if e.code in PROTOCOL_CODES:
            key = (str(c.get("precinct")), str(c.get("contest")))
            logged.setdefault(key, []).extend((e.seq, d) for d in c.get("revisions", ()))
    rows = store.protocols(s)
    by_id = {p.id: p for p in rows}
    revisions: dict[int, list[store.StoredRevision]] = {}
    for r in store.revisions(s):
        revisions.setdefault(r.protocol_id, []).append(r)
    named: set[int] = set()
    for pid, revs in revisions.items():
        p = by_id.get(pid)
        where = f"protocol {pid}" if p is None else f"{p.precinct}/{p.contest}"
        key = ("", "") if p is None else (p.precinct, p.contest)
        recorded = logged.pop(key, [])
        ours = [r for r in revs if r.id > before]
        for n in range(max(len(ours), len(recorded))):
            if n >= len(recorded):
                yield Break(0, "revision", f"revision {ours[n].id} of {where} has no event")
                break
            seq, digest = recorded[n]
            if n >= len(ours):
                yield Break(seq, "revision", f"a revision of {where} that event {seq} recorded "
                            "is not stored")  # fmt: skip
                break
            if ours[n].digest != digest:
                what = f"revision {ours[n].id} of {where} is not the one event {seq} recorded"
                yield Break(seq, "revision", f"{what} (its content, entry or figures differ)")
                break
        named.update(r.facts.entry_id for r in revs if r.facts.entry_id is not None)
    for (precinct, contest), recorded in logged.items():
        if recorded:
            seq = recorded[0][0]
            yield Break(seq, "revision", f"the revisions of {precinct}/{contest} that event "
                        f"{seq} recorded are not stored")  # fmt: skip
    last_event: dict[tuple[str, str], int] = {}
    for e, c in events:
        if e.code in PROTOCOL_CODES:
            last_event[(str(c.get("precinct")), str(c.get("contest")))] = e.seq
    for p in rows:
        revs = revisions.get(p.id, [])
        seq = last_event.get((p.precinct, p.contest), 0)
        where = f"{p.precinct}/{p.contest}"
        try:
            d = derive(r.facts for r in revs)
        except ReplayError as exc:
            yield Break(seq, "revision", f"{where}: {exc}")
            continue
        have = (p.state, p.round, p.breach, p.first, p.second, p.agreed, p.findings)
        want = (d.state, d.round, d.breach, d.first, d.second, d.agreed, d.findings)
        if have != want:
            fields = ("state", "round", "breach", "first entry", "second entry", "agreed entry")
            differ = [
                f for f, a, b in zip((*fields, "findings"), have, want, strict=True) if a != b
            ]
            yield Break(seq, "protocol", f"{where}: its {', '.join(differ)} not what its "
                        "revisions say")  # fmt: skip
            continue
        entries = {r.facts.entry_id: r.entry for r in revs if r.facts.entry_id is not None}
        agreed = None if d.agreed is None else entries.get(d.agreed)
        if p.figures != store.agreed_figures(agreed, d.state):
            yield Break(seq, "protocol", f"{where}: its figures are not its agreed entry's")
    orphans = sorted(set(store.entry_ids(s)) - named)
    if orphans:
        yield Break(0, "entry", f"entry {orphans[0]} belongs to no revision")


def _attachments(s: Session, events: Logged, baseline: dict[str, Any]) -> Iterator[Break]:
    before = int(baseline.get("attachments", 0))
    logged: dict[Any, tuple[int, Any]] = {
        c.get("attachment"): (e.seq, c.get("sha256"))
        for e, c in events
        if e.code == EventCode.ATTACHMENT_ADDED.value
    }
    for aid, stored_sha, data_sha in store.attachments(s):
        seq, digest = logged.pop(aid, (0, None))
        if stored_sha != data_sha:
            yield Break(
                seq, "attachment", f"attachment {aid}: its data does not hash to its SHA-256"
            )
        elif aid > before and seq == 0:
            yield Break(0, "attachment", f"attachment {aid} has no event")
        elif aid > before and digest != stored_sha:
            yield Break(seq, "attachment", f"attachment {aid} is not the file event {seq} recorded")
    for aid, (seq, _) in logged.items():
        yield Break(seq, "attachment", f"attachment {aid} that event {seq} recorded is not stored")


def _copies(s: Session, events: Logged, baseline: dict[str, Any]) -> Iterator[Break]:
    before = int(baseline.get("observer_copies", 0))
    logged: dict[Any, tuple[int, Any]] = {
        c.get("copy"): (e.seq, c.get("sha256"))
        for e, c in events
        if e.code == EventCode.OBSERVER_COPY.value
    }
    for cid, digest in store.observer_copies(s):
        seq, recorded = logged.pop(cid, (0, None))
        if cid <= before:
            continue
        if seq == 0:
            yield Break(0, "observer_copy", f"observer's copy {cid} has no event")
        elif recorded != digest:
            yield Break(
                seq, "observer_copy", f"observer's copy {cid} is not what event {seq} recorded"
            )
    for cid, (seq, _) in logged.items():
        yield Break(
            seq, "observer_copy", f"observer's copy {cid} that event {seq} recorded is not stored"
        )


class _Hashed(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def sha256(self) -> str: ...


def _recorded(
    events: Logged,
    code: EventCode,
    key: str,
    table: str,
    what: str,
    rows: Iterable[_Hashed],
) -> Iterator[Break]:
    """Rows that came with the log (drawings of lots, designations): each has the event
    that recorded it, with its hash, and each such event's row is stored."""
    logged: dict[Any, tuple[int, Any]] = {
        c.get(key): (e.seq, c.get("sha256")) for e, c in events if e.code == code.value
    }
    for row in rows:
        seq, recorded = logged.pop(row.id, (0, None))
        if seq == 0:
            yield Break(0, table, f"{what} {row.id} has no event")
        elif recorded != row.sha256:
            yield Break(seq, table, f"{what} {row.id} is not what event {seq} recorded")
    for rid, (seq, _) in logged.items():
        yield Break(seq, table, f"{what} {rid} that event {seq} recorded is not stored")


@dataclass(frozen=True, slots=True)
class _Row:
    id: int
    sha256: str


KEY_ROWS: dict[str, tuple[str, str]] = {
    EventCode.KEY_CREATED.value: (key_store.KEY, "key"),
    EventCode.KEY_CERTIFIED.value: (key_store.CERTIFICATION, "certification"),
    EventCode.KEY_REVOKED.value: (key_store.REVOCATION, "revocation"),
}
"""The one row each of these events wrote (its hash is the event's `sha256`); what
`key.imported` wrote is in its `rows`, by table."""
_KEY_WHAT = dict(KEY_ROWS.values())


def _keys(s: Session, events: Logged) -> Iterator[Break]:
    """The key list's rows: each has the event that wrote it, with its hash, and each
    row an event wrote is stored (rows are named by the key they are about)."""
    logged: dict[tuple[str, str], list[tuple[int, Any]]] = {}
    for e, c in events:
        if e.code in KEY_ROWS:
            table = KEY_ROWS[e.code][0]
            written: Any = {table: c.get("sha256")}
        elif e.code == EventCode.KEY_IMPORTED.value:
            written = c.get("rows")
        else:
            continue
        if not isinstance(written, dict):
            written = {key_store.KEY: None}
        for table, digest in written.items():
            logged.setdefault((str(table), str(c.get("fingerprint"))), []).append((e.seq, digest))
    for row in key_store.rows(s):
        what = f"the {_KEY_WHAT[row.table]} of key {row.key[:16].upper()} (row {row.id})"
        recorded = logged.get((row.table, row.key))
        if not recorded:
            yield Break(0, row.table, f"{what} has no event")
            continue
        seq, digest = recorded.pop(0)
        if digest != row.sha256:
            yield Break(seq, row.table, f"{what} is not what event {seq} recorded")
    for (table, key), left in logged.items():
        for seq, _ in left:
            yield Break(
                seq,
                table,
                f"the {_KEY_WHAT.get(table, table)} of key {key[:16].upper()} that event "
                f"{seq} recorded is not stored",
            )


def _official(s: Session, events: Logged) -> Iterator[Break]:
    """The results' status row is what the last mark or unlock recorded (unofficial,
    before any)."""
    seq, want = 0, official.UNOFFICIAL
    for e, _ in events:
        if e.code == EventCode.RESULTS_OFFICIAL:
            seq, want = e.seq, official.Status(True, e.at, e.actor)
        elif e.code == EventCode.RESULTS_UNLOCKED:
            seq, want = e.seq, official.UNOFFICIAL
    have = official.stored(s)
    if have is None:
        yield Break(seq, "results_status", "the row saying whether results are official is missing")
    elif have.official != want.official:
        said = "official" if have.official else "unofficial"
        yield Break(seq, "results_status", f"it says the results are {said}; the log does not")
    elif have != want:
        yield Break(seq, "results_status", "when or by whom results were marked official is not "
                    "what the log recorded")  # fmt: skip
