"""The protocol form: the paper protocol line by line, for the keyboard.

Lines 1-8, then the lists or candidates in ballot order, then against all. Each field takes
digits only (whatever the keyboard layout, see `kztally.ui.digits`); Enter moves on; an
empty field is not a zero. The control ratios and warnings are checked as the clerk types
and shown beside the fields involved, as the rule's code with its figures
("K4: 812 ≠ 12 + 790 + 8") and its formula in line numbers.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.election import Contest, ContestKind, Election
from kztally.domain.limits import FIGURE_MAX
from kztally.domain.protocol import (
    AGAINST_ALL,
    LINE_COUNT,
    Act,
    Figures,
    Finding,
    Severity,
    Term,
    check_protocol,
)
from kztally.domain.rules import RuleSet
from kztally.ui.digits import digit_for
from kztally.ui.language import Language

MAX_DIGITS = len(str(FIGURE_MAX)) - 1
"""Digits a field takes: any number of them is within the bound of a figure."""
ERROR_COLOUR = "#c62828"
WARNING_COLOUR = "#b85c00"

# Every state draws a 2 px border, so a field keeps its size when a rule marks it and the
# rows never move while the clerk types.
FIELD_STYLE = f"""
DigitField {{ font-size: 13pt; padding: 1px 5px; border: 2px solid #a0a0a0; border-radius: 2px; }}
DigitField:focus {{ border: 2px solid #1565c0; background: #f3f8ff; }}
DigitField[finding="warning"] {{ border: 2px solid {WARNING_COLOUR}; background: #fff6e5; }}
DigitField[finding="error"] {{ border: 2px solid {ERROR_COLOUR}; background: #fdecec; }}
DigitField[differs="true"] {{ background: #fff2b3; }}
DigitField:read-only {{ background: #f0f0f0; color: #202020; }}
"""


class DigitField(QLineEdit):
    """One protocol line: digits only, whatever the layout; Enter moves on."""

    advance = Signal()
    retreat = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field_name = name
        self.setObjectName(f"field-{name}")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMaxLength(MAX_DIGITS)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]*"), self))
        self.setMinimumWidth(120)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setProperty("finding", "")
        self.setProperty("differs", "false")

    def value(self) -> int | None:
        text = self.text().strip()
        return int(text) if text else None

    def set_value(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))

    def set_mark(self, prop: str, value: str) -> None:
        if self.property(prop) != value:
            self.setProperty(prop, value)
            self.style().unpolish(self)
            self.style().polish(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.advance.emit()
            return
        if key == Qt.Key.Key_Down and not event.modifiers():
            self.advance.emit()
            return
        if key == Qt.Key.Key_Up and not event.modifiers():
            self.retreat.emit()
            return
        digit = digit_for(event)
        if digit is not None:
            if not self.isReadOnly():
                self.insert(digit)
            return
        text = event.text()
        ctrl = event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier
        )
        if text and text.isprintable() and not ctrl:
            return  # a letter or sign: not a figure
        super().keyPressEvent(event)


def field_labels(contest: Contest) -> dict[str, str]:
    """The line number printed on the form for every field name a finding uses."""
    out = {name: name for name in (str(n) for n in range(1, LINE_COUNT + 1))}
    for i, c in enumerate(contest.choices):
        out[c.id] = str(LINE_COUNT + 1 + i)
    if contest.against_all:
        out[AGAINST_ALL] = str(LINE_COUNT + 1 + len(contest.choices))
    return out


def formula_in_lines(finding: Finding, labels: Mapping[str, str], lang: Language) -> str:
    """The finding's formula with every field named by its line number on the form."""

    def relabel(terms: Sequence[Term]) -> tuple[Term, ...]:
        out = []
        for t in terms:
            label = labels.get(t.label)
            if label is None:
                label = _TERM_WORDS.sub(lambda m: lang.t(_TERM_KEYS[m.group(0)]), t.label)
            out.append(Term(label, t.value))
        return tuple(out)

    if finding.code == "K6":
        return ", ".join(labels.get(n, n) for n in finding.fields)
    return replace(finding, left=relabel(finding.left), right=relabel(finding.right)).formula()


_TERM_KEYS = {"electorate": "ui.term.electorate", "votes": "line.votes"}
_TERM_WORDS = re.compile(r"\b(?:" + "|".join(_TERM_KEYS) + r")\b")
"""The domain's words inside a term's label ('|1 − electorate|'), said in the user's language."""


def finding_title(finding: Finding, lang: Language) -> str:
    """The rule's short name from the domain texts."""
    return lang.t(f"finding.{finding.code}.name")


def choice_label(election: Election | None, contest: Contest, index: int, lang: Language) -> str:
    choice = contest.choices[index]
    if contest.kind is ContestKind.LIST and election is not None and choice.party:
        try:
            party = election.party(choice.party)
        except KeyError:
            return choice.name
        return party.names.get(lang.code) or choice.name
    return choice.name


class ProtocolForm(QWidget):
    """The figures of one protocol; emits `changed` on every keystroke that changes them and
    `save_requested` on Ctrl+S, F12, or Enter on the last field's Save button."""

    changed = Signal()
    save_requested = Signal()

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.election: Election | None = None
        self.contest: Contest | None = None
        self.rules: RuleSet | None = None
        self.electorate: int | None = None
        self.fields: dict[str, DigitField] = {}
        self.notes: dict[str, QLabel] = {}
        self._line_labels: dict[str, QLabel] = {}
        self._findings: tuple[Finding, ...] = ()
        self._show_empty = False
        self._read_only = False
        self.setStyleSheet(FIELD_STYLE)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll_area, 1)
        self._grid_host = QWidget()
        self.grid = QGridLayout(self._grid_host)
        self.grid.setColumnStretch(3, 1)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(4)
        self.scroll_area.setWidget(self._grid_host)

        self.act_box = QCheckBox(self)
        self.act_box.setObjectName("act-mobile-box")
        self.act_box.toggled.connect(self._recheck)
        outer.addWidget(self.act_box)

        # The rules' messages under the form, wrapped at the form's width, in a panel of a
        # fixed height (scrolling when long): the rows above never move while the clerk types.
        self.findings_label = QLabel()
        self.findings_label.setObjectName("findings")
        self.findings_label.setWordWrap(True)
        self.findings_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.findings_label.setTextFormat(Qt.TextFormat.RichText)
        self.findings_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.findings_area = QScrollArea(self)
        self.findings_area.setObjectName("findings-area")
        self.findings_area.setWidgetResizable(True)
        self.findings_area.setFrameShape(QFrame.Shape.NoFrame)
        self.findings_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.findings_area.setWidget(self.findings_label)
        self.findings_area.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 8)
        outer.addWidget(self.findings_area)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save")
        self.save_button.setAutoDefault(True)
        self.save_button.clicked.connect(self._request_save)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)

        for seq in (QKeySequence("Ctrl+S"), QKeySequence(Qt.Key.Key_F12)):
            sc = QShortcut(seq, self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(self._request_save)
        self.retranslate()
        lang.changed.connect(self.retranslate)

    # -- building -------------------------------------------------------------------
    def set_protocol(
        self,
        contest: Contest,
        rules: RuleSet,
        figures: Figures | None = None,
        *,
        election: Election | None = None,
        electorate: int | None = None,
        acts: frozenset[Act] = frozenset(),
        read_only: bool = False,
    ) -> None:
        """Build the fields of a contest's protocol and fill them (blank when None)."""
        self.election, self.contest, self.rules, self.electorate = (
            election,
            contest,
            rules,
            electorate,
        )
        self._read_only = read_only
        self._show_empty = False
        self._rebuild_rows()
        self.set_figures(figures if figures is not None else Figures.empty(contest), acts)
        self.save_button.setVisible(not read_only)
        self.act_box.setEnabled(not read_only)

    def _rebuild_rows(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()  # gone at once, not when the event loop next deletes it
                w.deleteLater()
        self.fields.clear()
        self.notes.clear()
        self._line_labels.clear()
        contest = self.contest
        assert contest is not None
        names = list(field_labels(contest))
        row = 0
        for i, name in enumerate(names):
            if i == LINE_COUNT:
                self._votes_header = QLabel(self._grid_host)
                self._votes_header.setObjectName("votes-header")
                font = self._votes_header.font()
                font.setBold(True)
                self._votes_header.setFont(font)
                self.grid.addWidget(self._votes_header, row, 0, 1, 4)
                row += 1
            number = QLabel(field_labels(contest)[name], self._grid_host)
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            number.setMinimumWidth(28)
            label = QLabel(self._grid_host)
            label.setWordWrap(True)
            label.setMinimumWidth(260)
            label.setMaximumWidth(420)
            field = DigitField(name, self._grid_host)
            field.setReadOnly(self._read_only)
            label.setBuddy(field)
            note = QLabel(self._grid_host)
            note.setObjectName(f"note-{name}")
            # one line beside the field (the rule's code and figures), never wrapped: the
            # sentence is said under the form at a readable width, and in the tooltip
            note.setWordWrap(False)
            note.setTextFormat(Qt.TextFormat.RichText)
            note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            note.setFixedHeight(field.sizeHint().height())
            for col, w in enumerate((number, label, field, note)):
                self.grid.addWidget(w, row, col)
                w.show()  # at once, so the first field can take the focus now
            self.fields[name] = field
            self.notes[name] = note
            self._line_labels[name] = label
            field.textChanged.connect(self._recheck)
            field.advance.connect(lambda n=name: self._move(n, +1))
            field.retreat.connect(lambda n=name: self._move(n, -1))
            row += 1
        self.grid.setRowStretch(row, 1)
        order = [*self.fields.values(), self.act_box, self.save_button]
        for a, b in itertools.pairwise(order):
            QWidget.setTabOrder(a, b)
        self.retranslate()

    # -- values ---------------------------------------------------------------------
    def figures(self) -> Figures:
        contest = self.contest
        assert contest is not None
        lines = tuple(self.fields[str(n)].value() for n in range(1, LINE_COUNT + 1))
        votes = tuple(self.fields[c.id].value() for c in contest.choices)
        against = self.fields[AGAINST_ALL].value() if contest.against_all else None
        return Figures(lines, votes, against)

    def acts(self) -> frozenset[Act]:
        return frozenset({Act.MOBILE_BOX_EXCESS}) if self.act_box.isChecked() else frozenset()

    def set_figures(self, figures: Figures, acts: frozenset[Act] = frozenset()) -> None:
        contest = self.contest
        assert contest is not None
        for name, value in figures.fields(contest):
            field = self.fields[name]
            field.blockSignals(True)
            field.set_value(value)
            field.blockSignals(False)
        self.act_box.blockSignals(True)
        self.act_box.setChecked(Act.MOBILE_BOX_EXCESS in acts)
        self.act_box.blockSignals(False)
        self._recheck()

    def clear(self) -> None:
        if self.contest is not None:
            self._show_empty = False
            self.set_figures(Figures.empty(self.contest))

    def focus_first(self) -> None:
        if self.fields:
            first = next(iter(self.fields.values()))
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            first.selectAll()

    def findings(self) -> tuple[Finding, ...]:
        return self._findings

    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self._findings if f.severity is Severity.ERROR)

    def mark_differences(self, names: Sequence[str]) -> None:
        for name, field in self.fields.items():
            field.set_mark("differs", "true" if name in names else "false")
        for name, note in self.notes.items():
            if name in names and not note.text():
                note.setText("<span style='color:#7a5d00'>≠</span>")

    def show_empty_fields(self) -> None:
        """After a save attempt the empty fields are marked too (K6), not while typing."""
        self._show_empty = True
        self._recheck()

    # -- checking -------------------------------------------------------------------
    def _recheck(self) -> None:
        contest, rules = self.contest, self.rules
        if contest is None or rules is None:
            return
        figures = self.figures()
        self._findings = check_protocol(
            contest, figures, rules, electorate=self.electorate, acts=self.acts()
        )
        marks: dict[str, str] = {}
        notes: dict[str, list[str]] = {}
        tips: dict[str, list[str]] = {}
        labels = field_labels(contest)
        for f in self._findings:
            if f.code == "K6" and not self._show_empty:
                continue
            level = "error" if f.severity is Severity.ERROR else "warning"
            colour = ERROR_COLOUR if f.severity is Severity.ERROR else WARNING_COLOUR
            involved = [
                name
                for name in sorted(f.fields, key=lambda n: list(self.fields).index(n))
                if name in self.fields
            ]
            for i, name in enumerate(involved):
                if marks.get(name) != "error":
                    marks[name] = level
                if i == 0 and f.code != "K6":
                    notes.setdefault(name, []).append(
                        f"<span style='color:{colour}'><b>{html.escape(f.text())}</b></span>"
                    )
                    tips.setdefault(name, []).append(self._finding_html(f, colour, labels))
                else:
                    notes.setdefault(name, []).append(
                        f"<span style='color:{colour}'><b>{f.code}</b></span>"
                    )
        for name, field in self.fields.items():
            field.set_mark("finding", marks.get(name, ""))
            self.notes[name].setText(" ".join(notes.get(name, [])))
            self.notes[name].setToolTip("<br/>".join(tips.get(name, [])))
        self.act_box.setVisible(
            self.act_box.isChecked() or any(f.code == "K5" for f in self._findings)
        )
        self._render_findings()
        self.changed.emit()

    def _finding_html(
        self, f: Finding, colour: str, labels: Mapping[str, str], *, bold: bool = True
    ) -> str:
        title = finding_title(f, self.lang)
        formula = formula_in_lines(f, labels, self.lang)
        text = f"<b>{html.escape(f.text())}</b>" if bold else html.escape(f.text())
        return (
            f"<span style='color:{colour}'>{text}</span>"
            f"{'<br/>' if bold else ' · '}<span style='color:#444'>{html.escape(formula)}"
            + (f" — {html.escape(title)}" if title else "")
            + "</span>"
        )

    def _render_findings(self) -> None:
        """The summary under the form: how many errors and warnings, or that all hold."""
        contest = self.contest
        assert contest is not None
        labels = field_labels(contest)
        shown = [f for f in self._findings if f.code != "K6" or self._show_empty]
        errors = sum(f.severity is Severity.ERROR for f in shown)
        warnings = len(shown) - errors
        rows = []
        if errors or warnings:
            summary = self.lang.t("ui.form.summary", errors=errors, warnings=warnings)
            rows.append(f"<b>{html.escape(summary)}</b>")
        for f in shown:
            if f.code == "K6":
                text = self.lang.t(
                    "ui.form.empty_fields", lines=formula_in_lines(f, labels, self.lang)
                )
                rows.append(f"<span style='color:{ERROR_COLOUR}'><b>K6</b>: {text}</span>")
            else:  # the rule's message stays in sight however far the form scrolls
                colour = ERROR_COLOUR if f.severity is Severity.ERROR else WARNING_COLOUR
                rows.append(self._finding_html(f, colour, labels, bold=False))
        if rows:
            self.findings_label.setText("<br/>".join(rows))
        elif self.figures().is_complete(contest):
            self.findings_label.setText(
                f"<span style='color:#2e7d32'>✓ {self.lang.t('ui.form.all_checks_pass')}</span>"
            )
        else:
            self.findings_label.setText("")

    # -- keyboard -------------------------------------------------------------------
    def _move(self, name: str, step: int) -> None:
        names = list(self.fields)
        i = names.index(name) + step
        if i < 0:
            return
        if i >= len(names):
            if self._read_only:
                return
            target: QWidget = self.act_box if self.act_box.isVisible() else self.save_button
            target.setFocus(Qt.FocusReason.TabFocusReason)
            return
        field = self.fields[names[i]]
        field.setFocus(Qt.FocusReason.TabFocusReason)
        field.selectAll()
        self.scroll_area.ensureWidgetVisible(field)

    def _request_save(self) -> None:
        if not self._read_only and self.contest is not None:
            self.save_requested.emit()

    # -- language -------------------------------------------------------------------
    def retranslate(self, *_: object) -> None:
        t = self.lang.t
        self.save_button.setText(t("ui.form.save"))
        self.save_button.setToolTip(t("ui.tip.save"))
        self.save_button.setAccessibleName(t("ui.form.save"))
        self.act_box.setText(t("ui.form.act_mobile_box"))
        self.act_box.setToolTip(t("ui.tip.act_box"))
        self.findings_label.setAccessibleName(t("ui.tip.findings"))
        contest = self.contest
        if contest is None:
            return
        self._retranslate_rows()
        self._describe_fields()
        self._render_findings()

    def _describe_fields(self) -> None:
        """Each field's tooltip and accessible name: its line number and its name."""
        labels = field_labels(self.contest) if self.contest is not None else {}
        for name, field in self.fields.items():
            label = self._line_labels[name].text()
            line = labels.get(name, name)
            field.setAccessibleName(f"{line}. {label}")
            field.setToolTip(self.lang.t("ui.tip.field", line=line, name=label))

    def _retranslate_rows(self) -> None:
        t = self.lang.t
        contest = self.contest
        assert contest is not None
        for n in range(1, LINE_COUNT + 1):
            label = self._line_labels.get(str(n))
            if label is not None:
                label.setText(t(f"line.{n}"))
        for i, c in enumerate(contest.choices):
            label = self._line_labels.get(c.id)
            if label is not None:
                label.setText(choice_label(self.election, contest, i, self.lang))
        if contest.against_all and AGAINST_ALL in self._line_labels:
            self._line_labels[AGAINST_ALL].setText(t("line.against_all"))
        header = getattr(self, "_votes_header", None)
        if header is not None:
            header.setText(
                t(
                    "ui.form.votes_lists"
                    if contest.kind is ContestKind.LIST
                    else "ui.form.votes_candidates"
                )
            )
