"""Keyboard practice: the form's shortcuts learnt on a few protocols, ending with a score.

Each protocol is found with the navigator's filter (Ctrl+F, its number, Enter), typed
line by line as the paper beside it says (digits, on the numeric keypad if there is one,
Enter after each line) and saved with Ctrl+S. Nothing is stored in the database: the
protocols are made up for practice, on the real form of the election in use.

The score (out of 100): 50 for the fields typed as the paper says, 30 for keys (the
fewest the form needs over the keys pressed in the form, at most 1), 20 for the shortcuts (Ctrl+F to
find, Ctrl+S to save, each protocol: a share of the 2 x protocols uses). Keypad digits
are counted and shown, not scored (a laptop may have no keypad).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.election import Contest, Election
from kztally.domain.protocol import LINE_COUNT, Figures
from kztally.training.plan import minimum_keystrokes
from kztally.ui.language import Language
from kztally.ui.protocol_form import ProtocolForm
from kztally.ui.training.recorder import KeyCounter

PROTOCOLS = 3


@dataclass(frozen=True, slots=True)
class Exercise:
    number: str
    contest: Contest
    figures: Figures


def practice_figures(contest: Contest, rng: random.Random) -> Figures:
    """Plausible figures that keep K1-K5."""
    l1 = rng.randint(600, 1800)
    l2 = l1 + rng.randint(5, 30)
    l4 = rng.randint(0, 20)
    l3 = rng.randint(l1 // 3, l1 * 2 // 3)
    l5 = l2 - l3 - l4
    l6, l7 = l3 - rng.randint(0, 3), l4
    l8 = rng.randint(0, 12)
    valid = l6 + l7 - l8
    n = len(contest.choices) + (1 if contest.against_all else 0)
    cuts = sorted(rng.randint(0, valid) for _ in range(n - 1))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, valid], strict=True)]
    votes = tuple(parts[: len(contest.choices)])
    against = parts[-1] if contest.against_all else None
    return Figures((l1, l2, l3, l4, l5, l6, l7, l8), votes, against)


def exercises(election: Election, count: int = PROTOCOLS) -> list[Exercise]:
    """The first precincts' first ballot with two or more choices, made-up figures."""
    rng = random.Random(f"practice:{election.id}")
    out: list[Exercise] = []
    for precinct, contest_id in election.iter_protocol_keys():
        contest = election.contest(contest_id)
        area = election.area(precinct)
        number = area.number or area.code
        if len(contest.choices) < 2 or any(e.number == number for e in out):
            continue
        out.append(Exercise(number, contest, practice_figures(contest, rng)))
        if len(out) == count:
            break
    return out


@dataclass(slots=True)
class Tally:
    fields: int = 0
    right: int = 0
    keys: int = 0
    minimum: int = 0
    finds: int = 0
    saves: int = 0
    keypad: int = 0
    digits: int = 0
    seconds: float = 0.0

    def score(self, protocols: int) -> int:
        accuracy = Fraction(self.right, self.fields) if self.fields else Fraction(0)
        economy = min(Fraction(1), Fraction(self.minimum, self.keys)) if self.keys else Fraction(0)
        shortcuts = Fraction(self.finds + self.saves, 2 * protocols) if protocols else Fraction(0)
        return round(50 * accuracy + 30 * economy + 20 * min(Fraction(1), shortcuts))


