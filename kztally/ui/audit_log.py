"""The audit log in the app: the check at start, and the log's own screen.

At start the window makes the constant-time check of the log's last events
(`AuditService.check_tail`); when it fails a red band says so on every screen
(`AuditBanner`). The full verify runs only off the GUI thread: from the audit log's
screen ("Verify now", with progress and Cancel), and, when the person chose so, in the
background after each sign-in. Its first break turns the band red as well.

The screen (`AuditLogDialog`, for the roles that read the log) lists the events, latest
first, a page at a time, and shows the chain's head to write down (`kztally audit verify
--head COUNT:HASH` checks a database against it).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kztally import config
from kztally.domain.audit import GENESIS, Break, Event, Head
from kztally.services.audit import READERS, TailCheck, Verdict
from kztally.services.context import Services
from kztally.services.errors import REFUSED
from kztally.ui.jobs import Job, JobBar, Report
from kztally.ui.language import Language
from kztally.ui.tables import Index, TextTable, fit_columns

PAGE = 200
"""Events shown at a time."""
SHORT_HASH = 16
"""Hex digits of a hash shown (the head's are what a paper copy carries)."""
VERIFY_AT_SIGN_IN = "audit_verify_at_sign_in"
"""The setting: run the full verify in the background after each sign-in (readers)."""

BROKEN_STYLE = "background: #b00020; color: white; font-weight: bold; padding: 6px;"
HOLDS_STYLE = "color: #1b5e20; font-weight: bold;"
FAILED_STYLE = "color: #b00020; font-weight: bold;"


def reads_log(services: Services) -> bool:
    """Whether the signed-in role reads and verifies the log (the services check again)."""
    return services.actor.role in READERS


def verify_at_sign_in() -> bool:
    try:
        return config.load_settings().get(VERIFY_AT_SIGN_IN) is True
    except config.ConfigError:
        return False


def break_text(lang: Language, b: Break) -> str:
    """A break in words: the event (when one in particular), the table, what differs
    (in the services' words)."""
    if b.event:
        return lang.t("ui.audit.break", event=b.event, table=b.table, what=b.what)
    return lang.t("ui.audit.break_table", table=b.table, what=b.what)


def verdict_text(lang: Language, verdict: Verdict) -> str:
    if verdict.holds:
        return lang.t("ui.audit.holds", count=verdict.head.count)
    text = lang.t("ui.audit.first_break", first=break_text(lang, verdict.breaks[0]))
    more = len(verdict.breaks) - 1
    return text + (" " + lang.t("ui.audit.more", count=more) if more else "")


def verify_job(services: Services) -> Callable[[Report], Verdict]:
    """The full verify as a job's work (`report` raises once Cancel was pressed, which
    stops the verify between two of its steps)."""

    def work(report: Report) -> Verdict:
        return services.audit.verify(progress=report)

    return work


class AuditBanner(QLabel):
    """A red band over every screen when the audit log does not hold: its last events
    at start, or the full verify's first break. Hidden while all holds."""

    def __init__(
        self,
        lang: Language,
        services: Services,
        parent: QWidget | None = None,
        at_start: TailCheck | None = None,
    ) -> None:
        super().__init__(parent)
        self.lang = lang
        self.services = services
        self.at_start = at_start
        self.setObjectName("audit-banner")
        self.setStyleSheet(
            f"QLabel#audit-banner {{ {BROKEN_STYLE} font-size: 12pt;"
            " border-top: 3px solid #ffd54f; border-bottom: 3px solid #ffd54f; }"
        )
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tail: TailCheck | None = None
        self.verdict: Verdict | None = None
        self.job: Job | None = None
        self.check()
        lang.changed.connect(self.retranslate)

    def check(self) -> None:
        """Two events read, whatever the log's length: as they were before the sign-in
        (when the composition root checked then) and as they are now."""
        found = [] if self.at_start is None else [self.at_start]
        with contextlib.suppress(*REFUSED):
            found.append(self.services.audit.check_tail())
        self.tail = next((f for f in found if not f.holds), found[-1] if found else None)
        self.retranslate()

    def start_background_verify(self) -> Job | None:
        """The full verify off the GUI thread (for the roles that read the log); the
        window is usable meanwhile. Stopped when the app quits."""
        if not reads_log(self.services) or self.job is not None:
            return None
        job = Job(verify_job(self.services))
        job.signals.finished.connect(self._verified)
        job.signals.failed.connect(self._verify_failed)
        job.signals.cancelled.connect(self._verify_failed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(job.cancel)
        self.destroyed.connect(job.cancel)
        self.job = job
        QThreadPool.globalInstance().start(job)
        return job

    def _verified(self, verdict: object) -> None:
        self.job = None
        if isinstance(verdict, Verdict):
            self.show_verdict(verdict)

    def _verify_failed(self, *_: object) -> None:
        self.job = None  # a background verify that could not run says nothing

    def show_verdict(self, verdict: Verdict) -> None:
        """The full verify's outcome: a break turns the band red (a later verify that
        holds clears what an earlier one found; the check at start stays)."""
        self.verdict = verdict
        self.retranslate()

    def broken(self) -> bool:
        return (self.tail is not None and not self.tail.holds) or (
            self.verdict is not None and not self.verdict.holds
        )

    def retranslate(self, *_: object) -> None:
        t = self.lang.t
        parts = []
        if self.tail is not None and self.tail.broken is not None:
            parts.append(t("ui.audit.banner", event=self.tail.broken.event))
        if self.verdict is not None and not self.verdict.holds:
            parts.append(t("ui.audit.banner_verify", first=verdict_text(self.lang, self.verdict)))
        if parts:
            parts[0] = "⚠ " + parts[0]
            parts.append(t("ui.audit.banner_what"))
        self.setText("\n".join(parts))
        self.setVisible(bool(parts))


class EventsModel(TextTable):
    """A page of events, latest first."""

    COLUMNS = ("seq", "at", "code", "actor", "role", "workstation", "hash")
    HEADER = "ui.audit.column."

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(lang, parent)
        self.rows: list[Event] = []

    def set_events(self, events: Sequence[Event]) -> None:
        self.beginResetModel()
        self.rows = list(events)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        e = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return e.content if column == "code" else e.hash if column == "hash" else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "seq":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        match column:
            case "seq":
                return str(e.seq)
            case "at":
                return e.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            case "code":
                return e.code
            case "actor":
                return e.actor
            case "role":
                return self.lang.t(f"ui.role.{e.role}") if e.role else ""
            case "workstation":
                return e.workstation
            case "hash":
                return e.hash[:SHORT_HASH]
        return None


class AuditLogDialog(QDialog):
    """The log's events, its head, and the full verify on demand (never on the GUI
    thread). Not modal: the window stays usable while a verify runs."""

    verified = Signal(object)
    """The full verify's `Verdict`."""

    def __init__(self, lang: Language, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.services = services
        self.setObjectName("audit-log")
        self.resize(1100, 640)
        self.head = Head(0, GENESIS)
        self.page = 0
        self.verdict: Verdict | None = None
        self.message = ""
        layout = QVBoxLayout(self)

        self.head_label = QLabel(self)
        self.head_label.setObjectName("audit-head")
        self.head_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.head_label)

        self.model = EventsModel(lang, self)
        self.table = QTableView(self)
        self.table.setObjectName("audit-events")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        fit_columns(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)

        pager = QHBoxLayout()
        self.newer_button = QPushButton(self)
        self.newer_button.setObjectName("audit-newer")
        self.newer_button.clicked.connect(lambda: self.show_page(self.page - 1))
        self.older_button = QPushButton(self)
        self.older_button.setObjectName("audit-older")
        self.older_button.clicked.connect(lambda: self.show_page(self.page + 1))
        self.page_label = QLabel(self)
        pager.addWidget(self.newer_button)
        pager.addWidget(self.page_label, 1, Qt.AlignmentFlag.AlignCenter)
        pager.addWidget(self.older_button)
        layout.addLayout(pager)

        verify_row = QHBoxLayout()
        self.verify_button = QPushButton(self)
        self.verify_button.setObjectName("audit-verify")
        self.verify_button.clicked.connect(self.verify)
        self.jobs = JobBar(lang, self)
        self.at_sign_in = QCheckBox(self)
        self.at_sign_in.setObjectName("audit-verify-at-sign-in")
        self.at_sign_in.setChecked(verify_at_sign_in())
        self.at_sign_in.toggled.connect(self._remember)
        verify_row.addWidget(self.verify_button)
        verify_row.addWidget(self.jobs)
        verify_row.addStretch(1)
        verify_row.addWidget(self.at_sign_in)
        layout.addLayout(verify_row)

        self.result_label = QLabel(self)
        self.result_label.setObjectName("audit-result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result_label)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.jobs.cancel)
        self.retranslate()
        lang.changed.connect(self.retranslate)
        self.reload()

    # -- the events ----------------------------------------------------------------------
    def reload(self) -> None:
        """Read the head again and show the latest events."""
        try:
            self.head = self.services.audit.head()
        except REFUSED as exc:
            self.message = str(exc)
        self.show_page(0)

    @property
    def count(self) -> int:
        return self.head.count

    def pages(self) -> int:
        return max(1, -(-self.count // PAGE))

    def show_page(self, page: int) -> None:
        """Events count-PAGE*page back, latest first (one page read, not the log)."""
        self.page = max(0, min(page, self.pages() - 1))
        last = self.count - self.page * PAGE
        first = max(0, last - PAGE)
        events: tuple[Event, ...] = ()
        if last > 0:
            try:
                events = self.services.audit.show(since=first, limit=last - first)
            except REFUSED as exc:
                self.message = str(exc)
        self.model.set_events(list(reversed(events)))
        self._show_state()

    # -- the full verify -----------------------------------------------------------------
    def verify(self) -> None:
        if self.jobs.busy():
            return
        self.verdict = None
        self.message = ""
        self.verify_button.setEnabled(False)
        self._show_state()
        self.jobs.start(
            self.lang.t("ui.audit.verifying"),
            verify_job(self.services),
            self._verified,
            self._failed,
            self._cancelled,
        )

    def _verified(self, result: object) -> None:
        assert isinstance(result, Verdict)
        self.verdict = result
        self.verify_button.setEnabled(True)
        if result.head.count != self.count:
            self.reload()  # written meanwhile: show the head the verify saw
        self._show_state()
        self.verified.emit(result)

    def _failed(self, message: str) -> None:
        self.message = message.splitlines()[0] if message else ""
        self.verify_button.setEnabled(True)
        self._show_state()

    def _cancelled(self) -> None:
        self.message = self.lang.t("ui.main.cancelled")
        self.verify_button.setEnabled(True)
        self._show_state()

    def _remember(self, on: bool) -> None:
        with contextlib.suppress(OSError, config.ConfigError):
            config.save_setting(VERIFY_AT_SIGN_IN, bool(on))

    def done(self, result: int) -> None:
        self.jobs.cancel()  # a verify nobody will see the end of
        super().done(result)

    # -- words ---------------------------------------------------------------------------
    def _show_state(self) -> None:
        t = self.lang.t
        shown = f"{self.count}:{self.head.hash[:SHORT_HASH]}"
        self.head_label.setText(t("ui.audit.head", head=shown))
        last = self.count - self.page * PAGE
        first = max(0, last - PAGE) + 1 if last > 0 else 0
        self.page_label.setText(t("ui.audit.page", first=first, last=last, count=self.count))
        self.newer_button.setEnabled(self.page > 0)
        self.older_button.setEnabled(self.page < self.pages() - 1)
        if self.verdict is not None:
            self.result_label.setText(verdict_text(self.lang, self.verdict))
            style = HOLDS_STYLE if self.verdict.holds else FAILED_STYLE
            self.result_label.setStyleSheet(f"QLabel#audit-result {{ {style} }}")
        else:
            self.result_label.setText(self.message)
            self.result_label.setStyleSheet("")

    def retranslate(self, *_: object) -> None:
        t = self.lang.t
        self.setWindowTitle(t("ui.audit.title"))
        self.newer_button.setText(t("ui.audit.newer"))
        self.older_button.setText(t("ui.audit.older"))
        self.verify_button.setText(t("ui.audit.verify"))
        self.at_sign_in.setText(t("ui.audit.at_sign_in"))
        self.close_button.setText(t("ui.dialog.close"))
        self.model.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1
        )
        self._show_state()
