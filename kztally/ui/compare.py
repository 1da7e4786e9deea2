"""Two entries of one protocol side by side, for the supervisor: the differing lines are
marked; keep the first, keep the second, correct, or send it back."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.election import Contest, Election
from kztally.domain.protocol import AGAINST_ALL, LINE_COUNT, check_protocol
from kztally.domain.rules import RuleSet
from kztally.services.entry import EntryView
from kztally.ui.dialogs import findings_html
from kztally.ui.language import Language
from kztally.ui.protocol_form import choice_label, field_labels
from kztally.ui.tables import side_by_side_table

Index = QModelIndex | QPersistentModelIndex
DIFFER_BACKGROUND = "#fff2b3"


class CompareModel(QAbstractTableModel):
    """Rows: the protocol's fields in paper order. Columns: line, name, first, second."""

    COLUMNS = 4

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.election: Election | None = None
        self.contest: Contest | None = None
        self._rows: list[tuple[str, str, int | None, int | None]] = []
        self._differs: set[str] = set()
        self._first_by = ""
        self._second_by = ""

    def set_entries(
        self, election: Election, contest: Contest, first: EntryView, second: EntryView
    ) -> None:
        self.beginResetModel()
        self.election, self.contest = election, contest
        labels = field_labels(contest)
        a = dict(first.figures.fields(contest))
        b = dict(second.figures.fields(contest))
        self._rows = [(name, labels[name], a[name], b[name]) for name in labels]
        self._differs = set(first.figures.differing_fields(second.figures, contest))
        self._first_by, self._second_by = first.by, second.by
        self.endResetModel()

    def differing(self) -> list[str]:
        return [r[0] for r in self._rows if r[0] in self._differs]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.COLUMNS

    def _name(self, field: str) -> str:
        contest = self.contest
        assert contest is not None
        if field == AGAINST_ALL:
            return self.lang.t("line.against_all")
        if field.isdigit() and int(field) <= LINE_COUNT:
            return self.lang.t(f"line.{field}")
        ids: list[str] = [c.id for c in contest.choices]
        return choice_label(self.election, contest, ids.index(field), self.lang)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        field, line, first, second = self._rows[index.row()]
        col = index.column()
        differs = field in self._differs
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return ("≠ " if differs else "") + line
            if col == 1:
                return self._name(field)
            value = first if col == 2 else second
            return "—" if value is None else str(value)
        if role == Qt.ItemDataRole.BackgroundRole and differs:
            return QBrush(QColor(DIFFER_BACKGROUND))
        if role == Qt.ItemDataRole.FontRole and differs and col >= 2:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col != 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and differs:
            return self.lang.t("ui.compare.differs")
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole or orientation is not Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return self.lang.t("ui.compare.line")
        if section == 1:
            return self.lang.t("ui.compare.name")
        if section == 2:
            return self.lang.t("ui.compare.first", user=self._first_by)
        if section == 3:
            return self.lang.t("ui.compare.second", user=self._second_by)
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 1))


class CompareView(QWidget):
    keep_first = Signal()
    keep_second = Signal()
    correct = Signal()
    send_back = Signal()

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.model = CompareModel(lang, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self)
        self.summary.setObjectName("compare-summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = side_by_side_table(self, "compare-table", self.model)
        layout.addWidget(self.table, 1)
        checks = QHBoxLayout()
        self.first_checks = QLabel(self)
        self.second_checks = QLabel(self)
        for label in (self.first_checks, self.second_checks):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            checks.addWidget(label, 1)
        layout.addLayout(checks)
        buttons = QHBoxLayout()
        self.keep_first_button = QPushButton(self)
        self.keep_first_button.setObjectName("keep-first")
        self.keep_second_button = QPushButton(self)
        self.keep_second_button.setObjectName("keep-second")
        self.correct_button = QPushButton(self)
        self.correct_button.setObjectName("correct")
        self.send_back_button = QPushButton(self)
        self.send_back_button.setObjectName("send-back")
        self.keep_first_button.clicked.connect(self.keep_first)
        self.keep_second_button.clicked.connect(self.keep_second)
        self.correct_button.clicked.connect(self.correct)
        self.send_back_button.clicked.connect(self.send_back)
        for b in (
            self.keep_first_button,
            self.keep_second_button,
            self.correct_button,
            self.send_back_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.retranslate()
        lang.changed.connect(self.retranslate)

    def set_entries(
        self,
        election: Election,
        contest: Contest,
        rules: RuleSet,
        first: EntryView,
        second: EntryView,
        electorate: int | None = None,
    ) -> None:
        self.model.set_entries(election, contest, first, second)
        for label, entry in ((self.first_checks, first), (self.second_checks, second)):
            found = check_protocol(
                contest, entry.figures, rules, electorate=electorate, acts=entry.acts
            )
            label.setText(findings_html(found) or "✓")
        self._update_summary()

    def _update_summary(self) -> None:
        labels = [self.model.data(self.model.index(r, 0)) for r in range(self.model.rowCount())]
        differing = [str(x).removeprefix("≠ ") for x in labels if str(x).startswith("≠")]
        self.summary.setText(self.lang.t("ui.compare.summary", lines=", ".join(differing)))

    def retranslate(self, *_: object) -> None:
        t = self.lang.t
        self.keep_first_button.setText(t("ui.compare.keep_first"))
        self.keep_second_button.setText(t("ui.compare.keep_second"))
        self.correct_button.setText(t("ui.compare.correct"))
        self.send_back_button.setText(t("ui.compare.send_back"))
        self.model.retranslate()
        if self.model.rowCount():
            self._update_summary()
