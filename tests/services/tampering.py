"""Changes made behind the services' back, one table at a time, for the tests of
`kztally audit verify` (tests/services/test_tamper_tables.py, test_audit.py).

`work(services, db)` builds a database where people worked on every table: entries, a
decision, an annulment, an attachment, an observer's copy, a role change, wrong
passwords and a lock, a sign-out and an unlocked workstation, keys certified and
revoked, a drawing of lots, a designation, results marked official.

`TAMPERS` maps a case's name to (the change, the table it touches, the table `verify`
must name). Every table of the schema has at least one case (a test checks it), but
those in `UNCHECKED`, which say why.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any, NamedTuple

import pytest
from sqlalchemy import Connection, delete, func, insert, select, text, update

from kztally.domain.crosscheck import Certification
from kztally.domain.entry import EntryKind
from kztally.domain.formal import Formal
from kztally.domain.ids import AreaCode
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.formats.election_json import content_hash
from kztally.paper import digest
from kztally.paper.payload import election_prefix
from kztally.paper.signing import Signer
from kztally.services.context import Services
from kztally.services.errors import AccountLocked, AuthenticationFailed
from kztally.services.observers import Scan
from kztally.storage.database import Database
from kztally.storage.models import (
    Account,
    AreaRow,
    AttachmentRow,
    AuditEventRow,
    CommissionKeyRow,
    ContestRow,
    CopyCertificationRow,
    DesignationRow,
    ElectionRow,
    EntryRow,
    KeyCertificationRow,
    KeyRevocationRow,
    LotDrawRow,
    ObserverCopyRow,
    PaperRow,
    ProtocolFormalRow,
    ProtocolRow,
    ResultsStatusRow,
    RevisionRow,
    SignInSession,
)
from tests.conftest import PASSWORD, ServicesFactory
from tests.ties import MZL, S01, enter_ties, tie_election

PASSPHRASE = "long enough passphrase"
WHEN = dt.datetime(2023, 3, 20, 9, tzinfo=dt.UTC)
TZ = dt.timezone(dt.timedelta(hours=6))


def clean(contest: str, k: int = 0) -> Figures:
    lines = (1000, 600, 550, 20, 30, 550, 20, 5)
    votes = (300 + k, 150 - k, 100) if contest == MZL else (400 + k, 150 - k)
    return Figures(lines, votes, 15)


def work(services: ServicesFactory, db: Database) -> Services:
    """People work on every table (the election: `tests.ties.tie_election`). Returns the
    administrator."""
    sup = enter_ties(services)  # P00001's MZ-L and MZ-S01, accepted, each a tie
    sup.lots.draw(MZL, ["L-C", "L-B"], ["Observer One"], "Act 1")
    sup.lots.designate(MZL, "L-A", ["Сейітов Ерлан", "Әлиева Бота"], "Decision 4")
    c1, c2 = services("c1"), services("c2")
    p2 = AreaCode("P00002")
    # P00002's first entry typed from its paper, bound by two of its hash groups
    paper = digest.paper_sha256(
        election_prefix(content_hash(tie_election())), p2, MZL, 1, clean(MZL)
    )
    groups = " ".join(digest.groups(paper)[:2])
    v = c1.intake.enter_typed(p2, MZL, clean(MZL), groups, expected_version=1, file="p2.jpg")
    c2.entry.enter(p2, MZL, clean(MZL, 7), expected_version=v.version)
    v = sup.entry.view(p2, MZL)
    sup.entry.resolve(p2, MZL, EntryKind.FIRST, reason="paper", expected_version=v.version)
    v = c1.entry.enter(p2, S01, clean(S01), expected_version=1)
    v = sup.entry.view(p2, S01)
    sup.entry.annul(p2, S01, reason="court", reference="No 1", expected_version=v.version)
    sup.attachments.attach(AreaCode("P00001"), MZL, "scan.png", "image/png", b"\x89PNG-scan")
    services("obs", Role.OBSERVER).observers.enter_copy(AreaCode("P00001"), MZL, clean(MZL))
    services("obs").observers.enter_copy(
        AreaCode("P00001"),
        MZL,
        clean(MZL, 1),
        certification=Certification("2", "Секретарь Әлиева", True, WHEN, "УИК № 1"),
        scan=Scan("copy.png", "image/png", b"\x89PNG-copy"),
    )
    admin = services("admin")
    services("locked")
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            Services.sign_in(db, "locked", "a wrong password")
    with pytest.raises(AccountLocked):
        Services.sign_in(db, "locked", PASSWORD)
    with pytest.raises(AuthenticationFailed):
        Services.sign_in(db, "c1", "a wrong password")
    admin.users.set_role("c2", Role.SUPERVISOR)
    admin.users.add("spare", Role.CLERK, PASSWORD)
    services("gone").sign_out()
    c2.users.confirm("c2", PASSWORD)  # an idle workstation unlocked
    signers = {}
    for commission in ("KZ", "R01", "P00001"):
        files: list[bytes] = []
        admin.keys.new(commission, PASSPHRASE, files.append)
        signers[commission] = Signer.from_file(files[0], PASSPHRASE)
    admin.keys.certify(signers["KZ"].fingerprint, signers["KZ"])
    admin.keys.revoke(signers["R01"].fingerprint, "lost", WHEN)
    admin.formal.record(
        "P00001",
        MZL,
        Formal(
            7, 9, dt.datetime(2023, 3, 19, 20, tzinfo=TZ), dt.datetime(2023, 3, 20, 1, tzinfo=TZ), 4
        ),
    )
    admin.official.mark()
    return admin


Tamper = Callable[[Connection], None]


class Case(NamedTuple):
    change: Tamper
    touches: str
    """The table changed."""
    named: str
    """The table `verify` must name."""


def _first(conn: Connection, column: Any, *where: Any) -> Any:
    return conn.execute(select(column).where(*where).order_by(column)).scalars().first()


def _copy(conn: Connection, table: Any, key: str = "id", **changes: Any) -> None:
    """Insert a copy of the table's first row (by `key`) with `changes`."""
    column = getattr(table, key)
    row = conn.execute(select(table).order_by(column)).mappings().first()
    assert row is not None, table
    values = {k: v for k, v in row.items() if k != "id"} | changes
    conn.execute(insert(table).values(**values))


