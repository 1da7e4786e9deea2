"""The double-entry state machine: every transition and every refusal."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from kztally.domain.election import Contest
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
    annul,
    enter,
    recount,
    resolve,
    send_back,
)
from kztally.domain.protocol import Act, Figures, Finding
from kztally.domain.rules import RULES_2023, Role

TZ = dt.timezone(dt.timedelta(hours=6))
T1 = dt.datetime(2023, 3, 19, 22, 0, tzinfo=TZ)
T2 = dt.datetime(2023, 3, 19, 22, 30, tzinfo=TZ)

ALIYA = Actor("aliya", Role.CLERK)
BOLAT = Actor("bolat", Role.CLERK)
SUPERVISOR = Actor("dana", Role.SUPERVISOR)
OBSERVER = Actor("erlan", Role.OBSERVER)


def entry(figures: Figures, by: str = "aliya", at: dt.datetime = T1, **kw: object) -> Entry:
    return Entry(figures, by, at, **kw)  # type: ignore[arg-type]


def broken_k4(clean: Figures) -> Figures:
    return replace(clean, against_all=9)


def warned(clean: Figures) -> Figures:
    """Clean but for W2: 710 in the boxes of 720 on the list."""
    return replace(clean, lines=(720, *clean.lines[1:]))


def k6(clean: Figures) -> Figures:
    return replace(clean, against_all=None)


def first(clean: Figures, check: Checker, figures: Figures | None = None) -> Case:
    return enter(Case(), entry(figures or clean), ALIYA, check).case


def test_first_entry(clean: Figures, check: Checker) -> None:
    step = enter(Case(), entry(clean), ALIYA, check)
    assert step == Step(
        Case(State.FIRST_ENTRY, 1, first=entry(clean, kind=EntryKind.FIRST)),
        (Transition.FIRST_ENTRY,),
    )


def test_an_agreeing_clean_second_entry_is_accepted_at_once(clean: Figures, check: Checker) -> None:
    case = first(clean, check)
    step = enter(case, entry(clean, "bolat", T2), BOLAT, check)
    second = entry(clean, "bolat", T2, kind=EntryKind.SECOND)
    assert step == Step(
        Case(State.ACCEPTED, 1, first=case.first, second=second, agreed=second),
        (Transition.SECOND_ENTRY, Transition.ACCEPT),
    )


def test_agreeing_entries_with_findings_wait_for_a_decision(clean: Figures, check: Checker) -> None:
    case = first(clean, check, warned(clean))
    step = enter(case, entry(warned(clean), "bolat", T2), BOLAT, check)
    assert step.case.state is State.PENDING
    assert step.transitions == (Transition.SECOND_ENTRY,)
    assert [f.code for f in step.findings] == ["W2", "W8"]
    assert step.case.agreed == step.case.second


def test_entries_always_record_the_paper_even_when_k6_fails(clean: Figures, check: Checker) -> None:
    case = first(clean, check, k6(clean))
    step = enter(case, entry(k6(clean), "bolat", T2), BOLAT, check)
    assert step.case.state is State.PENDING
    assert step.case.agreed is not None
    assert step.case.agreed.figures.against_all is None


def test_differing_entries(clean: Figures, check: Checker, mz_l: Contest) -> None:
    case = first(clean, check)
    step = enter(case, entry(broken_k4(clean), "bolat", T2), BOLAT, check)
    assert step.case.state is State.ENTRIES_DIFFER
    assert step.transitions == (Transition.SECOND_ENTRY,)
    assert step.case.agreed is None
    assert clean.differing_fields(broken_k4(clean), mz_l) == ("against_all",)


def test_entries_that_differ_only_in_acts_differ(clean: Figures, check: Checker) -> None:
    case = first(clean, check)
    other = entry(clean, "bolat", T2, acts=frozenset({Act.MOBILE_BOX_EXCESS}))
    assert enter(case, other, BOLAT, check).case.state is State.ENTRIES_DIFFER


def differ(clean: Figures, check: Checker) -> Case:
    case = first(clean, check)
    return enter(case, entry(broken_k4(clean), "bolat", T2), BOLAT, check).case


def test_keep_first(clean: Figures, check: Checker) -> None:
    case = differ(clean, check)
    step = resolve(case, EntryKind.FIRST, SUPERVISOR, check)
    assert step.case.state is State.ACCEPTED
    assert step.case.agreed == case.first
    assert step.transitions == (Transition.KEEP_FIRST, Transition.ACCEPT)


def test_keep_second(clean: Figures, check: Checker) -> None:
    case = differ(clean, check)
    step = resolve(case, EntryKind.SECOND, SUPERVISOR, check)
    assert step.case.state is State.PENDING  # the second entry breaks K4
    assert step.case.agreed == case.second
    assert step.transitions == (Transition.KEEP_SECOND,)
    assert [f.code for f in step.findings] == ["K4"]


def test_correct_differing_entries(clean: Figures, check: Checker) -> None:
    case = differ(clean, check)
    fixed = entry(clean, "dana", T2)
    step = resolve(case, EntryKind.CORRECTION, SUPERVISOR, check, fixed)
    assert step.case.state is State.ACCEPTED
    assert step.case.agreed == replace(fixed, kind=EntryKind.CORRECTION)
    assert step.transitions == (Transition.CORRECT, Transition.ACCEPT)


def pending(clean: Figures, check: Checker, figures: Figures) -> tuple[Case, tuple[Finding, ...]]:
    case = first(clean, check, figures)
    step = enter(case, entry(figures, "bolat", T2), BOLAT, check)
    assert step.case.state is State.PENDING
    return step.case, step.findings


def test_correct_a_pending_protocol(clean: Figures, check: Checker) -> None:
    case, _ = pending(clean, check, broken_k4(clean))
    step = resolve(case, EntryKind.CORRECTION, SUPERVISOR, check, entry(clean, "dana"))
    assert step.case.state is State.ACCEPTED


def test_a_correction_needs_figures(clean: Figures, check: Checker) -> None:
    case = differ(clean, check)
    with pytest.raises(TransitionError) as err:
        resolve(case, EntryKind.CORRECTION, SUPERVISOR, check)
    assert err.value.code == "reason"


@pytest.mark.parametrize("kind", [EntryKind.OBSERVER, EntryKind.QR])
def test_observer_and_qr_entries_do_not_resolve(
    clean: Figures, check: Checker, kind: EntryKind
) -> None:
    with pytest.raises(TransitionError) as err:
        resolve(differ(clean, check), kind, SUPERVISOR, check)
    assert err.value.code == "state"


@pytest.mark.parametrize("state", ["differ", "pending"])
def test_send_back(clean: Figures, check: Checker, state: str) -> None:
    case = differ(clean, check) if state == "differ" else pending(clean, check, warned(clean))[0]
    step = send_back(case, SUPERVISOR)
    assert step == Step(Case(State.NOT_ENTERED, 1), (Transition.SEND_BACK,))


def test_accept_warnings_with_a_reason(clean: Figures, check: Checker) -> None:
    case, findings = pending(clean, check, warned(clean))
    step = accept(case, SUPERVISOR, RULES_2023, findings, "the list was extended on the day")
    assert step.case == replace(case, state=State.ACCEPTED)
    assert step.transitions == (Transition.ACCEPT_WARNINGS,)
    assert not step.case.breach


def test_accept_a_lawful_breach_with_the_act(clean: Figures, check: Checker) -> None:
    case, findings = pending(clean, check, broken_k4(clean))
    step = accept(case, SUPERVISOR, RULES_2023, findings, "as on the paper", "act 12/2023")
    assert step.case.state is State.ACCEPTED
    assert step.case.breach
    assert step.transitions == (Transition.ACCEPT_BREACH,)


def test_a_breach_needs_the_acts_reference(clean: Figures, check: Checker) -> None:
    case, findings = pending(clean, check, broken_k4(clean))
    with pytest.raises(TransitionError) as err:
        accept(case, SUPERVISOR, RULES_2023, findings, "as on the paper", "  ")
    assert err.value.code == "act"


def test_accepting_needs_a_written_reason(clean: Figures, check: Checker) -> None:
    case, findings = pending(clean, check, warned(clean))
    with pytest.raises(TransitionError) as err:
        accept(case, SUPERVISOR, RULES_2023, findings, " ")
    assert err.value.code == "reason"


def test_k6_is_never_acceptable(clean: Figures, check: Checker) -> None:
    case, findings = pending(clean, check, k6(clean))
    assert [f.code for f in findings] == ["K6"]
    with pytest.raises(TransitionError) as err:
        accept(case, SUPERVISOR, RULES_2023, findings, "reason", "act 1")
    assert err.value.code == "breach_kind"
    assert "K6" in str(err.value)
    # not even when a rule set lists it: the default set never does
    assert "K6" not in RULES_2023.breach_acceptable


def test_recount_from_every_entered_state(clean: Figures, check: Checker) -> None:
    accepted = enter(first(clean, check), entry(clean, "bolat"), BOLAT, check).case
    for case in (first(clean, check), differ(clean, check), accepted):
        step = recount(case, SUPERVISOR)
        assert step == Step(Case(State.NOT_ENTERED, 2), (Transition.RECOUNT,))
    assert recount(Case(State.FIRST_ENTRY, 2), SUPERVISOR).case.round == 3


def test_annul_from_any_state(clean: Figures, check: Checker) -> None:
    for case in (Case(), first(clean, check), differ(clean, check)):
        step = annul(case, SUPERVISOR)
        assert step.case.state is State.ANNULLED
        assert step.transitions == (Transition.ANNUL,)


# -- refusals -------------------------------------------------------------------------------


def test_the_same_clerk_cannot_make_the_second_entry(clean: Figures, check: Checker) -> None:
    with pytest.raises(TransitionError) as err:
        enter(first(clean, check), entry(clean, "aliya", T2), ALIYA, check)
    assert err.value.code == "same_clerk"


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.TRAINER, Role.ADMINISTRATOR])
def test_only_clerks_and_supervisors_enter(clean: Figures, check: Checker, role: Role) -> None:
    with pytest.raises(TransitionError) as err:
        enter(Case(), entry(clean, "x"), Actor("x", role), check)
    assert err.value.code == "role"


def test_a_supervisor_may_enter(clean: Figures, check: Checker) -> None:
    assert enter(Case(), entry(clean, "dana"), SUPERVISOR, check).case.state is State.FIRST_ENTRY


def test_clerks_do_not_decide(clean: Figures, check: Checker) -> None:
    case = differ(clean, check)
    refusals = [
        lambda: resolve(case, EntryKind.FIRST, BOLAT, check),
        lambda: send_back(case, BOLAT),
        lambda: recount(case, BOLAT),
        lambda: annul(case, BOLAT),
    ]
    for refuse in refusals:
        with pytest.raises(TransitionError) as err:
            refuse()
        assert err.value.code == "role"


def test_clerks_and_observers_do_not_accept(clean: Figures, check: Checker) -> None:
    case, findings = pending(clean, check, warned(clean))
    breach, breach_findings = pending(clean, check, broken_k4(clean))
    for actor in (BOLAT, OBSERVER):
        with pytest.raises(TransitionError) as err:
            accept(case, actor, RULES_2023, findings, "reason")
        assert err.value.code == "role"
        with pytest.raises(TransitionError) as err:
            accept(breach, actor, RULES_2023, breach_findings, "reason", "act 1")
        assert err.value.code == "role"


def test_rules_may_let_clerks_accept_warnings(clean: Figures, check: Checker) -> None:
    rules = replace(RULES_2023, warning_acceptors=frozenset({Role.CLERK, Role.SUPERVISOR}))
    case, findings = pending(clean, check, warned(clean))
    assert accept(case, BOLAT, rules, findings, "reason").case.state is State.ACCEPTED


def test_steps_the_state_does_not_allow(clean: Figures, check: Checker) -> None:
    accepted = enter(first(clean, check), entry(clean, "bolat"), BOLAT, check).case
    annulled = annul(accepted, SUPERVISOR).case
    refusals = [
        lambda: enter(differ(clean, check), entry(clean, "carl"), Actor("carl", Role.CLERK), check),
        lambda: enter(accepted, entry(clean, "carl"), Actor("carl", Role.CLERK), check),
        lambda: enter(annulled, entry(clean, "carl"), Actor("carl", Role.CLERK), check),
        lambda: resolve(accepted, EntryKind.FIRST, SUPERVISOR, check),
        lambda: resolve(Case(), EntryKind.CORRECTION, SUPERVISOR, check, entry(clean)),
        lambda: send_back(accepted, SUPERVISOR),
        lambda: send_back(Case(), SUPERVISOR),
        lambda: accept(accepted, SUPERVISOR, RULES_2023, (), "reason"),
        lambda: accept(differ(clean, check), SUPERVISOR, RULES_2023, (), "reason"),
        lambda: recount(Case(), SUPERVISOR),
        lambda: recount(annulled, SUPERVISOR),
        lambda: annul(annulled, SUPERVISOR),
    ]
    for refuse in refusals:
        with pytest.raises(TransitionError) as err:
            refuse()
        assert err.value.code == "state"
