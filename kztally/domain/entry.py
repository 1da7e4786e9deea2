"""Double entry as an explicit state machine (one protocol: a precinct x a contest).

    not_entered --enter--> first_entry --enter (agrees)--> accepted | pending
                                       --enter (differs)--> entries_differ
    entries_differ --keep_first | keep_second | correct--> accepted | pending
    entries_differ | pending --send_back--> not_entered
    pending --accept (warnings: reason) | accept_breach (act + reason)--> accepted
    any entered state --recount--> not_entered (next round)
    any state --annul--> annulled
    not_entered --take_in (a signed code)--> accepted | pending      (both entries at once)
    first_entry --take_in (agrees)--> accepted | pending
                --take_in (differs)--> entries_differ
    first_entry --revise_first (its own clerk)--> first_entry      (a new first entry)

`take_in` is a verified code read off the paper (an entry of kind `qr`): the signature
vouches for the figures, so with no entry yet it stands in for both; after a typed first
entry it is the second. On a protocol that has settled figures already it changes
nothing when they are the same, and is refused as a conflict when they differ; a code of
an older round than the protocol's is refused as stale (docs/architecture.md, "Taking
protocols in from paper", case by case).

`revise_first` lets the clerk who made the first entry look at it and correct it while
the protocol waits for its second entry: the corrected figures become the first entry
(the one set aside stays in the history), nothing else changes, and the second entry
stays blind (whoever makes it never sees either). Nobody else may revise it, and not
after the second entry is made: from then on only a supervisor decides.

`pending` holds agreed figures that break a control ratio or raise a warning: they wait
for a decision. Clean agreed figures are accepted at once. Entries always record what
the paper says; nothing here refuses an entry for its figures.

Pure: time, users and the checks come in as arguments. Storage records each applied
transition as a revision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from kztally.domain.protocol import Act, Figures, Finding, Severity
from kztally.domain.rules import Role, RuleSet


class State(StrEnum):
    NOT_ENTERED = "not_entered"
    FIRST_ENTRY = "first_entry"
    ENTRIES_DIFFER = "entries_differ"
    PENDING = "pending"
    ACCEPTED = "accepted"
    ANNULLED = "annulled"


class Transition(StrEnum):
    FIRST_ENTRY = "first_entry"
    SECOND_ENTRY = "second_entry"
    KEEP_FIRST = "keep_first"
    KEEP_SECOND = "keep_second"
    CORRECT = "correct"
    SEND_BACK = "send_back"
    ACCEPT = "accept"
    ACCEPT_WARNINGS = "accept_warnings"
    ACCEPT_BREACH = "accept_breach"
    RECOUNT = "recount"
    ANNUL = "annul"
    TAKE_IN = "take_in"
    REVISE_FIRST = "revise_first"


class EntryKind(StrEnum):
    FIRST = "first"
    SECOND = "second"
    CORRECTION = "correction"
    OBSERVER = "observer"
    QR = "qr"


ENTERING_ROLES = frozenset({Role.CLERK, Role.SUPERVISOR})
DECIDING_ROLES = frozenset({Role.SUPERVISOR})


@dataclass(frozen=True, slots=True)
class Entry:
    figures: Figures
    by: str
    at: dt.datetime
    acts: frozenset[Act] = frozenset()
    kind: EntryKind = EntryKind.FIRST


@dataclass(frozen=True, slots=True)
class Actor:
    user: str
    role: Role


@dataclass(frozen=True, slots=True)
class Case:
    """Where one protocol stands. `agreed` is the figures both entries (or a supervisor's
    decision) settled on; `accepted` ones count in results."""

    state: State = State.NOT_ENTERED
    round: int = 1
    first: Entry | None = None
    second: Entry | None = None
    agreed: Entry | None = None
    breach: bool = False
    """Accepted with a breach of a control ratio on an act's reference."""


