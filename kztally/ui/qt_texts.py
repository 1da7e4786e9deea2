"""Qt's own words (file dialogs, standard buttons, a line edit's menu) in the user's
language: Qt's translations for Russian and Kazakh (`qtbase_*.qm`, shipped with PySide6),
and a supplement of our own for the words Qt's files leave in English (Kazakh: "Look in:",
"Files of type:"; Russian: the same words as Qt 6 spells them).

`install(code)` is called by `kztally.ui.language.Language` whenever the language is set,
so a dialog opened after a change speaks the new language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QObject, QTranslator

SUPPLEMENT: dict[str, dict[tuple[str, str], str]] = {
    "kk": {
        ("QFileDialog", "Look in:"): "Қайда қарау:",
        ("QFileDialog", "&Look in:"): "&Қайда қарау:",
        ("QFileDialog", "Files of &type:"): "Файл &түрі:",
        ("QFileDialog", "Files of type:"): "Файл түрі:",
        ("QFileDialog", "Files of type"): "Файл түрі",
        ("QFileDialog", "My Computer"): "Менің компьютерім",
        ("QFileDialog", "Computer"): "Компьютер",
        ("QFileDialog", "Show hidden files"): "Жасырын файлдарды көрсету",
        ("QFileDialog", "&Delete"): "&Жою",
        ("QFileDialog", "&Rename"): "&Атын өзгерту",
        ("QFileDialog", "&New Folder"): "&Жаңа бума",
        ("QFileDialog", "Show &hidden files"): "&Жасырын файлдарды көрсету",
    },
    # Qt 6 says "&Look in:" and "Files of &type:", which Qt's Russian file has not caught up
    "ru": {
        ("QFileDialog", "&Look in:"): "&Папка:",
        ("QFileDialog", "Files of &type:"): "&Типы файлов:",
    },
}
"""Per language: (Qt's context, Qt's English text) -> our text, asked before Qt's file."""


class SupplementTranslator(QTranslator):
    """The supplement of one language, consulted before Qt's own file."""

    def __init__(self, code: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.texts = SUPPLEMENT.get(code, {})

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return self.texts.get((context, source), "")

    def isEmpty(self) -> bool:  # noqa: N802
        return not self.texts


_installed: list[QTranslator] = []


def install(code: str) -> None:
    """Put Qt's translators for `code` in place of those installed before (English: none)."""
    app = QCoreApplication.instance()
    if app is None:
        return
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    if code == "en":
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{code}", folder):
        _installed.append(qt)
    supplement = SupplementTranslator(code, app)
    if not supplement.isEmpty():
        _installed.append(supplement)
    # the last installed is asked first: the supplement, then Qt's file
    for t in _installed:
        QCoreApplication.installTranslator(t)
