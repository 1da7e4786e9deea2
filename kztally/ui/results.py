"""The results view: counting progress, list shares against the threshold, seats, district
winners, the chamber as a hemicycle, and a drill-down by area; for the Mazhilis and for
every maslikhat. It refreshes itself when the data version changes (any workstation)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from PySide6.QtCore import (
    QModelIndex,
    QRect,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kztally import domain_texts
from kztally.domain.election import Choice, Contest, Election, Nominator
from kztally.domain.ids import AreaCode, BodyId, ChoiceId
from kztally.domain.results import Constituency, DistrictResult, ListResult, Progress
from kztally.domain.seats import Notice
from kztally.services.context import Services
from kztally.services.documents import party_colour
from kztally.services.results import AreaPart
from kztally.ui.hemicycle import Hemicycle, SeatGroup
from kztally.ui.jobs import Job
from kztally.ui.language import Language
from kztally.ui.lots import tie_summary
from kztally.ui.results_data import ResultsCalculator, Snapshot
from kztally.ui.tables import Index, TextTable, fit_columns
from kztally.ui.widgets import OfficialLabel


def pct(f: Fraction) -> str:
    return f"{float(f) * 100:.2f}%"


def choice_name(election: Election, choice: Choice, lang: Language) -> str:
    if choice.party and choice.nominator is not Nominator.SELF:
        try:
            party = election.party(choice.party)
        except KeyError:
            return choice.name
        if choice.id.endswith(party.id) or choice.name == party.name:
            return party.names.get(lang.code) or choice.name
    return choice.name


def party_label(election: Election, party_id: str | None, lang: Language, n: int = 1) -> str:
    """The party's name in the user's language; without a party, self-nominated in the
    number `n` of persons (Russian: самовыдвиженец, самовыдвиженцы)."""
    if party_id is None:
        return lang.tn("ui.results.self_nominated", n)
    try:
        party = election.party(party_id)
    except KeyError:
        return party_id
    return party.names.get(lang.code) or party.name


@dataclass(frozen=True, slots=True)
class ListRow:
    """One list as shown: `qualified` and `seats` only over the whole constituency."""

    id: str
    votes: int
    share: Fraction
    qualified: bool | None = None
    seats: int | None = None


class ListModel(TextTable):
    """Lists in ballot order: votes, share (drawn against the threshold), seats. Over a part
    of the constituency: votes and shares only (no threshold, no seats)."""

    COLUMNS = ("list", "votes", "share", "seats")
    HEADER = "ui.results.col."

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(lang, parent)
        self.election: Election | None = None
        self.contest: Contest | None = None
        self.rows: list[ListRow] = []
        self.whole = True
        """The area shown holds the whole constituency: the threshold and seats apply."""
        self.threshold = Fraction(5, 100)
        self.against_all = 0
        self.valid_total = 0

    def set_result(self, election: Election, lists: ListResult | None) -> None:
        self.beginResetModel()
        self.election = election
        self.threshold = election.rules.threshold
        self.contest, self.rows, self.whole = None, [], True
        if lists is not None:
            self.contest = lists.contest
            self.against_all = lists.against_all
            self.valid_total = lists.valid_total
            a = lists.allocation
            self.whole = a is not None
            if a is not None:
                self.rows = [ListRow(r.id, r.votes, r.share, r.qualified, r.seats) for r in a.lists]
            else:
                self.rows = [ListRow(r.id, r.votes, r.share) for r in lists.shares]
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        r = self.rows[index.row()]
        col = self.COLUMNS[index.column()]
        assert self.contest is not None and self.election is not None
        choice = self.contest.choice(ChoiceId(r.id))
        if role == Qt.ItemDataRole.DisplayRole:
            match col:
                case "list":
                    return f"{choice.ballot_order}. {choice_name(self.election, choice, self.lang)}"
                case "votes":
                    return f"{r.votes:,}".replace(",", " ")
                case "share":
                    return pct(r.share)
                case "seats":
                    return "" if r.seats is None else str(r.seats)
        if role == Qt.ItemDataRole.UserRole and col == "share":
            return r.share
        if role == Qt.ItemDataRole.DecorationRole and col == "list":
            return QColor(party_colour(self.election, choice.party))
        if role == Qt.ItemDataRole.ForegroundRole and r.qualified is False and col != "list":
            return QBrush(QColor("#777777"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col != "list":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if r.qualified is None:
                return self.lang.t("ui.results.part_share")
            key = "ui.results.qualified" if r.qualified else "ui.results.below_threshold"
            return self.lang.t(key, threshold=pct(self.threshold))
        return None


class ShareDelegate(QStyledItemDelegate):
    """A bar of the share with the threshold drawn as a red line."""

    def __init__(self, model: ListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        share = index.data(Qt.ItemDataRole.UserRole)
        if not isinstance(share, Fraction):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect.adjusted(3, 3, -3, -3)
        scale = max([Fraction(1, 10)] + [r.share for r in self.model.rows]) * Fraction(11, 10)
        painter.save()
        width = int(rect.width() * float(share / scale))
        whole = self.model.whole
        colour = (
            QColor("#7fb3e6") if not whole or share >= self.model.threshold else QColor("#d0d0d0")
        )
        painter.fillRect(rect.x(), rect.y(), width, rect.height(), colour)
        if whole:  # the threshold applies over the whole constituency only
            x = rect.x() + int(rect.width() * float(self.model.threshold / scale))
            painter.setPen(QPen(QColor("#c62828"), 2))
            painter.drawLine(x, rect.y() - 2, x, rect.bottom() + 2)
        painter.setPen(QColor("#101010"))
        painter.drawText(
            rect.adjusted(0, 0, -2, 0),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            pct(share),
        )
        painter.restore()


class DistrictModel(TextTable):
    COLUMNS = ("district", "winner", "nominated", "votes", "share", "notices")
    HEADER = "ui.results.col."

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(lang, parent)
        self.election: Election | None = None
        self.rows: list[DistrictResult] = []

    def set_rows(self, election: Election, rows: Sequence[DistrictResult]) -> None:
        self.beginResetModel()
        self.election = election
        self.rows = list(rows)
        self.endResetModel()

    def winner(self, d: DistrictResult) -> Choice | None:
        if d.result is None or d.result.winner is None:
            return None
        return d.contest.choice(ChoiceId(d.result.winner))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        d = self.rows[index.row()]
        col = self.COLUMNS[index.column()]
        assert self.election is not None
        if d.result is None:
            return self._partial(d, col, role)
        result = d.result
        winner = self.winner(d)
        if role == Qt.ItemDataRole.DisplayRole:
            match col:
                case "district":
                    return district_label(d)
                case "winner":
                    if d.totals.protocols == 0:
                        return self.lang.t("ui.results.no_protocols")
                    return winner.name if winner else self.lang.t("ui.results.no_winner")
                case "nominated":
                    return (
                        party_label(self.election, winner.party, self.lang)
                        if winner is not None
                        else ""
                    )
                case "votes":
                    return f"{result.votes:,}".replace(",", " ")
                case "share":
                    return pct(Fraction(result.votes, d.totals.valid_ballots or 1))
                case "notices":
                    return " ".join(n.code for n in result.notices)
        if role == Qt.ItemDataRole.DecorationRole and col == "winner" and winner is not None:
            return QColor(party_colour(self.election, winner.party))
        if role == Qt.ItemDataRole.ToolTipRole and col == "notices" and result.notices:
            return "\n".join(notice_text(n, self.lang) for n in result.notices)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in ("votes", "share"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _partial(self, d: DistrictResult, col: str, role: int) -> object:
        """A district of which the area holds only some precincts: its partial sums, and
        no winner (decided over the whole district)."""
        c = d.constituency
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "district":
                return district_label(d)
            if col == "winner":
                return self.lang.t("ui.results.partial", here=c.precincts_here, all=c.precincts)
            return ""
        if role == Qt.ItemDataRole.ForegroundRole and col != "district":
            return QBrush(QColor("#555555"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(
                f"{choice.name}: {votes:,}".replace(",", " ")
                for choice, votes in zip(d.contest.choices, d.totals.votes, strict=True)
            )
        return None


def district_label(d: DistrictResult) -> str:
    return f"№ {d.contest.number}" if d.contest.number else d.contest.name


def notice_text(notice: Notice, lang: Language) -> str:
    return f"{notice.code}: {domain_texts.notice_text(notice, lang.code)}"


class ChildrenModel(TextTable):
    """The areas under the one shown: progress, turnout, the leading list. Double-click
    drills down."""

    COLUMNS = ("area", "protocols", "turnout", "leader")
    HEADER = "ui.results.col."

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(lang, parent)
        self.election: Election | None = None
        self.rows: list[AreaPart] = []

    def set_rows(self, election: Election, rows: Sequence[AreaPart]) -> None:
        self.beginResetModel()
        self.election, self.rows = election, list(rows)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        assert self.election is not None
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return row.area.code
        if role == Qt.ItemDataRole.TextAlignmentRole and col in ("protocols", "turnout"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == "area":
            return row.area.names.get(self.lang.code) or row.area.name
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        p, t = row.progress, row.totals
        match col:
            case "area":
                area = row.area
                name = area.names.get(self.lang.code) or area.name
                return (
                    f"№ {area.number} — {name}" if area.number and area.number not in name else name
                )
            case "protocols":
                return f"{p.accepted + p.annulled} / {p.expected}"
            case "turnout":
                if t is None or t.protocols == 0 or t.line(1) == 0:
                    return "—"
                return pct(Fraction(t.issued, t.line(1)))
            case "leader":
                if t is None or t.protocols == 0 or row.contest is None or not t.votes:
                    return "—"
                best = max(range(len(t.votes)), key=lambda i: t.votes[i])
                if t.votes[best] == 0:
                    return "—"
                choice = self.election.contest(row.contest).choices[best]
                valid = t.valid_ballots or 1
                return (
                    f"{choice_name(self.election, choice, self.lang)} "
                    f"({pct(Fraction(t.votes[best], valid))})"
                )
        return None


def _table(parent: QWidget, name: str) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    return table


class ResultsView(QWidget):
    """Polls the data version and recomputes what it shows when it changed."""

    area_changed = Signal(str)
    computed = Signal()
    lots_requested = Signal()
    designations_requested = Signal()
    print_requested = Signal()

    POLL_MS = 2000

    def __init__(self, lang: Language, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.services = services
        self.calc = ResultsCalculator(services)
        self.election = self.calc.election
        self.area: AreaCode = self.election.root.code
        self.body_id: BodyId = self._default_body()
        self.snapshot: Snapshot | None = None
        self._shown_version: int | None = None
        self._job: Job | None = None
        self._again = False

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.up_button = QPushButton(self)
        self.up_button.setObjectName("results-up")
        self.up_button.clicked.connect(self.go_up)
        self.where = QLabel(self)
        self.where.setObjectName("results-where")
        self.where.setTextFormat(Qt.TextFormat.RichText)
        self.body_combo = QComboBox(self)
        self.body_combo.setObjectName("results-body")
        self.body_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.body_combo.currentIndexChanged.connect(self._body_chosen)
        top.addWidget(self.up_button)
        top.addWidget(self.where, 1)
        top.addWidget(self.body_combo)
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("results-print")
        self.print_button.clicked.connect(self.print_requested.emit)
        top.addWidget(self.print_button)
        layout.addLayout(top)
        self.official = OfficialLabel(lang, self, head=True)
        self.official.setObjectName("official-label")
        layout.addWidget(self.official)

        self.busy = QLabel(self)
        self.busy.setObjectName("results-busy")
        self.busy.setVisible(False)
        top.addWidget(self.busy)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("results-progress")
        self.progress.setTextVisible(True)
        layout.addWidget(self.progress)
        self.progress_text = QLabel(self)
        self.progress_text.setObjectName("results-progress-text")
        self.progress_text.setWordWrap(True)
        layout.addWidget(self.progress_text)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(split)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.lists_title = QLabel(left)
        self.lists_title.setObjectName("results-lists-title")
        self.lists_title.setWordWrap(True)
        left_layout.addWidget(self.lists_title)
        self.list_model = ListModel(lang, self)
        self.list_table = _table(left, "results-lists")
        self.list_table.setModel(self.list_model)
        self.list_table.setItemDelegateForColumn(2, ShareDelegate(self.list_model, self))
        # The list's name takes the room left and wraps, so that votes, share and seats
        # stay in sight in a narrow window (a long name grows its row, never hides a seat).
        fit_columns(self.list_table, stretch=0)
        lists_header = self.list_table.horizontalHeader()
        lists_header.setMinimumSectionSize(70)
        lists_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        lists_header.resizeSection(2, 120)
        self.list_table.setWordWrap(True)
        self.list_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        left_layout.addWidget(self.list_table, 3)
        self.notices = QLabel(left)
        self.notices.setObjectName("results-notices")
        self.notices.setWordWrap(True)
        left_layout.addWidget(self.notices)
        ties_row = QHBoxLayout()
        self.ties_label = QLabel(left)
        self.ties_label.setObjectName("results-ties")
        self.ties_label.setWordWrap(True)
        self.lots_button = QPushButton(left)
        self.lots_button.setObjectName("results-lots")
        self.lots_button.clicked.connect(self.lots_requested.emit)
        ties_row.addWidget(self.ties_label, 1)
        ties_row.addWidget(self.lots_button, 0, Qt.AlignmentFlag.AlignTop)
        self.designations_button = QPushButton(left)
        self.designations_button.setObjectName("results-designations")
        self.designations_button.clicked.connect(self.designations_requested.emit)
        ties_row.addWidget(self.designations_button, 0, Qt.AlignmentFlag.AlignTop)
        left_layout.addLayout(ties_row)
        from kztally.ui.margins_panel import MarginsPanel

        self.margins = MarginsPanel(lang, services, left)
        left_layout.addWidget(self.margins)
        self.districts_title = QLabel(left)
        left_layout.addWidget(self.districts_title)
        self.district_model = DistrictModel(lang, self)
        self.district_table = _table(left, "results-districts")
        self.district_table.setModel(self.district_model)
        fit_columns(self.district_table)
        left_layout.addWidget(self.district_table, 4)

        right = QWidget(split)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.chamber_title = QLabel(right)
        self.chamber_title.setObjectName("results-chamber-title")
        self.chamber_title.setWordWrap(True)
        right_layout.addWidget(self.chamber_title)
        self.hemicycle = Hemicycle(right)
        right_layout.addWidget(self.hemicycle, 3)
        self.legend = QLabel(right)
        self.legend.setObjectName("results-legend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        right_layout.addWidget(self.legend)
        self.children_title = QLabel(right)
        right_layout.addWidget(self.children_title)
        self.children_model = ChildrenModel(lang, self)
        self.children_table = _table(right, "results-children")
        self.children_table.setModel(self.children_model)
        # The area's name and the leader share the room left and wrap: protocols and
        # turnout always fit beside them (the name in full in its tooltip).
        fit_columns(self.children_table, stretch=0)
        children_header = self.children_table.horizontalHeader()
        children_header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the leader
        children_header.setMinimumSectionSize(60)
        self.children_table.setWordWrap(True)
        self.children_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.children_table.doubleClicked.connect(self._drill)
        self.children_table.activated.connect(self._drill)
        right_layout.addWidget(self.children_table, 3)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([620, 380])
        layout.addWidget(split, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(self.POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.retranslate()
        lang.changed.connect(self.retranslate)

    def _default_body(self) -> BodyId:
        for b in self.election.bodies:
            if b.area == self.election.root.code:
                return b.id
        return self.election.bodies[0].id

    # -- navigation --------------------------------------------------------------------
    def show_area(self, area: AreaCode | str) -> None:
        self.area = AreaCode(area)
        bodies = [b.id for b in self.calc.bodies_for(self.area)]
        if self.body_id not in bodies:
            self.body_id = bodies[0]
        self._fill_bodies()
        self.refresh(force=True)
        self.area_changed.emit(self.area)

    def up_target(self) -> AreaCode | None:
        """Where Up leads: the parent of the area shown, when this body's results there
        differ from those shown (a regional maslikhat is shown over its region at most)."""
        shown = self.snapshot.area if self.snapshot is not None else self.area
        parent = self.election.area(shown).parent
        if parent is None:
            return None
        bodies = [b.id for b in self.calc.bodies_for(parent)]
        body = self.body_id if self.body_id in bodies else bodies[0]
        if body == self.body_id and self.calc.shown_area(body, parent) == shown:
            return None
        return parent

    def go_up(self) -> None:
        parent = self.up_target()
        if parent is not None:
            self.show_area(parent)

    def _drill(self, index: QModelIndex) -> None:
        area = self.children_model.data(index, Qt.ItemDataRole.UserRole)
        if isinstance(area, str):
            self.show_area(area)

    def _body_chosen(self, _i: int) -> None:
        data = self.body_combo.currentData()
        if data and data != self.body_id:
            self.body_id = BodyId(data)
            self.refresh(force=True)

    def _fill_bodies(self) -> None:
        self.body_combo.blockSignals(True)
        self.body_combo.clear()
        for b in self.calc.bodies_for(self.area):
            self.body_combo.addItem(b.names.get(self.lang.code) or b.name, b.id)
        self.body_combo.setCurrentIndex(max(0, self.body_combo.findData(self.body_id)))
        self.body_combo.blockSignals(False)

    # -- refreshing --------------------------------------------------------------------
    def start(self) -> None:
        """Poll while shown; the first figures are computed when the view is first shown."""
        self.timer.start()

    def poll(self) -> None:
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh()

    def refresh(self, *, force: bool = False) -> None:
        """Recompute in the background when the data version moved (or when forced);
        `computed` is emitted once the new figures are on screen."""
        version = self.services.data_version()
        if not force and version == self._shown_version:
            return
        if self._job is not None:
            self._again = True
            return
        body, area = self.body_id, self.area
        job = Job(lambda _report: self.calc.compute(body, area))
        job.signals.finished.connect(self._computed)
        job.signals.failed.connect(self._failed)
        self._job = job
        self._shown_version = version
        self.busy.setVisible(True)
        QThreadPool.globalInstance().start(job)

    def _computed(self, snapshot: object) -> None:
        self._job = None
        self.busy.setVisible(False)
        if isinstance(snapshot, Snapshot):
            self.snapshot = snapshot
            self._render()
        if self._again or (
            isinstance(snapshot, Snapshot)
            and (snapshot.body.id != self.body_id or snapshot.area != self._wanted_area())
        ):
            self._again = False
            self.refresh(force=True)
            return
        self.computed.emit()

    def _failed(self, message: str) -> None:
        self._job = None
        self.busy.setVisible(False)
        self._shown_version = None
        self.progress_text.setText(message.splitlines()[0] if message else "")

    def _wanted_area(self) -> AreaCode:
        return self.calc.shown_area(self.body_id, self.area)

    def _render(self) -> None:
        snap = self.snapshot
        if snap is None:
            return
        e, t = self.election, self.lang.t
        area = e.area(snap.area)
        names = [a.names.get(self.lang.code) or a.name for a in reversed(e.ancestors(area.code))]
        names.append(area.names.get(self.lang.code) or area.name)
        self.where.setText(
            " › ".join(html.escape(n) for n in names[:-1])
            + (" › " if len(names) > 1 else "")
            + f"<b>{html.escape(names[-1])}</b>"
        )
        self.up_button.setEnabled(self.up_target() is not None)
        self.official.set_status(snap.status)
        p = snap.here.progress
        self._render_progress(p)
        lists_here = snap.here.lists
        self.list_model.set_result(e, lists_here)
        # Over a part of the constituency there are no seats to show: the column goes.
        self.list_table.setColumnHidden(3, not self.list_model.whole)
        body_name = snap.body.names.get(self.lang.code) or snap.body.name
        if lists_here is None:
            self.lists_title.setText(t("ui.results.no_lists"))
        else:
            self.lists_title.setText(
                t(
                    "ui.results.lists_title" if lists_here.whole else "ui.results.lists_title_part",
                    threshold=pct(e.rules.threshold),
                    valid=f"{lists_here.valid_total:,}".replace(",", " "),
                    against=f"{lists_here.against_all:,}".replace(",", " "),
                )
            )
        notes: list[str] = []
        if lists_here is not None and lists_here.allocation is not None:
            notes = [notice_text(n, self.lang) for n in lists_here.allocation.notices]
        elif lists_here is not None:
            notes = [self._elsewhere(lists_here.constituency)]
        self.notices.setText("\n".join(notes))
        self.notices.setVisible(bool(notes))
        ties = [
            t(
                "ui.results.tie_open" if tie.open else "ui.results.tie",
                tie=tie_summary(self.lang, tie),
            )
            for tie in snap.ties
        ]
        self.ties_label.setText("\n".join(ties))
        self.ties_label.setStyleSheet(
            "color: #b00020;" if any(tie.open for tie in snap.ties) else ""
        )
        self.ties_label.setVisible(bool(ties))
        self.lots_button.setVisible(bool(ties))
        # who takes the seats, once the list's seats are allocated here
        self.designations_button.setVisible(
            lists_here is not None
            and lists_here.allocation is not None
            and any(ls.seats for ls in lists_here.allocation.lists)
        )
        self.margins.show_for(snap.body.id, snap.area)
        districts = snap.here.districts
        self.district_model.set_rows(e, districts)
        self.districts_title.setText(t("ui.results.districts_title", count=len(districts)))
        if snap.area == snap.body.area:
            self.chamber_title.setText(t("ui.results.chamber_title", body=body_name))
        else:
            where = e.area(snap.body.area)
            self.chamber_title.setText(
                t(
                    "ui.results.chamber_title_whole",
                    body=body_name,
                    where=where.names.get(self.lang.code) or where.name,
                )
            )
        groups, total = self._chamber(snap)
        self.hemicycle.set_groups(groups, total, t("ui.results.undecided"))
        self.legend.setText(
            "  ".join(
                # a party's name never splits across lines ("Ак жол"): only between parties
                f"<span style='color:{g.colour}'>●</span>&nbsp;"
                f"{html.escape(g.label).replace(' ', '&nbsp;').replace('-', '&#8209;')}"
                f"&nbsp;<b>{g.seats}</b>"
                for g in self.hemicycle.groups
            )
        )
        self.children_model.set_rows(e, snap.children)
        self.children_title.setText(t("ui.results.children_title"))

    def _elsewhere(self, c: Constituency) -> str:
        """Where a part's seats are allocated."""
        where = self.election.area(c.area)
        return self.lang.t(
            "ui.results.seats_elsewhere",
            where=where.names.get(self.lang.code) or where.name,
            here=c.precincts_here,
            all=c.precincts,
        )

    def _render_progress(self, p: Progress) -> None:
        t = self.lang.t
        done = p.accepted + p.annulled
        self.progress.setRange(0, max(p.expected, 1))
        self.progress.setValue(done)
        share = Fraction(done, p.expected) if p.expected else Fraction(0)
        self.progress.setFormat(t("ui.results.progress_bar", share=pct(share)))
        self.progress_text.setText(
            t(
                "ui.results.progress",
                done=done,
                expected=p.expected,
                pending=p.pending,
                missing=p.missing,
                breach=p.breach,
                annulled=p.annulled,
                covered=pct(p.share_covered),
            )
        )

    def _chamber(self, snap: Snapshot) -> tuple[list[SeatGroup], int]:
        """Seats by party: list seats and district winners together, biggest first."""
        e = self.election
        seats: dict[str | None, int] = {}
        total = 0
        lists = snap.chamber.lists
        if lists is not None and lists.allocation is not None:
            total += lists.contest.seats
            for r in lists.allocation.lists:
                party = lists.contest.choice(ChoiceId(r.id)).party
                if r.seats:
                    seats[party] = seats.get(party, 0) + r.seats
        for d in snap.chamber.districts:
            total += d.contest.seats
            if d.totals.protocols and d.result is not None and d.result.winner is not None:
                w = d.contest.choice(ChoiceId(d.result.winner))
                party = w.party if w.nominator is not Nominator.SELF else None
                seats[party] = seats.get(party, 0) + 1
        order: list[str | None] = [p.id for p in e.parties]
        ranked = sorted(
            seats.items(),
            key=lambda kv: (kv[0] is None, -kv[1], order.index(kv[0]) if kv[0] in order else 99),
        )
        groups = [
            SeatGroup(party_label(e, party, self.lang, n), party_colour(e, party), n)
            for party, n in ranked
        ]
        return groups, total

    def retranslate(self, *_: object) -> None:
        t = self.lang.t
        self.up_button.setText(t("ui.results.up"))
        self.up_button.setToolTip(t("ui.tip.up"))
        self.busy.setText(t("ui.results.computing"))
        self.lots_button.setText(t("ui.results.lots_button"))
        self.print_button.setText(t("ui.action.print_results"))
        self.print_button.setToolTip(t("ui.tip.print_results"))
        self.designations_button.setText(t("ui.results.designations_button"))
        self._fill_bodies()
        if self.snapshot is not None:
            self._render()
