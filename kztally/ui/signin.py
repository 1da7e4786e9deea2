"""Sign-in: an account name and its password."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kztally.services.errors import REFUSED
from kztally.storage.errors import NotPermitted
from kztally.ui.language import LANGUAGE_NAMES, Language
from kztally.ui.users import refusal_text

SignIn = Callable[[str, str | None], object]
"""Checks the name and password; returns what the app needs, raises a ServiceError (a
wrong password, a locked or deactivated account: shown in words, with until when)."""


class SignInDialog(QDialog):
    def __init__(
        self,
        lang: Language,
        sign_in: SignIn,
        database_label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sign-in")
        self.lang = lang
        self._sign_in = sign_in
        self.result_value: object = None
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.where = QLabel(database_label, self)
        self.where.setWordWrap(True)
        layout.addWidget(self.where)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.name = QLineEdit(self)
        self.name.setObjectName("user-name")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.language = QComboBox(self)
        self.language.setObjectName("sign-in-language")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(lang.code))
        self.language.currentIndexChanged.connect(
            lambda _i: lang.set(str(self.language.currentData()))
        )
        self.name_label = QLabel(self)
        self.password_label = QLabel(self)
        self.language_label = QLabel(self)
        self.form.addRow(self.name_label, self.name)
        self.form.addRow(self.password_label, self.password)
        self.form.addRow(self.language_label, self.language)
        layout.addLayout(self.form)
        self.error = QLabel(self)
        self.error.setObjectName("sign-in-error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.retranslate()
        lang.changed.connect(self.retranslate)

    def try_sign_in(self) -> None:
        name = self.name.text().strip()
        password = self.password.text() or None
        try:
            self.result_value = self._sign_in(name, password)
        except REFUSED as exc:
            self._refused(refusal_text(self.lang, exc))
            return
        except NotPermitted:  # PostgreSQL: the first account takes the administrators' login
            self._refused(self.lang.t("ui.users.not_permitted"))
            return
        self.accept()

    def _refused(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.adjustSize()
        self.password.selectAll()
        self.password.setFocus()

    def retranslate(self, *_: object) -> None:
        t = self.lang.t
        self.setWindowTitle(t("ui.signin.title"))
        self.title.setText(t("ui.signin.heading"))
        self.name_label.setText(t("ui.signin.name"))
        self.password_label.setText(t("ui.signin.password"))
        self.language_label.setText(t("ui.signin.language"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(t("ui.signin.ok"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("ui.dialog.cancel"))
