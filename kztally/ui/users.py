"""Accounts, for the administrator: who may sign in, and in which role."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.errors import ServiceError
from kztally.ui.language import Language


class UsersDialog(QDialog):
    def __init__(self, lang: Language, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("users")
        self.lang = lang
        self.services = services
        t = lang.t
        self.setWindowTitle(t("ui.users.title"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.list = QListWidget(self)
        layout.addWidget(self.list, 1)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setObjectName("new-user-name")
        self.role = QComboBox(self)
        self.role.setObjectName("new-user-role")
        for role in Role:
            self.role.addItem(t(f"ui.role.{role.value}"), role.value)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(t("ui.signin.name"), self.name)
        form.addRow(t("ui.users.role"), self.role)
        form.addRow(t("ui.signin.password"), self.password)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.add_button = QPushButton(t("ui.users.add"), self)
        self.add_button.clicked.connect(self.add)
        row.addStretch(1)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(t("ui.dialog.close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for u in self.services.users.list():
            self.list.addItem(f"{u.name} — {self.lang.t(f'ui.role.{u.role.value}')}")

    def add(self) -> None:
        try:
            self.services.users.add(
                self.name.text().strip(),
                Role(str(self.role.currentData())),
                self.password.text() or None,
            )
        except ServiceError as exc:
            QMessageBox.warning(self, self.lang.t("ui.page.refused"), str(exc))
            return
        self.name.clear()
        self.password.clear()
        self.reload()