def _set(table: Any, where: Any = None, **values: Any) -> Tamper:
    def change(conn: Connection) -> None:
        stmt = update(table).values(**values)
        conn.execute(stmt if where is None else stmt.where(where))

    return change


def _delete(table: Any, where: Any = None) -> Tamper:
    def change(conn: Connection) -> None:
        stmt = delete(table)
        conn.execute(stmt if where is None else stmt.where(where))

    return change


# -- revisions, entries, protocols --------------------------------------------------------


def _actor(conn: Connection) -> None:
    rid = _first(conn, RevisionRow.id)
    conn.execute(update(RevisionRow).where(RevisionRow.id == rid).values(actor="mallory"))


def _revision_version(conn: Connection) -> None:
    rid = _first(conn, RevisionRow.id)
    conn.execute(update(RevisionRow).where(RevisionRow.id == rid).values(protocol_version=7))


def _delete_revision(conn: Connection) -> None:
    rid = conn.execute(select(RevisionRow.id).order_by(RevisionRow.id.desc())).scalars().first()
    conn.execute(delete(RevisionRow).where(RevisionRow.id == rid))


def _entry_figures(conn: Connection) -> None:
    eid = _first(conn, EntryRow.id)
    figures = conn.execute(select(EntryRow.figures).where(EntryRow.id == eid)).scalar_one()
    figures["votes"][0] += 100
    conn.execute(update(EntryRow).where(EntryRow.id == eid).values(figures=figures))


def _entry_inserted(conn: Connection) -> None:
    _copy(conn, EntryRow)


def _entry_deleted(conn: Connection) -> None:
    """An entry with the revision that points to it (the database keeps the reference)."""
    rid, eid = conn.execute(
        select(RevisionRow.id, RevisionRow.entry_id)
        .where(RevisionRow.entry_id.is_not(None))
        .order_by(RevisionRow.id.desc())
    ).first() or (None, None)
    p = ProtocolRow
    refs = (p.first_entry_id == eid) | (p.second_entry_id == eid) | (p.agreed_entry_id == eid)
    conn.execute(
        update(p)
        .where(refs)
        .values(
            first_entry_id=None,
            second_entry_id=None,
            agreed_entry_id=None,
        )
    )
    conn.execute(delete(RevisionRow).where(RevisionRow.id == rid))
    conn.execute(delete(EntryRow).where(EntryRow.id == eid))


