"""The key list through the services: making, certifying, revoking, exporting and
importing keys, each with its audit event, and the refusals."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from sqlalchemy import Connection, delete, insert, select, update

from kztally.domain.audit import EventCode
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.paper.errors import CodeError, Problem
from kztally.paper.payload import CodedProtocol, decode_part, encode
from kztally.paper.signing import Signer
from kztally.paper.trust import verify_parts
from kztally.services.errors import InvalidRequest, NotFound, PermissionDenied
from kztally.storage.database import Database
from kztally.storage.models import CommissionKeyRow, KeyCertificationRow, KeyRevocationRow
from tests.conftest import PASSWORD, ServicesFactory

PASSPHRASE = "long enough passphrase"


def make(services: ServicesFactory, commission: str) -> tuple[Signer, str]:
    files: list[bytes] = []
    key = services("admin").keys.new(commission, PASSPHRASE, files.append)
    (data,) = files
    signer = Signer.from_file(data, PASSPHRASE)
    assert signer.fingerprint == key.fingerprint
    return signer, key.fingerprint


def events(services: ServicesFactory, code: EventCode) -> list[dict[str, object]]:
    return [json.loads(e.content) for e in services("admin").audit.show() if e.code == code]


def build_chain(services: ServicesFactory) -> dict[str, Signer]:
    signers = {}
    for c in ("KZ", "R01", "R01-D01", "P00001"):
        signers[c] = make(services, c)[0]
    keys = services("admin").keys
    keys.certify(signers["KZ"].fingerprint, signers["KZ"])
    keys.certify(signers["R01"].fingerprint[:16], signers["KZ"])
    keys.certify(signers["R01-D01"].fingerprint, signers["R01"])
    keys.certify(signers["P00001"].fingerprint, signers["R01-D01"])
    return signers


def test_a_chain_made_and_certified_verifies_a_code(services: ServicesFactory) -> None:
    signers = build_chain(services)
    listed = services("admin").keys.list()
    assert [k.commission for k in listed] == ["KZ", "R01", "R01-D01", "P00001"]
    assert all(k.certification is not None and k.training for k in listed)
    assert len(events(services, EventCode.KEY_CREATED)) == 4
    certified = events(services, EventCode.KEY_CERTIFIED)
    assert [c["commission"] for c in certified] == ["KZ", "R01", "R01-D01", "P00001"]
    assert certified[3]["certified_by"] == signers["R01-D01"].fingerprint

    admin = services("admin")
    election = admin.elections.require()
    at = admin.clock()
    p = CodedProtocol(
        bytes(8), "P00001", "MZ-L", 1, Figures((0,) * 8, (0, 0, 0), 0), frozenset(), "", at
    )
    parts = [decode_part(x) for x in encode(p, signers["P00001"])]
    assert verify_parts(parts, admin.keys.ring(), election, bytes(8)).commission == "P00001"

    admin.keys.revoke(signers["P00001"].fingerprint, "the laptop was stolen", at)
    assert events(services, EventCode.KEY_REVOKED)[0]["reason"] == "the laptop was stolen"
    with pytest.raises(CodeError) as e:
        verify_parts(parts, admin.keys.ring(), election, bytes(8))
    assert e.value.problem is Problem.REVOKED
    # a new key for the precinct, once the old one is revoked
    make(services, "P00001")


def test_refusals(services: ServicesFactory) -> None:
    keys = services("admin").keys
    with pytest.raises(InvalidRequest, match="no commission 'NOWHERE'"):
        keys.new("NOWHERE", PASSPHRASE, lambda d: None)
    with pytest.raises(InvalidRequest, match="at least 8 characters"):
        keys.new("KZ", "short", lambda d: None)
    cec, _ = make(services, "KZ")
    with pytest.raises(InvalidRequest, match="has a key already"):
        keys.new("KZ", PASSPHRASE, lambda d: None)
    region, _ = make(services, "R01")
    with pytest.raises(InvalidRequest, match="certified with its own private key"):
        keys.certify(cec.fingerprint, region)
    with pytest.raises(InvalidRequest, match=r"not trusted: .* is not certified"):
        keys.certify(region.fingerprint, cec)  # the root is not certified yet
    keys.certify(cec.fingerprint, cec)
    district, _ = make(services, "R01-D01")
    with pytest.raises(InvalidRequest, match="certified by R01, not by KZ"):
        keys.certify(district.fingerprint, cec)
    with pytest.raises(NotFound):
        keys.certify("abcdef0123456789", cec)
    with pytest.raises(InvalidRequest, match="8 or more hex digits"):
        keys.certify("abc", cec)
    with pytest.raises(InvalidRequest, match="reason"):
        keys.revoke(district.fingerprint, "  ")
    with pytest.raises(InvalidRequest, match="from now or earlier"):
        keys.revoke(district.fingerprint, "lost", dt.datetime(2999, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(PermissionDenied):
        services("clerk", Role.CLERK).keys.new("P00001", PASSPHRASE, lambda d: None)
    assert len(services("clerk").keys.list()) == 3  # everyone may read the list


def test_a_failed_file_write_stores_nothing(services: ServicesFactory) -> None:
    def fail(data: bytes) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError):
        services("admin").keys.new("KZ", PASSPHRASE, fail)
    assert services("admin").keys.list() == ()
    assert events(services, EventCode.KEY_CREATED) == []


def test_export_and_import_between_databases(services: ServicesFactory, tmp_path: object) -> None:
    signers = build_chain(services)
    admin = services("admin")
    admin.keys.revoke(signers["P00001"].fingerprint, "lost")
    text = admin.keys.export()
    assert "PRIVATE" not in text
    doc = json.loads(text)
    assert [k["commission"] for k in doc["keys"]] == ["KZ", "R01", "R01-D01", "P00001"]

    from kztally.services.context import Services
    from kztally.storage.database import open_database

    other_db = open_database(f"sqlite:///{tmp_path}/other.sqlite", migrate=True)
    try:
        other = Services.sign_in(other_db, "admin", PASSWORD)
        other.elections.load_definition(admin.elections.require())
        with pytest.raises(InvalidRequest, match=r"--root names its fingerprint"):
            other.keys.import_keys(text, "keys.json")
        assert other.keys.list() == ()  # all or nothing
        taken = other.keys.import_keys(text, "keys.json", root=signers["KZ"].fingerprint[:32])
        assert len(taken) == 4
        assert other.keys.list() == tuple(
            k.__class__(
                k.commission,
                k.public_key,
                k.training,
                "admin",
                other.keys.list()[i].added_at,
                k.certification,
                k.revocation,
            )
            for i, k in enumerate(admin.keys.list())
        )
        imported = [
            json.loads(e.content) for e in other.audit.show() if e.code == EventCode.KEY_IMPORTED
        ]
        assert len(imported) == 4 and imported[3]["revoked"] is not None
        assert other.keys.import_keys(text, "keys.json") == ()  # nothing new
        assert other.audit.verify().holds  # every row imported has its event and hash

        forged = json.loads(text)
        forged["keys"][2]["certification"]["signature"] = "00" * 64
        other_db2 = open_database(f"sqlite:///{tmp_path}/third.sqlite", migrate=True)
        try:
            third = Services.sign_in(other_db2, "admin", PASSWORD)
            third.elections.load_definition(admin.elections.require())
            with pytest.raises(InvalidRequest, match=r"R01-D01.*signature is false"):
                third.keys.import_keys(json.dumps(forged), "f.json", root=signers["KZ"].fingerprint)
            assert third.keys.list() == ()
        finally:
            other_db2.close()
    finally:
        other_db.close()


# -- tampering behind the services' back ----------------------------------------------------


def _key_id(conn: Connection, commission: str) -> int:
    found = conn.scalar(
        select(CommissionKeyRow.id).where(CommissionKeyRow.commission == commission)
    )
    assert found is not None
    return found


def _copy(conn: Connection, table: type, **changes: object) -> None:
    row = conn.execute(select(table)).mappings().first()
    assert row is not None
    conn.execute(insert(table).values(**{k: v for k, v in row.items() if k != "id"} | changes))


def _key_changed(conn: Connection) -> None:
    conn.execute(
        update(CommissionKeyRow).where(CommissionKeyRow.commission == "R01").values(training=False)
    )


def _key_deleted(conn: Connection) -> None:
    conn.execute(delete(CommissionKeyRow).where(CommissionKeyRow.commission == "R01-D01"))


def _key_inserted(conn: Connection) -> None:
    other = Signer.generate()
    _copy(
        conn,
        CommissionKeyRow,
        commission="P00001",
        public_key=other.public_key.hex(),
        fingerprint=other.fingerprint,
    )


def _certification_changed(conn: Connection) -> None:
    conn.execute(
        update(KeyCertificationRow)
        .where(KeyCertificationRow.key_id == _key_id(conn, "R01"))
        .values(signature="00" * 64)
    )


def _certification_deleted(conn: Connection) -> None:
    conn.execute(
        delete(KeyCertificationRow).where(KeyCertificationRow.key_id == _key_id(conn, "R01"))
    )


def _certification_inserted(conn: Connection) -> None:
    _copy(conn, KeyCertificationRow, key_id=_key_id(conn, "R01-D01"))


def _revocation_changed(conn: Connection) -> None:
    conn.execute(update(KeyRevocationRow).values(reason="routine change"))


def _revocation_deleted(conn: Connection) -> None:
    conn.execute(delete(KeyRevocationRow))


def _revocation_inserted(conn: Connection) -> None:
    _copy(conn, KeyRevocationRow, key_id=_key_id(conn, "KZ"))


KEY_TAMPERS: dict[str, tuple[Callable[[Connection], None], str]] = {
    "key changed": (_key_changed, "commission_key"),
    "key deleted": (_key_deleted, "commission_key"),
    "key inserted": (_key_inserted, "commission_key"),
    "certification changed": (_certification_changed, "key_certification"),
    "certification deleted": (_certification_deleted, "key_certification"),
    "certification inserted": (_certification_inserted, "key_certification"),
    "revocation changed": (_revocation_changed, "key_revocation"),
    "revocation deleted": (_revocation_deleted, "key_revocation"),
    "revocation inserted": (_revocation_inserted, "key_revocation"),
}


@pytest.mark.parametrize("tamper", list(KEY_TAMPERS))
def test_verify_names_a_key_row_changed_behind_the_services_back(
    services: ServicesFactory, db: Database, tamper: str
) -> None:
    admin = services("admin")
    kz, _ = make(services, "KZ")
    _, r01_fp = make(services, "R01")
    make(services, "R01-D01")  # neither certified nor revoked
    admin.keys.certify(kz.fingerprint, kz)
    admin.keys.certify(r01_fp, kz)
    admin.keys.revoke(r01_fp, "the laptop was stolen")
    assert admin.audit.verify().holds
    change, table = KEY_TAMPERS[tamper]
    with db.engine.begin() as conn:
        change(conn)
    verdict = admin.audit.verify()
    assert [b.table for b in verdict.breaks] == [table], verdict.breaks
