"""Scans and acts attached to protocols, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import struct
import zlib
from collections.abc import Callable

import pytest

from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.rules import Role
from kztally.services.attachments import MAX_SIZE, AttachmentKind
from kztally.services.context import Services
from kztally.services.errors import InvalidRequest, NotFound, PermissionDenied

ServicesFactory = Callable[..., Services]
P1, MZL = AreaCode("P00001"), ContestId("MZ-L")


def png(width: int = 2, height: int = 2) -> bytes:
    """A small valid PNG, grey, made without any imaging library."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_a_clerk_attaches_a_scan_and_everyone_reads_it_back(services: ServicesFactory) -> None:
    clerk = services("aliya", Role.CLERK)
    data = png()
    view = clerk.attachments.attach(P1, MZL, "scan-1.png", "image/png", data)
    assert (view.precinct, view.contest, view.name, view.kind) == (
        P1,
        MZL,
        "scan-1.png",
        AttachmentKind.SCAN,
    )
    assert (view.size, view.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert view.added_by == "aliya"
    assert view.added_at.tzinfo is not None
    for reader in (clerk, services("sup", Role.SUPERVISOR)):
        assert reader.attachments.list(P1, MZL) == (view,)
        back = reader.attachments.data(view.id)
        assert hashlib.sha256(back).hexdigest() == view.sha256
        assert back == data
    # an observer sees the scan once the protocol is accepted (test_observers_withheld)
    assert services("obs", Role.OBSERVER).attachments.list(P1, MZL) == ()
    assert clerk.attachments.list(AreaCode("P00002"), MZL) == ()


def test_acts_and_pdfs_are_kept_in_order(services: ServicesFactory) -> None:
    sup = services("sup", Role.SUPERVISOR)
    admin = services("admin")
    pdf = b"%PDF-1.4\n% a small act\n%%EOF\n"
    a = sup.attachments.attach(P1, MZL, "act.pdf", "application/pdf", pdf, AttachmentKind.ACT)
    b = admin.attachments.attach(P1, MZL, r"C:\scans\page 2.jpg", "image/jpeg", b"\xff\xd8jpeg")
    listed = sup.attachments.list(P1, MZL)
    assert [x.id for x in listed] == [a.id, b.id]
    assert [(x.name, x.kind, x.added_by) for x in listed] == [
        ("act.pdf", AttachmentKind.ACT, "sup"),
        ("page 2.jpg", AttachmentKind.SCAN, "admin"),
    ]
    assert sup.attachments.data(a.id) == pdf


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.TRAINER])
def test_observers_and_trainers_may_not_attach(services: ServicesFactory, role: Role) -> None:
    someone = services("someone", role)
    with pytest.raises(PermissionDenied):
        someone.attachments.attach(P1, MZL, "scan.png", "image/png", png())
    assert services("admin").attachments.list(P1, MZL) == ()


def test_too_large_and_other_types_are_refused(services: ServicesFactory) -> None:
    clerk = services("aliya", Role.CLERK)
    with pytest.raises(InvalidRequest, match="at most 20 MB"):
        clerk.attachments.attach(P1, MZL, "big.png", "image/png", b"\0" * (MAX_SIZE + 1))
    for media_type in ("image/gif", "text/plain", "application/octet-stream", ""):
        with pytest.raises(InvalidRequest, match="PNG, JPEG, TIFF and PDF"):
            clerk.attachments.attach(P1, MZL, "x", media_type, b"data")
    with pytest.raises(InvalidRequest, match="empty"):
        clerk.attachments.attach(P1, MZL, "empty.png", "image/png", b"")
    with pytest.raises(InvalidRequest):
        clerk.attachments.attach(P1, MZL, "  ", "image/png", png())
    assert clerk.attachments.list(P1, MZL) == ()
    # exactly 20 MB goes in
    clerk.attachments.attach(P1, MZL, "max.tiff", "image/tiff", b"\1" * MAX_SIZE)
    assert [a.size for a in clerk.attachments.list(P1, MZL)] == [MAX_SIZE]


def test_unknown_protocols_and_attachments(services: ServicesFactory) -> None:
    clerk = services("aliya", Role.CLERK)
    with pytest.raises(NotFound):
        clerk.attachments.attach(AreaCode("P99999"), MZL, "s.png", "image/png", png())
    with pytest.raises(NotFound):
        clerk.attachments.list(P1, ContestId("MZ-S02"))  # P00001 votes in MZ-S01
    with pytest.raises(NotFound):
        clerk.attachments.data(12345)


def test_attaching_bumps_the_data_version_and_keeps_the_clock(services: ServicesFactory) -> None:
    clerk = services("aliya", Role.CLERK)
    at = dt.datetime(2023, 3, 19, 20, 0, tzinfo=dt.UTC)
    fixed = Services(clerk.db, clerk.actor, clock=lambda: at)
    before = clerk.data_version()
    view = fixed.attachments.attach(P1, MZL, "s.png", "image/png", png())
    assert clerk.data_version() > before
    assert view.added_at == at