class TransitionError(Exception):
    """A step that the protocol's state or the actor's role does not allow.

    `code` is stable for the front ends: state, role, same_clerk, reason, act, breach_kind;
    own_first, unchanged (a revision of the first entry by another than its clerk, or
    with the same figures); the services add actor (a step in the name of someone the
    acting person may not act for).
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


Checker = Callable[[Figures, frozenset[Act]], tuple[Finding, ...]]


@dataclass(frozen=True, slots=True)
class Step:
    """The outcome of one action: the new case and the transitions it made (an agreeing
    second entry that is clean makes two: second_entry then accept)."""

    case: Case
    transitions: tuple[Transition, ...]
    findings: tuple[Finding, ...] = ()


def entry_about(transition: Transition, case: Case) -> Entry | None:
    """The entry whose figures a transition is about, in the case after it (None for a
    step that carries no figures)."""
    match transition:
        case Transition.FIRST_ENTRY | Transition.REVISE_FIRST:
            return case.first
        case Transition.SECOND_ENTRY | Transition.TAKE_IN:
            return case.second
        case (
            Transition.KEEP_FIRST
            | Transition.KEEP_SECOND
            | Transition.CORRECT
            | Transition.ACCEPT
            | Transition.ACCEPT_WARNINGS
            | Transition.ACCEPT_BREACH
        ):
            return case.agreed
        case Transition.SEND_BACK | Transition.RECOUNT | Transition.ANNUL:
            return None


def _require(cond: bool, code: str, message: str) -> None:
    if not cond:
        raise TransitionError(code, message)


def _settle(case: Case, agreed: Entry, made: Transition, check: Checker) -> Step:
    findings = check(agreed.figures, agreed.acts)
    if findings:
        return Step(
            replace(case, state=State.PENDING, agreed=agreed, breach=False), (made,), findings
        )
    return Step(
        replace(case, state=State.ACCEPTED, agreed=agreed, breach=False),
        (made, Transition.ACCEPT),
        findings,
    )


def enter(case: Case, entry: Entry, actor: Actor, check: Checker) -> Step:
    """A clerk's entry of the paper protocol: the first, or the blind second."""
    _require(actor.role in ENTERING_ROLES, "role", f"{actor.role.a} does not enter protocols")
    match case.state:
        case State.NOT_ENTERED:
            first = replace(entry, kind=EntryKind.FIRST)
            return Step(
                replace(case, state=State.FIRST_ENTRY, first=first), (Transition.FIRST_ENTRY,)
            )
        case State.FIRST_ENTRY:
            assert case.first is not None
            _require(
                case.first.by != entry.by,
                "same_clerk",
                "the second entry must be made by another clerk than the first",
            )
            second = replace(entry, kind=EntryKind.SECOND)
            agree = case.first.figures == second.figures and case.first.acts == second.acts
            case = replace(case, second=second)
            if not agree:
                return Step(replace(case, state=State.ENTRIES_DIFFER), (Transition.SECOND_ENTRY,))
            return _settle(case, second, Transition.SECOND_ENTRY, check)
        case State.ENTRIES_DIFFER | State.PENDING | State.ACCEPTED | State.ANNULLED:
            raise TransitionError("state", f"this protocol is {case.state}: both entries are made")


def revise_first(case: Case, entry: Entry, actor: Actor) -> Step:
    """The first entry's own clerk corrects it before the second entry is made: `entry`
    becomes the first entry; the one it replaces stays in the history (its revision)."""
    _require(actor.role in ENTERING_ROLES, "role", f"{actor.role.a} does not enter protocols")
    _require(
        case.state is State.FIRST_ENTRY,
        "state",
        f"this protocol is {case.state}: only a first entry waiting for the second is revised",
    )
    assert case.first is not None
    _require(
        case.first.by == actor.user == entry.by,
        "own_first",
        "only the clerk who made the first entry may correct it",
    )
    _require(
        (case.first.figures, case.first.acts) != (entry.figures, entry.acts),
        "unchanged",
        "the corrected figures are those of the first entry: nothing to correct",
    )
    first = replace(entry, kind=EntryKind.FIRST)
    return Step(replace(case, first=first), (Transition.REVISE_FIRST,))


