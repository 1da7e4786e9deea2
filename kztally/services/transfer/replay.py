"""A record file's history replayed through the double-entry state machine.

A record's revisions are claims: "bolat entered these figures", "dana accepted the
warnings". Each is replayed one by one through `kztally.domain.entry`, as the screen's
actions are, with the findings computed here from the figures (never taken from the
file) and under the roles of the rule set:

- an entry is its author's, a clerk's (two entries by two different people); a revised
  first entry (`revise_first`) is its own first clerk's, before the second entry;
- a supervisor's or a commission's decision is taken under the role of the person who
  runs the import, who vouches for it: a trainer or an administrator cannot bring in a
  supervisor's acceptance (unless the rule set names their role among the acceptors);
- an acceptance made at once ('accept') must be what the machine does with the figures
  here: clean figures are accepted at once, others wait for a decision.

The first claim the machine refuses, or whose outcome is not the one the file records,
stops the replay: the steps before it are lawful and are kept, and the protocol stays
where they left it (waiting for a supervisor), never accepted on the file's word. A file
that contradicts itself (revisions not numbered in order, decisions that are not its
revisions', a state its lawful history does not lead to) is refused whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kztally.domain import entry as machine
from kztally.domain.entry import (
    Actor,
    Case,
    Checker,
    Entry,
    EntryKind,
    State,
    Step,
    Transition,
    TransitionError,
    entry_about,
)
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role, RuleSet
from kztally.formats.protocol_json import Decision, ProtocolRecord, Revision
from kztally.storage.protocols import Action, Provenance

SYSTEM = "import"
"""The `system` of the revisions an import writes."""

DECISIONS = frozenset(
    {
        Transition.KEEP_FIRST,
        Transition.KEEP_SECOND,
        Transition.CORRECT,
        Transition.SEND_BACK,
        Transition.ACCEPT_WARNINGS,
        Transition.ACCEPT_BREACH,
        Transition.RECOUNT,
        Transition.ANNUL,
    }
)
"""Transitions that are a supervisor's or a commission's decision (the `decisions` of a
record): not the entries, and not the acceptance that follows clean figures at once."""

_ENTRY_KINDS = {
    Transition.FIRST_ENTRY: EntryKind.FIRST,
    Transition.REVISE_FIRST: EntryKind.FIRST,
    Transition.SECOND_ENTRY: EntryKind.SECOND,
    Transition.CORRECT: EntryKind.CORRECTION,
}


class HistoryError(Exception):
    """A record that contradicts itself: refused whole, at `where` in the file."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


@dataclass(frozen=True, slots=True)
class Replayed:
    """The lawful steps of a record (to store) and where they leave the protocol;
    `refused` names the claim that stopped the replay (where, why), if one did."""

    actions: tuple[Action, ...]
    case: Case
    refused: tuple[str, str] | None = None


def decisions_of(revisions: Iterable[Revision]) -> tuple[Decision, ...]:
    return tuple(
        Decision(r.transition, r.by, r.at, r.reason, r.reference)
        for r in revisions
        if r.transition in DECISIONS
    )


def check_structure(record: ProtocolRecord) -> None:
    """What a record must say of itself before any of it is replayed."""
    for i, r in enumerate(record.revisions):
        if r.number != i + 1:
            raise HistoryError(
                f"revisions[{i}].number",
                f"revision {r.number} where {i + 1} is expected: revisions are numbered "
                "1, 2, 3... in the order they were made",
            )
    if not record.revisions and record.case != Case():
        raise HistoryError(
            "state", f"no revisions lead to {record.case.state} (round {record.case.round})"
        )
    expected = decisions_of(record.revisions)
    if record.decisions != expected:
        k = next(
            (k for k, (a, b) in enumerate(zip(record.decisions, expected)) if a != b),  # noqa: B905
            min(len(record.decisions), len(expected)),
        )
        raise HistoryError(
            f"decisions[{k}]" if k < len(record.decisions) else "decisions",
            "the decisions are not those the revisions record "
            f"({len(expected)} decision(s) among the revisions)",
        )


