"""The audit log in the app: the check at start says in red when the log's last events do
not hold; the log's screen lists events, shows the head and runs the full verify off the
GUI thread; a verify after sign-in never holds the window up."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, update

from kztally import config
from kztally.domain.audit import Head
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.audit import Progress, Verdict, check_tail
from kztally.services.context import Services
from kztally.services.errors import AuthenticationFailed
from kztally.storage.database import Database
from kztally.storage.models import AuditEventRow, ProtocolRow
from kztally.ui import audit_log
from kztally.ui.app import build_window
from kztally.ui.audit_log import VERIFY_AT_SIGN_IN, AuditLogDialog, EventsModel
from kztally.ui.language import Language
from kztally.ui.main_window import MainWindow
from tests.conftest import PASSWORD
from tests.ui.conftest import ServicesFactory

MZL = ContestId("MZ-L")
MakeWindow = Callable[[str, Role], MainWindow]


@pytest.fixture
def worked(services: ServicesFactory) -> None:
    """Two clerks entered three protocols (accepted)."""
    c1, c2 = services("c1"), services("c2")
    figures = Figures((1000, 600, 550, 20, 30, 550, 20, 5), (300, 150, 100), 15)
    for n in range(1, 4):
        p = AreaCode(f"P{n:05d}")
        v = c1.entry.enter(p, MZL, figures, expected_version=1)
        c2.entry.enter(p, MZL, figures, expected_version=v.version)


def last_seq(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.max(AuditEventRow.seq))).scalar_one())


def tamper_last_event(db: Database) -> int:
    """Rename the actor of the last event written so far, as an intruder with the SQLite
    file would, without recomputing its hash."""
    seq = last_seq(db)
    with db.engine.begin() as conn:
        conn.execute(update(AuditEventRow).where(AuditEventRow.seq == seq).values(actor="mallory"))
    return seq


def tamper_protocol_votes(db: Database) -> None:
    """A change the last events cannot show: an accepted protocol's votes."""
    with db.engine.begin() as conn:
        pid = conn.execute(select(func.min(ProtocolRow.id))).scalar_one()
        votes = conn.execute(select(ProtocolRow.votes).where(ProtocolRow.id == pid)).scalar_one()
        conn.execute(
            update(ProtocolRow)
            .where(ProtocolRow.id == pid)
            .values(votes=[votes[0] + 500, *votes[1:]])
        )


def open_dialog(w: MainWindow) -> AuditLogDialog:
    assert w.audit_action.isVisible()
    w.audit_action.trigger()
    assert w.audit_dialog is not None and w.audit_dialog.isVisible()
    return w.audit_dialog


def verify_now(qtbot: QtBot, dialog: AuditLogDialog) -> Verdict:
    with qtbot.waitSignal(dialog.verified, timeout=60000) as signal:
        dialog.verify_button.click()
    verdict = signal.args[0] if signal.args else None
    assert isinstance(verdict, Verdict)
    return verdict


def test_an_untouched_log_shows_no_band_and_verifies(
    qtbot: QtBot, window: MakeWindow, worked: None, db: Database
) -> None:
    w = window("admin", Role.ADMINISTRATOR)
    assert not w.audit_banner.isVisibleTo(w)
    dialog = open_dialog(w)
    count = last_seq(db)
    rows = dialog.model.rows
    assert [e.seq for e in rows] == list(range(count, 0, -1))  # latest first
    head = w.services.audit.head()
    assert dialog.head_label.text().endswith(f"{count}:{head.hash[:16]}")
    assert dialog.model.index(0, 6).data() == head.hash[:16]
    verdict = verify_now(qtbot, dialog)
    assert verdict.holds and verdict.head == head
    assert (
        dialog.result_label.text() == f"All holds: {count} events, every table agrees with the log."
    )
    assert "#1b5e20" in dialog.result_label.styleSheet()  # green
    assert not w.audit_banner.isVisibleTo(w)


def test_a_changed_last_event_turns_the_window_red_at_start(
    qtbot: QtBot, window: MakeWindow, worked: None, db: Database, lang: Language
) -> None:
    changed = tamper_last_event(db)
    w = window("admin", Role.ADMINISTRATOR)  # signing in appends an event after it
    banner = w.audit_banner
    assert banner.isVisibleTo(w)
    assert f"AUDIT LOG BROKEN: event {changed} does not follow" in banner.text()
    lang.set("kk", remember=False)
    assert f"№{changed} оқиға" in banner.text()
    lang.set("ru", remember=False)
    assert f"событие № {changed}" in banner.text()
    lang.set("en", remember=False)

    dialog = open_dialog(w)
    verdict = verify_now(qtbot, dialog)
    assert not verdict.holds
    assert (verdict.breaks[0].event, verdict.breaks[0].table) == (changed, "audit_event")
    text = dialog.result_label.text()
    assert text.startswith(f"First break — event {changed}, table audit_event: ")
    assert "#b00020" in dialog.result_label.styleSheet()  # red
    if len(verdict.breaks) > 1:
        assert f"And {len(verdict.breaks) - 1} more." in text


def test_a_clerk_sees_the_band_but_not_the_log(
    window: MakeWindow, worked: None, db: Database
) -> None:
    changed = tamper_last_event(db)
    w = window("c1", Role.CLERK)
    assert w.audit_banner.isVisibleTo(w)
    assert f"event {changed}" in w.audit_banner.text()
    assert not w.audit_action.isVisible()