def take_in(case: Case, entry: Entry, round_: int, actor: Actor, check: Checker) -> Step:
    """A verified code read off the paper (`round_` is the round it was signed for).

    - not entered: the code stands in for both entries (first, second and agreed are the
      code's entry); its figures are settled as always (accepted when clean, else
      pending with their findings);
    - a first entry typed: the code is the second entry; agreeing, the figures are
      settled; differing, the entries go to a supervisor (entries_differ);
    - pending or accepted with the same figures and acts: nothing changes (a Step with no
      transition);
    - pending or accepted with other figures, or entries differing: refused, `conflict`;
    - annulled: refused, `state`;
    - a code of an older round than the protocol's: refused, `stale`; of a later one:
      refused, `round` (the recount is not recorded here yet).
    """
    _require(actor.role in ENTERING_ROLES, "role", f"{actor.role.a} does not take protocols in")
    _require(
        round_ >= case.round,
        "stale",
        f"the code is of round {round_}; a recount made round {case.round} the protocol",
    )
    _require(
        round_ == case.round,
        "round",
        f"the code is of round {round_}; the protocol is in round {case.round}",
    )
    coded = replace(entry, kind=EntryKind.QR)
    match case.state:
        case State.NOT_ENTERED:
            both = replace(case, first=coded, second=coded)
            return _settle(both, coded, Transition.TAKE_IN, check)
        case State.FIRST_ENTRY:
            assert case.first is not None
            agree = case.first.figures == coded.figures and case.first.acts == coded.acts
            case = replace(case, second=coded)
            if not agree:
                return Step(replace(case, state=State.ENTRIES_DIFFER), (Transition.TAKE_IN,))
            return _settle(case, coded, Transition.TAKE_IN, check)
        case State.PENDING | State.ACCEPTED:
            assert case.agreed is not None
            same = case.agreed.figures == coded.figures and case.agreed.acts == coded.acts
            _require(
                same,
                "conflict",
                f"this protocol is {case.state} with other figures than the code's",
            )
            return Step(case, ())
        case State.ENTRIES_DIFFER:
            raise TransitionError(
                "conflict", "its entries differ and wait for a supervisor: decide them first"
            )
        case State.ANNULLED:
            raise TransitionError("state", "this protocol is annulled")


def resolve(
    case: Case, keep: EntryKind, actor: Actor, check: Checker, correction: Entry | None = None
) -> Step:
    """A supervisor settles differing entries: keeps the first, keeps the second, or corrects
    (a correction is also allowed on a pending protocol)."""
    _require(actor.role in DECIDING_ROLES, "role", "only a supervisor resolves entries")
    match keep:
        case EntryKind.FIRST | EntryKind.SECOND:
            _require(case.state is State.ENTRIES_DIFFER, "state", f"this protocol is {case.state}")
            chosen = case.first if keep is EntryKind.FIRST else case.second
            assert chosen is not None
            made = Transition.KEEP_FIRST if keep is EntryKind.FIRST else Transition.KEEP_SECOND
            return _settle(case, chosen, made, check)
        case EntryKind.CORRECTION:
            _require(
                case.state in (State.ENTRIES_DIFFER, State.PENDING),
                "state",
                f"this protocol is {case.state}: nothing to correct",
            )
            _require(correction is not None, "reason", "a correction needs the figures")
            assert correction is not None
            return _settle(
                case, replace(correction, kind=EntryKind.CORRECTION), Transition.CORRECT, check
            )
        case EntryKind.OBSERVER | EntryKind.QR:
            raise TransitionError("state", f"an entry of kind {keep} does not resolve")


def send_back(case: Case, actor: Actor) -> Step:
    """Both entries are set aside (they stay in the history); the protocol is entered anew."""
    _require(actor.role in DECIDING_ROLES, "role", "only a supervisor sends a protocol back")
    _require(
        case.state in (State.ENTRIES_DIFFER, State.PENDING),
        "state",
        f"this protocol is {case.state}: nothing to send back",
    )
    return Step(Case(State.NOT_ENTERED, case.round), (Transition.SEND_BACK,))