def _protocol_votes(conn: Connection) -> None:
    pid = _first(conn, ProtocolRow.id, ProtocolRow.state == "accepted")
    votes = conn.execute(select(ProtocolRow.votes).where(ProtocolRow.id == pid)).scalar_one()
    votes[0] += 100
    conn.execute(update(ProtocolRow).where(ProtocolRow.id == pid).values(votes=votes))


def _untouched(conn: Connection) -> int:
    """A protocol no one entered."""
    pid = _first(conn, ProtocolRow.id, ProtocolRow.state == "not_entered")
    assert pid is not None
    return int(pid)


def _protocol_stamp(conn: Connection) -> None:
    pid = _first(conn, ProtocolRow.id, ProtocolRow.state == "accepted")
    conn.execute(update(ProtocolRow).where(ProtocolRow.id == pid).values(updated_by="mallory"))


def _protocol_version(conn: Connection) -> None:
    pid = _untouched(conn)
    conn.execute(update(ProtocolRow).where(ProtocolRow.id == pid).values(version=5))


def _protocol_deleted(conn: Connection) -> None:
    conn.execute(delete(ProtocolRow).where(ProtocolRow.id == _untouched(conn)))


def _protocol_inserted(conn: Connection) -> None:
    """P00001 is R01's: MZ-S02 (R02's district) has no protocol there."""
    pid = _untouched(conn)
    row = conn.execute(select(ProtocolRow).where(ProtocolRow.id == pid)).mappings().one()
    values = {k: v for k, v in row.items() if k != "id"}
    conn.execute(insert(ProtocolRow).values(values | {"precinct": "P00001", "contest": "MZ-S02"}))


# -- the election and what its definition makes -------------------------------------------


def _threshold(conn: Connection) -> None:
    text_ = conn.execute(select(ElectionRow.definition)).scalar_one()
    document = json.loads(text_)
    for contest_rules in _all_with(document, "threshold"):
        contest_rules["threshold"] = "1/50"
    conn.execute(update(ElectionRow).values(definition=json.dumps(document, ensure_ascii=False)))


def _all_with(value: Any, key: str) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        found = [value] if key in value else []
        for v in value.values():
            found.extend(_all_with(v, key))
        return found
    if isinstance(value, list):
        return [d for v in value for d in _all_with(v, key)]
    return []


def _election_inserted(conn: Connection) -> None:
    _copy(conn, ElectionRow, id="ANOTHER")


def _election_deleted(conn: Connection) -> None:
    conn.execute(delete(ElectionRow))


def _area_moved(conn: Connection) -> None:
    """P00002's votes counted in region R02: its path moved under R02's district."""
    conn.execute(
        update(AreaRow).where(AreaRow.code == "P00002").values(path="/KZ/R02/R02-D01/P00002/")
    )


def _area_inserted(conn: Connection) -> None:
    conn.execute(
        insert(AreaRow).values(
            code="P09999",
            kind="precinct",
            name="Nowhere",
            parent="R01-D01",
            path="/KZ/R01/R01-D01/P09999/",
            number="9999",
            electorate=1000,
        )
    )


def _precinct_gone(conn: Connection) -> str:
    """The last precinct, with its protocols (none entered), deleted."""
    code = conn.execute(
        select(AreaRow.code).where(AreaRow.kind == "precinct").order_by(AreaRow.code.desc())
    ).scalar()
    assert code is not None
    conn.execute(delete(ProtocolRow).where(ProtocolRow.precinct == code))
    conn.execute(delete(AreaRow).where(AreaRow.code == code))
    return str(code)


def _area_deleted(conn: Connection) -> None:
    _precinct_gone(conn)


def _contest_seats(conn: Connection) -> None:
    conn.execute(update(ContestRow).where(ContestRow.id == MZL).values(seats=6))


def _contest_inserted(conn: Connection) -> None:
    _copy(conn, ContestRow, key="id", id="MZ-S99")


def _contest_deleted(conn: Connection) -> None:
    conn.execute(delete(ProtocolRow).where(ProtocolRow.contest == "MZ-S02"))
    conn.execute(delete(ContestRow).where(ContestRow.id == "MZ-S02"))


# -- accounts and sessions ----------------------------------------------------------------


def _account_inserted(conn: Connection) -> None:
    _copy(conn, Account, name="mallory", password_hash=None)