class _RefusedError(Exception):
    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


def replay(
    record: ProtocolRecord,
    *,
    deciding: Actor,
    entering: Callable[[str], Actor],
    rules: RuleSet,
    check: Checker,
    provenance: Provenance,
) -> Replayed:
    """Replay `record` (checked by `check_structure`) from an untouched protocol.

    `deciding` is the person running the import (their role is every decision's);
    `entering(name)` the actor an entry's author is, or `TransitionError`; `check` the
    findings of figures at this protocol, computed now."""
    revisions = record.revisions
    final = record.case
    # the current entries are the record's own (who typed them, when); an entry set
    # aside earlier is known by its revision only
    last_of: dict[EntryKind, int] = {}
    for i, r in enumerate(revisions):
        if r.transition in _ENTRY_KINDS:
            last_of[_ENTRY_KINDS[r.transition]] = i
    own = {
        EntryKind.FIRST: final.first,
        EntryKind.SECOND: final.second,
        EntryKind.CORRECTION: final.agreed
        if final.agreed is not None and final.agreed.kind is EntryKind.CORRECTION
        else None,
    }
    case = Case()
    actions: list[Action] = []
    i = 0
    try:
        while i < len(revisions):
            r = revisions[i]
            where = f"revisions[{i}]"
            t = r.transition
            entry: Entry | None = None
            kind = _ENTRY_KINDS.get(t)
            if kind is not None:
                if r.figures is None:
                    raise _RefusedError(f"{where}.figures", f"a {t} carries the figures entered")
                entry = Entry(r.figures, r.by, r.at, r.acts, kind)
                mine = own[kind]
                if last_of.get(kind) == i and mine is not None and _same(mine, entry):
                    entry = mine
            try:
                step = _apply(case, r, entry, deciding, entering, rules, check)
            except TransitionError as exc:
                raise _RefusedError(where, f"{t} refused: {exc}") from None
            made = step.transitions
            if made[0] is not t:  # pragma: no cover - the machine makes what is asked
                raise _RefusedError(where, f"{t} made {made[0]} here")
            claimed = [t]
            if len(made) == 2:  # clean figures, accepted at once
                nxt = revisions[i + 1] if i + 1 < len(revisions) else None
                if nxt is None or nxt.transition is not Transition.ACCEPT:
                    raise _RefusedError(
                        where,
                        f"the figures of this {t} are clean here and would be accepted at "
                        "once, but the file does not accept them",
                    )
                if (nxt.by, nxt.at) != (r.by, r.at):
                    raise _RefusedError(
                        f"revisions[{i + 1}]",
                        "an acceptance made at once is by the one who settled the figures, "
                        "at the same moment",
                    )
                claimed.append(Transition.ACCEPT)
            for k, tk in enumerate(claimed):
                _same_figures_as_shown(revisions[i + k], tk, step.case, f"revisions[{i + k}]")
            entered = t in (
                Transition.FIRST_ENTRY,
                Transition.SECOND_ENTRY,
                Transition.REVISE_FIRST,
            )
            role = Role.CLERK if entered else deciding.role
            actions.append(
                Action(step, r.by, role, r.at, r.reason, r.reference, SYSTEM, provenance)
            )
            case = step.case
            nxt = revisions[i + 1] if i + 1 < len(revisions) else None
            settled = step.case.state is State.PENDING
            if settled and nxt is not None and nxt.transition is Transition.ACCEPT:
                codes = ", ".join(f.code for f in step.findings) or "none"
                raise _RefusedError(
                    f"revisions[{i + 1}]",
                    f"accepted at once, but these figures wait for a decision here "
                    f"(findings: {codes})",
                )
            i += len(claimed)
    except _RefusedError as exc:
        return Replayed(tuple(actions), case, (exc.where, exc.message))
    _ends_as_said(case, final)
    return Replayed(tuple(actions), case)


