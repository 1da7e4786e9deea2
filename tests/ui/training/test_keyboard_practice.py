"""Keyboard practice: the form's shortcuts on three made-up protocols, ending with a
score; offered after a clerk's first sign-in, and in the Help menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.storage.database import Database
from kztally.training.plan import minimum_keystrokes
from kztally.ui.language import Language
from kztally.ui.main_window import Hooks, MainWindow
from kztally.ui.training.practice import PracticeDialog
from tests.conftest import PASSWORD, ServicesFactory

CTRL = Qt.KeyboardModifier.ControlModifier
KEYPAD = Qt.KeyboardModifier.KeypadModifier


def practise(
    qtbot: QtBot, dialog: PracticeDialog, *, keypad: bool, wrong_last: bool = False
) -> None:
    for n, e in enumerate(dialog.items):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, CTRL)
        assert dialog.filter.hasFocus()
        qtbot.keyClicks(dialog.filter, e.number)
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
        assert dialog.current is e and dialog.form.fields["1"].hasFocus()
        values = [v for _, v in e.figures.fields(e.contest)]
        if wrong_last and n == len(dialog.items) - 1:
            values[0] += 1
        for k, value in enumerate(values):
            field = QApplication.focusWidget()
            for digit in str(value):
                qtbot.keyClick(
                    field,
                    getattr(Qt.Key, f"Key_{digit}"),
                    KEYPAD if keypad else Qt.KeyboardModifier.NoModifier,
                )
            if k < len(values) - 1:
                qtbot.keyClick(field, Qt.Key.Key_Return)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)


def test_a_perfect_practice_scores_100(
    qtbot: QtBot, lang: Language, services: ServicesFactory
) -> None:
    clerk = services("clerk1")
    dialog = PracticeDialog(lang, clerk.elections.require())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert len(dialog.items) == 3
    assert "Press Ctrl+F" in dialog.instruction.text()
    practise(qtbot, dialog, keypad=True)
    minimum = sum(minimum_keystrokes(e.figures, e.contest) for e in dialog.items)
    t = dialog.tally
    assert (t.right, t.keys, t.minimum, t.finds, t.saves) == (t.fields, minimum, minimum, 3, 3)
    assert t.keypad == t.digits > 0
    assert dialog.finished_score == 100
    assert "Score: 100 of 100" in dialog.instruction.text()


def test_a_wrong_line_and_no_keypad_cost_points(
    qtbot: QtBot, lang: Language, services: ServicesFactory
) -> None:
    dialog = PracticeDialog(lang, services("clerk1").elections.require())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    practise(qtbot, dialog, keypad=False, wrong_last=True)
    t = dialog.tally
    assert t.right == t.fields - 1 and t.keypad == 0
    # 50 x (fields - 1) / fields + 30 (at most the fewest keys... or one more) + 20
    assert dialog.finished_score == round(
        50 * (t.fields - 1) / t.fields + 30 * min(1, t.minimum / t.keys) + 20
    )
    assert dialog.finished_score < 100


def test_offered_after_a_clerks_first_sign_in_only(
    db: Database, services: ServicesFactory, window: Callable[[str, Role], MainWindow]
) -> None:
    clerk = services("clerk1")
    assert clerk.training.first_sign_in()
    Services.sign_in(db, "clerk1", PASSWORD)
    assert not clerk.training.first_sign_in()
    w = window("clerk1", Role.CLERK)
    assert w.practice_action.isVisible()
    boss = window("boss", Role.SUPERVISOR)
    assert boss.query_action.isVisible() and not w.query_action.isVisible()
    assert not w.training_score_action.isVisible()  # a trainer's, or an administrator's
    admin = window("admin", Role.ADMINISTRATOR)
    assert admin.training_score_action.isVisible() and not admin.practice_action.isVisible()


def test_the_offer_opens_the_practice(
    qtbot: QtBot, lang: Language, db: Database, services: ServicesFactory
) -> None:
    services("admin", Role.ADMINISTRATOR).users.add("newcomer", Role.CLERK, PASSWORD)
    windows = []
    for _ in range(2):  # the first sign-in, then the second
        w = MainWindow(lang, Services.sign_in(db, "newcomer", PASSWORD), Hooks(offer_practice=True))
        qtbot.addWidget(w)
        w.show()
        qtbot.wait(20)
        windows.append(w)
        w.timer.stop()
        w.results.timer.stop()
    first, second = windows
    assert first.practice_offer.isVisible() and "first sign-in" in first.practice_offer.text()
    assert not second.practice_offer.isVisible()
    assert QApplication.activeModalWidget() is None  # no question takes the keyboard
    first.practice_offer.linkActivated.emit("practice")
    assert first.findChild(PracticeDialog) is not None and not first.practice_offer.isVisible()
