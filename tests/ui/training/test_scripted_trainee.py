"""A scripted room: two clerk trainees and a supervisor trainee work a training session
through the real windows, with a known pattern, and the score comes out exactly.

The session (seed 3, two clerks, one supervisor, five papers, errors 0.8) holds, in
stack order: a figure on the wrong line that raises a warning, a broken control ratio,
a clean paper, transposed digits that break a ratio, and a list's votes swapped with the
next (no check catches it). Both clerks type every paper in 60 s (the clock is the
test's). trainee-01 types exactly the paper with the fewest keys. trainee-02 slips once
(a digit, then Backspace: 90 s) on the clean paper and "corrects" the swapped lists back
(two faults). The supervisor accepts the warning with a reason (caught), orders the
recount (caught), queries the commission on the clean paper (a false alarm), leaves the
transposed digits alone (missed), and keeps the first entry of the swapped lists without
a query (missed).
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.services.context import Services
from kztally.services.mock import build
from kztally.storage.database import Database
from kztally.training.plan import Plan, minimum_keystrokes, plan
from kztally.ui.language import Language
from kztally.ui.main_window import Hooks, MainWindow
from kztally.ui.protocol_page import Mode
from kztally.ui.training.query import QueryDialog
from tests.conftest import PASSWORD
from tests.ui.conftest import when_modal
from tests.ui.test_entry_flow import activate, fill_reason

CTRL = Qt.KeyboardModifier.ControlModifier


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def session(db: Database) -> tuple[Services, Plan]:
    trainer = Services.sign_in(db, "trainer", PASSWORD)  # the first account: administrator
    the_plan = plan(build(3, "small"), 3, 2, 1, 5, 0.8)
    names = (*the_plan.clerks, *the_plan.supervisors)
    trainer.training.create(the_plan, dict.fromkeys(names, PASSWORD))
    return trainer, the_plan


@pytest.fixture
def windows(qtbot: QtBot, lang: Language, db: Database) -> Iterator[list[MainWindow]]:
    made: list[MainWindow] = []
    yield made
    for w in made:
        w.timer.stop()
        w.results.timer.stop()


def open_window(
    qtbot: QtBot, lang: Language, db: Database, name: str, made: list[MainWindow]
) -> MainWindow:
    w = MainWindow(lang, Services.sign_in(db, name, PASSWORD), Hooks())
    qtbot.addWidget(w)
    w.resize(1300, 850)
    w.show()
    qtbot.waitExposed(w)
    activate(qtbot, w)
    made.append(w)
    return w


def type_paper(
    qtbot: QtBot,
    w: MainWindow,
    clock: Clock,
    key: tuple[str, str],
    figures: Figures,
    *,
    slip: bool = False,
) -> None:
    """Open the protocol, type every field (Enter after each but the last), Ctrl+S."""
    w.open_protocol(AreaCode(key[0]), ContestId(key[1]))
    assert w.page.mode == Mode.ENTER
    w.page.form.focus_first()
    contest = w.election.contest(key[1])
    values = [v for _, v in figures.fields(contest)]
    for k, value in enumerate(values):
        field = QApplication.focusWidget()
        assert field is w.page.form.fields[list(w.page.form.fields)[k]]
        if slip and k == 0:
            qtbot.keyClick(field, Qt.Key.Key_9)
            qtbot.keyClick(field, Qt.Key.Key_Backspace)
        qtbot.keyClicks(field, str(value))
        if k < len(values) - 1:
            qtbot.keyClick(field, Qt.Key.Key_Return)
    assert w.page.form.figures() == figures
    clock.now += 90 if slip else 60
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)


def test_a_scripted_room_scores_exactly(
    qtbot: QtBot,
    lang: Language,
    db: Database,
    session: tuple[Services, Plan],
    windows: list[MainWindow],
) -> None:
    trainer, the_plan = session
    papers = the_plan.papers
    assert [p.error for p in papers] == [
        "wrong_line", "broken_ratio", None, "transposed_digits", "swapped_lists",
    ]  # fmt: skip
    assert [p.expected for p in papers] == [
        "reason_or_query", "recount", None, "recount", "query",
    ]  # fmt: skip
    keys = [(p.precinct, p.contest) for p in papers]
    clock = Clock()

    first = open_window(qtbot, lang, db, "trainee-01", windows)
    assert first.work_recorder is not None
    first.work_recorder.counter.clock = clock
    for key, paper in zip(keys, papers, strict=True):
        type_paper(qtbot, first, clock, key, paper.figures)
    assert len(first.work_recorder.recorded) == 5

    second = open_window(qtbot, lang, db, "trainee-02", windows)
    assert second.work_recorder is not None
    second.work_recorder.counter.clock = clock
    for i, (key, paper) in enumerate(zip(keys, papers, strict=True)):
        figures = paper.clean if i == 4 else paper.figures  # "corrects" the swapped lists
        type_paper(qtbot, second, clock, key, figures, slip=i == 2)
    states = [trainer.entry.view(AreaCode(p), ContestId(c)).state for p, c in keys]
    assert states == [
        State.PENDING,
        State.PENDING,
        State.ACCEPTED,
        State.PENDING,
        State.ENTRIES_DIFFER,
    ]

    boss = open_window(qtbot, lang, db, "supervisor-01", windows)
    assert boss.query_button.isVisibleTo(boss) and boss.query_action.isVisible()
    boss.open_protocol(AreaCode(keys[0][0]), ContestId(keys[0][1]))
    when_modal(qtbot, fill_reason("the commission confirmed the figures"))
    boss.page.accept_button.click()
    boss.open_protocol(AreaCode(keys[1][0]), ContestId(keys[1][1]))
    when_modal(qtbot, fill_reason("K1 broken on the paper", "Decision 7"))
    boss.page.recount()

    def ask(dialog: QWidget) -> None:
        assert isinstance(dialog, QueryDialog)
        dialog.text.setPlainText("Please confirm line 3.")
        dialog.findChild(QWidget, "query-send").click()  # type: ignore[union-attr]

    boss.open_protocol(AreaCode(keys[2][0]), ContestId(keys[2][1]))
    when_modal(qtbot, ask)
    assert boss.query_commission()
    boss.open_protocol(AreaCode(keys[4][0]), ContestId(keys[4][1]))
    assert boss.page.mode == Mode.COMPARE
    when_modal(qtbot, fill_reason("the first entry is the paper"))
    boss.page.compare.keep_first_button.click()
    states = [trainer.entry.view(AreaCode(p), ContestId(c)).state for p, c in keys]
    assert states == [
        State.ACCEPTED,
        State.NOT_ENTERED,
        State.ACCEPTED,
        State.PENDING,
        State.ACCEPTED,
    ]
    # the query changed nothing: the clean paper stands as both clerks entered it
    assert (
        trainer.entry.view(AreaCode(keys[2][0]), ContestId(keys[2][1])).figures == papers[2].figures
    )

    score = trainer.training.score(the_plan)
    by = {x.name: x for x in score.trainees}
    contests = [the_plan.election.contest(p.contest) for p in papers]
    minimum = sum(minimum_keystrokes(p.figures, c) for p, c in zip(papers, contests, strict=True))
    fields = sum(len(list(p.figures.fields(c))) for p, c in zip(papers, contests, strict=True))

    one = by["trainee-01"]
    assert (one.protocols, one.milliseconds, one.keystrokes, one.minimum) == (
        5,
        300_000,
        minimum,
        minimum,
    )
    assert (one.corrections, one.fields, one.faults, one.corrected_paper) == (0, fields, 0, 0)
    assert one.per_hour == 60 and one.accuracy == 1

    two = by["trainee-02"]
    assert (two.protocols, two.milliseconds, two.keystrokes, two.minimum) == (
        5,
        330_000,
        minimum + 2,
        minimum,
    )
    assert (two.corrections, two.fields, two.faults, two.corrected_paper) == (1, fields, 2, 2)
    assert two.faulty_papers == (5,)
    assert two.per_hour == Fraction(600, 11) and two.accuracy == 1 - Fraction(2, fields)

    boss_score = by["supervisor-01"]
    assert (boss_score.caught, boss_score.missed, boss_score.false_alarms) == (2, 2, 1)
    assert (boss_score.planted, boss_score.protocols) == (4, 4)

    (group,) = score.groups
    assert (group.protocols, group.caught, group.missed, group.false_alarms) == (10, 2, 2, 1)
    assert (group.faults, group.fields, group.keystrokes) == (2, 2 * fields, 2 * minimum + 2)
    assert score.room == group.__class__(**{**_fields(group), "name": "room"})


def _fields(line: object) -> dict[str, object]:
    return {k: getattr(line, k) for k in line.__slots__}  # type: ignore[attr-defined]


def test_the_trainer_opens_the_score_from_the_menu(
    qtbot: QtBot,
    lang: Language,
    db: Database,
    session: tuple[Services, Plan],
    windows: list[MainWindow],
) -> None:
    _, the_plan = session
    w = open_window(qtbot, lang, db, "trainer", windows)
    assert w.training_score_action.isVisible()
    dialog = w.open_training_score()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(the_plan.clerks) + len(the_plan.supervisors)
    assert dialog.table.item(0, 0).text() == "trainee-01"
    assert "planted errors caught: 0 of 0" in dialog.summary.text()  # nothing entered yet
