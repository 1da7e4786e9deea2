"""The navigator: region → district → precinct → its protocols, with states and counts.

The model is built once from the election (plain node arrays, no Qt objects per node) and
fed a dict of protocol states; counts per node are recomputed in one pass when the states
change. Filtering by a precinct's number or name uses a precomputed index and rebuilds the
visible children lists directly, which keeps it well under 50 ms for 10,223 precincts
(a recursive QSortFilterProxyModel over ~57,000 rows is far slower).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from enum import StrEnum

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.election import AreaKind, Body, BodyKind, Contest, ContestKind, Election
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ContestId, ProtocolKey
from kztally.ui.language import Language

Index = QModelIndex | QPersistentModelIndex


class BallotType(StrEnum):
    """The ballot types a voter gets, as a clerk names them."""

    ALL = "all"
    MZ_LIST = "mz_list"
    MZ_SMD = "mz_smd"
    ML_REGION_LIST = "ml_region_list"
    ML_REGION_SMD = "ml_region_smd"
    ML_DISTRICT_SMD = "ml_district_smd"


def ballot_types(election: Election) -> dict[ContestId, BallotType]:
    """Every contest's ballot type (one pass: `Election.body` looks bodies up one by one)."""
    bodies = {b.id: b for b in election.bodies}
    return {c.id: _ballot_type(election, bodies[c.body], c) for c in election.contests}


def _ballot_type(election: Election, body: Body, contest: Contest) -> BallotType:
    if body.kind is BodyKind.MAZHILIS:
        return BallotType.MZ_LIST if contest.kind is ContestKind.LIST else BallotType.MZ_SMD
    regional = election.area(body.area).kind in (AreaKind.REGION, AreaKind.COUNTRY)
    if contest.kind is ContestKind.LIST:
        return BallotType.ML_REGION_LIST
    return BallotType.ML_REGION_SMD if regional else BallotType.ML_DISTRICT_SMD


# State colours: background tint and text colour, readable on screen and in grey print.
STATE_COLOURS: dict[State, tuple[str, str]] = {
    State.NOT_ENTERED: ("#eeeeee", "#555555"),
    State.FIRST_ENTRY: ("#dbe9fb", "#0d47a1"),
    State.ENTRIES_DIFFER: ("#fbd5d5", "#b71c1c"),
    State.PENDING: ("#ffe6bf", "#8a4b00"),
    State.ACCEPTED: ("#d6f0d8", "#1b5e20"),
    State.ANNULLED: ("#e0e0e0", "#424242"),
}
STATE_MARKS = {State.ENTRIES_DIFFER: "≠", State.PENDING: "⚠"}
"""Marks in an area's count for protocols that need a supervisor (spelt out in its tooltip)."""
STATE_ORDER = (
    State.ENTRIES_DIFFER,
    State.PENDING,
    State.FIRST_ENTRY,
    State.NOT_ENTERED,
    State.ACCEPTED,
    State.ANNULLED,
)
"""The order in which a node's summary names states: what needs a person first."""


def state_text(lang: Language, state: State) -> str:
    """The domain's word for a state, capitalised for a column or a badge."""
    text = lang.t(f"state.{state.value}")
    return text[:1].upper() + text[1:]


FIRST_BROKEN_COLOURS = ("#dbe9fb", "#b71c1c")
"""A first entry that breaks a control ratio: the first entry's tint, the breach's red."""
FIRST_BROKEN_MARK = "⚠"
_BRUSHES = {
    c: QBrush(QColor(c)) for pair in (*STATE_COLOURS.values(), FIRST_BROKEN_COLOURS) for c in pair
}
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.UserRole + 1,
        Qt.ItemDataRole.UserRole + 2,
    }
)


class _Node:
    """One row of the tree. Protocol rows share empty child lists: ~50,000 of them are built
    at start, so they stay as small as a Python object can be."""

    __slots__ = ("area", "children", "contest", "parent", "precinct", "visible")

    def __init__(self, parent: int, area: AreaCode, contest: ContestId | None = None) -> None:
        self.parent = parent
        self.area = area
        self.contest = contest
        self.precinct = False
        self.children: list[int] | tuple[int, ...] = ()
        self.visible: list[int] | tuple[int, ...] = ()


