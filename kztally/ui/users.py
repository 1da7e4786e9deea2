"""Accounts, for the administrator: who may sign in, in which role; new passwords (asked
for twice), role changes, deactivation. Calls the services directly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.entry import TransitionError
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.errors import AccountLocked, ServiceError, WeakPassword
from kztally.services.users import UserView, check_password
from kztally.storage.errors import NotPermitted
from kztally.ui.language import Language

ERROR_STYLE = "color: #b00020;"


def local_time(moment: dt.datetime) -> str:
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


def refusal_text(lang: Language, exc: ServiceError | TransitionError) -> str:
    """A refusal in the user's language: by its code, with the service's own sentence
    when there is no text for the code."""
    if isinstance(exc, WeakPassword):
        return lang.t(f"ui.error.weak_password.{exc.rule}", min=exc.minimum)
    if isinstance(exc, AccountLocked):
        return lang.t("ui.error.locked", until=local_time(exc.until))
    key = f"ui.error.{exc.code}"
    text = lang.t(key)
    return str(exc) if text == key else text


def password_problem(lang: Language, name: str, password: str, again: str) -> str:
    """Why this new password cannot be taken ("" when it can)."""
    if password != again:
        return lang.t("ui.wizard.mismatch")
    try:
        check_password(name, password)
    except WeakPassword as exc:
        return refusal_text(lang, exc)
    return ""


class NewPasswordFields:
    """A password and its repetition, with the reason it is refused shown under them."""

    def __init__(
        self,
        lang: Language,
        form: QFormLayout,
        parent: QWidget,
        label: str = "ui.signin.password",
    ) -> None:
        self.lang = lang
        self.password = QLineEdit(parent)
        self.password.setObjectName("new-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(parent)
        self.again.setObjectName("new-password-again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel(parent)
        self.problem.setObjectName("password-problem")
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        form.addRow(lang.t(label), self.password)
        form.addRow(lang.t("ui.users.password_again"), self.again)
        form.addRow(self.problem)

    def check(self, name: str) -> str:
        """The reason shown now ("" when the password can be taken)."""
        problem = password_problem(self.lang, name, self.password.text(), self.again.text())
        typed = bool(self.password.text() or self.again.text())
        self.problem.setText(problem if typed else "")
        return problem

    def clear(self) -> None:
        self.password.clear()
        self.again.clear()
        self.problem.clear()


class PasswordDialog(QDialog):
    """A new password for an account, typed twice; OK only when both agree and keep
    the rules."""

    def __init__(self, lang: Language, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reset-password")
        self.name = name
        self.setWindowTitle(lang.t("ui.users.reset_title", name=name))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.fields = NewPasswordFields(lang, form, self, "ui.users.new_password")
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(lang.t("ui.dialog.ok"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            lang.t("ui.dialog.cancel")
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for edit in (self.fields.password, self.fields.again):
            edit.textChanged.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        ok = self.fields.check(self.name) == ""
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def accept(self) -> None:
        if self.fields.check(self.name) == "":
            super().accept()

    def password(self) -> str:
        return self.fields.password.text()


class UsersDialog(QDialog):
    def __init__(self, lang: Language, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("users")
        self.lang = lang
        self.services = services
        self.users: dict[str, UserView] = {}
        t = lang.t
        self.setWindowTitle(t("ui.users.title"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.list = QListWidget(self)
        self.list.setObjectName("user-list")
        self.list.currentItemChanged.connect(lambda *_: self._selected())
        layout.addWidget(self.list, 1)

        actions = QHBoxLayout()
        self.change_role = QComboBox(self)
        self.change_role.setObjectName("change-role")
        for role in Role:
            self.change_role.addItem(t(f"ui.role.{role.value}"), role.value)
        self.set_role_button = QPushButton(t("ui.users.set_role"), self)
        self.set_role_button.setObjectName("set-role")
        self.set_role_button.clicked.connect(self.set_role)
        self.reset_button = QPushButton(t("ui.users.reset"), self)
        self.reset_button.setObjectName("reset-password")
        self.reset_button.clicked.connect(self.reset_password)
        self.active_button = QPushButton(t("ui.users.deactivate"), self)
        self.active_button.setObjectName("toggle-active")
        self.active_button.clicked.connect(self.toggle_active)
        for w in (self.change_role, self.set_role_button, self.reset_button, self.active_button):
            actions.addWidget(w)
        actions.addStretch(1)
        layout.addLayout(actions)

        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setObjectName("new-user-name")
        self.role = QComboBox(self)
        self.role.setObjectName("new-user-role")
        for role in Role:
            self.role.addItem(t(f"ui.role.{role.value}"), role.value)
        form.addRow(t("ui.signin.name"), self.name)
        form.addRow(t("ui.users.role"), self.role)
        self.new_password = NewPasswordFields(lang, form, self)
        self.password = self.new_password.password
        self.password_again = self.new_password.again
        layout.addLayout(form)
        row = QHBoxLayout()
        self.add_button = QPushButton(t("ui.users.add"), self)
        self.add_button.setObjectName("add-user")
        self.add_button.clicked.connect(self.add)
        row.addStretch(1)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        for edit in (self.name, self.password, self.password_again):
            edit.textChanged.connect(self._form_changed)
        self.message = QLabel(self)
        self.message.setObjectName("users-message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(t("ui.dialog.close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()
        self._form_changed()

    # -- the list ----------------------------------------------------------------------

    def _label(self, u: UserView) -> str:
        t = self.lang.t
        notes = []
        if not u.active:
            notes.append(t("ui.users.inactive"))
        if not u.has_password:
            notes.append(t("ui.users.no_password"))
        if u.locked_until is not None and u.locked_until > self.services.clock():
            notes.append(t("ui.users.locked", until=local_time(u.locked_until)))
        extra = f" ({', '.join(notes)})" if notes else ""
        return f"{u.name} — {t(f'ui.role.{u.role.value}')}{extra}"

    def reload(self) -> None:
        current = self.selected_name()
        self.list.clear()
        self.users = {u.name: u for u in self.services.users.list()}
        for u in self.users.values():
            item = QListWidgetItem(self._label(u))
            item.setData(Qt.ItemDataRole.UserRole, u.name)
            self.list.addItem(item)
            if u.name == current:
                self.list.setCurrentItem(item)
        self._selected()

    def selected_name(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def select(self, name: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentItem(item)

    def _selected(self) -> None:
        name = self.selected_name()
        user = self.users.get(name) if name is not None else None
        for w in (self.change_role, self.set_role_button, self.reset_button, self.active_button):
            w.setEnabled(user is not None)
        if user is None:
            return
        self.change_role.setCurrentIndex(self.change_role.findData(user.role.value))
        key = "ui.users.deactivate" if user.active else "ui.users.activate"
        self.active_button.setText(self.lang.t(key))

    # -- acting ------------------------------------------------------------------------

    def _do(self, action: Callable[[], object]) -> bool:
        """Run an account change; a refusal is shown under the list, in words."""
        try:
            action()
        except ServiceError as exc:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(refusal_text(self.lang, exc))
            return False
        except NotPermitted:  # PostgreSQL: accounts change with the administrators' login
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(self.lang.t("ui.users.not_permitted"))
            return False
        self.message.setStyleSheet("")
        self.message.setText(self.lang.t("ui.users.done"))
        self.reload()
        return True

    def set_role(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        role = Role(str(self.change_role.currentData()))
        version = self.users[name].version
        self._do(lambda: self.services.users.set_role(name, role, expected_version=version))

    def toggle_active(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        user = self.users[name]
        if user.active:
            self._do(lambda: self.services.users.deactivate(name, expected_version=user.version))
        else:
            self._do(lambda: self.services.users.activate(name, expected_version=user.version))

    def reset_password(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        dialog = PasswordDialog(self.lang, name, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        password = dialog.password()
        self._do(lambda: self.services.users.set_password(name, password))

    def _form_changed(self) -> None:
        problem = self.new_password.check(self.name.text().strip())
        self.add_button.setEnabled(bool(self.name.text().strip()) and problem == "")

    def add(self) -> None:
        name = self.name.text().strip()
        if self.new_password.check(name):
            return
        role = Role(str(self.role.currentData()))
        password = self.password.text()
        if self._do(lambda: self.services.users.add(name, role, password)):
            self.name.clear()
            self.new_password.clear()
