"""One protocol on screen: the form (entering, correcting or reading), the comparison of two
entries for the supervisor, the decisions, and the scans beside it. An observer types
their own copy in the same form and then sees it beside the official figures."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.election import Election
from kztally.domain.entry import EntryKind, State, Transition, TransitionError
from kztally.domain.ids import AreaCode, ContestId, ProtocolKey
from kztally.domain.protocol import Act, Figures, Severity
from kztally.services.context import Services
from kztally.services.entry import ProtocolView
from kztally.services.errors import REFUSED, ServiceError
from kztally.services.observers import Comparison
from kztally.ui.attachments import AttachmentsPane
from kztally.ui.capabilities import Capabilities
from kztally.ui.compare import CompareView
from kztally.ui.dialogs import ReasonDialog, confirm
from kztally.ui.history import HistoryDialog
from kztally.ui.language import Language
from kztally.ui.navigator import STATE_COLOURS, ballot_types, state_text
from kztally.ui.observer import ObserverView
from kztally.ui.protocol_form import ProtocolForm

Decision = Callable[[ProtocolKey, str, str, int], ProtocolView]
"""A recount or an annulment: (protocol, reason, reference, version) -> the new view."""


class Mode:
    NONE = "none"
    ENTER = "enter"
    READ = "read"
    COMPARE = "compare"
    CORRECT = "correct"
    OBSERVE = "observe"
    """An observer types their own copy."""
    OBSERVED = "observed"
    """An observer's copy beside the official figures."""