def _apply(
    case: Case,
    r: Revision,
    entry: Entry | None,
    deciding: Actor,
    entering: Callable[[str], Actor],
    rules: RuleSet,
    check: Checker,
) -> Step:
    decider = Actor(r.by, deciding.role)
    match r.transition:
        case Transition.FIRST_ENTRY | Transition.SECOND_ENTRY:
            assert entry is not None
            want = (
                State.NOT_ENTERED if r.transition is Transition.FIRST_ENTRY else (State.FIRST_ENTRY)
            )
            if case.state is not want:
                raise TransitionError("state", f"this protocol is {case.state}")
            return machine.enter(case, entry, entering(entry.by), check)
        case Transition.REVISE_FIRST:
            assert entry is not None
            return machine.revise_first(case, entry, entering(entry.by))
        case Transition.KEEP_FIRST:
            return machine.resolve(case, EntryKind.FIRST, decider, check)
        case Transition.KEEP_SECOND:
            return machine.resolve(case, EntryKind.SECOND, decider, check)
        case Transition.CORRECT:
            return machine.resolve(case, EntryKind.CORRECTION, decider, check, entry)
        case Transition.SEND_BACK:
            return machine.send_back(case, decider)
        case Transition.ACCEPT_WARNINGS | Transition.ACCEPT_BREACH:
            findings = () if case.agreed is None else check(case.agreed.figures, case.agreed.acts)
            step = machine.accept(case, decider, rules, findings, r.reason, r.reference)
            if step.transitions[0] is not r.transition:
                raise TransitionError(
                    "breach_kind",
                    f"the figures call for {step.transitions[0]} here, not {r.transition} "
                    f"(findings: {', '.join(f.code for f in findings) or 'none'})",
                )
            return step
        case Transition.RECOUNT:
            return machine.recount(case, decider)
        case Transition.ANNUL:
            return machine.annul(case, decider)
        case Transition.ACCEPT:
            raise TransitionError("state", "accept follows at once the clean figures it accepts")
        case Transition.TAKE_IN:
            raise TransitionError(
                "state", "a signed code is taken in from its paper (kztally intake), not imported"
            )


def _same(a: Entry, b: Entry) -> bool:
    return a.figures == b.figures and a.acts == b.acts


def _same_figures_as_shown(r: Revision, t: Transition, case: Case, where: str) -> None:
    """A revision about figures entered before shows those figures, or none."""
    about = entry_about(t, case)
    if r.figures is None:
        if r.acts:
            raise _RefusedError(f"{where}.acts", "acts without figures")
        return
    if about is None:
        raise _RefusedError(f"{where}.figures", f"a {t} carries no figures: null")
    if r.figures != about.figures or r.acts != about.acts:
        raise _RefusedError(f"{where}.figures", f"not the figures the {t} is about")


def _ends_as_said(case: Case, final: Case) -> None:
    """The lawful replay must lead where the record says it stands."""
    if case.state is not final.state:
        raise HistoryError("state", f"the revisions lead to {case.state}, not {final.state}")
    if case.round != final.round:
        raise HistoryError("round", f"the revisions lead to round {case.round}, not {final.round}")
    if case.breach != final.breach:
        raise HistoryError("breach", f"the revisions lead to breach {str(case.breach).lower()}")
    for key, got, given in (
        ("first", case.first, final.first),
        ("second", case.second, final.second),
        ("agreed", case.agreed, final.agreed),
    ):
        if got != given:
            if got is None or given is None:
                has = "has none" if given is None else "has one"
                raise HistoryError(key, f"the revisions and the record differ ({has})")
            raise HistoryError(key, f"not the {key} entry the revisions made")


def figures_of(record: ProtocolRecord) -> Sequence[Figures]:
    """The figures a record's revisions carry (what its checks compare)."""
    return [r.figures for r in record.revisions if r.figures is not None]
