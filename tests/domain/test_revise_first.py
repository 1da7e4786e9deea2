"""A clerk corrects their own first entry before the second entry (`revise_first`): who
may, when, what it leaves, and how the stored history replays it (`derive`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from kztally.domain.audit import ReplayError, RevisionFacts, derive
from kztally.domain.entry import (
    Actor,
    Case,
    Checker,
    Entry,
    EntryKind,
    State,
    Transition,
    TransitionError,
    allowed,
    enter,
    entry_about,
    resolve,
    revise_first,
    send_back,
)
from kztally.domain.protocol import Act, Figures
from kztally.domain.rules import RULES_2023, Role

TZ = dt.timezone(dt.timedelta(hours=6))
T1 = dt.datetime(2023, 3, 19, 22, 0, tzinfo=TZ)
T2 = dt.datetime(2023, 3, 19, 22, 10, tzinfo=TZ)
T3 = dt.datetime(2023, 3, 19, 22, 30, tzinfo=TZ)
ALIYA = Actor("aliya", Role.CLERK)
BOLAT = Actor("bolat", Role.CLERK)
DANA = Actor("dana", Role.SUPERVISOR)


def mistyped(clean: Figures) -> Figures:
    """The clean figures with line 6 mistyped: K ratios break."""
    return replace(clean, lines=(*clean.lines[:5], clean.lines[5] + 9, *clean.lines[6:]))


def first_made(figures: Figures, check: Checker) -> Case:
    return enter(Case(), Entry(figures, "aliya", T1), ALIYA, check).case


def test_the_own_clerk_corrects_the_first_entry_and_the_second_then_agrees(
    clean: Figures, check: Checker
) -> None:
    case = first_made(mistyped(clean), check)
    assert [f.code for f in check(mistyped(clean), frozenset()) if f.code.startswith("K")]
    step = revise_first(case, Entry(clean, "aliya", T2), ALIYA)
    assert step.transitions == (Transition.REVISE_FIRST,)
    assert step.case.state is State.FIRST_ENTRY
    assert step.case.first == Entry(clean, "aliya", T2, kind=EntryKind.FIRST)
    assert (step.case.second, step.case.agreed) == (None, None)
    assert entry_about(Transition.REVISE_FIRST, step.case) is step.case.first
    # the second clerk types what the paper says: it agrees with the corrected entry
    second = enter(step.case, Entry(clean, "bolat", T3), BOLAT, check)
    assert second.case.state is State.ACCEPTED
    assert second.transitions == (Transition.SECOND_ENTRY, Transition.ACCEPT)


def test_a_corrected_first_entry_may_be_corrected_again(clean: Figures, check: Checker) -> None:
    case = first_made(clean, check)
    once = revise_first(case, Entry(mistyped(clean), "aliya", T2), ALIYA).case
    twice = revise_first(once, Entry(clean, "aliya", T3), ALIYA).case
    assert twice.first is not None and twice.first.figures == clean and twice.first.at == T3


@pytest.mark.parametrize(
    ("actor", "by", "code"),
    [
        (BOLAT, "bolat", "own_first"),  # another clerk
        (BOLAT, "aliya", "own_first"),  # another clerk, in the first clerk's name
        (DANA, "dana", "own_first"),  # a supervisor decides, never revises the clerk's entry
        (Actor("erlan", Role.OBSERVER), "erlan", "role"),
    ],
)
def test_nobody_else_revises_the_first_entry(
    clean: Figures, check: Checker, actor: Actor, by: str, code: str
) -> None:
    case = first_made(mistyped(clean), check)
    with pytest.raises(TransitionError) as err:
        revise_first(case, Entry(clean, by, T2), actor)
    assert err.value.code == code


def test_the_same_figures_are_no_correction(clean: Figures, check: Checker) -> None:
    case = first_made(clean, check)
    with pytest.raises(TransitionError) as err:
        revise_first(case, Entry(clean, "aliya", T2), ALIYA)
    assert err.value.code == "unchanged"
    acts = frozenset({Act.MOBILE_BOX_EXCESS})
    assert revise_first(case, Entry(clean, "aliya", T2, acts), ALIYA).case.first is not None


def test_not_before_a_first_entry_nor_after_the_second(clean: Figures, check: Checker) -> None:
    with pytest.raises(TransitionError) as err:
        revise_first(Case(), Entry(clean, "aliya", T1), ALIYA)
    assert err.value.code == "state"
    case = first_made(mistyped(clean), check)
    differ = enter(case, Entry(clean, "bolat", T2), BOLAT, check).case
    assert differ.state is State.ENTRIES_DIFFER
    with pytest.raises(TransitionError) as err:
        revise_first(differ, Entry(clean, "aliya", T3), ALIYA)
    assert err.value.code == "state"
    settled = resolve(differ, EntryKind.SECOND, DANA, check).case
    with pytest.raises(TransitionError):
        revise_first(settled, Entry(clean, "aliya", T3), ALIYA)
    # sent back, the protocol is entered anew: a new first entry, not a revision
    anew = send_back(differ, DANA).case
    with pytest.raises(TransitionError) as err:
        revise_first(anew, Entry(clean, "aliya", T3), ALIYA)
    assert err.value.code == "state"


def test_allowed_offers_it_to_the_first_clerk_only(clean: Figures, check: Checker) -> None:
    case = first_made(clean, check)
    assert allowed(case, ALIYA, RULES_2023) == {Transition.REVISE_FIRST}
    assert allowed(case, BOLAT, RULES_2023) == {Transition.SECOND_ENTRY}
    assert Transition.REVISE_FIRST not in allowed(case, DANA, RULES_2023)
    assert allowed(case, Actor("erlan", Role.OBSERVER), RULES_2023) == frozenset()


def facts(
    n: int, t: Transition, s: State, entry: int | None, kind: EntryKind | None
) -> RevisionFacts:
    return RevisionFacts(n, 1, t, s, "", entry, kind)


def test_derive_takes_the_revised_entry_as_the_first() -> None:
    history = [
        facts(1, Transition.FIRST_ENTRY, State.FIRST_ENTRY, 1, EntryKind.FIRST),
        facts(2, Transition.REVISE_FIRST, State.FIRST_ENTRY, 2, EntryKind.FIRST),
        facts(3, Transition.REVISE_FIRST, State.FIRST_ENTRY, 3, EntryKind.FIRST),
    ]
    d = derive(history)
    assert (d.state, d.first, d.second, d.agreed) == (State.FIRST_ENTRY, 3, None, None)
    d = derive([*history, facts(4, Transition.SECOND_ENTRY, State.PENDING, 4, EntryKind.SECOND)])
    assert (d.state, d.first, d.second, d.agreed) == (State.PENDING, 3, 4, 4)


@pytest.mark.parametrize(
    "history",
    [
        # before any first entry
        [facts(1, Transition.REVISE_FIRST, State.FIRST_ENTRY, 1, EntryKind.FIRST)],
        # after the second entry
        [
            facts(1, Transition.FIRST_ENTRY, State.FIRST_ENTRY, 1, EntryKind.FIRST),
            facts(2, Transition.SECOND_ENTRY, State.ENTRIES_DIFFER, 2, EntryKind.SECOND),
            facts(3, Transition.REVISE_FIRST, State.FIRST_ENTRY, 3, EntryKind.FIRST),
        ],
        # an entry of another kind
        [
            facts(1, Transition.FIRST_ENTRY, State.FIRST_ENTRY, 1, EntryKind.FIRST),
            facts(2, Transition.REVISE_FIRST, State.FIRST_ENTRY, 2, EntryKind.CORRECTION),
        ],
        # a state it does not lead to
        [
            facts(1, Transition.FIRST_ENTRY, State.FIRST_ENTRY, 1, EntryKind.FIRST),
            facts(2, Transition.REVISE_FIRST, State.PENDING, 2, EntryKind.FIRST),
        ],
    ],
)
def test_derive_refuses_a_revision_out_of_place(history: list[RevisionFacts]) -> None:
    with pytest.raises(ReplayError):
        derive(history)
