"""The results view follows the law when drilling down: a region shows the Mazhilis lists'
votes and shares there, says that the seats are allocated nationally, and shows no
threshold and no seats; a district's winner is named only where the whole district is."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kztally.domain.election import Election
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.ui.main_window import MainWindow

from .conftest import ServicesFactory
from .elections import build_election

# Region R01 leans to the second list; the country as a whole does not.
LIST_VOTES = {
    1: (300, 200, 40, 30, 10, 20, 15),
    2: (310, 190, 42, 28, 12, 21, 14),
    3: (290, 210, 38, 31, 9, 22, 16),
    4: (305, 205, 41, 29, 11, 19, 13),
    5: (295, 195, 39, 32, 10, 23, 17),
    6: (315, 185, 43, 27, 8, 18, 12),
    7: (500, 20, 60, 50, 5, 40, 30),
    8: (510, 25, 58, 48, 6, 41, 29),
}


@pytest.fixture
def election() -> Election:
    return build_election(regions=2, districts=2, precincts=3, training=True)


def figures(electorate: int, boxes: int, votes: tuple[int, ...]) -> Figures:
    lines = (electorate, electorate, boxes, 0, electorate - boxes, boxes, 0, 0)
    return Figures(lines, votes, boxes - sum(votes))


def accept_some(services: ServicesFactory, election: Election) -> None:
    """Every protocol of precincts 1-8: all of R01 (1-6) and two of R02's six."""
    c1, c2 = services("clerk1", Role.CLERK), services("clerk2", Role.CLERK)
    for n, votes in LIST_VOTES.items():
        precinct = AreaCode(f"P{n:05d}")
        area = election.area(precinct)
        electorate = area.electorate or 0
        boxes = 750 + n
        for contest in area.contests:
            f = (
                figures(electorate, boxes, votes)
                if contest == "MZ-L"
                else figures(electorate, boxes, (400 + n, 200, 50))
            )
            for clerk in (c1, c2):
                version = clerk.entry.view(precinct, contest).version
                state = clerk.entry.enter(precinct, contest, f, expected_version=version).state
            assert state is State.ACCEPTED, clerk.entry.view(precinct, contest).findings


def show(qtbot: QtBot, w: MainWindow, area: str) -> None:
    with qtbot.waitSignal(w.results.computed, timeout=10000):
        w.results.show_area(area)


def test_a_region_shows_its_shares_and_says_the_seats_are_national(
    qtbot: QtBot,
    window: object,
    services: ServicesFactory,
    election: Election,
    tmp_path: Path,
) -> None:
    accept_some(services, election)
    assert callable(window)
    w: MainWindow = window("boss", Role.SUPERVISOR)
    w.tabs.setCurrentWidget(w.results)
    view = w.results

    show(qtbot, w, "KZ")
    assert view.list_model.whole
    national = [r.seats for r in view.list_model.rows]
    assert sum(s or 0 for s in national) == 69
    assert not view.list_table.isColumnHidden(3)

    show(qtbot, w, "R01")
    model = view.list_model
    assert not model.whole
    assert [r.votes for r in model.rows] == [
        sum(LIST_VOTES[n][i] for n in range(1, 7)) for i in range(7)
    ]
    assert all(r.seats is None and r.qualified is None for r in model.rows)
    assert view.list_table.isColumnHidden(3)  # no seats column for a part
    below = [i for i, r in enumerate(model.rows) if r.share < election.rules.threshold]
    assert below, "a list under 5% in the region"
    for i in below:  # shown plainly: no grey 'below the threshold', no seats
        index = model.index(i, 3)
        assert model.data(index) == ""
        assert model.data(model.index(i, 1), Qt.ItemDataRole.ForegroundRole) is None
        assert "whole constituency" in str(model.data(index, Qt.ItemDataRole.ToolTipRole))
    note = view.notices.text()
    assert view.notices.isVisibleTo(view)
    assert "whole constituency only (Қазақстан)" in note and "6 of 12 precincts" in note
    assert "whole constituency" in view.chamber_title.text()
    # the region holds its whole Mazhilis district: the winner is named
    (district,) = view.district_model.rows
    assert district.result is not None and district.result.winner is not None
    assert view.district_model.data(view.district_model.index(0, 1)) == "Әлібек Нұрланұлы"
    # the chamber is the whole body's, as allocated over the country
    assert sum(g.seats for g in view.hemicycle.groups) == 69 + 2

    shot = tmp_path / "results-region.png"
    assert view.grab().save(str(shot))
    assert shot.stat().st_size > 10_000

    # a district of the region holds half of the Mazhilis district: partial sums only
    show(qtbot, w, "R01-D01")
    (part,) = view.district_model.rows
    assert part.result is None and part.totals.protocols == 3
    text = view.district_model.data(view.district_model.index(0, 1))
    assert text == "partial: 3 of 6 precincts here; the winner is decided over the whole district"
    assert view.district_model.data(view.district_model.index(0, 3)) == ""

    # drilling into the country from the region's parent goes back to seats
    show(qtbot, w, "KZ")
    assert [r.seats for r in view.list_model.rows] == national
