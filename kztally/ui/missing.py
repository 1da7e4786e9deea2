"""The protocols still missing or pending for any area, to chase on election night."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.election import Election
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ProtocolKey
from kztally.ui.language import Language
from kztally.ui.navigator import STATE_COLOURS, ballot_types, state_text
from kztally.ui.tables import Index, TextTable

FILTERS: dict[str, tuple[State, ...]] = {
    "open": (State.NOT_ENTERED, State.FIRST_ENTRY, State.ENTRIES_DIFFER, State.PENDING),
    "missing": (State.NOT_ENTERED,),
    "pending": (State.FIRST_ENTRY, State.ENTRIES_DIFFER, State.PENDING),
    "decision": (State.ENTRIES_DIFFER, State.PENDING),
}


class MissingModel(TextTable):
    COLUMNS = ("precinct", "area", "ballot", "state")
    HEADER = "ui.missing.col."

    def __init__(self, election: Election, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(lang, parent)
        self.election = election
        self.lang = lang
        self.rows: list[tuple[ProtocolKey, State]] = []
        self.ballot_of = ballot_types(election)

    def set_rows(self, rows: list[tuple[ProtocolKey, State]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def key(self, row: int) -> ProtocolKey | None:
        return self.rows[row][0] if 0 <= row < len(self.rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        (precinct, contest), state = self.rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            area = self.election.area(precinct)
            match col:
                case "precinct":
                    return f"№ {area.number}" if area.number else area.code
                case "area":
                    names = [
                        a.names.get(self.lang.code) or a.name
                        for a in self.election.ancestors(precinct)
                    ]
                    return " › ".join(reversed(names[:-1]))
                case "ballot":
                    c = self.election.contest(contest)
                    text = self.lang.t(f"ui.ballot.{self.ballot_of[c.id].value}")
                    return text + (f" {c.number}" if c.number is not None else "")
                case "state":
                    return state_text(self.lang, state)
        if col == "state" and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATE_COLOURS[state][0]))
        if col == "state" and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(STATE_COLOURS[state][1]))
        return None


class MissingView(QWidget):
    protocol_activated = Signal(str, str)

    def __init__(self, election: Election, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.election = election
        self.lang = lang
        self.area: AreaCode = election.root.code
        self.states: Mapping[ProtocolKey, State] = {}
        self._stale = True
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel(self)
        self.title.setObjectName("missing-title")
        self.title.setWordWrap(True)
        self.which = QComboBox(self)
        self.which.setObjectName("missing-filter")
        self.which.currentIndexChanged.connect(lambda _i: self.refresh())
        top.addWidget(self.title, 1)
        top.addWidget(self.which)
        layout.addLayout(top)
        self.model = MissingModel(election, lang, self)
        self.table = QTableView(self)
        self.table.setObjectName("missing-table")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        layout.addWidget(self.table, 1)
        self.retranslate()
        lang.changed.connect(self.retranslate)

    def set_states(self, states: Mapping[ProtocolKey, State]) -> None:
        self.states = states
        self._stale = True
        if self.isVisible():
            self.refresh()

    def set_area(self, area: AreaCode | str) -> None:
        self.area = AreaCode(area)
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        wanted = FILTERS.get(str(self.which.currentData() or "open"), FILTERS["open"])
        rows = [
            (key, state)
            for key in self.election.iter_protocol_keys(self.area)
            if (state := self.states.get(key, State.NOT_ENTERED)) in wanted
        ]
        self.model.set_rows(rows)
        area = self.election.area(self.area)
        self.title.setText(
            self.lang.t(
                "ui.missing.title",
                area=area.names.get(self.lang.code) or area.name,
                count=len(rows),
            )
        )

    def _activated(self, index: QModelIndex) -> None:
        key = self.model.key(index.row())
        if key is not None:
            self.protocol_activated.emit(*key)

    def _fit_columns(self) -> None:
        """Widths from the longest possible text of each column, measured once per
        language (sizing to contents would visit up to 50,000 rows)."""
        metrics = self.table.fontMetrics()
        t = self.lang.t
        ballots = {b.value for b in self.model.ballot_of.values()}
        widest = {
            0: ["№ 99999", t("ui.missing.col.precinct")],
            2: [t(f"ui.ballot.{b}") + " 99" for b in ballots] + [t("ui.missing.col.ballot")],
            3: [state_text(self.lang, s) for s in State] + [t("ui.missing.col.state")],
        }
        for column, texts in widest.items():
            width = max(metrics.horizontalAdvance(x) for x in texts) + 24
            self.table.horizontalHeader().resizeSection(column, width)

    def retranslate(self, *_: object) -> None:
        self._fit_columns()
        current = self.which.currentData() or "open"
        self.which.blockSignals(True)
        self.which.clear()
        for name in FILTERS:
            self.which.addItem(self.lang.t(f"ui.missing.filter.{name}"), name)
        self.which.setCurrentIndex(max(0, self.which.findData(current)))
        self.which.blockSignals(False)
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True
