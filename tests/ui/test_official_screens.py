"""Official results in the app: the status bar's label on every screen (red: unofficial,
green: official), the results screen with the audit head, an administrator's mark and
unlock, and a clerk's entry refused politely while results are official."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.ui.dialogs import ReasonDialog
from kztally.ui.main_window import MainWindow
from kztally.ui.protocol_page import Mode
from kztally.ui.widgets import OFFICIAL_COLOURS

from .conftest import when_modal

Window = Callable[[str, Role], MainWindow]
ServicesFactory = Callable[..., Services]
P2 = (AreaCode("P00002"), ContestId("MZ-L"))
CLEAN = Figures((1000, 1000, 600, 10, 390, 590, 10, 10), (300, 200, 80), 10)
SHOTS = os.environ.get("KZTALLY_SCREENSHOTS")
"""A folder to save screenshots of these screens in (for a person to look at)."""


def shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        QApplication.processEvents()  # the layouts settle after a change of language
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        assert widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def click(role: QMessageBox.ButtonRole, seen: list[str]) -> Callable[[QWidget], None]:
    def act(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        (button,) = [b for b in box.buttons() if box.buttonRole(b) == role]
        button.click()

    return act


def unlock_with(reason: str) -> Callable[[QWidget], None]:
    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, ReasonDialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()  # the reason is required
        dialog.reason_edit.setPlainText(reason)
        ok.click()

    return act


def test_an_administrator_marks_and_unlocks_and_every_screen_says_so(
    qtbot: QtBot, window: Window, services: ServicesFactory
) -> None:
    w = window("admin", Role.ADMINISTRATOR)
    label = w.official_label
    assert label.text() == "UNOFFICIAL RESULTS"
    assert OFFICIAL_COLOURS[False] in label.styleSheet()
    assert w.mark_official_action.isVisible() and w.mark_official_action.isEnabled()
    assert not w.unlock_official_action.isEnabled()

    seen: list[str] = []
    when_modal(qtbot, click(QMessageBox.ButtonRole.YesRole, seen))
    w.mark_official_action.trigger()
    assert "will be marked official" in seen[0]
    assert label.official and label.text() == "OFFICIAL RESULTS"
    assert "marked by admin" in label.toolTip() and OFFICIAL_COLOURS[True] in label.styleSheet()
    assert w.unlock_official_action.isEnabled() and not w.mark_official_action.isEnabled()

    w.tabs.setCurrentWidget(w.results)
    head = services("admin").official.status().head
    qtbot.waitUntil(lambda: "audit head" in w.results.official.text())
    assert w.results.official.text().endswith(f"audit head {head.count}:{head.hash[:16]}")
    assert w.results.official.official and "marked by admin" in w.results.official.text()
    shot(w, "official-results-en")

    w.lang.set("kk")
    assert label.text().startswith("РЕСМИ ҚОРЫТЫНДЫЛАР")
    assert "аудит журналының басы" in w.results.official.text()
    shot(w, "official-results-kk")
    w.lang.set("ru")
    assert label.text().startswith("ОФИЦИАЛЬНЫЕ ИТОГИ")
    w.lang.set("en")

    when_modal(qtbot, unlock_with("a recount ordered"))
    w.unlock_official_action.trigger()
    assert label.text() == "UNOFFICIAL RESULTS" and not label.official
    assert w.mark_official_action.isEnabled()
    qtbot.waitUntil(lambda: not w.results.official.official)


def test_a_clerk_sees_the_status_and_is_refused_politely(
    qtbot: QtBot, window: Window, services: ServicesFactory
) -> None:
    services("admin").official.mark()
    w = window("clerk1", Role.CLERK)
    assert w.official_label.official
    assert not w.mark_official_action.isVisible() and not w.unlock_official_action.isVisible()
    w.open_protocol(*P2)
    assert w.page.mode == Mode.ENTER
    w.page.form.set_figures(CLEAN)
    seen: list[str] = []
    when_modal(qtbot, click(QMessageBox.ButtonRole.AcceptRole, seen))
    w.page.save()
    assert seen and seen[0].startswith("The results are official: nothing can be changed")
    assert "marked by admin" in seen[0]
    assert services("admin").entry.view(*P2).state.value == "not_entered"
    shot(w, "official-refused-clerk")
