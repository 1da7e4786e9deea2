"""The audit log's arithmetic: event codes, canonical JSON and the hash chain.

Every event is a typed record (`EventCode`) with who, role, workstation, time and a
content object. Its hash is the SHA-256 of the canonical JSON of the whole event (its
number, code, who, role, workstation, time, content and the previous event's hash), so
each event pins every event before it. Canonical JSON: keys sorted, no whitespace, UTF-8
(no escapes of non-ASCII letters), and no numbers but integers.

Events name what they record by hashes as well as by words: a protocol step carries the
SHA-256 of each revision it wrote, and a revision's hash covers its entry's, which covers
the SHA-256 of the figures (`figures_digest`). A copy that leaves out figures (an
observer's export) can still be checked against the chain.

Pure: the storage layer reads and writes the rows; the meaning of each code is in
docs/audit.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kztally.domain.entry import EntryKind, State, Transition

GENESIS = "0" * 64
"""The previous hash of the first event."""


class EventCode(StrEnum):
    """What an event records (docs/audit.md says what each one's content holds)."""

    LOG_STARTED = "log.started"
    SCHEMA_UPGRADED = "schema.upgraded"
    SIGN_IN = "session.signed_in"
    SIGN_IN_FAILED = "session.sign_in_failed"
    SIGN_OUT = "session.signed_out"
    SESSION_CONFIRMED = "session.confirmed"
    ACCOUNT_CREATED = "account.created"
    ROLE_CHANGED = "account.role_changed"
    PASSWORD_CHANGED = "account.password_changed"
    ACCOUNT_LOCKED = "account.locked"
    ACCOUNT_DEACTIVATED = "account.deactivated"
    ACCOUNT_ACTIVATED = "account.activated"
    ELECTION_LOADED = "election.loaded"
    PROTOCOL_ENTERED = "protocol.entered"
    PROTOCOL_RESOLVED = "protocol.resolved"
    PROTOCOL_SENT_BACK = "protocol.sent_back"
    PROTOCOL_ACCEPTED = "protocol.accepted"
    PROTOCOL_RECOUNTED = "protocol.recounted"
    PROTOCOL_ANNULLED = "protocol.annulled"
    PROTOCOL_RECORDED = "protocol.recorded"
    PROTOCOL_IMPORTED = "protocol.imported"
    PROTOCOL_TAKEN_IN = "protocol.taken_in"
    PROTOCOL_FIRST_REVISED = "protocol.first_revised"
    IMPORT_RUN = "data.imported"
    EXPORT_RUN = "data.exported"
    BACKUP_TAKEN = "database.backed_up"
    RESTORED = "database.restored"
    LOG_EXPORTED = "log.exported"
    ATTACHMENT_ADDED = "attachment.added"
    OBSERVER_COPY = "observer_copy.entered"
    COPY_CERTIFIED = "observer_copy.certified"
    KEY_CREATED = "key.created"
    KEY_IMPORTED = "key.imported"
    KEY_CERTIFIED = "key.certified"
    KEY_REVOKED = "key.revoked"
    LOT_DRAWN = "lot.drawn"
    DESIGNATION_RECORDED = "designation.recorded"
    FORMAL_RECORDED = "formal.recorded"
    RESULTS_OFFICIAL = "results.marked_official"
    RESULTS_UNLOCKED = "results.unlocked"
    PROTOCOL_QUERIED = "protocol.queried"
    TRAINING_CREATED = "training.created"
    TRAINING_WORK = "training.work"


PROTOCOL_CODES = frozenset(
    {
        EventCode.PROTOCOL_ENTERED,
        EventCode.PROTOCOL_RESOLVED,
        EventCode.PROTOCOL_SENT_BACK,
        EventCode.PROTOCOL_ACCEPTED,
        EventCode.PROTOCOL_RECOUNTED,
        EventCode.PROTOCOL_ANNULLED,
        EventCode.PROTOCOL_RECORDED,
        EventCode.PROTOCOL_IMPORTED,
        EventCode.PROTOCOL_TAKEN_IN,
        EventCode.PROTOCOL_FIRST_REVISED,
    }
)
"""Events that carry a protocol's new revisions (content: precinct, contest, revisions,
state, round, figures)."""

ACCOUNT_CODES = frozenset(
    {
        EventCode.ACCOUNT_CREATED,
        EventCode.ROLE_CHANGED,
        EventCode.PASSWORD_CHANGED,
        EventCode.ACCOUNT_DEACTIVATED,
        EventCode.ACCOUNT_ACTIVATED,
    }
)
"""Events that change what the account table holds (besides locks and counters)."""


class NotCanonicalError(ValueError):
    """A value canonical JSON does not hold (a float, a non-string key, another type)."""


def _check(value: object) -> None:
    if value is None or isinstance(value, (str, bool, int)):
        return
    if isinstance(value, (list, tuple)):
        for v in value:
            _check(v)
        return
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise NotCanonicalError(f"a key that is not a string: {k!r}")
            _check(v)
        return
    raise NotCanonicalError(f"canonical JSON holds no {type(value).__name__}")


def canonical(value: object) -> str:
    """The canonical JSON text of a value: sorted keys, no whitespace, integers only."""
    _check(value)
    return _dumps(value)


def _dumps(value: object) -> str:
    """`canonical` of a value whose types are known to be right (typed arguments)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def moment(at: dt.datetime) -> str:
    """A time as it is hashed: UTC, to the microsecond (`2023-03-19T08:00:00.000000+00:00`)."""
    if at.tzinfo is None:
        raise ValueError("a time in the audit log must carry its zone")
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


_string = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes


def _scalar(value: str | int | bool | None) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _string(value)
    return str(int(value))


def _flat(items: Sequence[tuple[str, str | int | bool | list[str] | None]]) -> str:
    """`canonical` of an object of scalars and lists of strings, its keys given in
    sorted order: written out here, as it is computed for every row of a national
    build (the domain's tests hold it to `canonical`)."""
    parts = []
    for key, value in items:
        if isinstance(value, list):
            shown = "[" + ",".join(_string(v) for v in value) + "]"
        else:
            shown = _scalar(value)
        parts.append(f"{_string(key)}:{shown}")
    return "{" + ",".join(parts) + "}"


def _numbers(values: Iterable[int | None]) -> str:
    return ",".join("null" if v is None else str(int(v)) for v in values)


# -- what events point to ---------------------------------------------------------------


def figures_digest(
    lines: Sequence[int | None], votes: Sequence[int | None], against_all: int | None
) -> str:
    """The SHA-256 of a protocol's figures (lines 1-8, vote lines, against all): of
    `{"against_all":…,"lines":[…],"votes":[…]}`, canonical (written out here: it is
    computed for every entry of a national build)."""
    against = "null" if against_all is None else str(int(against_all))
    text = f'{{"against_all":{against},"lines":[{_numbers(lines)}],"votes":[{_numbers(votes)}]}}'
    return sha256(text)


def entry_digest(kind: str, by: str, at: dt.datetime, acts: Iterable[str], figures: str) -> str:
    """The SHA-256 of an entry: its kind, clerk, time, acts and its figures' digest."""
    return sha256(
        _flat(
            (
                ("acts", sorted(acts)),
                ("at", moment(at)),
                ("by", by),
                ("figures", figures),
                ("kind", kind),
            )
        )
    )


def revision_digest(
    *,
    round: int,
    transition: str,
    state: str,
    actor: str,
    role: str,
    system: str | None,
    at: dt.datetime,
    reason: str,
    reference: str,
    findings: str,
    run_by: str | None,
    source: str | None,
    source_sha256: str | None,
    entry: str | None,
) -> str:
    """The SHA-256 of a revision: every column but its ids, its entry by digest (the
    canonical JSON of those, keys in order, written out: it is computed for every
    revision of a national build)."""
    s, v = _string, _scalar
    return sha256(
        f'{{"actor":{s(actor)},"at":"{moment(at)}","entry":{v(entry)},'
        f'"findings":{s(findings)},"reason":{s(reason)},"reference":{s(reference)},'
        f'"role":{s(role)},"round":{int(round)},"run_by":{v(run_by)},"source":{v(source)},'
        f'"source_sha256":{v(source_sha256)},"state":{s(state)},"system":{v(system)},'
        f'"transition":{s(transition)}}}'
    )


def copy_digest(
    observer: str, at: dt.datetime, acts: Iterable[str], figures: str, note: str
) -> str:
    """The SHA-256 of an observer's copy (its figures by their digest)."""
    return sha256(
        _flat(
            (
                ("acts", sorted(acts)),
                ("at", moment(at)),
                ("figures", figures),
                ("note", note),
                ("observer", observer),
            )
        )
    )


def copy_certification_digest(
    copy: int,
    number: str,
    certified_by: str,
    sealed: bool | None,
    received_at: dt.datetime | None,
    received_where: str,
    source: str,
    file: str,
    file_sha256: str | None,
    attachment: int | None,
) -> str:
    """The SHA-256 of an observer's copy's certification (`copy_certification`)."""
    return sha256(
        _flat(
            (
                ("attachment", attachment),
                ("certified_by", certified_by),
                ("copy", copy),
                ("file", file),
                ("file_sha256", file_sha256),
                ("number", number),
                ("received_at", None if received_at is None else moment(received_at)),
                ("received_where", received_where),
                ("sealed", sealed),
                ("source", source),
            )
        )
    )


def lot_digest(
    contest: str,
    tied: Sequence[str],
    order: Sequence[str],
    witnesses: Sequence[str],
    reference: str,
    at: dt.datetime,
    by: str,
) -> str:
    """The SHA-256 of a recorded drawing of lots: of the canonical JSON of
    `{"at","by","contest","order","reference","tied","witnesses"}` (lists in their order)."""
    return sha256(
        canonical(
            {
                "at": moment(at),
                "by": by,
                "contest": contest,
                "order": list(order),
                "reference": reference,
                "tied": list(tied),
                "witnesses": list(witnesses),
            }
        )
    )


def designation_digest(
    contest: str, list_id: str, persons: Sequence[str], reference: str, at: dt.datetime, by: str
) -> str:
    """The SHA-256 of a recorded designation of deputies: of the canonical JSON of
    `{"at","by","contest","list","persons","reference"}` (persons in their order)."""
    return sha256(
        canonical(
            {
                "at": moment(at),
                "by": by,
                "contest": contest,
                "list": list_id,
                "persons": list(persons),
                "reference": reference,
            }
        )
    )


def key_digest(
    commission: str,
    public_key: str,
    fingerprint: str,
    training: bool,
    added_by: str,
    added_at: dt.datetime,
) -> str:
    """The SHA-256 of a commission's key as the key list stores it: of the canonical JSON
    of `{"added_at","added_by","commission","fingerprint","public_key","training"}`
    (the public key and its fingerprint in hex)."""
    return sha256(
        canonical(
            {
                "added_at": moment(added_at),
                "added_by": added_by,
                "commission": commission,
                "fingerprint": fingerprint,
                "public_key": public_key,
                "training": training,
            }
        )
    )


def certification_digest(
    key: str,
    certifier: str,
    signed_at: dt.datetime,
    signature: str,
    recorded_by: str,
    recorded_at: dt.datetime,
) -> str:
    """The SHA-256 of a key's certification as stored: of the canonical JSON of
    `{"certifier","key","recorded_at","recorded_by","signature","signed_at"}` (`key` is
    the certified key's fingerprint)."""
    return sha256(
        canonical(
            {
                "certifier": certifier,
                "key": key,
                "recorded_at": moment(recorded_at),
                "recorded_by": recorded_by,
                "signature": signature,
                "signed_at": moment(signed_at),
            }
        )
    )


def revocation_digest(
    key: str, revoked_by: str, revoked_at: dt.datetime, since: dt.datetime, reason: str
) -> str:
    """The SHA-256 of a key's revocation as stored: of the canonical JSON of
    `{"key","reason","revoked_at","revoked_by","since"}` (`key` is the revoked key's
    fingerprint)."""
    return sha256(
        canonical(
            {
                "key": key,
                "reason": reason,
                "revoked_at": moment(revoked_at),
                "revoked_by": revoked_by,
                "since": moment(since),
            }
        )
    )


def session_digest(account: str, token_hash: str, workstation: str, started_at: dt.datetime) -> str:
    """The SHA-256 of a sign-in session as opened (its token by the token's SHA-256, which
    is all the database keeps of it)."""
    return sha256(
        _flat(
            (
                ("account", account),
                ("started_at", moment(started_at)),
                ("token", token_hash),
                ("workstation", workstation),
            )
        )
    )


def results_digest(
    protocols: Iterable[tuple[str, str, str, int, bool, str | None]],
) -> str:
    """The SHA-256 of an election's results as they stand: of the canonical JSON list,
    ordered by precinct and contest, of `[precinct, contest, state, round, breach,
    figures]` for every protocol (`figures`: the agreed figures' digest, or null)."""
    rows = sorted(protocols, key=lambda p: (p[0], p[1]))
    return sha256(_dumps([list(p) for p in rows]))


def password_digest(password_hash: str | None) -> str | None:
    """What an event says of an account's password: the SHA-256 of its stored argon2
    hash (None: no password)."""
    return None if password_hash is None else sha256(password_hash)


# -- the chain ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Draft:
    """An event before it has its place in the chain."""

    code: EventCode
    actor: str
    role: str | None
    workstation: str
    at: dt.datetime
    content: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Event:
    """An event in the chain. `content` is its canonical JSON text."""

    seq: int
    code: str
    actor: str
    role: str | None
    workstation: str
    at: dt.datetime
    content: str
    prev_hash: str
    hash: str


def event_hash(
    seq: int,
    code: str,
    actor: str,
    role: str | None,
    workstation: str,
    at: dt.datetime,
    content: str,
    prev_hash: str,
) -> str:
    """The SHA-256 of an event: of the canonical JSON of its number, code, who, role,
    workstation, time, content and the previous event's hash,
    `{"actor":…,"at":…,"code":…,"content":{…},"prev":…,"role":…,"seq":…,"workstation":…}`.
    `content` must be canonical already (the chain's check says so when it is not); it
    is put in as it is, in its place among the sorted keys."""
    head = _flat((("actor", actor), ("at", moment(at)), ("code", code)))
    tail = _flat((("prev", prev_hash), ("role", role), ("seq", seq), ("workstation", workstation)))
    return sha256(f'{head[:-1]},"content":{content},{tail[1:]}')


def extend(drafts: Sequence[Draft], count: int, head: str) -> list[Event]:
    """The drafts as events after a chain of `count` events ending in `head`."""
    out: list[Event] = []
    prev = head
    for n, d in enumerate(drafts, start=count + 1):
        content = canonical(dict(d.content))
        own = event_hash(n, d.code.value, d.actor, d.role, d.workstation, d.at, content, prev)
        out.append(Event(n, d.code.value, d.actor, d.role, d.workstation, d.at, content, prev, own))
        prev = own
    return out


@dataclass(frozen=True, slots=True)
class Break:
    """The first thing that does not hold: at which event (0: none in particular), in
    which table, what differs."""

    event: int
    table: str
    what: str


_EVENT_KEYS = frozenset(
    {"seq", "code", "actor", "role", "workstation", "at", "content", "prev_hash", "hash"}
)


def event_line(e: Event) -> str:
    """An event as one line of a log file (`kztally audit export`, an export's
    `audit/events.jsonl`): the canonical JSON of `{"actor", "at", "code", "content",
    "hash", "prev_hash", "role", "seq", "workstation"}`, `at` as it is hashed and
    `content` as stored (an object)."""
    head = _flat((("actor", e.actor), ("at", moment(e.at)), ("code", e.code)))
    tail = _flat(
        (
            ("hash", e.hash),
            ("prev_hash", e.prev_hash),
            ("role", e.role),
            ("seq", e.seq),
            ("workstation", e.workstation),
        )
    )
    return f'{head[:-1]},"content":{e.content},{tail[1:]}'


def event_from_line(text: str) -> Event:
    """An event read back from `event_line`'s text (ValueError says what is wrong). Its
    content is made canonical again: the chain's check then says whether its hash
    still follows."""
    try:
        d = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"not JSON: {exc}") from None
    if not isinstance(d, dict):
        raise ValueError("not a JSON object")
    if d.keys() != _EVENT_KEYS:
        missing = sorted(_EVENT_KEYS - d.keys())
        extra = sorted(d.keys() - _EVENT_KEYS)
        raise ValueError(
            "its fields are not an event's"
            + (f": {', '.join(missing)} missing" if missing else "")
            + (f": {', '.join(extra)} unknown" if extra else "")
        )
    for key in ("code", "actor", "workstation", "at", "prev_hash", "hash"):
        if not isinstance(d[key], str):
            raise ValueError(f"{key} is not a text")
    if d["role"] is not None and not isinstance(d["role"], str):
        raise ValueError("role is not a text or null")
    if type(d["seq"]) is not int or d["seq"] < 1:
        raise ValueError("seq is not a whole number from 1")
    if not isinstance(d["content"], dict):
        raise ValueError("content is not an object")
    try:
        at = dt.datetime.fromisoformat(d["at"])
    except ValueError:
        raise ValueError(f"at is not a time: {d['at']!r}") from None
    if at.tzinfo is None:
        raise ValueError("at carries no zone")
    try:
        content = canonical(d["content"])
    except NotCanonicalError as exc:
        raise ValueError(f"content: {exc}") from None
    return Event(
        d["seq"], d["code"], d["actor"], d["role"], d["workstation"], at, content,
        d["prev_hash"], d["hash"],
    )  # fmt: skip


def hashed_text(e: Event) -> str:
    """The canonical JSON whose SHA-256 is the event's hash (when its content is
    canonical): `{"actor","at","code","content","prev","role","seq","workstation"}`."""
    head = _flat((("actor", e.actor), ("at", moment(e.at)), ("code", e.code)))
    tail = _flat(
        (("prev", e.prev_hash), ("role", e.role), ("seq", e.seq), ("workstation", e.workstation))
    )
    return f'{head[:-1]},"content":{e.content},{tail[1:]}'


def chain_break(events: Iterable[Event]) -> Break | None:
    """The first event (in order of number) that does not follow from the one before:
    a gap, a previous hash that is not that event's, content that is not canonical, or a
    hash that is not the event's own."""
    prev = GENESIS
    expected = 1
    for e in events:
        broken = _link_break(e, expected, prev)
        if broken is not None:
            return broken
        prev = e.hash
        expected += 1
    return None


def tail_break(tail: Sequence[Event]) -> Break | None:
    """The check a program can make at every start, in constant time: the chain's last
    events (oldest first, as few as two) each hash to their own hash, and each stands on
    the one before it (the first of them on the genesis hash when it is event 1). What it
    cannot see (a change further back, a chain recomputed by whoever wrote the database)
    is for the full verify and a head kept outside."""
    for n, e in enumerate(tail):
        if n == 0:
            expected, prev = (1, GENESIS) if e.seq == 1 else (e.seq, e.prev_hash)
        else:
            expected, prev = tail[n - 1].seq + 1, tail[n - 1].hash
        broken = _link_break(e, expected, prev)
        if broken is not None:
            return broken
    return None


def _link_break(e: Event, expected: int, prev: str) -> Break | None:
    """Whether event `e` is event number `expected` standing on the hash `prev`."""
    if e.seq != expected:
        return Break(expected, "audit_event", f"event {expected} is missing (next: {e.seq})")
    if e.prev_hash != prev:
        return Break(e.seq, "audit_event", "its previous hash is not the hash of the event before")
    try:
        if canonical(json.loads(e.content)) != e.content:
            return Break(e.seq, "audit_event", "its content is not canonical JSON")
    except (ValueError, NotCanonicalError):
        return Break(e.seq, "audit_event", "its content is not canonical JSON")
    own = event_hash(e.seq, e.code, e.actor, e.role, e.workstation, e.at, e.content, prev)
    if own != e.hash:
        return Break(e.seq, "audit_event", "its hash does not follow from its content")
    return None


@dataclass(frozen=True, slots=True)
class Head:
    """A chain's head as written down outside the database: `COUNT:HASH` (the hash may be
    shortened to its first 16 or more hex digits)."""

    count: int
    hash: str

    def __str__(self) -> str:
        return f"{self.count}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Head:
        count, sep, digest = text.strip().partition(":")
        digest = digest.lower()
        if (
            not sep
            or not count.isdigit()
            or not 16 <= len(digest) <= 64
            or any(c not in "0123456789abcdef" for c in digest)
        ):
            raise ValueError(f"a head is COUNT:HASH (16 to 64 hex digits), not {text!r}")
        return cls(int(count), digest)

    def matches(self, count: int, digest: str) -> bool:
        return count == self.count and digest.startswith(self.hash)


# -- protocols: what the revisions say ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RevisionFacts:
    """What replaying needs of a stored revision: its step and the entry it names."""

    id: int
    round: int
    transition: Transition
    state: State
    findings: str
    entry_id: int | None
    entry_kind: EntryKind | None


@dataclass(frozen=True, slots=True)
class Derived:
    """A protocol's cached columns as its revisions say they must be."""

    state: State
    round: int
    breach: bool
    first: int | None
    second: int | None
    agreed: int | None
    findings: str


_SETTLING = frozenset(
    {
        Transition.SECOND_ENTRY,
        Transition.TAKE_IN,
        Transition.KEEP_FIRST,
        Transition.KEEP_SECOND,
        Transition.CORRECT,
        Transition.ACCEPT,
        Transition.ACCEPT_WARNINGS,
        Transition.ACCEPT_BREACH,
    }
)


class ReplayError(ValueError):
    """Revisions that the state machine could not have made, in this order."""

    def __init__(self, revision: int, message: str) -> None:
        super().__init__(message)
        self.revision = revision


def derive(revisions: Iterable[RevisionFacts]) -> Derived:
    """Replay a protocol's revisions (oldest first) as the double-entry state machine
    made them, and say what its row must hold: state, round, breach, which entries are
    the first, second and agreed, and the agreed figures' finding codes."""
    d = Derived(State.NOT_ENTERED, 1, False, None, None, None, "")
    for r in revisions:
        d = _apply(d, r)
    return d


def _apply(d: Derived, r: RevisionFacts) -> Derived:
    def need(cond: bool, what: str) -> None:
        if not cond:
            raise ReplayError(r.id, f"revision {r.id} ({r.transition}): {what}")

    need(
        r.round == d.round or r.transition is Transition.RECOUNT, f"round {r.round}, not {d.round}"
    )
    entered = (State.FIRST_ENTRY, State.ENTRIES_DIFFER, State.PENDING, State.ACCEPTED)
    match r.transition:
        case Transition.FIRST_ENTRY:
            need(d.state is State.NOT_ENTERED, f"the protocol was {d.state}")
            need(r.entry_id is not None and r.entry_kind is EntryKind.FIRST, "no first entry")
            out = Derived(State.FIRST_ENTRY, d.round, False, r.entry_id, None, None, "")
        case Transition.REVISE_FIRST:
            need(d.state is State.FIRST_ENTRY, f"the protocol was {d.state}")
            need(r.entry_id is not None and r.entry_kind is EntryKind.FIRST, "no first entry")
            out = Derived(State.FIRST_ENTRY, d.round, False, r.entry_id, None, None, "")
        case Transition.SECOND_ENTRY:
            need(d.state is State.FIRST_ENTRY, f"the protocol was {d.state}")
            need(r.entry_id is not None and r.entry_kind is EntryKind.SECOND, "no second entry")
            if r.state is State.ENTRIES_DIFFER:
                out = Derived(r.state, d.round, False, d.first, r.entry_id, None, "")
            else:
                out = Derived(State.PENDING, d.round, False, d.first, r.entry_id, r.entry_id, "")
        case Transition.TAKE_IN:
            need(d.state in (State.NOT_ENTERED, State.FIRST_ENTRY), f"the protocol was {d.state}")
            need(r.entry_id is not None and r.entry_kind is EntryKind.QR, "no code's entry")
            first = r.entry_id if d.state is State.NOT_ENTERED else d.first
            if r.state is State.ENTRIES_DIFFER:
                need(d.state is State.FIRST_ENTRY, "a code alone cannot differ")
                out = Derived(r.state, d.round, False, first, r.entry_id, None, "")
            else:
                out = Derived(State.PENDING, d.round, False, first, r.entry_id, r.entry_id, "")
        case Transition.KEEP_FIRST | Transition.KEEP_SECOND:
            need(d.state is State.ENTRIES_DIFFER, f"the protocol was {d.state}")
            kept = d.first if r.transition is Transition.KEEP_FIRST else d.second
            need(r.entry_id == kept, "it names another entry than the one it keeps")
            out = Derived(State.PENDING, d.round, False, d.first, d.second, kept, "")
        case Transition.CORRECT:
            need(d.state in (State.ENTRIES_DIFFER, State.PENDING), f"the protocol was {d.state}")
            need(r.entry_id is not None and r.entry_kind is EntryKind.CORRECTION, "no correction")
            out = Derived(State.PENDING, d.round, False, d.first, d.second, r.entry_id, "")
        case Transition.ACCEPT | Transition.ACCEPT_WARNINGS | Transition.ACCEPT_BREACH:
            need(d.state is State.PENDING and d.agreed is not None, f"the protocol was {d.state}")
            need(r.entry_id == d.agreed, "it names another entry than the agreed one")
            breach = r.transition is Transition.ACCEPT_BREACH
            out = Derived(State.ACCEPTED, d.round, breach, d.first, d.second, d.agreed, "")
        case Transition.SEND_BACK:
            need(d.state in (State.ENTRIES_DIFFER, State.PENDING), f"the protocol was {d.state}")
            out = Derived(State.NOT_ENTERED, d.round, False, None, None, None, "")
        case Transition.RECOUNT:
            need(d.state in entered, f"the protocol was {d.state}")
            need(r.round == d.round + 1, f"round {r.round} after round {d.round}")
            out = Derived(State.NOT_ENTERED, d.round + 1, False, None, None, None, "")
        case Transition.ANNUL:
            need(d.state is not State.ANNULLED, "the protocol was annulled already")
            out = Derived(
                State.ANNULLED, d.round, d.breach, d.first, d.second, d.agreed, d.findings
            )
    if r.transition in _SETTLING and out.agreed is not None:
        out = Derived(
            out.state, out.round, out.breach, out.first, out.second, out.agreed, r.findings
        )
    auto_accept = out.state is State.PENDING and r.state is State.ACCEPTED  # then: accept
    need(
        r.state is out.state or (auto_accept and r.transition in _SETTLING),
        f"it says {r.state}, not {out.state}",
    )
    return out


def formal_digest(
    precinct: str,
    contest: str,
    round: int,
    values: Sequence[int | str | None],
    at: dt.datetime,
    by: str,
) -> str:
    """The SHA-256 of a protocol's recorded formal parts: of the canonical JSON of
    `{"at","by","contest","precinct","round","values"}`, `values` being members present,
    members in all, when the count began and ended (as stored, local time with its zone)
    and the written requests to vote outside the room, in that order (null where not
    recorded)."""
    return sha256(
        canonical(
            {
                "at": moment(at),
                "by": by,
                "contest": contest,
                "precinct": precinct,
                "round": round,
                "values": list(values),
            }
        )
    )
