"""The history of one protocol: every revision, who, when, why."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.protocol import Figures
from kztally.services.entry import RevisionView
from kztally.ui.language import Language
from kztally.ui.tables import Index, TextTable


def figures_summary(figures: Figures | None) -> str:
    if figures is None:
        return ""
    lines = " ".join("·" if v is None else str(v) for v in figures.lines)
    votes = " ".join("·" if v is None else str(v) for v in figures.votes)
    against = "" if figures.against_all is None else f" | {figures.against_all}"
    return f"{lines} | {votes}{against}"


def who(r: RevisionView) -> str:
    """The person who made the step (the clerk of an entry), and the system that wrote it
    for them (an import, the mock) when one did."""
    return (r.entry_by or r.actor) + (f" [{r.system}]" if r.system else "")


class HistoryModel(TextTable):
    COLUMNS = ("when", "who", "what", "round", "reason", "act", "figures")
    HEADER = "ui.history."

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(lang, parent)
        self.rows: list[RevisionView] = []

    def set_revisions(self, revisions: Sequence[RevisionView]) -> None:
        self.beginResetModel()
        self.rows = list(revisions)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        r = self.rows[index.row()]
        match self.COLUMNS[index.column()]:
            case "when":
                return r.at.strftime("%Y-%m-%d %H:%M:%S")
            case "who":
                return f"{who(r)} ({self.lang.t(f'ui.role.{r.role.value}')})"
            case "what":
                return self.lang.t(f"transition.{r.transition.value}")
            case "round":
                return str(r.round)
            case "reason":
                return r.reason
            case "act":
                return r.reference
            case "figures":
                return figures_summary(r.figures)
        return None


class HistoryDialog(QDialog):
    def __init__(
        self, lang: Language, title: str, revisions: Sequence[RevisionView], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("history")
        self.setWindowTitle(lang.t("ui.history.title", protocol=title))
        self.resize(1250, 420)
        layout = QVBoxLayout(self)
        self.model = HistoryModel(lang, self)
        self.model.set_revisions(revisions)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(lang.t("ui.dialog.close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
