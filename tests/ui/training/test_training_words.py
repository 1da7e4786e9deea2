"""The trainer's screen, the query and the keyboard practice speak one language each, and
the trainer's screen shows the room's score."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kztally.storage.database import Database
from kztally.ui.language import Language
from kztally.ui.training.practice import PracticeDialog
from kztally.ui.training.query import QueryDialog
from kztally.ui.training.trainer import TrainerDialog
from tests.ui.test_every_word import foreign_words, visible_texts
from tests.ui.training.scripted import room


def test_the_trainers_screens_speak_one_language(
    qtbot: QtBot, lang: Language, db: Database
) -> None:
    trainer, the_plan = room(db, clerks=3, supervisors=1, per_stack=3)
    election = trainer.elections.require()
    score = trainer.training.score(the_plan)
    parent = QWidget()
    qtbot.addWidget(parent)
    found = {}
    for code in ("kk", "ru", "en"):
        lang.set(code, remember=False)
        trainer_dialog = TrainerDialog(lang, lambda: score, "KZ-2023-MOCK", parent)
        assert trainer_dialog.refresh()
        assert trainer_dialog.table.rowCount() == 4 and trainer_dialog.groups.rowCount() == 3
        assert len(trainer_dialog.chart.points) == 3
        screens: list[QWidget] = [
            trainer_dialog,
            PracticeDialog(lang, election, parent),
            QueryDialog(lang, "P00001 · MZ-L", ["2026-01-01 10:00 boss: 42"], parent),
        ]
        for w in screens:
            w.show()
            accounts = {*the_plan.clerks, *the_plan.supervisors}  # names, not words
            words = [x for x in foreign_words(w, code, election) if x[2] not in accounts]  # type: ignore[arg-type]
            if words:
                found[(type(w).__name__, code)] = words
            assert len(list(visible_texts(w))) >= 4
            w.close()
    lang.set("en", remember=False)
    assert found == {}
