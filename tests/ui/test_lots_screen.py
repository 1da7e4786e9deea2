"""The Ties and lots screen: it shows the tied lists with their votes and remainder, a
supervisor puts them in the order drawn, names the witnesses and the act, and the seat
is allocated; the results view says how each tie was settled. A clerk sees the ties
but has no form."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kztally.domain.election import Election
from kztally.domain.rules import Role
from kztally.ui.language import Language
from kztally.ui.lots import LotsDialog
from kztally.ui.main_window import MainWindow
from tests.ties import enter_ties, tie_election

from .conftest import ServicesFactory

SHOTS = os.environ.get("KZTALLY_SCREENSHOTS")
"""A folder to keep the screenshots in (they are taken and checked either way)."""


@pytest.fixture
def election() -> Election:
    return tie_election()


def shot(widget: object, tmp_path: Path, name: str) -> Path:
    from PySide6.QtWidgets import QApplication, QWidget

    assert isinstance(widget, QWidget)
    QApplication.processEvents()  # the layout follows the new texts
    folder = Path(SHOTS) if SHOTS else tmp_path
    path = folder / name
    assert widget.grab().save(str(path))
    return path


def test_a_supervisor_records_a_drawing_and_the_seat_is_allocated(
    qtbot: QtBot, lang: Language, services: ServicesFactory, tmp_path: Path
) -> None:
    sup = enter_ties(services)
    dialog = LotsDialog(lang, sup)
    qtbot.addWidget(dialog)
    dialog.resize(820, 640)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.ties.count() == 2
    assert "equal remainders for 1 seat(s)" in dialog.ties.item(0).text()
    assert "not settled: a lot must be drawn" in dialog.ties.item(0).text()
    table = dialog.table
    assert [table.item(r, 0).text() for r in range(2)] == ["List B", "List C"]
    assert [table.item(r, 1).text() for r in range(2)] == ["150", "150"]
    assert table.item(0, 2).text() == "4/11"
    assert dialog.form.isVisible()
    shot(dialog, tmp_path, "lots-open.png")

    # the draw: List C first
    dialog.order.setCurrentRow(1)
    qtbot.mouseClick(dialog.up, Qt.MouseButton.LeftButton)
    assert dialog.drawn_order() == ["L-C", "L-B"]
    # a missing witness is refused, in words, and nothing is recorded
    dialog.reference.setText("Act 1")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Name at least one witness of the drawing."
    assert sup.lots.draws() == ()

    dialog.witnesses.setPlainText("Айгүл Сәрсенова\nObserver Two\n")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Drawing of lots #1 recorded."
    assert "by lot (act Act 1): List C" in dialog.ties.item(0).text()
    assert "Айгүл Сәрсенова" in dialog.history.text()
    assert sup.lots.draws()[0].order == ("L-C", "L-B")
    shot(dialog, tmp_path, "lots-drawn.png")


def test_the_results_view_shows_the_ties_and_opens_the_screen(
    qtbot: QtBot, window: object, services: ServicesFactory, tmp_path: Path
) -> None:
    enter_ties(services)
    make = window
    assert callable(make)
    w: MainWindow = make("sup", Role.SUPERVISOR)
    w.tabs.setCurrentWidget(w.results)
    with qtbot.waitSignal(w.results.computed, timeout=10_000):
        w.results.refresh(force=True)
    text = w.results.ties_label.text()
    assert "Tie: Mazhilis lists: List B, List C" in text
    assert "not settled: a lot must be drawn (“Ties and lots…”)" in text
    assert w.results.lots_button.isVisible()
    shot(w, tmp_path, "results-ties.png")
    sup = services("sup")
    sup.lots.draw("MZ-L", ["L-B", "L-C"], ["Observer One"], "Act 7")
    with qtbot.waitSignal(w.results.computed, timeout=10_000):
        w.results.refresh(force=True)
    assert "by lot (act Act 7): List B" in w.results.ties_label.text()
    assert [r.seats for r in w.results.list_model.rows] == [2, 2, 1]


def test_a_clerk_sees_the_ties_and_no_form(
    qtbot: QtBot, lang: Language, services: ServicesFactory
) -> None:
    enter_ties(services)
    dialog = LotsDialog(lang, services("c1"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.ties.count() == 2
    assert not dialog.form.isVisible()
    assert "Only a supervisor or an administrator" in dialog.message.text()
