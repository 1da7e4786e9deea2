"""Training sessions (`kztally training`): the session made, the trainees' work recorded,
their queries to the commission, and what the score reads.

`TrainingService` (`services.training`):
    `create(plan, passwords) -> Created`: load the session's mock election, make the
    trainees' accounts (clerks, supervisors) with the given passwords and the generated
    reference account, record the reference entries of lone trainees' stacks (the paper's
    figures), and note the session (`training.created`: its parameters and the answer
    key's SHA-256). Administrators only (they make accounts), in a training election.
    `record_work(precinct, contest, keystrokes, corrections, milliseconds)`: what the
    form counted for one save of the signed-in person (`training.work`), in a training
    election only.
    `query(precinct, contest, text)`: a supervisor's note to the precinct commission on a
    protocol (`protocol.queried`); changes no figure and no state, in any election.
    `queries(precinct, contest)`: the notes on a protocol, oldest first.
    `session() -> dict | None`: the parameters `training.created` noted.
    `facts(plan) -> Facts`: everything the score reads (trainers, administrators).

The work and the notes are carried by their audit events (docs/audit.md): the chain
holds them, no table of their own is needed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kztally.domain.audit import EventCode
from kztally.domain.entry import Entry, EntryKind, Transition
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.keys import grouped
from kztally.domain.rules import Role
from kztally.paper.payload import CodedProtocol, election_prefix
from kztally.paper.signing import Signer
from kztally.reports.data import Marks, ProtocolDoc
from kztally.reports.texts import Lang
from kztally.services import journal, validate
from kztally.services.entry import BulkItem
from kztally.services.errors import InvalidRequest, NoElection, NotFound
from kztally.services.printing import signed_doc
from kztally.services.users import require_role
from kztally.storage import accounts
from kztally.storage import protocols as store
from kztally.storage import training as training_store
from kztally.training.plan import REFERENCE, Plan
from kztally.training.plan import plan as make_plan
from kztally.training.score import Action, Facts, Saved, Score, Work, score

if TYPE_CHECKING:
    from kztally.services.context import Services

TRAINERS = frozenset({Role.ADMINISTRATOR, Role.TRAINER})
QUERYING = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})
ENTERING = frozenset({Role.CLERK, Role.SUPERVISOR})
QUERY_MAX = 1000
MAX_KEYSTROKES = 1_000_000
MAX_MILLISECONDS = 24 * 3600 * 1000
DECISIONS = {
    Transition.KEEP_FIRST: "keep_first",
    Transition.KEEP_SECOND: "keep_second",
    Transition.CORRECT: "correct",
    Transition.SEND_BACK: "send_back",
    Transition.ACCEPT_WARNINGS: "accept_warnings",
    Transition.ACCEPT_BREACH: "accept_breach",
    Transition.RECOUNT: "recount",
    Transition.ANNUL: "annul",
}


def answers_json(plan: Plan) -> str:
    """The answer key as written to the trainer's folder (the same bytes for the same
    plan)."""
    return json.dumps(plan.answers, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def answers_sha256(plan: Plan) -> str:
    return hashlib.sha256(answers_json(plan).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Created:
    accounts: tuple[tuple[str, Role], ...]
    reference_entries: int


@dataclass(frozen=True, slots=True)
class Query:
    precinct: str
    contest: str
    text: str
    by: str
    at: dt.datetime
    round: int


def _time_origin(plan: Plan) -> dt.datetime:
    return dt.datetime.combine(plan.election.date, dt.time(14, 0), tzinfo=dt.UTC)


class TrainingService:
    def __init__(self, services: Services) -> None:
        self._s = services

    # -- the session ----------------------------------------------------------------------

    def create(self, plan: Plan, passwords: Mapping[str, str]) -> Created:
        services = self._s
        with services.db.session(readonly=True) as s:
            require_role(s, services.actor, frozenset({Role.ADMINISTRATOR}), "make a session")
        if not plan.election.training:
            raise InvalidRequest(f"{plan.election.id} is not a training election")
        services.elections.load_definition(plan.election)
        made: list[tuple[str, Role]] = []
        wanted = [(n, Role.CLERK) for n in plan.clerks] + [
            (n, Role.SUPERVISOR) for n in plan.supervisors
        ]
        existing = {u.name: u for u in services.users.list()}
        for name, role in wanted:
            if name in existing:
                if existing[name].role is not role:
                    raise InvalidRequest(
                        f"an account named {name!r} exists as {existing[name].role.a}: "
                        "use another database for this session"
                    )
                continue
            services.users.add(name, role, passwords[name])
            made.append((name, role))
        self._reference_account()
        lone = [p for s in plan.stacks if s.alone for p in s.papers]
        states = services.entry.states()
        at = _time_origin(plan)
        items = []
        for i in lone:
            paper = plan.papers[i]
            key = (AreaCode(paper.precinct), ContestId(paper.contest))
            if states.get(key) is not None and states[key].value != "not_entered":
                continue
            entry = Entry(paper.figures, REFERENCE, at, paper.acts, EntryKind.FIRST)
            items.append(BulkItem(key[0], key[1], (entry,)))
        recorded = services.entry.record_many(items, system="training") if items else 0
        content = {
            "election": plan.election.id,
            "seed": plan.seed,
            "trainees": len(plan.clerks),
            "supervisors": len(plan.supervisors),
            "protocols": int(plan.answers["protocols"]),
            "errors": repr(plan.errors),
            "answers_sha256": answers_sha256(plan),
        }
        with services.db.session() as s:
            me = require_role(s, services.actor, TRAINERS, "note a training session")
            journal.record(
                s, services.actor, me.role, EventCode.TRAINING_CREATED, services.clock(), content
            )
        return Created(tuple(made), recorded)

    def _reference_account(self) -> None:
        services = self._s
        with services.db.session() as s:
            me = require_role(s, services.actor, TRAINERS, "make the reference account")
            election = services.elections.within(s)
            if election is None:
                raise NoElection()
            found = accounts.persons(s, [REFERENCE]).get(REFERENCE)
            if found is None:
                accounts.serialize_writers(s)
                now = services.clock()
                accounts.add(s, REFERENCE, Role.CLERK, None, at=now, by=me.user, generated=True)
                content = journal.account_content(
                    REFERENCE, Role.CLERK, active=True, password_hash=None, generated=True
                )
                journal.record(s, services.actor, me.role, EventCode.ACCOUNT_CREATED, now, content)
            elif found != (Role.CLERK, True):
                raise InvalidRequest(
                    f"an account named {REFERENCE!r} exists and is not the generated reference"
                )

    def session(self) -> dict[str, Any] | None:
        """The parameters of the last session noted in this database."""
        found: dict[str, Any] | None = None
        with self._s.db.session(readonly=True) as s:
            require_role(s, self._s.actor, TRAINERS, "read the training session")
            for e in training_store.events_of(s, [EventCode.TRAINING_CREATED.value]):
                found = _content(e.content)
        return found

    # -- the papers ------------------------------------------------------------------------

    def papers(
        self, plan: Plan, indices: Sequence[int], lang: Lang, signer: Callable[[str], Signer]
    ) -> list[ProtocolDoc]:
        """The papers `indices` as printed protocols marked TRAINING: the paper's figures
        (a planted error included), and a code signed with the precinct's training key
        (`signer(precinct)`) that carries those same figures. Signed at the session's
        fixed moment (election day, 20:00 local), so the same plan prints the same pages
        but for the key's fingerprint and the signature."""
        from kztally.storage import elections as stored

        with self._s.db.session(readonly=True) as s:
            require_role(s, self._s.actor, TRAINERS, "print training papers")
            found = stored.stored(s)
        if found is None:
            raise NoElection()
        prefix = election_prefix(found.content_hash)
        election = plan.election
        marks = Marks(training=True, official=False, head="")
        signed_at = _time_origin(plan)
        docs = []
        for i in indices:
            paper = plan.papers[i]
            key = signer(paper.precinct)
            coded = CodedProtocol(
                prefix, paper.precinct, paper.contest, 1, paper.figures, paper.acts, "", signed_at
            )
            docs.append(signed_doc(election, coded, key, grouped(key.fingerprint, 4), lang, marks))
        return docs

    # -- the work -------------------------------------------------------------------------

    def record_work(
        self,
        precinct: str,
        contest: str,
        keystrokes: int,
        corrections: int,
        milliseconds: int,
    ) -> None:
        """One save's count from the form (in a training election; else nothing)."""
        for name, value, top in (
            ("keystrokes", keystrokes, MAX_KEYSTROKES),
            ("corrections", corrections, MAX_KEYSTROKES),
            ("milliseconds", milliseconds, MAX_MILLISECONDS),
        ):
            if not 0 <= value <= top:
                raise InvalidRequest(f"{name} must be from 0 to {top}, not {value}")
        services = self._s
        with services.db.session() as s:
            me = require_role(s, services.actor, ENTERING, "record training work")
            election = services.elections.within(s)
            if election is None:
                raise NoElection()
            if not election.training:
                return
            self._locate(election, precinct, contest)
            content = {
                "precinct": precinct,
                "contest": contest,
                "keystrokes": keystrokes,
                "corrections": corrections,
                "milliseconds": milliseconds,
            }
            journal.record(
                s, services.actor, me.role, EventCode.TRAINING_WORK, services.clock(), content
            )

    @staticmethod
    def _locate(election: Any, precinct: str, contest: str) -> None:
        if not election.has_area(precinct) or not election.has_contest(contest):
            raise NotFound(f"no protocol {precinct}/{contest} in {election.id}")
        if contest not in election.area(precinct).contests:
            raise NotFound(f"precinct {precinct} has no ballot {contest}")

    # -- queries to the commission ----------------------------------------------------------

    def query(self, precinct: str, contest: str, text: str) -> Query:
        """A supervisor's note to the precinct commission: recorded and audited; no figure
        or state changes."""
        if not text.strip():
            raise InvalidRequest("the query needs its text: what to ask the commission")
        validate.text(text, "query", QUERY_MAX)
        services = self._s
        with services.db.session() as s:
            me = require_role(s, services.actor, QUERYING, "query the commission")
            election = services.elections.within(s)
            if election is None:
                raise NoElection()
            self._locate(election, precinct, contest)
            record = store.load(s, precinct, contest)
            if record is None:
                raise NotFound(f"no protocol {precinct}/{contest}")
            now = services.clock()
            content = {
                "precinct": precinct,
                "contest": contest,
                "round": record.case.round,
                "text": text.strip(),
            }
            journal.record(s, services.actor, me.role, EventCode.PROTOCOL_QUERIED, now, content)
            return Query(precinct, contest, text.strip(), me.user, now, record.case.round)

    def queries(self, precinct: str | None = None, contest: str | None = None) -> tuple[Query, ...]:
        services = self._s
        out = []
        with services.db.session(readonly=True) as s:
            require_role(s, services.actor, frozenset(Role) - {Role.OBSERVER}, "read queries")
            for e in training_store.events_of(s, [EventCode.PROTOCOL_QUERIED.value]):
                c = _content(e.content)
                if precinct is not None and c["precinct"] != precinct:
                    continue
                if contest is not None and c["contest"] != contest:
                    continue
                out.append(Query(c["precinct"], c["contest"], c["text"], e.actor, e.at, c["round"]))
        return tuple(out)

    def plan(self, answers: Mapping[str, Any] | None = None) -> Plan:
        """The session's plan, made again from its parameters (an answer key's, or the
        session noted in the database), checked against the noted key's SHA-256."""
        from kztally.services.mock import build

        noted = self.session()
        params = answers if answers is not None else noted
        if params is None:
            raise NotFound("this database holds no training session (`kztally training new`)")
        try:
            the_plan = make_plan(
                build(int(params["seed"]), "small"),
                int(params["seed"]),
                int(params["trainees"]),
                int(params["supervisors"]),
                int(params["protocols"]),
                float(params["errors"]),
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise InvalidRequest(f"the session's parameters cannot be read: {exc}") from exc
        if noted is not None and noted.get("answers_sha256") != answers_sha256(the_plan):
            raise InvalidRequest("the answer key does not match the session noted in this database")
        return the_plan

    def score(self, plan: Plan | None = None) -> Score:
        the_plan = plan if plan is not None else self.plan()
        return score(the_plan, self.facts(the_plan))

    def first_sign_in(self) -> bool:
        """This is the signed-in person's first session in this database."""
        services = self._s
        with services.db.session(readonly=True) as s:
            require_role(s, services.actor, frozenset(Role), "read their sessions")
            return training_store.sign_ins(s, services.actor.user) <= 1

    # -- what the score reads ---------------------------------------------------------------

    def facts(self, plan: Plan) -> Facts:
        services = self._s
        saves: list[Saved] = []
        actions: list[Action] = []
        work: list[Work] = []
        with services.db.session(readonly=True) as s:
            require_role(s, services.actor, TRAINERS, "score a training session")
            for i, paper in enumerate(plan.papers):
                pid = store.protocol_id(s, paper.precinct, paper.contest)
                if pid is None:
                    raise NotFound(
                        f"no protocol {paper.precinct}/{paper.contest}: "
                        "this database holds another session"
                    )
                for r in store.history(s, pid):
                    if r.transition in (Transition.FIRST_ENTRY, Transition.SECOND_ENTRY):
                        if r.entry is not None and r.entry.by != REFERENCE:
                            saves.append(Saved(i, r.entry.by, r.entry.figures, r.at))
                    elif r.transition in DECISIONS:
                        actions.append(Action(i, r.actor, DECISIONS[r.transition], r.at))
            index = {(p.precinct, p.contest): i for i, p in enumerate(plan.papers)}
            codes = [EventCode.TRAINING_WORK.value, EventCode.PROTOCOL_QUERIED.value]
            for e in training_store.events_of(s, codes):
                if e.code == EventCode.TRAINING_WORK.value:
                    c = _content(e.content)
                    at = index.get((c["precinct"], c["contest"]))
                    if at is not None:
                        work.append(
                            Work(at, e.actor, c["keystrokes"], c["corrections"], c["milliseconds"])
                        )
                elif e.code == EventCode.PROTOCOL_QUERIED.value:
                    c = _content(e.content)
                    at = index.get((c["precinct"], c["contest"]))
                    if at is not None:
                        actions.append(Action(at, e.actor, "query", e.at))
        return Facts(tuple(saves), tuple(actions), tuple(work))


def _content(content: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(content)
    return loaded