def test_the_full_verify_finds_what_the_check_at_start_cannot(
    qtbot: QtBot, window: MakeWindow, worked: None, db: Database
) -> None:
    tamper_protocol_votes(db)
    w = window("sup", Role.SUPERVISOR)
    assert not w.audit_banner.isVisibleTo(w)  # the last events hold
    dialog = open_dialog(w)
    verdict = verify_now(qtbot, dialog)
    assert verdict.breaks[0].table == "protocol"
    assert "table protocol: P00001/MZ-L: its figures" in dialog.result_label.text()
    assert w.audit_banner.isVisibleTo(w)  # the window says so too
    assert "the full check found a change" in w.audit_banner.text()


def test_verify_can_be_cancelled(
    qtbot: QtBot,
    window: MakeWindow,
    worked: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = window("admin", Role.ADMINISTRATOR)
    dialog = open_dialog(w)
    started = threading.Event()

    def endless(head: Head | None = None, progress: Progress | None = None) -> Verdict:
        assert progress is not None
        while True:  # until Cancel makes progress raise
            started.set()
            progress(0, 6)
            threading.Event().wait(0.01)

    monkeypatch.setattr(w.services.audit, "verify", endless)
    dialog.verify_button.click()
    assert dialog.jobs.busy() and not dialog.verify_button.isEnabled()
    qtbot.waitUntil(started.is_set)
    dialog.jobs.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.jobs.busy())
    assert dialog.result_label.text() == "Cancelled"
    assert dialog.verify_button.isEnabled()


def test_the_verify_after_sign_in_never_holds_up_the_window(
    qtbot: QtBot,
    window: MakeWindow,
    worked: None,
    services: ServicesFactory,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The setting on, the window is built and usable while the verify is still held
    back; once it ends its break turns the band red."""
    config.save_setting(VERIFY_AT_SIGN_IN, True)
    tamper_protocol_votes(db)
    admin = services("admin")
    release = threading.Event()
    real = admin.audit.verify

    def held(head: Head | None = None, progress: Progress | None = None) -> Verdict:
        release.wait(60)
        return real(head, progress)

    monkeypatch.setattr(admin.audit, "verify", held)
    w = window("admin", Role.ADMINISTRATOR)
    assert w.audit_banner.job is not None  # started, and waiting
    assert w.isVisible() and not w.audit_banner.isVisibleTo(w)
    w.tab_actions[1].trigger()  # the window answers meanwhile
    assert w.tabs.currentIndex() == 1
    release.set()
    qtbot.waitUntil(lambda: w.audit_banner.job is None, timeout=60000)
    assert w.audit_banner.isVisibleTo(w)
    assert "table protocol" in w.audit_banner.text()


def test_the_setting_is_off_unless_chosen(qtbot: QtBot, window: MakeWindow, worked: None) -> None:
    w = window("admin", Role.ADMINISTRATOR)
    assert w.audit_banner.job is None
    dialog = open_dialog(w)
    assert not dialog.at_sign_in.isChecked()
    dialog.at_sign_in.setChecked(True)
    assert config.load_settings()[VERIFY_AT_SIGN_IN] is True


def test_pages_of_events(
    qtbot: QtBot,
    window: MakeWindow,
    worked: None,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: ModelTester,
) -> None:
    monkeypatch.setattr(audit_log, "PAGE", 5)
    w = window("admin", Role.ADMINISTRATOR)
    dialog = open_dialog(w)
    count = last_seq(db)
    assert [e.seq for e in dialog.model.rows] == list(range(count, count - 5, -1))
    assert not dialog.newer_button.isEnabled() and dialog.older_button.isEnabled()
    dialog.older_button.click()
    assert [e.seq for e in dialog.model.rows] == list(range(count - 5, count - 10, -1))
    assert dialog.page_label.text() == f"{count - 9}–{count - 5} of {count} events"
    while dialog.older_button.isEnabled():
        dialog.older_button.click()
    assert dialog.model.rows[-1].seq == 1
    assert dialog.model.index(len(dialog.model.rows) - 1, 2).data() == "log.started"
    dialog.newer_button.click()
    assert dialog.newer_button.isEnabled() or dialog.page == 0
    qtmodeltester.check(dialog.model)


def test_events_model(qtmodeltester: ModelTester, lang: Language) -> None:
    qtmodeltester.check(EventsModel(lang))


def test_the_check_before_sign_in_sees_what_sign_ins_bury(
    qtbot: QtBot, lang: Language, worked: None, db: Database
) -> None:
    """A wrong password and a sign-in append two events after a changed one: the window
    checks again after its sign-in and sees the log hold there, but the composition root
    checked before anyone signed in."""
    changed = tamper_last_event(db)
    at_start = check_tail(db)
    with pytest.raises(AuthenticationFailed):
        Services.sign_in(db, "c1", "a wrong password")
    clerk = Services.sign_in(db, "c1", PASSWORD)
    assert clerk.audit.check_tail().holds  # the last two events, now
    w = build_window(lang, db, clerk, audit_at_start=at_start)
    qtbot.addWidget(w)
    w.show()
    assert w.audit_banner.isVisibleTo(w)
    assert f"event {changed} does not follow" in w.audit_banner.text()
    w.timer.stop()
    w.results.timer.stop()
