"""The audit log: every change leaves its event in the same transaction, the chain
verifies on an untouched database, and a change made behind kztally's back is named
by `verify` (an intruder who recomputes the chain is caught by a head kept outside)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from kztally.domain.audit import EventCode, Head, event_hash
from kztally.domain.entry import Entry, EntryKind, State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.entry import BulkItem
from kztally.services.errors import AuthenticationFailed, ElectionAltered, PermissionDenied
from kztally.services.mock import FIRST_CLERK, SECOND_CLERK, generated_accounts
from kztally.storage.database import Database, open_database
from kztally.storage.models import (
    AuditEventRow,
    EntryRow,
    RevisionRow,
)
from kztally.storage.protocols import (
    acts_from_str,
    entry_digests,
    figures_from_json,
    revision_digest,
)
from tests.conftest import PASSWORD, ServicesFactory
from tests.services.tampering import _threshold
from tests.workers import release_together

MZL = ContestId("MZ-L")
S01 = ContestId("MZ-S01")


def clean(contest: str, k: int = 0) -> Figures:
    lines = (1000, 600, 550, 20, 30, 550, 20, 5)
    votes = (300 + k, 150 - k, 100) if contest == MZL else (400 + k, 150 - k)
    return Figures(lines, votes, 15)


@pytest.fixture
def worked(services: ServicesFactory, db: Database) -> Services:
    """A database where people worked: accounts, entries, a decision, an annulment, an
    attachment, an observer's copy, a wrong password. Returns the supervisor."""
    c1, c2 = services("c1"), services("c2")
    sup = services("sup", Role.SUPERVISOR)
    obs = services("obs", Role.OBSERVER)
    for n, (precinct, contest) in enumerate([("P00001", MZL), ("P00002", MZL), ("P00001", S01)]):
        p, c = AreaCode(precinct), ContestId(contest)
        v = c1.entry.enter(p, c, clean(c, n), expected_version=1)
        second = clean(c, n) if precinct == "P00001" else clean(c, n + 7)
        c2.entry.enter(p, c, second, expected_version=v.version)
    v = sup.entry.view(AreaCode("P00002"), MZL)
    sup.entry.resolve(
        AreaCode("P00002"), MZL, EntryKind.FIRST, reason="paper", expected_version=v.version
    )
    v = sup.entry.view(AreaCode("P00001"), S01)
    sup.entry.annul(
        AreaCode("P00001"), S01, reason="court", reference="No 1", expected_version=v.version
    )
    sup.attachments.attach(AreaCode("P00001"), MZL, "scan.png", "image/png", b"\x89PNG-scan")
    obs.observers.enter_copy(AreaCode("P00001"), MZL, clean(MZL, 0))
    admin = services("admin")
    admin.users.set_role("c2", Role.SUPERVISOR)
    with pytest.raises(AuthenticationFailed):
        Services.sign_in(db, "c1", "a wrong password")
    return sup


def codes(s: Services) -> list[str]:
    return [e.code for e in s.audit.show()]


def test_every_change_leaves_its_event_and_an_untouched_database_verifies(worked: Services) -> None:
    found = codes(worked)
    assert found[0] == EventCode.LOG_STARTED
    for code in (
        EventCode.ACCOUNT_CREATED,
        EventCode.SIGN_IN,
        EventCode.SIGN_IN_FAILED,
        EventCode.ROLE_CHANGED,
        EventCode.ELECTION_LOADED,
        EventCode.PROTOCOL_ENTERED,
        EventCode.PROTOCOL_RESOLVED,
        EventCode.PROTOCOL_ANNULLED,
        EventCode.ATTACHMENT_ADDED,
        EventCode.OBSERVER_COPY,
    ):
        assert code in found, code
    verdict = worked.audit.verify()
    assert verdict.breaks == ()
    assert verdict.head.count == len(found)
    assert worked.audit.verify(verdict.head).holds
    assert worked.audit.verify(Head(verdict.head.count, verdict.head.hash[:16])).holds
    # every event stands on the one before it: numbers 1, 2, 3... with no gap
    events = worked.audit.show()
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))


