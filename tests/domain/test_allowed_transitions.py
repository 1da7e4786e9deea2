"""`allowed` offers exactly the transitions the machine would take: for every state, role
and kind of findings, a transition is allowed if and only if trying it is not refused for
the state, the role, the same clerk or the kind of breach."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

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
    accept,
    allowed,
    annul,
    enter,
    recount,
    resolve,
    send_back,
)
from kztally.domain.protocol import Figures
from kztally.domain.rules import RULES_2023, Role

T = dt.datetime(2023, 3, 19, 22, 0, tzinfo=dt.UTC)
ACTORS = [
    Actor("aliya", Role.CLERK),  # made the first entry
    Actor("bolat", Role.CLERK),
    Actor("dana", Role.SUPERVISOR),
    *(Actor(r.value, r) for r in Role if r not in (Role.CLERK, Role.SUPERVISOR)),
]


def cases(clean: Figures) -> list[tuple[str, Case, Figures]]:
    """A case in every state, the pending one twice: with a warning (W2) and with a
    broken control ratio (K4, a supervisor's to accept on an act)."""
    first = Entry(clean, "aliya", T)
    other = Entry(replace(clean, against_all=9), "bolat", T, kind=EntryKind.SECOND)
    warned = replace(clean, lines=(720, *clean.lines[1:]))
    broken = replace(clean, against_all=9)
    out = [
        ("not_entered", Case(), clean),
        ("first_entry", Case(State.FIRST_ENTRY, first=first), clean),
        ("entries_differ", Case(State.ENTRIES_DIFFER, first=first, second=other), clean),
        ("accepted", Case(State.ACCEPTED, first=first, second=first, agreed=first), clean),
        ("annulled", Case(State.ANNULLED, first=first, second=first, agreed=first), clean),
    ]
    for name, figures in (("warned", warned), ("broken", broken)):
        agreed = Entry(figures, "bolat", T)
        out.append((f"pending_{name}", Case(State.PENDING, first=agreed, agreed=agreed), figures))
    return out


def attempts(
    case: Case, actor: Actor, check: Checker, figures: Figures
) -> dict[Transition, Callable[[], Step]]:
    findings = check(figures, frozenset())
    new = Entry(figures, actor.user, T)
    return {
        Transition.FIRST_ENTRY: lambda: enter(case, new, actor, check),
        Transition.SECOND_ENTRY: lambda: enter(case, new, actor, check),
        Transition.KEEP_FIRST: lambda: resolve(case, EntryKind.FIRST, actor, check),
        Transition.KEEP_SECOND: lambda: resolve(case, EntryKind.SECOND, actor, check),
        Transition.CORRECT: lambda: resolve(case, EntryKind.CORRECTION, actor, check, new),
        Transition.SEND_BACK: lambda: send_back(case, actor),
        Transition.ACCEPT_WARNINGS: lambda: accept(case, actor, RULES_2023, findings, "r", "a"),
        Transition.ACCEPT_BREACH: lambda: accept(case, actor, RULES_2023, findings, "r", "a"),
        Transition.RECOUNT: lambda: recount(case, actor),
        Transition.ANNUL: lambda: annul(case, actor),
    }


def test_allowed_is_what_the_machine_takes(clean: Figures, check: Checker) -> None:
    checked = 0
    for name, case, figures in cases(clean):
        findings = check(figures, frozenset()) if case.state is State.PENDING else ()
        for actor in ACTORS:
            may = allowed(case, actor, RULES_2023, findings)
            for transition, attempt in attempts(case, actor, check, figures).items():
                try:
                    step = attempt()
                except TransitionError:
                    taken = False
                else:  # (an entry in first_entry is a second entry, not a first)
                    taken = transition in step.transitions
                assert (transition in may) == taken, (name, actor, transition)
                checked += 1
    assert checked == 7 * len(ACTORS) * 10


def test_an_accepted_protocol_cannot_be_sent_back_or_accepted_again(clean: Figures) -> None:
    first = Entry(clean, "aliya", T)
    case = Case(State.ACCEPTED, first=first, second=first, agreed=first)
    may = allowed(case, Actor("dana", Role.SUPERVISOR), RULES_2023)
    assert may == {Transition.RECOUNT, Transition.ANNUL}
    assert allowed(case, Actor("aliya", Role.CLERK), RULES_2023) == frozenset()