class PracticeDialog(QDialog):
    def __init__(
        self,
        lang: Language,
        election: Election,
        parent: QWidget | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("practice-dialog")
        self.lang = lang
        self.election = election
        self.items = exercises(election)
        self.step = 0
        self.current: Exercise | None = None
        self.tally = Tally()
        self.finished_score: int | None = None
        self._ctrl_f = False
        self._clock = clock
        self._started = clock()
        self.resize(980, 640)

        layout = QVBoxLayout(self)
        self.instruction = QLabel(self)
        self.instruction.setObjectName("practice-instruction")
        self.instruction.setWordWrap(True)
        self.instruction.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.instruction)
        row = QHBoxLayout()
        left = QVBoxLayout()
        self.filter = QLineEdit(self)
        self.filter.setObjectName("practice-filter")
        self.filter.textChanged.connect(self._filtered)
        self.filter.installEventFilter(self)
        self.list = QListWidget(self)
        self.list.setObjectName("practice-list")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.paper = QLabel(self)
        self.paper.setObjectName("practice-paper")
        self.paper.setTextFormat(Qt.TextFormat.RichText)
        self.paper.setAlignment(Qt.AlignmentFlag.AlignTop)
        left.addWidget(self.filter)
        left.addWidget(self.list, 1)
        left.addWidget(self.paper, 3)
        row.addLayout(left, 2)
        self.form = ProtocolForm(lang, self)
        self.form.setEnabled(False)
        row.addWidget(self.form, 3)
        layout.addLayout(row, 1)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("practice-close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)

        find = QShortcut(QKeySequence("Ctrl+F"), self)
        find.activated.connect(self._find)
        self.form.save_requested.connect(self._save)
        self.counter = KeyCounter(self._counted, clock, self)
        self.finished.connect(lambda _r: self.counter.stop())
        self._filtered("")
        self.retranslate()
        lang.changed.connect(self.retranslate)
        self.filter.setFocus()

    # -- steps ---------------------------------------------------------------------------

    def _counted(self, obj: QObject) -> bool:
        return self.current is not None and (
            obj is self.form.save_button or self.form.isAncestorOf(obj)  # type: ignore[arg-type]
        )

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter in the filter opens the protocol and goes no further (in a dialog it
        would press the form's Save button too)."""
        if (
            obj is self.filter
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._open_found()
            return True
        return super().eventFilter(obj, event)

    def _find(self) -> None:
        self._ctrl_f = True
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def _filtered(self, text: str) -> None:
        self.list.clear()
        for e in self.items:
            if (text.strip() and text.strip() in e.number) or not text.strip():
                self.list.addItem(e.number)

    def _open_found(self) -> None:
        if self.step >= len(self.items):
            return
        wanted = self.items[self.step]
        if self.filter.text().strip() != wanted.number:
            self.instruction.setText(self.lang.t("ui.practice.wrong_number", number=wanted.number))
            return
        if self._ctrl_f:
            self.tally.finds += 1
        self._ctrl_f = False
        self.current = wanted
        self.counter.take()
        self.form.setEnabled(True)
        self.form.set_protocol(wanted.contest, self.election.rules, None, election=self.election)
        self.paper.setText(self._paper_html(wanted))
        self.form.focus_first()
        self.retranslate()

    def _save(self) -> None:
        current = self.current
        if current is None:
            return
        done, seconds = self.counter.take()
        typed = dict(self.form.figures().fields(current.contest))
        said = dict(current.figures.fields(current.contest))
        self.tally.fields += len(said)
        self.tally.right += sum(1 for k, v in said.items() if typed.get(k) == v)
        self.tally.keys += done.keystrokes
        self.tally.minimum += minimum_keystrokes(current.figures, current.contest)
        self.tally.saves += self.counter.chords
        self.tally.keypad += self.counter.keypad
        self.tally.digits += sum(len(str(v)) for v in said.values() if v is not None)
        self.tally.seconds += seconds
        self.counter.chords = self.counter.keypad = 0
        self.current = None
        self.step += 1
        self.form.clear()
        self.form.setEnabled(False)
        self.paper.setText("")
        self.filter.clear()
        if self.step >= len(self.items):
            self.finished_score = self.tally.score(len(self.items))
        else:
            self.filter.setFocus()
        self.retranslate()

    def _paper_html(self, e: Exercise) -> str:
        rows = [f"<b>{self.lang.t('ui.practice.paper', number=e.number)}</b><table>"]
        names = {str(n): str(n) for n in range(1, LINE_COUNT + 1)}
        for i, c in enumerate(e.contest.choices):
            names[c.id] = str(LINE_COUNT + 1 + i)
        for name, value in e.figures.fields(e.contest):
            label = names.get(name, self.lang.t("ui.practice.against_all"))
            rows.append(f"<tr><td>{label}</td><td align='right'><b>{value}</b></td></tr>")
        return "".join(rows) + "</table>"

    def retranslate(self, *_: object) -> None:
        t = self.lang.t
        self.setWindowTitle(t("ui.practice.title"))
        self.close_button.setText(t("ui.practice.close"))
        self.filter.setPlaceholderText(t("ui.practice.filter"))
        if self.finished_score is not None:
            x = self.tally
            self.instruction.setText(
                t(
                    "ui.practice.done",
                    score=self.finished_score,
                    right=x.right,
                    fields=x.fields,
                    keys=x.keys,
                    minimum=x.minimum,
                    finds=x.finds,
                    saves=x.saves,
                    protocols=len(self.items),
                    keypad=x.keypad,
                    digits=x.digits,
                )
            )
        elif self.current is None and self.step < len(self.items):
            self.instruction.setText(
                t(
                    "ui.practice.find",
                    step=self.step + 1,
                    steps=len(self.items),
                    number=self.items[self.step].number,
                )
            )
        elif self.current is not None:
            self.instruction.setText(
                t("ui.practice.type", step=self.step + 1, steps=len(self.items))
            )


class PracticeOffer(QLabel):
    """The offer of the practice after a clerk's first sign-in: one line with a link,
    hidden until shown (`linkActivated` opens the practice)."""

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practice-offer")
        self.lang = lang
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setStyleSheet("background: #e8f0fe; padding: 4px 8px;")
        self.hide()
        self.retranslate()
        lang.changed.connect(self.retranslate)

    def retranslate(self, *_: object) -> None:
        t = self.lang.t
        self.setText(f"{t('ui.practice.offer')} <a href='practice'>{t('ui.practice.start')}</a>")
