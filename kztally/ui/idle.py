"""The idle lock: a workstation left without keyboard or mouse input for a while
(`kztally.services.users.SETTINGS.idle_lock`, 15 minutes) hides its window's contents
and asks for the password again. Only the signed-in person's password, or an active
administrator's, unlocks it (`UserService.confirm`: wrong passwords count towards the
account's lock as at sign-in)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kztally.services.context import Services
from kztally.services.errors import ServiceError, SessionEnded
from kztally.services.users import SETTINGS
from kztally.ui.language import Language
from kztally.ui.users import ERROR_STYLE, refusal_text

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class LockDialog(QDialog):
    """Modal over the whole application until the right password is given."""

    def __init__(
        self,
        lang: Language,
        services: Services,
        sign_out: Callable[[], None] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("idle-lock")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.services = services
        self.lang = lang
        self.released = False
        t = lang.t
        user = services.actor.user
        self.setWindowTitle(t("ui.lock.title"))
        layout = QVBoxLayout(self)
        heading = QLabel(t("ui.lock.heading"), self)
        font = heading.font()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 2)
        heading.setFont(font)
        layout.addWidget(heading)
        hint = QLabel(t("ui.lock.hint", name=user), self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.name = QLineEdit(user, self)
        self.name.setObjectName("lock-name")
        self.password = QLineEdit(self)
        self.password.setObjectName("lock-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(t("ui.signin.name"), self.name)
        form.addRow(t("ui.signin.password"), self.password)
        layout.addLayout(form)
        self.error = QLabel(self)
        self.error.setObjectName("lock-error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(self)
        self.unlock_button = QPushButton(t("ui.lock.unlock"), self)
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setDefault(True)
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.clicked.connect(self.try_unlock)
        self._sign_out = sign_out
        if sign_out is not None:
            out = QPushButton(t("ui.action.sign_out"), self)
            out.setObjectName("lock-sign-out")
            buttons.addButton(out, QDialogButtonBox.ButtonRole.RejectRole)
            out.clicked.connect(self.sign_out)
        layout.addWidget(buttons)
        self.password.setFocus()

    def try_unlock(self) -> None:
        try:
            self.services.users.confirm(self.name.text().strip(), self.password.text())
        except ServiceError as exc:
            self.error.setText(refusal_text(self.lang, exc))
            self.password.clear()
            self.password.setFocus()
            if isinstance(exc, SessionEnded) and self._sign_out is not None:
                self.sign_out()
            return
        self.password.clear()
        self.released = True
        self.accept()

    def sign_out(self) -> None:
        assert self._sign_out is not None
        self.released = True
        self.done(2)
        self._sign_out()

    def reject(self) -> None:
        """Escape does not unlock."""

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.released:
            event.ignore()  # closing the lock does not unlock


class IdleLock(QObject):
    """Watches the application's input; after `timeout_ms` without any, hides the
    window's contents and shows a `LockDialog`."""

    def __init__(
        self,
        window: QMainWindow,
        lang: Language,
        services: Services,
        *,
        timeout_ms: int | None = None,
        sign_out: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.lang = lang
        self.services = services
        self._sign_out = sign_out
        self.dialog: LockDialog | None = None
        self._hidden: list[QWidget] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # one timer: exact costs nothing
        ms = timeout_ms
        if ms is None:
            ms = int(SETTINGS.idle_lock.total_seconds() * 1000)
        self.timer.setInterval(ms)
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        window.destroyed.connect(lambda *_: self._stop())
        self.timer.start()

    def _stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.timer.stop()

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if self.dialog is None and event.type() in INPUT_EVENTS:
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.dialog is not None or not self.window.isVisible():
            return  # locked already, or the window is closed (signed out)
        # nothing of the work on an unattended screen: the central area and the docks
        parts = [self.window.centralWidget(), *self.window.findChildren(QDockWidget)]
        self._hidden = [w for w in parts if w is not None and w.isVisible()]
        for w in self._hidden:
            w.setVisible(False)
        self.window.menuBar().setEnabled(False)
        self.dialog = LockDialog(self.lang, self.services, self._sign_out, self.window)
        self.dialog.finished.connect(self._unlocked)
        self.dialog.show()

    def _unlocked(self, _result: int) -> None:
        for w in self._hidden:
            w.setVisible(True)
        self._hidden = []
        self.window.menuBar().setEnabled(True)
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
        self.timer.start()
