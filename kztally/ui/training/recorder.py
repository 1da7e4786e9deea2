"""Counts what a trainee does in the protocol form and records it with every save of an
entry (`TrainingService.record_work`): the keys pressed in the form's fields (Enter and
Ctrl+S included), the corrections (Backspace, Delete), and the time from the first key
to the save. Only in a training election; the form itself is not changed."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton

from kztally.services.errors import REFUSED
from kztally.ui.protocol_form import DigitField
from kztally.ui.protocol_page import Mode, ProtocolPage

SAVE_CHORDS = ((Qt.Key.Key_S, True), (Qt.Key.Key_F12, False))
CORRECTING = (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)


@dataclass(slots=True)
class Count:
    keystrokes: int = 0
    corrections: int = 0
    started: float | None = None


def is_save_chord(event: QKeyEvent) -> bool:
    ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
    return any(event.key() == key and ctrl == needs_ctrl for key, needs_ctrl in SAVE_CHORDS)


class KeyCounter(QObject):
    """Counts key presses in the fields of a form (and Enter on its Save button, and a
    save chord once per press); `count` is reset by its owner."""

    def __init__(
        self,
        within: Callable[[QObject], bool],
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._within = within
        self.clock = clock
        self.count = Count()
        self.keypad = 0
        """Digits typed on the numeric keypad."""
        self.chords = 0
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        """Each key once, where it lands: the focused widget (a key a widget does not
        take goes on to its parents, and every step passes this filter)."""
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        if obj is not QApplication.focusWidget() or not self._within(obj):
            return False
        assert isinstance(event, QKeyEvent)
        if event.isAutoRepeat():
            return False
        if kind == QEvent.Type.ShortcutOverride:
            if is_save_chord(event):
                self._press()
                self.chords += 1
            return False
        if isinstance(obj, QPushButton):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
                self._press()
            return False
        if not isinstance(obj, DigitField):
            return False
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier or event.key() in (
            Qt.Key.Key_Shift,
            Qt.Key.Key_Control,
            Qt.Key.Key_Alt,
            Qt.Key.Key_Meta,
        ):
            return False
        self._press()
        if event.key() in CORRECTING:
            self.count.corrections += 1
        if event.modifiers() & Qt.KeyboardModifier.KeypadModifier and event.text().isdigit():
            self.keypad += 1
        return False

    def _press(self) -> None:
        self.count.keystrokes += 1
        if self.count.started is None:
            self.count.started = self.clock()

    def take(self) -> tuple[Count, float]:
        """The count so far and the seconds since its first key; the count starts anew."""
        done = self.count
        self.count = Count()
        seconds = 0.0 if done.started is None else max(0.0, self.clock() - done.started)
        return done, seconds


class WorkRecorder(QObject):
    """Attached to the protocol page of a training election."""

    def __init__(
        self,
        page: ProtocolPage,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(page)
        self.page = page
        self.counter = KeyCounter(self._in_form, clock, self)
        """Its `clock` may be replaced (tests)."""
        self._key: tuple[str, str] | None = None
        self.recorded: list[tuple[str, str, int, int, int]] = []
        page.saved.connect(self._saved)
        page.destroyed.connect(self.counter.stop)

    def _in_form(self, obj: QObject) -> bool:
        page = self.page
        if page.mode != Mode.ENTER or page.key is None:
            return False
        form = page.form
        if not (obj is form.save_button or form.isAncestorOf(obj)):  # type: ignore[arg-type]
            return False
        key = (str(page.key[0]), str(page.key[1]))
        if key != self._key:
            self._key = key
            self.counter.count = Count()
        return True

    def _saved(self, precinct: str, contest: str, _state: str) -> None:
        """After an entry is stored (the page tells before it moves on): the count of the
        keys typed on this protocol, the save's own chord included."""
        if self._key != (precinct, contest) or self.counter.count.keystrokes == 0:
            return
        done, seconds = self.counter.take()
        self._key = None
        keystrokes, corrections, ms = done.keystrokes, done.corrections, round(seconds * 1000)
        try:
            self.page.services.training.record_work(precinct, contest, keystrokes, corrections, ms)
        except REFUSED:
            return  # the entry is saved; its count is lost, which the score shows
        self.recorded.append((precinct, contest, keystrokes, corrections, ms))
