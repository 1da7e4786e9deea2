"""The election forensics panel: the tests of kztally.forensics on the accepted protocols of
an area, drilled down from the country to a region and a district (docs/forensics.md).

The turnout-against-share scatter (one point per precinct) beside the two distributions
(the Shpilkin picture), the turnout and share histograms at 0.1% bins, and the flagged
findings with each test's note in the user's language. Computed off the GUI thread by the
forensics service; every chart saves as PNG and PDF (matplotlib: QtAgg on screen,
`Figure.savefig` for files, the bundled DejaVu Sans so Kazakh letters render).

The service reads accepted protocols only, so an observer sees no figure before it is
accepted, as on the results screen.
"""

from __future__ import annotations

import html
from pathlib import Path

import matplotlib

matplotlib.use("QtAgg")

import numpy as np
from matplotlib import font_manager
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kztally.bundle import resource
from kztally.domain.election import Election
from kztally.forensics import notes, stats
from kztally.forensics.analysis import Arrays, Finding
from kztally.services.context import Services
from kztally.services.forensics import ForensicsResult
from kztally.ui.jobs import Job
from kztally.ui.language import Language
from kztally.ui.results import choice_name
from kztally.ui.widgets import export_as

CHARTS = ("scatter", "spikes")
"""The charts, by name: each is a tab and exports as PNG and PDF."""
FLAGGED_COLOUR = "#d62728"
OTHER_COLOUR = "#1f77b4"
SHARE_COLOUR = "#2ca02c"

_fonts_ready: list[bool] = []


def _font() -> str:
    """The bundled DejaVu Sans, known to matplotlib (once); its family name."""
    if not _fonts_ready:
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
            font_manager.fontManager.addfont(str(resource("fonts", name)))
        matplotlib.rcParams["pdf.fonttype"] = 42  # TrueType in PDFs: the text stays text
        _fonts_ready.append(True)
    return "DejaVu Sans"


def area_name(election: Election, code: str, lang: Language) -> str:
    area = election.area(code)
    return area.names.get(lang.code) or area.name


