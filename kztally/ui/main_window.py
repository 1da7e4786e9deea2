"""The main window: the navigator beside the protocol, results and the list of what is
missing; menus by role; shortcuts; geometry and language remembered."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kztally import config
from kztally.domain.entry import State, Transition
from kztally.domain.ids import AreaCode, ContestId, ProtocolKey
from kztally.domain.rules import Role
from kztally.services.audit import TailCheck
from kztally.services.context import Services
from kztally.services.errors import REFUSED
from kztally.ui.audit_log import AuditBanner, AuditLogDialog, reads_log, verify_at_sign_in
from kztally.ui.capabilities import Capabilities
from kztally.ui.designations import DesignationsDialog
from kztally.ui.dialogs import ReasonDialog, about, confirm
from kztally.ui.help import GuideDialog, ShortcutsDialog
from kztally.ui.jobs import Job, JobBar, Report
from kztally.ui.language import LANGUAGE_NAMES, Language
from kztally.ui.lots import LotsDialog
from kztally.ui.missing import MissingView
from kztally.ui.navigator import Navigator
from kztally.ui.paper_menu import add_paper_menu
from kztally.ui.protocol_page import Mode, ProtocolPage
from kztally.ui.results import ResultsView
from kztally.ui.training.new_session import NewSessionDialog
from kztally.ui.training.practice import PracticeDialog, PracticeOffer
from kztally.ui.training.query import add_query_button, query_commission
from kztally.ui.training.recorder import WorkRecorder
from kztally.ui.training.trainer import TrainerDialog
from kztally.ui.widgets import OfficialLabel, TrainingBanner, election_name

if TYPE_CHECKING:
    from kztally.ui.crosscheck import CrossCheckDialog
    from kztally.ui.forensics import ForensicsDialog

POLL_MS = 2000


@dataclass(frozen=True, slots=True)
class Hooks:
    """What the composition root offers beyond the services (None hides the menu item)."""

    backup: Callable[[Path, Report], object] | None = None
    suggested_backup_name: str = "kztally-backup.sqlite"
    manage_users: Callable[[QWidget], None] | None = None
    mock_election: Callable[[Report], object] | None = None
    import_files: Callable[[list[Path], Report], str] | None = None
    """Imports definition and protocol files; returns a one-line summary."""
    export_to: Callable[[Path, Report], str] | None = None
    sign_out: Callable[[], None] | None = None
    database_label: str = ""
    training: bool = False
    audit_at_start: TailCheck | None = None
    """The audit log's last events as checked before its person signed in."""
    offer_practice: bool = False
    """Offer a clerk the keyboard practice after their first sign-in."""


