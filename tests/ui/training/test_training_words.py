"""The trainer's screen, the query and the keyboard practice speak one language each, and
the trainer's screen shows the room's score.

`KZTALLY_SCREENSHOTS=docs/screenshots` saves the screens (trainer-score-*.png,
practice-*.png, query-*.png) and the score report's first page (training-report-*.png)
there, for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kztally.reports.training import render_score
from kztally.storage.database import Database
from kztally.ui.language import Language
from kztally.ui.training.practice import PracticeDialog
from kztally.ui.training.query import QueryDialog
from kztally.ui.training.trainer import TrainerDialog
from tests.reports import pdftext
from tests.ui.test_every_word import foreign_words, visible_texts
from tests.ui.training.scripted import room

SHOTS = os.environ.get("KZTALLY_SCREENSHOTS")
NAMES = {"TrainerDialog": "trainer-score", "PracticeDialog": "practice", "QueryDialog": "query"}


def test_the_trainers_screens_speak_one_language(
    qtbot: QtBot, lang: Language, db: Database
) -> None:
    trainer, the_plan = room(db) if SHOTS else room(db, clerks=3, supervisors=1, per_stack=3)
    election = trainer.elections.require()
    score = trainer.training.score(the_plan)
    parent = QWidget()
    qtbot.addWidget(parent)
    found = {}
    for code in ("kk", "ru", "en"):
        lang.set(code, remember=False)
        trainer_dialog = TrainerDialog(lang, lambda: score, "KZ-2023-MOCK", parent)
        assert trainer_dialog.refresh()
        clerks = len(the_plan.clerks)
        assert trainer_dialog.table.rowCount() == clerks + len(the_plan.supervisors)
        assert trainer_dialog.groups.rowCount() == len(the_plan.stacks) + 1
        assert len(trainer_dialog.chart.points) == clerks
        screens: list[QWidget] = [
            trainer_dialog,
            PracticeDialog(lang, election, parent),
            QueryDialog(lang, "P00001 · MZ-L", ["2026-01-01 10:00 boss: 42"], parent),
        ]
        for w in screens:
            w.show()
            if SHOTS:
                shoot(qtbot, w, Path(SHOTS) / f"{NAMES[type(w).__name__]}-{code}.png", code)
            accounts = {*the_plan.clerks, *the_plan.supervisors}  # names, not words
            words = [x for x in foreign_words(w, code, election) if x[2] not in accounts]  # type: ignore[arg-type]
            if words:
                found[(type(w).__name__, code)] = words
            assert len(list(visible_texts(w))) >= 4
            w.close()
        if SHOTS:
            page = pdftext.pages(
                render_score(score, code, election.names.get(code, election.name)), 90
            )[0]
            page.save(Path(SHOTS) / f"training-report-{code}.png", optimize=True)
    lang.set("en", remember=False)
    assert found == {}


ASKED = {
    "kk": "10 және 11 жолдардың сандары ауысқан жоқ па?",
    "ru": "Не перепутаны ли числа в строках 10 и 11?",
    "en": "Are the figures of lines 10 and 11 swapped?",
}


def shoot(qtbot: QtBot, w: QWidget, path: Path, code: str) -> None:
    if isinstance(w, TrainerDialog):
        w.resize(1100, 860)
    if isinstance(w, PracticeDialog):
        w.activateWindow()
        qtbot.waitUntil(w.isActiveWindow)
        qtbot.keyClicks(w.filter, w.items[0].number)
        qtbot.keyClick(w.filter, Qt.Key.Key_Return)
        qtbot.keyClicks(w.form.fields["1"], str(w.items[0].figures.lines[0]))
    if isinstance(w, QueryDialog):
        w.text.setPlainText(ASKED[code])
    qtbot.wait(50)
    path.parent.mkdir(parents=True, exist_ok=True)
    assert w.grab().save(str(path))
