"""The Designations screen: every party list with seats, who takes them (the
alphabetical fallback until the party decides), the 30% notices; a supervisor picks the
persons in the party's order and records the decision, which the service and the audit
log then hold; a refusal of the service is shown in words and records nothing. A clerk
sees the lists and no form; the View menu and the results view open the screen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from kztally.domain.audit import EventCode
from kztally.domain.election import Election
from kztally.domain.rules import Role
from kztally.ui.designations import DesignationsDialog
from kztally.ui.language import Language
from kztally.ui.main_window import MainWindow
from tests.ties import MZL, enter_ties, tie_election

from .conftest import ServicesFactory
from .test_lots_screen import shot


@pytest.fixture
def election() -> Election:
    return tie_election()


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_supervisor_records_a_designation(
    qtbot: QtBot, lang: Language, services: ServicesFactory, tmp_path: Path
) -> None:
    sup = enter_ties(services)
    dialog = DesignationsDialog(lang, sup)
    qtbot.addWidget(dialog)
    dialog.resize(860, 760)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert [table.item(r, 1).text() for r in range(table.rowCount())] == [
        "List A",
        "List B",
        "List C",
    ]
    assert [table.item(r, 2).text() for r in range(3)] == ["2", "1", "1"]
    # no decision yet: the seats go in Kazakh alphabetical order (А before Ә)
    assert table.item(0, 3).text() == "Абаев Нұрлан, Әлиева Бота"
    assert table.item(0, 4).text() == "no decision: alphabetical order"
    assert "P2: The party did not designate its deputies in time" in dialog.details.text()
    assert "No decision recorded yet." in dialog.history.text()
    assert dialog.form.isVisible()
    assert dialog.designated() == ["Абаев Нұрлан", "Әлиева Бота"]
    shot(dialog, tmp_path, "designations-fallback.png")

    # the party's order: Сейітов first, then Әлиева; Абаев leaves the draft
    dialog.chosen.setCurrentRow(0)
    click(qtbot, dialog.remove_button)
    assert dialog.designated() == ["Әлиева Бота"]
    assert dialog.members.item(0).text() == "Сейітов Ерлан"  # back in list order
    assert dialog.members.item(1).text() == "Абаев Нұрлан"
    dialog.members.setCurrentRow(0)
    click(qtbot, dialog.add_button)
    dialog.chosen.setCurrentRow(1)
    click(qtbot, dialog.up)
    assert dialog.designated() == ["Сейітов Ерлан", "Әлиева Бота"]
    assert dialog.share.text().startswith("2 person(s) for 2 seat(s); 1 of them (50%)")
    dialog.reference.setText("Decision 4")
    click(qtbot, dialog.record_button)
    assert dialog.message.text() == "Designation #1 recorded."

    (view, *_) = sup.lots.designations()
    assert view.record is not None and view.record.reference == "Decision 4"
    assert [p.name for p in view.designation.persons] == ["Сейітов Ерлан", "Әлиева Бота"]
    (event,) = [e for e in sup.audit.show() if e.code == EventCode.DESIGNATION_RECORDED]
    assert json.loads(event.content)["persons"] == ["Сейітов Ерлан", "Әлиева Бота"]
    assert sup.audit.verify().holds

    assert table.item(0, 3).text() == "Сейітов Ерлан, Әлиева Бота"
    assert table.item(0, 4).text() == "party decision Decision 4"
    assert "Party decision Decision 4; recorded by sup" in dialog.details.text()
    assert "1 of 2 (50%); at least 30% required" in dialog.details.text()
    assert "Әлиева Бота (woman)" in dialog.details.text()
    assert "#1: Сейітов Ерлан, Әлиева Бота; decision Decision 4; sup" in dialog.history.text()
    shot(dialog, tmp_path, "designations-recorded.png")


def test_a_refusal_is_shown_in_words_and_nothing_is_recorded(
    qtbot: QtBot, lang: Language, services: ServicesFactory
) -> None:
    sup = enter_ties(services)
    dialog = DesignationsDialog(lang, sup)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # no reference
    click(qtbot, dialog.record_button)
    assert dialog.message.text() == "The request is not valid. reference is required"
    # nobody designated
    while dialog.chosen.count():
        dialog.chosen.setCurrentRow(0)
        click(qtbot, dialog.remove_button)
    dialog.reference.setText("Decision 9")
    click(qtbot, dialog.record_button)
    assert dialog.message.text() == (
        "The request is not valid. a designation names at least one person"
    )
    # three persons for two seats
    for _ in range(3):
        dialog.members.setCurrentRow(0)
        click(qtbot, dialog.add_button)
    click(qtbot, dialog.record_button)
    assert dialog.message.text().endswith("3 persons for 2 seat(s) of L-A in MZ-L")
    assert dialog.share.styleSheet() == ""
    assert sup.lots.designation_history() == ()
    assert not [e for e in sup.audit.show() if e.code == EventCode.DESIGNATION_RECORDED]


def test_the_draft_says_when_the_30_percent_rule_is_not_met(
    qtbot: QtBot, lang: Language, services: ServicesFactory
) -> None:
    sup = enter_ties(services)
    sup.lots.designate(MZL, "L-A", ["Сейітов Ерлан", "Абаев Нұрлан"], "Decision 5")
    dialog = DesignationsDialog(lang, sup)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "P1: Only 0.0% of the designated deputies" in dialog.details.text()
    assert dialog.table.item(0, 0).foreground().color() == QColor(Qt.GlobalColor.darkRed)
    assert dialog.share.text().startswith("2 person(s) for 2 seat(s); 0 of them (0%)")
    assert dialog.share.styleSheet() != ""


def test_a_clerk_sees_the_lists_and_no_form(
    qtbot: QtBot, lang: Language, services: ServicesFactory
) -> None:
    enter_ties(services)
    dialog = DesignationsDialog(lang, services("c1"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.table.rowCount() == 3
    assert not dialog.form.isVisible()
    assert dialog.message.text() == "Only a supervisor or an administrator records a designation."


def test_the_screen_in_kazakh(
    qtbot: QtBot, lang: Language, services: ServicesFactory, tmp_path: Path
) -> None:
    sup = enter_ties(services)
    lang.set("kk")
    dialog = DesignationsDialog(lang, sup)
    qtbot.addWidget(dialog)
    dialog.resize(860, 760)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Партиялардың депутаттарды белгілеуі"
    assert dialog.table.item(0, 4).text() == "шешім жоқ: әліпби ретімен"
    path = shot(dialog, tmp_path, "designations-kk.png")
    assert not QImage(str(path)).isNull()


def test_the_view_menu_and_the_results_view_open_the_screen(
    qtbot: QtBot, window: object, services: ServicesFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    enter_ties(services)
    make = window
    assert callable(make)
    w: MainWindow = make("sup", Role.SUPERVISOR)
    opened: list[DesignationsDialog] = []
    monkeypatch.setattr(DesignationsDialog, "exec", lambda self: opened.append(self) or 0)
    assert w.designations_action.text() == "Designations of deputies…"
    w.designations_action.trigger()
    assert len(opened) == 1 and opened[0].table.rowCount() == 3
    w.tabs.setCurrentWidget(w.results)
    with qtbot.waitSignal(w.results.computed, timeout=10_000):
        w.results.refresh(force=True)
    button = w.results.designations_button
    assert button.isVisible() and button.text() == "Designations of deputies…"
    click(qtbot, button)
    assert len(opened) == 2
