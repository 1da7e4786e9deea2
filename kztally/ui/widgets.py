"""Small widgets every screen shares: the training banner, the official results' label,
the tail of a recording dialog (lots, designations), a dialog's OK and Cancel, its
message line, and a table read a row at a time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.election import Election
from kztally.services.official import OfficialStatus
from kztally.ui.language import Language

BANNER_STYLE = (
    "QLabel#training-banner { background: #b00020; color: white; font-weight: bold;"
    " font-size: 12pt; padding: 6px; }"
)


class TrainingBanner(QLabel):
    """An unmissable red band: this database holds a training or mock election."""

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.setObjectName("training-banner")
        self.setStyleSheet(BANNER_STYLE)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.retranslate()
        lang.changed.connect(self.retranslate)

    def retranslate(self, *_: object) -> None:
        self.setText(self.lang.t("ui.banner.training"))


OFFICIAL_COLOURS = {True: "#1b7f3b", False: "#b00020"}
"""Green: official; red: unofficial."""


class OfficialLabel(QLabel):
    """Says whether the results are official (green) or unofficial (red): since when and
    by whom, and, with `head`, the audit chain's head the figures on screen were read
    with."""

    def __init__(
        self, lang: Language, parent: QWidget | None = None, *, head: bool = False
    ) -> None:
        super().__init__(parent)
        self.lang = lang
        self.show_head = head
        """With the head and since when (the results screen); else the word alone, the
        rest in its tooltip (the status bar)."""
        self.status: OfficialStatus | None = None
        self.setObjectName("official-label")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retranslate()
        lang.changed.connect(self.retranslate)

    @property
    def official(self) -> bool:
        return self.status is not None and self.status.official

    def set_status(self, status: OfficialStatus | None) -> None:
        self.status = status
        self.retranslate()

    def retranslate(self, *_: object) -> None:
        t, status = self.lang.t, self.status
        official = self.official
        words = t("ui.official.official" if official else "ui.official.unofficial")
        more = ""
        if status is not None and official and status.marked_at is not None:
            when = f"{status.marked_at.astimezone():%Y-%m-%d %H:%M}"
            more = " — " + t("ui.official.since", when=when, by=status.marked_by or "")
        if status is not None and self.show_head:
            more += " · " + t("ui.official.head", head=status.short_head)
        self.setStyleSheet(
            f"QLabel#official-label {{ color: white; background: {OFFICIAL_COLOURS[official]};"
            " font-weight: bold; padding: 2px 8px; border-radius: 3px; }"
        )
        self.setToolTip(words + more)
        if self.show_head:
            self.setText(words + more.replace(" · ", "\n", 1) if more else words)
            return
        self.setText(words)
        bold = QFont(self.font())
        bold.setBold(True)
        self.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(words) + 32)


def election_name(election: Election, lang: Language) -> str:
    """The election's name in the user's language when its definition gives one (`names`),
    else its one name (the definitions made so far are in Kazakh only)."""
    return election.names.get(lang.code) or election.name


@dataclass(frozen=True, slots=True)
class RecordingTail:
    """The widgets `recording_tail` made."""

    record_button: QPushButton
    message: QLabel
    """What the last attempt to record did (or why it was refused)."""
    history: QLabel
    """What was recorded before, as rich text."""


def recording_tail(
    dialog: QDialog,
    layout: QVBoxLayout,
    form: QWidget,
    form_layout: QBoxLayout,
    *,
    name: str,
    record_text: str,
    record: Callable[[], None],
    close_text: str,
) -> RecordingTail:
    """The end of a dialog that records something (a drawing of lots, a designation):
    the record button at the right of the form's last row, then under the form a message
    line, the rich-text history of what was recorded, and a Close box. The widgets are
    named `<name>-record`, `<name>-message`, `<name>-history`."""
    button = QPushButton(record_text, form)
    button.setObjectName(f"{name}-record")
    button.clicked.connect(record)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(button)
    form_layout.addLayout(row)
    layout.addWidget(form)

    message = QLabel(dialog)
    message.setObjectName(f"{name}-message")
    message.setWordWrap(True)
    layout.addWidget(message)
    history = QLabel(dialog)
    history.setObjectName(f"{name}-history")
    history.setWordWrap(True)
    history.setTextFormat(Qt.TextFormat.RichText)
    layout.addWidget(history, 1, Qt.AlignmentFlag.AlignTop)
    close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    close.button(QDialogButtonBox.StandardButton.Close).setText(close_text)
    close.rejected.connect(dialog.reject)
    layout.addWidget(close)
    return RecordingTail(button, message, history)


def ok_cancel(
    dialog: QDialog,
    lang: Language,
    on_ok: Callable[[], object],
    ok: str = "ui.dialog.ok",
    cancel: str = "ui.dialog.cancel",
) -> QDialogButtonBox:
    """OK and Cancel named by the texts `ok` and `cancel`: OK calls `on_ok`, Cancel
    rejects the dialog. The caller places the box."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(lang.t(ok))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(lang.t(cancel))
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons


def message_line(parent: QWidget, name: str) -> QLabel:
    """A dialog's message: an empty wrapping label named `name`, for the caller to place."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


def row_table(table: QTableWidget, *, single: bool = False) -> QHeaderView:
    """A table read a row at a time: whole rows selected (one at a time when `single`),
    never edited, no row numbers, columns as wide as their contents. Its header."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return header


def export_as(
    parent: QWidget,
    lang: Language,
    status: QLabel,
    prefix: str,
    kind: str,
    suggested: str,
    write: Callable[[Path], None],
) -> None:
    """Ask where to save a `kind` file (pdf, csv, png...), add the suffix when the name
    lacks it, write it with `write` and say on `status` where it went or why it did not:
    the texts `{prefix}.export_{kind}`, `{prefix}.exported` and `{prefix}.export_failed`."""
    path, _ = QFileDialog.getSaveFileName(
        parent, lang.t(f"{prefix}.export_{kind}"), suggested, f"{kind.upper()} (*.{kind})"
    )
    if not path:
        return
    target = Path(path)
    if target.suffix.lower() != f".{kind}":
        target = target.with_suffix(f".{kind}")
    try:
        write(target)
    except OSError as exc:
        status.setText(lang.t(f"{prefix}.export_failed", path=str(target), error=exc.strerror))
        return
    status.setText(lang.t(f"{prefix}.exported", path=str(target)))
