"""Every table and tree model passes pytest-qt's model tester, with real data in it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pytestqt.modeltest import ModelTester

from kztally.domain.entry import Entry, State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.ui.compare import CompareModel
from kztally.ui.history import HistoryModel
from kztally.ui.language import Language
from kztally.ui.missing import MissingModel
from kztally.ui.navigator import AreaTreeModel, BallotType
from kztally.ui.ports import Revision
from kztally.ui.results import ChildrenModel, DistrictModel, ListModel
from kztally.ui.results_data import ResultsCalculator

from .elections import build_election
from .test_entry_flow import CLEAN, P2, enter

AT = dt.datetime(2023, 3, 19, 21, 0, tzinfo=dt.UTC)


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
    compare.set_entries(election, contest, Entry(a, "clerk1", AT), Entry(b, "clerk2", AT))
    qtmodeltester.check(compare)
    assert compare.differing() == ["MZ-L-ossdp"]
    history = HistoryModel(lang)
    history.set_revisions(
        [
            Revision(AT, "clerk1", "first_entry", 1, figures=a),
            Revision(AT, "boss", "accept_breach", 1, reason="recount", reference="Act 3"),
        ]
    )
    qtmodeltester.check(history)


def test_results_and_missing_models(
    qtmodeltester: ModelTester, lang: Language, services: Callable[..., Services]
) -> None:
    from kztally.ui.backend import ServicesBackend

    enter(services("clerk1"), P2, CLEAN)
    enter(services("clerk2"), P2, CLEAN)
    backend = ServicesBackend(services("boss", Role.SUPERVISOR))
    snap = ResultsCalculator(backend).compute(backend.election.bodies[0].id, AreaCode("KZ"))
    lists = ListModel(lang)
    lists.set_result(backend.election, snap.here.lists, snap.seats.lists)
    qtmodeltester.check(lists)
    districts = DistrictModel(lang)
    districts.set_rows(backend.election, snap.seats.districts)
    qtmodeltester.check(districts)
    children = ChildrenModel(lang)
    main = snap.here.lists.contest if snap.here.lists else None
    children.set_rows(backend.election, main, snap.children)
    qtmodeltester.check(children)
    missing = MissingModel(backend.election, lang)
    states = backend.states()
    missing.set_rows([(k, states.get(k, State.NOT_ENTERED)) for k in states])
    qtmodeltester.check(missing)
