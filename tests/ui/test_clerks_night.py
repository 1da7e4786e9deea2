"""The clerk's night (issue 13): errors said in the user's language, the first start's
language and its checks, what a save with a broken control ratio looks like, nothing to
save, only the actions the state machine allows, Ctrl+Enter in the reason dialogs."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import OperationalError

from kztally import config
from kztally.domain.entry import State
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.storage.database import open_database
from kztally.storage.errors import Unreachable
from kztally.ui import errors
from kztally.ui.app import check_database, create, read_definition
from kztally.ui.dialogs import ReasonDialog
from kztally.ui.language import Language, system_language
from kztally.ui.main_window import MainWindow
from kztally.ui.wizard import ElectionSource, FirstStartWizard, LanguagePage, Setup

from .conftest import when_modal
from .test_entry_flow import CLEAN, K4_BROKEN, P2, enter

ServicesFactory = Callable[..., Services]
Window = Callable[[str, Role], MainWindow]


def box_text(seen: list[tuple[str, int]]) -> Callable[[QWidget], None]:
    """Note a modal message box's text and height, then close it."""

    def act(box: QWidget) -> None:
        assert isinstance(box, QMessageBox), type(box)
        label = box.findChild(QLabel, "qt_msgbox_label")
        seen.append((label.text(), box.sizeHint().height()))
        box.done(0)

    return act


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason", "words"),
    [
        ("postgresql://postgres@127.0.0.1:1/postgres", "refused", "сервер не принимает"),
        ("postgresql://postgres@no-such-host.invalid/postgres", "unknown_host", "не найден"),
        ("postgresql://nobody_here@127.0.0.1:5432/postgres", "authentication", "пароль"),
        ("postgresql://postgres@127.0.0.1:5432/no_such_db_kz", "no_database", "нет такой базы"),
    ],
)
def test_a_database_that_cannot_be_reached_is_said_in_the_users_language(
    postgres_url: str, url: str, reason: str, words: str, qapp: object
) -> None:
    with pytest.raises(Unreachable) as caught:
        open_database(url)
    assert caught.value.reason == reason
    said = errors.describe(caught.value, Language("ru"))
    assert words in said
    assert "psycopg" not in said and "connection" not in said.lower()
    assert errors.describe(caught.value, Language("kk")) != errors.describe(
        caught.value, Language("en")
    )


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_in_a_slot_is_a_sentence_naming_the_log(
    qtbot: QtBot, window: Window, monkeypatch: pytest.MonkeyPatch, kztally_home: Path
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    w = window("clerk1", Role.CLERK)
    lang = Language("ru")
    errors.install(lang)

    def broken(*_: object) -> object:
        raise ZeroDivisionError("deep inside")

    monkeypatch.setattr(w.page.services.entry, "view", broken)
    seen: list[tuple[str, int]] = []
    when_modal(qtbot, box_text(seen))
    w.navigator.protocol_activated.emit(*P2)  # a slot raises
    qtbot.waitUntil(lambda: bool(seen))
    text, height = seen[0]
    log = kztally_home / config.ERROR_LOG
    assert text.startswith("Произошла непредвиденная ошибка")
    assert str(log) in text and "Traceback" not in text and "deep inside" not in text
    assert height < 300  # a normal box, not a traceback's 1,290 px
    assert "ZeroDivisionError: deep inside" in log.read_text(encoding="utf-8")

    def lost(*_: object) -> object:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr(w.page.services.entry, "view", lost)
    when_modal(qtbot, box_text(seen))
    w.navigator.protocol_activated.emit(*P2)
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen[1][0].startswith("Связь с базой данных прервалась")


def test_a_background_jobs_failure_is_a_sentence(qapp: object, kztally_home: Path) -> None:
    errors.install(Language("kk"))
    said = errors.job_text(RuntimeError("boom"))
    assert said.startswith("Күтпеген қате") and "errors.log" in said and "boom" not in said


# -- the first start ---------------------------------------------------------------------------


def test_the_first_start_follows_the_system_and_its_first_page_changes_the_language(
    qtbot: QtBot, kztally_home: Path
) -> None:
    assert system_language(QLocale("ru_RU")) == "ru"
    assert system_language(QLocale("kk_KZ")) == "kk"
    assert system_language(QLocale("de_DE")) == "kk"  # not ours: the default
    lang = Language.remembered(system="ru")
    assert lang.code == "ru"
    wizard = FirstStartWizard(lang)
    qtbot.addWidget(wizard)
    wizard.show()
    assert isinstance(wizard.currentPage(), LanguagePage)
    assert wizard.windowTitle() == lang.t("ui.wizard.title")
    wizard.language.buttons["en"].click()
    assert lang.code == "en" and wizard.currentPage().title() == "Language"
    assert json.loads(config.settings_path().read_text())["language"] == "en"
    assert Language.remembered(system="ru").code == "en"  # chosen once, kept


def test_a_wrong_postgresql_address_keeps_the_wizard_on_its_page(
    qtbot: QtBot, kztally_home: Path
) -> None:
    lang = Language("ru")
    wizard = FirstStartWizard(lang, check_database=check_database, read_definition=read_definition)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    assert wizard.currentPage() is wizard.database
    wizard.database.postgres.setChecked(True)
    wizard.database.url.setText("postgresql://postgres@127.0.0.1:1/kztally")
    seen: list[tuple[str, int]] = []
    when_modal(qtbot, box_text(seen))
    wizard.next()
    assert wizard.currentPage() is wizard.database  # not on with a database that is not there
    assert seen and "сервер не принимает подключение" in seen[0][0]
    assert seen[0][1] < 300


def test_a_definition_that_cannot_be_read_is_said_and_leaves_no_database(
    qtbot: QtBot, kztally_home: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "election.json"
    bad.write_text('{"format": "kztally-election", "version": 1', encoding="utf-8")
    lang = Language("kk")
    wizard = FirstStartWizard(lang, read_definition=read_definition)
    qtbot.addWidget(wizard)
    wizard.show()
    for _ in range(3):
        wizard.next()
    wizard.admin.password.setText("s3cret pass")
    wizard.admin.repeat.setText("s3cret pass")
    wizard.next()
    assert wizard.currentPage() is wizard.election
    wizard.election.file.setChecked(True)
    wizard.election.path.setText(str(bad))
    seen: list[tuple[str, int]] = []
    when_modal(qtbot, box_text(seen))
    assert not wizard.election.validatePage()
    assert seen[0][0].startswith("Бұл файлды сайлау анықтамасы ретінде оқу мүмкін емес")
    # and the finish itself reads the file before it makes anything
    target = tmp_path / "new.sqlite"
    setup = Setup(
        f"sqlite:///{target}", "chief", "s3cret pass", ElectionSource.FILE, definition=bad
    )
    with pytest.raises(Exception):  # noqa: B017 - whichever: the point is what is left
        create(setup, lambda _d, _t: None)
    assert not target.exists()


# -- a save, nothing to save, what may be done --------------------------------------------


def test_a_save_with_a_broken_control_ratio_does_not_look_like_a_clean_one(
    qtbot: QtBot, window: Window
) -> None:
    w = window("clerk1", Role.CLERK)
    w.open_protocol(*P2)
    w.page.form.set_figures(K4_BROKEN)
    assert "K4: 600 ≠ 10 + 580 + 20" in w.page.form.findings_label.text()  # stays in sight
    w.page.save()
    notice = w.page.notice
    assert notice.isVisibleTo(w) and notice.property("findings") == "error"
    assert "K4: 600 ≠ 10 + 580 + 20" in notice.text() and "#c62828" in notice.text()
    assert "1 broken control ratio" in notice.text()
    assert w.statusBar().currentMessage().startswith("⚠")
    w.open_protocol(*P2)
    second = window("clerk2", Role.CLERK)
    second.open_protocol(("P00003"), "MZ-L")
    second.page.form.set_figures(CLEAN)
    second.page.save()
    assert second.page.notice.property("findings") == ""
    assert "#2e7d32" in second.page.notice.text() and "⚠" not in second.page.notice.text()


def test_after_the_last_protocol_the_form_is_not_left_open(
    qtbot: QtBot, window: Window, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window("clerk1", Role.CLERK)
    w.lang.set("ru", remember=False)
    monkeypatch.setattr(w.navigator, "next_key", lambda *_a, **_k: None)  # nothing next
    w.open_protocol(*P2)
    w.page.form.set_figures(CLEAN)
    w.page.save()
    assert w.page.key == P2 and w.page.info is not None
    assert w.page.info.state is State.FIRST_ENTRY
    assert w.page.stack.currentWidget() is w.page.placeholder  # not an editable form
    assert w.lang.t("state.first_entry") in w.page.state_label.text().lower()
    w.save_action.trigger()  # Ctrl+S on nothing
    assert w.statusBar().currentMessage() == w.lang.t("ui.page.nothing_to_save")
    assert w.statusBar().currentMessage().startswith("Нечего сохранять")
    w.lang.set("en", remember=False)


def test_an_accepted_protocol_offers_no_send_back(
    qtbot: QtBot, window: Window, services: ServicesFactory
) -> None:
    enter(services("clerk1"), P2, CLEAN)
    assert enter(services("clerk2"), P2, CLEAN) is State.ACCEPTED
    boss = window("boss", Role.SUPERVISOR)
    boss.open_protocol(*P2)
    assert not boss.send_back_action.isEnabled() and not boss.accept_action.isEnabled()
    assert not boss.correct_action.isEnabled()
    assert boss.recount_action.isEnabled() and boss.annul_action.isEnabled()
    assert not boss.page.send_back_button.isVisibleTo(boss)
    boss.lang.set("ru", remember=False)
    boss.page.send_back()  # however it is reached: no reason asked, a sentence in Russian
    assert (
        boss.statusBar().currentMessage()
        == "Протокол в состоянии «принят»: это действие сейчас невозможно."
    )
    boss.lang.set("en", remember=False)


def test_a_pending_protocol_offers_its_decisions_and_ctrl_enter_confirms_a_reason(
    qtbot: QtBot, window: Window, services: ServicesFactory
) -> None:
    enter(services("clerk1"), P2, K4_BROKEN)
    assert enter(services("clerk2"), P2, K4_BROKEN) is State.PENDING
    boss = window("boss", Role.SUPERVISOR)
    boss.open_protocol(*P2)
    for action in (boss.accept_action, boss.send_back_action, boss.correct_action):
        assert action.isEnabled()
    assert boss.page.send_back_button.isVisibleTo(boss)

    def ctrl_enter(dialog: QWidget) -> None:
        assert isinstance(dialog, ReasonDialog)
        qtbot.keyClicks(dialog.reason_edit, "the commission's own recount")
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    when_modal(qtbot, ctrl_enter)
    boss.page.send_back()
    view = services("boss", Role.SUPERVISOR).entry.view(*P2)
    assert view.state is State.NOT_ENTERED  # Ctrl+Enter confirmed the reason


def test_ctrl_enter_does_nothing_while_the_reason_is_missing(qtbot: QtBot, lang: Language) -> None:
    dialog = ReasonDialog(lang, "ui.page.send_back_title")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and dialog.result() == 0
    qtbot.keyClicks(dialog.reason_edit, "x")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible() and dialog.result() == ReasonDialog.DialogCode.Accepted


def test_an_administrator_without_an_election_is_offered_the_load_again(
    qtbot: QtBot, lang: Language, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QWizard

    from kztally.ui.app import load_election_step
    from tests.conftest import PASSWORD

    db = open_database(f"sqlite:///{tmp_path / 'half.sqlite'}", migrate=True)
    try:
        admin = Services.sign_in(db, "chief", PASSWORD)  # a first start that stopped here

        def finish(wizard: QWidget) -> None:
            assert isinstance(wizard, QWizard) and wizard.objectName() == "load-election"
            wizard.election.mock.setChecked(True)  # type: ignore[attr-defined]
            wizard.button(QWizard.WizardButton.FinishButton).click()

        when_modal(qtbot, finish)
        assert load_election_step(lang, admin)
        assert admin.elections.require().training
    finally:
        db.close()
