"""Every table and tree model passes pytest-qt's model tester, with real data in it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pytestqt.modeltest import ModelTester

from kztally.domain.entry import EntryKind, State, Transition
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.entry import EntryView, RevisionView
from kztally.ui.compare import CompareModel
from kztally.ui.history import HistoryModel
from kztally.ui.language import Language
from kztally.ui.missing import MissingModel
from kztally.ui.navigator import AreaTreeModel, BallotType
from kztally.ui.results import ChildrenModel, DistrictModel, ListModel
from kztally.ui.results_data import ResultsCalculator

from .elections import build_election
from .test_entry_flow import CLEAN, P2, enter

AT = dt.datetime(2023, 3, 19, 21, 0, tzinfo=dt.UTC)


def revision(
    by: str,
    transition: Transition,
    role: Role,
    *,
    figures: Figures | None = None,
    reason: str = "",
    ref: str = "",
) -> RevisionView:
    return RevisionView(
        round=1,
        transition=transition,
        state=State.ACCEPTED,
        actor=by,
        role=role,
        system=None,
        at=AT,
        reason=reason,
        reference=ref,
        findings=(),
        entry_kind=None,
        entry_by=None,
        figures=figures,
        acts=frozenset(),
    )


def test_area_tree_model(qtmodeltester: ModelTester, lang: Language) -> None:
    election = build_election(regions=3, districts=2, precincts=4)
    model = AreaTreeModel(election, lang)
    states = {
        (AreaCode("P00001"), ContestId("MZ-L")): State.ACCEPTED,
        (AreaCode("P00002"), ContestId("MZ-L")): State.ENTRIES_DIFFER,
    }
    model.set_states(states)
    qtmodeltester.check(model)
    model.set_filter("1")
    qtmodeltester.check(model)
    model.set_ballot_type(BallotType.MZ_SMD)
    qtmodeltester.check(model)
    model.set_filter("")
    assert model.counts(AreaCode("KZ"))[State.NOT_ENTERED] == 24


def test_compare_and_history_models(qtmodeltester: ModelTester, lang: Language) -> None:
    election = build_election()
    contest = election.contest("MZ-L")
    a = Figures((1000, 900, 800, 12, 88, 790, 10, 8), (500, 100, 50, 50, 20, 30, 20), 12)
    b = Figures((1000, 900, 800, 12, 88, 790, 10, 8), (500, 100, 50, 50, 20, 30, 21), 12)
    compare = CompareModel(lang)
    compare.set_entries(
        election,
        contest,
        EntryView(a, frozenset(), "clerk1", AT, EntryKind.FIRST),
        EntryView(b, frozenset(), "clerk2", AT, EntryKind.SECOND),
    )
    qtmodeltester.check(compare)
    assert compare.differing() == ["MZ-L-ossdp"]
    history = HistoryModel(lang)
    history.set_revisions(
        [
            revision("clerk1", Transition.FIRST_ENTRY, Role.CLERK, figures=a),
            revision(
                "boss", Transition.ACCEPT_BREACH, Role.SUPERVISOR, reason="recount", ref="Act 3"
            ),
        ]
    )
    qtmodeltester.check(history)


def test_results_and_missing_models(
    qtmodeltester: ModelTester, lang: Language, services: Callable[..., Services]
) -> None:
    enter(services("clerk1"), P2, CLEAN)
    enter(services("clerk2"), P2, CLEAN)
    boss = services("boss", Role.SUPERVISOR)
    election = boss.elections.require()
    for area in ("KZ", "R01"):  # the whole constituency, and a part of it
        snap = ResultsCalculator(boss).compute(election.bodies[0].id, AreaCode(area))
        lists = ListModel(lang)
        lists.set_result(election, snap.here.lists)
        qtmodeltester.check(lists)
        assert lists.whole is (area == "KZ")
        districts = DistrictModel(lang)
        districts.set_rows(election, snap.here.districts)
        qtmodeltester.check(districts)
        children = ChildrenModel(lang)
        children.set_rows(election, snap.children)
        qtmodeltester.check(children)
    missing = MissingModel(election, lang)
    states = boss.entry.states()
    missing.set_rows([(k, states.get(k, State.NOT_ENTERED)) for k in states])
    qtmodeltester.check(missing)
