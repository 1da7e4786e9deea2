"""Protocols taken in from paper, through the one door.

A file (a PDF, a scan, a photo) is read outside any transaction: its pages' codes are
decoded, grouped into protocols and verified against the key list and the election
(`kztally.paper.intake`). Each verified protocol then goes through the double-entry
state machine's `take_in` transition in a transaction of its own, with the same checks,
roles and guards as a clerk's entry, and leaves one `protocol.taken_in` event naming the
code's SHA-256 and the signing key's fingerprint. The paper is written into the register
of papers in the same transaction. A refused code stores nothing.

When a code cannot be read, a clerk types the figures with two of the paper's hash
groups (`enter_typed`): an ordinary entry (first or second), bound to that paper.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kztally.domain import entry as machine
from kztally.domain.audit import EventCode
from kztally.domain.election import Election
from kztally.domain.entry import ENTERING_ROLES, Actor, Entry, TransitionError
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Act, Figures
from kztally.domain.rules import Role
from kztally.paper import digest, pages, qr
from kztally.paper.errors import CodeError
from kztally.paper.intake import Refused, Verified, read_codes
from kztally.paper.payload import CodedProtocol, decode_part, election_prefix
from kztally.paper.trust import KeyRing
from kztally.services import journal, validate
from kztally.services.checks import Checks
from kztally.services.elections import ElectionService
from kztally.services.entry import EntryService, ProtocolView, check_shape
from kztally.services.errors import ConcurrentChange, InvalidRequest, NoElection, NotFound
from kztally.services.guard import require_training, require_unofficial
from kztally.services.users import Clock, SignedIn, require_role, utcnow
from kztally.storage import elections as stored
from kztally.storage import keys as key_store
from kztally.storage import papers as register
from kztally.storage import protocols as store
from kztally.storage.database import Database, Session
from kztally.storage.elections import area_paths
from kztally.storage.errors import StaleWrite
from kztally.storage.papers import Paper
from kztally.storage.protocols import Action, entry_digests

INTAKE_ROLES = ENTERING_ROLES
"""Who takes protocols in: the receiving commission's clerks and supervisors."""
READING_ROLES = frozenset(
    {Role.ADMINISTRATOR, Role.SUPERVISOR, Role.CLERK, Role.TRAINER, Role.OBSERVER}
)

