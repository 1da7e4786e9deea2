"""Small dialogs: accepting warnings or a breach, sending back, the About box."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

import kztally
from kztally.domain.limits import REFERENCE_MAX
from kztally.domain.protocol import Finding, Severity
from kztally.ui.language import Language
from kztally.ui.protocol_form import ERROR_COLOUR, WARNING_COLOUR


def findings_html(findings: Sequence[Finding]) -> str:
    rows = []
    for f in findings:
        colour = ERROR_COLOUR if f.severity is Severity.ERROR else WARNING_COLOUR
        rows.append(f"<span style='color:{colour}'><b>{html.escape(f.text())}</b></span>")
    return "<br/>".join(rows)


class ReasonDialog(QDialog):
    """Asks for a written reason, and for a breach also the act's reference.

    Used to accept warnings (reason), accept a breach (act's reference + reason,
    supervisors only), to resolve or send back (reason), and for a recount or an
    annulment (the decision's reference + reason).
    """

    def __init__(
        self,
        lang: Language,
        title_key: str,
        findings: Sequence[Finding] = (),
        *,
        reference_key: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reason-dialog")
        self.setWindowTitle(lang.t(title_key))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        if findings:
            shown = QLabel(findings_html(findings), self)
            shown.setObjectName("dialog-findings")
            shown.setTextFormat(Qt.TextFormat.RichText)
            shown.setWordWrap(True)
            layout.addWidget(shown)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.reference_edit: QLineEdit | None = None
        if reference_key is not None:
            self.reference_edit = QLineEdit(self)
            self.reference_edit.setObjectName("reference")
            self.reference_edit.setMaxLength(REFERENCE_MAX)
            self.reference_edit.setPlaceholderText(lang.t("ui.dialog.reference_placeholder"))
            form.addRow(lang.t(reference_key), self.reference_edit)
            self.reference_edit.textChanged.connect(self._update)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setObjectName("reason")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMinimumHeight(80)
        form.addRow(lang.t("ui.dialog.reason"), self.reason_edit)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(lang.t("ui.dialog.ok"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            lang.t("ui.dialog.cancel")
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._update)
        # Ctrl+Enter confirms (Enter alone starts a new line of the reason)
        self.reason_edit.installEventFilter(self)
        if self.reference_edit is not None:
            self.reference_edit.installEventFilter(self)
        ok.setToolTip("Ctrl+Enter")
        (self.reference_edit or self.reason_edit).setFocus()
        self._update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            if self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled():
                self.accept()
            return True  # never a new line, ready or not
        return super().eventFilter(watched, event)

    def _update(self) -> None:
        ready = bool(self.reason().strip()) and (
            self.reference_edit is None or bool(self.reference().strip())
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def reason(self) -> str:
        return self.reason_edit.toPlainText()

    def reference(self) -> str:
        """The act's reference (a breach) or the decision's (a recount, an annulment)."""
        return self.reference_edit.text() if self.reference_edit is not None else ""


def confirm(lang: Language, parent: QWidget, title_key: str, text: str) -> bool:
    """A yes/no question whose default is No (Enter must not confirm by accident)."""
    box = QMessageBox(parent)
    box.setObjectName("confirm")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(lang.t(title_key))
    box.setText(text)
    yes = box.addButton(lang.t("ui.dialog.yes"), QMessageBox.ButtonRole.YesRole)
    no = box.addButton(lang.t("ui.dialog.no"), QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.exec()
    return box.clickedButton() is yes


def about(lang: Language, parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        lang.t("ui.about.title"),
        "<h3>kztally {v}</h3><p>{text}</p><p>{fonts}</p>".format(
            v=html.escape(kztally.__version__),
            text=html.escape(lang.t("ui.about.text")),
            fonts=html.escape(lang.t("ui.about.fonts")),
        ),
    )
