"""A walk over the main screens in Kazakh, Russian and English that finds no text left in
another language: every visible label, button, menu, tab, tooltip, column title and table
row is read, and the words of the other languages' catalog texts are looked for in it
(the election's own names, which are data, are left out)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kztally import i18n
from kztally.domain.election import Election
from kztally.domain.rules import Role
from kztally.ui.main_window import MainWindow

from .conftest import ServicesFactory
from .test_entry_flow import CLEAN, K4_BROKEN, P2, Window, enter

TAG = re.compile(r"<[^>]+>|\{[^}]*\}")
"""Markup and placeholders ({precincts}): neither is a word of the language."""
WORD = re.compile(r"\b[^\W\d_]{4,}\b")
NOT_WORDS = {"kztally", "ctrl", "shift", "enter", "postgresql", "sqlite", "json", "sha256"}
"""Names that stay as they are in every language (the program, keys, formats)."""


def catalog_words(lang: str) -> set[str]:
    """Words of four letters or more in the texts of `lang` that no other language uses."""
    words: dict[str, set[str]] = {code: set() for code in i18n.LANGUAGES}
    for texts in i18n._CATALOG.values():
        for code, text in texts.items():
            if code in words:
                words[code].update(w.casefold() for w in WORD.findall(TAG.sub(" ", text)))
    others = set().union(*(w for code, w in words.items() if code != lang))
    return words[lang] - others - NOT_WORDS


def data_words(election: Election) -> set[str]:
    names: list[str] = [election.name, *election.names.values()]
    for group in (election.areas, election.parties, election.bodies):
        for x in group:
            names += [x.name, *getattr(x, "names", {}).values()]
    for c in election.contests:
        names += [c.name, *(ch.name for ch in c.choices)]
    return {w.casefold() for n in names for w in WORD.findall(n)}


def view_texts(view: QAbstractItemView, rows: int = 40) -> Iterator[str]:
    model = view.model()
    if model is None:
        return
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # a list model (a combo box's popup): one column
        columns = 1
    for col in range(columns):
        yield str(model.headerData(col, Qt.Orientation.Horizontal) or "")
    stack = [QModelIndex()]
    seen = 0
    while stack and seen < rows:
        parent = stack.pop()
        for r in range(model.rowCount(parent)):
            for col in range(columns):
                index = model.index(r, col, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    if isinstance(value, str):
                        yield value
            seen += 1
            first = model.index(r, 0, parent)
            if not hasattr(view, "isExpanded") or view.isExpanded(first):
                stack.append(first)


def visible_texts(window: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of every text a user can see or hover over."""
    yield "title", window.windowTitle()
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window) and not isinstance(w, QMenu):
            continue
        name = f"{type(w).__name__}#{w.objectName()}"
        if w.toolTip():
            yield name + ".tooltip", w.toolTip()
        if isinstance(w, QLabel | QAbstractButton):
            yield name, w.text()
        if isinstance(w, QLineEdit):
            yield name, w.placeholderText()
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                yield name, w.itemText(i)
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield name, w.tabText(i)
        if isinstance(w, QMenu):
            yield name, w.title()
            for a in w.actions():
                if a.isVisible():
                    yield name, a.text()
        if isinstance(w, QAbstractItemView):
            for text in view_texts(w):
                yield name, text


def foreign_words(window: MainWindow, lang: str, election: Election) -> list[tuple[str, str, str]]:
    """(where, word, text) for each word of another language found on the window."""
    own, data = catalog_words(lang), data_words(election)
    others = set().union(*(catalog_words(c) for c in i18n.LANGUAGES if c != lang)) - data
    out = []
    for where, text in visible_texts(window):
        plain = html.unescape(TAG.sub(" ", text)).replace("&", "")
        for word in WORD.findall(plain):
            w = word.casefold()
            if w in others and w not in own:
                out.append((where, word, plain[:80]))
    return out


def walk(qtbot: QtBot, w: MainWindow) -> None:
    """The protocol, the results and the missing protocols, each shown once."""
    w.open_protocol(*P2)
    w.tabs.setCurrentWidget(w.results)
    with qtbot.waitSignal(w.results.computed, timeout=10000):
        w.results.refresh(force=True)
    w.tabs.setCurrentWidget(w.missing)
    qtbot.wait(5)


@pytest.mark.parametrize("role", [Role.CLERK, Role.SUPERVISOR])
def test_every_main_screen_speaks_one_language(
    qtbot: QtBot,
    window: Window,
    services: ServicesFactory,
    election: Election,
    role: Role,
) -> None:
    enter(services("clerk1"), P2, K4_BROKEN)
    enter(services("clerk2"), P2, CLEAN)  # the entries differ: the comparison shows
    w = window("boss" if role is Role.SUPERVISOR else "clerk3", role)
    w.navigator.filter.setText("1")  # the count of precincts found is said too
    w.navigator.apply_filter()
    found: dict[str, list[tuple[str, str, str]]] = {}
    for code in ("kk", "ru", "en"):
        w.lang.set(code, remember=False)
        walk(qtbot, w)
        for tab in range(w.tabs.count()):
            w.tabs.setCurrentIndex(tab)
            found.setdefault(code, []).extend(foreign_words(w, code, election))
    w.lang.set("en", remember=False)
    assert len(list(visible_texts(w))) > 100  # the screens were read, not skipped
    assert {code: words for code, words in found.items() if words} == {}


def test_the_walk_finds_a_word_left_behind(
    qtbot: QtBot, window: Window, election: Election
) -> None:
    w = window("clerk3", Role.CLERK)
    w.lang.set("kk", remember=False)
    label = QLabel("Precincts found: 3", w.navigator)
    label.show()
    words = {word for _, word, _ in foreign_words(w, "kk", election)}
    assert "Precincts" in words
    w.lang.set("en", remember=False)
