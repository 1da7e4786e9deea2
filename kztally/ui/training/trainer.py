"""The trainer's screen: each trainee's score and each group's (a stack: its pair of
clerks and its supervisor's decisions) and the room's, with a chart of speed against
accuracy; the report as PDF and CSV. The score is `TrainingService.score`, read anew on
Refresh."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kztally.services.errors import REFUSED
from kztally.training.score import Line, Score, axis, shown_figures, shown_pct
from kztally.ui import errors
from kztally.ui.language import Language

COLUMNS = (
    "trainee",
    "role",
    "protocols",
    "per_hour",
    "keys",
    "corrections",
    "accuracy",
    "caught",
    "missed",
    "alarms",
)


def cells(x: Line, lang: Language) -> list[str]:
    if x.role == "group":
        name = (
            lang.t("ui.trainer.room") if x.name == "room" else lang.t("ui.trainer.group", n=x.name)
        )
        role = ""
    else:
        name, role = x.name, lang.t(f"ui.role.{x.role}")
    return [name, role, *shown_figures(x)]


class SpeedChart(QWidget):
    """Each clerk a dot: protocols per hour across, accuracy up."""

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainer-chart")
        self.lang = lang
        self.points: list[tuple[str, float, float]] = []
        self.setMinimumHeight(240)

    def set_score(self, score: Score) -> None:
        self.points = [
            (x.name, float(x.per_hour or 0), float(x.accuracy))
            for x in score.trainees
            if x.role == "clerk" and x.accuracy is not None
        ]
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        fm = p.fontMetrics()
        left, bottom, right, top = 48, 36, 16, 24
        area = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        p.setPen(QPen(QColor("#888888")))
        p.drawRect(area)
        top_speed, step = axis(max([10.0, *(s for _, s, _ in self.points)]))
        low = min([0.8, *(a for _, _, a in self.points)])
        low = max(0.0, int(low * 20) / 20)

        def at(speed: float, accuracy: float) -> QPointF:
            return QPointF(
                area.left() + area.width() * speed / top_speed,
                area.bottom() - area.height() * (accuracy - low) / (1 - low),
            )

        for i in range(5):
            acc = low + (1 - low) * i / 4
            y = at(0, acc).y()
            p.setPen(QPen(QColor("#dddddd")))
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            p.setPen(QPen(QColor("#333333")))
            p.drawText(
                QRectF(0, y - 8, left - 6, 16), Qt.AlignmentFlag.AlignRight, f"{acc * 100:.0f}%"
            )
        for i in range(int(top_speed // step) + 1):
            speed = step * i
            x = at(speed, low).x()
            p.drawText(
                QRectF(x - 20, area.bottom() + 2, 40, 16),
                Qt.AlignmentFlag.AlignHCenter,
                f"{speed:.0f}",
            )
        p.drawText(
            QRectF(area.left(), self.height() - 18, area.width(), 16),
            Qt.AlignmentFlag.AlignHCenter,
            self.lang.t("ui.trainer.x_axis"),
        )
        p.drawText(
            QRectF(4, 2, self.width() - 8, 18),
            Qt.AlignmentFlag.AlignLeft,
            self.lang.t("ui.trainer.y_axis"),
        )
        p.setBrush(QBrush(QColor("#1a5ab3")))
        # by speed, the names above and below their dots in turn (neighbours do not overlap)
        for n, (name, speed, accuracy) in enumerate(sorted(self.points, key=lambda x: x[1])):
            c = at(speed, accuracy)
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(c, 5, 5)
            p.setPen(QPen(QColor("#202020")))
            dy = -6 if n % 2 else fm.ascent() + 4
            p.drawText(QPointF(c.x() + 7, c.y() + dy), name)
        p.end()


class TrainerDialog(QDialog):
    def __init__(
        self,
        lang: Language,
        load: Callable[[], Score],
        election: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trainer-dialog")
        self.lang = lang
        self.load = load
        self.election = election
        self.score: Score | None = None
        self.resize(1000, 720)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("trainer-summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.trainees_label = QLabel(self)
        layout.addWidget(self.trainees_label)
        self.table = self._table("trainer-trainees")
        layout.addWidget(self.table, 3)
        self.groups_label = QLabel(self)
        layout.addWidget(self.groups_label)
        self.groups = self._table("trainer-groups")
        layout.addWidget(self.groups, 2)
        self.chart_label = QLabel(self)
        layout.addWidget(self.chart_label)
        self.chart = SpeedChart(lang, self)
        layout.addWidget(self.chart, 3)
        row = QHBoxLayout()
        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("trainer-refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.pdf_button = QPushButton(self)
        self.pdf_button.setObjectName("trainer-pdf")
        self.pdf_button.clicked.connect(self.export_pdf)
        self.csv_button = QPushButton(self)
        self.csv_button.setObjectName("trainer-csv")
        self.csv_button.clicked.connect(self.export_csv)
        for b in (self.refresh_button, self.pdf_button, self.csv_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.retranslate()
        lang.changed.connect(self.retranslate)

    def _table(self, name: str) -> QTableWidget:
        table = QTableWidget(0, len(COLUMNS), self)
        table.setObjectName(name)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def refresh(self) -> bool:
        try:
            self.score = self.load()
        except REFUSED as exc:
            self.score = None
            self.summary.setText(errors.describe(exc, self.lang, "training"))
            self._fill()
            return False
        self._fill()
        return True

    def _fill(self) -> None:
        score = self.score
        trainees = list(score.trainees) if score else []
        groups = [*score.groups, score.room] if score else []
        for table, lines in ((self.table, trainees), (self.groups, groups)):
            table.setRowCount(len(lines))
            for r, x in enumerate(lines):
                for c, text in enumerate(cells(x, self.lang)):
                    item = QTableWidgetItem(text)
                    if c >= 2:
                        item.setTextAlignment(
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                        )
                    table.setItem(r, c, item)
        if score is not None:
            room = score.room
            self.summary.setText(
                self.lang.t(
                    "ui.trainer.summary",
                    election=self.election,
                    trainees=len(score.trainees),
                    protocols=room.protocols,
                    accuracy=shown_pct(room.accuracy),
                    caught=room.caught,
                    planted=room.planted,
                )
            )
            self.chart.set_score(score)

    def _save(self, title_key: str, suffix: str, data: Callable[[], bytes]) -> Path | None:
        if self.score is None:
            return None
        name, _ = QFileDialog.getSaveFileName(
            self, self.lang.t(title_key), f"training-score.{suffix}", f"*.{suffix}"
        )
        if not name:
            return None
        path = Path(name)
        try:
            path.write_bytes(data())
        except OSError as exc:
            self.summary.setText(
                self.lang.t("ui.trainer.not_saved", path=str(path), error=exc.strerror or "")
            )
            return None
        self.summary.setText(self.lang.t("ui.trainer.saved", path=str(path)))
        return path

    def export_pdf(self) -> Path | None:
        from kztally.reports.training import render_score

        score = self.score
        return self._save(
            "ui.trainer.export_pdf",
            "pdf",
            lambda: render_score(score, self.lang.code, self.election) if score else b"",  # type: ignore[arg-type]
        )

    def export_csv(self) -> Path | None:
        from kztally.training.score import csv_text

        score = self.score
        return self._save(
            "ui.trainer.export_csv", "csv", lambda: csv_text(score).encode() if score else b""
        )

    def retranslate(self, *_: object) -> None:
        t = self.lang.t
        self.setWindowTitle(t("ui.trainer.title"))
        self.trainees_label.setText(t("ui.trainer.trainees"))
        self.groups_label.setText(t("ui.trainer.groups"))
        self.chart_label.setText(t("ui.trainer.chart"))
        self.refresh_button.setText(t("ui.trainer.refresh"))
        self.pdf_button.setText(t("ui.trainer.export_pdf"))
        self.csv_button.setText(t("ui.trainer.export_csv"))
        for table, first in ((self.table, "trainee"), (self.groups, "group")):
            table.setHorizontalHeaderLabels(
                [t(f"ui.trainer.col.{c}") for c in (first, *COLUMNS[1:])]
            )
        self._fill()
        self.chart.update()