class AreaTreeModel(QAbstractItemModel):
    """Columns: the area or ballot, and its state (a protocol) or counts (an area)."""

    COLUMNS = 2
    KeyRole = Qt.ItemDataRole.UserRole + 1
    StateRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, election: Election, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.election = election
        self.lang = lang
        self.ballot = BallotType.ALL
        self.ballot_of = ballot_types(election)
        self._states: Mapping[ProtocolKey, State] = {}
        self._first_broken: Mapping[ProtocolKey, tuple[str, ...]] = {}
        """Protocols whose first entry breaks a control ratio (their K codes)."""
        self._nodes: list[_Node] = []
        self._node_of_area: dict[AreaCode, int] = {}
        self._build()
        self._precinct_nodes = [i for i, n in enumerate(self._nodes) if n.precinct]
        self._upper_nodes = [
            i for i, n in enumerate(self._nodes) if n.contest is None and not n.precinct
        ]
        self._counts: list[dict[State, int]] = []
        self.search = SearchIndex(election)
        self._matches: frozenset[AreaCode] | None = None
        self._base: dict[int, list[int]] = {}
        self._choose_protocols()
        self._recount()
        self._apply_visibility()
        lang.changed.connect(self._language_changed)

    # -- building ----------------------------------------------------------------------
    def _build(self) -> None:
        root = self.election.root
        self._nodes.append(_Node(-1, root.code))
        self._node_of_area[root.code] = 0
        stack = [0]
        while stack:
            i = stack.pop()
            node = self._nodes[i]
            area = self.election.area(node.area)
            kids: list[int] = []
            node.children = kids
            if area.kind is AreaKind.PRECINCT:
                node.precinct = True
                for contest in area.contests:
                    kids.append(len(self._nodes))
                    self._nodes.append(_Node(i, area.code, contest))
                continue
            for child in self.election.children(area.code):
                j = len(self._nodes)
                self._nodes.append(_Node(i, child.code))
                self._node_of_area[child.code] = j
                kids.append(j)
                stack.append(j)

    def _recount(self) -> None:
        """Counts per area node of the protocols of the chosen ballot type, by state: each
        precinct counts its protocols, then every upper node sums its children (children
        always come after their parent in the node list)."""
        nodes, states = self._nodes, self._states
        empty: dict[State, int] = {}
        counts: list[dict[State, int]] = [empty] * len(nodes)
        not_entered = State.NOT_ENTERED
        for i in self._precinct_nodes:
            node = nodes[i]
            c: dict[State, int] = {}
            for j in node.visible:  # the protocols of the chosen ballot type
                state = states.get((node.area, nodes[j].contest), not_entered)  # type: ignore[arg-type]
                c[state] = c.get(state, 0) + 1
            counts[i] = c
        for i in reversed(self._upper_nodes):
            total: dict[State, int] = {}
            for j in nodes[i].children:
                for state, n in counts[j].items():
                    total[state] = total.get(state, 0) + n
            counts[i] = total
        self._counts = counts

    def _wanted(self, contest: ContestId | None) -> bool:
        if contest is None:
            return False
        return self.ballot is BallotType.ALL or self.ballot_of[contest] is self.ballot

    def _choose_protocols(self) -> None:
        """The protocol rows under each precinct: those of the chosen ballot type."""
        nodes = self._nodes
        for i in self._precinct_nodes:
            node = nodes[i]
            if self.ballot is BallotType.ALL:
                node.visible = node.children
            else:
                node.visible = [j for j in node.children if self._wanted(nodes[j].contest)]

    def _apply_visibility(self, *, precincts: bool = True) -> None:
        """Recompute which children show. What the ballot type allows is kept per node
        (`_base`); a filter change then only narrows the ~250 upper nodes' lists."""
        nodes, counts = self._nodes, self._counts
        if precincts:
            self._base = {i: [j for j in nodes[i].children if counts[j]] for i in self._upper_nodes}
        matches = self._matches
        for i in self._upper_nodes:
            base = self._base[i]
            if matches is None:
                nodes[i].visible = base
            else:
                nodes[i].visible = [j for j in base if nodes[j].area in matches]

    # -- feeding -----------------------------------------------------------------------
    def set_states(
        self,
        states: Mapping[ProtocolKey, State],
        first_broken: Mapping[ProtocolKey, tuple[str, ...]] | None = None,
    ) -> None:
        """New states keep the tree's shape: only the texts and colours change.
        `first_broken`: the protocols whose first entry breaks a control ratio, with
        their codes (None keeps those given before)."""
        self._states = states
        if first_broken is not None:
            self._first_broken = first_broken
        self.layoutAboutToBeChanged.emit()
        self._recount()
        self.layoutChanged.emit()

    def set_ballot_type(self, ballot: BallotType) -> None:
        self.beginResetModel()
        self.ballot = ballot
        self._choose_protocols()
        self._recount()
        self._apply_visibility()
        self.endResetModel()

    def set_filter(self, text: str) -> int:
        """Show only the precincts whose number or name holds the text (and their areas);
        returns how many precincts match."""
        found = self.search.find(text)
        self.beginResetModel()
        if found is None:
            self._matches = None
            count = -1
        else:
            shown: set[AreaCode] = set()
            nodes, node_of = self._nodes, self._node_of_area
            for code in found:
                shown.add(code)
                i = nodes[node_of[code]].parent
                while i >= 0 and nodes[i].area not in shown:
                    shown.add(nodes[i].area)
                    i = nodes[i].parent
            self._matches = frozenset(shown)
            count = len(found)
        self._apply_visibility(precincts=False)
        self.endResetModel()
        return count

    # -- look-ups ----------------------------------------------------------------------
    def states(self) -> Mapping[ProtocolKey, State]:
        """The states the rows show now."""
        return self._states

    def state(self, key: ProtocolKey) -> State:
        return self._states.get(key, State.NOT_ENTERED)

    def counts(self, area: AreaCode) -> dict[State, int]:
        return dict(self._counts[self._node_of_area[area]])

    def index_of_area(self, area: AreaCode) -> QModelIndex:
        i = self._node_of_area.get(area)
        return QModelIndex() if i is None else self._index_of_node(i)

    def index_of_key(self, key: ProtocolKey) -> QModelIndex:
        i = self._node_of_area.get(key[0])
        if i is None:
            return QModelIndex()
        for j in self._nodes[i].children:
            if self._nodes[j].contest == key[1]:
                return self._index_of_node(j)
        return QModelIndex()

    def _index_of_node(self, i: int) -> QModelIndex:
        node = self._nodes[i]
        if node.parent < 0:
            return self.createIndex(0, 0, 0)
        siblings = self._nodes[node.parent].visible
        try:
            row = siblings.index(i)
        except ValueError:
            return QModelIndex()
        return self.createIndex(row, 0, i)

    def key(self, index: Index) -> ProtocolKey | None:
        if not index.isValid():
            return None
        node = self._nodes[int(index.internalId())]
        return None if node.contest is None else (node.area, node.contest)

    def area(self, index: Index) -> AreaCode | None:
        if not index.isValid():
            return None
        return self._nodes[int(index.internalId())].area

    def protocol_keys(self, under: AreaCode | None = None) -> list[ProtocolKey]:
        """The protocols of the chosen ballot type in navigator order."""
        return [
            (p.code, c)
            for p in self.election.precincts(under)
            for c in p.contests
            if self._wanted(c)
        ]

    # -- QAbstractItemModel ------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= self.COLUMNS or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row == 0 else QModelIndex()
        if parent.column() != 0:
            return QModelIndex()
        kids = self._nodes[int(parent.internalId())].visible
        if row >= len(kids):
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid():
            return QModelIndex()
        node = self._nodes[int(child.internalId())]
        if node.parent < 0:
            return QModelIndex()
        return self._index_of_node(node.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if not parent.isValid():
            return 1
        if parent.column() != 0:
            return 0
        return len(self._nodes[int(parent.internalId())].visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return self.COLUMNS

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return self.rowCount(parent) > 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return self.lang.t("ui.nav.column.area")
            if section == 1:
                return self.lang.t("ui.nav.column.state")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in _ROLES:
            return None
        i = int(index.internalId())
        node = self._nodes[i]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole and col == 0:
            return self._name(node)
        if role == Qt.ItemDataRole.ToolTipRole:
            if node.contest is not None:  # the whole name, however narrow the column
                contest = self.election.contest(node.contest)
                tip = f"{self._name(node)}\n{contest.name}"
                broken = self._broken_first(node)
                if broken:
                    codes = ", ".join(broken)
                    tip += "\n" + self.lang.t("ui.nav.first_broken.tip", codes=codes)
                return tip
            return f"{self._name(node)} ({node.area})\n{self._count_details(i)}"
        if role == self.KeyRole:
            return None if node.contest is None else f"{node.area}|{node.contest}"
        if node.contest is not None:
            state = self._states.get((node.area, node.contest), State.NOT_ENTERED)
        else:
            state = self._summary_state(i)
        if role == self.StateRole:
            return state.value
        if col != 1:
            return None
        broken = self._broken_first(node)
        if role == Qt.ItemDataRole.DisplayRole:
            if broken:
                return f"{FIRST_BROKEN_MARK} {self.lang.t('ui.nav.first_broken')}"
            if node.contest is not None:
                return state_text(self.lang, state)
            return self._count_text(i)
        colours = FIRST_BROKEN_COLOURS if broken else STATE_COLOURS[state]
        return _BRUSHES[colours[0 if role == Qt.ItemDataRole.BackgroundRole else 1]]

    def _broken_first(self, node: _Node) -> tuple[str, ...]:
        """The K codes a protocol row's first entry breaks (it waits for its second)."""
        if node.contest is None or not self._first_broken:
            return ()
        key = (node.area, node.contest)
        if self._states.get(key) is not State.FIRST_ENTRY:
            return ()
        return self._first_broken.get(key, ())

    def first_broken(self, key: ProtocolKey) -> tuple[str, ...]:
        """The K codes the protocol's first entry breaks, as the row shows them."""
        if self._states.get(key) is not State.FIRST_ENTRY:
            return ()
        return self._first_broken.get(key, ())

    # -- texts -------------------------------------------------------------------------
    def _name(self, node: _Node) -> str:
        if node.contest is not None:
            contest = self.election.contest(node.contest)
            return self.lang.t(f"ui.ballot.{self.ballot_of[contest.id].value}") + (
                f" {contest.number}" if contest.number is not None else ""
            )
        area = self.election.area(node.area)
        name = area.names.get(self.lang.code) or area.name
        if area.kind is AreaKind.PRECINCT and area.number and area.number not in name:
            return f"№ {area.number} — {name}"
        return name

    def _summary_state(self, i: int) -> State:
        counts = self._counts[i]
        for state in STATE_ORDER[:3]:
            if counts.get(state):
                return state
        total = sum(counts.values())
        if total and counts.get(State.ACCEPTED, 0) + counts.get(State.ANNULLED, 0) == total:
            return State.ACCEPTED
        if counts.get(State.ACCEPTED):
            return State.FIRST_ENTRY
        return State.NOT_ENTERED

    def _count_text(self, i: int) -> str:
        counts = self._counts[i]
        total = sum(counts.values())
        done = counts.get(State.ACCEPTED, 0) + counts.get(State.ANNULLED, 0)
        text = f"{done} / {total}"
        flags = [
            f"{STATE_MARKS[s]}{counts[s]}"
            for s in (State.ENTRIES_DIFFER, State.PENDING)
            if counts.get(s)
        ]
        return "  ".join([text, *flags])

    def _count_details(self, i: int) -> str:
        counts = self._counts[i]
        return "\n".join(
            f"{state_text(self.lang, s)}: {counts[s]}" for s in STATE_ORDER if counts.get(s)
        )

    def _language_changed(self, *_: object) -> None:
        self.layoutAboutToBeChanged.emit()
        self.layoutChanged.emit()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)


class SearchIndex:
    """Precincts by number and name, for typing into the navigator's filter."""

    def __init__(self, election: Election) -> None:
        precincts = election.precincts()
        self._codes: list[AreaCode] = [p.code for p in precincts]
        self._numbers: list[str] = [(p.number or "").casefold() for p in precincts]
        haystacks = []
        for p in precincts:
            names = {p.name, *p.names.values()}
            haystacks.append("\u0000".join(n.casefold() for n in (p.code, *sorted(names))))
        self._text: list[str] = haystacks
        above: dict[AreaCode, str] = {}
        self._above: list[str] = []
        for p in precincts:
            parent = p.parent
            if parent is None:
                self._above.append("")
                continue
            if parent not in above:
                parts: list[str] = []
                for a in (election.area(parent), *election.ancestors(parent)):
                    parts.extend(n.casefold() for n in {a.name, *a.names.values()})
                above[parent] = "\u0000".join(parts)
            self._above.append(above[parent])
        self._by_number: dict[str, list[int]] = {}
        for i, n in enumerate(self._numbers):
            self._by_number.setdefault(n, []).append(i)

    def find(self, query: str) -> list[AreaCode] | None:
        """Matching precincts in election order; None when the query is blank (show all).

        Each word of the query must match: a number the precinct's number (from its start),
        other words its code or a name of the precinct or of an area above it, so
        "Семей 421" finds precinct 421 of Semey."""
        words = [w.lstrip("№#") for w in query.casefold().replace(",", " ").split()]
        words = [w for w in words if w]
        if not words:
            return None
        numbers = [w for w in words if w.isdigit()]
        names = [w for w in words if not w.isdigit()]
        out = []
        for i, code in enumerate(self._codes):
            if any(not self._numbers[i].startswith(n) for n in numbers):
                continue
            if names:
                hay = self._text[i] + "\u0000" + self._above[i]
                if any(w not in hay for w in names):
                    continue
            out.append(code)
        return out


class Navigator(QWidget):
    """The filter line, the ballot type, and the tree."""

    protocol_activated = Signal(str, str)
    area_selected = Signal(str)

    def __init__(self, election: Election, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.election = election
        self.model = AreaTreeModel(election, lang, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.filter = QLineEdit(self)
        self.filter.setObjectName("navigator-filter")
        self.filter.setClearButtonEnabled(True)
        top.addWidget(self.filter, 1)
        layout.addLayout(top)
        self.ballot = QComboBox(self)
        self.ballot.setObjectName("ballot-type")
        layout.addWidget(self.ballot)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("filter-count")
        self._count = -1
        """Precincts the filter found (-1: no filter), said again in a new language."""
        layout.addWidget(self.count_label)
        self.tree = QTreeView(self)
        self.tree.setObjectName("navigator-tree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(14)
        # Two ballots of one body differ at their end ("…, list" / "…, district 5"): a
        # narrow column cuts their middle, and the tooltip gives the whole name.
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tree.setAlternatingRowColors(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # A fixed state column: sizing it to its contents would visit every expanded row.
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.tree.header().setStretchLastSection(False)
        layout.addWidget(self.tree, 1)
        self.tree.expand(self.model.index(0, 0))
        self.tree.activated.connect(self._activated)
        self.tree.installEventFilter(self)  # Enter opens the highlighted row
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(60)
        self._debounce.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(lambda _t: self._debounce.start())
        self.filter.returnPressed.connect(self._filter_enter)
        self.ballot.currentIndexChanged.connect(self._ballot_changed)
        sc = QShortcut(QKeySequence.StandardKey.Find, self.window() or self)
        sc.setContext(Qt.ShortcutContext.ApplicationShortcut)
        sc.activated.connect(self.focus_filter)
        self.retranslate()
        lang.changed.connect(self.retranslate)

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def apply_filter(self) -> None:
        self._debounce.stop()
        count = self.model.set_filter(self.filter.text())
        root = self.model.index(0, 0)
        self.tree.expand(root)
        if 0 <= count <= 60:
            # Down to the districts: the matching precincts show as rows of their own.
            self.tree.expandRecursively(root, 2)
        self._count = count
        self._show_count()

    def _show_count(self) -> None:
        count = self._count
        self.count_label.setText("" if count < 0 else self.lang.t("ui.nav.matches", count=count))

    def _filter_enter(self) -> None:
        """Enter in the filter: one precinct found opens its first protocol; several are
        left to choose from: the first is highlighted in the tree, which takes the focus
        (arrows move, Enter opens the highlighted row)."""
        self.apply_filter()
        found = self.model.search.find(self.filter.text())
        keys = self.visible_keys()
        if not keys:
            return
        precincts = {k[0] for k in keys}
        if found is not None and len(precincts) > 1:
            index = self.model.index_of_area(keys[0][0])
            if index.isValid():
                self.tree.setCurrentIndex(index)
                self.tree.scrollTo(index)
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.select_key(keys[0])
        self.protocol_activated.emit(*keys[0])

    def visible_keys(self) -> list[ProtocolKey]:
        found = self.model.search.find(self.filter.text())
        if found is None:
            return self.model.protocol_keys()
        wanted = self.model.protocol_keys()
        allowed = set(found)
        return [k for k in wanted if k[0] in allowed]

    def select_key(self, key: ProtocolKey) -> None:
        index = self.model.index_of_key(key)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def set_states(
        self,
        states: Mapping[ProtocolKey, State],
        first_broken: Mapping[ProtocolKey, tuple[str, ...]] | None = None,
    ) -> None:
        index = self.tree.currentIndex()
        current, area = self.model.key(index), self.model.area(index)
        expanded = self._expanded_areas()
        self.model.set_states(states, first_broken)
        self._restore(expanded, current)
        if current is None and area is not None:  # a highlighted area row stays highlighted
            again = self.model.index_of_area(area)
            if again.isValid():
                self.tree.setCurrentIndex(again)

    def set_first_broken(self, first_broken: Mapping[ProtocolKey, tuple[str, ...]]) -> None:
        """New marks of first entries that break a control ratio, the states kept."""
        self.set_states(self.model.states(), first_broken)

    def _expanded_areas(self) -> list[AreaCode]:
        out: list[AreaCode] = []
        stack = [self.model.index(0, 0)]
        while stack:
            idx = stack.pop()
            if self.tree.isExpanded(idx):
                area = self.model.area(idx)
                if area is not None:
                    out.append(area)
                for r in range(self.model.rowCount(idx)):
                    child = self.model.index(r, 0, idx)
                    if self.model.key(child) is None:
                        stack.append(child)
        return out

    def _restore(self, expanded: Iterable[AreaCode], current: ProtocolKey | None) -> None:
        for area in expanded:
            idx = self.model.index_of_area(area)
            if idx.isValid():
                self.tree.expand(idx)
        if current is not None:
            self.select_key(current)

    def _ballot_changed(self, _i: int) -> None:
        data = self.ballot.currentData()
        expanded = self._expanded_areas()
        self.model.set_ballot_type(BallotType(data) if data else BallotType.ALL)
        self._restore(expanded, None)

    def _activated(self, index: QModelIndex) -> None:
        key = self.model.key(index)
        if key is None:
            area = self.model.area(index)
            if area is not None and self.election.area(area).kind is AreaKind.PRECINCT:
                keys = [k for k in self.model.protocol_keys(area)]
                if keys:
                    self.protocol_activated.emit(*keys[0])
            return
        self.protocol_activated.emit(*key)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter or Return on the tree opens the highlighted row, as a double-click does
        (the tree's own Enter is not sure to reach `activated` on every platform)."""
        if (
            watched is self.tree
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            index = self.tree.currentIndex()
            if index.isValid():
                self._activated(index)
                return True
        return super().eventFilter(watched, event)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        area = self.model.area(current)
        if area is not None:
            self.area_selected.emit(area)

    def next_key(
        self,
        after: ProtocolKey | None,
        wanted: Sequence[State],
        skip: AbstractSet[ProtocolKey] = frozenset(),
    ) -> ProtocolKey | None:
        """The next protocol in navigator order (within the filter) in one of the states,
        wrapping around; `skip` leaves out e.g. those this clerk entered first."""
        keys = self.visible_keys()
        start = keys.index(after) + 1 if after in keys else 0
        for key in keys[start:] + keys[:start]:
            if key != after and key not in skip and self.model.state(key) in wanted:
                return key
        return None

    def _fit_state_column(self) -> None:
        """Wide enough for the longest state word and a national count in this language."""
        samples = [state_text(self.lang, s) for s in State]
        samples.append(
            f"49480 / 49480  {STATE_MARKS[State.ENTRIES_DIFFER]}9999  "
            f"{STATE_MARKS[State.PENDING]}9999"
        )
        metrics = self.tree.fontMetrics()
        width = max(metrics.horizontalAdvance(x) for x in samples) + 16
        self.tree.header().resizeSection(1, width)

    def retranslate(self, *_: object) -> None:
        self._fit_state_column()
        self._show_count()
        self.filter.setPlaceholderText(self.lang.t("ui.nav.filter"))
        self.filter.setToolTip(self.lang.t("ui.tip.filter"))
        self.filter.setAccessibleName(self.lang.t("ui.nav.filter"))
        self.ballot.setToolTip(self.lang.t("ui.tip.ballot"))
        self.ballot.setAccessibleName(self.lang.t("ui.tip.ballot"))
        self.tree.setToolTip(self.lang.t("ui.tip.tree"))
        self.tree.setAccessibleName(self.lang.t("ui.main.navigator"))
        current = self.ballot.currentData()
        self.ballot.blockSignals(True)
        self.ballot.clear()
        present = set(self.model.ballot_of.values())
        for b in BallotType:
            if b is BallotType.ALL or b in present:
                self.ballot.addItem(self.lang.t(f"ui.ballot.{b.value}"), b.value)
        i = self.ballot.findData(current) if current else 0
        self.ballot.setCurrentIndex(max(i, 0))
        self.ballot.blockSignals(False)