class ForensicsDialog(QDialog):
    """Not modal: the night goes on while it is open; Refresh tests the protocols anew."""

    def __init__(self, lang: Language, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("forensics")
        self.lang = lang
        self.services = services
        self.election = services.elections.require()
        self.found: ForensicsResult | None = None
        self._job: Job | None = None
        self._wanted: str | None = None
        family = _font()

        self.region = QComboBox(self)
        self.region.setObjectName("forensics-region")
        self.district = QComboBox(self)
        self.district.setObjectName("forensics-district")
        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("forensics-refresh")
        self.status = QLabel(self)
        self.status.setObjectName("forensics-status")
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 2 + 4)
        self.region_label = QLabel(self)
        self.district_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.region_label)
        top.addWidget(self.region, 1)
        top.addWidget(self.district_label)
        top.addWidget(self.district, 1)
        top.addWidget(self.refresh_button)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("forensics-tabs")
        self.figures: dict[str, Figure] = {}
        self.canvases: dict[str, FigureCanvasQTAgg] = {}
        for chart in CHARTS:
            figure = Figure(figsize=(11, 6), layout="constrained")
            figure.set_facecolor("white")
            self.figures[chart] = figure
            canvas = FigureCanvasQTAgg(figure)  # type: ignore[no-untyped-call]
            canvas.setObjectName(f"forensics-chart-{chart}")
            self.canvases[chart] = canvas
            self.tabs.addTab(canvas, "")
        matplotlib.rcParams["font.family"] = family

        flagged = QSplitter(Qt.Orientation.Vertical, self)
        self.table = QTableWidget(0, 6, flagged)
        self.table.setObjectName("forensics-flagged")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.note = QLabel(flagged)
        self.note.setObjectName("forensics-note")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        flagged.addWidget(self.table)
        flagged.addWidget(self.note)
        flagged.setStretchFactor(0, 3)
        flagged.setStretchFactor(1, 1)
        self.tabs.addTab(flagged, "")
        self.flagged_tab = flagged

        self.png_button = QPushButton(self)
        self.png_button.setObjectName("forensics-export-png")
        self.pdf_button = QPushButton(self)
        self.pdf_button.setObjectName("forensics-export-pdf")
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.png_button)
        bottom.addWidget(self.pdf_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        self._fill_regions()
        self.region.currentIndexChanged.connect(self._region_changed)
        self.district.currentIndexChanged.connect(lambda _i: self.compute())
        self.refresh_button.clicked.connect(lambda: self.compute(force=True))
        self.table.itemSelectionChanged.connect(self._show_note)
        self.tabs.currentChanged.connect(lambda _i: self._export_enabled())
        self.png_button.clicked.connect(lambda: self._ask_export("png"))
        self.pdf_button.clicked.connect(lambda: self._ask_export("pdf"))
        self.retranslate()
        lang.changed.connect(self._language_changed)
        self.resize(1200, 800)
        self._region_changed()

    # -- the drill-down ------------------------------------------------------------------
    def _fill_regions(self) -> None:
        root = self.election.root
        self.region.blockSignals(True)
        self.region.clear()
        self.region.addItem(self.lang.t("ui.forensics.whole_country"), root.code)
        for a in self.election.children(root.code):
            self.region.addItem(area_name(self.election, a.code, self.lang), a.code)
        self.region.blockSignals(False)

    def _region_changed(self, *_: object) -> None:
        region = self.region.currentData()
        self.district.blockSignals(True)
        self.district.clear()
        root = self.election.root.code
        if region != root:
            self.district.addItem(self.lang.t("ui.forensics.whole_region"), region)
            for a in self.election.children(region):
                if a.kind.value != "precinct":
                    self.district.addItem(area_name(self.election, a.code, self.lang), a.code)
        self.district.setEnabled(region != root)
        self.district.blockSignals(False)
        self.compute()

    def area(self) -> str:
        """The area chosen: the district, else the region, else the country."""
        district = self.district.currentData()
        return str(district if district is not None else self.region.currentData())

    def choose(self, code: str) -> None:
        """Drill down to an area (a region or a district) as if chosen in the lists."""
        chain = [a.code for a in reversed(self.election.ancestors(code))] + [code]
        region = chain[1] if len(chain) > 1 else chain[0]
        self.region.setCurrentIndex(max(self.region.findData(region), 0))
        if self.district.count():
            wanted = chain[2] if len(chain) > 2 else region
            self.district.setCurrentIndex(max(self.district.findData(wanted), 0))
        self.compute()

    # -- computing ------------------------------------------------------------------------
    def compute(self, *, force: bool = False) -> None:
        """Test the accepted protocols of the area chosen, off the GUI thread."""
        code = self.area()
        self._wanted = code
        if not force and self.found is not None and self.found.area == code:
            return
        self.status.setText(
            self.lang.t("ui.forensics.running", area=area_name(self.election, code, self.lang))
        )
        if self._job is not None:
            return
        services = self.services
        job = Job(lambda _report: services.forensics.analyse(code))
        job.signals.finished.connect(self._done)
        job.signals.failed.connect(self._failed)
        self._job = job
        QThreadPool.globalInstance().start(job)

    def busy(self) -> bool:
        return self._job is not None

    def _failed(self, message: str) -> None:
        self._job = None
        self.status.setText(html.escape(message.splitlines()[0] if message else ""))

    def _done(self, found: object) -> None:
        self._job = None
        assert isinstance(found, ForensicsResult)
        if self._wanted is not None and found.area != self._wanted:
            self.compute(force=True)  # the area changed while this one was computed
            return
        self.found = found
        self.show_result()

    # -- showing --------------------------------------------------------------------------
    def show_result(self) -> None:
        r = self.found
        if r is None:
            return
        t = self.lang.t
        name = area_name(self.election, r.area, self.lang)
        if r.contest is None:
            self.status.setText(t("ui.forensics.no_contest", area=name))
        else:
            body = self.election.body(self.election.contest(r.contest).body)
            self.status.setText(
                t(
                    "ui.forensics.summary",
                    area=name,
                    contest=body.names.get(self.lang.code) or body.name,
                    precincts=r.report.precincts,
                    areas=len(r.report.areas),
                    flagged=len(r.report.flagged),
                )
            )
        self._fill_table(r)
        self._draw_scatter(r)
        self._draw_spikes(r)
        self._export_enabled()

    def leader_name(self, r: ForensicsResult) -> str:
        leader = r.report.leader
        if leader is None or r.contest is None:
            return "—"
        contest = self.election.contest(r.contest)
        if leader < len(contest.choices):
            return choice_name(self.election, contest.choices[leader], self.lang)
        return r.choices[leader] if leader < len(r.choices) else "—"

    def flagged_areas(self, r: ForensicsResult) -> set[str]:
        """The areas below the one shown that a test flagged (the area shown itself aside:
        it would paint every point)."""
        return {f.area for f in r.report.flagged if f.area != r.area}

    def _draw_scatter(self, r: ForensicsResult) -> None:
        t = self.lang.t
        figure = self.figures["scatter"]
        figure.clear()
        scatter, dists = figure.subplots(1, 2, width_ratios=(3, 2))
        a = Arrays(r.rows, r.report.leader)
        turnout, share = a.turnout * 100, a.share * 100
        flagged = self.flagged_areas(r)
        flagged_precincts = {p for f in r.report.flagged for p in f.precincts}
        hot = np.array(
            [
                row.district in flagged
                or any(x in flagged for x in row.areas if x != r.area)
                or row.code in flagged_precincts
                for row in r.rows
            ],
            dtype=bool,
        )
        leader = self.leader_name(r)
        ok = np.isfinite(turnout) & np.isfinite(share)
        if ok.any():
            cold = ok & ~hot
            scatter.scatter(
                turnout[cold],
                share[cold],
                s=6,
                alpha=0.5,
                color=OTHER_COLOUR,
                linewidths=0,
                label=t("ui.forensics.other_points"),
            )
            if (ok & hot).any():
                scatter.scatter(
                    turnout[ok & hot],
                    share[ok & hot],
                    s=8,
                    alpha=0.8,
                    color=FLAGGED_COLOUR,
                    linewidths=0,
                    label=t("ui.forensics.flagged_points"),
                )
            scatter.legend(loc="lower right", fontsize="small")
        scatter.set_xlim(0, 100)
        scatter.set_ylim(0, 100)
        scatter.set_xlabel(t("ui.forensics.turnout"))
        scatter.set_ylabel(t("ui.forensics.share", name=leader))
        scatter.set_title(t("ui.forensics.scatter_title"))
        scatter.grid(alpha=0.3)
        bins = np.arange(0, 101, 1.0)
        dists.hist(
            turnout[ok],
            bins=bins,
            histtype="step",
            color=OTHER_COLOUR,
            label=t("ui.forensics.turnout_legend"),
        )
        dists.hist(
            share[ok],
            bins=bins,
            histtype="step",
            color=SHARE_COLOUR,
            label=t("ui.forensics.share_legend"),
        )
        dists.set_xlim(0, 100)
        dists.set_xlabel(t("ui.forensics.percent"))
        dists.set_ylabel(t("ui.forensics.precincts"))
        dists.set_title(t("ui.forensics.distributions"))
        dists.legend(loc="upper left", fontsize="small")
        dists.grid(alpha=0.3)
        figure.suptitle(f"{area_name(self.election, r.area, self.lang)} — {leader}")
        self.canvases["scatter"].draw_idle()  # type: ignore[no-untyped-call]

    def _draw_spikes(self, r: ForensicsResult) -> None:
        t = self.lang.t
        figure = self.figures["spikes"]
        figure.clear()
        top, bottom = figure.subplots(2, 1)
        a = Arrays(r.rows, r.report.leader)
        leader = self.leader_name(r)
        for ax, values, what, colour, test in (
            (top, a.turnout, t("ui.forensics.turnout"), OTHER_COLOUR, "turnout_spikes"),
            (
                bottom,
                a.share,
                t("ui.forensics.share", name=leader),
                SHARE_COLOUR,
                "share_spikes",
            ),
        ):
            centres, counts = stats.histogram(values)  # 0.1% bins centred on their multiples
            if counts.any():
                ax.bar(centres * 100, counts, width=0.1, color=colour)
            ax.set_xlim(0, 100)
            ax.set_ylabel(t("ui.forensics.precincts"))
            finding = next(
                (f for f in r.report.findings if f.area == r.area and f.test == test), None
            )
            suffix = f" — p = {finding.p_value:.2g}" if finding is not None else ""
            ax.set_title(t("ui.forensics.spikes_title", what=what) + suffix, fontsize="medium")
            ax.grid(alpha=0.3)
        bottom.set_xlabel(t("ui.forensics.percent"))
        figure.suptitle(area_name(self.election, r.area, self.lang))
        self.canvases["spikes"].draw_idle()  # type: ignore[no-untyped-call]

    def _fill_table(self, r: ForensicsResult) -> None:
        found = sorted(r.report.flagged, key=lambda f: (f.p_adjusted, f.area, f.test))
        self.findings: list[Finding] = found
        self.table.setRowCount(len(found))
        for i, f in enumerate(found):
            cells = (
                f"{f.area} {area_name(self.election, f.area, self.lang)}",
                notes.title(f.test, self.lang.code),
                f"{f.statistic:.4g}",
                f"{f.p_value:.3g}",
                f"{f.p_adjusted:.3g}",
                " ".join(f.precincts[:8]) + (" …" if len(f.precincts) > 8 else ""),
            )
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(notes.note(f.test, self.lang.code) if j == 1 else text)
                self.table.setItem(i, j, item)
        if found:
            self.table.selectRow(0)
        self._show_note()

    def _show_note(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        found = getattr(self, "findings", [])
        if not found:
            self.note.setText(self.lang.t("ui.forensics.none_flagged"))
        elif not rows:
            self.note.setText(self.lang.t("ui.forensics.pick"))
        else:
            f = found[rows[0].row()]
            title = html.escape(notes.title(f.test, self.lang.code))
            self.note.setText(
                f"<b>{title}</b><br>{html.escape(notes.note(f.test, self.lang.code))}"
            )

    # -- export ---------------------------------------------------------------------------
    def current_chart(self) -> str | None:
        i = self.tabs.currentIndex()
        return CHARTS[i] if 0 <= i < len(CHARTS) else None

    def _export_enabled(self) -> None:
        on = self.current_chart() is not None and self.found is not None
        self.png_button.setEnabled(on)
        self.pdf_button.setEnabled(on)

    def export(self, chart: str, path: Path) -> None:
        """Save a chart as the file's suffix says (.png or .pdf)."""
        self.figures[chart].savefig(path, dpi=150, facecolor="white")

    def _ask_export(self, kind: str) -> None:
        chart = self.current_chart()
        if chart is None or self.found is None:
            return
        export_as(
            self,
            self.lang,
            self.status,
            "ui.forensics",
            kind,
            f"kztally-forensics-{self.found.area}-{chart}.{kind}",
            lambda target: self.export(chart, target),
        )

    # -- language -------------------------------------------------------------------------
    def _language_changed(self, *_: object) -> None:
        self.retranslate()
        region, district = self.region.currentData(), self.district.currentData()
        self._fill_regions()
        self.region.setCurrentIndex(max(self.region.findData(region), 0))
        if district is not None:
            self.district.setCurrentIndex(max(self.district.findData(district), 0))
        self.show_result()

    def retranslate(self, *_: object) -> None:
        t = self.lang.t
        self.setWindowTitle(t("ui.forensics.title"))
        self.region_label.setText(t("ui.forensics.region"))
        self.district_label.setText(t("ui.forensics.district"))
        self.refresh_button.setText(t("ui.forensics.refresh"))
        self.png_button.setText(t("ui.forensics.export_png"))
        self.pdf_button.setText(t("ui.forensics.export_pdf"))
        for i, chart in enumerate(CHARTS):
            self.tabs.setTabText(i, t(f"ui.forensics.tab.{chart}"))
        self.tabs.setTabText(len(CHARTS), t("ui.forensics.tab.flagged"))
        self.table.setHorizontalHeaderLabels(
            [
                t(f"ui.forensics.col.{c}")
                for c in ("area", "test", "statistic", "p", "p_adjusted", "precincts")
            ]
        )