class ProtocolPage(QWidget):
    """Emits `saved(precinct, contest, state)` after every action that changed the protocol;
    `next_requested` asks the window for the next protocol to enter."""

    saved = Signal(str, str, str)
    next_requested = Signal()
    message = Signal(str)

    def __init__(
        self,
        lang: Language,
        services: Services,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.lang = lang
        self.services = services
        self.election: Election = services.elections.require()
        self.caps = Capabilities.of(services.actor.role)
        self.ballot_of = ballot_types(self.election)
        self.store = services.attachments
        self.observers = services.observers if self.caps.observe else None
        self.comparison: Comparison | None = None
        self.key: ProtocolKey | None = None
        self.info: ProtocolView | None = None
        self.mode = Mode.NONE
        self._mine_first = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        self.header = QLabel(self)
        self.header.setObjectName("protocol-header")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        outer.addWidget(self.header)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("protocol-state")
        self.state_label.setWordWrap(True)
        outer.addWidget(self.state_label)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.stack = QStackedWidget(self.splitter)
        self.placeholder = QLabel(self.stack)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.form = ProtocolForm(lang, self.stack)
        self.compare = CompareView(lang, self.stack)
        self.observer_view = ObserverView(lang, self.stack)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.form)
        self.stack.addWidget(self.compare)
        self.stack.addWidget(self.observer_view)
        self.attachments = AttachmentsPane(lang, self.splitter)
        self.attachments.may_attach = self.caps.enter or self.caps.administer
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.attachments)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        outer.addWidget(self.splitter, 1)

        actions = QHBoxLayout()
        self.accept_button = QPushButton(self)
        self.accept_button.setObjectName("accept")
        self.correct_button = QPushButton(self)
        self.correct_button.setObjectName("correct-pending")
        self.send_back_button = QPushButton(self)
        self.send_back_button.setObjectName("send-back-pending")
        self.history_button = QPushButton(self)
        self.history_button.setObjectName("history-button")
        for b in (
            self.accept_button,
            self.correct_button,
            self.send_back_button,
            self.history_button,
        ):
            actions.addWidget(b)
        actions.addStretch(1)
        outer.addLayout(actions)

        self.form.save_requested.connect(self.save)
        self.compare.keep_first.connect(lambda: self._resolve(EntryKind.FIRST))
        self.compare.keep_second.connect(lambda: self._resolve(EntryKind.SECOND))
        self.compare.correct.connect(self.start_correction)
        self.compare.send_back.connect(self.send_back)
        self.accept_button.clicked.connect(self.accept_pending)
        self.correct_button.clicked.connect(self.start_correction)
        self.send_back_button.clicked.connect(self.send_back)
        self.history_button.clicked.connect(self.show_history)
        self.observer_view.edit_copy.connect(self.start_copy)
        self.retranslate()
        lang.changed.connect(self.retranslate)
        self._show_none()

    # -- opening -----------------------------------------------------------------------
    def open(self, precinct: AreaCode, contest: ContestId) -> None:
        self.key = (precinct, contest)
        self.info = self.services.entry.view(precinct, contest)
        self.attachments.set_protocol(self.store, self.key)
        self._present()

    def reload(self) -> None:
        if self.key is not None:
            self.open(*self.key)

    def _present(self) -> None:
        info = self.info
        assert info is not None and self.key is not None
        precinct = self.election.area(info.precinct)
        contest = self.election.contest(info.contest)
        state = info.state
        self._mine_first = state is State.FIRST_ENTRY and self._entered_first_by_me()
        may_enter = self.caps.enter and state in (State.NOT_ENTERED, State.FIRST_ENTRY)
        if self.observers is not None:
            self._present_copy()
        elif may_enter and not self._mine_first:
            # Blind: the second clerk's form is blank, the first entry is never shown.
            self.mode = Mode.ENTER
            self.form.set_protocol(
                contest,
                self.election.rules,
                None,
                election=self.election,
                electorate=precinct.electorate,
            )
            self.stack.setCurrentWidget(self.form)
            self.form.focus_first()
        elif state is State.ENTRIES_DIFFER and self.caps.decide and info.first and info.second:
            self.mode = Mode.COMPARE
            self.compare.set_entries(
                self.election,
                contest,
                self.election.rules,
                info.first,
                info.second,
                precinct.electorate,
            )
            self.stack.setCurrentWidget(self.compare)
            self.compare.keep_first_button.setFocus()
        elif info.figures is not None and state in (State.PENDING, State.ACCEPTED):
            self.mode = Mode.READ
            self.form.set_protocol(
                contest,
                self.election.rules,
                info.figures,
                election=self.election,
                electorate=precinct.electorate,
                acts=info.acts,
                read_only=True,
            )
            self.stack.setCurrentWidget(self.form)
        else:
            self.mode = Mode.NONE
            self.stack.setCurrentWidget(self.placeholder)
            self.placeholder.setText(self._why_not_shown())
        self._update_header()
        self._update_actions()

    def _present_copy(self) -> None:
        """An observer: their copy beside the official figures, or the form for one."""
        assert self.observers is not None and self.key is not None
        try:
            self.comparison = self.observers.compare(*self.key)
        except REFUSED as exc:
            self.mode = Mode.NONE
            self.stack.setCurrentWidget(self.placeholder)
            self.placeholder.setText(self._refusal(exc))
            return
        if self.comparison.copy is None:
            self._open_copy_form(None, frozenset())
        else:
            self._show_comparison(self.comparison)

    def _open_copy_form(self, figures: Figures | None, acts: frozenset[Act]) -> None:
        assert self.key is not None
        self.mode = Mode.OBSERVE
        self.form.set_protocol(
            self.election.contest(self.key[1]),
            self.election.rules,
            figures,
            election=self.election,
            electorate=self.election.area(self.key[0]).electorate,
            acts=acts,
        )
        self.stack.setCurrentWidget(self.form)
        self.form.focus_first()

    def _show_comparison(self, comparison: Comparison) -> None:
        assert self.key is not None
        self.comparison = comparison
        self.mode = Mode.OBSERVED
        self.observer_view.set_comparison(
            self.election, self.election.contest(self.key[1]), comparison
        )
        self.stack.setCurrentWidget(self.observer_view)

    def start_copy(self) -> None:
        """The form again, filled with the observer's latest copy, to enter a newer one."""
        if self.observers is None or self.key is None:
            return
        copy = self.comparison.copy if self.comparison is not None else None
        self._open_copy_form(
            copy.figures if copy is not None else None,
            copy.acts if copy is not None else frozenset(),
        )
        self._update_header()

    def _save_copy(self) -> None:
        assert self.observers is not None and self.key is not None
        key, figures, acts = self.key, self.form.figures(), self.form.acts()
        try:
            self.observers.enter_copy(*key, figures, acts)
            comparison = self.observers.compare(*key)
        except REFUSED as exc:
            QMessageBox.warning(self, self.lang.t("ui.page.refused"), self._refusal(exc))
            return
        self.message.emit(self.lang.t("ui.observer.saved"))
        self._show_comparison(comparison)
        self._update_header()

    def _entered_first_by_me(self) -> bool:
        assert self.key is not None
        me = self.services.actor.user
        if self.info is not None and self.info.first is not None:
            return self.info.first.by == me
        firsts = [
            r
            for r in self.services.entry.history(*self.key)
            if r.transition is Transition.FIRST_ENTRY
        ]
        return bool(firsts) and (firsts[-1].entry_by or firsts[-1].actor) == me

    def _why_not_shown(self) -> str:
        assert self.info is not None
        state = self.info.state
        t = self.lang.t
        if state is State.FIRST_ENTRY and self._mine_first:
            return t("ui.page.second_by_other")
        if state is State.ENTRIES_DIFFER:
            return t("ui.page.awaiting_supervisor")
        if self.caps.observe:
            return t("ui.page.not_accepted_yet")
        if state is State.ANNULLED:
            return state_text(self.lang, State.ANNULLED)
        return t("ui.page.nothing_to_do")

    def _show_none(self) -> None:
        self.mode = Mode.NONE
        self.stack.setCurrentWidget(self.placeholder)
        self.placeholder.setText(self.lang.t("ui.page.choose"))
        self.header.setText("")
        self.state_label.setText("")
        self._update_actions()

    def _update_header(self) -> None:
        info = self.info
        if info is None:
            return
        precinct = self.election.area(info.precinct)
        contest = self.election.contest(info.contest)
        path = " › ".join(
            a.names.get(self.lang.code) or a.name
            for a in reversed(self.election.ancestors(precinct.code))
        )
        name = precinct.names.get(self.lang.code) or precinct.name
        ballot = self.lang.t(f"ui.ballot.{self.ballot_of[contest.id].value}")
        if contest.number is not None:
            ballot += f" {contest.number}"
        self.header.setText(
            f"<span style='font-size:13pt'><b>{html.escape(self.lang.t('ui.page.precinct'))} "
            f"№ {html.escape(precinct.number or precinct.code)}</b> — {html.escape(name)}</span>"
            f"<br/><b>{html.escape(ballot)}</b> · {html.escape(path)}"
        )
        state = info.state
        bg, fg = STATE_COLOURS[state]
        text = state_text(self.lang, state)
        if state is State.ACCEPTED and info.breach:
            text = self.lang.t("ui.state.breach")
        round_text = self.lang.t("ui.page.round", round=info.round)
        mode_text = self.lang.t(f"ui.page.mode.{self.mode}") if self.mode != Mode.NONE else ""
        self.state_label.setText(
            f"<span style='background:{bg};color:{fg};padding:2px'>&nbsp;{html.escape(text)}"
            f"&nbsp;</span> &nbsp;{html.escape(round_text)}"
            + (f" &nbsp;·&nbsp; <b>{html.escape(mode_text)}</b>" if mode_text else "")
        )

    def _update_actions(self) -> None:
        info = self.info
        pending = info is not None and info.state is State.PENDING
        decide = self.caps.decide
        self.accept_button.setVisible(decide and pending)
        self.correct_button.setVisible(decide and pending)
        self.send_back_button.setVisible(decide and pending)
        self.history_button.setVisible(info is not None)
        if pending and info is not None:
            errors = [f for f in info.findings if f.severity is Severity.ERROR]
            bad = sorted({f.code for f in errors} - self.election.rules.breach_acceptable)
            self.accept_button.setEnabled(not bad)
            self.accept_button.setToolTip(
                self.lang.t("ui.page.cannot_accept", codes=", ".join(bad)) if bad else ""
            )
            self.accept_button.setText(
                self.lang.t("ui.page.accept_breach" if errors else "ui.page.accept_warnings")
            )

    # -- actions -----------------------------------------------------------------------
    def _version(self) -> int:
        assert self.info is not None
        return self.info.version

    def save(self) -> None:
        if self.key is None or self.mode not in (Mode.ENTER, Mode.CORRECT, Mode.OBSERVE):
            return
        key = self.key
        figures = self.form.figures()
        acts = self.form.acts()
        contest = self.election.contest(key[1])
        if not figures.is_complete(contest):
            self.form.show_empty_fields()
            if not confirm(
                self.lang, self, "ui.page.empty_title", self.lang.t("ui.page.empty_question")
            ):
                self.form.focus_first()
                return
        if self.mode == Mode.OBSERVE:
            self._save_copy()
            return
        version = self._version()
        if self.mode == Mode.CORRECT:
            dialog = ReasonDialog(self.lang, "ui.page.correct_title", parent=self)
            if dialog.exec() != ReasonDialog.DialogCode.Accepted:
                return
            self._run(
                lambda: self.services.entry.resolve(
                    *key,
                    EntryKind.CORRECTION,
                    figures,
                    acts=acts,
                    reason=dialog.reason(),
                    expected_version=version,
                )
            )
            return
        self._run(lambda: self.services.entry.enter(*key, figures, acts, expected_version=version))

    def _run(self, action: Callable[[], ProtocolView]) -> None:
        try:
            info = action()
        except REFUSED as exc:
            QMessageBox.warning(self, self.lang.t("ui.page.refused"), self._refusal(exc))
            if exc.code in ("concurrent_change", "state"):
                self.reload()
            return
        previous = self.mode
        self.info = info
        self._after(info, previous)

    def _refusal(self, exc: ServiceError | TransitionError) -> str:
        key = f"ui.error.{exc.code}"
        text = self.lang.t(key)
        return str(exc) if text == key else f"{text}\n\n{exc}"

    def _after(self, info: ProtocolView, previous: str) -> None:
        state = info.state
        self.message.emit(self.lang.t(f"ui.page.after.{state.value}"))
        self.saved.emit(info.precinct, info.contest, state.value)
        if previous == Mode.ENTER and not (state is State.PENDING and self.caps.decide):
            self.next_requested.emit()
            return
        self._present()
        if state is State.PENDING and self.caps.decide and previous == Mode.ENTER:
            self.accept_pending()

    def accept_pending(self) -> None:
        info, key = self.info, self.key
        if info is None or key is None or info.state is not State.PENDING:
            return
        if not self.caps.decide:
            return
        errors = [f for f in info.findings if f.severity is Severity.ERROR]
        dialog = ReasonDialog(
            self.lang,
            "ui.page.accept_breach" if errors else "ui.page.accept_warnings",
            info.findings,
            reference_key="ui.dialog.act_reference" if errors else None,
            parent=self,
        )
        if dialog.exec() != ReasonDialog.DialogCode.Accepted:
            return
        version = info.version
        self._run(
            lambda: self.services.entry.accept(
                *key,
                reason=dialog.reason(),
                act_reference=dialog.reference(),
                expected_version=version,
            )
        )

    def _resolve(self, keep: EntryKind) -> None:
        key = self.key
        if key is None:
            return
        title = "ui.compare.keep_first" if keep is EntryKind.FIRST else "ui.compare.keep_second"
        dialog = ReasonDialog(self.lang, title, parent=self)
        if dialog.exec() != ReasonDialog.DialogCode.Accepted:
            return
        version = self._version()
        self._run(
            lambda: self.services.entry.resolve(
                *key,
                keep,
                None,
                acts=frozenset(),
                reason=dialog.reason(),
                expected_version=version,
            )
        )

    def start_correction(self) -> None:
        info = self.info
        if info is None or not self.caps.decide or self.key is None:
            return
        base = info.figures if info.figures is not None else None
        acts = info.acts
        if base is None and info.first is not None:
            base, acts = info.first.figures, info.first.acts
        if base is None:
            return
        precinct = self.election.area(info.precinct)
        self.mode = Mode.CORRECT
        self.form.set_protocol(
            self.election.contest(info.contest),
            self.election.rules,
            base,
            election=self.election,
            electorate=precinct.electorate,
            acts=acts,
        )
        self.form.mark_differences(info.differing)
        self.stack.setCurrentWidget(self.form)
        self._update_header()
        self.form.focus_first()

    def send_back(self) -> None:
        key = self.key
        if key is None:
            return
        dialog = ReasonDialog(self.lang, "ui.page.send_back_title", parent=self)
        if dialog.exec() == ReasonDialog.DialogCode.Accepted:
            version = self._version()
            self._run(
                lambda: self.services.entry.send_back(
                    *key, reason=dialog.reason(), expected_version=version
                )
            )

    def _decision(
        self, title: str, act: Callable[[ProtocolKey, str, str, int], ProtocolView]
    ) -> None:
        key = self.key
        if key is None or self.info is None:
            return
        dialog = ReasonDialog(
            self.lang, title, reference_key="ui.dialog.decision_reference", parent=self
        )
        if dialog.exec() == ReasonDialog.DialogCode.Accepted:
            version = self._version()
            self._run(lambda: act(key, dialog.reason(), dialog.reference(), version))

    def recount(self) -> None:
        self._decision(
            "ui.page.recount_title",
            lambda key, reason, ref, v: self.services.entry.recount(
                *key, reason=reason, reference=ref, expected_version=v
            ),
        )

    def annul(self) -> None:
        self._decision(
            "ui.page.annul_title",
            lambda key, reason, ref, v: self.services.entry.annul(
                *key, reason=reason, reference=ref, expected_version=v
            ),
        )

    def show_history(self) -> None:
        if self.key is None:
            return
        precinct = self.election.area(self.key[0])
        title = f"№ {precinct.number or precinct.code} · {self.key[1]}"
        HistoryDialog(self.lang, title, self.services.entry.history(*self.key), self).exec()

    def retranslate(self, *_: object) -> None:
        t = self.lang.t
        self.correct_button.setText(t("ui.compare.correct"))
        self.send_back_button.setText(t("ui.compare.send_back"))
        self.history_button.setText(t("ui.page.history"))
        if self.info is not None:
            self._update_header()
            self._update_actions()
            if self.mode == Mode.NONE:
                self.placeholder.setText(self._why_not_shown())
        else:
            self.placeholder.setText(t("ui.page.choose"))
