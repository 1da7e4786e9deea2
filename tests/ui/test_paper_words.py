"""The paper screens (print, take in, the typed fallback, keys) in Kazakh, Russian and
English leave no word of another language on screen: every label, button, tooltip,
column title and row is read, as the main screens' walk does."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kztally.domain.election import Election
from kztally.domain.rules import Role
from kztally.ui.intake import IntakeDialog, TypedDialog
from kztally.ui.keys import KeysDialog
from kztally.ui.language import Language
from kztally.ui.printing import PrintDialog

from .conftest import ServicesFactory
from .test_every_word import foreign_words, visible_texts
from .test_paper_screens import PASSPHRASE, finish


def test_the_paper_screens_speak_one_language(
    qtbot: QtBot,
    lang: Language,
    services: ServicesFactory,
    election: Election,
    tmp_path: Path,
) -> None:
    admin = services("admin")
    clerk = services("clerk1", Role.CLERK)
    keys = KeysDialog(lang, admin)
    qtbot.addWidget(keys)
    assert keys.make("KZ", tmp_path / "KZ.key", PASSPHRASE)
    (tmp_path / "note.png").write_bytes(b"not a picture")
    found: dict[str, list[tuple[str, str, str]]] = {}
    read = 0
    # the screens open in English; the language then changes while they are open
    lang.set("en", remember=False)
    screens: list[QWidget] = [
        PrintDialog(lang, clerk, precinct="P00001", contest="MZ-L", kind=kind)
        for kind in ("protocol", "area", "summary", "results")
    ]
    intake = IntakeDialog(lang, clerk)
    intake.read_files([tmp_path / "note.png"])
    finish(qtbot, intake)
    intake.table.selectRow(0)
    screens.append(intake)
    k = KeysDialog(lang, admin)
    k.table.selectRow(0)
    screens.append(k)
    for s in screens:
        qtbot.addWidget(s)
        s.show()
    for code in ("kk", "ru", "en"):
        lang.set(code, remember=False)
        typed = TypedDialog(lang, clerk, "P00001", "MZ-L")  # modal: made in the language
        qtbot.addWidget(typed)
        typed.show()
        for s in (*screens, typed):
            read += len(list(visible_texts(s)))
            found.setdefault(code, []).extend(foreign_words(s, code, election))  # type: ignore[arg-type]
        intake.tabs.setCurrentIndex(1)
        found[code].extend(foreign_words(intake, code, election))  # type: ignore[arg-type]
        intake.tabs.setCurrentIndex(0)
        typed.close()
    assert intake.table.item(0, 3).text() == "refused: unreadable: no code could be read"
    assert k.table.horizontalHeaderItem(0).text() == "Commission"
    lang.set("en", remember=False)
    assert read > 150  # the screens were read, not skipped
    assert {code: words for code, words in found.items() if words} == {}
