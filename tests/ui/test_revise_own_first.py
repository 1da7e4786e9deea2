"""A clerk looks at and corrects their own first entry before the second entry, driven
through the real widgets over real services (SQLite): the banner, the figures, Ctrl+S,
the history; another clerk still gets the blind form; the navigator marks a first
entry that breaks a control ratio."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kztally.domain.entry import Transition
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import AGAINST_ALL, Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.ui.main_window import MainWindow
from kztally.ui.navigator import FIRST_BROKEN_COLOURS, FIRST_BROKEN_MARK
from kztally.ui.protocol_page import Mode

from .conftest import when_modal

CTRL = Qt.KeyboardModifier.ControlModifier
P2 = (AreaCode("P00002"), ContestId("MZ-L"))
S01 = (AreaCode("P00002"), ContestId("MZ-S01"))
CLEAN = Figures((1000, 1000, 600, 10, 390, 590, 10, 10), (300, 200, 80), 10)
K4_BROKEN = Figures((1000, 1000, 600, 10, 390, 590, 10, 10), (300, 200, 80), 20)
"""6 + 7 = 600 but 8 + votes + against all = 610."""

ServicesFactory = Callable[..., Services]
Window = Callable[[str, Role], MainWindow]


def first_entry(s: Services, figures: Figures) -> None:
    s.entry.enter(*P2, figures, expected_version=s.entry.view(*P2).version)


def refreshed(qtbot: QtBot, w: MainWindow) -> None:
    """The window takes in the states now, and the marks read in the background."""
    w.refresh_states(force=True)
    qtbot.waitUntil(lambda: w._first_broken_job is None)


def row_state(w: MainWindow) -> tuple[str, str, str]:
    """The navigator's state cell of P2's row: its text, tooltip and text colour."""
    model = w.navigator.model
    index = model.index_of_key(P2).siblingAtColumn(1)
    text = model.data(index, Qt.ItemDataRole.DisplayRole)
    tip = model.data(index.siblingAtColumn(0), Qt.ItemDataRole.ToolTipRole)
    brush = model.data(index, Qt.ItemDataRole.ForegroundRole)
    return str(text), str(tip), brush.color().name()


def test_the_clerk_corrects_their_own_first_entry(
    qtbot: QtBot, window: Window, services: ServicesFactory
) -> None:
    clerk = services("clerk1")
    first_entry(clerk, K4_BROKEN)
    w = window("clerk1", Role.CLERK)
    refreshed(qtbot, w)
    text, tip, colour = row_state(w)
    assert text == f"{FIRST_BROKEN_MARK} First entry: ratio broken"
    assert "K4" in tip and colour == FIRST_BROKEN_COLOURS[1]

    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.open_protocol(*P2)
    page = w.page
    assert page.mode == Mode.REVISE
    assert page.revise_banner.isVisible()
    assert "correcting your own first entry" in page.revise_banner.text()
    assert "correcting your first entry" in page.state_label.text()
    assert page.form.figures() == K4_BROKEN  # their own figures, to check on the paper
    assert Transition.REVISE_FIRST in page.allowed_now()

    # Ctrl+S with nothing changed saves nothing
    before = clerk.entry.view(*P2).version
    qtbot.keyClick(page.form.fields["1"], Qt.Key.Key_S, CTRL)
    assert clerk.entry.view(*P2).version == before
    assert "no correction to save" in w.statusBar().currentMessage()

    field = page.form.fields[AGAINST_ALL]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "10")
    assert page.form.figures() == CLEAN
    qtbot.keyClick(field, Qt.Key.Key_S, CTRL)

    seen = services("boss", Role.SUPERVISOR).entry.history(*P2)
    assert [r.transition for r in seen] == [Transition.FIRST_ENTRY, Transition.REVISE_FIRST]
    assert [r.figures for r in seen] == [K4_BROKEN, CLEAN]
    assert page.key == P2 and page.mode == Mode.REVISE  # still theirs to look at
    assert page.form.figures() == CLEAN
    assert "First entry corrected" in page.notice.text()
    qtbot.waitUntil(lambda: w._first_broken_job is None)  # the marks read after the save
    assert row_state(w)[0] == "First entry made"  # no longer marked


def test_another_clerk_still_enters_blind(
    qtbot: QtBot, window: Window, services: ServicesFactory
) -> None:
    first_entry(services("clerk1"), K4_BROKEN)
    w = window("clerk2", Role.CLERK)
    refreshed(qtbot, w)
    assert row_state(w)[0] == "First entry made"  # the breach is not told to them
    w.open_protocol(*P2)
    assert w.page.mode == Mode.ENTER
    assert not w.page.revise_banner.isVisible()
    assert all(f.text() == "" for f in w.page.form.fields.values())
    assert Transition.REVISE_FIRST not in w.page.allowed_now()
    boss = window("boss", Role.SUPERVISOR)
    refreshed(qtbot, boss)
    assert row_state(boss)[0].startswith(FIRST_BROKEN_MARK)


def test_the_banner_and_the_mark_speak_the_users_language(
    qtbot: QtBot, window: Window, services: ServicesFactory
) -> None:
    first_entry(services("clerk1"), K4_BROKEN)
    w = window("clerk1", Role.CLERK)
    w.open_protocol(*P2)
    seen = {}
    for code in ("kk", "ru"):
        w.lang.set(code, remember=False)
        refreshed(qtbot, w)
        seen[code] = (w.page.revise_banner.text(), row_state(w)[0], w.page.state_label.text())
    w.lang.set("en", remember=False)
    assert "Сіз өз бірінші енгізуіңізді түзетіп жатырсыз" in seen["kk"][0]
    assert seen["kk"][1] == f"{FIRST_BROKEN_MARK} Бірінші енгізу: қате"
    assert "бірінші енгізуіңізді түзету" in seen["kk"][2]
    assert "Вы исправляете свой первый ввод" in seen["ru"][0]
    assert seen["ru"][1] == f"{FIRST_BROKEN_MARK} Первый ввод: ошибка"
    assert "исправление вашего первого ввода" in seen["ru"][2]


def test_a_correction_typed_and_left_is_kept_as_a_draft_and_offered_back(
    qtbot: QtBot, window: Window, services: ServicesFactory
) -> None:
    clerk = services("clerk1")
    first_entry(clerk, K4_BROKEN)
    w = window("clerk1", Role.CLERK)
    w.open_protocol(*P2)
    path = w.page.drafts.path(*P2)
    w.page.form.set_figures(CLEAN)  # the correction, as if typed
    qtbot.waitUntil(path.exists)
    draft = w.page.drafts.read(*P2)
    assert draft is not None and draft.mode == Mode.REVISE and draft.figures == CLEAN
    w.page.park()  # as the idle lock does: kept, not asked
    w.page.open(*S01)  # another protocol, then back
    asked: list[str] = []

    def restore(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.objectName())
        wanted = w.lang.t("ui.draft.restore")
        next(b for b in box.findChildren(QPushButton) if b.text() == wanted).click()

    when_modal(qtbot, restore)
    w.page.open(*P2)
    assert asked == ["draft-offer"]
    assert w.page.mode == Mode.REVISE and w.page.form.figures() == CLEAN
    assert clerk.entry.view(*P2).first is not None
    assert clerk.entry.view(*P2).first.figures == K4_BROKEN  # nothing saved behind the back
