"""Qt's own words (file dialogs, standard buttons, a line edit's menu) in the user's
language: Qt's translations for Russian and Kazakh (`qtbase_*.qm`, shipped with PySide6),
and a supplement of our own for the words Qt's files leave in English (Kazakh: "Look in:",
"Files of type:"; Russian: the same words as Qt 6 spells them, "&Look in:").

The supplement's sources are `resources/translations/qtbase_supplement_<code>.ts`;
after editing one, compile it with
`pyside6-lrelease resources/translations/qtbase_supplement_kk.ts` (the `.qm` is kept
beside it). `install(code)` is called by `kztally.ui.language.Language` whenever the
language is set, so a dialog opened after a change speaks the new language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from kztally import bundle

_installed: list[QTranslator] = []


def supplement_path(code: str) -> str:
    try:
        return str(bundle.resource("translations", f"qtbase_supplement_{code}.qm"))
    except FileNotFoundError:
        return ""


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
    qt = QTranslator(app)
    if qt.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        _installed.append(qt)
    supplement = QTranslator(app)
    path = supplement_path(code)
    if path and supplement.load(path):
        _installed.append(supplement)
    # the last installed is asked first: the supplement, then Qt's file
    for t in _installed:
        QCoreApplication.installTranslator(t)
