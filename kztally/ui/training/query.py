"""Query the commission: a supervisor's note to a precinct commission on the protocol
shown (`TrainingService.query`). Recorded and audited; no figure or state changes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kztally.services.errors import REFUSED
from kztally.services.training import QUERY_MAX
from kztally.ui import errors
from kztally.ui.language import Language
from kztally.ui.protocol_page import ProtocolPage


class QueryDialog(QDialog):
    def __init__(self, lang: Language, where: str, earlier: list[str], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("query-dialog")
        self.setWindowTitle(lang.t("ui.query.title"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(lang.t("ui.query.intro", where=where), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if earlier:
            shown = QLabel(lang.t("ui.query.earlier") + "\n" + "\n".join(earlier), self)
            shown.setObjectName("query-earlier")
            shown.setWordWrap(True)
            layout.addWidget(shown)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("query-text")
        self.text.setTabChangesFocus(True)
        layout.addWidget(self.text)
        self.problem = QLabel(self)
        self.problem.setObjectName("query-problem")
        self.problem.setStyleSheet("color: #c62828")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        ok = buttons.addButton(lang.t("ui.query.send"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("query-send")
        cancel = buttons.addButton(
            lang.t("ui.query.cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        cancel.setObjectName("query-cancel")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.lang = lang

    def _check(self) -> None:
        text = self.text.toPlainText().strip()
        if not text:
            self.problem.setText(self.lang.t("ui.query.empty"))
        elif len(text) > QUERY_MAX:
            self.problem.setText(self.lang.t("ui.query.long", n=QUERY_MAX))
        else:
            self.accept()
            return
        self.problem.show()
        self.text.setFocus()


def query_commission(page: ProtocolPage) -> bool:
    """Ask for the note on the protocol shown and record it; True when recorded."""
    lang, services = page.lang, page.services
    if page.key is None:
        page.message.emit(lang.t("ui.query.none"))
        return False
    precinct, contest = str(page.key[0]), str(page.key[1])
    where = f"{precinct} · {contest}"
    try:
        earlier = [
            f"{q.at:%Y-%m-%d %H:%M} {q.by}: {q.text}"
            for q in services.training.queries(precinct, contest)
        ]
    except REFUSED:
        earlier = []
    dialog = QueryDialog(lang, where, earlier, page)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    try:
        services.training.query(precinct, contest, dialog.text.toPlainText())
    except REFUSED as exc:
        QMessageBox.warning(page, lang.t("ui.page.refused"), errors.describe(exc, lang, "query"))
        return False
    page.message.emit(lang.t("ui.query.recorded", where=where))
    return True


def add_query_button(page: ProtocolPage) -> QPushButton:
    """The query's button among the page's decisions, before History."""
    button = QPushButton(page)
    button.setObjectName("query-commission")
    button.clicked.connect(lambda: query_commission(page))
    outer = page.layout()
    assert outer is not None
    for i in range(outer.count()):
        item = outer.itemAt(i)
        row = None if item is None else item.layout()
        if isinstance(row, QBoxLayout) and row.indexOf(page.history_button) >= 0:
            row.insertWidget(row.indexOf(page.history_button), button)
            break

    def retranslate(*_: object) -> None:
        button.setText(page.lang.t("ui.action.query"))

    retranslate()
    page.lang.changed.connect(retranslate)
    return button
