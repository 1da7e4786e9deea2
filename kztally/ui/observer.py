"""An observer's own copy of a protocol beside the official figures: the differing lines
marked, the copy's own checks below, and a way to enter the copy again."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.election import Contest, Election
from kztally.services.observers import Comparison
from kztally.ui.compare import CompareModel
from kztally.ui.copy_certification import certification_text
from kztally.ui.dialogs import findings_html
from kztally.ui.language import Language
from kztally.ui.protocol_form import field_labels
from kztally.ui.tables import side_by_side_table


class CopyModel(CompareModel):
    """The comparison's rows: line, name, my copy, the official figures."""

    def set_comparison(self, election: Election, contest: Contest, c: Comparison) -> None:
        self.beginResetModel()
        self.election, self.contest = election, contest
        labels = field_labels(contest)
        mine = dict(c.copy.figures.fields(contest)) if c.copy is not None else {}
        official = dict(c.official.fields(contest)) if c.official is not None else {}
        self._rows = [(n, labels[n], mine.get(n), official.get(n)) for n in labels]
        self._differs = set(c.differing)
        self._first_by = c.observer
        self.endResetModel()

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation is Qt.Orientation.Horizontal:
            if section == 2:
                return self.lang.t("ui.observer.mine", user=self._first_by)
            if section == 3:
                return self.lang.t("ui.observer.official")
        return super().headerData(section, orientation, role)


class ObserverView(QWidget):
    """The observer's copy against the official figures; `edit_copy` asks for the form."""

    edit_copy = Signal()
    certify_copy = Signal()

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.comparison: Comparison | None = None
        self.model = CopyModel(lang, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self)
        self.summary.setObjectName("observer-summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = side_by_side_table(self, "observer-table", self.model)
        layout.addWidget(self.table, 1)
        self.checks = QLabel(self)
        self.checks.setObjectName("observer-checks")
        self.checks.setWordWrap(True)
        self.checks.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.checks)
        self.certification = QLabel(self)
        self.certification.setObjectName("observer-certification")
        self.certification.setWordWrap(True)
        layout.addWidget(self.certification)
        row = QHBoxLayout()
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("observer-edit")
        self.edit_button.clicked.connect(self.edit_copy)
        row.addWidget(self.edit_button)
        self.certify_button = QPushButton(self)
        self.certify_button.setObjectName("observer-certify")
        self.certify_button.clicked.connect(self.certify_copy)
        row.addWidget(self.certify_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.retranslate()
        lang.changed.connect(self.retranslate)

    def set_comparison(self, election: Election, contest: Contest, c: Comparison) -> None:
        self.comparison = c
        self.model.set_comparison(election, contest, c)
        self._update_texts()

    def marked_rows(self) -> list[int]:
        """The rows marked as differing (for tests and screen readers)."""
        return [
            r
            for r in range(self.model.rowCount())
            if str(self.model.data(self.model.index(r, 0))).startswith("≠")
        ]

    def _update_texts(self) -> None:
        t = self.lang.t
        c = self.comparison
        if c is None:
            return
        if c.official is None:
            self.summary.setText(t("ui.observer.waiting"))
        elif c.differing:
            lines = [
                str(self.model.data(self.model.index(r, 0))).removeprefix("≠ ")
                for r in self.marked_rows()
            ]
            if "acts" in c.differing:
                lines.append(t("ui.form.act_mobile_box"))
            self.summary.setText(t("ui.observer.differs", lines=", ".join(lines)))
        else:
            self.summary.setText(t("ui.observer.same"))
        self.checks.setText(f"{t('ui.observer.checks')} {findings_html(c.findings) or '✓'}")
        copy = c.copy
        self.certification.setText("" if copy is None else certification_text(self.lang, copy))
        self.certification.setVisible(bool(self.certification.text()))

    def retranslate(self, *_: object) -> None:
        self.edit_button.setText(self.lang.t("ui.observer.edit"))
        self.certify_button.setText(self.lang.t("ui.certify.open"))
        self.model.retranslate()
        self._update_texts()
