"""Double entry of protocols: the state machine of `kztally.domain.entry`, persisted.

Every action is one transaction: read the protocol, check the version the user saw, run
the domain's transition with the findings computed here (the precinct's electorate, the
acts, W6 against the contest's other precincts and W7 against the precinct's other
ballot types), and record the step: new entries, one revision row per transition, the
protocol's new state. A protocol changed meanwhile raises `ConcurrentChange`; nothing is
written then.

What a view shows depends on the role: the second entry is blind (a clerk never sees
the first entry's figures), and only supervisors see both entries and where they differ.
The one exception is the clerk who made the first entry: while the protocol waits for
its second entry, they see their own first entry, to correct it (`revise_first`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from kztally.domain import entry as machine
from kztally.domain.audit import Draft, EventCode
from kztally.domain.election import Area, Contest, Election
from kztally.domain.entry import (
    DECIDING_ROLES,
    Actor,
    Case,
    Checker,
    Entry,
    EntryKind,
    State,
    Step,
    Transition,
    TransitionError,
)
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.limits import REASON_MAX, REFERENCE_MAX
from kztally.domain.protocol import (
    Act,
    Figures,
    Finding,
    Severity,
    check_control_ratios,
    check_protocol,
)
from kztally.domain.rules import Role
from kztally.services import journal, validate
from kztally.services.checks import Checks
from kztally.services.elections import ElectionService
from kztally.services.errors import (
    ConcurrentChange,
    InvalidRequest,
    NoElection,
    NotFound,
    PermissionDenied,
)
from kztally.services.guard import require_training, require_unofficial
from kztally.services.locate import locate_protocol
from kztally.services.users import Clock, SignedIn, acting_role, require_role, utcnow
from kztally.storage import accounts
from kztally.storage import protocols as store
from kztally.storage.database import Database, Session
from kztally.storage.elections import area_paths
from kztally.storage.errors import StaleWrite
from kztally.storage.protocols import (
    SETTLING,
    Action,
    ProtocolRecord,
    ProtocolSummary,
    Provenance,
)

ALL_ROLES = frozenset(Role)
BULK_ROLES = frozenset({Role.ADMINISTRATOR, Role.TRAINER, Role.SUPERVISOR})
"""Who may record protocols in bulk (the mock generator, imports). Every step is still
one person's, under that person's role: the signed-in one, an account a program
generated in a training election (the mock's clerks and supervisor), or, for an import,
the clerk a file names as an entry's author."""


@dataclass(frozen=True, slots=True)
class EntryView:
    """One entry as typed, for supervisors."""

    figures: Figures
    acts: frozenset[Act]
    by: str
    at: dt.datetime
    kind: EntryKind


@dataclass(frozen=True, slots=True)
class ProtocolView:
    """A protocol as the acting person may see it.

    `figures` and `acts` are the agreed ones (pending, accepted, annulled protocols); the
    findings are those of the agreed figures. `first`, `second` and `differing` are shown
    to supervisors only: a clerk who makes the second entry never sees the first. The
    clerk who made the first entry sees it (`first`) while it waits for the second.
    """

    precinct: AreaCode
    contest: ContestId
    state: State
    round: int
    version: int
    breach: bool
    figures: Figures | None
    acts: frozenset[Act]
    findings: tuple[Finding, ...]
    first: EntryView | None = None
    second: EntryView | None = None
    differing: tuple[str, ...] = ()
    """Fields in which the two entries differ ('acts' when only the acts do)."""


@dataclass(frozen=True, slots=True)
class RevisionView:
    """One step in a protocol's history. `figures` are shown to supervisors only."""

    round: int
    transition: Transition
    state: State
    actor: str
    role: Role
    system: str | None
    at: dt.datetime
    reason: str
    reference: str
    findings: tuple[str, ...]
    entry_kind: EntryKind | None
    entry_by: str | None
    figures: Figures | None
    acts: frozenset[Act]
    provenance: Provenance | None = None
    """For a step recorded in bulk or imported: who ran it, and the file (with its
    SHA-256) an import read it from."""


@dataclass(frozen=True, slots=True)
class BulkItem:
    """One protocol for `record_many`: its entries in order (each names its clerk), and,
    when the agreed figures wait for a decision, the reason (and act) to accept them."""

    precinct: AreaCode
    contest: ContestId
    entries: tuple[Entry, ...]
    accept_reason: str = ""
    act_reference: str = ""
    accepted_by: str = ""
    """Who accepts figures that wait for a decision: '' for the signed-in person, or an
    account generated in this training election."""
    provenances: tuple[Provenance, ...] = ()
    """For imported entries, each one's file (who ran the import, which file, its hash):
    the entries are then those of the clerks the files name."""


def _entry_view(e: Entry | None) -> EntryView | None:
    return None if e is None else EntryView(e.figures, e.acts, e.by, e.at, e.kind)


def _differing(case: Case, contest: Contest) -> tuple[str, ...]:
    if case.first is None or case.second is None:
        return ()
    out = case.first.figures.differing_fields(case.second.figures, contest)
    if case.first.acts != case.second.acts:
        out += ("acts",)
    return out


def _require_text(value: str, code: str, what: str) -> None:
    if not value.strip():
        raise TransitionError(code, f"{what} is required")
    validate.text(value, code, REFERENCE_MAX if code == "reference" else REASON_MAX)


def _batched(items: Iterable[BulkItem], size: int) -> Iterator[list[BulkItem]]:
    batch: list[BulkItem] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def check_shape(contest: Contest, figures: Figures, protocol: str = "") -> None:
    """Figures must have one vote line per choice of their contest, and every figure
    empty or within the bounds of `kztally.domain.limits`."""
    validate.figures(contest, figures, protocol=protocol)


MakeActions = Callable[[Session, Actor, Election, Contest, Area, Case], list[Action]]


class EntryService:
    def __init__(
        self, db: Database, actor: SignedIn, elections: ElectionService, clock: Clock = utcnow
    ) -> None:
        self._db = db
        self._actor = actor
        self._elections = elections
        self._clock = clock

    # -- where -------------------------------------------------------------------------

    def _election(self, session: Session) -> Election:
        election = self._elections.within(session)
        if election is None:
            raise NoElection()
        return election

    @staticmethod
    def _locate(election: Election, precinct: str, contest: str) -> tuple[Contest, Area]:
        return locate_protocol(election, precinct, contest)

    def _path(self, election: Election, under: str | None) -> str | None:
        if under is None:
            return None
        if not election.has_area(under):
            raise NotFound(f"no area {under} in {election.id}")
        memo = self._db.memo.get("area_paths")
        if memo is None or memo[0] is not election:
            memo = (election, area_paths(election))
            self._db.memo["area_paths"] = memo
        path: str = memo[1][under]
        return path

    # -- findings ----------------------------------------------------------------------

    @staticmethod
    def _checker(s: Session, election: Election, contest: Contest, area: Area) -> Checker:
        return Checks(s, election).checker(area, contest)

    def check(
        self,
        precinct: AreaCode,
        contest: ContestId,
        figures: Figures,
        acts: frozenset[Act] = frozenset(),
    ) -> tuple[Finding, ...]:
        """Every finding on these figures as they would be entered at this protocol, the
        cross-protocol checks included (for a form to show before saving). For an
        observer only the figures' own checks: W6 and W7 compare with other protocols'
        agreed figures, which an observer may not learn before they are accepted."""
        with self._db.session(readonly=True) as s:
            election = self._election(s)
            c, area = self._locate(election, precinct, contest)
            me = require_role(s, self._actor, ALL_ROLES, "check protocols")
            check_shape(c, figures)
            if me.role is Role.OBSERVER:
                rules = election.rules
                return check_protocol(c, figures, rules, electorate=area.electorate, acts=acts)
            return self._checker(s, election, c, area)(figures, acts)

    # -- reading -----------------------------------------------------------------------

    def _view(
        self,
        s: Session,
        role: Role | None,
        election: Election,
        contest: Contest,
        area: Area,
        case: Case,
        version: int,
        findings: tuple[Finding, ...] | None = None,
    ) -> ProtocolView:
        agreed = case.agreed
        if role is Role.OBSERVER and case.state is not State.ACCEPTED:
            agreed = None  # an observer sees no official figure before acceptance
        if agreed is not None and findings is None:
            findings = self._checker(s, election, contest, area)(agreed.figures, agreed.acts)
        supervisor = role in DECIDING_ROLES
        own_first = (
            role in machine.ENTERING_ROLES
            and case.state is State.FIRST_ENTRY
            and case.first is not None
            and case.first.by == self._actor.user
        )
        return ProtocolView(
            precinct=area.code,
            contest=contest.id,
            state=case.state,
            round=case.round,
            version=version,
            breach=case.breach,
            figures=None if agreed is None else agreed.figures,
            acts=frozenset() if agreed is None else agreed.acts,
            findings=findings if agreed is not None and findings is not None else (),
            first=_entry_view(case.first) if supervisor or own_first else None,
            second=_entry_view(case.second) if supervisor else None,
            differing=_differing(case, contest) if supervisor else (),
        )

    def _load(self, s: Session, precinct: str, contest: str) -> ProtocolRecord:
        record = store.load(s, precinct, contest)
        if record is None:
            raise NotFound(f"no protocol {precinct}/{contest}")
        return record

    def view(self, precinct: AreaCode, contest: ContestId) -> ProtocolView:
        with self._db.session(readonly=True) as s:
            election = self._election(s)
            c, area = self._locate(election, precinct, contest)
            me = require_role(s, self._actor, ALL_ROLES, "see protocols")
            record = self._load(s, precinct, contest)
            return self._view(s, me.role, election, c, area, record.case, record.version)

    def history(self, precinct: AreaCode, contest: ContestId) -> tuple[RevisionView, ...]:
        """Every step of the protocol, oldest first; entries' figures for supervisors."""
        with self._db.session(readonly=True) as s:
            election = self._election(s)
            self._locate(election, precinct, contest)
            me = require_role(s, self._actor, ALL_ROLES, "see protocols")
            pid = store.protocol_id(s, precinct, contest)
            if pid is None:
                raise NotFound(f"no protocol {precinct}/{contest}")
            revisions = store.history(s, pid)
        show = me.role in DECIDING_ROLES
        # an observer learns nothing of a protocol before its acceptance, not even which
        # checks its figures break
        pending = not revisions or revisions[-1].state is not State.ACCEPTED
        silent = me.role is Role.OBSERVER and pending
        return tuple(
            RevisionView(
                round=r.round,
                transition=r.transition,
                state=r.state,
                actor=r.actor,
                role=r.role,
                system=r.system,
                at=r.at,
                reason=r.reason,
                reference=r.reference,
                findings=() if silent else r.findings,
                entry_kind=None if r.entry is None else r.entry.kind,
                entry_by=None if r.entry is None else r.entry.by,
                figures=r.entry.figures if show and r.entry is not None else None,
                acts=r.entry.acts if show and r.entry is not None else frozenset(),
                provenance=r.provenance,
            )
            for r in revisions
        )

    def states(self, under_area: AreaCode | None = None) -> dict[tuple[AreaCode, ContestId], State]:
        """The state of every protocol at or below an area (all when None)."""
        with self._db.session(readonly=True) as s:
            election = self._election(s)
            require_role(s, self._actor, ALL_ROLES, "see protocols")
            return store.states(s, self._path(election, under_area))

    def summaries(
        self, contest: ContestId | None = None, under_area: AreaCode | None = None
    ) -> tuple[ProtocolSummary, ...]:
        """Every protocol's state and agreed figures (for results), by contest, precinct."""
        with self._db.session(readonly=True) as s:
            election = self._election(s)
            me = require_role(s, self._actor, ALL_ROLES, "see protocols")
            prefix = self._path(election, under_area)
            found = store.summaries(s, contest=contest, path_prefix=prefix)
        if me.role is not Role.OBSERVER:
            return found
        return tuple(  # an observer sees no official figure before acceptance
            p if p.state is State.ACCEPTED else replace(p, figures=None, findings=()) for p in found
        )

    # -- acting ------------------------------------------------------------------------

    def _act(
        self,
        precinct: str,
        contest: str,
        expected_version: int,
        make: MakeActions,
        code: EventCode,
    ) -> ProtocolView:
        key = (AreaCode(precinct), ContestId(contest))
        try:
            with self._db.session() as s:
                election = self._election(s)
                c, area = self._locate(election, precinct, contest)
                role = acting_role(s, self._actor)
                if role is None:
                    raise PermissionDenied("act on protocols", None, ALL_ROLES)
                me = Actor(self._actor.user, role)
                require_training(s, me, election, "act on protocols")
                require_unofficial(s, f"change protocol {precinct}/{contest}")
                store.serialize_settling(s, [contest])
                record = self._load(s, precinct, contest)
                if record.version != expected_version:
                    raise ConcurrentChange(
                        f"protocol {precinct}/{contest}",
                        protocol=key,
                        expected_version=expected_version,
                        found_version=record.version,
                    )
                actions = make(s, me, election, c, area, record.case)
                saved = store.save(s, record, actions)
                version = saved.version
                last = actions[-1].step
                journal.record(
                    s,
                    self._actor,
                    me.role,
                    code,
                    actions[-1].at,
                    journal.protocol_content(precinct, contest, saved.written, last.case),
                )
                settled = bool({*last.transitions} & SETTLING)
                return self._view(
                    s,
                    me.role,
                    election,
                    c,
                    area,
                    last.case,
                    version,
                    last.findings if settled else None,
                )
        except StaleWrite as exc:
            raise ConcurrentChange(
                f"protocol {precinct}/{contest}", protocol=key, expected_version=expected_version
            ) from exc

    def _action(self, me: Actor, step: Step, reason: str = "", reference: str = "") -> Action:
        return Action(step, me.user, me.role, self._clock(), reason, reference)

    def enter(
        self,
        precinct: AreaCode,
        contest: ContestId,
        figures: Figures,
        acts: frozenset[Act] = frozenset(),
        *,
        expected_version: int,
    ) -> ProtocolView:
        """A clerk's entry of the paper protocol, recorded whatever its figures say."""

        def make(
            s: Session, me: Actor, election: Election, c: Contest, area: Area, case: Case
        ) -> list[Action]:
            check_shape(c, figures)
            entry = Entry(figures, me.user, self._clock(), frozenset(acts))
            step = machine.enter(case, entry, me, self._checker(s, election, c, area))
            return [self._action(me, step)]

        return self._act(precinct, contest, expected_version, make, EventCode.PROTOCOL_ENTERED)

    def revise_first(
        self,
        precinct: AreaCode,
        contest: ContestId,
        figures: Figures,
        acts: frozenset[Act] = frozenset(),
        *,
        expected_version: int,
    ) -> ProtocolView:
        """The clerk who made the first entry corrects it before the second entry is made:
        the new figures are the first entry (the old one stays in the history)."""

        def make(
            s: Session, me: Actor, election: Election, c: Contest, area: Area, case: Case
        ) -> list[Action]:
            check_shape(c, figures)
            entry = Entry(figures, me.user, self._clock(), frozenset(acts))
            return [self._action(me, machine.revise_first(case, entry, me))]

        return self._act(
            precinct, contest, expected_version, make, EventCode.PROTOCOL_FIRST_REVISED
        )

    def first_entry_breaches(
        self, under_area: AreaCode | None = None
    ) -> dict[tuple[AreaCode, ContestId], tuple[str, ...]]:
        """Protocols waiting for their second entry whose first entry breaks a control
        ratio (K codes), for the navigator: a supervisor sees all of them, a clerk those
        of their own first entries (the second entry stays blind); others none."""
        with self._db.session(readonly=True) as s:
            election = self._election(s)
            me = require_role(s, self._actor, ALL_ROLES, "see protocols")
            if me.role not in machine.ENTERING_ROLES:
                return {}
            by = None if me.role in DECIDING_ROLES else self._actor.user
            firsts = store.first_entries(s, self._path(election, under_area), by)
        out: dict[tuple[AreaCode, ContestId], tuple[str, ...]] = {}
        for (precinct, contest), entry in firsts.items():
            if not election.has_area(precinct) or not election.has_contest(contest):
                continue
            c = election.contest(contest)
            found = check_control_ratios(c, entry.figures, entry.acts)
            codes = tuple(f.code for f in found if f.severity is Severity.ERROR)
            if codes:
                out[(precinct, contest)] = codes
        return out

    def resolve(
        self,
        precinct: AreaCode,
        contest: ContestId,
        keep: EntryKind,
        correction: Figures | None = None,
        *,
        acts: frozenset[Act] = frozenset(),
        reason: str,
        expected_version: int,
    ) -> ProtocolView:
        """A supervisor settles differing entries: keeps the first or the second, or
        (keep=CORRECTION) enters corrected figures, also on a pending protocol."""
        _require_text(reason, "reason", "a reason")

        def make(
            s: Session, me: Actor, election: Election, c: Contest, area: Area, case: Case
        ) -> list[Action]:
            entry = None
            if correction is not None:
                check_shape(c, correction)
                entry = Entry(correction, me.user, self._clock(), frozenset(acts))
            step = machine.resolve(case, keep, me, self._checker(s, election, c, area), entry)
            return [self._action(me, step, reason)]

        return self._act(precinct, contest, expected_version, make, EventCode.PROTOCOL_RESOLVED)

    def send_back(
        self, precinct: AreaCode, contest: ContestId, *, reason: str, expected_version: int
    ) -> ProtocolView:
        """Both entries set aside (kept in the history); the protocol is entered anew."""
        _require_text(reason, "reason", "a reason")

        def make(
            s: Session, me: Actor, election: Election, c: Contest, area: Area, case: Case
        ) -> list[Action]:
            return [self._action(me, machine.send_back(case, me), reason)]

        return self._act(precinct, contest, expected_version, make, EventCode.PROTOCOL_SENT_BACK)

    def accept(
        self,
        precinct: AreaCode,
        contest: ContestId,
        *,
        reason: str,
        act_reference: str = "",
        expected_version: int,
    ) -> ProtocolView:
        """Accept a pending protocol: its warnings with a written reason, a broken control
        ratio (supervisors, lawful kinds) with the act's reference: 'accepted with a
        breach'. The findings are computed anew at this moment."""
        validate.reason(reason)
        validate.reference(act_reference, "act_reference")

        def make(
            s: Session, me: Actor, election: Election, c: Contest, area: Area, case: Case
        ) -> list[Action]:
            findings: tuple[Finding, ...] = ()
            if case.agreed is not None:
                check = self._checker(s, election, c, area)
                findings = check(case.agreed.figures, case.agreed.acts)
            step = machine.accept(case, me, election.rules, findings, reason, act_reference)
            return [self._action(me, step, reason, act_reference)]

        return self._act(precinct, contest, expected_version, make, EventCode.PROTOCOL_ACCEPTED)

    def recount(
        self,
        precinct: AreaCode,
        contest: ContestId,
        *,
        reason: str,
        reference: str,
        expected_version: int,
    ) -> ProtocolView:
        """A higher commission's recount: the next round's protocol replaces this one,
        which stays in the history."""
        _require_text(reason, "reason", "a reason")
        _require_text(reference, "reference", "the decision's reference")

        def make(
            s: Session, me: Actor, election: Election, c: Contest, area: Area, case: Case
        ) -> list[Action]:
            return [self._action(me, machine.recount(case, me), reason, reference)]

        return self._act(precinct, contest, expected_version, make, EventCode.PROTOCOL_RECOUNTED)

    def annul(
        self,
        precinct: AreaCode,
        contest: ContestId,
        *,
        reason: str,
        reference: str,
        expected_version: int,
    ) -> ProtocolView:
        """The precinct's result annulled by a recorded decision: reported, counts nothing."""
        _require_text(reason, "reason", "a reason")
        _require_text(reference, "reference", "the decision's reference")

        def make(
            s: Session, me: Actor, election: Election, c: Contest, area: Area, case: Case
        ) -> list[Action]:
            return [self._action(me, machine.annul(case, me), reason, reference)]

        return self._act(precinct, contest, expected_version, make, EventCode.PROTOCOL_ANNULLED)

    # -- in bulk -----------------------------------------------------------------------

    def record_many(
        self,
        items: Iterable[BulkItem],
        *,
        system: str = "import",
        chunk_size: int = 5000,
        progress: Callable[[int], object] | None = None,
    ) -> int:
        """Record many protocols as `enter` (and `accept`) would, one transaction per chunk,
        written in bulk (sqlite3 executemany, PostgreSQL COPY); returns how many were
        recorded.

        The entries are applied through the same state machine and checks as one by one,
        recorded as `system` acting for the signed-in account. A protocol that cannot take
        its entries (already entered, say) stops the run with `TransitionError`, its chunk
        unwritten and earlier chunks kept. `progress(done)` is called after each chunk;
        returning False stops after that chunk.
        """
        done = 0
        for chunk in _batched(items, chunk_size):
            try:
                with self._db.session() as s:
                    self._record_chunk(s, chunk, system)
            except StaleWrite as exc:
                raise ConcurrentChange("protocols of this batch") from exc
            done += len(chunk)
            if progress is not None and progress(done) is False:
                break
        return done

    def _record_chunk(self, s: Session, chunk: Sequence[BulkItem], system: str) -> None:
        election = self._election(s)
        me = require_role(s, self._actor, BULK_ROLES, "record protocols in bulk")
        require_training(s, me, election, "record protocols in bulk")
        require_unofficial(s, "record protocols")
        keys = [(i.precinct, i.contest) for i in chunk]
        if len(set(keys)) != len(keys):
            raise InvalidRequest("a protocol appears twice in one batch")
        located = [self._locate(election, i.precinct, i.contest) for i in chunk]
        for item, (c, _) in zip(chunk, located, strict=True):
            where = f"{item.precinct}/{item.contest}"
            for i, e in enumerate(item.entries):
                validate.entry(c, e, protocol=where, where=f"entries[{i}]")
            validate.reason(item.accept_reason, "accept_reason", protocol=where)
            validate.reference(item.act_reference, "act_reference", protocol=where)
        store.serialize_settling(s, {i.contest for i in chunk})
        records = store.load_precincts(s, {i.precinct for i in chunk})
        people = People(s, me, election)
        checks = Checks(s, election)
        checks.preload((i.precinct, i.contest, e.figures) for i in chunk for e in i.entries)
        run = Provenance(me.user, "", "")
        plans: list[tuple[ProtocolRecord, list[Action]]] = []
        for item, (c, area) in zip(chunk, located, strict=True):
            record = records.get((item.precinct, item.contest))
            if record is None:
                raise NotFound(f"no protocol {item.precinct}/{item.contest}")
            check = checks.checker(area, c)
            imported = bool(item.provenances)
            if imported and len(item.provenances) != len(item.entries):
                raise InvalidRequest("one provenance for each imported entry")
            provenance = run
            case = record.case
            actions: list[Action] = []
            for k, e in enumerate(item.entries):
                provenance = item.provenances[k] if imported else run
                clerk = people.entering_from_file(e.by) if imported else people.named(e.by)
                step = machine.enter(case, e, clerk, check)
                actions.append(
                    Action(step, clerk.user, clerk.role, e.at, "", "", system, provenance)
                )
                case = step.case
            if item.accept_reason and case.state is State.PENDING and case.agreed is not None:
                acceptor = people.named(item.accepted_by or me.user)
                findings = check(case.agreed.figures, case.agreed.acts)
                step = machine.accept(
                    case, acceptor, election.rules, findings, item.accept_reason, item.act_reference
                )
                at = item.entries[-1].at if item.entries else self._clock()
                actions.append(
                    Action(
                        step,
                        acceptor.user,
                        acceptor.role,
                        at,
                        item.accept_reason,
                        item.act_reference,
                        system,
                        provenance,
                    )
                )
                case = step.case
            checks.record(area, c, case)
            plans.append((record, actions))
        saved = store.save_many(s, plans)
        journal.stage(s, bulk_events(self._actor, me, self._clock(), plans, saved, system))


class People:
    """Who the steps of a bulk record are by, with their roles as stored now: the
    signed-in person; accounts a program generated, in a training election only; and, for
    imported entries, the clerk the file names (an account here must be one who enters)."""

    def __init__(self, s: Session, me: Actor, election: Election) -> None:
        self._s = s
        self._me = me
        self._training = election.training
        self._known: dict[str, tuple[Role, bool] | None] = {}

    def _lookup(self, name: str) -> tuple[Role, bool] | None:
        if name not in self._known:
            self._known[name] = accounts.persons(self._s, [name]).get(name)
        return self._known[name]

    def named(self, name: str) -> Actor:
        """The signed-in person, or an account generated in this training election."""
        if name == self._me.user:
            return self._me
        found = self._lookup(name)
        if found is None or not found[1]:
            raise TransitionError(
                "actor",
                f"{self._me.user} may not record steps as {name!r}: only as themself, or as "
                "an account generated in a training election",
            )
        if not self._training:
            raise TransitionError(
                "actor", f"{name!r} is a generated account: it acts in training elections only"
            )
        return Actor(name, found[0])

    def entering_from_file(self, name: str) -> Actor:
        """The clerk a file names as an entry's author: an account here by that name must
        be one who enters (and a generated one is in a training election)."""
        found = self._lookup(name)
        if found is not None and found[0] not in machine.ENTERING_ROLES:
            raise TransitionError(
                "role", f"the file names {name!r} as a clerk, but here they are a {found[0]}"
            )
        if found is not None and found[1] and not self._training:
            raise TransitionError(
                "actor", f"{name!r} is a generated account: it acts in training elections only"
            )
        return Actor(name, Role.CLERK)


def bulk_events(
    who: journal.Someone,
    me: Actor,
    at: dt.datetime,
    plans: Sequence[tuple[ProtocolRecord, Sequence[Action]]],
    saved: Sequence[store.Written],
    system: str,
) -> list[Draft]:
    """One event per protocol a bulk write changed: `protocol.imported` (naming the
    files' SHA-256) when its steps came from files, else `protocol.recorded`."""
    out = []
    for (record, actions), digests in zip(plans, saved, strict=True):
        if not actions:
            continue
        files = sorted(
            {a.provenance.sha256 for a in actions if a.provenance and a.provenance.sha256}
        )
        code = EventCode.PROTOCOL_IMPORTED if files else EventCode.PROTOCOL_RECORDED
        more: dict[str, object] = {"system": system}
        if files:
            more["files"] = files
        content = journal.protocol_content(
            record.precinct, record.contest, digests, actions[-1].step.case, **more
        )
        out.append(journal.draft(who, me.role, code, at, content))
    return out
