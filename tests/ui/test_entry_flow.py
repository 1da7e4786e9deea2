"""The double entry driven through the real widgets over real services (SQLite)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kztally import config
from kztally.domain.entry import EntryKind, State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.errors import REFUSED
from kztally.ui.dialogs import ReasonDialog
from kztally.ui.main_window import MainWindow
from kztally.ui.protocol_page import Mode

from .conftest import when_modal

CTRL = Qt.KeyboardModifier.ControlModifier
P2 = (AreaCode("P00002"), ContestId("MZ-L"))
CLEAN = Figures((1000, 1000, 600, 10, 390, 590, 10, 10), (300, 200, 80), 10)
K4_BROKEN = Figures((1000, 1000, 600, 10, 390, 590, 10, 10), (300, 200, 80), 20)
"""6 + 7 = 600 but 8 + votes + against all = 610."""

ServicesFactory = Callable[..., Services]
Window = Callable[[str, Role], MainWindow]


def enter(s: Services, key: tuple[AreaCode, ContestId], figures: Figures) -> State:
    version = s.entry.view(*key).version
    return s.entry.enter(*key, figures, expected_version=version).state


def activate(qtbot: QtBot, w: QWidget) -> None:
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)


def fill_reason(reason: str, reference: str = "") -> Callable[[QWidget], None]:
    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, ReasonDialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if dialog.reference_edit is not None:
            dialog.reason_edit.setPlainText(reason)
            assert not ok.isEnabled()  # the act's reference is still missing
            dialog.reference_edit.setText(reference)
        else:
            dialog.reason_edit.setPlainText(reason)
        assert ok.isEnabled()
        ok.click()

    return act


def test_clerk_enters_a_protocol_by_keyboard_alone(
    qtbot: QtBot, window: Window, services: ServicesFactory
) -> None:
    w = window("clerk1", Role.CLERK)
    activate(qtbot, w)
    qtbot.keyClick(w.page, Qt.Key.Key_F, CTRL)  # find a precinct
    assert w.navigator.filter.hasFocus()
    qtbot.keyClicks(w.navigator.filter, "2")
    qtbot.keyClick(w.navigator.filter, Qt.Key.Key_Return)  # opens its first protocol
    assert w.page.key == P2
    assert w.page.mode == Mode.ENTER
    typed = [*CLEAN.lines, *CLEAN.votes, CLEAN.against_all]
    for value in typed:
        field = QApplication.focusWidget()
        assert isinstance(field, QLineEdit)
        qtbot.keyClicks(field, str(value))
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert w.page.form.figures() == CLEAN
    assert w.page.form.findings() == ()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)  # save
    view = services("clerk1").entry.view(*P2)
    assert view.state is State.FIRST_ENTRY
    # ... and the next protocol of that precinct is open, blank, for the keyboard.
    assert w.page.key == (AreaCode("P00002"), ContestId("MZ-S01"))
    assert w.page.mode == Mode.ENTER
    assert w.page.form.fields["1"].hasFocus()
    assert w.navigator.model.state(P2) is State.FIRST_ENTRY


def test_blind_second_entry_that_differs_reaches_the_supervisor(
    qtbot: QtBot, window: Window, services: ServicesFactory
) -> None:
    assert enter(services("clerk1"), P2, CLEAN) is State.FIRST_ENTRY
    w = window("clerk2", Role.CLERK)
    activate(qtbot, w)
    w.open_protocol(*P2)
    # Blind: nothing of the first entry shows.
    assert w.page.mode == Mode.ENTER
    assert all(f.text() == "" for f in w.page.form.fields.values())
    mistyped = Figures(CLEAN.lines, (300, 280, 0), 10)  # lines 10 and 11 differ
    w.page.form.focus_first()
    for value in [*mistyped.lines, *mistyped.votes, mistyped.against_all]:
        field = QApplication.focusWidget()
        qtbot.keyClicks(field, str(value))
        qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F12)
    assert services("clerk2").entry.view(*P2).state is State.ENTRIES_DIFFER

    boss = window("boss", Role.SUPERVISOR)
    boss.open_protocol(*P2)
    assert boss.page.mode == Mode.COMPARE
    model = boss.page.compare.model
    assert model.differing() == ["L-B", "L-C"]
    marked = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert marked.count("≠ 10") == 1 and marked.count("≠ 11") == 1
    assert "10, 11" in boss.page.compare.summary.text()
    when_modal(qtbot, fill_reason("second clerk misread line 10"))
    boss.page.compare.keep_first_button.click()
    view = services("boss", Role.SUPERVISOR).entry.view(*P2)
    assert view.state is State.ACCEPTED
    assert view.figures == CLEAN
    history = boss.services.entry.history(*P2)
    assert [r.transition for r in history][-2:] == ["keep_first", "accept"]
    assert history[-2].reason == "second clerk misread line 10"


def test_k4_break_blocks_acceptance_but_a_supervisor_may_accept_it_on_an_act(
    qtbot: QtBot, window: Window, services: ServicesFactory
) -> None:
    enter(services("clerk1"), P2, K4_BROKEN)
    assert enter(services("clerk2"), P2, K4_BROKEN) is State.PENDING

    clerk = window("clerk3", Role.CLERK)
    clerk.open_protocol(*P2)
    assert clerk.page.mode == Mode.READ
    assert [f.text() for f in clerk.page.form.errors()] == ["K4: 600 ≠ 10 + 580 + 20"]
    assert "K4: 600 ≠ 10 + 580 + 20" in clerk.page.form.notes["6"].text()
    assert not clerk.page.accept_button.isVisibleTo(clerk)
    assert not clerk.accept_action.isVisible()
    try:
        version = clerk.services.entry.view(*P2).version
        clerk.services.entry.accept(*P2, reason="x", act_reference="y", expected_version=version)
    except REFUSED as exc:
        assert exc.code in ("role", "permission")
    else:
        raise AssertionError("a clerk accepted a breach")

    boss = window("boss", Role.SUPERVISOR)
    boss.open_protocol(*P2)
    assert boss.page.accept_button.isVisibleTo(boss)
    assert boss.page.accept_button.isEnabled()
    assert boss.page.accept_button.text() == "Accept with a breach (on an act)…"
    when_modal(qtbot, fill_reason("counted again: the paper is right", "Act No. 3, 19.03.2023"))
    boss.page.accept_button.click()
    view = services("boss", Role.SUPERVISOR).entry.view(*P2)
    assert view.state is State.ACCEPTED
    assert view.breach
    assert boss.page.state_label.text().count("Accepted with a breach") == 1


def test_a_protocol_with_empty_lines_cannot_be_accepted(
    qtbot: QtBot, window: Window, services: ServicesFactory
) -> None:
    holes = Figures((1000, 1000, 600, 10, 390, 590, 10, 10), (300, None, 80), 10)
    enter(services("clerk1"), P2, holes)
    assert enter(services("clerk2"), P2, holes) is State.PENDING
    boss = window("boss", Role.SUPERVISOR)
    boss.open_protocol(*P2)
    assert not boss.page.accept_button.isEnabled()
    assert "K6" in boss.page.accept_button.toolTip()


def test_an_observer_cannot_change_a_protocol(
    qtbot: QtBot, window: Window, services: ServicesFactory
) -> None:
    enter(services("clerk1"), P2, CLEAN)
    assert enter(services("clerk2"), P2, CLEAN) is State.ACCEPTED
    w = window("watcher", Role.OBSERVER)
    activate(qtbot, w)
    w.open_protocol(*P2)
    # The observer's form is for their own copy: it starts blank and never holds the
    # official figures, which they see only beside their copy once it is entered.
    assert w.page.mode == Mode.OBSERVE
    assert all(field.text() == "" for field in w.page.form.fields.values())
    for action in (w.accept_action, w.send_back_action, w.recount_action, w.annul_action):
        assert not action.isVisible()
    # Whatever the screen allows, the services refuse.
    other = (AreaCode("P00003"), ContestId("MZ-L"))
    try:
        version = w.services.entry.view(*other).version
        w.services.entry.enter(*other, CLEAN, frozenset(), expected_version=version)
    except REFUSED as exc:
        assert exc.code in ("role", "permission")
    else:
        raise AssertionError("an observer entered a protocol")
    # An unentered protocol: the observer may still type their copy, and nothing official
    w.open_protocol(*other)
    assert w.page.mode == Mode.OBSERVE
    assert all(field.text() == "" for field in w.page.form.fields.values())


def test_supervisor_corrects_differing_entries(
    qtbot: QtBot, window: Window, services: ServicesFactory
) -> None:
    enter(services("clerk1"), P2, CLEAN)
    enter(services("clerk2"), P2, Figures(CLEAN.lines, (300, 190, 80), 10))
    boss = window("boss", Role.SUPERVISOR)
    boss.open_protocol(*P2)
    boss.page.compare.correct_button.click()
    assert boss.page.mode == Mode.CORRECT
    assert boss.page.form.fields["L-B"].property("differs") == "true"
    boss.page.form.fields["L-B"].setText("200")
    when_modal(qtbot, fill_reason("checked against the paper"))
    boss.page.save()
    view = services("boss", Role.SUPERVISOR).entry.view(*P2)
    assert view.state is State.ACCEPTED
    assert view.figures == CLEAN
    assert EntryKind.CORRECTION.value == "correction"


def test_the_language_switch_changes_the_labels_and_is_remembered(
    qtbot: QtBot, window: Window
) -> None:
    w = window("clerk1", Role.CLERK)
    w.open_protocol(*P2)
    assert w.tabs.tabText(1) == "Results"
    assert w.page.form._line_labels["1"].text() == "Number of voters on the list"
    w.language_actions["kk"].trigger()
    assert w.lang.code == "kk"
    assert w.tabs.tabText(1) == "Нәтижелер"
    assert w.page.form._line_labels["1"].text().startswith("Учаскедегі сайлаушылардың жалпы саны")
    assert w.menuBar().actions()[1].text() == "Хаттама"
    assert w.navigator.model.headerData(1, Qt.Orientation.Horizontal) == "Күйі"
    w.language_actions["ru"].trigger()
    assert w.tabs.tabText(1) == "Итоги"
    assert w.page.form.save_button.text() == "Сохранить (Ctrl+S)"
    saved = json.loads(config.settings_path().read_text(encoding="utf-8"))
    assert saved["language"] == "ru"


def test_the_training_banner_shows_on_a_mock_database(window: Window) -> None:
    w = window("clerk1", Role.CLERK)
    assert w.election.training
    assert w.banner.isVisibleTo(w)
    assert "TRAINING" in w.banner.text()
    assert w.windowTitle().startswith("[TRAINING]")


def test_results_follow_accepted_protocols(
    qtbot: QtBot, window: Window, services: ServicesFactory
) -> None:
    w = window("boss", Role.SUPERVISOR)
    w.tabs.setCurrentWidget(w.results)
    enter(services("clerk1"), P2, CLEAN)
    enter(services("clerk2"), P2, CLEAN)
    with qtbot.waitSignal(w.results.computed, timeout=10000):
        w.results.poll()  # what the timer does every two seconds, computed off the GUI thread
    rows = w.results.list_model.rows
    assert [r.votes for r in rows] == [300, 200, 80]
    progress = w.results.snapshot.here.progress if w.results.snapshot else None
    assert progress is not None and progress.accepted == 1 and progress.expected == 12
    seats = sum(g.seats for g in w.results.hemicycle.groups)
    assert seats == 5 + 2  # 5 list seats and 2 districts (undecided ones grey)
    assert sum(r.seats or 0 for r in rows) == 5
    # Drill down into a region.
    with qtbot.waitSignal(w.results.computed, timeout=10000):
        w.results.show_area("R01")
    assert w.results.snapshot is not None and w.results.snapshot.area == "R01"
    assert w.results.up_button.isEnabled()
    # a region is a part of the lists' constituency: its shares, and no seats
    assert not w.results.list_model.whole
    assert [(r.votes, r.seats) for r in w.results.list_model.rows] == [
        (300, None),
        (200, None),
        (80, None),
    ]
    assert dt.date.today().year >= 2023
