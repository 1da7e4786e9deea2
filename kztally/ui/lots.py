"""Ties and lots: the ties of the results as they stand, the tied lists or candidates
with their votes and remainder, and a form where a supervisor or an administrator
records the drawing of lots: the order drawn, the witnesses and the act's reference.
Reached from the results view and the View menu."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.numbers import fraction_text
from kztally.domain.results import Tie
from kztally.services.context import Services
from kztally.services.errors import ServiceError
from kztally.services.lots import RECORDING_ROLES, TieView
from kztally.ui.language import Language
from kztally.ui.users import local_time, refusal_text
from kztally.ui.widgets import recording_tail

ERROR_STYLE = "color: #b00020;"


def tie_summary(lang: Language, tie: Tie) -> str:
    """One line: the contest, the tied names, and how the tie was settled."""
    names: dict[str, str] = {c.id: c.name for c in tie.contest.choices}
    how = lang.t(f"settlement.{tie.settled_by.value}")
    if tie.lot is not None:
        how = lang.t("ui.lots.by_lot", reference=tie.lot.reference)
    won = ", ".join(names[w] for w in tie.winners)
    key = "ui.lots.tie_lists" if tie.remainder is not None else "ui.lots.tie_district"
    return lang.t(
        key,
        contest=tie.contest.name,
        tied=", ".join(names[i] for i in tie.tied),
        seats=tie.seats,
        how=how + (f": {won}" if won else ""),
    )


class LotsDialog(QDialog):
    def __init__(self, lang: Language, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lots")
        self.lang = lang
        self.services = services
        self.views: list[TieView] = []
        t = lang.t
        self.setWindowTitle(t("ui.lots.title"))
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)

        self.ties = QListWidget(self)
        self.ties.setObjectName("lots-ties")
        self.ties.setWordWrap(True)
        self.ties.currentRowChanged.connect(self._selected)
        self.ties.setMaximumHeight(120)
        layout.addWidget(self.ties)

        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("lots-tied")
        self.table.setHorizontalHeaderLabels(
            [t("ui.lots.col.name"), t("ui.lots.col.votes"), t("ui.lots.col.remainder")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 360)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setMaximumHeight(150)
        layout.addWidget(self.table)

        self.form = QWidget(self)
        form_layout = QVBoxLayout(self.form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        hint = QLabel(t("ui.lots.order_hint"), self.form)
        hint.setWordWrap(True)
        form_layout.addWidget(hint)
        order_row = QHBoxLayout()
        self.order = QListWidget(self.form)
        self.order.setObjectName("lots-order")
        self.order.setMaximumHeight(90)
        order_row.addWidget(self.order, 1)
        buttons = QVBoxLayout()
        self.up = QPushButton(t("ui.lots.up"), self.form)
        self.up.setObjectName("lots-up")
        self.up.clicked.connect(lambda: self.move_selected(-1))
        self.down = QPushButton(t("ui.lots.down"), self.form)
        self.down.setObjectName("lots-down")
        self.down.clicked.connect(lambda: self.move_selected(1))
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch(1)
        order_row.addLayout(buttons)
        form_layout.addLayout(order_row)
        fields = QFormLayout()
        self.witnesses = QPlainTextEdit(self.form)
        self.witnesses.setObjectName("lots-witnesses")
        self.witnesses.setTabChangesFocus(True)
        self.witnesses.setMaximumHeight(70)
        self.reference = QLineEdit(self.form)
        self.reference.setObjectName("lots-reference")
        fields.addRow(t("ui.lots.witnesses"), self.witnesses)
        fields.addRow(t("ui.lots.reference"), self.reference)
        form_layout.addLayout(fields)
        tail = recording_tail(
            self,
            layout,
            self.form,
            form_layout,
            name="lots",
            record_text=t("ui.lots.record"),
            record=self.record,
            close_text=t("ui.dialog.close"),
        )
        self.record_button, self.message, self.history = (
            tail.record_button,
            tail.message,
            tail.history,
        )

        self.may_record = services.actor.role in RECORDING_ROLES
        self.reload()

    # -- showing -------------------------------------------------------------------------

    def reload(self) -> None:
        row = max(self.ties.currentRow(), 0)
        self.views = list(self.services.lots.ties())
        self.ties.blockSignals(True)
        self.ties.clear()
        for v in self.views:
            item = QListWidgetItem(tie_summary(self.lang, v.tie))
            if v.open:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.ties.addItem(item)
        self.ties.blockSignals(False)
        if not self.views:
            self.ties.addItem(self.lang.t("ui.lots.none"))
            self.ties.setEnabled(False)
        else:
            self.ties.setCurrentRow(min(row, len(self.views) - 1))
        self._selected(self.ties.currentRow())
        draws = self.services.lots.draws()
        newest = {d.contest: d.id for d in draws}
        lines = [
            self.lang.t(
                "ui.lots.draw_line",
                id=d.id,
                contest=html.escape(d.contest),
                order=html.escape(", ".join(d.order)),
                reference=html.escape(d.reference),
                witnesses=html.escape(", ".join(d.witnesses)),
                by=html.escape(d.by),
                at=local_time(d.at),
            )
            + ("" if newest[d.contest] == d.id else " " + self.lang.t("ui.lots.superseded"))
            for d in draws
        ]
        self.history.setText(
            f"<b>{self.lang.t('ui.lots.history')}</b><br>" + "<br>".join(lines) if lines else ""
        )

    def selected(self) -> TieView | None:
        row = self.ties.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None

    def _selected(self, _row: int) -> None:
        view = self.selected()
        self.table.setRowCount(0)
        self.order.clear()
        drawable = view is not None and bool(view.tie.drawn)
        self.form.setVisible(self.may_record and drawable)
        if view is None:
            return
        tie = view.tie
        names: dict[str, str] = {c.id: c.name for c in tie.contest.choices}
        self.table.setRowCount(len(tie.tied))
        for r, (cid, votes) in enumerate(zip(tie.tied, tie.votes, strict=True)):
            remainder = "" if tie.remainder is None else fraction_text(tie.remainder)
            for c, value in enumerate((names[cid], f"{votes:,}".replace(",", " "), remainder)):
                cell = QTableWidgetItem(value)
                if c:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, cell)
        order = view.draw.order if view.draw is not None else tie.drawn
        for cid in order:
            item = QListWidgetItem(f"{names[cid]} ({cid})")
            item.setData(Qt.ItemDataRole.UserRole, cid)
            self.order.addItem(item)
        self.order.setCurrentRow(0)
        if not self.may_record and tie.open:
            self.message.setStyleSheet("")
            self.message.setText(self.lang.t("ui.lots.read_only"))

    # -- recording -----------------------------------------------------------------------

    def move_selected(self, step: int) -> None:
        row = self.order.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.order.count():
            return
        item = self.order.takeItem(row)
        self.order.insertItem(target, item)
        self.order.setCurrentRow(target)

    def drawn_order(self) -> list[str]:
        return [
            str(self.order.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.order.count())
        ]

    def record(self) -> None:
        view = self.selected()
        if view is None:
            return
        witnesses = [w for w in self.witnesses.toPlainText().splitlines() if w.strip()]
        missing = (
            "ui.lots.need_witness"
            if not witnesses
            else "ui.lots.need_reference"
            if not self.reference.text().strip()
            else None
        )
        if missing is not None:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(self.lang.t(missing))
            return
        try:
            draw = self.services.lots.draw(
                view.contest, self.drawn_order(), witnesses, self.reference.text()
            )
        except ServiceError as exc:
            self.message.setStyleSheet(ERROR_STYLE)
            words = refusal_text(self.lang, exc)
            # the service's own sentence says what does not fit (a name too long, ...)
            self.message.setText(words if words == str(exc) else f"{words} {exc}")
            return
        self.message.setStyleSheet("")
        self.message.setText(self.lang.t("ui.lots.recorded", id=draw.id))
        self.witnesses.clear()
        self.reference.clear()
        self.reload()
