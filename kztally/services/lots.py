"""Drawings of lots and designations of deputies (docs/rules.md, docs/audit.md).

A tie the rules leave to lots (L3: equal remainders that registration order cannot
separate; S1: equal votes for first place in a district) leaves its seat unallocated
until the commission draws lots and records the drawing here: the order drawn, at least
one witness, and the reference of its act. The allocation takes the newest draw of each
contest, and only for the tie it was drawn for (the same ids): a tie that changed with
the figures needs a new draw. A newer draw supersedes the older, which stays.

A party's designation of the persons who take its list's seats (the 30% rule and the
Kazakh-alphabet fallback of `kztally.domain.persons`) is recorded the same way, list by
list; until one is recorded the fallback applies where the rules keep it.

Both are for supervisors and administrators (a generated account's in training
elections only); both write their audit event (`lot.drawn`,
`designation.recorded`) in the transaction that stores them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from kztally.domain.audit import EventCode
from kztally.domain.election import Contest, ContestKind, Election
from kztally.domain.ids import ChoiceId, ContestId
from kztally.domain.limits import NAME_MAX, REFERENCE_MAX, text_problem
from kztally.domain.persons import Designation, designate
from kztally.domain.results import Tie
from kztally.domain.rules import Role
from kztally.services import journal
from kztally.services.elections import ElectionService
from kztally.services.errors import InvalidRequest, NoElection, NotFound
from kztally.services.guard import require_training, require_unofficial
from kztally.services.results import area_results
from kztally.services.users import Clock, SignedIn, require_role, utcnow
from kztally.storage import lots as store
from kztally.storage.database import Database, Session
from kztally.storage.lots import DesignationRecord, DrawRecord

__all__ = [
    "RECORDING_ROLES",
    "WITNESSES_MAX",
    "DesignationRecord",
    "DesignationView",
    "DrawRecord",
    "LotService",
    "TieView",
]

RECORDING_ROLES = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})
"""Who records a drawing of lots or a designation."""
READING_ROLES = frozenset(Role)
WITNESSES_MAX = 20
"""Witnesses named on one draw, at most."""


@dataclass(frozen=True, slots=True)
class TieView:
    """A tie over its whole constituency as the results stand now, with the draw in force
    for its contest (when the tie was settled by it)."""

    tie: Tie
    draw: DrawRecord | None

    @property
    def contest(self) -> ContestId:
        return self.tie.contest.id

    @property
    def open(self) -> bool:
        return self.tie.open


@dataclass(frozen=True, slots=True)
class DesignationView:
    """A list with seats, and who takes them: the recorded designation, else the
    fallback (`Designation.notices` P2), else nobody yet (P3)."""

    contest: ContestId
    list_id: ChoiceId
    seats: int
    designation: Designation
    record: DesignationRecord | None


def _election(session: Session, elections: ElectionService) -> Election:
    election = elections.within(session)
    if election is None:
        raise NoElection()
    return election


def _contest(election: Election, contest: str) -> Contest:
    if not election.has_contest(contest):
        raise NotFound(f"no contest {contest} in {election.id}")
    return election.contest(contest)


def _text(value: str, what: str, limit: int) -> str:
    problem = text_problem(value, limit)
    if problem is not None:
        raise InvalidRequest(f"{what}: {problem}")
    if not value.strip():
        raise InvalidRequest(f"{what} is required")
    return value.strip()


def _names_and_reference(
    values: Sequence[str],
    reference: str,
    *,
    what: str,
    none: str,
    most: int,
    too_many: Callable[[int], str],
    known: Collection[str] | None = None,
    stranger: Callable[[str], str] | None = None,
) -> tuple[tuple[str, ...], str]:
    """The names a drawing of lots or a designation records (witnesses, persons) and
    its reference, checked in this order: each name's text, at least one, at most
    `most` (`too_many(n)` says so), each among `known` when given (`stranger(name)`
    says who is not), none twice, then the reference."""
    names = tuple(_text(v, what, NAME_MAX) for v in values)
    if not names:
        raise InvalidRequest(none)
    if len(names) > most:
        raise InvalidRequest(too_many(len(names)))
    if known is not None:
        strangers = [n for n in names if n not in known]
        if strangers:
            assert stranger is not None
            raise InvalidRequest(stranger(strangers[0]))
    if len(set(names)) != len(names):
        raise InvalidRequest(f"a {what} is named twice")
    return names, _text(reference, "reference", REFERENCE_MAX)


def _ties(session: Session, election: Election) -> tuple[Tie, ...]:
    return area_results(session, election, election.root.code).ties


def _views(session: Session, election: Election) -> tuple[TieView, ...]:
    draws = store.current_draws(session)
    return tuple(
        TieView(t, draws.get(t.contest.id) if t.lot is not None else None)
        for t in _ties(session, election)
    )


class LotService:
    """Ties and their drawings of lots, and designations of deputies, acting as `actor`."""

    def __init__(
        self, db: Database, actor: SignedIn, elections: ElectionService, clock: Clock = utcnow
    ) -> None:
        self._db = db
        self._actor = actor
        self._elections = elections
        self._clock = clock

    # -- lots -----------------------------------------------------------------------------

    def ties(self) -> tuple[TieView, ...]:
        """Every tie of the results as they stand (over whole constituencies), settled or
        open, in the election's order of contests."""
        with self._db.session(readonly=True) as s:
            require_role(s, self._actor, READING_ROLES, "see the ties")
            return _views(s, _election(s, self._elections))

    def draws(self) -> tuple[DrawRecord, ...]:
        """Every drawing of lots recorded, oldest first (superseded ones too)."""
        with self._db.session(readonly=True) as s:
            require_role(s, self._actor, READING_ROLES, "see the drawings of lots")
            return store.draws(s)

    def draw(
        self, contest: str, order: Sequence[str], witnesses: Sequence[str], reference: str
    ) -> DrawRecord:
        """Record the drawing of lots of the tie in `contest` as it stands now: `order`
        is exactly the ids the lot was drawn between, in the order drawn (earlier wins)."""
        with self._db.session() as s:
            me = require_role(s, self._actor, RECORDING_ROLES, "record a drawing of lots")
            election = _election(s, self._elections)
            require_training(s, me, election, "record a drawing of lots")
            require_unofficial(s, "draw lots")
            _contest(election, contest)
            tie = next((t for t in _ties(s, election) if t.contest.id == contest), None)
            if tie is None or not tie.drawn:
                raise InvalidRequest(
                    f"{contest}: no tie there is left to a lot as the results stand "
                    "(see `kztally lots`)"
                )
            order = tuple(order)
            tied = tie.drawn
            unknown = [i for i in order if i not in tied]
            if unknown:
                raise InvalidRequest(
                    f"--order: {', '.join(unknown)} not in the tie of {contest} ({', '.join(tied)})"
                )
            twice = sorted({i for i in order if order.count(i) > 1})
            if twice:
                raise InvalidRequest(f"--order: {', '.join(twice)} named twice")
            missing = [i for i in tied if i not in order]
            if missing:
                raise InvalidRequest(
                    f"--order: the lot orders every id of the tie of {contest}; "
                    f"missing {', '.join(missing)}"
                )
            names, ref = _names_and_reference(
                witnesses,
                reference,
                what="witness",
                none="a drawing of lots needs at least one witness",
                most=WITNESSES_MAX,
                too_many=lambda n: f"at most {WITNESSES_MAX} witnesses, not {n}",
            )
            record = store.add_draw(
                s,
                contest=contest,
                tied=tied,
                order=order,
                witnesses=names,
                reference=ref,
                at=self._clock(),
                by=me.user,
            )
            journal.record(
                s,
                self._actor,
                me.role,
                EventCode.LOT_DRAWN,
                record.at,
                {
                    "draw": record.id,
                    "contest": record.contest,
                    "tied": list(record.tied),
                    "order": list(record.order),
                    "witnesses": list(record.witnesses),
                    "reference": record.reference,
                    "sha256": record.sha256,
                },
            )
            return record

    # -- designations ---------------------------------------------------------------------

    def designations(self) -> tuple[DesignationView, ...]:
        """Every list with seats as the results stand, and who takes them."""
        with self._db.session(readonly=True) as s:
            require_role(s, self._actor, READING_ROLES, "see the designations")
            election = _election(s, self._elections)
            return _designations(s, election)

    def designation_history(self) -> tuple[DesignationRecord, ...]:
        """Every designation recorded, oldest first (superseded ones too)."""
        with self._db.session(readonly=True) as s:
            require_role(s, self._actor, READING_ROLES, "see the designations")
            return store.designations(s)

    def designate(
        self, contest: str, list_id: str, persons: Sequence[str], reference: str
    ) -> DesignationRecord:
        """Record a party's designation of the persons who take its list's seats, in the
        party's order: names from its list, at most one per seat it won."""
        with self._db.session() as s:
            me = require_role(s, self._actor, RECORDING_ROLES, "record a designation")
            election = _election(s, self._elections)
            require_training(s, me, election, "record a designation")
            found = _contest(election, contest)
            if found.kind is not ContestKind.LIST:
                raise InvalidRequest(f"{contest} is not a party-list contest")
            if not any(c.id == list_id for c in found.choices):
                raise NotFound(f"no list {list_id} in {contest}")
            choice = found.choice(ChoiceId(list_id))
            seats = _seats(s, election, contest, list_id)
            if seats == 0:
                raise InvalidRequest(f"{list_id} has no seat in {contest} as the results stand")
            names, ref = _names_and_reference(
                persons,
                reference,
                what="person",
                none="a designation names at least one person",
                most=seats,
                too_many=lambda n: f"{n} persons for {seats} seat(s) of {list_id} in {contest}",
                known={p.name for p in choice.members},
                stranger=lambda name: f"{name!r} is not on the list {list_id}",
            )
            record = store.add_designation(
                s,
                contest=contest,
                list_id=list_id,
                persons=names,
                reference=ref,
                at=self._clock(),
                by=me.user,
            )
            journal.record(
                s,
                self._actor,
                me.role,
                EventCode.DESIGNATION_RECORDED,
                record.at,
                {
                    "designation": record.id,
                    "contest": record.contest,
                    "list": record.list_id,
                    "persons": list(record.persons),
                    "reference": record.reference,
                    "sha256": record.sha256,
                },
            )
            return record


def _seats(session: Session, election: Election, contest: str, list_id: str) -> int:
    for view in _designations(session, election):
        if view.contest == contest and view.list_id == list_id:
            return view.seats
    return 0


def _designations(session: Session, election: Election) -> tuple[DesignationView, ...]:
    results = area_results(session, election, election.root.code)
    recorded = store.current_designations(session)
    out: list[DesignationView] = []
    for body in (results.mazhilis, *results.maslikhats):
        if body is None or body.lists is None or body.lists.allocation is None:
            continue
        contest = body.lists.contest
        for ls in body.lists.allocation.lists:
            if ls.seats == 0:
                continue
            record = recorded.get((contest.id, ls.id))
            decision = None if record is None else record.persons
            choice = contest.choice(ChoiceId(ls.id))
            out.append(
                DesignationView(
                    contest.id,
                    choice.id,
                    ls.seats,
                    designate(choice, ls.seats, election.rules, decision),
                    record,
                )
            )
    return tuple(out)
