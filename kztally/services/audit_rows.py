"""`verify`'s checks of the tables the log does not record row by row (docs/audit.md):

- the election's row, its areas, contests and the set of its protocols are exactly what
  its stored definition makes (the definition itself is checked against its hash);
- each protocol's time, author and version stamps are its last revision's;
- each sign-in session is the one its `session.signed_in` event opened, and it ended
  (or is open) as the log says;
- each account's count of wrong passwords, lock, creation and password time are what its
  events say;
- the schema's revision is this program's.

Each break names its table.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from kztally.domain.audit import Break, Event, EventCode, session_digest
from kztally.domain.election import Election
from kztally.formats.election_json import election_from_dict
from kztally.storage import audit as store
from kztally.storage import elections
from kztally.storage.database import Session, head_revision

Logged = Sequence[tuple[Event, dict[str, Any]]]


def check(s: Session, events: Logged) -> Iterator[Break]:
    yield from _schema(s)
    yield from _status(s)
    yield from _definition(s, events)
    yield from _protocol_stamps(s)
    yield from _sessions(s, events)
    yield from _account_states(s, events)


def _status(s: Session) -> Iterator[Break]:
    for rid in store.status_rows(s):
        if rid != 1:
            yield Break(0, "results_status", f"it holds a row {rid}; only row 1 says anything")


def _schema(s: Session) -> Iterator[Break]:
    found = store.schema_revisions(s)
    want = head_revision()
    if found != [want]:
        shown = ", ".join(found) or "nothing"
        yield Break(0, "alembic_version", f"it holds {shown}; this program's schema is {want}")


def _loaded(events: Logged) -> Event | None:
    for e, _ in events:
        if e.code == EventCode.ELECTION_LOADED:
            return e
    return None


def _definition(s: Session, events: Logged) -> Iterator[Break]:
    """The rows the election's definition makes, as `kztally.storage.elections.store`
    made them: an area, a contest or a protocol changed, deleted or inserted is a break."""
    stored = store.election(s)
    election: Election | None = None
    if stored is not None:
        try:
            election = election_from_dict(json.loads(stored[1]))
        except (ValueError, KeyError, TypeError):
            return  # the election's own check names it
    loaded = _loaded(events)
    seq = 0 if loaded is None else loaded.seq
    rows = store.election_rows(s)
    if len(rows) > 1:
        ids = ", ".join(r["id"] for r in rows)
        yield Break(seq, "election", f"{len(rows)} elections are stored ({ids}); one is loaded")
    row = rows[0] if rows else None
    if election is not None and row is not None:
        want = {"id": election.id, "name": election.name, "training": election.training}
        if loaded is not None:
            want |= {"loaded_at": loaded.at, "loaded_by": loaded.actor}
        want["version"] = 1
        differ = [k for k, v in want.items() if row[k] != v]
        if differ:
            yield Break(seq, "election", f"its {', '.join(differ)} not what was loaded")
    areas, contests = elections.stored_rows(s)
    want_areas = [] if election is None else elections.area_rows(election)
    want_contests = [] if election is None else elections.contest_rows(election)
    yield from _rows(seq, "area", "area", "code", areas, want_areas)
    yield from _rows(seq, "contest", "contest", "id", contests, want_contests)
    keys = set(store.protocol_keys(s))
    expected = set() if election is None else set(election.iter_protocol_keys())
    for precinct, contest in sorted(keys - expected):
        yield Break(seq, "protocol", f"{precinct}/{contest} is not a protocol of the election")
    for precinct, contest in sorted(expected - keys):
        yield Break(seq, "protocol", f"the protocol {precinct}/{contest} is not stored")


def _rows(
    seq: int,
    table: str,
    what: str,
    key: str,
    have: Sequence[Mapping[str, Any]],
    want: Sequence[Mapping[str, Any]],
) -> Iterator[Break]:
    stored = {r[key]: r for r in have}
    for row in want:
        found = stored.pop(row[key], None)
        if found is None:
            yield Break(seq, table, f"the {what} {row[key]} of the election is not stored")
            continue
        differ = [c for c, v in row.items() if found.get(c) != v]
        if differ:
            yield Break(seq, table, f"{what} {row[key]}: its {', '.join(differ)} not what "
                        "the election's definition says")  # fmt: skip
    for k in sorted(stored):
        yield Break(seq, table, f"{what} {k} is not in the election's definition")


def _protocol_stamps(s: Session) -> Iterator[Break]:
    """A protocol's `updated_at`, `updated_by` and `version` are its last revision's
    time, actor and `protocol_version` (the trigger's), and its revisions' versions
    follow one another (2, 3, 4...); untouched, it is at version 1."""
    revisions: dict[int, list[tuple[int, dt.datetime, str, int | None]]] = {}
    for rid, pid, at, actor, version in store.revision_stamps(s):
        revisions.setdefault(pid, []).append((rid, at, actor, version))
    for pid, (at, by, version) in store.protocol_stamps(s).items():
        revs = revisions.get(pid, [])
        if not revs:
            if (at, by, version) != (None, None, 1):
                yield Break(0, "protocol", f"protocol {pid} has no revision but says it changed")
            continue
        made = [v for _, _, _, v in revs]
        for (rid, _, _, v), before in zip(revs[1:], made, strict=False):
            if v is not None and before is not None and v != before + 1:
                yield Break(0, "revision", f"revision {rid} makes version {v} of protocol "
                            f"{pid}, after {before}")  # fmt: skip
                break
        else:
            if None not in made and made[0] != 2:
                yield Break(0, "revision", f"revision {revs[0][0]} makes version {made[0]} of "
                            f"protocol {pid}, its first")  # fmt: skip
        _, last_at, last_by, last_version = revs[-1]
        if last_version is not None and (at, by, version) != (last_at, last_by, last_version):
            yield Break(0, "protocol", f"protocol {pid}: its time, author or version is not "
                        "its last revision's")  # fmt: skip


def _sessions(s: Session, events: Logged) -> Iterator[Break]:
    """Each session has the `session.signed_in` event that opened it (its hash, or for
    an event written before sessions were hashed its account, workstation and time); it
    ended when `session.signed_out`, or the deactivation or reset of its account's
    password by someone else, ended it, and not otherwise; it was last seen when it
    started or when its workstation was last unlocked (`session.confirmed`)."""
    opened: dict[Any, tuple[Event, dict[str, Any]]] = {}
    ended: dict[Any, Event] = {}
    seen: dict[Any, dt.datetime] = {}
    open_of: dict[str, set[Any]] = {}
    for e, c in events:
        match e.code:
            case EventCode.SIGN_IN:
                opened[c.get("session")] = (e, c)
                open_of.setdefault(e.actor, set()).add(c.get("session"))
            case EventCode.SIGN_OUT:
                ended[c.get("session")] = e
                open_of.get(e.actor, set()).discard(c.get("session"))
            case EventCode.SESSION_CONFIRMED:
                seen[c.get("session")] = e.at
            case EventCode.ACCOUNT_DEACTIVATED:
                for sid in open_of.pop(str(c.get("name")), set()):
                    ended[sid] = e
            case EventCode.PASSWORD_CHANGED if c.get("name") != e.actor:
                for sid in open_of.pop(str(c.get("name")), set()):
                    ended[sid] = e
            case _:
                pass
    began = events[0][0].at if events and events[0][0].code == EventCode.LOG_STARTED else None
    first = min((k for k in opened if isinstance(k, int)), default=None)
    table = "sign_in_session"
    for row in store.sessions(s):
        found = opened.pop(row.id, None)
        if found is None:
            before = began is not None and row.started_at < began
            if before and (first is None or row.id < first):
                continue  # opened before the log began
            yield Break(0, table, f"session {row.id} has no event")
            continue
        e, c = found
        where = f"session {row.id} ({row.account})"
        if "sha256" in c:
            digest = session_digest(
                row.account or "", row.token_hash, row.workstation, row.started_at
            )
            same = c["sha256"] == digest and e.actor == row.account
        else:
            same = (e.actor, e.workstation, e.at) == (row.account, row.workstation, row.started_at)
        if not same:
            yield Break(e.seq, table, f"{where} is not the one event {e.seq} opened")
            continue
        end = ended.get(row.id)
        if end is None and row.ended_at is not None:
            yield Break(e.seq, table, f"{where} ended with no event")
        elif end is not None and row.ended_at != end.at:
            said = "is open" if row.ended_at is None else "ended at another time"
            yield Break(end.seq, table, f"{where} {said}; event {end.seq} ended it")
        elif row.last_seen_at != seen.get(row.id, row.started_at):
            yield Break(e.seq, table, f"{where}: when it was last seen is not what the log says")
    for sid, (e, _) in opened.items():
        yield Break(e.seq, table, f"session {sid} that event {e.seq} opened is not stored")


_UNKNOWN = object()
"""A field of an account from the log's baseline, which did not record it."""


def _account_states(s: Session, events: Logged) -> Iterator[Break]:
    """Each account's wrong passwords in a row and lock (`session.sign_in_failed` says how
    many, `account.locked` until when; a sign-in, an unlock or a new password clears
    both), when and by whom it was made (`account.created`), and when its password was
    last set. Accounts of the log's baseline are checked from their next such event on."""
    want: dict[str, dict[str, Any]] = {}
    last: dict[str, int] = {}
    cleared = {"failed": 0, "locked": None}
    baseline = events[0][1] if events and events[0][0].code == EventCode.LOG_STARTED else {}
    for a in baseline.get("accounts", ()):
        want[a["name"]] = dict.fromkeys(("failed", "locked", "created", "password_at"), _UNKNOWN)
        last[a["name"]] = 1
    for e, c in events:
        name = c.get("name")
        match e.code:
            case EventCode.ACCOUNT_CREATED:
                password_at = e.at if c.get("password") else None
                fields = {"created": (e.at, e.actor), "password_at": password_at}
                want[str(name)] = cleared | fields
            case EventCode.SIGN_IN:
                name = e.actor
                if name in want:
                    want[name] |= cleared
            case EventCode.SESSION_CONFIRMED if name in want:
                want[name] |= cleared
            case EventCode.SIGN_IN_FAILED if name in want and c.get("failures") is not None:
                want[name]["failed"] = c["failures"]
            case EventCode.ACCOUNT_LOCKED if name in want:
                want[name]["locked"] = _moment(c.get("until"))
            case EventCode.PASSWORD_CHANGED if name in want:
                want[name] |= cleared | {"password_at": e.at}
            case _:
                continue
        if isinstance(name, str):
            last[name] = e.seq
    for a in store.account_states(s):
        expected = want.get(a.name)
        if expected is None:
            continue  # the accounts' own check names it
        have = {
            "failed": a.failed_sign_ins,
            "locked": a.locked_until,
            "created": (a.created_at, a.created_by),
            "password_at": a.password_changed_at,
        }
        words = {
            "failed": "count of wrong passwords",
            "locked": "lock",
            "created": "creation",
            "password_at": "password's time",
        }
        differ = [words[k] for k, v in expected.items() if v is not _UNKNOWN and have[k] != v]
        if differ:
            yield Break(last.get(a.name, 0), "account", f"{a.name!r}: its {', '.join(differ)} "
                        "not what the log recorded")  # fmt: skip


def _moment(text: object) -> dt.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return dt.datetime.fromisoformat(text).astimezone(dt.UTC)
    except ValueError:
        return None
