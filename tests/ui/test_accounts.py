"""The Users dialog (new accounts and new passwords asked for twice, roles,
deactivation), the sign-in dialog's refusals and the idle lock, under pytest-qt."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QDockWidget, QWidget
from pytestqt.qtbot import QtBot

from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.errors import SessionEnded
from kztally.services.users import SETTINGS, sign_in
from kztally.storage.database import Database
from kztally.storage.errors import NotPermitted
from kztally.ui.idle import IdleLock, LockDialog
from kztally.ui.language import Language
from kztally.ui.main_window import MainWindow
from kztally.ui.protocol_page import Mode
from kztally.ui.signin import SignInDialog
from kztally.ui.users import PasswordDialog, UsersDialog
from tests.conftest import PASSWORD

from .conftest import when_modal

ServicesFactory = Callable[..., Services]
SHOTS = os.environ.get("KZTALLY_SCREENSHOTS")
"""A folder to save screenshots of these screens in (for a person to look at)."""


def shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        assert widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def users_dialog(qtbot: QtBot, lang: Language, admin: Services) -> UsersDialog:
    dialog = UsersDialog(lang, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_new_account_needs_its_password_twice_and_keeping_the_rules(
    qtbot: QtBot, lang: Language, services: ServicesFactory
) -> None:
    admin = services("admin")
    dialog = users_dialog(qtbot, lang, admin)
    dialog.name.setText("aliya")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.SUPERVISOR.value))
    assert not dialog.add_button.isEnabled()  # no password yet
    for password, again, said in (
        ("short", "short", "at least 8"),
        ("ALIYA", "ALIYA", "account's name"),
        ("aliya's password", "aliya's passw0rd", "differ"),
    ):
        dialog.password.setText(password)
        dialog.password_again.setText(again)
        assert not dialog.add_button.isEnabled()
        assert said in dialog.new_password.problem.text()
    dialog.password_again.setText("aliya's password")
    assert dialog.add_button.isEnabled() and dialog.new_password.problem.text() == ""
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "aliya" in dialog.users and dialog.users["aliya"].role is Role.SUPERVISOR
    assert dialog.name.text() == "" and dialog.password.text() == ""
    assert sign_in(admin.db, "aliya", "aliya's password").role is Role.SUPERVISOR


def test_reset_asks_twice_and_refuses_a_mismatch(
    qtbot: QtBot, lang: Language, services: ServicesFactory
) -> None:
    admin = services("admin")
    clerk = services("bolat", Role.CLERK)
    lang.set("kk", remember=False)  # the screenshots show the Kazakh texts
    dialog = users_dialog(qtbot, lang, admin)
    dialog.select("bolat")

    reset = PasswordDialog(lang, "bolat")
    qtbot.addWidget(reset)
    ok = reset.buttons.button(QDialogButtonBox.StandardButton.Ok)
    reset.fields.password.setText("a brand new one")
    reset.fields.again.setText("a brand new 0ne")
    assert not ok.isEnabled() and reset.fields.problem.text() == lang.t("ui.wizard.mismatch")
    reset.accept()  # a mismatch is refused even if OK were pressed
    assert reset.result() == 0 and reset.isVisible() is False

    def mismatched(w: QWidget) -> None:
        assert isinstance(w, PasswordDialog)
        w.fields.password.setText("a brand new one")
        w.fields.again.setText("a brand new 0ne")
        assert not w.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        shot(w, "reset-password-mismatch-kk")
        w.reject()

    when_modal(qtbot, mismatched)
    dialog.reset_button.click()
    assert sign_in(admin.db, "bolat", PASSWORD).user == "bolat"  # unchanged

    def matching(w: QWidget) -> None:
        assert isinstance(w, PasswordDialog)
        w.fields.password.setText("a brand new one")
        w.fields.again.setText("a brand new one")
        button = w.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button.isEnabled()
        button.click()

    when_modal(qtbot, matching)
    dialog.reset_button.click()
    assert dialog.message.text() == lang.t("ui.users.done")
    shot(dialog, "users-dialog-kk")
    assert sign_in(admin.db, "bolat", "a brand new one").user == "bolat"
    with pytest.raises(SessionEnded):  # an administrator's reset ends the old sessions
        clerk.users.me()


def test_roles_and_deactivation_from_the_dialog(
    qtbot: QtBot, lang: Language, services: ServicesFactory
) -> None:
    admin = services("admin")
    services("dana", Role.SUPERVISOR)
    dialog = users_dialog(qtbot, lang, admin)
    dialog.select("dana")
    dialog.change_role.setCurrentIndex(dialog.change_role.findData(Role.OBSERVER.value))
    dialog.set_role_button.click()
    assert dialog.users["dana"].role is Role.OBSERVER
    assert dialog.active_button.text() == lang.t("ui.users.deactivate")
    dialog.active_button.click()
    assert not dialog.users["dana"].active
    assert lang.t("ui.users.inactive") in dialog.list.currentItem().text()
    assert dialog.active_button.text() == lang.t("ui.users.activate")
    shot(dialog, "users-dialog")
    # the last active administrator: refused, in words, nothing changed
    dialog.select("admin")
    dialog.active_button.click()
    assert dialog.users["admin"].active
    assert dialog.message.text() == lang.t("ui.error.last_administrator")
    dialog.change_role.setCurrentIndex(dialog.change_role.findData(Role.CLERK.value))
    dialog.set_role_button.click()
    assert dialog.users["admin"].role is Role.ADMINISTRATOR
    dialog.select("dana")
    dialog.active_button.click()
    assert dialog.users["dana"].active


def test_the_sign_in_dialog_says_until_when_an_account_is_locked(
    qtbot: QtBot, lang: Language, services: ServicesFactory
) -> None:
    admin = services("admin")
    services("erlan", Role.CLERK)
    lang.set("kk", remember=False)
    dialog = SignInDialog(lang, lambda n, p: Services.sign_in(admin.db, n, p))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("erlan")
    for _ in range(SETTINGS.failed_sign_in_limit):
        dialog.password.setText("not the password")
        dialog.try_sign_in()
    text = dialog.error.text()
    assert "бұғатталды" in text and "{until}" not in text
    shot(dialog, "sign-in-locked-kk")
    dialog.password.setText(PASSWORD)
    dialog.try_sign_in()
    assert dialog.result_value is None and "бұғатталды" in dialog.error.text()


def test_an_idle_workstation_locks_and_only_a_password_unlocks(
    qtbot: QtBot, lang: Language, services: ServicesFactory
) -> None:
    from kztally.ui.app import build_window

    admin = services("admin")
    clerk = services("gulnar", Role.CLERK)
    lang.set("kk", remember=False)
    window = build_window(lang, clerk.db, clerk, idle_lock_ms=60_000)
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    qtbot.waitExposed(window)
    lock = window.findChild(IdleLock)
    assert isinstance(lock, IdleLock) and not lock.locked
    # input keeps it open: the countdown starts again on every key or mouse event (read
    # off the timer, so a slow machine cannot make it flaky)
    for step in range(3):
        qtbot.waitUntil(lambda: lock.timer.remainingTime() < 59_900, timeout=5000)
        before = lock.timer.remainingTime()
        if step % 2:
            qtbot.keyClick(window, Qt.Key.Key_Shift)
        else:
            qtbot.mouseClick(window.menuBar(), Qt.MouseButton.LeftButton, pos=QPoint(900, 5))
        QApplication.processEvents()
        assert not lock.locked and lock.timer.remainingTime() > before
    lock.timer.setInterval(50)  # then no input at all
    lock.timer.start()
    qtbot.waitUntil(lambda: lock.locked, timeout=5000)
    dialog = lock.dialog
    assert isinstance(dialog, LockDialog) and dialog.isVisible()
    assert dialog.isModal()
    central = window.centralWidget()
    assert central is not None and not central.isVisible()  # no figures on the screen
    docks = window.findChildren(QDockWidget)
    assert docks and not any(d.isVisible() for d in docks)
    assert not window.menuBar().isEnabled()
    shot(window, "idle-lock-window-kk")
    shot(dialog, "idle-lock-dialog-kk")
    # escape and wrong passwords do not unlock
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert lock.locked and dialog.isVisible()
    dialog.password.setText("not the password")
    dialog.try_unlock()
    assert lock.locked and dialog.error.text()
    # another clerk cannot unlock; an administrator can
    services("other", Role.CLERK)
    dialog.name.setText("other")
    dialog.password.setText(PASSWORD)
    dialog.try_unlock()
    assert lock.locked
    dialog.name.setText("gulnar")
    dialog.password.setText(PASSWORD)
    dialog.try_unlock()
    assert not lock.locked and central.isVisible() and all(d.isVisible() for d in docks)
    assert window.menuBar().isEnabled()
    qtbot.waitUntil(lambda: lock.locked, timeout=3000)  # idle again: locked again
    assert lock.dialog is not None
    lock.dialog.name.setText("admin")
    lock.dialog.password.setText(PASSWORD)
    lock.dialog.try_unlock()
    assert not lock.locked
    # a deactivated account's lock cannot be lifted: the session is over
    admin.users.deactivate("gulnar")
    qtbot.waitUntil(lambda: lock.locked, timeout=3000)
    assert lock.dialog is not None
    lock.dialog.password.setText(PASSWORD)
    lock.dialog.try_unlock()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)
    lock.lock()  # a closed window is not locked again
    assert not lock.locked
    window.timer.stop()
    window.results.timer.stop()


def test_an_observers_window_shows_no_figures_before_acceptance(
    qtbot: QtBot, window: Callable[[str, Role], MainWindow], services: ServicesFactory
) -> None:
    key = (AreaCode("P00002"), ContestId("MZ-L"))
    w3 = Figures((1000, 600, 550, 20, 30, 500, 20, 5), (300, 150, 50), 15)
    for clerk in ("c1", "c2"):
        s = services(clerk, Role.CLERK)
        s.entry.enter(*key, w3, expected_version=s.entry.view(*key).version)
    sup = services("sup", Role.SUPERVISOR)
    assert sup.entry.view(*key).state is State.PENDING
    w = window("obs", Role.OBSERVER)
    w.open_protocol(*key)
    page = w.page
    assert page.info is not None and page.info.state is State.PENDING
    assert (page.info.figures, page.info.first, page.info.second) == (None, None, None)
    # The observer's own blank copy form: not one official figure in it.
    assert page.mode == Mode.OBSERVE and page.stack.currentWidget() is page.form
    blank = page.form.figures()
    assert set(blank.lines) == {None} and set(blank.votes) == {None}
    assert blank.against_all is None
    assert all(r.figures is None for r in w.services.entry.history(*key))
    shot(w, "observer-pending")
    sup.entry.accept(*key, reason="voters left", expected_version=sup.entry.view(*key).version)
    page.reload()
    assert page.info is not None and page.info.figures == w3


def test_the_first_person_signing_in_to_an_empty_database_types_the_password_twice(
    qtbot: QtBot, lang: Language, db: Database
) -> None:
    from kztally.ui.app import sign_in as app_sign_in

    seen: list[str] = []

    def again(w: QWidget) -> None:
        assert isinstance(w, PasswordDialog)
        ok = w.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert w.fields.password.text() == "chief's password"
        w.fields.again.setText("chief's passw0rd")
        assert not ok.isEnabled()  # a mismatch is refused
        seen.append(w.fields.problem.text())
        w.fields.again.setText("chief's password")
        ok.click()

    def sign(w: QWidget) -> None:
        assert isinstance(w, SignInDialog)
        w.name.setText("chief")
        w.password.setText("chief's password")
        when_modal(qtbot, again)
        w.try_sign_in()

    when_modal(qtbot, sign)
    services = app_sign_in(lang, db)
    assert services is not None and services.actor.role is Role.ADMINISTRATOR
    assert seen == [lang.t("ui.wizard.mismatch")]
    assert sign_in(db, "chief", "chief's password").user == "chief"


def test_an_account_change_the_database_login_may_not_make_is_said_in_words(
    qtbot: QtBot, lang: Language, services: ServicesFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL a workstation's login may not change accounts (db/grants.sql): the
    dialog says which login it takes, and nothing changes."""
    admin = services("admin")
    services("dana", Role.SUPERVISOR)
    dialog = users_dialog(qtbot, lang, admin)

    def refused(*args: object, **kwargs: object) -> None:
        raise NotPermitted("ws_01", "permission denied for table account")

    monkeypatch.setattr(admin.users, "set_role", refused)
    dialog.select("dana")
    dialog.change_role.setCurrentIndex(dialog.change_role.findData(Role.OBSERVER.value))
    dialog.set_role_button.click()
    assert dialog.message.text() == lang.t("ui.users.not_permitted")
    assert dialog.users["dana"].role is Role.SUPERVISOR


def test_the_sign_in_dialog_says_when_the_first_account_takes_the_administrators_login(
    qtbot: QtBot, lang: Language
) -> None:
    """PostgreSQL, a workstation's login on an empty database: the first account (with a
    password) takes the administrators' login; the dialog says so and stays open."""

    def refused(name: str, password: str | None) -> object:
        raise NotPermitted("ws_01", "permission denied for table account")

    lang.set("ru", remember=False)
    dialog = SignInDialog(lang, refused)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("admin")
    dialog.password.setText(PASSWORD)
    dialog.try_sign_in()
    assert dialog.result_value is None
    assert dialog.error.text() == lang.t("ui.users.not_permitted")
    shot(dialog, "sign-in-not-permitted-ru")
