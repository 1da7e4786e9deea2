"""Observers' own copies of protocols, and how they compare with the official figures.

An observer types the copy of the protocol the commission handed them; a newer copy is
kept beside the older ones (append-only), and an observer's latest copy is theirs. Once
the official protocol is accepted, the observer sees which fields of their copy differ
from the agreed figures, and what the checks of `kztally.domain.protocol` find in their
copy itself. Observers never see official figures before they are accepted.

Files of kind `observer` (`kztally.formats.protocol_json`) come in through `take_in`,
used by the importer: the copy is kept under the observer named in the file.

A copy carries its certification (`copy_certification`: number, who certified it, the
seal, when and where it was received, where it came from) and its scan (an attachment of
kind `copy`, never among the official protocol's), each written with its event in the
copy's transaction: typed (`enter_copy`), or read from files by the cross-check
(`keep_copies`, all in one transaction). `list_copies` lists them for observers (their
own) and supervisors (every observer's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kztally.domain.audit import EventCode
from kztally.domain.crosscheck import Certification, CopySeen, CopySource
from kztally.domain.election import Area, Contest, Election
from kztally.domain.entry import Entry, State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.limits import REASON_MAX
from kztally.domain.protocol import Act, Figures, Finding, check_protocol
from kztally.domain.rules import Role
from kztally.services import journal, validate
from kztally.services.attachments import check_file, protocol_row_id
from kztally.services.elections import ElectionService
from kztally.services.entry import check_shape
from kztally.services.errors import InvalidRequest, NoElection, NotFound
from kztally.services.guard import require_training
from kztally.services.users import Clock, SignedIn, require_role, utcnow
from kztally.storage import attachments as attachment_store
from kztally.storage import copies as certification_store
from kztally.storage import observers as store
from kztally.storage import protocols
from kztally.storage.database import Database, Session
from kztally.storage.models import AttachmentKind

OBSERVING_ROLES = frozenset({Role.OBSERVER})
"""Who enters a copy of their own and compares it."""
OVERSEEING_ROLES = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})
"""Who reads every observer's copies (and compares any of them)."""
TAKING_IN_ROLES = frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR, Role.TRAINER})
"""Who imports observers' files (the importer's roles)."""
NOTE_LENGTH = REASON_MAX
NUMBER_LENGTH = 40
"""A copy's number as written on it."""
PLACE_LENGTH = 200
"""Who certified a copy; where it was received."""


@dataclass(frozen=True, slots=True)
class Scan:
    """A scan or photo of a copy: PNG, JPEG, TIFF or PDF (`services.attachments`)."""

    name: str
    media_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class CopyIn:
    """A copy to keep as the observer's: read from a file, or typed."""

    precinct: AreaCode
    contest: ContestId
    figures: Figures
    acts: frozenset[Act] = frozenset()
    certification: Certification = field(default_factory=Certification)
    source: CopySource = CopySource.KEYBOARD
    file: str = ""
    """The file it came from and the place in it ('' when typed)."""
    file_sha256: str | None = None
    scan: Scan | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class ListedCopy:
    """One copy in the list of copies: the latest of its observer is `latest`."""

    id: int
    precinct: AreaCode
    contest: ContestId
    observer: str
    at: dt.datetime
    figures: Figures
    certification: Certification
    source: CopySource
    file: str
    scan: int | None
    latest: bool