def accept(
    case: Case,
    actor: Actor,
    rules: RuleSet,
    findings: tuple[Finding, ...],
    reason: str,
    act_reference: str = "",
) -> Step:
    """Accept a pending protocol: warnings with a written reason; a broken control ratio
    only by a supervisor, only a lawful kind, with the act's reference and a reason."""
    _require(case.state is State.PENDING, "state", f"this protocol is {case.state}")
    _require(bool(reason.strip()), "reason", "accepting needs a written reason")
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        _require(
            actor.role in rules.breach_acceptors,
            "role",
            f"{actor.role.a} may not accept a breach of a control ratio",
        )
        bad = sorted({f.code for f in errors} - rules.breach_acceptable)
        _require(not bad, "breach_kind", f"{', '.join(bad)} cannot be accepted: recount or correct")
        _require(bool(act_reference.strip()), "act", "accepting a breach needs the act's reference")
        return Step(
            replace(case, state=State.ACCEPTED, breach=True), (Transition.ACCEPT_BREACH,), findings
        )
    _require(
        actor.role in rules.warning_acceptors,
        "role",
        f"{actor.role.a} may not accept warnings under these rules",
    )
    return Step(replace(case, state=State.ACCEPTED), (Transition.ACCEPT_WARNINGS,), findings)


def recount(case: Case, actor: Actor) -> Step:
    """A higher commission orders a recount: the next round's protocol replaces this one."""
    _require(actor.role in DECIDING_ROLES, "role", "only a supervisor records a recount")
    _require(
        case.state not in (State.NOT_ENTERED, State.ANNULLED),
        "state",
        f"this protocol is {case.state}: nothing to recount",
    )
    return Step(Case(State.NOT_ENTERED, case.round + 1), (Transition.RECOUNT,))


def annul(case: Case, actor: Actor) -> Step:
    """The precinct's result is annulled by a recorded decision: reported, counts nothing."""
    _require(actor.role in DECIDING_ROLES, "role", "only a supervisor records an annulment")
    _require(case.state is not State.ANNULLED, "state", "this protocol is already annulled")
    return Step(replace(case, state=State.ANNULLED), (Transition.ANNUL,))


def allowed(
    case: Case,
    actor: Actor,
    rules: RuleSet,
    findings: tuple[Finding, ...] = (),
) -> frozenset[Transition]:
    """The transitions this actor may start from this case: what a screen offers. An
    entry is allowed unless it would be the first clerk's second (that clerk may revise
    their first entry instead); an acceptance as the
    findings require (warnings, or a lawful breach by an acceptor of breaches)."""
    out: set[Transition] = set()
    enters = actor.role in ENTERING_ROLES
    decides = actor.role in DECIDING_ROLES
    state = case.state
    match state:
        case State.NOT_ENTERED:
            if enters:
                out.add(Transition.FIRST_ENTRY)
        case State.FIRST_ENTRY:
            if enters and (case.first is None or case.first.by != actor.user):
                out.add(Transition.SECOND_ENTRY)
            if enters and case.first is not None and case.first.by == actor.user:
                out.add(Transition.REVISE_FIRST)
        case State.ENTRIES_DIFFER:
            if decides:
                out |= {Transition.KEEP_FIRST, Transition.KEEP_SECOND, Transition.CORRECT}
                out.add(Transition.SEND_BACK)
        case State.PENDING:
            if decides:
                out |= {Transition.CORRECT, Transition.SEND_BACK}
            errors = [f for f in findings if f.severity is Severity.ERROR]
            if not errors and actor.role in rules.warning_acceptors:
                out.add(Transition.ACCEPT_WARNINGS)
            if (
                errors
                and actor.role in rules.breach_acceptors
                and not {f.code for f in errors} - rules.breach_acceptable
            ):
                out.add(Transition.ACCEPT_BREACH)
        case State.ACCEPTED | State.ANNULLED:
            pass
    if decides and state not in (State.NOT_ENTERED, State.ANNULLED):
        out.add(Transition.RECOUNT)
    if decides and state is not State.ANNULLED:
        out.add(Transition.ANNUL)
    return frozenset(out)
