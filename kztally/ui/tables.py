"""What the app's flat table models share: rows in a list, columns named by message ids."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from kztally.ui.language import Language

Index = QModelIndex | QPersistentModelIndex


class TextTable(QAbstractTableModel):
    """A table over `self.rows` whose column titles are `HEADER + column name` texts."""

    COLUMNS: tuple[str, ...] = ()
    HEADER = ""

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.rows: Sequence[object] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole or orientation is not Qt.Orientation.Horizontal:
            return None
        if 0 <= section < len(self.COLUMNS):
            return self.lang.t(f"{self.HEADER}{self.COLUMNS[section]}")
        return None


def fit_columns(table: QTableView, stretch: int | None = None) -> None:
    """Every column as wide as its widest text (never elided); a horizontal scroll bar
    when they do not fit. `stretch` takes what room is left (the share bars)."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(110)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)


def side_by_side_table(
    parent: QWidget, name: str, model: QAbstractTableModel, stretch: int = 1
) -> QTableView:
    """A table of protocol lines shown side by side (two entries, or a copy and the
    official figures): whole rows selected, the `stretch` column (the line's name) takes
    the room left and wraps onto a second line rather than being cut, the others fit their
    figures."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    for col in range(model.columnCount()):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if col == stretch
            else QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(col, mode)
    return table