@dataclass(frozen=True, slots=True)
class ObserverCopyView:
    precinct: AreaCode
    contest: ContestId
    observer: str
    figures: Figures
    acts: frozenset[Act]
    at: dt.datetime
    note: str
    findings: tuple[Finding, ...]
    """What the checks find in the copy itself (K1-K6, W1-W5, W8)."""
    id: int = 0
    certification: Certification | None = None
    """How it was certified and received (None: nothing recorded)."""
    scan: int | None = None
    """The attachment holding the copy's scan or photo."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """An observer's latest copy beside the official protocol.

    `official` is shown only once the protocol is accepted (None before); `differing`
    names the fields of the copy that differ from it, in the order of the paper ('acts'
    last, when only the acts differ or they too)."""

    precinct: AreaCode
    contest: ContestId
    observer: str
    state: State
    copy: ObserverCopyView | None
    official: Figures | None
    official_acts: frozenset[Act]
    differing: tuple[str, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        return () if self.copy is None else self.copy.findings


def _check_note(note: str) -> str:
    if len(note) > NOTE_LENGTH:
        raise InvalidRequest(f"a note has at most {NOTE_LENGTH} characters")
    validate.text(note, "note", NOTE_LENGTH)
    return note


def check_certification(c: Certification, where: str = "") -> None:
    """The certification's texts held to their lengths; a time with its zone."""
    validate.text(c.number, "copy number", NUMBER_LENGTH, protocol=where)
    validate.text(c.certified_by, "certified by", PLACE_LENGTH, protocol=where)
    validate.text(c.received_where, "received where", PLACE_LENGTH, protocol=where)
    if c.received_at is not None and c.received_at.tzinfo is None:
        raise InvalidRequest(f"{where}: the time received needs its zone (+06:00)".lstrip(": "))


