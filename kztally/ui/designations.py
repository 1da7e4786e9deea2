"""Designations of deputies: each party list with seats (the Mazhilis and every
maslikhat), the seats it won, who takes them (the party's designation in force, else
the Kazakh-alphabet fallback, else nobody yet), the 30% notices, and the history of its
designations. A supervisor or an administrator records a party's decision: the persons
in the party's order, picked from its list, and the decision's reference; the service
checks it and its refusal is shown in words. Reached from the View menu and the results
view."""

from __future__ import annotations

import html
from fractions import Fraction

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kztally import domain_texts
from kztally.domain.election import Election, Person
from kztally.services.context import Services
from kztally.services.errors import ServiceError
from kztally.services.lots import RECORDING_ROLES, DesignationRecord, DesignationView
from kztally.ui.language import Language
from kztally.ui.users import local_time, refusal_text
from kztally.ui.widgets import recording_tail

ERROR_STYLE = "color: #b00020;"
WARNING_NOTICES = frozenset({"P1", "P3", "P4", "P5"})
"""Notices that want the commission's attention (P2, the fallback, is lawful)."""


def percent(share: Fraction) -> str:
    return f"{float(share) * 100:.0f}%"


def person_label(lang: Language, person: Person) -> str:
    """The name, and why the person counts for the 30% rule when they do."""
    tags = [
        lang.t(f"ui.desig.{flag}")
        for flag, on in (
            ("woman", person.woman),
            ("under_29", person.under_29),
            ("disability", person.disability),
        )
        if on
    ]
    return f"{person.name} ({', '.join(tags)})" if tags else person.name