def _account_deleted(conn: Connection) -> None:
    conn.execute(delete(Account).where(Account.name == "spare"))


def _session_inserted(conn: Connection) -> None:
    """A session for the administrator, whose token the intruder knows."""
    _copy(conn, SignInSession, token_hash="f" * 64, ended_at=None)


def _session_token(conn: Connection) -> None:
    sid = _first(conn, SignInSession.id, SignInSession.ended_at.is_(None))
    conn.execute(update(SignInSession).where(SignInSession.id == sid).values(token_hash="e" * 64))


def _session_reopened(conn: Connection) -> None:
    conn.execute(
        update(SignInSession).where(SignInSession.ended_at.is_not(None)).values(ended_at=None)
    )


def _session_ended(conn: Connection) -> None:
    sid = _first(conn, SignInSession.id, SignInSession.ended_at.is_(None))
    conn.execute(update(SignInSession).where(SignInSession.id == sid).values(ended_at=WHEN))


def _session_seen(conn: Connection) -> None:
    sid = _first(conn, SignInSession.id)
    conn.execute(update(SignInSession).where(SignInSession.id == sid).values(last_seen_at=WHEN))


def _session_deleted(conn: Connection) -> None:
    sid = conn.execute(select(func.max(SignInSession.id))).scalar_one()
    conn.execute(delete(SignInSession).where(SignInSession.id == sid))


# -- the log, files, keys, lots, results --------------------------------------------------


def _event_content(conn: Connection) -> None:
    conn.execute(
        update(AuditEventRow).where(AuditEventRow.seq == 3).values(content='{"name":"mallory"}')
    )


def _event_inserted(conn: Connection) -> None:
    last = conn.execute(select(AuditEventRow).order_by(AuditEventRow.seq.desc())).mappings().first()
    assert last is not None
    row = {k: v for k, v in last.items() if k != "id"}
    conn.execute(
        insert(AuditEventRow).values(row | {"seq": last["seq"] + 1, "prev_hash": last["hash"]})
    )


def _key_inserted(conn: Connection) -> None:
    _copy(conn, CommissionKeyRow, public_key="a" * 64, fingerprint="b" * 64)


def _key_deleted(conn: Connection) -> None:
    """The key that was neither certified nor revoked."""
    k = CommissionKeyRow
    held = select(KeyCertificationRow.key_id).union(select(KeyRevocationRow.key_id))
    conn.execute(delete(k).where(k.id.not_in(held)))


def _certification_inserted(conn: Connection) -> None:
    k = CommissionKeyRow
    bare = conn.execute(
        select(k.id).where(k.id.not_in(select(KeyCertificationRow.key_id))).order_by(k.id)
    ).scalar()
    _copy(conn, KeyCertificationRow, key_id=bare)


def _revocation_inserted(conn: Connection) -> None:
    k = CommissionKeyRow
    bare = conn.execute(
        select(k.id).where(k.id.not_in(select(KeyRevocationRow.key_id))).order_by(k.id)
    ).scalar()
    _copy(conn, KeyRevocationRow, key_id=bare)


def _schema_older(conn: Connection) -> None:
    conn.execute(text("UPDATE alembic_version SET version_num = '0008'"))


def _schema_deleted(conn: Connection) -> None:
    conn.execute(text("DELETE FROM alembic_version"))


def _fake_revision(conn: Connection) -> None:
    row = conn.execute(select(RevisionRow).order_by(RevisionRow.id)).mappings().first()
    assert row is not None
    version = conn.execute(
        select(ProtocolRow.version).where(ProtocolRow.id == row["protocol_id"])
    ).scalar_one()
    fake = {k: v for k, v in row.items() if k != "id"} | {
        "transition": "annul",
        "protocol_version": version + 1,  # as the database's trigger wants it
    }
    conn.execute(insert(RevisionRow).values(**fake))


