"""One protocol on screen: the form (entering, correcting or reading), the comparison of two
entries for the supervisor, the decisions, and the scans beside it. An observer types
their own copy in the same form and then sees it beside the official figures. The clerk
who made a first entry sees it again, under a banner, to correct it before the second
entry (everyone else who enters gets the blind form)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
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
from kztally.domain.entry import (
    Actor,
    Case,
    Entry,
    EntryKind,
    State,
    Transition,
    TransitionError,
    allowed,
)
from kztally.domain.ids import AreaCode, ContestId, ProtocolKey
from kztally.domain.protocol import Act, Figures, Severity
from kztally.services.context import Services
from kztally.services.entry import ProtocolView
from kztally.services.errors import REFUSED, ServiceError
from kztally.services.observers import Comparison
from kztally.storage.database import display_url
from kztally.ui import errors
from kztally.ui.attachments import AttachmentsPane
from kztally.ui.capabilities import Capabilities
from kztally.ui.compare import CompareView
from kztally.ui.copy_certification import CertificationDialog
from kztally.ui.dialogs import ReasonDialog, confirm
from kztally.ui.drafts import DELAY_MS, Draft, DraftStore
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
    REVISE = "revise"
    """The clerk who made the first entry corrects it (before the second entry)."""


EDITING = (Mode.ENTER, Mode.CORRECT, Mode.OBSERVE, Mode.REVISE)
"""The modes in which the form takes figures (and keeps a draft of them)."""


class ProtocolPage(QWidget):
    """Emits `saved(precinct, contest, state)` after every action that changed the protocol;
    `next_requested` asks the window for the next protocol to enter."""

    saved = Signal(str, str, str)
    next_requested = Signal()
    message = Signal(str)
    actions_changed = Signal()
    """The protocol shown or its state changed: what may be done with it now too."""

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
        self._first_just_saved = False
        """The clerk's first entry was just saved with nothing next: it is not put back in
        an editable form by itself; opening the protocol again offers its correction."""
        self.drafts = DraftStore(display_url(services.db.url), services.actor.user)
        self._baseline: tuple[Figures, frozenset[Act]] | None = None
        """The figures the form was opened with: typed changes are measured from them."""
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DELAY_MS)
        self._draft_timer.timeout.connect(self.write_draft)
        self._draft_failed = False

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
        self.notice = QLabel(self)
        self.notice.setObjectName("save-notice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.hide()
        outer.addWidget(self.notice)
        self.revise_banner = QLabel(self)
        self.revise_banner.setObjectName("revise-banner")
        self.revise_banner.setWordWrap(True)
        self.revise_banner.setStyleSheet(
            "QLabel#revise-banner { background: #dbe9fb; color: #0d47a1; "
            "border: 2px solid #0d47a1; padding: 6px; font-weight: bold; }"
        )
        self.revise_banner.hide()
        outer.addWidget(self.revise_banner)

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
        self.formal_button = QPushButton(self)
        self.formal_button.setObjectName("formal-button")
        for b in (
            self.accept_button,
            self.correct_button,
            self.send_back_button,
            self.history_button,
            self.formal_button,
        ):
            actions.addWidget(b)
        actions.addStretch(1)
        outer.addLayout(actions)

        self.form.save_requested.connect(self.save)
        self.form.changed.connect(self._typed)
        self.compare.keep_first.connect(lambda: self._resolve(EntryKind.FIRST))
        self.compare.keep_second.connect(lambda: self._resolve(EntryKind.SECOND))
        self.compare.correct.connect(self.start_correction)
        self.compare.send_back.connect(self.send_back)
        self.accept_button.clicked.connect(self.accept_pending)
        self.correct_button.clicked.connect(self.start_correction)
        self.send_back_button.clicked.connect(self.send_back)
        self.history_button.clicked.connect(self.show_history)
        self.formal_button.clicked.connect(self.show_formal)
        self.observer_view.edit_copy.connect(self.start_copy)
        self.observer_view.certify_copy.connect(self.certify_copy)
        self.retranslate()
        lang.changed.connect(self.retranslate)
        self._show_none()

    # -- opening -----------------------------------------------------------------------
    def open(self, precinct: AreaCode, contest: ContestId) -> None:
        """Show a protocol and offer back a draft of it left unsaved (a crash, a lock)."""
        self._first_just_saved = False
        self._load((precinct, contest))
        self._offer_draft()

    def _load(self, key: ProtocolKey) -> None:
        self._draft_timer.stop()
        info = self.services.entry.view(*key)  # first: a failure leaves the page as it was
        self.key, self.info = key, info
        self.attachments.set_protocol(self.store, self.key)
        self._present()

    def reload(self) -> None:
        if self.key is not None:
            self._load(self.key)

    def _present(self) -> None:
        info = self.info
        assert info is not None and self.key is not None
        precinct = self.election.area(info.precinct)
        contest = self.election.contest(info.contest)
        state = info.state
        self._mine_first = state is State.FIRST_ENTRY and self._entered_first_by_me()
        may_enter = self.caps.enter and state in (State.NOT_ENTERED, State.FIRST_ENTRY)
        self._baseline = None
        if self.observers is not None:
            self._present_copy()
        elif (
            may_enter and self._mine_first and info.first is not None and not self._first_just_saved
        ):
            # The first entry's own clerk: their figures, to check against the paper.
            self.mode = Mode.REVISE
            self.form.set_protocol(
                contest,
                self.election.rules,
                info.first.figures,
                election=self.election,
                electorate=precinct.electorate,
                acts=info.first.acts,
            )
            self._editing()
            self.stack.setCurrentWidget(self.form)
            self.form.focus_first()
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
            self._editing()
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
        self.revise_banner.setVisible(self.mode == Mode.REVISE)
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
        self._baseline = None
        self.form.set_protocol(
            self.election.contest(self.key[1]),
            self.election.rules,
            figures,
            election=self.election,
            electorate=self.election.area(self.key[0]).electorate,
            acts=acts,
        )
        self._editing()
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

    def certify_copy(self, dialog: CertificationDialog | None = None) -> bool:
        """The copy's certification and scan, recorded with a newer copy of the same
        figures (`dialog` given: already filled, for tests)."""
        if self.observers is None or self.key is None or self.comparison is None:
            return False
        copy = self.comparison.copy
        if copy is None:
            return False
        if dialog is None:
            dialog = CertificationDialog(self.lang, copy.certification, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        try:
            self.observers.enter_copy(
                *self.key,
                copy.figures,
                copy.acts,
                certification=dialog.certification(),
                scan=dialog.scan(),
            )
            comparison = self.observers.compare(*self.key)
        except REFUSED as exc:
            QMessageBox.warning(self, self.lang.t("ui.page.refused"), self._refusal(exc))
            return False
        self.message.emit(self.lang.t("ui.certify.saved"))
        self._show_comparison(comparison)
        return True

    def _save_copy(self) -> bool:
        assert self.observers is not None and self.key is not None
        key, figures, acts = self.key, self.form.figures(), self.form.acts()
        try:
            self.observers.enter_copy(*key, figures, acts)
            comparison = self.observers.compare(*key)
        except REFUSED as exc:
            QMessageBox.warning(self, self.lang.t("ui.page.refused"), self._refusal(exc))
            return False
        self._draft_timer.stop()
        self.drafts.delete(*key)
        self._baseline = None
        self.message.emit(self.lang.t("ui.observer.saved"))
        self._show_comparison(comparison)
        self._update_header()
        return True

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
            return t("ui.page.second_by_other") + " " + t("ui.page.revise.hint")
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
        self.revise_banner.hide()
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
        ballot = self.ballot_name(contest.id)
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

    def ballot_name(self, contest_id: ContestId) -> str:
        """The ballot in words ("Regional maslikhat, district 5"), never its id."""
        contest = self.election.contest(contest_id)
        ballot = self.lang.t(f"ui.ballot.{self.ballot_of[contest.id].value}")
        return ballot + (f" {contest.number}" if contest.number is not None else "")

    def allowed_now(self) -> frozenset[Transition]:
        """What the state machine lets the signed-in person do with this protocol now
        (`kztally.domain.entry.allowed`): the only actions the screen offers."""
        info = self.info
        if info is None:
            return frozenset()
        first: Entry | None = None
        if info.first is not None:
            first = Entry(info.first.figures, info.first.by, info.first.at)
        elif self._mine_first:
            contest = self.election.contest(info.contest)
            first = Entry(Figures.empty(contest), self.services.actor.user, dt.datetime.min)
        case = Case(info.state, info.round, first=first, breach=info.breach)
        actor = Actor(self.services.actor.user, self.services.actor.role)
        return allowed(case, actor, self.election.rules, info.findings)

    def _offered(self, *transitions: Transition) -> bool:
        """Whether one of `transitions` is allowed now; if not, say so (in the status bar)
        instead of asking for a reason that would be refused."""
        if self.info is not None and set(transitions) & self.allowed_now():
            return True
        if self.info is not None:
            state = self.lang.t(f"state.{self.info.state.value}")
            self.message.emit(self.lang.t("ui.page.not_allowed", state=state))
        return False

    def _update_actions(self) -> None:
        info = self.info
        pending = info is not None and info.state is State.PENDING
        may = self.allowed_now()
        accepts = {Transition.ACCEPT_WARNINGS, Transition.ACCEPT_BREACH}
        self.accept_button.setVisible(self.caps.decide and pending)
        self.correct_button.setVisible(pending and Transition.CORRECT in may)
        self.send_back_button.setVisible(pending and Transition.SEND_BACK in may)
        self.history_button.setVisible(info is not None)
        self.formal_button.setVisible(info is not None)
        if pending and info is not None:
            errors = [f for f in info.findings if f.severity is Severity.ERROR]
            bad = sorted({f.code for f in errors} - self.election.rules.breach_acceptable)
            self.accept_button.setEnabled(bool(may & accepts))
            self.accept_button.setToolTip(
                self.lang.t("ui.page.cannot_accept", codes=", ".join(bad)) if bad else ""
            )
            self.accept_button.setText(
                self.lang.t("ui.page.accept_breach" if errors else "ui.page.accept_warnings")
            )
        self.actions_changed.emit()

    # -- drafts ------------------------------------------------------------------------
    def _editing(self) -> None:
        """The form was just filled for typing: changes are measured from here."""
        self._baseline = (self.form.figures(), self.form.acts())

    def is_dirty(self) -> bool:
        """Figures typed into the form and not saved."""
        if self.mode not in EDITING or self._baseline is None or self.form.contest is None:
            return False
        return (self.form.figures(), self.form.acts()) != self._baseline

    def _typed(self) -> None:
        if self.is_dirty():
            self._draft_timer.start()
        elif self._baseline is not None and self.key is not None and self.mode in EDITING:
            self._draft_timer.stop()
            self.drafts.delete(*self.key)  # typed back to what it was: nothing to keep

    def write_draft(self) -> None:
        """Write the form's figures to this protocol's draft now (when they changed)."""
        self._draft_timer.stop()
        if self.key is None or not self.is_dirty():
            return
        draft = Draft(
            database=self.drafts.database,
            account=self.drafts.account,
            precinct=self.key[0],
            contest=self.key[1],
            mode=self.mode,
            figures=self.form.figures(),
            acts=self.form.acts(),
            saved_at=dt.datetime.now().astimezone(),
        )
        try:
            self.drafts.write(draft)
        except OSError as exc:
            if not self._draft_failed:  # once: the form itself still holds the figures
                self._draft_failed = True
                self.message.emit(self.lang.t("ui.draft.not_kept", why=exc.strerror or exc))
        else:
            self._draft_failed = False

    def discard_draft(self) -> None:
        self._draft_timer.stop()
        if self.key is not None:
            self.drafts.delete(*self.key)
        self._editing()

    def park(self) -> None:
        """Keep the typed figures as a draft without asking (the idle lock's sign-out: the
        person at the screen may not be the one who typed them); they are offered back
        when that person opens the protocol again."""
        self.write_draft()
        self._baseline = None

    def _offer_draft(self) -> None:
        """A draft of the protocol just opened: restore it into the form, or discard it."""
        if self.key is None:
            return
        draft = self.drafts.read(*self.key)
        if draft is None:
            return
        contest = self.election.contest(self.key[1])
        if len(draft.figures.votes) != len(contest.choices):
            self.drafts.delete(*self.key)  # another election's protocol: not this one
            return
        usable = self._reopen_for(draft.mode)
        when = draft.saved_at.astimezone().strftime("%d.%m %H:%M")
        if not usable:
            state = self.lang.t(f"state.{self.info.state.value}") if self.info else ""
            message = self.lang.t(
                "ui.draft.stale", when=when, state=state, figures=self._draft_figures(draft)
            )
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Information)
            box.setWindowTitle(self.lang.t("ui.draft.title"))
            box.setText(message)
            box.setObjectName("draft-stale")
            box.addButton(self.lang.t("ui.dialog.close"), QMessageBox.ButtonRole.AcceptRole)
            box.exec()
            self.drafts.delete(*self.key)
            return
        box = QMessageBox(self)
        box.setObjectName("draft-offer")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.lang.t("ui.draft.title"))
        box.setText(self.lang.t("ui.draft.offer", when=when))
        restore = box.addButton(self.lang.t("ui.draft.restore"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(
            self.lang.t("ui.draft.discard"), QMessageBox.ButtonRole.DestructiveRole
        )
        later = box.addButton(self.lang.t("ui.draft.later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)
        box.setEscapeButton(later)
        box.exec()
        clicked = box.clickedButton()
        if clicked is restore:
            if self.mode != draft.mode:
                if draft.mode == Mode.CORRECT:
                    self.start_correction()
                else:
                    self.start_copy()
            self.form.set_figures(draft.figures, draft.acts)
            self.form.focus_first()
            self.message.emit(self.lang.t("ui.draft.restored"))
        elif clicked is discard:
            self.discard_draft()

    def _reopen_for(self, mode: str) -> bool:
        """Whether a draft typed in `mode` can go back into this protocol's form now."""
        info = self.info
        if info is None:
            return False
        if mode == self.mode:
            return mode in EDITING
        if mode == Mode.CORRECT:
            return self.caps.decide and info.state in (State.PENDING, State.ENTRIES_DIFFER)
        return mode == Mode.OBSERVE and self.observers is not None and self.mode == Mode.OBSERVED

    def _draft_figures(self, draft: Draft) -> str:
        assert self.key is not None
        contest = self.election.contest(self.key[1])
        from kztally.ui.protocol_form import field_labels

        labels = field_labels(contest)
        return ", ".join(
            f"{labels[name]}: {'—' if value is None else value}"
            for name, value in draft.figures.fields(contest)
        )

    def may_leave(self) -> bool:
        """Before another protocol, a sign-out or closing: typed figures that are not saved
        are saved, discarded or kept on screen, as the person chooses."""
        if not self.is_dirty() or self.key is None:
            return True
        self.write_draft()  # whatever comes next, they are on the disk
        precinct = self.election.area(self.key[0])
        box = QMessageBox(self)
        box.setObjectName("leave-protocol")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.lang.t("ui.leave.title"))
        box.setText(self.lang.t("ui.leave.question", number=precinct.number or precinct.code))
        save = box.addButton(self.lang.t("ui.leave.save"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(
            self.lang.t("ui.leave.discard"), QMessageBox.ButtonRole.DestructiveRole
        )
        stay = box.addButton(self.lang.t("ui.leave.stay"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(stay)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return self.save(advance=False)
        if clicked is discard:
            self.discard_draft()
            return True
        self.form.focus_first()
        return False

    # -- actions -----------------------------------------------------------------------
    def _version(self) -> int:
        assert self.info is not None
        return self.info.version

    def save(self, *, advance: bool = True) -> bool:
        """Save the form's figures; True when they were stored. `advance`: open the next
        protocol to enter afterwards (not when the person is leaving anyway)."""
        if self.key is None or self.mode not in EDITING:
            self.message.emit(self.lang.t("ui.page.nothing_to_save"))
            return False
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
                return False
        if self.mode == Mode.OBSERVE:
            return self._save_copy()
        version = self._version()
        if self.mode == Mode.REVISE:
            if (figures, acts) == self._baseline:
                self.message.emit(self.lang.t("ui.page.revise.unchanged"))
                return False
            return self._run(
                lambda: self.services.entry.revise_first(
                    *key, figures, acts, expected_version=version
                ),
                advance=advance,
            )
        if self.mode == Mode.CORRECT:
            dialog = ReasonDialog(self.lang, "ui.page.correct_title", parent=self)
            if dialog.exec() != ReasonDialog.DialogCode.Accepted:
                return False
            return self._run(
                lambda: self.services.entry.resolve(
                    *key,
                    EntryKind.CORRECTION,
                    figures,
                    acts=acts,
                    reason=dialog.reason(),
                    expected_version=version,
                ),
                advance=advance,
            )
        return self._run(
            lambda: self.services.entry.enter(*key, figures, acts, expected_version=version),
            advance=advance,
        )

    def _run(self, action: Callable[[], ProtocolView], *, advance: bool = True) -> bool:
        key = self.key
        try:
            info = action()
        except REFUSED as exc:
            QMessageBox.warning(self, self.lang.t("ui.page.refused"), self._refusal(exc))
            if exc.code in ("concurrent_change", "state") and key is not None:
                self.write_draft()  # the figures typed stay offered: the draft is kept
                self.open(*key)
            return False
        if key is not None:
            self._draft_timer.stop()
            self.drafts.delete(*key)
        previous = self.mode
        self.info = info
        self._baseline = None
        self._after(info, previous, advance=advance)
        return True

    def _refusal(self, exc: ServiceError | TransitionError) -> str:
        """The refusal in the user's language only (the services' own sentence is
        English: it goes to the error log when no text says it)."""
        return errors.describe(exc, self.lang, "protocol")

    def _after(self, info: ProtocolView, previous: str, *, advance: bool = True) -> None:
        state = info.state
        self._tell_saved(info, previous)
        self.saved.emit(info.precinct, info.contest, state.value)
        if previous == Mode.ENTER and not (state is State.PENDING and self.caps.decide):
            key = self.key
            if advance:
                self.next_requested.emit()
            if self.key == key:  # nothing next: the saved protocol as it stands now
                self._first_just_saved = True
                self._present()
            return
        self._present()
        if state is State.PENDING and self.caps.decide and previous == Mode.ENTER:
            self.accept_pending()

    def _tell_saved(self, info: ProtocolView, previous: str) -> None:
        """What the save did, where it stays visible: a clean save in green; figures that
        break a control ratio (or raise a warning) in the rule's colour, with the rules'
        messages, so that the two never look alike."""
        state = info.state
        said = self.lang.t(
            "ui.page.after.revised" if previous == Mode.REVISE else f"ui.page.after.{state.value}"
        )
        findings = self.form.findings() if previous in EDITING else info.findings
        findings = tuple(f for f in findings if f.code != "K6") or findings
        precinct = self.election.area(info.precinct)
        contest = self.election.contest(info.contest)
        ballot = self.lang.t(f"ui.ballot.{self.ballot_of[contest.id].value}")
        if contest.number is not None:
            ballot += f" {contest.number}"
        where = f"№ {precinct.number or precinct.code} · {ballot}"
        bad = [f for f in findings if f.severity is Severity.ERROR]
        if findings and state is not State.ACCEPTED:
            colour = "#c62828" if bad else "#b85c00"
            head = self.lang.tn(
                "ui.page.saved_with_errors" if bad else "ui.page.saved_with_warnings",
                len(bad) if bad else len(findings),
                where=where,
            )
            rows = "".join(f"<br/>{html.escape(f.text())}" for f in findings)
            self.notice.setText(
                f"<span style='color:{colour}'><b>⚠ {html.escape(head)}</b>{rows}</span>"
                f"<br/>{html.escape(said)}"
            )
            self.notice.setProperty("findings", "error" if bad else "warning")
            self.message.emit(f"⚠ {head} — {said}")
        else:
            self.notice.setText(
                f"<span style='color:#2e7d32'><b>✓ {html.escape(where)}</b>: "
                f"{html.escape(said)}</span>"
            )
            self.notice.setProperty("findings", "")
            self.message.emit(said)
        self.notice.show()

    def accept_pending(self) -> None:
        info, key = self.info, self.key
        if info is None or key is None:
            return
        if not self._offered(Transition.ACCEPT_WARNINGS, Transition.ACCEPT_BREACH):
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
        if not self._offered(
            Transition.KEEP_FIRST if keep is EntryKind.FIRST else Transition.KEEP_SECOND
        ):
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
        if info is None or self.key is None or not self._offered(Transition.CORRECT):
            return
        base = info.figures if info.figures is not None else None
        acts = info.acts
        if base is None and info.first is not None:
            base, acts = info.first.figures, info.first.acts
        if base is None:
            return
        precinct = self.election.area(info.precinct)
        self.mode = Mode.CORRECT
        self._baseline = None
        self.form.set_protocol(
            self.election.contest(info.contest),
            self.election.rules,
            base,
            election=self.election,
            electorate=precinct.electorate,
            acts=acts,
        )
        self.form.mark_differences(info.differing)
        self._editing()
        self.stack.setCurrentWidget(self.form)
        self._update_header()
        self.form.focus_first()

    def send_back(self) -> None:
        key = self.key
        if key is None or not self._offered(Transition.SEND_BACK):
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
        self,
        title: str,
        transition: Transition,
        act: Callable[[ProtocolKey, str, str, int], ProtocolView],
    ) -> None:
        key = self.key
        if key is None or self.info is None or not self._offered(transition):
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
            Transition.RECOUNT,
            lambda key, reason, ref, v: self.services.entry.recount(
                *key, reason=reason, reference=ref, expected_version=v
            ),
        )

    def annul(self) -> None:
        self._decision(
            "ui.page.annul_title",
            Transition.ANNUL,
            lambda key, reason, ref, v: self.services.entry.annul(
                *key, reason=reason, reference=ref, expected_version=v
            ),
        )

    def show_history(self) -> None:
        if self.key is None:
            return
        precinct = self.election.area(self.key[0])
        title = f"№ {precinct.number or precinct.code} · {self.ballot_name(self.key[1])}"
        HistoryDialog(self.lang, title, self.services.entry.history(*self.key), self).exec()

    def show_formal(self) -> None:
        """The protocol's formal parts: a form for those who enter, to read for others."""
        if self.key is None:
            return
        from kztally.ui.formal_form import FormalDialog

        precinct = self.election.area(self.key[0])
        title = f"№ {precinct.number or precinct.code} · {self.ballot_name(self.key[1])}"
        may = self.caps.enter or self.caps.administer or self.caps.train
        FormalDialog(
            self.lang, self.services, self.key[0], self.key[1], title, may_record=may, parent=self
        ).exec()

    def retranslate(self, *_: object) -> None:
        t = self.lang.t
        self.correct_button.setText(t("ui.compare.correct"))
        self.send_back_button.setText(t("ui.compare.send_back"))
        self.history_button.setText(t("ui.page.history"))
        self.revise_banner.setText("✎ " + t("ui.page.revise.banner"))
        self.formal_button.setText(t("ui.page.formal"))
        for button, tip in (
            (self.accept_button, "ui.tip.accept"),
            (self.correct_button, "ui.tip.correct"),
            (self.send_back_button, "ui.tip.send_back"),
            (self.history_button, "ui.tip.history"),
            (self.formal_button, "ui.tip.formal"),
        ):
            button.setToolTip(t(tip))
            button.setAccessibleDescription(t(tip))
        if self.info is not None:
            self._update_header()
            self._update_actions()
            if self.mode == Mode.NONE:
                self.placeholder.setText(self._why_not_shown())
        else:
            self.placeholder.setText(t("ui.page.choose"))