class DesignationsDialog(QDialog):
    def __init__(self, lang: Language, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("designations")
        self.lang = lang
        self.services = services
        self.election: Election = services.elections.require()
        self.views: list[DesignationView] = []
        self.history_records: tuple[DesignationRecord, ...] = ()
        self._members: dict[str, Person] = {}
        """The selected list's candidates by name, in list order."""
        t = lang.t
        self.setWindowTitle(t("ui.desig.title"))
        self.setMinimumWidth(760)
        layout = QVBoxLayout(self)

        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("desig-lists")
        self.table.setHorizontalHeaderLabels(
            [
                t("ui.desig.col.contest"),
                t("ui.desig.col.list"),
                t("ui.desig.col.seats"),
                t("ui.desig.col.persons"),
                t("ui.desig.col.source"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(1, 150)
        self.table.setColumnWidth(2, 60)
        self.table.setColumnWidth(3, 260)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setMaximumHeight(170)
        self.table.currentCellChanged.connect(lambda *_: self._selected())
        layout.addWidget(self.table)

        self.details = QLabel(self)
        self.details.setObjectName("desig-details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.details)

        self.form = QWidget(self)
        form_layout = QVBoxLayout(self.form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        hint = QLabel(t("ui.desig.hint"), self.form)
        hint.setWordWrap(True)
        form_layout.addWidget(hint)
        grid = QGridLayout()
        grid.addWidget(QLabel(t("ui.desig.on_list"), self.form), 0, 0)
        grid.addWidget(QLabel(t("ui.desig.chosen"), self.form), 0, 2)
        self.members = QListWidget(self.form)
        self.members.setObjectName("desig-members")
        self.members.setMaximumHeight(120)
        self.members.itemDoubleClicked.connect(lambda *_: self.add_selected())
        self.chosen = QListWidget(self.form)
        self.chosen.setObjectName("desig-chosen")
        self.chosen.setMaximumHeight(120)
        self.chosen.itemDoubleClicked.connect(lambda *_: self.remove_selected())
        grid.addWidget(self.members, 1, 0)
        grid.addWidget(self.chosen, 1, 2)
        middle = QVBoxLayout()
        self.add_button = QPushButton(t("ui.desig.add"), self.form)
        self.add_button.setObjectName("desig-add")
        self.add_button.clicked.connect(self.add_selected)
        self.remove_button = QPushButton(t("ui.desig.remove"), self.form)
        self.remove_button.setObjectName("desig-remove")
        self.remove_button.clicked.connect(self.remove_selected)
        middle.addWidget(self.add_button)
        middle.addWidget(self.remove_button)
        middle.addStretch(1)
        grid.addLayout(middle, 1, 1)
        right = QVBoxLayout()
        self.up = QPushButton(t("ui.desig.up"), self.form)
        self.up.setObjectName("desig-up")
        self.up.clicked.connect(lambda: self.move_selected(-1))
        self.down = QPushButton(t("ui.desig.down"), self.form)
        self.down.setObjectName("desig-down")
        self.down.clicked.connect(lambda: self.move_selected(1))
        right.addWidget(self.up)
        right.addWidget(self.down)
        right.addStretch(1)
        grid.addLayout(right, 1, 3)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 1)
        form_layout.addLayout(grid)
        self.share = QLabel(self.form)
        self.share.setObjectName("desig-share")
        self.share.setWordWrap(True)
        form_layout.addWidget(self.share)
        fields = QFormLayout()
        self.reference = QLineEdit(self.form)
        self.reference.setObjectName("desig-reference")
        fields.addRow(t("ui.desig.reference"), self.reference)
        form_layout.addLayout(fields)
        tail = recording_tail(
            self,
            layout,
            self.form,
            form_layout,
            name="desig",
            record_text=t("ui.desig.record"),
            record=self.record,
            close_text=t("ui.dialog.close"),
        )
        self.record_button, self.message, self.history = (
            tail.record_button,
            tail.message,
            tail.history,
        )

        self.may_record = services.actor.role in RECORDING_ROLES
        if not self.may_record:
            self.message.setText(t("ui.desig.read_only"))
        self.reload()

    # -- showing -------------------------------------------------------------------------

    def reload(self) -> None:
        row = max(self.table.currentRow(), 0)
        self.views = list(self.services.lots.designations())
        self.history_records = self.services.lots.designation_history()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.views))
        for r, v in enumerate(self.views):
            contest = self.election.contest(v.contest)
            names = ", ".join(p.name for p in v.designation.persons) or "—"
            cells = (
                contest.name,
                contest.choice(v.list_id).name,
                str(v.seats),
                names,
                self._source(v),
            )
            warn = any(n.code in WARNING_NOTICES for n in v.designation.notices)
            for c, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                if c == 2:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if warn:
                    cell.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, cell)
        self.table.blockSignals(False)
        if not self.views:
            self.details.setText(self.lang.t("ui.desig.none"))
            self.form.setVisible(False)
            self.history.setText("")
            return
        self.table.setCurrentCell(min(row, len(self.views) - 1), 0)
        self._selected()

    def _source(self, v: DesignationView) -> str:
        if v.record is not None:
            return self.lang.t("ui.desig.by_decision", reference=v.record.reference)
        codes = {n.code for n in v.designation.notices}
        return self.lang.t("ui.desig.fallback" if "P2" in codes else "ui.desig.awaited")

    def selected(self) -> DesignationView | None:
        row = self.table.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None

    def _selected(self) -> None:
        view = self.selected()
        self.form.setVisible(self.may_record and view is not None)
        if view is None:
            return
        t = self.lang.t
        d = view.designation
        contest = self.election.contest(view.contest)
        choice = contest.choice(view.list_id)
        lines = [
            "<b>"
            + html.escape(t("ui.desig.heading", list=choice.name, contest=contest.name))
            + "</b> "
            + html.escape(t("ui.desig.seats", seats=view.seats))
        ]
        if d.persons:
            lines.append(
                "<br>".join(
                    f"{i}. {html.escape(person_label(self.lang, p))}"
                    for i, p in enumerate(d.persons, 1)
                )
            )
        if view.record is not None:
            lines.append(
                html.escape(
                    t(
                        "ui.desig.recorded_by",
                        reference=view.record.reference,
                        by=view.record.by,
                        at=local_time(view.record.at),
                    )
                )
            )
        if d.protected_share is not None:
            protected = sum(p.protected for p in d.persons)
            lines.append(
                html.escape(
                    t(
                        "ui.desig.protected",
                        protected=protected,
                        persons=len(d.persons),
                        share=percent(d.protected_share),
                        minimum=percent(self.election.rules.designation_minimum_share),
                    )
                )
            )
        for n in d.notices:
            words = html.escape(f"{n.code}: {domain_texts.notice_text(n, self.lang.code)}")
            colour = "#b00020" if n.code in WARNING_NOTICES else "#555555"
            lines.append(f'<span style="color: {colour};">{words}</span>')
        self.details.setText("<br>".join(lines))

        # the draft starts from who takes the seats now
        members = {p.name: p for p in choice.members}
        self.chosen.clear()
        for p in d.persons:
            self.chosen.addItem(self._item(p))
        self.members.clear()
        for p in choice.members:
            if all(q.name != p.name for q in d.persons):
                self.members.addItem(self._item(p))
        self.members.setCurrentRow(0)
        self.chosen.setCurrentRow(0)
        self._members = members
        self.message.setText("" if self.may_record else t("ui.desig.read_only"))
        self.message.setStyleSheet("")
        self._draft_changed()

        ours = [
            r
            for r in self.history_records
            if r.contest == view.contest and r.list_id == view.list_id
        ]
        newest = ours[-1].id if ours else None
        history = [
            html.escape(
                t(
                    "ui.desig.history_line",
                    id=r.id,
                    persons=", ".join(r.persons),
                    reference=r.reference,
                    by=r.by,
                    at=local_time(r.at),
                )
            )
            + ("" if r.id == newest else " " + html.escape(t("ui.desig.superseded")))
            for r in ours
        ]
        self.history.setText(
            f"<b>{html.escape(t('ui.desig.history'))}</b><br>"
            + ("<br>".join(history) if history else html.escape(t("ui.desig.no_history")))
        )

    def _item(self, person: Person) -> QListWidgetItem:
        item = QListWidgetItem(person_label(self.lang, person))
        item.setData(Qt.ItemDataRole.UserRole, person.name)
        return item

    def _draft_changed(self) -> None:
        view = self.selected()
        if view is None:
            return
        persons = [self._members[n] for n in self.designated() if n in self._members]
        protected = sum(p.protected for p in persons)
        share = Fraction(protected, len(persons)) if persons else Fraction(0)
        minimum = self.election.rules.designation_minimum_share
        self.share.setText(
            self.lang.t(
                "ui.desig.draft",
                persons=len(persons),
                seats=view.seats,
                protected=protected,
                share=percent(share),
                minimum=percent(minimum),
            )
        )
        self.share.setStyleSheet(ERROR_STYLE if persons and share < minimum else "")

    # -- the draft -----------------------------------------------------------------------

    def designated(self) -> list[str]:
        """The names in the draft, in the party's order."""
        return [
            str(self.chosen.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.chosen.count())
        ]

    def add_selected(self) -> None:
        row = self.members.currentRow()
        if row < 0:
            return
        self.chosen.addItem(self.members.takeItem(row))
        self.chosen.setCurrentRow(self.chosen.count() - 1)
        self.members.setCurrentRow(min(row, self.members.count() - 1))
        self._draft_changed()

    def remove_selected(self) -> None:
        row = self.chosen.currentRow()
        if row < 0:
            return
        item = self.chosen.takeItem(row)
        # back in its place on the party's list
        order = [p.name for p in self._members.values()]
        name = item.data(Qt.ItemDataRole.UserRole)
        at = sum(
            1
            for i in range(self.members.count())
            if order.index(self.members.item(i).data(Qt.ItemDataRole.UserRole)) < order.index(name)
        )
        self.members.insertItem(at, item)
        self.members.setCurrentRow(at)
        self.chosen.setCurrentRow(min(row, self.chosen.count() - 1))
        self._draft_changed()

    def move_selected(self, step: int) -> None:
        row = self.chosen.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.chosen.count():
            return
        item = self.chosen.takeItem(row)
        self.chosen.insertItem(target, item)
        self.chosen.setCurrentRow(target)

    # -- recording -----------------------------------------------------------------------

    def record(self) -> None:
        view = self.selected()
        if view is None:
            return
        try:
            record = self.services.lots.designate(
                view.contest, view.list_id, self.designated(), self.reference.text()
            )
        except ServiceError as exc:
            self.message.setStyleSheet(ERROR_STYLE)
            words = refusal_text(self.lang, exc)
            # the service's own sentence says what does not fit (a name twice, ...)
            self.message.setText(words if words == str(exc) else f"{words} {exc}")
            return
        self.reference.clear()
        self.reload()
        self.message.setStyleSheet("")
        self.message.setText(self.lang.t("ui.desig.recorded", id=record.id))