def test_sign_out_and_bulk_records_are_events(services: ServicesFactory) -> None:
    admin = services("admin")
    clerk = services("c1")
    clerk.sign_out()
    assert EventCode.SIGN_OUT in codes(admin)
    generated_accounts(admin)
    at = dt.datetime(2023, 3, 19, 20, tzinfo=dt.UTC)
    items = [
        BulkItem(
            AreaCode(p),
            MZL,
            (Entry(clean(MZL, k), FIRST_CLERK, at), Entry(clean(MZL, k), SECOND_CLERK, at)),
        )
        for k, p in enumerate(["P00004", "P00005"])
    ]
    admin.entry.record_many(items, system="mock")
    events = [e for e in admin.audit.show() if e.code == EventCode.PROTOCOL_RECORDED]
    assert len(events) == 2
    content = json.loads(events[0].content)
    assert content["state"] == "accepted" and len(content["revisions"]) == 3
    assert content["figures"] is not None
    assert admin.audit.verify().holds


# -- tampering behind the services' back ----------------------------------------------------


# The cases, one table at a time, are tests/services/tampering.py's, run by
# test_tamper_tables.py on one worked database per server.


def test_an_altered_election_stops_the_services(worked: Services, db: Database) -> None:
    with db.engine.begin() as conn:
        _threshold(conn)
    db.memo.clear()
    with pytest.raises(ElectionAltered):
        worked.entry.view(AreaCode("P00001"), MZL)


def test_an_intruder_who_recomputes_the_chain_is_caught_by_an_earlier_head(
    worked: Services, db: Database
) -> None:
    """Rewrite a revision's actor, the event naming it and every hash after it: the chain
    holds in itself, but no longer passes through the head written down before."""
    kept = worked.audit.head()
    with db.engine.begin() as conn:
        rev = conn.execute(select(RevisionRow).order_by(RevisionRow.id)).mappings().first()
        assert rev is not None
        entry = (
            conn.execute(select(EntryRow).where(EntryRow.id == rev["entry_id"])).mappings().one()
        )
        e = Entry(
            figures_from_json(entry["figures"]),
            entry["by"],
            entry["at"],
            acts_from_str(entry["acts"]),
            entry["kind"],
        )
        old = revision_digest(rev, entry_digests(e)[1])
        new = revision_digest(dict(rev) | {"actor": "mallory"}, entry_digests(e)[1])
        conn.execute(update(RevisionRow).where(RevisionRow.id == rev["id"]).values(actor="mallory"))
        events = conn.execute(select(AuditEventRow).order_by(AuditEventRow.seq)).mappings().all()
        prev = None
        for ev in events:
            content = ev["content"]
            if old in content:
                content = content.replace(old, new)
            if prev is None and content == ev["content"]:
                continue
            prev_hash = ev["prev_hash"] if prev is None else prev
            digest = event_hash(
                ev["seq"], ev["code"], ev["actor"], ev["role"], ev["workstation"], ev["at"],
                content, prev_hash,
            )  # fmt: skip
            conn.execute(
                update(AuditEventRow)
                .where(AuditEventRow.seq == ev["seq"])
                .values(content=content, prev_hash=prev_hash, hash=digest)
            )
            prev = digest
    assert worked.audit.verify().holds
    verdict = worked.audit.verify(kept)
    assert not verdict.holds
    assert verdict.breaks[0].table == "audit_event"
    assert verdict.breaks[0].event == kept.count


def test_the_database_refuses_a_fork(worked: Services, db: Database) -> None:
    """A second event after the same one (its number, or its previous hash, taken
    already) is refused by the database itself."""
    with db.engine.connect() as conn:
        stmt = select(AuditEventRow).order_by(AuditEventRow.seq.desc())
        last = conn.execute(stmt).mappings().first()
    assert last is not None
    row = {k: v for k, v in last.items() if k != "id"}
    for fork in (row | {"prev_hash": "f" * 64}, row | {"seq": last["seq"] + 1}):
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            conn.execute(insert(AuditEventRow).values(**fork))
    assert worked.audit.verify().holds


def test_a_head_longer_than_the_chain_is_a_break(worked: Services) -> None:
    head = worked.audit.head()
    verdict = worked.audit.verify(Head(head.count + 5, head.hash))
    assert [b.event for b in verdict.breaks] == [head.count + 5]


def test_head_parsing() -> None:
    assert Head.parse("12:" + "a" * 16) == Head(12, "a" * 16)
    for bad in ("12", "x:" + "a" * 16, "12:abc", "12:" + "g" * 16):
        with pytest.raises(ValueError):
            Head.parse(bad)