TAKEN_IN = "taken_in"
UNCHANGED = "unchanged"
REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one protocol found in a file (or of the file, when nothing in it
    could be read): `status` taken_in, unchanged or refused; `reason` a code (the
    code's problem: unreadable, missing_parts, bad_signature, unknown_key, revoked,
    other_commission...; or the state machine's: stale, conflict, state...) and
    `message` in words."""

    status: str
    precinct: str = ""
    contest: str = ""
    state: str = ""
    reason: str = ""
    message: str = ""


@dataclass(frozen=True, slots=True)
class FileReport:
    file: str
    pages: int
    outcomes: tuple[Outcome, ...]

    @property
    def refused(self) -> bool:
        return any(o.status == REFUSED for o in self.outcomes)

    @property
    def status(self) -> str:
        """refused when anything in it was; taken in when anything changed; else unchanged."""
        if self.refused:
            return REFUSED
        if any(o.status == TAKEN_IN for o in self.outcomes):
            return TAKEN_IN
        return UNCHANGED


@dataclass(frozen=True, slots=True)
class Foreseen:
    """What taking one protocol in would do, read before anything is done
    (`IntakeService.preview_file`): `outcome` as `take_in_file` would report it now,
    `before` the protocol's state now ("" when its code is refused), `page` the page its
    code was first read on (-1 when unknown) and the code's `figures`."""

    outcome: Outcome
    before: str = ""
    page: int = -1
    figures: Figures | None = None


@dataclass(frozen=True, slots=True)
class FilePreview:
    """A file read for a receiver to look at before confirming: its pages' pictures
    (grayscale PIL images, at most `PREVIEW_PAGES`) and what each protocol on it would
    become."""

    file: str
    pages: int
    pictures: tuple[Any, ...]
    protocols: tuple[Foreseen, ...]
    codes: tuple[bytes, ...] = ()
    """Every code read off the file: `take_in_codes` takes them in without reading
    the file again."""
    sha256: str = ""
    """The file's SHA-256, as `take_in_file` records it."""


PREVIEW_PAGES = 50
"""Pictures of at most this many pages are kept for a preview."""


@dataclass(frozen=True, slots=True)
class Missing:
    precinct: AreaCode
    contest: ContestId
    round: int


class IntakeService:
    """Taking protocols in from paper, acting as `actor`."""

    def __init__(
        self,
        db: Database,
        actor: SignedIn,
        elections: ElectionService,
        entry: EntryService,
        clock: Clock = utcnow,
    ) -> None:
        self._db = db
        self._actor = actor
        self._elections = elections
        self._entry = entry
        self._clock = clock

    # -- reading ----------------------------------------------------------------------

    def _election(self, s: Session) -> tuple[Election, bytes]:
        election = self._elections.within(s)
        found = stored.stored(s)
        if election is None or found is None:
            raise NoElection()
        return election, election_prefix(found.content_hash)

    def papers(self, under_area: AreaCode | None = None) -> tuple[Paper, ...]:
        """The register: every paper that arrived, oldest first."""
        with self._db.session(readonly=True) as s:
            election, _ = self._election(s)
            require_role(s, self._actor, READING_ROLES, "see the register of papers")
            return tuple(register.arrived(s, _path(s, election, under_area)))

    def missing(
        self, under_area: AreaCode | None = None, contest: ContestId | None = None
    ) -> tuple[Missing, ...]:
        """The papers still missing: protocols (not annulled) of which no paper of their
        current round has arrived, by contest and precinct."""
        with self._db.session(readonly=True) as s:
            election, _ = self._election(s)
            require_role(s, self._actor, READING_ROLES, "see the register of papers")
            prefix = _path(s, election, under_area)
            came = {(p.precinct, p.contest, p.round) for p in register.arrived(s, prefix)}
            found = store.summaries(s, contest=contest, path_prefix=prefix)
        return tuple(
            Missing(p.precinct, p.contest, p.round)
            for p in found
            if p.state is not machine.State.ANNULLED
            and (p.precinct, p.contest, p.round) not in came
        )

    # -- taking in --------------------------------------------------------------------

    def take_in_files(
        self, paths: Sequence[Path], progress: Callable[[FileReport], object] | None = None
    ) -> list[FileReport]:
        """Every file given (folders: their PDFs, PNGs and JPEGs), each reported. The key
        list is read once for the batch."""
        ring = self._ring()
        out = []
        for path in pages.files_in(list(paths)):
            try:
                data = path.read_bytes()
            except OSError as e:
                report = FileReport(
                    path.name, 0, (Outcome(REFUSED, reason="unreadable", message=str(e)),)
                )
            else:
                report = self.take_in_file(data, path.name, ring)
            out.append(report)
            if progress is not None:
                progress(report)
        return out

    def _ring(self) -> KeyRing:
        with self._db.session(readonly=True) as s:
            require_role(s, self._actor, INTAKE_ROLES, "take protocols in")
            return KeyRing(key_store.all_keys(s))

    def take_in_file(self, data: bytes, name: str, ring: KeyRing | None = None) -> FileReport:
        """One file's bytes: its pages read, its codes verified (against `ring`, else the
        key list as it stands), each protocol taken in."""
        if ring is None:
            ring = self._ring()
        try:
            codes, count = pages.codes(data, name)
        except pages.UnreadableFileError as e:
            return FileReport(name, 0, (Outcome(REFUSED, reason="unreadable", message=str(e)),))
        return FileReport(
            name,
            count,
            tuple(self.take_in_codes(codes, name, hashlib.sha256(data).hexdigest(), ring)),
        )

    def preview_file(self, data: bytes, name: str) -> FilePreview:
        """What `take_in_file` would do with a file now, changing nothing: its codes read
        and verified, and each protocol put through the state machine's `take_in` in a
        reading transaction (new, agrees, differs, unchanged, conflict, stale...)."""
        ring = self._ring()
        pictures: list[Any] = []
        codes: list[bytes] = []
        first_page: dict[tuple[str, str], int] = {}
        count = 0
        try:
            for index, picture in enumerate(pages.pictures(data, name)):
                if index < PREVIEW_PAGES:
                    pictures.append(picture)
                for code in qr.read(picture):
                    codes.append(code)
                    with contextlib.suppress(CodeError):
                        part = decode_part(code)
                        first_page.setdefault((part.precinct, part.contest), index)
                count = index + 1
        except pages.UnreadableFileError as e:
            refused = Foreseen(Outcome(REFUSED, reason="unreadable", message=str(e)))
            return FilePreview(name, 0, (), (refused,))
        with self._db.session(readonly=True) as s:
            election, prefix = self._election(s)
            me = require_role(s, self._actor, INTAKE_ROLES, "take protocols in")
            found = read_codes(codes, ring, election, prefix)
            out: list[Foreseen] = []
            if not found:
                what = "no code on it" if not codes else "no kztally protocol's code on it"
                message = f"{name}: {what}"
                out.append(Foreseen(Outcome(REFUSED, reason="unreadable", message=message)))
            for item in found:
                match item:
                    case Refused(where=where, error=error):
                        out.append(Foreseen(_refused(error, where)))
                    case Verified(protocol=p):
                        page = first_page.get((p.precinct, p.contest), -1)
                        out.append(self._foresee(s, election, me, p, page))
        sha = hashlib.sha256(data).hexdigest()
        return FilePreview(name, count, tuple(pictures), tuple(out), tuple(codes), sha)

    def _foresee(
        self, s: Session, election: Election, me: Actor, p: CodedProtocol, page: int
    ) -> Foreseen:
        where = f"{p.precinct}/{p.contest}"
        try:
            c, area = EntryService._locate(election, p.precinct, p.contest)
            record = store.load(s, p.precinct, p.contest)
            if record is None:
                raise NotFound(f"no protocol {where}")
            before = record.case.state.value
            check_shape(c, p.figures, where)
            entry = Entry(p.figures, me.user, self._clock(), p.acts)
            check = Checks(s, election).checker(area, c)
            step = machine.take_in(record.case, entry, p.round, me, check)
        except (TransitionError, InvalidRequest, NotFound) as e:
            outcome = Outcome(
                REFUSED, p.precinct, p.contest, reason=e.code, message=f"{where}: {e}"
            )
            return Foreseen(outcome, "", page, p.figures)
        status = TAKEN_IN if step.transitions else UNCHANGED
        outcome = Outcome(status, p.precinct, p.contest, step.case.state.value)
        return Foreseen(outcome, before, page, p.figures)

    def take_in_codes(
        self, codes: Sequence[bytes], file: str, file_sha256: str, ring: KeyRing | None = None
    ) -> list[Outcome]:
        """The protocols in a batch of codes (read off one file)."""
        if ring is None:
            ring = self._ring()
        with self._db.session(readonly=True) as s:
            election, prefix = self._election(s)
            require_role(s, self._actor, INTAKE_ROLES, "take protocols in")
        found = read_codes(codes, ring, election, prefix)
        if not found:
            what = "no code on it" if not codes else "no kztally protocol's code on it"
            return [Outcome(REFUSED, reason="unreadable", message=f"{file}: {what}")]
        out = []
        for item in found:
            match item:
                case Refused(where=where, error=error):
                    out.append(_refused(error, where))
                case Verified():
                    out.append(self._take_in(item, codes, file, file_sha256))
        return out

    def _take_in(
        self, verified: Verified, codes: Sequence[bytes], file: str, file_sha256: str
    ) -> Outcome:
        p = verified.protocol
        where = f"{p.precinct}/{p.contest}"
        mine = [c for c in codes if _names(c, p.precinct, p.contest)]
        code_sha = hashlib.sha256(b"".join(sorted(mine))).hexdigest()
        paper_sha = digest.of_protocol(p)
        try:
            with self._db.session() as s:
                election, _ = self._election(s)
                c, area = EntryService._locate(election, p.precinct, p.contest)
                me = require_role(s, self._actor, INTAKE_ROLES, "take protocols in")
                require_training(s, me, election, "take protocols in")
                require_unofficial(s, f"take in protocol {where}")
                store.serialize_settling(s, [p.contest])
                record = store.load(s, p.precinct, p.contest)
                if record is None:
                    raise NotFound(f"no protocol {where}")
                check_shape(c, p.figures, where)
                at = self._clock()
                entry = Entry(p.figures, me.user, at, p.acts)
                check = Checks(s, election).checker(area, c)
                step = machine.take_in(record.case, entry, p.round, me, check)
                saved = store.save(s, record, [Action(step, me.user, me.role, at)])
                status = TAKEN_IN if step.transitions else UNCHANGED
                figures = saved.written.figures
                if not step.transitions and record.case.agreed is not None:
                    figures = entry_digests(record.case.agreed)[0]
                register.add(
                    s,
                    record.id,
                    Paper(
                        p.precinct,
                        p.contest,
                        p.round,
                        paper_sha,
                        "code",
                        status,
                        code_sha,
                        verified.signer.fingerprint,
                        file,
                        file_sha256,
                        at,
                        me.user,
                    ),
                )
                content = journal.protocol_content(
                    p.precinct,
                    p.contest,
                    saved.written,
                    step.case,
                    outcome=status,
                    code=code_sha,
                    key=verified.signer.fingerprint,
                    paper=paper_sha,
                    file=file_sha256,
                )
                content["figures"] = figures
                journal.record(s, self._actor, me.role, EventCode.PROTOCOL_TAKEN_IN, at, content)
                return Outcome(status, p.precinct, p.contest, step.case.state.value)
        except (TransitionError, InvalidRequest, NotFound) as e:
            return Outcome(REFUSED, p.precinct, p.contest, reason=e.code, message=f"{where}: {e}")
        except StaleWrite:
            return Outcome(
                REFUSED,
                p.precinct,
                p.contest,
                reason="concurrent_change",
                message=f"{where}: changed by someone else meanwhile; take the file in again",
            )

    def enter_typed(
        self,
        precinct: AreaCode,
        contest: ContestId,
        figures: Figures,
        groups: str,
        acts: frozenset[Act] = frozenset(),
        reference: str = "",
        *,
        expected_version: int,
        file: str = "",
    ) -> ProtocolView:
        """A clerk's entry typed from a paper whose code cannot be read, with two of the
        paper's hash groups: refused unless they match the figures typed; then one
        ordinary entry (the first or the second, never both), bound to that paper in the
        register."""
        try:
            typed = digest.parse_groups(groups)
        except ValueError as e:
            raise InvalidRequest(str(e)) from None
        if len(typed) < digest.GROUPS_TO_TYPE:
            raise InvalidRequest(f"type {digest.GROUPS_TO_TYPE} of the paper's hash groups")
        validate.reference(reference, "reference")
        where = f"{precinct}/{contest}"
        try:
            with self._db.session() as s:
                election, prefix = self._election(s)
                c, area = EntryService._locate(election, precinct, contest)
                me = require_role(s, self._actor, INTAKE_ROLES, "enter protocols")
                require_training(s, me, election, "enter protocols")
                require_unofficial(s, f"change protocol {where}")
                store.serialize_settling(s, [contest])
                record = store.load(s, precinct, contest)
                if record is None:
                    raise NotFound(f"no protocol {where}")
                if record.version != expected_version:
                    raise ConcurrentChange(
                        f"protocol {where}",
                        protocol=(precinct, contest),
                        expected_version=expected_version,
                        found_version=record.version,
                    )
                check_shape(c, figures, where)
                paper_sha = digest.paper_sha256(
                    prefix, precinct, contest, record.case.round, figures, acts, reference
                )
                if not digest.matches(paper_sha, typed):
                    raise InvalidRequest(
                        f"{where}: the groups typed are not the paper's for these figures: "
                        "check the figures and the groups against the paper"
                    )
                at = self._clock()
                entry = Entry(figures, me.user, at, frozenset(acts))
                check = Checks(s, election).checker(area, c)
                step = machine.enter(record.case, entry, me, check)
                saved = store.save(s, record, [Action(step, me.user, me.role, at)])
                register.add(
                    s,
                    record.id,
                    Paper(
                        precinct,
                        contest,
                        record.case.round,
                        paper_sha,
                        "typed",
                        TAKEN_IN,
                        None,
                        None,
                        file,
                        None,
                        at,
                        me.user,
                    ),
                )
                journal.record(
                    s,
                    self._actor,
                    me.role,
                    EventCode.PROTOCOL_ENTERED,
                    at,
                    journal.protocol_content(
                        precinct, contest, saved.written, step.case, paper=paper_sha
                    ),
                )
        except StaleWrite as e:
            raise ConcurrentChange(f"protocol {where}") from e
        return self._entry.view(precinct, contest)


def _names(code: bytes, precinct: str, contest: str) -> bool:
    try:
        part = decode_part(code)
    except CodeError:
        return False
    return part.precinct == precinct and part.contest == contest


def _refused(error: CodeError, where: str) -> Outcome:
    return Outcome(REFUSED, reason=error.problem.value, message=f"{where}: {error.args[0]}")


def _path(s: Session, election: Election, under: str | None) -> str | None:
    if under is None:
        return None
    if not election.has_area(under):
        raise NotFound(f"no area {under} in {election.id}")
    return area_paths(election)[under]