class ObserverService:
    """Observers' copies, acting as `actor`."""

    def __init__(
        self, db: Database, actor: SignedIn, elections: ElectionService, clock: Clock = utcnow
    ) -> None:
        self._db = db
        self._actor = actor
        self._elections = elections
        self._clock = clock

    def _where(
        self, s: Session, precinct: str, contest: str
    ) -> tuple[Election, Contest, Area, int]:
        pid = protocol_row_id(s, self._elections, precinct, contest)
        election = self._elections.within(s)
        if election is None:  # pragma: no cover - protocol_row_id checked it
            raise NoElection()
        return election, election.contest(contest), election.area(precinct), pid

    @staticmethod
    def _view(
        election: Election,
        contest: Contest,
        area: Area,
        r: store.ObserverCopyRecord,
        cert: certification_store.CertificationRecord | None = None,
    ) -> ObserverCopyView:
        findings = check_protocol(
            contest, r.figures, election.rules, electorate=area.electorate, acts=r.acts
        )
        return ObserverCopyView(
            area.code,
            contest.id,
            r.observer,
            r.figures,
            r.acts,
            r.at,
            r.note,
            findings,
            r.id,
            None if cert is None else cert.certification,
            None if cert is None else cert.attachment_id,
        )

    def _certify(
        self,
        s: Session,
        role: Role,
        record: store.ObserverCopyRecord,
        pid: int,
        copy: CopyIn,
    ) -> certification_store.CertificationRecord:
        """The copy's certification, and its scan as an attachment of kind `copy`, each
        with its event, in the copy's transaction."""
        attachment_id = None
        if copy.scan is not None:
            scan = copy.scan
            base = check_file(scan.name, scan.media_type, scan.data, AttachmentKind.COPY)
            added = attachment_store.add(
                s,
                pid,
                name=base,
                media_type=scan.media_type,
                data=bytes(scan.data),
                kind=AttachmentKind.COPY,
                by=record.observer,
                at=record.at,
            )
            attachment_id = added.id
            content = {
                "attachment": added.id,
                "precinct": added.precinct,
                "contest": added.contest,
                "name": added.name,
                "kind": added.kind.value,
                "size": added.size,
                "sha256": added.sha256,
            }
            journal.record(s, self._actor, role, EventCode.ATTACHMENT_ADDED, self._clock(), content)
        cert = certification_store.add(
            s,
            record.id,
            copy.certification,
            source=copy.source,
            file=copy.file[:300],
            file_sha256=copy.file_sha256,
            attachment_id=attachment_id,
        )
        content = {
            "certification": cert.id,
            "copy": record.id,
            "precinct": copy.precinct,
            "contest": copy.contest,
            "source": copy.source.value,
            "sha256": certification_store.digest(cert),
        }
        journal.record(s, self._actor, role, EventCode.COPY_CERTIFIED, self._clock(), content)
        return cert

    def enter_copy(
        self,
        precinct: AreaCode,
        contest: ContestId,
        figures: Figures,
        acts: frozenset[Act] = frozenset(),
        note: str = "",
        certification: Certification | None = None,
        scan: Scan | None = None,
    ) -> ObserverCopyView:
        """Keep the observer's copy as typed (a newer copy becomes theirs; the older
        ones stay), with its certification and scan when given. Figures are never
        refused for what they say, only for their shape."""
        copy = CopyIn(
            precinct, contest, figures, acts, certification or Certification(), scan=scan, note=note
        )
        certify = certification is not None or scan is not None
        return self.keep_copies([copy], certify=certify)[0]

    def keep_copies(
        self, copies: Sequence[CopyIn], *, certify: bool = True
    ) -> tuple[ObserverCopyView, ...]:
        """Keep copies as the signed-in observer's, all in one transaction (a copy that
        is refused keeps none of them), each with its certification (where it came
        from, even when nothing else is recorded)."""
        for copy in copies:
            where = f"{copy.precinct}/{copy.contest}"
            _check_note(copy.note)
            check_certification(copy.certification, copy.file or where)
        out = []
        with self._db.session() as s:
            me = require_role(s, self._actor, OBSERVING_ROLES, "enter an observer's copy")
            for copy in copies:
                election, c, area, pid = self._where(s, copy.precinct, copy.contest)
                try:
                    check_shape(c, copy.figures)
                except InvalidRequest as exc:
                    raise InvalidRequest(f"{copy.file}: {exc}" if copy.file else str(exc)) from exc
                now = self._clock()
                record = store.add(
                    s,
                    pid,
                    observer=me.user,
                    figures=copy.figures,
                    acts=copy.acts,
                    at=now,
                    note=copy.note,
                )
                content = journal.copy_content(
                    record.id,
                    copy.precinct,
                    copy.contest,
                    me.user,
                    record.at,
                    copy.figures,
                    record.acts,
                    copy.note,
                )
                journal.record(s, self._actor, me.role, EventCode.OBSERVER_COPY, now, content)
                cert = self._certify(s, me.role, record, pid, copy) if certify else None
                out.append(self._view(election, c, area, record, cert))
        return tuple(out)

    def list_copies(self) -> tuple[ListedCopy, ...]:
        """Every copy kept, by protocol, oldest first: an observer's own; every
        observer's for supervisors and administrators. An observer's newest copy of a
        protocol is `latest` (theirs)."""
        with self._db.session(readonly=True) as s:
            me = require_role(
                s, self._actor, OBSERVING_ROLES | OVERSEEING_ROLES, "see observers' copies"
            )
            mine = me.user if me.role in OBSERVING_ROLES else None
            found = [
                (p, c, r) for p, c, r in store.every_copy(s) if mine is None or r.observer == mine
            ]
            certs = certification_store.for_copies(s, (r.id for _, _, r in found))
        newest: dict[tuple[str, str, str], int] = {}
        for p, c, r in found:
            newest[(p, c, r.observer)] = r.id
        out = []
        for p, c, r in found:
            cert = certs.get(r.id)
            out.append(
                ListedCopy(
                    r.id,
                    AreaCode(p),
                    ContestId(c),
                    r.observer,
                    r.at,
                    r.figures,
                    Certification() if cert is None else cert.certification,
                    CopySource.KEYBOARD if cert is None else cert.source,
                    "" if cert is None else cert.file,
                    None if cert is None else cert.attachment_id,
                    newest[(p, c, r.observer)] == r.id,
                )
            )
        return tuple(out)

    def seen(self) -> tuple[CopySeen, ...]:
        """The copies to cross-check: each observer's latest copy of each protocol (an
        observer's own only)."""
        return tuple(
            CopySeen(
                c.precinct,
                c.contest,
                c.figures,
                c.observer,
                c.file or f"#{c.id}",
                c.source,
                c.certification,
                c.id,
                c.scan,
            )
            for c in self.list_copies()
            if c.latest
        )

    def scan(self, copy_id: int) -> tuple[str, bytes] | None:
        """The media type and bytes of a copy's scan (an observer's own copies only)."""
        for c in self.list_copies():
            if c.id == copy_id and c.scan is not None:
                with self._db.session(readonly=True) as s:
                    record = attachment_store.get(s, c.scan)
                    data = attachment_store.data(s, c.scan)
                if record is None or data is None:
                    return None
                return record.media_type, data
        return None

    def copies(self, precinct: AreaCode, contest: ContestId) -> tuple[ObserverCopyView, ...]:
        """The copies of a protocol, oldest first: an observer's own; every observer's for
        supervisors and administrators."""
        with self._db.session(readonly=True) as s:
            me = require_role(
                s, self._actor, OBSERVING_ROLES | OVERSEEING_ROLES, "see observers' copies"
            )
            election, c, area, pid = self._where(s, precinct, contest)
            mine = me.user if me.role in OBSERVING_ROLES else None
            found = store.for_protocol(s, pid, mine)
            certs = certification_store.for_copies(s, (r.id for r in found))
            return tuple(self._view(election, c, area, r, certs.get(r.id)) for r in found)

    def compare(
        self, precinct: AreaCode, contest: ContestId, observer: str | None = None
    ) -> Comparison:
        """The observer's latest copy against the official agreed figures, once accepted.
        Observers compare their own copy; supervisors and administrators name one."""
        with self._db.session(readonly=True) as s:
            me = require_role(
                s, self._actor, OBSERVING_ROLES | OVERSEEING_ROLES, "compare observers' copies"
            )
            if me.role in OBSERVING_ROLES:
                observer = me.user
            elif observer is None:
                raise InvalidRequest("name the observer whose copy to compare")
            election, c, area, pid = self._where(s, precinct, contest)
            record = store.latest(s, pid, observer)
            cert = (
                None
                if record is None
                else certification_store.for_copies(s, [record.id]).get(record.id)
            )
            copy = None if record is None else self._view(election, c, area, record, cert)
            loaded = protocols.load(s, precinct, contest)
            if loaded is None:  # pragma: no cover - _where found it
                raise NotFound(f"no protocol {precinct}/{contest}")
        case = loaded.case
        agreed = case.agreed if case.state is State.ACCEPTED else None
        official = None if agreed is None else agreed.figures
        official_acts = frozenset() if agreed is None else agreed.acts
        differing: tuple[str, ...] = ()
        if copy is not None and official is not None:
            differing = copy.figures.differing_fields(official, c)
            if copy.acts != official_acts:
                differing += ("acts",)
        return Comparison(
            AreaCode(precinct),
            ContestId(contest),
            observer,
            case.state,
            copy,
            official,
            official_acts,
            differing,
        )

    def take_in(
        self, copies: Iterable[tuple[AreaCode, ContestId, Entry]], *, system: str = "import"
    ) -> tuple[int, int]:
        """Keep observers' copies read from files (each entry names its observer and when
        it was made), in one transaction; a copy already kept (the same observer, time,
        figures and acts) is left as it is. Returns (kept, unchanged)."""
        kept = unchanged = 0
        with self._db.session() as s:
            me = require_role(s, self._actor, TAKING_IN_ROLES, "import observers' copies")
            election = self._elections.within(s)
            if election is not None:
                require_training(s, me, election, "import observers' copies")
            for precinct, contest, entry in copies:
                _, c, _, pid = self._where(s, precinct, contest)
                validate.entry(c, entry, protocol=f"{precinct}/{contest}")
                have = store.for_protocol(s, pid, entry.by)
                if any(
                    (h.figures, h.acts, h.at) == (entry.figures, entry.acts, entry.at) for h in have
                ):
                    unchanged += 1
                    continue
                note = f"[{system}: {me.user}]"
                record = store.add(
                    s,
                    pid,
                    observer=entry.by,
                    figures=entry.figures,
                    acts=entry.acts,
                    at=entry.at,
                    note=note,
                )
                content = journal.copy_content(
                    record.id,
                    precinct,
                    contest,
                    entry.by,
                    record.at,
                    entry.figures,
                    record.acts,
                    note,
                )
                journal.record(
                    s, self._actor, me.role, EventCode.OBSERVER_COPY, self._clock(), content
                )
                kept += 1
        return kept, unchanged
