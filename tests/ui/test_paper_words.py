"""The paper screens (print, take in, the typed fallback, keys) in Kazakh, Russian and
English leave no word of another language on screen: every label, button, tooltip,
column title and row is read, as the main screens' walk does."""

from __future__ import annotations

from pathlib import Path

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
    for code in ("kk", "ru", "en"):
        lang.set(code, remember=False)
        screens = []
        for kind in ("protocol", "area"):
            p = PrintDialog(lang, clerk, precinct="P00001", contest="MZ-L", kind=kind)
            p.problem()
            p.message.setText(p.problem())
            screens.append(p)
        intake = IntakeDialog(lang, clerk)
        intake.read_files([tmp_path / "note.png"])
        finish(qtbot, intake)
        intake.table.selectRow(0)
        screens.append(intake)
        screens.append(TypedDialog(lang, clerk, "P00001", "MZ-L"))
        k = KeysDialog(lang, admin)
        k.table.selectRow(0)
        screens.append(k)
        for s in screens:
            qtbot.addWidget(s)
            s.show()
            texts = list(visible_texts(s))
            read += len(texts)
            found.setdefault(code, []).extend(foreign_words(s, code, election))  # type: ignore[arg-type]
            if isinstance(s, IntakeDialog):
                s.tabs.setCurrentIndex(1)
                found[code].extend(foreign_words(s, code, election))  # type: ignore[arg-type]
            s.close()
    lang.set("en", remember=False)
    assert read > 150  # the screens were read, not skipped
    assert {code: words for code, words in found.items() if words} == {}
