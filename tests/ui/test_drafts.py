"""No typed figure is lost: drafts survive a kill of the app, and leaving a protocol with
typed figures asks whether to save, discard or stay."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.storage.database import display_url
from kztally.ui.app import build_window
from kztally.ui.drafts import DraftStore
from kztally.ui.idle import IdleLock
from kztally.ui.language import Language
from kztally.ui.main_window import Hooks, MainWindow
from kztally.ui.protocol_page import Mode
from tests.conftest import PASSWORD
from tests.killing import kill_when

from .conftest import when_modal
from .test_entry_flow import CLEAN, P2

ServicesFactory = Callable[..., Services]
Window = Callable[[str, Role], MainWindow]
S01 = (AreaCode("P00002"), ContestId("MZ-S01"))


def press(lang: Language, key: str, seen: list[str] | None = None) -> Callable[[QWidget], None]:
    """Click the button of the modal box whose text is `lang.t(key)` (noting its name)."""

    def act(box: QWidget) -> None:
        assert isinstance(box, QMessageBox), type(box)
        if seen is not None:
            seen.append(box.objectName())
        wanted = lang.t(key)
        buttons = [b for b in box.findChildren(QPushButton) if b.text() == wanted]
        assert buttons, f"no button {wanted!r} in {[b.text() for b in box.buttons()]}"
        buttons[0].click()

    return act


def type_into(qtbot: QtBot, w: MainWindow, values: list[int]) -> None:
    """Type into the first fields, each followed by Enter, as a clerk would."""
    for field, value in zip(w.page.form.fields.values(), values, strict=False):
        qtbot.keyClicks(field, str(value))
        qtbot.keyClick(field, Qt.Key.Key_Return)


def test_a_draft_is_written_and_leaving_asks_save_discard_or_stay(
    qtbot: QtBot, window: Window, lang: Language, services: ServicesFactory
) -> None:
    w = window("clerk1", Role.CLERK)
    w.open_protocol(*P2)
    path = w.page.drafts.path(*P2)
    assert path.parent.parent == Path(os.environ["KZTALLY_HOME"])  # the data folder
    type_into(qtbot, w, [1000, 1000])
    qtbot.waitUntil(path.exists)  # a moment after the keystrokes
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert not list(path.parent.glob("*.tmp"))
    draft = w.page.drafts.read(*P2)
    assert draft is not None and draft.figures.lines[:3] == (1000, 1000, None)
    assert draft.account == "clerk1" and draft.mode == Mode.ENTER

    seen: list[str] = []
    when_modal(qtbot, press(lang, "ui.leave.stay", seen))
    w.open_protocol(*S01)  # another protocol: asked, and Stay keeps the figures
    assert seen == ["leave-protocol"]
    assert w.page.key == P2 and w.page.form.figures().lines[:2] == (1000, 1000)
    assert w.navigator.model.key(w.navigator.tree.currentIndex()) == P2

    when_modal(qtbot, press(lang, "ui.leave.discard", seen))
    w.open_protocol(*S01)
    assert w.page.key == S01 and not path.exists()  # discarded: the draft is gone

    w.open_protocol(*P2)
    assert w.page.form.figures().lines == (None,) * 8
    w.page.form.set_figures(CLEAN)  # every field, as if typed
    qtbot.waitUntil(path.exists)
    when_modal(qtbot, press(lang, "ui.leave.save", seen))
    w.quit_action.trigger()  # Ctrl+Q: Save, and the window closes
    assert seen[-1] == "leave-protocol"
    assert not w.isVisible()
    assert services("clerk1").entry.view(*P2).state is State.FIRST_ENTRY
    assert not path.exists()  # saved: the draft is gone


def test_closing_or_signing_out_with_typed_figures_can_stay(
    qtbot: QtBot, lang: Language, services: ServicesFactory
) -> None:
    signed_out: list[bool] = []
    w = MainWindow(lang, services("clerk1"), Hooks(sign_out=lambda: signed_out.append(True)))
    qtbot.addWidget(w)
    w.show()
    w.open_protocol(*P2)
    type_into(qtbot, w, [5])
    when_modal(qtbot, press(lang, "ui.leave.stay"))
    w.sign_out_action.trigger()
    assert not signed_out and w.isVisible()
    when_modal(qtbot, press(lang, "ui.leave.stay"))
    w.close()
    assert w.isVisible() and w.page.form.figures().lines[0] == 5
    when_modal(qtbot, press(lang, "ui.leave.discard"))
    w.sign_out_action.trigger()
    assert signed_out == [True] and not w.isVisible()
    assert w.page.drafts.read(*P2) is None
    w.timer.stop()
    w.results.timer.stop()


def test_the_idle_locks_sign_out_keeps_the_figures_as_a_draft(
    qtbot: QtBot, lang: Language, services: ServicesFactory
) -> None:
    clerk = services("clerk1")
    signed_out: list[bool] = []
    w = build_window(lang, clerk.db, clerk, lambda: signed_out.append(True), idle_lock_ms=60_000)
    qtbot.addWidget(w)
    w.show()
    w.open_protocol(*P2)
    type_into(qtbot, w, [1000, 990])
    lock = w.findChild(IdleLock)
    assert lock is not None
    lock.lock()  # nobody touched the keyboard for the lock's time
    assert lock.dialog is not None
    lock.dialog.findChild(QPushButton, "lock-sign-out").click()  # anyone may press it
    assert signed_out == [True] and not w.isVisible()  # no question to whoever is there
    draft = w.page.drafts.read(*P2)
    assert draft is not None and draft.figures.lines[:2] == (1000, 990)
    assert clerk.entry.view(*P2).state is State.NOT_ENTERED  # nothing saved in their name
    w.timer.stop()
    w.results.timer.stop()


def test_a_draft_survives_a_kill_of_the_app_and_is_offered_back(
    qtbot: QtBot, lang: Language, services: ServicesFactory, db_url: str
) -> None:
    clerk = services("clerk1")
    child = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("draft_child.py")),
            db_url,
            "clerk1",
            PASSWORD,
            *P2,
            "1000",
            "998",
            "600",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    store = DraftStore(display_url(clerk.db.url), "clerk1")  # this workstation's drafts

    def typed() -> bool:
        draft = store.read(*P2)
        return draft is not None and draft.figures.lines[:3] == (1000, 998, 600)

    kill_when(child, typed, within=120, what="app")
    assert clerk.entry.view(*P2).state is State.NOT_ENTERED  # never in the database

    seen: list[str] = []
    when_modal(qtbot, press(lang, "ui.draft.restore", seen))
    w = build_window(lang, clerk.db, clerk)  # the app starts again: the newest draft opens
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: seen == ["draft-offer"])
    assert w.page.key == P2 and w.page.mode == Mode.ENTER
    assert w.page.form.figures().lines[:4] == (1000, 998, 600, None)
    assert w.statusBar().currentMessage() == lang.tn("ui.draft.at_start", 1)
    assert w.page.is_dirty()  # the restored figures still wait to be saved
    when_modal(qtbot, press(lang, "ui.leave.discard"))
    w.close()
    assert store.read(*P2) is None
    w.timer.stop()
    w.results.timer.stop()


def test_a_draft_that_no_longer_applies_is_shown_not_lost(
    qtbot: QtBot, window: Window, lang: Language, services: ServicesFactory
) -> None:
    w = window("clerk1", Role.CLERK)
    w.open_protocol(*P2)
    type_into(qtbot, w, [1234])
    w.page.write_draft()
    w.page.park()
    # meanwhile two other clerks settle the protocol
    for name in ("clerk2", "clerk3"):
        s = services(name)
        s.entry.enter(*P2, CLEAN, expected_version=s.entry.view(*P2).version)
    seen: list[str] = []
    texts: list[str] = []

    def read(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        texts.append(box.text())
        press(lang, "ui.dialog.close", seen)(box)

    when_modal(qtbot, read)
    w.open_protocol(*S01)
    w.open_protocol(*P2)
    assert seen == ["draft-stale"]
    assert "1: 1234" in texts[0] and f"“{lang.t('state.accepted')}”" in texts[0]
    assert w.page.drafts.read(*P2) is None


@pytest.mark.parametrize(
    ("n", "ru"),
    [
        (1, "Остался 1"),
        (3, "3 несохранённых черновика"),
        (5, "5 несохранённых черновиков"),
        (21, "Остался 21"),
    ],
)
def test_the_count_of_drafts_agrees_with_its_number(qapp: QApplication, n: int, ru: str) -> None:
    assert ru in Language("ru").tn("ui.draft.at_start", n)
    assert Language("en").tn("ui.draft.at_start", n).startswith(f"{n} unsaved draft")
    assert Language("kk").tn("ui.draft.at_start", n).startswith(f"{n} сақталмаған жоба")
