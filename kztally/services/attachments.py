"""Attachments: a scan or photo of the paper protocol, and of any acts, kept with the
protocol so that every workstation can show it beside the form.

Attaching is for clerks, supervisors and administrators; everyone signed in may see
what is attached, except that an observer sees nothing of a protocol not accepted yet.
Files are kept whole in the database (append-only: nothing attached is replaced or
removed), each with its SHA-256, so a copy can be checked against it.
"""

from __future__ import annotations

import os

from kztally.domain.audit import EventCode
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.rules import Role
from kztally.services import journal
from kztally.services.elections import ElectionService
from kztally.services.errors import InvalidRequest, NoElection, NotFound, PermissionDenied
from kztally.services.locate import locate_protocol
from kztally.services.users import Clock, SignedIn, require_role, utcnow
from kztally.storage import attachments as store
from kztally.storage import protocols
from kztally.storage.database import Database, Session
from kztally.storage.models import AttachmentKind

__all__ = [
    "ATTACHING_ROLES",
    "MAX_SIZE",
    "MEDIA_TYPES",
    "AttachmentKind",
    "AttachmentService",
    "AttachmentView",
    "check_file",
]

ATTACHING_ROLES = frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMINISTRATOR})
READING_ROLES = frozenset(Role)
MAX_SIZE = 20 * 1024 * 1024
"""The largest file taken: 20 MB (a scanned A4 page at 300 dpi is well under it)."""
MEDIA_TYPES = frozenset({"image/png", "image/jpeg", "image/tiff", "application/pdf"})
NAME_LENGTH = 255


AttachmentView = store.AttachmentRecord
"""An attachment as the services return it: the storage's plain record, never a row
(id, precinct, contest, name, media_type, size, sha256 of the bytes, kind, added_by,
added_at)."""


def protocol_row_id(
    session: Session, elections: ElectionService, precinct: str, contest: str
) -> int:
    """The stored protocol of a precinct and a contest of the loaded election."""
    election = elections.within(session)
    if election is None:
        raise NoElection()
    locate_protocol(election, precinct, contest)
    pid = protocols.protocol_id(session, precinct, contest)
    if pid is None:
        raise NotFound(f"no protocol {precinct}/{contest}")
    return pid


def check_file(name: str, media_type: str, data: bytes, kind: AttachmentKind) -> str:
    base = os.path.basename(name.replace("\\", "/")).strip()
    if not base or len(base) > NAME_LENGTH or any(not ch.isprintable() for ch in base):
        raise InvalidRequest(f"a file name has 1 to {NAME_LENGTH} printable characters")
    if media_type not in MEDIA_TYPES:
        raise InvalidRequest(
            f"{base}: {media_type or 'an unknown type'} cannot be attached "
            f"(PNG, JPEG, TIFF and PDF can)"
        )
    if not data:
        raise InvalidRequest(f"{base} is empty")
    if len(data) > MAX_SIZE:
        raise InvalidRequest(
            f"{base} is {len(data) / 1024 / 1024:.1f} MB; at most {MAX_SIZE // 1024 // 1024} MB "
            "can be attached"
        )
    if not isinstance(kind, AttachmentKind):
        raise InvalidRequest(f"an attachment is a scan or an act, not {kind!r}")
    return base


class AttachmentService:
    """Scans and acts of one protocol, acting as `actor`."""

    def __init__(
        self, db: Database, actor: SignedIn, elections: ElectionService, clock: Clock = utcnow
    ) -> None:
        self._db = db
        self._actor = actor
        self._elections = elections
        self._clock = clock

    def list(self, precinct: AreaCode, contest: ContestId) -> tuple[AttachmentView, ...]:
        """What is attached to the protocol, oldest first (the bytes through `data`). An
        observer sees nothing before the protocol is accepted: a scan is its figures."""
        with self._db.session(readonly=True) as s:
            me = require_role(s, self._actor, READING_ROLES, "see attachments")
            pid = protocol_row_id(s, self._elections, precinct, contest)
            if me.role is Role.OBSERVER and not _accepted(s, precinct, contest):
                return ()
            found = store.for_protocol(s, pid)
        # observers' scans of their copies are theirs (`ObserverService.list_copies`)
        return tuple(a for a in found if a.kind is not AttachmentKind.COPY)

    def attach(
        self,
        precinct: AreaCode,
        contest: ContestId,
        name: str,
        media_type: str,
        data: bytes,
        kind: AttachmentKind = AttachmentKind.SCAN,
    ) -> AttachmentView:
        """Keep a file with the protocol: PNG, JPEG, TIFF or PDF, at most 20 MB."""
        base = check_file(name, media_type, data, kind)
        with self._db.session() as s:
            me = require_role(s, self._actor, ATTACHING_ROLES, "attach files to protocols")
            pid = protocol_row_id(s, self._elections, precinct, contest)
            record = store.add(
                s,
                pid,
                name=base,
                media_type=media_type,
                data=bytes(data),
                kind=kind,
                by=me.user,
                at=self._clock(),
            )
            content = {
                "attachment": record.id,
                "precinct": record.precinct,
                "contest": record.contest,
                "name": record.name,
                "kind": record.kind.value,
                "size": record.size,
                "sha256": record.sha256,
            }
            journal.record(
                s, self._actor, me.role, EventCode.ATTACHMENT_ADDED, record.added_at, content
            )
            return record

    def data(self, attachment_id: int) -> bytes:
        """The attached file's bytes, as they were attached."""
        with self._db.session(readonly=True) as s:
            me = require_role(s, self._actor, READING_ROLES, "see attachments")
            if me.role is Role.OBSERVER:
                record = store.get(s, attachment_id)
                if record is not None and not _accepted(s, record.precinct, record.contest):
                    raise PermissionDenied(
                        "see the attachments of a protocol not accepted yet",
                        me.role,
                        READING_ROLES - {Role.OBSERVER},
                    )
            found = store.data(s, attachment_id)
        if found is None:
            raise NotFound(f"no attachment {attachment_id}")
        return found


def _accepted(session: Session, precinct: str, contest: str) -> bool:
    record = protocols.load(session, precinct, contest)
    return record is not None and record.case.state is State.ACCEPTED
