"""The scans pane and the observer's copy, driven through the real widgets (SQLite)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from kztally.domain.entry import State
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.ui.language import Language
from kztally.ui.main_window import Hooks, MainWindow
from kztally.ui.protocol_page import Mode

from .test_entry_flow import CLEAN, P2, activate, enter

ServicesFactory = Callable[..., Services]
Make = Callable[[Services, Language], MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier
SCREENSHOT = Path(__file__).parents[2] / "docs" / "screenshots" / "attachments-kk.png"


def scan_png() -> bytes:
    """A page-like PNG: a white sheet with a title and ruled lines."""
    image = QImage(420, 594, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(QFont("DejaVu Sans", 14))
    painter.drawText(30, 50, "ХАТТАМА №2")
    for n in range(1, 16):
        y = 80 + n * 30
        painter.drawLine(30, y, 390, y)
        painter.drawText(34, y - 8, f"{n}.")
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


@pytest.fixture
def make(qtbot: QtBot) -> Iterator[Make]:
    made: list[MainWindow] = []

    def build(s: Services, lang: Language) -> MainWindow:
        w = MainWindow(lang, s, Hooks())
        qtbot.addWidget(w)
        w.resize(1400, 850)
        w.show()
        qtbot.waitExposed(w)
        made.append(w)
        return w

    yield build
    for w in made:
        w.timer.stop()
        w.results.timer.stop()


def test_a_scan_attached_through_the_service_shows_beside_the_form(
    qtbot: QtBot, lang: Language, services: ServicesFactory, make: Make
) -> None:
    clerk = services("clerk1", Role.CLERK)
    clerk.attachments.attach(*P2, "p2-scan.png", "image/png", scan_png())
    w = make(clerk, lang)
    assert w.attach_action.isVisible()
    w.open_protocol(*P2)
    pane = w.page.attachments
    assert pane.isVisible() and pane.add_button.isVisible()
    assert w.page.mode == Mode.ENTER
    assert pane.list.count() == 1 and "p2-scan.png" in pane.list.item(0).text()
    pixmap = pane.view.pixmap()
    assert not pixmap.isNull()
    assert 0 < pixmap.width() <= pane.scroll_area.viewport().width()
    # a PDF is listed by name and opened with a button, not drawn
    clerk.attachments.attach(*P2, "act.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n")
    pane.reload()
    assert pane.list.count() == 2 and pane.list.currentRow() == 1
    assert not pane.open_button.isHidden() and "act.pdf" in pane.view.text()
    pane.list.setCurrentRow(0)
    assert pane.open_button.isHidden() and not pane.view.pixmap().isNull()


def test_observers_and_trainers_do_not_get_attach(
    lang: Language, services: ServicesFactory, make: Make
) -> None:
    for name, role in (("obs", Role.OBSERVER), ("trainer", Role.TRAINER)):
        w = make(services(name, role), lang)
        assert not w.attach_action.isVisible()
        w.open_protocol(*P2)
        assert w.page.attachments.add_button.isHidden()


def test_an_observer_enters_a_copy_by_keyboard_and_sees_the_differing_line(
    qtbot: QtBot, services: ServicesFactory, make: Make
) -> None:
    enter(services("clerk1"), P2, CLEAN)
    assert enter(services("clerk2"), P2, CLEAN) is State.ACCEPTED
    services("clerk1").attachments.attach(*P2, "p2-scan.png", "image/png", scan_png())
    observer = services("dana", Role.OBSERVER)
    lang = Language("kk")
    w = make(observer, lang)
    activate(qtbot, w)
    assert w.save_action.isVisible()
    w.open_protocol(*P2)
    assert w.page.mode == Mode.OBSERVE
    mine = Figures(CLEAN.lines, (300, 210, 70), CLEAN.against_all)  # lists B and C differ
    for value in [*mine.lines, *mine.votes, mine.against_all]:
        field = QApplication.focusWidget()
        assert isinstance(field, QLineEdit)
        qtbot.keyClicks(field, str(value))
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert w.page.form.figures() == mine
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    assert w.page.mode == Mode.OBSERVED
    [copy] = observer.observers.copies(*P2)
    assert copy.figures == mine
    view = w.page.observer_view
    assert w.page.stack.currentWidget() is view
    model = view.model
    fields = [model._rows[r][0] for r in view.marked_rows()]
    assert fields == ["L-B", "L-C"]
    marked = view.marked_rows()[0]
    assert str(model.data(model.index(marked, 2))) == "210"
    assert str(model.data(model.index(marked, 3))) == "200"
    assert model.data(model.index(marked, 2), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(0, 2), Qt.ItemDataRole.BackgroundRole) is None
    assert view.summary.text().endswith(": 10, 11")  # the lines printed on the paper
    # the scan is beside the comparison
    assert not w.page.attachments.view.pixmap().isNull()
    # entering again starts from the latest copy
    view.edit_button.click()
    assert w.page.mode == Mode.OBSERVE and w.page.form.figures() == mine
    w.page.save()
    assert len(observer.observers.copies(*P2)) == 2
    if os.environ.get("KZTALLY_SCREENSHOTS"):
        w.refresh_states(force=True)
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        assert w.grab().save(str(SCREENSHOT))