def test_observers_and_clerks_may_not_read_the_log(
    worked: Services, services: ServicesFactory
) -> None:
    with pytest.raises(PermissionDenied):
        services("c1").audit.show()
    assert services("c1").audit.head().count > 1


# -- several workstations at once -------------------------------------------------------------

WORKER = """
import json, sys
from kztally.domain.protocol import Figures
from kztally.services.context import Services
from kztally.services.errors import ConcurrentChange
from kztally.storage.database import open_database
from tests.conftest import PASSWORD

url, user = sys.argv[1], sys.argv[2]
keys, contested = json.loads(sys.argv[3]), json.loads(sys.argv[4])
figures = Figures((1000, 600, 550, 20, 30, 550, 20, 5), (400, 150), 15)
db = open_database(url, migrate=False)
try:
    me = Services.sign_in(db, user, PASSWORD)
    print("ready", flush=True)
    sys.stdin.readline()
    won = []
    for n, (precinct, contest) in enumerate(keys):
        me.entry.enter(precinct, contest, figures, expected_version=1)
        me.attachments.attach(precinct, contest, "scan.png", "image/png", user.encode())
    for key in contested:  # every worker: the same protocols, as read at version 1
        try:
            me.entry.enter(*key, figures, expected_version=1)
            won.append(key)
        except ConcurrentChange:
            pass
    me.sign_out()
    print(json.dumps(won), flush=True)
finally:
    db.close()
"""
WORKERS = 8


@pytest.mark.postgres
def test_concurrent_writers_leave_one_chain_with_no_fork_and_no_gap(
    postgres_url: str, election_maker: Callable[..., Any]
) -> None:
    """Eight workstations (real processes) write at the same moment on PostgreSQL, each
    its own protocols and all of them the same few: each contested protocol is won once,
    every event is in one chain, numbered without a gap or a fork, every protocol's row is
    what its revisions say, and the whole log verifies."""
    db = open_database(postgres_url, migrate=True)
    try:
        admin = Services.sign_in(db, "admin", PASSWORD)
        admin.elections.load_definition(election_maker(precincts_per_district=8))
        *keys, a, b, c = sorted(k for k in admin.entry.states() if k[1] != MZL)
        contested = [a, b, c]
        users = [f"c{n}" for n in range(WORKERS)]
        for u in users:
            admin.users.add(u, Role.CLERK, PASSWORD)
        before = admin.audit.head().count
        url = db.url.render_as_string(hide_password=False)
        procs = {
            u: subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WORKER,
                    url,
                    u,
                    json.dumps(keys[n::WORKERS]),
                    json.dumps(contested),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for n, u in enumerate(users)
        }
        said = release_together(procs)
        won = sorted(tuple(k) for out in said.values() for k in json.loads(out.splitlines()[-1]))
        assert won == contested  # each once
        events = admin.audit.show()
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert len({e.prev_hash for e in events}) == len(events)  # no fork
        # each worker: signed in, an entry and an attachment per protocol, signed out
        assert len(events) - before == WORKERS * 2 + 2 * len(keys) + len(contested)
        states = admin.entry.states()
        assert all(states[k] is State.FIRST_ENTRY for k in (*keys, *contested))
        verdict = admin.audit.verify()  # the protocol rows against their revisions too
        assert verdict.breaks == ()
        assert verdict.head.count == len(events)
    finally:
        db.close()


def test_an_export_imported_elsewhere_verifies_there(worked: Services, tmp_path: Path) -> None:
    """The importing database's log names each protocol taken in, with its files' hashes."""
    from kztally.services.transfer import TransferService

    TransferService(worked).export(tmp_path / "out")
    assert EventCode.EXPORT_RUN in codes(worked)
    other = open_database(f"sqlite:///{tmp_path / 'other.sqlite'}", migrate=True)
    try:
        admin = Services.sign_in(other, "admin", PASSWORD)
        TransferService(admin).import_paths([tmp_path / "out"])
        found = admin.audit.show()
        imported = [e for e in found if e.code == EventCode.PROTOCOL_IMPORTED]
        assert imported and all(json.loads(e.content)["files"] for e in imported)
        assert found[-1].code == EventCode.IMPORT_RUN
        verdict = admin.audit.verify()
        assert verdict.breaks == ()
    finally:
        other.close()