TAMPERS: dict[str, Case] = {
    # revisions and entries: their hashes are in the log
    "revision actor": Case(_actor, "revision", "revision"),
    "revision's protocol version": Case(_revision_version, "revision", "revision"),
    "deleted revision": Case(_delete_revision, "revision", "revision"),
    "inserted revision": Case(_fake_revision, "revision", "revision"),
    "entry figures": Case(_entry_figures, "entry", "revision"),
    "inserted entry": Case(_entry_inserted, "entry", "entry"),
    "deleted entry": Case(_entry_deleted, "entry", "revision"),
    # protocols: what their revisions say, one per protocol the election has
    "protocol votes": Case(_protocol_votes, "protocol", "protocol"),
    "protocol's author": Case(_protocol_stamp, "protocol", "protocol"),
    "protocol's version": Case(_protocol_version, "protocol", "protocol"),
    "deleted protocol": Case(_protocol_deleted, "protocol", "protocol"),
    "inserted protocol": Case(_protocol_inserted, "protocol", "protocol"),
    # the election, and the rows its definition makes
    "election threshold": Case(_threshold, "election", "election"),
    "election name": Case(_set(ElectionRow, name="Another"), "election", "election"),
    "election loaded by": Case(_set(ElectionRow, loaded_by="mallory"), "election", "election"),
    "inserted election": Case(_election_inserted, "election", "election"),
    "deleted election": Case(_election_deleted, "election", "election"),
    "area moved to another region": Case(_area_moved, "area", "area"),
    "area electorate": Case(_set(AreaRow, AreaRow.code == "P00001", electorate=5), "area", "area"),
    "inserted area": Case(_area_inserted, "area", "area"),
    "deleted area": Case(_area_deleted, "area", "area"),
    "contest seats": Case(_contest_seats, "contest", "contest"),
    "inserted contest": Case(_contest_inserted, "contest", "contest"),
    "deleted contest": Case(_contest_deleted, "contest", "contest"),
    # accounts and sessions
    "account role": Case(
        _set(Account, Account.name == "c1", role="administrator"), "account", "account"
    ),
    "account's password removed": Case(
        _set(Account, Account.name == "admin", password_hash=None), "account", "account"
    ),
    "account unlocked": Case(
        _set(Account, Account.name == "locked", locked_until=None), "account", "account"
    ),
    "wrong passwords forgotten": Case(
        _set(Account, Account.name == "c1", failed_sign_ins=0), "account", "account"
    ),
    "account locked": Case(
        _set(Account, Account.name == "c2", locked_until=WHEN), "account", "account"
    ),
    "account's maker": Case(
        _set(Account, Account.name == "spare", created_by="mallory"), "account", "account"
    ),
    "inserted account": Case(_account_inserted, "account", "account"),
    "deleted account": Case(_account_deleted, "account", "account"),
    "inserted session": Case(_session_inserted, "sign_in_session", "sign_in_session"),
    "session's token": Case(_session_token, "sign_in_session", "sign_in_session"),
    "session reopened": Case(_session_reopened, "sign_in_session", "sign_in_session"),
    "session ended": Case(_session_ended, "sign_in_session", "sign_in_session"),
    "session last seen": Case(_session_seen, "sign_in_session", "sign_in_session"),
    "deleted session": Case(_session_deleted, "sign_in_session", "sign_in_session"),
    # the log itself
    "event content": Case(_event_content, "audit_event", "audit_event"),
    "deleted event": Case(
        _delete(AuditEventRow, AuditEventRow.seq == 4), "audit_event", "audit_event"
    ),
    "inserted event": Case(_event_inserted, "audit_event", "audit_event"),
    # files and copies
    "attachment data": Case(
        _set(AttachmentRow, data=b"\x89PNG-another"), "attachment", "attachment"
    ),
    "deleted attachment": Case(
        _delete(AttachmentRow, AttachmentRow.kind != "copy"), "attachment", "attachment"
    ),
    "inserted attachment": Case(lambda c: _copy(c, AttachmentRow), "attachment", "attachment"),
    "observer's copy": Case(
        _set(ObserverCopyRow, note="seen otherwise"), "observer_copy", "observer_copy"
    ),
    "deleted observer's copy": Case(
        _delete(ObserverCopyRow, ObserverCopyRow.id.not_in(select(CopyCertificationRow.copy_id))),
        "observer_copy",
        "observer_copy",
    ),
    "paper's hash changed": Case(_set(PaperRow, sha256="0" * 64), "paper", "paper"),
    "paper's clerk changed": Case(_set(PaperRow, by="c2"), "paper", "paper"),
    "paper's round changed": Case(_set(PaperRow, round=2), "paper", "paper"),
    "paper said to come from a code": Case(_set(PaperRow, how="code"), "paper", "paper"),
    "deleted paper": Case(_delete(PaperRow), "paper", "paper"),
    "inserted paper": Case(lambda c: _copy(c, PaperRow), "paper", "paper"),
    "inserted observer's copy": Case(
        lambda c: _copy(c, ObserverCopyRow), "observer_copy", "observer_copy"
    ),
    "copy's seal": Case(
        _set(CopyCertificationRow, sealed=False), "copy_certification", "copy_certification"
    ),
    "copy's number": Case(
        _set(CopyCertificationRow, number="7"), "copy_certification", "copy_certification"
    ),
    "copy's scan swapped": Case(
        _set(CopyCertificationRow, attachment_id=None), "copy_certification", "copy_certification"
    ),
    "deleted certification of a copy": Case(
        _delete(CopyCertificationRow), "copy_certification", "copy_certification"
    ),
    "inserted certification of a copy": Case(
        lambda c: _copy(
            c, CopyCertificationRow, copy_id=_first(c, ObserverCopyRow.id), attachment_id=None
        ),
        "copy_certification",
        "copy_certification",
    ),
    # keys
    "key's commission": Case(
        _set(CommissionKeyRow, commission="R02"), "commission_key", "commission_key"
    ),
    "inserted key": Case(_key_inserted, "commission_key", "commission_key"),
    "deleted key": Case(_key_deleted, "commission_key", "commission_key"),
    "certification's signer": Case(
        _set(KeyCertificationRow, certifier="c" * 64), "key_certification", "key_certification"
    ),
    "deleted certification": Case(
        _delete(KeyCertificationRow), "key_certification", "key_certification"
    ),
    "inserted certification": Case(
        _certification_inserted, "key_certification", "key_certification"
    ),
    "revocation's time": Case(
        _set(KeyRevocationRow, since=WHEN + dt.timedelta(days=9)),
        "key_revocation",
        "key_revocation",
    ),
    "deleted revocation": Case(_delete(KeyRevocationRow), "key_revocation", "key_revocation"),
    "inserted revocation": Case(_revocation_inserted, "key_revocation", "key_revocation"),
    # lots and designations
    "draw order": Case(_set(LotDrawRow, drawn=["L-B", "L-C"]), "lot_draw", "lot_draw"),
    "deleted draw": Case(_delete(LotDrawRow), "lot_draw", "lot_draw"),
    "inserted draw": Case(lambda c: _copy(c, LotDrawRow), "lot_draw", "lot_draw"),
    "designation persons": Case(
        _set(DesignationRow, persons=["Абаев Нұрлан", "Әлиева Бота"]), "designation", "designation"
    ),
    "deleted designation": Case(_delete(DesignationRow), "designation", "designation"),
    "inserted designation": Case(
        lambda c: _copy(c, DesignationRow, choice="L-B"), "designation", "designation"
    ),
    # official results
    "results unofficial": Case(
        _set(ResultsStatusRow, official=False, marked_at=None, marked_by=None),
        "results_status",
        "results_status",
    ),
    "results marked by": Case(
        _set(ResultsStatusRow, marked_by="mallory"), "results_status", "results_status"
    ),
    "deleted results status": Case(_delete(ResultsStatusRow), "results_status", "results_status"),
    "inserted results status": Case(
        lambda c: _copy(c, ResultsStatusRow, id=2), "results_status", "results_status"
    ),
    # protocols' formal parts
    "formal requests": Case(
        _set(ProtocolFormalRow, requests=40), "protocol_formal", "protocol_formal"
    ),
    "formal count began": Case(
        _set(ProtocolFormalRow, count_began="2023-03-19T18:00+06:00"),
        "protocol_formal",
        "protocol_formal",
    ),
    "deleted formal": Case(_delete(ProtocolFormalRow), "protocol_formal", "protocol_formal"),
    "inserted formal": Case(
        lambda c: _copy(c, ProtocolFormalRow, members_present=9),
        "protocol_formal",
        "protocol_formal",
    ),
    # the schema's revision
    "older schema": Case(_schema_older, "alembic_version", "alembic_version"),
    "deleted schema revision": Case(_schema_deleted, "alembic_version", "alembic_version"),
}

UNCHECKED = {
    "data_version": "a counter of written transactions, only the key of the results' cache: "
    "a changed one makes workstations recompute what they show, and changes nothing shown",
}
"""Tables `verify` does not check, and why (docs/audit.md)."""
