"""Observers' own copies of protocols, and how they compare with the official figures.

An observer types the copy of the protocol the commission handed them; a newer copy is
kept beside the older ones (append-only), and an observer's latest copy is theirs. Once
the official protocol is accepted, the observer sees which fields of their copy differ
from the agreed figures, and what the checks of `kztally.domain.protocol` find in their
copy itself. Observers never see official figures before they are accepted.

Files of kind `observer` (`kztally.formats.protocol_json`) come in through `take_in`,
used by the importer: the copy is kept under the observer named in the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kztally.domain.audit import EventCode
from kztally.domain.election import Area, Contest, Election
from kztally.domain.entry import Entry, State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.limits import REASON_MAX
from kztally.domain.protocol import Act, Figures, Finding, check_protocol
from kztally.domain.rules import Role
from kztally.services import journal, validate
from kztally.services.attachments import protocol_row_id
from kztally.services.elections import ElectionService
from kztally.services.entry import check_shape
from kztally.services.errors import InvalidRequest, NoElection, NotFound
from kztally.services.guard import require_training
from kztally.services.users import Clock, SignedIn, require_role, utcnow
from kztally.storage import observers as store
from kztally.storage import protocols
from kztally.storage.database import Database, Session

OBSERVING_ROLES = frozenset({Role.OBSERVER})
"""Who enters a copy of their own and compares it."""
OVERSEEING_ROLES = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})
"""Who reads every observer's copies (and compares any of them)."""
TAKING_IN_ROLES = frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR, Role.TRAINER})
"""Who imports observers' files (the importer's roles)."""
NOTE_LENGTH = REASON_MAX


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
        election: Election, contest: Contest, area: Area, r: store.ObserverCopyRecord
    ) -> ObserverCopyView:
        findings = check_protocol(
            contest, r.figures, election.rules, electorate=area.electorate, acts=r.acts
        )
        return ObserverCopyView(
            area.code, contest.id, r.observer, r.figures, r.acts, r.at, r.note, findings
        )

    def enter_copy(
        self,
        precinct: AreaCode,
        contest: ContestId,
        figures: Figures,
        acts: frozenset[Act] = frozenset(),
        note: str = "",
    ) -> ObserverCopyView:
        """Keep the observer's copy as typed (a newer copy becomes theirs; the older
        ones stay). Figures are never refused for what they say, only for their shape."""
        _check_note(note)
        with self._db.session() as s:
            me = require_role(s, self._actor, OBSERVING_ROLES, "enter an observer's copy")
            election, c, area, pid = self._where(s, precinct, contest)
            check_shape(c, figures)
            now = self._clock()
            record = store.add(
                s, pid, observer=me.user, figures=figures, acts=acts, at=now, note=note
            )
            content = journal.copy_content(
                record.id, precinct, contest, me.user, record.at, figures, record.acts, note
            )
            journal.record(s, self._actor, me.role, EventCode.OBSERVER_COPY, now, content)
            return self._view(election, c, area, record)

    def copies(self, precinct: AreaCode, contest: ContestId) -> tuple[ObserverCopyView, ...]:
        """The copies of a protocol, oldest first: an observer's own; every observer's for
        supervisors and administrators."""
        with self._db.session(readonly=True) as s:
            me = require_role(
                s, self._actor, OBSERVING_ROLES | OVERSEEING_ROLES, "see observers' copies"
            )
            election, c, area, pid = self._where(s, precinct, contest)
            mine = me.user if me.role in OBSERVING_ROLES else None
            return tuple(self._view(election, c, area, r) for r in store.for_protocol(s, pid, mine))

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
            copy = None if record is None else self._view(election, c, area, record)
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
