"""Help: the shortcuts of the screen in use (F1) and the user's guide.

The guide is a Markdown file per language (`docs/guide/<code>.md` in a source checkout,
`kztally/resources/guide/<code>.md` in a wheel), shown in a dialog as rich text.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

import kztally
from kztally import bundle
from kztally.ui.language import Language

SCREEN_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "protocol": (
        ("Enter, ↓, Tab", "ui.keys.next_line"),
        ("↑, Shift+Tab", "ui.keys.previous_line"),
        ("Ctrl+S, F12", "ui.keys.save"),
        ("Ctrl+Enter", "ui.keys.confirm_reason"),
        ("Esc", "ui.keys.cancel"),
    ),
    "navigator": (
        ("Ctrl+F", "ui.keys.find"),
        ("Enter", "ui.keys.open_row"),
        ("↑, ↓", "ui.keys.move_rows"),
        ("←, →", "ui.keys.fold"),
        ("Tab", "ui.keys.to_tree"),
    ),
    "results": (
        ("Enter", "ui.keys.drill"),
        ("↑, ↓", "ui.keys.move_rows"),
    ),
    "missing": (
        ("Enter", "ui.keys.open_row"),
        ("↑, ↓", "ui.keys.move_rows"),
    ),
    "print": (
        ("F5", "ui.keys.print_preview"),
        ("Ctrl+P", "ui.keys.print_print"),
        ("Ctrl+S", "ui.keys.print_save"),
        ("Esc", "ui.keys.close"),
    ),
    "intake": (
        ("Ctrl+O", "ui.keys.intake_choose"),
        ("Ctrl+Enter", "ui.keys.intake_take"),
        ("↑, ↓", "ui.keys.intake_rows"),
        ("Esc", "ui.keys.close"),
    ),
    "keys": (
        ("Ctrl+N", "ui.keys.keyring_new"),
        ("↑, ↓", "ui.keys.move_rows"),
        ("Esc", "ui.keys.close"),
    ),
}
"""The keys each screen answers that no menu shows, with what they do."""


def shortcut_rows(
    lang: Language, screen: str, actions: Sequence[QAction]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(this screen's keys, the menus' shortcuts) as (keys, what it does) in `lang`."""
    here = [(keys, lang.t(key)) for keys, key in SCREEN_KEYS.get(screen, ())]
    here.append(("F1", lang.t("ui.keys.shortcuts")))
    menus = []
    for a in actions:
        shown = a.property("shown_shortcut") or a.shortcut().toString(
            QKeySequence.SequenceFormat.NativeText
        )
        if shown and a.isVisible():
            menus.append((str(shown), a.text().split("\t")[0].replace("&", "")))
    return here, menus


class ShortcutsDialog(QDialog):
    def __init__(
        self, lang: Language, screen: str, actions: Sequence[QAction], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts")
        t = lang.t
        self.screen_name = screen
        self.setWindowTitle(t("ui.help.shortcuts_title", screen=t(f"ui.help.screen.{screen}")))
        here, menus = shortcut_rows(lang, screen, actions)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(self)
        self.table.setObjectName("shortcuts-table")
        self.table.setColumnCount(2)
        self.table.setHorizontalHeaderLabels([t("ui.help.col.keys"), t("ui.help.col.does")])
        self.table.verticalHeader().hide()
        rows: list[tuple[str, str, bool]] = [("", t("ui.help.this_screen"), True)]
        rows += [(k, d, False) for k, d in here]
        rows.append(("", t("ui.help.everywhere"), True))
        rows += [(k, d, False) for k, d in menus]
        self.table.setRowCount(len(rows))
        for r, (keys, does, title) in enumerate(rows):
            a, b = QTableWidgetItem(keys), QTableWidgetItem(does)
            if title:
                font = b.font()
                font.setBold(True)
                b.setFont(font)
            self.table.setItem(r, 0, a)
            self.table.setItem(r, 1, b)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(t("ui.dialog.close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 560)

    def texts(self) -> list[tuple[str, str]]:
        out = []
        for r in range(self.table.rowCount()):
            a, b = self.table.item(r, 0), self.table.item(r, 1)
            out.append((a.text() if a else "", b.text() if b else ""))
        return out


def guide_path(code: str) -> Path:
    """The guide in language `code` (English when that language has none)."""
    candidates = []
    with contextlib.suppress(FileNotFoundError):
        candidates.append(bundle.resource("guide"))
    candidates.append(Path(kztally.__file__).resolve().parent.parent / "docs" / "guide")
    for folder in candidates:
        for name in (f"{code}.md", "en.md"):
            if (folder / name).is_file():
                return folder / name
    return candidates[-1] / f"{code}.md"


class GuideDialog(QDialog):
    def __init__(self, lang: Language, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("guide")
        self.setWindowTitle(lang.t("ui.help.guide_title"))
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guide-text")
        self.browser.setOpenExternalLinks(False)
        path = guide_path(lang.code)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            self.browser.setPlainText(lang.t("ui.help.guide_missing", path=str(path)))
        else:
            self.browser.setSearchPaths([str(path.parent)])
            self.browser.setMarkdown(text)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(lang.t("ui.dialog.close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 700)
