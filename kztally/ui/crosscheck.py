"""The observers' cross-check overview: every difference between the copies and the
official figures, filtered by area; the copies with no official protocol and the
official protocols with no copy; the differences summed per list or candidate with the
can-it-matter verdict; the list of all copies; and the discrepancy report (PDF, CSV).

Observers see their own copies, supervisors and administrators every observer's
(`ObserverService`); the official side is this database's accepted protocols or a
published results file. Copies are added from files (CSV of copies, protocol files,
PDFs and photos of certified copies) as the observer's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.crosscheck import CopySeen
from kztally.domain.election import AreaKind, Election
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import AGAINST_ALL, LINE_NAMES
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.crosscheck import (
    CrossCheckReport,
    report_csv,
    report_document,
    write_whole,
)
from kztally.services.errors import REFUSED, InvalidRequest
from kztally.services.observers import ListedCopy
from kztally.ui import errors
from kztally.ui.jobs import Job
from kztally.ui.language import Language
from kztally.ui.tables import Index, TextTable, fit_columns
from kztally.ui.widgets import export_as

FILES = "(*.csv *.json *.pdf *.png *.jpg *.jpeg)"


def _line(election: Election, contest: str, line: str, lang: Language) -> str:
    if line in LINE_NAMES:
        return lang.t("ui.crosscheck.line_n", n=line)
    if line == AGAINST_ALL:
        return lang.t("ui.crosscheck.against_all")
    return election.contest(ContestId(contest)).choice(line).name  # type: ignore[arg-type]


def _sealed(sealed: bool | None, lang: Language) -> str:
    if sealed is None:
        return ""
    return lang.t("ui.crosscheck.yes" if sealed else "ui.crosscheck.no")


class Rows(TextTable):
    """Rows of plain texts; a row whose first cell starts with '≠' is shaded."""

    def __init__(
        self, lang: Language, header: str, columns: tuple[str, ...], parent: QWidget
    ) -> None:
        super().__init__(lang, parent)
        self.HEADER = header
        self.COLUMNS = columns
        self.rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and row[index.column()].lstrip("+-").isdigit():
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.COLUMNS) - 1))


def _table(parent: QWidget, name: str, model: Rows) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    fit_columns(view)
    return view


class CrossCheckDialog(QDialog):
    """The cross-check overview (not modal: the night goes on beside it)."""

    def __init__(self, lang: Language, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crosscheck-dialog")
        self.lang = lang
        self.services = services
        self.election = services.elections.require()
        self.official_files: list[Path] = []
        self.report: CrossCheckReport | None = None
        self.copies: tuple[ListedCopy, ...] = ()
        self._job: Job | None = None
        self._wanted: list[Path] = []
        self._after = ""
        """What the status line says once the check running is done."""
        self._under = self._areas_above()

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.against = QLabel(self)
        self.against.setObjectName("crosscheck-against")
        self.against.setWordWrap(True)
        top.addWidget(self.against, 1)
        self.area_label = QLabel(self)
        top.addWidget(self.area_label)
        self.area = QComboBox(self)
        self.area.setObjectName("crosscheck-area")
        self.area.currentIndexChanged.connect(lambda *_: self._show())
        self.area_label.setBuddy(self.area)
        top.addWidget(self.area)
        layout.addLayout(top)

        self.verdict = QLabel(self)
        self.verdict.setObjectName("crosscheck-verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.verdict)
        self.counts = QLabel(self)
        self.counts.setObjectName("crosscheck-counts")
        self.counts.setWordWrap(True)
        layout.addWidget(self.counts)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("crosscheck-tabs")
        self.differences = Rows(
            lang,
            "ui.crosscheck.col.",
            (
                "precinct",
                "name",
                "contest",
                "line",
                "official",
                "copy",
                "delta",
                "observer",
                "number",
                "sealed",
                "origin",
            ),
            self,
        )
        self.totals = Rows(
            lang, "ui.crosscheck.col.", ("contest", "choice", "delta", "verdict"), self
        )
        self.missing = Rows(
            lang, "ui.crosscheck.col.", ("precinct", "name", "contest", "why"), self
        )
        self.all_copies = Rows(
            lang,
            "ui.crosscheck.col.",
            (
                "precinct",
                "contest",
                "observer",
                "at",
                "source",
                "number",
                "certified_by",
                "sealed",
                "received_at",
                "received_where",
                "scan",
                "latest",
            ),
            self,
        )
        self.differences_view = _table(self, "crosscheck-differences", self.differences)
        self.totals_view = _table(self, "crosscheck-totals", self.totals)
        self.missing_view = _table(self, "crosscheck-missing", self.missing)
        self.copies_view = _table(self, "crosscheck-copies", self.all_copies)
        for view in (self.differences_view, self.totals_view, self.missing_view, self.copies_view):
            self.tabs.addTab(view, "")
        layout.addWidget(self.tabs, 1)

        self.status = QLabel(self)
        self.status.setObjectName("crosscheck-status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("crosscheck-add")
        self.add_button.clicked.connect(self._ask_add)
        self.add_button.setVisible(services.actor.role is Role.OBSERVER)
        self.official_button = QPushButton(self)
        self.official_button.setObjectName("crosscheck-official")
        self.official_button.clicked.connect(self._ask_official)
        self.database_button = QPushButton(self)
        self.database_button.setObjectName("crosscheck-database")
        self.database_button.clicked.connect(lambda: self.run([]))
        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("crosscheck-refresh")
        self.refresh_button.clicked.connect(lambda: self.run(self.official_files))
        self.pdf_button = QPushButton(self)
        self.pdf_button.setObjectName("crosscheck-pdf")
        self.pdf_button.clicked.connect(lambda: self._ask_export("pdf"))
        self.csv_button = QPushButton(self)
        self.csv_button.setObjectName("crosscheck-csv")
        self.csv_button.clicked.connect(lambda: self._ask_export("csv"))
        for b in (self.add_button, self.official_button, self.database_button, self.refresh_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.csv_button)
        layout.addLayout(buttons)

        self.resize(1100, 640)
        self.retranslate()
        self._fill_areas()
        lang.changed.connect(self._language_changed)
        self.run([])

    # -- areas ------------------------------------------------------------------------
    def _areas_above(self) -> dict[str, frozenset[str]]:
        """Each precinct's regions and districts (and the country)."""
        out: dict[str, frozenset[str]] = {}
        for p in self.election.precincts():
            out[p.code] = frozenset(a.code for a in self.election.ancestors(p.code))
        return out

    def _fill_areas(self) -> None:
        current = self.area.currentData()
        self.area.blockSignals(True)
        self.area.clear()
        self.area.addItem(self.lang.t("ui.crosscheck.all_areas"), "")
        for a in self.election.areas:
            if a.kind is AreaKind.REGION:
                self.area.addItem(a.name, a.code)
            elif a.kind is AreaKind.DISTRICT:
                self.area.addItem(f"   {a.name}", a.code)
        found = self.area.findData(current) if current else 0
        self.area.setCurrentIndex(max(0, found))
        self.area.blockSignals(False)

    def set_area(self, code: str) -> None:
        self.area.setCurrentIndex(max(0, self.area.findData(code)))

    def _in_area(self, precinct: str) -> bool:
        code = self.area.currentData()
        return not code or code in self._under.get(precinct, frozenset())

    # -- running ----------------------------------------------------------------------
    def run(self, official: Sequence[Path]) -> None:
        """Check the stored copies against the database (no files) or published files,
        off the GUI thread; the tables follow when it is done."""
        files = list(official)
        self._wanted = files
        self.status.setText(self.lang.t("ui.crosscheck.running"))
        if self._job is not None:
            return  # the one running is followed by this one (`_done`)
        services = self.services

        def work(_report: object) -> object:
            try:
                return (
                    files,
                    services.crosscheck.check(None, files),
                    (services.observers.list_copies()),
                )
            except InvalidRequest as exc:  # a file's problem, said with its place
                return exc

        job = Job(work)
        job.signals.finished.connect(self._done)
        job.signals.failed.connect(self._failed)
        self._job = job
        QThreadPool.globalInstance().start(job)

    def busy(self) -> bool:
        return self._job is not None

    def _failed(self, message: str) -> None:
        self._job = None
        self.status.setText(message.splitlines()[0] if message else "")

    def _done(self, result: object) -> None:
        self._job = None
        if isinstance(result, InvalidRequest):
            self.status.setText(self.lang.t("ui.crosscheck.bad_file", detail=str(result)))
            return
        assert isinstance(result, tuple)
        files, report, copies = result
        if files != self._wanted:
            self.run(self._wanted)  # asked for another check meanwhile
            return
        self.official_files = files
        self.report = report
        self.copies = copies
        self.status.setText(self._after)
        self._after = ""
        self._show()

    def add_files(self, paths: Sequence[Path]) -> None:
        """Keep the copies in the files as the observer's, then check again."""
        try:
            kept = self.services.crosscheck.keep(list(paths))
        except InvalidRequest as exc:  # a file's problem: its name and place
            self.status.setText(self.lang.t("ui.crosscheck.bad_file", detail=str(exc)))
            return
        except REFUSED as exc:
            self.status.setText(errors.describe(exc, self.lang))
            return
        self._after = self.lang.t("ui.crosscheck.kept", n=len(kept))
        self.run(self.official_files)

    def _ask_add(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.lang.t("ui.crosscheck.add"),
            "",
            f"{self.lang.t('ui.crosscheck.copy_files')} {FILES}",
        )
        if paths:
            self.add_files([Path(p) for p in paths])

    def _ask_official(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.lang.t("ui.crosscheck.official"),
            "",
            f"{self.lang.t('ui.crosscheck.results_files')} (*.csv *.json *.xml)",
        )
        if path:
            self.run([Path(path)])

    # -- showing ----------------------------------------------------------------------
    def _precinct_name(self, code: str) -> str:
        return self.election.area(AreaCode(code)).name

    def _show(self) -> None:
        r = self.report
        t = self.lang.t
        if r is None:
            return
        if r.against == "database":
            self.against.setText(t("ui.crosscheck.against_db"))
        else:
            self.against.setText(t("ui.crosscheck.against_file", files=r.against))
        diffs = [d for d in r.result.differences if self._in_area(d.precinct)]
        self.differences.set_rows(
            [
                (
                    d.precinct,
                    self._precinct_name(d.precinct),
                    d.contest,
                    _line(self.election, d.contest, d.line, self.lang),
                    "" if d.official is None else str(d.official),
                    "" if d.copy is None else str(d.copy),
                    f"{d.delta:+d}",
                    d.seen.observer,
                    d.seen.certification.number,
                    _sealed(d.seen.certification.sealed, self.lang),
                    d.seen.origin,
                )
                for d in diffs
            ]
        )
        totals: list[tuple[str, ...]] = []
        for c in r.contests:
            if c.differences is None:
                continue
            word = t("ui.crosscheck.changes" if c.changes else "ui.crosscheck.no_change")
            for choice, delta in c.differences.deltas:
                totals.append(
                    (
                        c.margin.contest.id,
                        _line(self.election, c.margin.contest.id, choice, self.lang),
                        f"{delta:+d}",
                        word,
                    )
                )
        self.totals.set_rows(totals)
        missing: list[tuple[str, ...]] = [
            (s.precinct, self._precinct_name(s.precinct), s.contest, self._why(r, s))
            for s in r.result.no_official
            if self._in_area(s.precinct)
        ]
        missing += [
            (p, self._precinct_name(p), c, t("ui.crosscheck.no_copy"))
            for p, c in r.result.missing
            if self._in_area(p)
        ]
        self.missing.set_rows(missing)
        self.all_copies.set_rows(
            [
                (
                    c.precinct,
                    c.contest,
                    c.observer,
                    c.at.astimezone().strftime("%Y-%m-%d %H:%M"),
                    t(f"ui.crosscheck.source.{c.source.value}"),
                    c.certification.number,
                    c.certification.certified_by,
                    _sealed(c.certification.sealed, self.lang),
                    ""
                    if c.certification.received_at is None
                    else c.certification.received_at.strftime("%Y-%m-%d %H:%M"),
                    c.certification.received_where,
                    "✓" if c.scan is not None else "",
                    "✓" if c.latest else "",
                )
                for c in self.copies
                if self._in_area(c.precinct)
            ]
        )
        if r.differences_change:
            verdict, colour = t("ui.crosscheck.verdict_changes"), "#b00020"
        elif r.can_matter:
            verdict, colour = t("ui.crosscheck.verdict_may"), "#8a5a00"
        else:
            verdict, colour = t("ui.crosscheck.verdict_cannot"), "#1b5e20"
        margins = "; ".join(
            t(
                "ui.crosscheck.margin",
                contest=c.margin.contest.id,
                safe=c.margin.margins.safe,
                protocols=c.margin.outstanding,
                verdict=t(f"ui.crosscheck.outstanding.{c.outstanding.value}"),
            )
            for c in r.contests
        )
        on = (
            t("ui.crosscheck.verdict_on_db")
            if r.verdict_on == "database"
            else t("ui.crosscheck.verdict_on_file")
        )
        verdict = f"{verdict} {on}"
        self.verdict.setText(f"{verdict}\n{margins}" if margins else verdict)
        palette = self.verdict.palette()
        palette.setColor(self.verdict.foregroundRole(), QColor(colour))
        self.verdict.setPalette(palette)
        self.counts.setText(
            t(
                "ui.crosscheck.counts",
                compared=len(r.result.compared),
                differences=len(r.result.differences),
                no_official=len(r.result.no_official),
                missing=len(r.result.missing),
            )
        )
        for view in (self.differences_view, self.totals_view, self.missing_view, self.copies_view):
            view.resizeColumnsToContents()

    def _why(self, r: CrossCheckReport, s: CopySeen) -> str:
        state = r.states.get((s.precinct, s.contest))
        if r.against != "database" or state is None:
            return self.lang.t("ui.crosscheck.not_published")
        return self.lang.t("ui.crosscheck.not_accepted", state=self.lang.t(f"state.{state.value}"))

    # -- exporting --------------------------------------------------------------------
    def export(self, kind: str, target: Path) -> None:
        """The discrepancy report as PDF (in the app's language) or CSV, written whole."""
        if self.report is None:
            return
        if kind == "pdf":
            from kztally.reports.crosscheck import render

            scans = {}
            for c in self.report.result.compared:
                if c.copy_id is not None and c.scan is not None:
                    found = self.services.observers.scan(c.copy_id)
                    if found is not None:
                        scans[c.copy_id] = found
            lang = self.lang.code if self.lang.code in ("kk", "ru", "en") else "kk"
            data = render(report_document(self.report, lang, scans))  # type: ignore[arg-type]
        else:
            data = report_csv(self.report).encode("utf-8-sig")
        write_whole(target, data)

    def _ask_export(self, kind: str) -> None:
        export_as(
            self,
            self.lang,
            self.status,
            "ui.crosscheck",
            kind,
            f"kztally-crosscheck.{kind}",
            lambda target: self.export(kind, target),
        )

    # -- language ---------------------------------------------------------------------
    def _language_changed(self, *_: object) -> None:
        if not self.busy():
            self.status.setText("")  # said in the language before
        self.retranslate()
        self._fill_areas()
        self._show()

    def retranslate(self) -> None:
        t = self.lang.t
        self.setWindowTitle(t("ui.crosscheck.title"))
        self.area_label.setText(t("ui.crosscheck.area"))
        for i, key in enumerate(("differences", "totals", "missing", "copies")):
            self.tabs.setTabText(i, t(f"ui.crosscheck.tab.{key}"))
        self.add_button.setText(t("ui.crosscheck.add"))
        self.official_button.setText(t("ui.crosscheck.official"))
        self.database_button.setText(t("ui.crosscheck.database"))
        self.refresh_button.setText(t("ui.crosscheck.refresh"))
        self.pdf_button.setText(t("ui.crosscheck.export_pdf"))
        self.csv_button.setText(t("ui.crosscheck.export_csv"))
        for model in (self.differences, self.totals, self.missing, self.all_copies):
            model.retranslate()
