"""Take in protocols: files chosen or a watched scanner folder, each protocol read shown
beside its page with what taking it in would do; the receiver confirms and it goes
through `services.intake` (the one door). The register of papers, and the typed
fallback (figures typed from the paper with two of its hash groups) when a code cannot
be read."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import LINE_COUNT, Act, Figures
from kztally.paper import pages
from kztally.services.intake import (
    REFUSED,
    TAKEN_IN,
    UNCHANGED,
    FilePreview,
    FileReport,
    Foreseen,
)
from kztally.ui.jobs import JobBar, Report
from kztally.ui.language import Language
from kztally.ui.paper_widgets import FIT, PagesView, Retranslator, picture_image, sentence
from kztally.ui.widgets import message_line, ok_cancel, row_table

if TYPE_CHECKING:
    from kztally.services.context import Services
    from kztally.services.intake import Outcome

FILTER = "PDF, PNG, JPEG (*.pdf *.png *.jpg *.jpeg)"
WATCH_MS = 2000


@dataclass
class Read:
    """A file read for the receiver to look at, and what became of it."""

    path: Path
    preview: FilePreview
    report: FileReport | None = None
    rows: list[int] = field(default_factory=list)


def case_key(f: Foreseen) -> str:
    """The intake's case for a protocol read, as a text id's last part."""
    o = f.outcome
    if o.status == REFUSED:
        return "refused"
    if o.status == UNCHANGED:
        return "unchanged"
    if f.before == "not_entered":
        return "new"
    if o.state == "entries_differ":
        return "differs"
    return "agrees"


def reason_text(lang: Language, o: Outcome) -> str:
    key = f"ui.intake.reason.{o.reason}"
    said = lang.t(key)
    return said if said != key else lang.t("ui.intake.reason.other", reason=o.reason)


class IntakeDialog(QDialog):
    def __init__(self, lang: Language, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake-dialog")
        self.lang = lang
        self.services = services
        self.read: list[Read] = []
        self.row_of: list[tuple[Read, int]] = []
        self.seen: dict[Path, int] = {}
        self.sizes: dict[Path, int] = {}
        tr = self.tr_ = Retranslator(lang, self)
        tr(self.setWindowTitle, "ui.intake.title")

        layout = QVBoxLayout(self)
        self.headers: list[tuple[QTableWidget, tuple[str, ...]]] = []
        self.folder: Path | None = None
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("intake-tabs")
        layout.addWidget(self.tabs)

        desk = QWidget(self.tabs)
        column = QVBoxLayout(desk)
        buttons = QHBoxLayout()
        self.choose_button = self._button("choose", desk, buttons)
        self.watch_button = self._button("watch", desk, buttons)
        self.watch_button.setCheckable(True)
        self.take_button = self._button("take", desk, buttons)
        self.typed_button = self._button("typed", desk, buttons)
        self.clear_button = self._button("clear", desk, buttons)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.folder_label = QLabel(desk)
        self.folder_label.setObjectName("intake-folder")
        column.addWidget(self.folder_label)
        splitter = QSplitter(Qt.Orientation.Horizontal, desk)
        self.table = QTableWidget(0, 5, splitter)
        self.headers.append((self.table, _COLUMNS))
        self.table.setObjectName("intake-table")
        tr(self.table.setAccessibleName, "ui.intake.table")
        row_table(self.table, single=True).setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        right = QWidget(splitter)
        right_column = QVBoxLayout(right)
        self.details = QLabel(right)
        self.details.setObjectName("intake-details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right_column.addWidget(self.details)
        self.page = PagesView(lang, right)
        self.page.setObjectName("intake-page")
        tr(self.page.setAccessibleName, "ui.intake.page")
        right_column.addWidget(self.page, 1)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([780, 500])
        column.addWidget(splitter, 1)
        self.jobs = JobBar(lang, desk)
        column.addWidget(self.jobs)
        self.message = message_line(desk, "intake-message")
        column.addWidget(self.message)
        self.tabs.addTab(desk, "")
        tr(functools.partial(self.tabs.setTabText, 0), "ui.intake.tab.desk")

        register = QWidget(self.tabs)
        reg_column = QVBoxLayout(register)
        reg_buttons = QHBoxLayout()
        self.refresh_button = self._button("refresh", register, reg_buttons)
        reg_buttons.addStretch(1)
        reg_column.addLayout(reg_buttons)
        self.arrived_label = QLabel(register)
        reg_column.addWidget(self.arrived_label)
        self.arrived = self._table(register, _ARRIVED)
        self.arrived.setObjectName("papers-arrived")
        reg_column.addWidget(self.arrived, 3)
        self.missing_label = QLabel(register)
        reg_column.addWidget(self.missing_label)
        self.missing = self._table(register, ("precinct", "contest", "round"))
        self.missing.setObjectName("papers-missing")
        reg_column.addWidget(self.missing, 2)
        self.tabs.addTab(register, "")
        tr(functools.partial(self.tabs.setTabText, 1), "ui.intake.tab.register")

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        tr(close.button(QDialogButtonBox.StandardButton.Close).setText, "ui.dialog.close")
        close.rejected.connect(self.reject)
        layout.addWidget(close)

        self.choose_button.clicked.connect(self.choose)
        self.watch_button.toggled.connect(self._watch_toggled)
        self.take_button.clicked.connect(self.take_in)
        self.typed_button.clicked.connect(self.typed)
        self.clear_button.clicked.connect(self.clear)
        self.refresh_button.clicked.connect(self.refresh_register)
        self.tabs.currentChanged.connect(lambda i: self.refresh_register() if i == 1 else None)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _d: self.scan())
        self.timer = QTimer(self)
        self.timer.setInterval(WATCH_MS)
        self.timer.timeout.connect(self.scan)
        self.queue: list[Path] = []
        QShortcut(QKeySequence("Ctrl+O"), self, self.choose)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.take_in)
        QShortcut(QKeySequence("F1"), self, self.show_keys)
        self._update_buttons()
        self.retranslate()
        lang.changed.connect(self.retranslate)
        self.resize(1300, 860)

    def retranslate(self, *_: object) -> None:
        """The tables' titles and rows, what is shown beside them and the register, in
        the language now chosen (the fixed texts follow by themselves)."""
        for table, columns in self.headers:
            table.setHorizontalHeaderLabels([self.lang.t(f"ui.intake.col.{c}") for c in columns])
        for row, (item, index) in enumerate(self.row_of):
            self._fill(row, item, item.preview.protocols[index])
        if self.folder is not None:
            self.folder_label.setText(self.lang.t("ui.intake.watching", path=str(self.folder)))
        self._selected()
        if self.tabs.currentIndex() == 1:
            self.refresh_register()

    def _button(self, name: str, parent: QWidget, row: QHBoxLayout) -> QPushButton:
        b = QPushButton(parent)
        b.setObjectName(f"intake-{name}")
        self.tr_(b.setText, f"ui.intake.{name}")
        self.tr_(b.setToolTip, f"ui.intake.{name}_tip")
        self.tr_(b.setAccessibleDescription, f"ui.intake.{name}_tip")
        row.addWidget(b)
        return b

    def _table(self, parent: QWidget, columns: tuple[str, ...]) -> QTableWidget:
        table = QTableWidget(0, len(columns), parent)
        self.headers.append((table, columns))
        row_table(table).setStretchLastSection(True)
        return table

    # -- reading ---------------------------------------------------------------------------
    def choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self, self.lang.t("ui.intake.choose"), "", FILTER)
        if chosen:
            self.read_files([Path(p) for p in chosen])

    def read_files(self, paths: list[Path]) -> None:
        """Read each file (in the background): its codes verified and what taking each
        protocol in would do; nothing is taken in yet."""
        self.queue.extend(paths)
        self._next_batch()

    def _next_batch(self) -> None:
        if self.jobs.busy() or not self.queue:
            return
        batch, self.queue = self.queue, []
        intake = self.services.intake

        def work(report: Report) -> object:
            out: list[Read | tuple[Path, BaseException]] = []
            for n, path in enumerate(batch):
                report(n, len(batch))
                try:
                    out.append(Read(path, intake.preview_file(path.read_bytes(), path.name)))
                except Exception as exc:  # each file reported, the others go on
                    out.append((path, exc))
            return out

        self.jobs.start(
            self.lang.t("ui.intake.reading"),
            work,
            self._read_done,
            self._failed,
            self._update_buttons,
        )
        self._update_buttons()

    def _read_done(self, result: object) -> None:
        assert isinstance(result, list)
        problems = []
        for item in result:
            if isinstance(item, Read):
                self.read.append(item)
                self._add_rows(item)
            else:
                path, exc = item
                problems.append(f"{path.name}: {sentence(self.lang, exc)}")
        self.message.setText("\n".join(problems))
        if self.table.currentRow() < 0 and self.table.rowCount():
            self.table.selectRow(0)
        self._update_buttons()
        self._next_batch()

    def _failed(self, text: str) -> None:
        self.message.setText(text)
        self._update_buttons()

    def _add_rows(self, item: Read) -> None:
        for index, f in enumerate(item.preview.protocols):
            row = self.table.rowCount()
            self.table.insertRow(row)
            item.rows.append(row)
            self.row_of.append((item, index))
            self._fill(row, item, f)

    def _fill(self, row: int, item: Read, f: Foreseen) -> None:
        o = f.outcome
        cells = [
            item.path.name,
            o.precinct,
            o.contest,
            self.case_text(f),
            self.done_text(item, index=self.row_of[row][1]),
        ]
        for col, text in enumerate(cells):
            cell = QTableWidgetItem(text)
            cell.setToolTip(text)
            self.table.setItem(row, col, cell)

    def case_text(self, f: Foreseen) -> str:
        key = case_key(f)
        t = self.lang.t
        if key == "refused":
            return t("ui.intake.case.refused", reason=reason_text(self.lang, f.outcome))
        state = t(f"state.{f.outcome.state}") if f.outcome.state else ""
        return t(f"ui.intake.case.{key}", state=state)

    def done_text(self, item: Read, index: int) -> str:
        if item.report is None:
            if item.preview.protocols[index].outcome.status == REFUSED:
                return "—"  # nothing to confirm: nothing of it will be stored
            return self.lang.t("ui.intake.waiting")
        outcomes = item.report.outcomes
        if index >= len(outcomes):
            return ""
        o = outcomes[index]
        t = self.lang.t
        if o.status == TAKEN_IN:
            return t("ui.intake.done.taken_in", state=t(f"state.{o.state}"))
        if o.status == UNCHANGED:
            return t("ui.intake.done.unchanged")
        return t("ui.intake.done.refused", reason=reason_text(self.lang, o))

    def _selected(self) -> None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.row_of):
            return
        item, index = self.row_of[row]
        f = item.preview.protocols[index]
        t = self.lang.t
        lines = [f"<b>{item.path.name}</b> — {self.case_text(f)}"]
        if f.outcome.message and self.lang.t(f"ui.intake.reason.{f.outcome.reason}").startswith(
            "ui."
        ):  # a reason without words of its own: the service's, as they are
            lines.append(f.outcome.message)
        if f.figures is not None:
            figures = f.figures
            numbers = ", ".join("–" if v is None else str(v) for v in figures.lines)
            votes = ", ".join("–" if v is None else str(v) for v in figures.votes)
            lines.append(t("ui.intake.lines", numbers=numbers))
            lines.append(t("ui.intake.votes", numbers=votes))
            if figures.against_all is not None:
                lines.append(t("ui.intake.against_all", n=figures.against_all))
        self.details.setText("<br/>".join(lines))
        pictures = item.preview.pictures
        page = f.page if 0 <= f.page < len(pictures) else 0
        if pictures:
            self.page.show_images([picture_image(pictures[page])], FIT)
        else:
            self.page.show_images([])

    # -- the scanner folder ------------------------------------------------------------------
    def _watch_toggled(self, on: bool) -> None:
        if not on:
            self.stop_watching()
            return
        folder = QFileDialog.getExistingDirectory(self, self.lang.t("ui.intake.watch"))
        if not folder:
            self.watch_button.setChecked(False)
            return
        self.watch(Path(folder))

    def watch(self, folder: Path) -> None:
        """Read every new file that lands in `folder` (once its size holds still between
        two looks, so a scan being written is not read half-way)."""
        self.folder = folder
        self.watcher.addPath(str(folder))
        self.timer.start()
        self.folder_label.setText(self.lang.t("ui.intake.watching", path=str(folder)))
        if not self.watch_button.isChecked():
            self.watch_button.blockSignals(True)
            self.watch_button.setChecked(True)
            self.watch_button.blockSignals(False)
        self.scan()

    def stop_watching(self) -> None:
        if self.folder is not None:
            self.watcher.removePath(str(self.folder))
        self.folder = None
        self.timer.stop()
        self.folder_label.setText("")

    def scan(self) -> None:
        if self.folder is None:
            return
        try:
            found = pages.files_in([self.folder])
            sizes = {p: p.stat().st_size for p in found}
        except OSError as exc:
            self.message.setText(sentence(self.lang, exc))
            return
        ready = [
            p
            for p, size in sizes.items()
            if size and self.sizes.get(p) == size and self.seen.get(p) != size
        ]
        self.sizes = sizes
        for p in ready:
            self.seen[p] = sizes[p]
        if ready:
            self.read_files(ready)

    # -- taking in -------------------------------------------------------------------------
    def pending(self) -> list[Read]:
        return [
            r
            for r in self.read
            if r.report is None and any(f.outcome.status != REFUSED for f in r.preview.protocols)
        ]

    def take_in(self) -> None:
        """The receiver confirms: every file read and not yet taken in goes through the
        intake service, which reports what it did (it may differ from what was foreseen
        when someone else changed the protocol meanwhile)."""
        todo = self.pending()
        if not todo or self.jobs.busy():
            return
        intake = self.services.intake

        def work(report: Report) -> object:
            out = []
            for n, r in enumerate(todo):
                report(n, len(todo))
                p = r.preview  # the codes read for the preview: the file is not read again
                outcomes = intake.take_in_codes(p.codes, p.file, p.sha256)
                out.append((r, FileReport(p.file, p.pages, tuple(outcomes))))
            return out

        self.jobs.start(
            self.lang.t("ui.intake.taking"), work, self._taken, self._failed, self._update_buttons
        )
        self._update_buttons()

    def _taken(self, result: object) -> None:
        assert isinstance(result, list)
        counts = {TAKEN_IN: 0, UNCHANGED: 0, REFUSED: 0}
        for r, report in result:
            r.report = report
            for index, row in enumerate(r.rows):
                cell = self.table.item(row, 4)
                if cell is not None:
                    cell.setText(self.done_text(r, index))
            for o in report.outcomes:
                counts[o.status] = counts.get(o.status, 0) + 1
        self.message.setText(
            self.lang.t(
                "ui.intake.summary",
                taken=counts[TAKEN_IN],
                unchanged=counts[UNCHANGED],
                refused=counts[REFUSED],
            )
        )
        self._update_buttons()
        parent = self.parent()
        refresh = getattr(parent, "refresh_states", None)
        if callable(refresh):
            refresh(force=True)

    def clear(self) -> None:
        self.read = []
        self.row_of = []
        self.table.setRowCount(0)
        self.details.setText("")
        self.page.show_images([])
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        busy = self.jobs.busy()
        self.take_button.setEnabled(bool(self.pending()) and not busy)
        self.choose_button.setEnabled(not busy)

    # -- the typed fallback --------------------------------------------------------------
    def typed(self) -> None:
        row = self.table.currentRow()
        precinct = contest = ""
        if 0 <= row < len(self.row_of):
            item, index = self.row_of[row]
            o = item.preview.protocols[index].outcome
            precinct, contest = o.precinct, o.contest
        dialog = TypedDialog(self.lang, self.services, precinct, contest, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.message.setText(dialog.done_text)

    # -- the register ----------------------------------------------------------------------
    def refresh_register(self) -> None:
        t = self.lang.t
        try:
            papers = self.services.intake.papers()
            missing = self.services.intake.missing()
        except Exception as exc:
            self.arrived_label.setText(sentence(self.lang, exc))
            return
        self.arrived_label.setText(t("ui.intake.arrived", n=len(papers)))
        self.arrived.setRowCount(len(papers))
        for r, p in enumerate(papers):
            cells = (
                p.precinct,
                p.contest,
                str(p.round),
                t(f"ui.intake.how.{p.how}"),
                t(f"ui.intake.outcome.{p.outcome}"),
                f"{p.at:%Y-%m-%d %H:%M:%S}",
                p.by,
                p.file,
            )
            for c, text in enumerate(cells):
                self.arrived.setItem(r, c, QTableWidgetItem(text))
        self.missing_label.setText(t("ui.intake.missing", n=len(missing)))
        self.missing.setRowCount(len(missing))
        for r, m in enumerate(missing):
            for c, text in enumerate((m.precinct, m.contest, str(m.round))):
                self.missing.setItem(r, c, QTableWidgetItem(text))

    def show_keys(self) -> None:
        from kztally.ui.help import ShortcutsDialog

        ShortcutsDialog(self.lang, "intake", [], self).exec()

    def done(self, result: int) -> None:
        self.stop_watching()
        if self.jobs.busy():
            self.jobs.cancel()
            self.jobs.wait(10000)
        super().done(result)


_COLUMNS = ("file", "precinct", "contest", "case", "done")
_ARRIVED = ("precinct", "contest", "round", "how", "outcome", "at", "by", "file")


class TypedDialog(QDialog):
    """Figures typed from a paper whose code cannot be read, with two of the hash groups
    printed under it: one ordinary entry, bound to that paper (`intake.enter_typed`)."""

    def __init__(
        self,
        lang: Language,
        services: Services,
        precinct: str,
        contest: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("typed-dialog")
        self.lang = lang
        self.services = services
        self.election = services.elections.require()
        self.done_text = ""
        t = lang.t
        self.setWindowTitle(t("ui.intake.typed"))
        layout = QVBoxLayout(self)
        head = QFormLayout()
        self.precinct = QLineEdit(precinct, self)
        self.precinct.setObjectName("typed-precinct")
        self.contest = QLineEdit(contest, self)
        self.contest.setObjectName("typed-contest")
        for key, w in (("precinct", self.precinct), ("contest", self.contest)):
            w.setAccessibleName(t(f"ui.intake.col.{key}"))
            head.addRow(t(f"ui.intake.col.{key}"), w)
        self.load_button = QPushButton(t("ui.intake.typed_load"), self)
        self.load_button.setObjectName("typed-load")
        self.load_button.clicked.connect(self.load)
        head.addRow("", self.load_button)
        layout.addLayout(head)
        self.grid_box = QWidget(self)
        self.grid = QGridLayout(self.grid_box)
        layout.addWidget(self.grid_box)
        self.groups = QLineEdit(self)
        self.groups.setObjectName("typed-groups")
        self.groups.setPlaceholderText("3F2A 91C0")
        self.groups.setAccessibleName(t("ui.intake.typed_groups"))
        self.groups.setToolTip(t("ui.intake.typed_groups_tip"))
        self.act = QCheckBox(t("ui.form.act_mobile_box"), self)
        self.act.setObjectName("typed-act")
        self.act.setToolTip(t("ui.intake.typed_act_tip"))
        self.reference = QLineEdit(self)
        self.reference.setObjectName("typed-reference")
        self.reference.setAccessibleName(t("ui.dialog.act_reference"))
        self.reference.setToolTip(t("ui.intake.typed_act_tip"))
        form = QFormLayout()
        form.addRow("", self.act)
        form.addRow(t("ui.dialog.act_reference"), self.reference)
        form.addRow(t("ui.intake.typed_groups"), self.groups)
        layout.addLayout(form)
        self.message = message_line(self, "typed-message")
        layout.addWidget(self.message)
        buttons = ok_cancel(self, lang, self.enter)
        layout.addWidget(buttons)
        self.lines: list[QLineEdit] = []
        self.votes: list[QLineEdit] = []
        self.against: QLineEdit | None = None
        if precinct and contest:
            self.load()

    def load(self) -> None:
        """The ballot's fields: lines 1-8, each choice in ballot order, against all."""
        while self.grid.count():
            taken = self.grid.takeAt(0)
            w = taken.widget() if taken is not None else None
            if w is not None:
                w.deleteLater()
        self.lines, self.votes, self.against = [], [], None
        code = self.contest.text().strip()
        if not self.election.has_contest(code):
            self.message.setText(self.lang.t("ui.intake.typed_no_contest", contest=code))
            return
        c = self.election.contest(code)
        row = 0
        for n in range(LINE_COUNT):
            self.lines.append(self._field(row, self.lang.t("ui.intake.line", n=n + 1)))
            row += 1
        for choice in c.choices:
            self.votes.append(self._field(row, choice.name))
            row += 1
        if c.against_all:
            self.against = self._field(row, self.lang.t("ui.intake.against_all_field"))
        self.message.setText("")

    def _field(self, row: int, label: str) -> QLineEdit:
        edit = QLineEdit(self.grid_box)
        edit.setObjectName(f"typed-field-{row}")
        edit.setAccessibleName(label)
        edit.setMaximumWidth(120)
        self.grid.addWidget(QLabel(label, self.grid_box), row, 0)
        self.grid.addWidget(edit, row, 1)
        return edit

    def figures(self) -> Figures | None:
        def number(edit: QLineEdit, label: str) -> int | None:
            text = edit.text().strip()
            if not text:
                return None
            if not text.isdigit():
                raise ValueError(self.lang.t("ui.intake.typed_not_number", field=label, text=text))
            return int(text)

        try:
            lines = tuple(number(e, e.accessibleName()) for e in self.lines)
            votes = tuple(number(e, e.accessibleName()) for e in self.votes)
            against = (
                None
                if self.against is None
                else number(self.against, self.against.accessibleName())
            )
        except ValueError as exc:
            self.message.setText(str(exc))
            return None
        return Figures(lines, votes, against)

    def enter(self) -> None:
        if not self.lines:
            self.load()
            return
        figures = self.figures()
        if figures is None:
            return
        precinct = AreaCode(self.precinct.text().strip())
        contest = ContestId(self.contest.text().strip())
        try:
            version = self.services.entry.view(precinct, contest).version
            acts = frozenset({Act.MOBILE_BOX_EXCESS}) if self.act.isChecked() else frozenset()
            view = self.services.intake.enter_typed(
                precinct,
                contest,
                figures,
                self.groups.text(),
                acts,
                self.reference.text().strip() if acts else "",
                expected_version=version,
            )
        except Exception as exc:  # a sentence in the dialog; nothing was stored
            self.message.setText(sentence(self.lang, exc))
            return
        state = self.lang.t(f"state.{view.state.value}")
        self.done_text = self.lang.t(
            "ui.intake.typed_done", where=f"{precinct}/{contest}", state=state
        )
        self.accept()