class MainWindow(QMainWindow):
    states_changed = Signal()

    def __init__(
        self,
        lang: Language,
        services: Services,
        hooks: Hooks = Hooks(),
    ) -> None:
        super().__init__()
        self.setObjectName("main-window")
        self.lang = lang
        self.services = services
        self.hooks = hooks
        self.election = services.elections.require()
        self.caps = Capabilities.of(services.actor.role)
        self._version: int | None = None
        self._entered_by_me: set[ProtocolKey] = set()
        self._states_job: Job | None = None
        self._first_broken_job: Job | None = None
        self._states_again = False

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = TrainingBanner(lang, central)
        self.banner.setVisible(self.election.training or hooks.training)
        layout.addWidget(self.banner)
        # the audit log's last events, checked now (two rows read): red when they do not hold
        self.audit_banner = AuditBanner(lang, services, central, hooks.audit_at_start)
        layout.addWidget(self.audit_banner)
        self.practice_offer = PracticeOffer(lang, central)
        self.practice_offer.linkActivated.connect(self._practice_from_offer)
        layout.addWidget(self.practice_offer)
        self.audit_dialog: AuditLogDialog | None = None
        self.forensics_dialog: ForensicsDialog | None = None  # made when first asked for
        self.tabs = QTabWidget(central)
        self.tabs.setObjectName("main-tabs")
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.page = ProtocolPage(lang, services, self.tabs)
        # training: every entry's keys, corrections and time recorded; the supervisors' query
        self.work_recorder = (
            WorkRecorder(self.page) if self.election.training and self.caps.enter else None
        )
        self.query_button = add_query_button(self.page)
        self.query_button.setVisible(self.caps.decide or self.caps.administer)
        self.results = ResultsView(lang, services, self.tabs)
        self.missing = MissingView(self.election, lang, self.tabs)
        self.tabs.addTab(self.page, "")
        self.tabs.addTab(self.results, "")
        self.tabs.addTab(self.missing, "")

        self.navigator = Navigator(self.election, lang, self)
        self.dock = QDockWidget(self)
        self.dock.setObjectName("navigator-dock")
        self.dock.setWidget(self.navigator)
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.resizeDocks([self.dock], [520], Qt.Orientation.Horizontal)

        self.user_label = QLabel(self)
        self.db_label = QLabel(self)
        self.jobs = JobBar(lang, self)
        self.official_label = OfficialLabel(lang, self)
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.jobs)
        self.statusBar().addPermanentWidget(self.official_label)

        self.navigator.protocol_activated.connect(self.open_protocol)
        self.navigator.area_selected.connect(self._area_selected)
        self.missing.protocol_activated.connect(self.open_protocol)
        self.page.saved.connect(self._saved)
        self.page.actions_changed.connect(self._update_protocol_actions)
        self.page.next_requested.connect(self.open_next)
        self.page.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.results.area_changed.connect(self.missing.set_area)
        self.results.lots_requested.connect(self.open_lots)
        self.results.designations_requested.connect(self.open_designations)

        self._build_menus()
        self.update_official()
        self.retranslate()
        lang.changed.connect(self.retranslate)
        # The states come from the database off the GUI thread: the window is usable at once
        # and the navigator's colours and counts follow a moment later.
        self.refresh_states()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh_states)
        self.timer.start()
        self.results.start()
        self.restore_geometry()
        if verify_at_sign_in():  # the full verify, off the GUI thread
            self.audit_banner.start_background_verify()
        if hooks.offer_practice and services.actor.role is Role.CLERK:
            QTimer.singleShot(0, self.offer_practice)

    # -- training ----------------------------------------------------------------------

    def query_commission(self) -> bool:
        return query_commission(self.page)

    def open_training_score(self) -> TrainerDialog:
        dialog = TrainerDialog(
            self.lang, self.services.training.score, election_name(self.election, self.lang), self
        )
        dialog.refresh()
        dialog.show()
        return dialog

    def new_training_session(self) -> NewSessionDialog:
        dialog = NewSessionDialog(self.lang, self.services.actor.user, self)
        dialog.show()
        return dialog

    def _practice_from_offer(self, _link: str) -> None:
        self.practice_offer.hide()
        self.open_practice()

    def open_practice(self) -> PracticeDialog:
        dialog = PracticeDialog(self.lang, self.election, self)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def offer_practice(self) -> None:
        """After a clerk's first sign-in: a line above the tabs offering the practice (no
        question that would take the keyboard from the form)."""
        try:
            first = self.services.training.first_sign_in()
        except REFUSED:
            return
        if first:
            self.practice_offer.show()

    # -- menus -------------------------------------------------------------------------
    def _action(
        self,
        menu_key: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        *,
        visible: bool = True,
        shown_shortcut: str = "",
    ) -> QAction:
        action = QAction(self)
        action.setObjectName(f"action-{menu_key}")
        action.setData(menu_key)
        action.setProperty("shown_shortcut", shown_shortcut)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        action.setVisible(visible)
        self._actions.append(action)
        return action

    def _build_menus(self) -> None:
        self._actions: list[QAction] = []
        self._menus: list[tuple[QMenu, str]] = []
        bar = self.menuBar()
        caps = self.caps

        def menu(key: str) -> QMenu:
            m = bar.addMenu("")
            m.setObjectName(f"menu-{key}")
            self._menus.append((m, key))
            return m

        file_menu = menu("file")
        self.backup_action = self._action(
            "backup",
            self.backup,
            "Ctrl+B",
            visible=self.hooks.backup is not None and (caps.administer or caps.decide),
        )
        self.users_action = self._action(
            "users",
            self.manage_users,
            visible=self.hooks.manage_users is not None and caps.administer,
        )
        self.mock_action = self._action(
            "mock",
            self.generate_mock,
            visible=self.hooks.mock_election is not None and (caps.train or caps.administer),
        )
        self.import_action = self._action(
            "import",
            self.import_files,
            QKeySequence.StandardKey.Open,
            visible=self.hooks.import_files is not None
            and (caps.administer or caps.decide or caps.train),
        )
        self.export_action = self._action(
            "export", self.export_to, visible=self.hooks.export_to is not None
        )
        self.mark_official_action = self._action(
            "mark_official", self.mark_official, visible=caps.administer
        )
        self.unlock_official_action = self._action(
            "unlock_official", self.unlock_official, visible=caps.administer
        )
        self.sign_out_action = self._action(
            "sign_out", self._sign_out, visible=self.hooks.sign_out is not None
        )
        self.quit_action = self._action("quit", self.close, QKeySequence.StandardKey.Quit)
        for a in (
            self.import_action,
            self.export_action,
            self.backup_action,
            self.users_action,
            self.mock_action,
        ):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.mark_official_action)
        file_menu.addAction(self.unlock_official_action)
        file_menu.addSeparator()
        file_menu.addAction(self.sign_out_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        protocol_menu = menu("protocol")
        self.save_action = self._action(
            "save",
            self.page.save,
            visible=caps.enter or self.page.observers is not None,
            shown_shortcut="Ctrl+S",
        )
        self.next_action = self._action("next", self.open_next, "F8", visible=caps.enter)
        self.accept_action = self._action("accept", self.page.accept_pending, visible=caps.decide)
        self.correct_action = self._action(
            "correct", self.page.start_correction, visible=caps.decide
        )
        self.send_back_action = self._action("send_back", self.page.send_back, visible=caps.decide)
        self.recount_action = self._action("recount", self.page.recount, visible=caps.decide)
        self.annul_action = self._action("annul", self.page.annul, visible=caps.decide)
        self.history_action = self._action("history", self.page.show_history, "Ctrl+H")
        self.query_action = self._action(
            "query", self.query_commission, visible=caps.decide or caps.administer
        )
        self.attach_action = self._action(
            "attach",
            self.page.attachments.choose_file,
            "Ctrl+Shift+A",
            visible=self.page.store is not None and (caps.enter or caps.administer),
        )
        for a in (self.save_action, self.next_action):
            protocol_menu.addAction(a)
        protocol_menu.addSeparator()
        for a in (
            self.accept_action,
            self.correct_action,
            self.send_back_action,
            self.recount_action,
            self.annul_action,
        ):
            protocol_menu.addAction(a)
        protocol_menu.addSeparator()
        protocol_menu.addAction(self.query_action)
        protocol_menu.addAction(self.history_action)
        protocol_menu.addAction(self.attach_action)

        view_menu = menu("view")
        self.find_action = self._action("find", self.navigator.focus_filter)
        self.find_action.setProperty("shown_shortcut", "Ctrl+F")
        self.tab_actions = [
            self._action(f"tab{i}", self._tab_switcher(i), f"Ctrl+{i + 1}") for i in range(3)
        ]
        self.refresh_action = self._action(
            "refresh", lambda: self.refresh_states(force=True), QKeySequence.StandardKey.Refresh
        )
        self.lots_action = self._action("lots", self.open_lots)
        self.designations_action = self._action("designations", self.open_designations)
        # every role that sees the results: the service reads accepted protocols only, so
        # an observer sees no figure before its acceptance, as on the results screen
        self.forensics_action = self._action("forensics", self.open_forensics)
        # observers check their copies; supervisors and administrators every observer's
        self.crosscheck_action = self._action(
            "crosscheck",
            self.open_crosscheck,
            visible=caps.observe or caps.decide or caps.administer,
        )
        for a in (
            self.find_action,
            *self.tab_actions,
            self.refresh_action,
            self.lots_action,
            self.designations_action,
            self.forensics_action,
            self.crosscheck_action,
        ):
            view_menu.addAction(a)
        self.audit_action = self._action(
            "audit_log", self.show_audit_log, visible=reads_log(self.services)
        )
        self.training_score_action = self._action(
            "training_score",
            self.open_training_score,
            visible=self.election.training and (caps.train or caps.administer),
        )
        view_menu.addAction(self.training_score_action)
        self.training_new_action = self._action(
            "training_new", self.new_training_session, visible=caps.train or caps.administer
        )
        view_menu.addAction(self.training_new_action)
        view_menu.addSeparator()
        view_menu.addAction(self.audit_action)

        self.paper_actions = add_paper_menu(self, menu("paper"))  # print, intake, keys

        language_menu = menu("language")
        group = QActionGroup(self)
        group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGE_NAMES.items():
            a = QAction(name, self)
            a.setObjectName(f"action-language-{code}")
            a.setCheckable(True)
            a.setChecked(code == self.lang.code)
            a.triggered.connect(lambda _c=False, code=code: self.lang.set(code))
            group.addAction(a)
            language_menu.addAction(a)
            self.language_actions[code] = a

        help_menu = menu("help")
        self.about_action = self._action("about", lambda: about(self.lang, self))
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_qt_action = self._action("about_qt", QApplication.aboutQt)
        self.about_qt_action.setMenuRole(QAction.MenuRole.AboutQtRole)
        self.shortcuts_action = self._action("shortcuts", self.show_shortcuts, "F1")
        self.shortcuts_action.setProperty("shown_shortcut", "F1")
        self.guide_action = self._action("guide", lambda: GuideDialog(self.lang, self).exec())
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.guide_action)
        self.practice_action = self._action("practice", self.open_practice, visible=caps.enter)
        help_menu.addAction(self.practice_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        help_menu.addAction(self.about_qt_action)
        for a in self._actions:
            self.addAction(a)

    def screen_in_use(self) -> str:
        """The screen the keyboard is in: the navigator, or the tab shown."""
        focus = QApplication.focusWidget()
        if focus is not None and self.navigator.isAncestorOf(focus):
            return "navigator"
        return ("protocol", "results", "missing")[max(0, self.tabs.currentIndex()) % 3]

    def show_shortcuts(self) -> None:
        """F1: the keys of the screen in use, and every menu's shortcut."""
        ShortcutsDialog(self.lang, self.screen_in_use(), self._actions, self).exec()

    def open_lots(self) -> None:
        """The ties of the results and their drawings of lots; the results follow."""
        dialog = LotsDialog(self.lang, self.services, self)
        dialog.exec()
        self.results.refresh(force=True)

    def open_designations(self) -> None:
        """Who takes each list's seats, and the parties' designations."""
        DesignationsDialog(self.lang, self.services, self).exec()

    def open_forensics(self) -> ForensicsDialog:
        """The forensics panel, not modal (one per window): the night goes on beside it."""
        from kztally.ui.forensics import ForensicsDialog  # matplotlib loads when first asked

        if self.forensics_dialog is None:
            self.forensics_dialog = ForensicsDialog(self.lang, self.services, self)
        if self.forensics_dialog.isVisible():
            self.forensics_dialog.raise_()
        else:
            self.forensics_dialog.show()
        return self.forensics_dialog

    def open_crosscheck(self) -> CrossCheckDialog:
        """The observers' cross-check overview, not modal (one per window)."""
        from kztally.ui.crosscheck import CrossCheckDialog

        dialog = self.findChild(CrossCheckDialog, "crosscheck-dialog")
        if dialog is None:
            dialog = CrossCheckDialog(self.lang, self.services, self)
        if dialog.isVisible():
            dialog.raise_()
        else:
            dialog.show()
        return dialog

    def _tab_switcher(self, i: int) -> Callable[[], None]:
        return lambda: self.tabs.setCurrentIndex(i)

    # -- protocols ---------------------------------------------------------------------
    def open_protocol(self, precinct: str, contest: str) -> None:
        key = (AreaCode(precinct), ContestId(contest))
        if self.page.key != key and not self.page.may_leave():  # typed figures: save?
            if self.page.key is not None:
                self.navigator.select_key(self.page.key)
            self.tabs.setCurrentWidget(self.page)
            return
        self.tabs.setCurrentWidget(self.page)
        self.page.open(AreaCode(precinct), ContestId(contest))
        self.navigator.select_key((AreaCode(precinct), ContestId(contest)))
        self._update_protocol_actions()

    def open_next(self) -> None:
        """The next protocol that needs an entry, after the current one, in navigator order
        (within the filter and the chosen ballot type)."""
        key = self.navigator.next_key(
            self.page.key,
            (State.NOT_ENTERED, State.FIRST_ENTRY),
            skip=self._entered_by_me,
        )
        if key is None:
            self.statusBar().showMessage(self.lang.t("ui.main.nothing_next"), 8000)
            return
        self.open_protocol(*key)

    def _saved(self, precinct: str, contest: str, state: str) -> None:
        if state == State.FIRST_ENTRY.value:
            self._entered_by_me.add((AreaCode(precinct), ContestId(contest)))
        self.refresh_states(force=True)
        if self.page.key is not None:  # the tree highlights the protocol shown
            self.navigator.select_key(self.page.key)

    def _area_selected(self, area: str) -> None:
        self.missing.set_area(area)

    def _update_protocol_actions(self) -> None:
        has = self.page.key is not None
        for a in (self.history_action, self.attach_action):
            a.setEnabled(has)
        # only what the state machine allows now (kztally.domain.entry.allowed)
        may = self.page.allowed_now()
        self.accept_action.setEnabled(
            bool(may & {Transition.ACCEPT_WARNINGS, Transition.ACCEPT_BREACH})
        )
        self.correct_action.setEnabled(Transition.CORRECT in may)
        self.send_back_action.setEnabled(Transition.SEND_BACK in may)
        self.recount_action.setEnabled(Transition.RECOUNT in may)
        self.annul_action.setEnabled(Transition.ANNUL in may)

    def refresh_states(self, *, force: bool = False) -> None:
        """Take in every protocol's state when the data version moved: at once when forced
        (after this window's own action), else read in the background (the poll)."""
        version = self.services.data_version()
        if not force and version == self._version:
            return
        if force:
            self._apply_states(version, self.services.entry.states())
            self._read_first_broken()
            return
        if self._states_job is not None:
            self._states_again = True
            return
        job = Job(lambda _report: (version, self.services.entry.states(), self._first_broken()))
        job.signals.finished.connect(self._states_read)
        job.signals.failed.connect(self._states_failed)
        self._states_job = job
        QThreadPool.globalInstance().start(job)

    def _states_read(self, result: object) -> None:
        self._states_job = None
        assert isinstance(result, tuple)
        version, states, first_broken = result
        if self._version is None or version > self._version:
            self._apply_states(version, states, first_broken)
        if self._states_again:
            self._states_again = False
            self.refresh_states()

    def _states_failed(self, message: str) -> None:
        self._states_job = None
        self.statusBar().showMessage(message.splitlines()[0] if message else "", 8000)

    def _apply_states(
        self,
        version: int,
        states: Mapping[ProtocolKey, State],
        first_broken: Mapping[ProtocolKey, tuple[str, ...]] | None = None,
    ) -> None:
        self._version = version
        self.update_official()
        self.navigator.set_states(states, first_broken)
        self.missing.set_states(states)
        self.states_changed.emit()
        page = self.page
        if page.key is not None and page.mode in (Mode.READ, Mode.NONE, Mode.COMPARE):
            page.reload()

    def _first_broken(self) -> dict[ProtocolKey, tuple[str, ...]] | None:
        """The first entries that break a control ratio, for the navigator's rows (None:
        not read now, the rows keep what they showed). Read in the background: checking
        every first entry waiting for its second takes a while on a national database."""
        try:
            return self.services.entry.first_entry_breaches()
        except REFUSED:
            return None

    def _read_first_broken(self) -> None:
        job = Job(lambda _report: self._first_broken())
        job.signals.finished.connect(self._first_broken_read)
        job.signals.failed.connect(lambda _message: self._first_broken_read(None))
        self._first_broken_job = job  # kept until it reports
        QThreadPool.globalInstance().start(job)

    def _first_broken_read(self, result: object) -> None:
        self._first_broken_job = None
        if isinstance(result, dict):
            self.navigator.set_first_broken(result)

    # -- official results -----------------------------------------------------------------
    def update_official(self) -> None:
        """The status bar's label, and which of mark and unlock an administrator may use."""
        try:
            status = self.services.official.status()
        except REFUSED as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        self.official_label.set_status(status)
        self.mark_official_action.setEnabled(not status.official)
        self.unlock_official_action.setEnabled(status.official)

    def mark_official(self) -> None:
        t = self.lang.t
        if not confirm(self.lang, self, "ui.official.mark_title", t("ui.official.mark_question")):
            return
        self._official_step(self.services.official.mark, "ui.official.marked")

    def unlock_official(self) -> None:
        dialog = ReasonDialog(self.lang, "ui.official.unlock_title", parent=self)
        dialog.setObjectName("unlock-dialog")
        if dialog.exec() != ReasonDialog.DialogCode.Accepted:
            return
        reason = dialog.reason()
        self._official_step(lambda: self.services.official.unlock(reason), "ui.official.unlocked")

    def _official_step(self, step: Callable[[], object], done_key: str) -> None:
        try:
            step()
        except REFUSED as exc:
            QMessageBox.warning(self, self.lang.t("ui.page.refused"), str(exc))
            return
        self.statusBar().showMessage(self.lang.t(done_key), 8000)
        self.refresh_states(force=True)
        self.results.refresh(force=True)

    # -- tools -------------------------------------------------------------------------
    def backup(self) -> None:
        backup = self.hooks.backup
        if backup is None or self.jobs.busy():
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.lang.t("ui.main.backup_title"),
            str(Path.home() / self.hooks.suggested_backup_name),
            "SQLite (*.sqlite *.db)",
        )
        if not path:
            return
        target = Path(path)
        self.jobs.start(
            self.lang.t("ui.main.backup_running"),
            lambda report: backup(target, report),
            lambda _r: self.statusBar().showMessage(
                self.lang.t("ui.main.backup_done", path=str(target)), 10000
            ),
            self._job_failed,
        )

    def generate_mock(self) -> None:
        mock = self.hooks.mock_election
        if mock is None or self.jobs.busy():
            return
        self.jobs.start(
            self.lang.t("ui.main.mock_running"),
            mock,
            lambda _r: self.refresh_states(force=True),
            self._job_failed,
            lambda: self.statusBar().showMessage(self.lang.t("ui.main.cancelled"), 8000),
        )

    def import_files(self) -> None:
        run = self.hooks.import_files
        if run is None or self.jobs.busy():
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.lang.t("ui.main.import_title"), "", "kztally (*.json)"
        )
        if paths:
            chosen = [Path(p) for p in paths]
            self._run_transfer("ui.main.import_running", lambda report: run(chosen, report))

    def export_to(self) -> None:
        run = self.hooks.export_to
        if run is None or self.jobs.busy():
            return
        folder = QFileDialog.getExistingDirectory(self, self.lang.t("ui.main.export_title"))
        if folder:
            target = Path(folder)
            self._run_transfer("ui.main.export_running", lambda report: run(target, report))

    def _run_transfer(self, title_key: str, work: Callable[[Report], str]) -> None:
        def done(summary: object) -> None:
            self.refresh_states(force=True)
            QMessageBox.information(self, self.lang.t(title_key), str(summary))

        self.jobs.start(
            self.lang.t(title_key),
            work,
            done,
            self._job_failed,
            lambda: self.statusBar().showMessage(self.lang.t("ui.main.cancelled"), 8000),
        )

    def _job_failed(self, message: str) -> None:
        QMessageBox.critical(self, self.lang.t("ui.main.job_failed"), message)

    def manage_users(self) -> None:
        if self.hooks.manage_users is not None:
            self.hooks.manage_users(self)

    def _sign_out(self) -> None:
        """Close this person's window; the composition root then asks who works next."""
        if self.hooks.sign_out is not None and self.page.may_leave():
            self.hooks.sign_out()
            self.close()

    # -- the audit log (kztally.ui.audit_log) --------------------------------------------
    def show_audit_log(self) -> None:
        """The log's screen, not modal: a verify runs there while the window is used."""
        if self.audit_dialog is None:
            self.audit_dialog = AuditLogDialog(self.lang, self.services, self)
            self.audit_dialog.verified.connect(self.audit_banner.show_verdict)
        else:
            self.audit_dialog.reload()
        if self.audit_dialog.isVisible():
            self.audit_dialog.raise_()  # already open, behind the window
        else:
            self.audit_dialog.show()

    # -- window ------------------------------------------------------------------------
    def restore_geometry(self) -> None:
        try:
            saved = config.load_settings().get("window")
        except config.ConfigError:
            saved = None
        if isinstance(saved, dict):
            geometry, state = saved.get("geometry"), saved.get("state")
            if isinstance(geometry, str):
                self.restoreGeometry(QByteArray.fromBase64(geometry.encode()))
            if isinstance(state, str):
                self.restoreState(QByteArray.fromBase64(state.encode()))
        else:
            self.resize(1400, 900)

    def save_geometry(self) -> None:
        config.save_setting(
            "window",
            {
                "geometry": bytes(self.saveGeometry().toBase64().data()).decode(),
                "state": bytes(self.saveState().toBase64().data()).decode(),
            },
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.page.may_leave():  # typed figures: saved, discarded, or stay
            event.ignore()
            return
        if self.jobs.busy():
            self.jobs.cancel()
            self.jobs.wait(10000)
        self.timer.stop()
        self.results.timer.stop()
        with contextlib.suppress(OSError):
            self.save_geometry()
        super().closeEvent(event)

    def retranslate(self, *_: object) -> None:
        t = self.lang.t
        for menu, key in self._menus:
            menu.setTitle(t(f"ui.menu.{key}"))
        for a in self._actions:
            text = t(f"ui.action.{a.data()}")
            shown = a.property("shown_shortcut")
            a.setText(f"{text}\t{shown}" if shown else text)
        self.tabs.setTabText(0, t("ui.tab.protocol"))
        self.tabs.setTabText(1, t("ui.tab.results"))
        self.tabs.setTabText(2, t("ui.tab.missing"))
        self.dock.setWindowTitle(t("ui.main.navigator"))
        account = self.services.actor
        role = t(f"ui.role.{account.role.value}")
        self.user_label.setText(t("ui.main.signed_in", user=account.user, role=role))
        self.db_label.setText(self.hooks.database_label)
        title = f"kztally — {election_name(self.election, self.lang)} — {account.user} ({role})"
        if self.banner.isVisibleTo(self):
            title = f"[{t('ui.banner.short')}] {title}"
        self.setWindowTitle(title)
        for code, a in self.language_actions.items():
            a.setChecked(code == self.lang.code)
