"""Moving data: a database's election and protocols out to files, and files back in.

`export(DIR)` writes

- `DIR/election.json`: the election definition (`kztally.election`);
- `DIR/protocols/<precinct>_<contest>.json`: one record (`kztally.protocol`, kind
  `record`) per protocol that has any history: state, round, breach, both entries, the
  agreed figures, the decisions and every revision;
- `DIR/results/<contest>.csv`: every precinct of the contest with its state and, for
  accepted protocols, the agreed figures (UTF-8 with a byte order mark, so spreadsheet
  programs show Kazakh letters);
- `DIR/observers/<precinct>_<contest>_<n>.json`: observers' certified copies, single
  entries of kind `observer`, numbered per protocol in the order they were made (for
  administrators, supervisors and trainers; an import keeps them as the observer's).

Every file is written under a temporary name and renamed into place, so a reader never
sees half a file. One read transaction (a snapshot) covers the whole export. Anyone
signed in may export what they may read: administrators, supervisors and trainers every
protocol; clerks and observers only accepted ones (a clerk never sees a first entry
before making the second, and observers see official figures once they are accepted).

`import_paths(FILE|DIR...)` reads definitions and protocol files:

- a definition: loaded into an empty database; the stored one again: unchanged; another
  election: refused, and nothing else of the import is read;
- a record: joins a protocol that was never touched (not entered, round 1, no history)
  with all its entries and revisions as they are; its history must lead to its state, and
  its decisions must be those of its revisions (storage keeps decisions as revisions);
- a single entry (first, second, qr): entered through the double-entry state machine as
  a clerk's entry would be (`EntryService.record_many`, recorded as system "import"
  acting for the signed-in account); an observer's copy is kept as that observer's
  (`ObserverService.take_in`), beside the official entries and apart from them;
- identical content already stored is unchanged; a protocol that holds something else is
  a conflict: reported, and left as it is.

A file that cannot be read, or names an unknown precinct or contest, is an error naming
the file and the place; nothing of it is written. Records are written in transactions of
whole protocols (`batch_size` each), so an import stopped at any moment, even killed,
leaves every protocol either untouched or whole, and running it again completes it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _encode_text
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kztally.domain import entry as machine
from kztally.domain.election import Area, AreaKind, Contest, Election
from kztally.domain.entry import (
    Actor,
    Case,
    Entry,
    EntryKind,
    State,
    Transition,
    TransitionError,
)
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import (
    LINE_COUNT,
    Act,
    Figures,
    check_ballot_types,
    check_duplicate,
    check_protocol,
)
from kztally.domain.rules import Role
from kztally.formats import election_json, protocol_json
from kztally.formats.load import (
    FormatError,
    dumps,
    election_from_document,
    parse_json,
    protocol_from_document,
    read_text,
)
from kztally.formats.protocol_json import (
    Decision,
    ProtocolDataError,
    ProtocolFile,
    ProtocolRecord,
    Revision,
)
from kztally.services.elections import ElectionService
from kztally.services.entry import BulkItem, EntryService
from kztally.services.errors import (
    ConcurrentChange,
    ElectionMismatch,
    InvalidRequest,
    NoElection,
    ServiceError,
)
from kztally.services.observers import ObserverService
from kztally.services.users import Clock, SignedIn, require_role
from kztally.storage import observers as observer_store
from kztally.storage import protocols as protocol_store
from kztally.storage import transfer as store
from kztally.storage.database import Database, Session
from kztally.storage.errors import StaleWrite
from kztally.storage.protocols import COUNTED_STATES, figures_key

if TYPE_CHECKING:
    from kztally.services.context import Services

IMPORT_ROLES = frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR, Role.TRAINER})
EXPORT_ROLES = frozenset(Role)
FULL_EXPORT_ROLES = frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR, Role.TRAINER})
"""Who exports every protocol; the other roles export accepted ones."""
SYSTEM = "import"
"""The `system` of the revisions an import writes."""
DEFINITION_FILE = "election.json"
PROTOCOLS_DIR = "protocols"
RESULTS_DIR = "results"
OBSERVERS_DIR = "observers"
BATCH_SIZE = 500
"""Protocols per import transaction."""

Progress = Callable[[int, int], object]
"""progress(done, total): returning False stops after the current batch."""

DECISIONS = frozenset(
    {
        Transition.KEEP_FIRST,
        Transition.KEEP_SECOND,
        Transition.CORRECT,
        Transition.SEND_BACK,
        Transition.ACCEPT_WARNINGS,
        Transition.ACCEPT_BREACH,
        Transition.RECOUNT,
        Transition.ANNUL,
    }
)
"""Transitions that are a supervisor's or a commission's decision (the `decisions` of a
record): not the entries, and not the acceptance that follows clean figures at once."""

_SETTLING = frozenset(
    {
        Transition.SECOND_ENTRY,
        Transition.KEEP_FIRST,
        Transition.KEEP_SECOND,
        Transition.CORRECT,
        Transition.ACCEPT,
        Transition.ACCEPT_WARNINGS,
        Transition.ACCEPT_BREACH,
    }
)
"""Revisions whose findings are those of the figures they settle on."""


# -- reports ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """One file that did not go in: where in it (a line, a field's JSON path, '' for the
    whole file) and why."""

    path: str
    where: str
    message: str

    def __str__(self) -> str:
        if self.where:
            return f"{self.path}: {self.where}: {self.message}"
        return f"{self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did, file by file."""

    files: int
    """Files found."""
    imported: int
    unchanged: int
    conflicts: tuple[Problem, ...]
    """Files refused because the database holds something else (left as it is)."""
    errors: tuple[Problem, ...]
    """Files that cannot be read, or are not of this election."""
    skipped: int = 0
    """Files not read: the import was cancelled, or its definition refused."""
    cancelled: bool = False

    @property
    def status(self) -> int:
        """0: everything went in or was there already; 1: conflicts; 2: errors."""
        if self.errors:
            return 2
        return 1 if self.conflicts else 0

    def summary(self) -> str:
        """One line: '201 file(s): 200 imported, 1 unchanged, 0 conflict(s), 0 error(s)'."""
        line = (
            f"{self.files} file(s): {self.imported} imported, {self.unchanged} unchanged, "
            f"{len(self.conflicts)} conflict(s), {len(self.errors)} error(s)"
        )
        if self.skipped:
            line += f", {self.skipped} not read"
        return line + (" (cancelled)" if self.cancelled else "")


@dataclass(frozen=True, slots=True)
class ExportReport:
    directory: Path
    protocols: int
    """Protocol files written."""
    results: int
    """Result tables (CSV) written."""
    cancelled: bool = False
    withheld: int = 0
    """Protocols left out because the exporting person may not read them yet (clerks and
    observers export accepted protocols only)."""


@dataclass
class _Tally:
    files: int = 0
    imported: int = 0
    unchanged: int = 0
    conflicts: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    skipped: int = 0
    cancelled: bool = False

    @property
    def done(self) -> int:
        return self.imported + self.unchanged + len(self.conflicts) + len(self.errors)

    def report(self) -> ImportReport:
        return ImportReport(
            self.files,
            self.imported,
            self.unchanged,
            tuple(self.conflicts),
            tuple(self.errors),
            self.skipped,
            self.cancelled,
        )


# -- records as the format writes them -------------------------------------------------


def record_of(stored: store.StoredProtocol) -> ProtocolRecord:
    """A stored protocol as the protocol format holds it: revisions numbered from 1 in
    the order made; decisions are the revisions that are decisions."""
    revisions = tuple(
        Revision(
            number=i,
            transition=r.transition,
            by=r.actor,
            at=r.at,
            reason=r.reason,
            reference=r.reference,
            figures=r.figures,
            acts=r.acts,
        )
        for i, r in enumerate(stored.revisions, start=1)
    )
    return ProtocolRecord(
        stored.precinct,
        stored.contest,
        stored.case,
        _decisions(revisions),
        revisions,
    )


def _decisions(revisions: Iterable[Revision]) -> tuple[Decision, ...]:
    return tuple(
        Decision(r.transition, r.by, r.at, r.reason, r.reference)
        for r in revisions
        if r.transition in DECISIONS
    )


_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def _export_observer_copies(
    s: Session, election: Election, ref: protocol_json.ElectionRef, folder: Path
) -> set[str]:
    """Observers' copies as single-entry files of kind `observer`, numbered per protocol
    in the order they were made: `observers/<precinct>_<contest>_<n>.json`."""
    written: set[str] = set()
    numbers: dict[tuple[str, str], int] = {}
    for precinct, contest, copy in observer_store.every_copy(s):
        n = numbers[(precinct, contest)] = numbers.get((precinct, contest), 0) + 1
        entry = Entry(copy.figures, copy.observer, copy.at, copy.acts, EntryKind.OBSERVER)
        document = protocol_json.protocol_to_dict(
            protocol_json.entry_file(election, AreaCode(precinct), ContestId(contest), entry),
            election.contest(contest),
        )
        if not written:
            folder.mkdir(parents=True, exist_ok=True)
        name = protocol_file_name(precinct, contest)[: -len(".json")] + f"_{n}.json"
        _write_atomic(folder / name, document_text(document).encode("utf-8"))
        written.add(name)
    return written


def protocol_file_name(precinct: str, contest: str) -> str:
    """`<precinct>_<contest>.json`, with any character unsafe in a file name as '_'."""
    return f"{_SAFE.sub('_', precinct)}_{_SAFE.sub('_', contest)}.json"


def results_file_name(contest: str) -> str:
    return f"{_SAFE.sub('_', contest)}.csv"


# -- checking a record's history ---------------------------------------------------------


class _HistoryError(Exception):
    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


@dataclass(frozen=True, slots=True)
class _Step:
    revision: Revision
    round: int
    state: State
    """The protocol's state after the action the step belongs to."""
    role: Role
    entry: int | None
    """The entry the revision shows (an index into the walk's entries)."""
    agreed: int | None
    """The agreed entry after the step."""


@dataclass(frozen=True, slots=True)
class _Walked:
    """A record's history replayed: the entries to store, each revision's round, state
    and entry, and where the protocol ends (its entries index `entries`)."""

    entries: tuple[store.NewEntry, ...]
    steps: tuple[_Step, ...]
    state: State
    round: int
    breach: bool
    first: int | None
    second: int | None
    agreed: int | None


_NEW_ENTRY_KINDS = {
    Transition.FIRST_ENTRY: EntryKind.FIRST,
    Transition.SECOND_ENTRY: EntryKind.SECOND,
    Transition.CORRECT: EntryKind.CORRECTION,
}


def _same_figures(a: Entry, b: Entry) -> bool:
    return a.figures == b.figures and a.acts == b.acts


class _Walk:
    """The double-entry state machine's transitions, without its checks."""

    def __init__(self, revisions: Sequence[Revision]) -> None:
        self.revisions = revisions
        self.entries: list[store.NewEntry] = []
        self.steps: list[_Step] = []
        self.state = State.NOT_ENTERED
        self.round = 1
        self.breach = False
        self.first: int | None = None
        self.second: int | None = None
        self.agreed: int | None = None

    def _settle(self, i: int, agreed: int | None) -> bool:
        """Figures agreed on: accepted when the next revision accepts them at once."""
        revisions = self.revisions
        follows = i + 1 < len(revisions) and revisions[i + 1].transition is Transition.ACCEPT
        self.agreed = agreed
        self.state = State.ACCEPTED if follows else State.PENDING
        self.breach = False
        return follows

    def _reset(self) -> None:
        self.state = State.NOT_ENTERED
        self.first = self.second = self.agreed = None
        self.breach = False

    def run(self) -> None:
        accept_next = False
        for i, r in enumerate(self.revisions):
            t = r.transition
            where = f"revisions[{i}]"
            state = self.state

            def need(
                ok: bool,
                what: str = "",
                where: str = where,
                t: Transition = t,
                state: State = state,
            ) -> None:
                if not ok:
                    raise _HistoryError(where, what or f"{t} on a protocol that is {state}")

            shown: int | None = None
            kind = _NEW_ENTRY_KINDS.get(t)
            if kind is not None:
                need(r.figures is not None, f"{t} carries the figures entered")
                assert r.figures is not None
                self.entries.append(
                    store.NewEntry(Entry(r.figures, r.by, r.at, r.acts, kind), self.round)
                )
                shown = len(self.entries) - 1
            accepting, accept_next = accept_next, False
            match t:
                case Transition.FIRST_ENTRY:
                    need(state is State.NOT_ENTERED)
                    self.first, self.state = shown, State.FIRST_ENTRY
                case Transition.SECOND_ENTRY:
                    need(state is State.FIRST_ENTRY)
                    assert self.first is not None and shown is not None
                    self.second = shown
                    if _same_figures(self.entries[self.first].entry, self.entries[shown].entry):
                        accept_next = self._settle(i, shown)
                    else:
                        self.state = State.ENTRIES_DIFFER
                case Transition.KEEP_FIRST | Transition.KEEP_SECOND:
                    need(state is State.ENTRIES_DIFFER)
                    shown = self.first if t is Transition.KEEP_FIRST else self.second
                    accept_next = self._settle(i, shown)
                case Transition.CORRECT:
                    need(state in (State.ENTRIES_DIFFER, State.PENDING))
                    accept_next = self._settle(i, shown)
                case Transition.ACCEPT:
                    need(accepting, "accept follows at once the clean figures it accepts")
                    shown = self.agreed
                case Transition.ACCEPT_WARNINGS | Transition.ACCEPT_BREACH:
                    need(state is State.PENDING)
                    self.state, self.breach = State.ACCEPTED, t is Transition.ACCEPT_BREACH
                    shown = self.agreed
                case Transition.SEND_BACK:
                    need(state in (State.ENTRIES_DIFFER, State.PENDING))
                    self._reset()
                case Transition.RECOUNT:
                    need(state not in (State.NOT_ENTERED, State.ANNULLED))
                    self.round += 1
                    self._reset()
                case Transition.ANNUL:
                    need(state is not State.ANNULLED)
                    self.state = State.ANNULLED
            if kind is None:
                shown = self._shown(i, r, shown)
            self.steps.append(
                _Step(r, self.round, self.state, _role(t, self.steps), shown, self.agreed)
            )

    def _shown(self, i: int, r: Revision, about: int | None) -> int | None:
        """A step about figures entered before shows them, or none."""
        where = f"revisions[{i}]"
        if r.figures is None:
            if r.acts:
                raise _HistoryError(f"{where}.acts", "acts without figures")
            return None
        if about is None:
            raise _HistoryError(f"{where}.figures", f"a {r.transition} carries no figures: null")
        entry = self.entries[about].entry
        if r.figures != entry.figures or r.acts != entry.acts:
            raise _HistoryError(f"{where}.figures", f"not the figures the {r.transition} is about")
        return about


def walk(record: ProtocolRecord) -> _Walked:
    """Replay a record's revisions along the double-entry state machine's transitions and
    check that they lead to the record's state, round, breach, entries and decisions.

    History is taken as it was recorded: the checks of the day are not run again (their
    outcome is in the history: an acceptance follows the figures it accepted), and who
    made an entry is not judged again. Raises `_HistoryError` naming the place in the file."""
    revisions = record.revisions
    case = record.case
    for i, r in enumerate(revisions):
        if r.number != i + 1:
            raise _HistoryError(
                f"revisions[{i}].number",
                f"revision {r.number} where {i + 1} is expected: revisions are numbered "
                "1, 2, 3... in the order they were made",
            )
    w = _Walk(revisions)
    w.run()
    if w.state is not case.state:
        raise _HistoryError("state", f"the revisions lead to {w.state}, not {case.state}")
    if w.round != case.round:
        raise _HistoryError("round", f"the revisions lead to round {w.round}, not {case.round}")
    if w.breach != case.breach:
        raise _HistoryError("breach", f"the revisions lead to breach {str(w.breach).lower()}")

    # the current entries are the record's own, which say who typed them and when
    entries = w.entries
    for key, index, given, kind in (
        ("first", w.first, case.first, EntryKind.FIRST),
        ("second", w.second, case.second, EntryKind.SECOND),
    ):
        if index is None or given is None:
            if index is not None or given is not None:
                has = "has none" if given is None else "has one"
                raise _HistoryError(key, f"the revisions and the record differ ({has})")
            continue
        if given.kind is not kind or not _same_figures(given, entries[index].entry):
            raise _HistoryError(key, f"not the {key} entry the revisions made")
        entries[index] = store.NewEntry(given, entries[index].round)
    agreed, given = w.agreed, case.agreed
    if agreed is None or given is None:
        if agreed is not None or given is not None:
            raise _HistoryError(
                "agreed", "the revisions and the record differ on the agreed figures"
            )
    elif agreed in (w.first, w.second):
        if given != entries[agreed].entry:
            raise _HistoryError("agreed", "not the entry the revisions settled on")
    elif given.kind is not EntryKind.CORRECTION or not _same_figures(given, entries[agreed].entry):
        raise _HistoryError("agreed", "not the correction the revisions made")
    else:
        entries[agreed] = store.NewEntry(given, entries[agreed].round)

    expected = _decisions(revisions)
    if record.decisions != expected:
        k = next(
            (k for k, (a, b) in enumerate(zip(record.decisions, expected)) if a != b),  # noqa: B905
            min(len(record.decisions), len(expected)),
        )
        raise _HistoryError(
            f"decisions[{k}]" if k < len(record.decisions) else "decisions",
            "the decisions are not those the revisions record "
            f"({len(expected)} decision(s) among the revisions)",
        )
    return _Walked(
        tuple(entries), tuple(w.steps), w.state, w.round, w.breach, w.first, w.second, w.agreed
    )


def _role(t: Transition, before: Sequence[_Step]) -> Role:
    """Who may have made a step: entries are clerks', an acceptance made at once is the
    role of the step it follows, every other step is a supervisor's decision."""
    if t in (Transition.FIRST_ENTRY, Transition.SECOND_ENTRY):
        return Role.CLERK
    if t is Transition.ACCEPT and before:
        return before[-1].role
    return Role.SUPERVISOR


# -- the checks an imported record's figures show ----------------------------------------


class _Checks:
    """The findings of figures at a protocol, W6 and W7 against what is stored and what
    the batch has settled so far (as `EntryService.record_many` computes them)."""

    def __init__(
        self,
        session: Session,
        election: Election,
        figures: Iterable[tuple[str, str, Figures]],
    ) -> None:
        wanted = list(figures)
        self._election = election
        self._same = protocol_store.agreed_with_keys(
            session, {(c, figures_key(f)) for _, c, f in wanted}
        )
        self._at = store.agreed_at_precincts(session, {p for p, _, _ in wanted})
        self._memo: dict[tuple[str, str, Figures, frozenset[Act]], tuple[str, ...]] = {}

    def codes(
        self, area: Area, contest: Contest, figures: Figures, acts: frozenset[Act]
    ) -> tuple[str, ...]:
        key = (area.code, contest.id, figures, acts)
        found = self._memo.get(key)
        if found is None:
            election = self._election
            twins = self._same.get((contest.id, figures_key(figures)), {})
            others = self._at.get(area.code, {})
            findings = check_protocol(
                contest, figures, election.rules, electorate=area.electorate, acts=acts
            )
            findings += check_duplicate(
                contest, figures, {p: f for p, f in twins.items() if p != area.code}
            )
            findings += check_ballot_types(
                election.rules,
                contest,
                figures,
                [(election.contest(c), f) for c, f in others.items() if c != contest.id],
            )
            found = tuple(f.code for f in findings)
            self._memo[key] = found
        return found

    def settled(self, area: Area, contest: Contest, figures: Figures) -> None:
        """The protocol now counts these figures: later protocols compare with them."""
        self._same.setdefault((contest.id, figures_key(figures)), {})[area.code] = figures
        self._at.setdefault(area.code, {})[contest.id] = figures
        self._memo.clear()


def _plan(
    walked: _Walked,
    head: store.ProtocolHead,
    area: Area,
    contest: Contest,
    checks: _Checks,
    *,
    at: dt.datetime,
    by: str,
) -> store.RecordPlan:
    entries = walked.entries

    def codes(index: int | None) -> tuple[str, ...]:
        if index is None:
            return ()
        e = entries[index].entry
        return checks.codes(area, contest, e.figures, e.acts)

    revisions = tuple(
        store.NewRevision(
            round=s.round,
            transition=s.revision.transition,
            state=s.state,
            actor=s.revision.by,
            role=s.role,
            at=s.revision.at,
            reason=s.revision.reason,
            reference=s.revision.reference,
            entry=s.entry,
            findings=codes(s.agreed) if s.revision.transition in _SETTLING else (),
        )
        for s in walked.steps
    )
    plan = store.RecordPlan(
        protocol_id=head.id,
        version=head.version,
        state=walked.state,
        round=walked.round,
        breach=walked.breach,
        entries=entries,
        revisions=revisions,
        first=walked.first,
        second=walked.second,
        agreed=walked.agreed,
        findings=codes(walked.agreed),
        system=SYSTEM,
        updated_at=at,
        updated_by=by,
    )
    if walked.state in COUNTED_STATES and walked.agreed is not None:
        checks.settled(area, contest, entries[walked.agreed].entry.figures)
    return plan


# -- files -----------------------------------------------------------------------------


def read_protocol(path: Path, election: Election) -> ProtocolFile:
    """A protocol file of this election, as `kztally.formats.load.load_protocol` reads
    it, with the JSON Schema consulted only when a quick look finds something unusual."""
    document = parse_json(read_text(path), path)
    if protocol_json.plainly_valid(document):
        try:
            return protocol_json.protocol_from_dict(document, election)
        except ProtocolDataError as exc:
            raise FormatError(path, exc.where, exc.message) from None
    return protocol_from_document(document, election, path)


def document_text(document: Any) -> str:
    """`kztally.formats.load.dumps(document)`, the same text, several times faster: the
    export writes some 50,000 files, and encoding each number with `json.dumps` took most
    of its time."""
    return _dump(document, 0) + "\n"


def _dump(value: Any, depth: int) -> str:
    if type(value) is dict:
        if not value:
            return "{}"
        inner = "  " * (depth + 1)
        items = [
            f"{inner}{_encode_text(str(k))}: "
            + (_scalar(v) if v is None or type(v) is int or type(v) is str else _dump(v, depth + 1))
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"
    if type(value) is list or type(value) is tuple:
        if not any(isinstance(v, dict | list | tuple) for v in value):
            return _flat_list(value)  # "[1, null, 3]": one call into the C encoder
        inner = "  " * (depth + 1)
        items = [f"{inner}{_dump(v, depth + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + "\n" + "  " * depth + "]"
    if isinstance(value, dict | list | tuple):
        return dumps(value).removesuffix("\n")  # pragma: no cover - subclasses, not made here
    return _scalar(value)


_flat_list = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": ")).encode


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if type(value) is int:
        return str(value)
    if type(value) is str:
        return _encode_text(value)
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _is_definition(path: Path) -> bool:
    """Whether a file named on its own is an election definition (one that cannot be read
    is taken for a protocol file, and reported as one)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if f'"{election_json.FORMAT}"'.encode() not in data:
        return False  # a protocol file: not parsed twice
    try:
        document = parse_json(read_text(path), path)
    except FormatError:
        return False
    return isinstance(document, dict) and document.get("format") == election_json.FORMAT


def _expand(
    paths: Iterable[str | os.PathLike[str]], tally: _Tally
) -> tuple[list[Path], list[Path]]:
    """(definitions, protocol files) named by the paths: a folder's `election.json` and
    every other `*.json` below it; a file by what it holds."""
    definitions: list[Path] = []
    protocols: list[Path] = []
    seen: set[Path] = set()

    def add(to: list[Path], p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            to.append(p)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            definition = path / DEFINITION_FILE
            if definition.is_file():
                add(definitions, definition)
            for p in sorted(path.rglob("*.json")):
                if p.is_file() and p != definition and not p.name.startswith("."):
                    add(protocols, p)
        elif path.is_file():
            kind = _is_definition(path)
            add(definitions if kind else protocols, path)
        else:
            tally.files += 1
            tally.errors.append(Problem(str(path), "", "no such file or folder"))
    return definitions, protocols


# -- the service -----------------------------------------------------------------------


class TransferService:
    """Export and import, acting as `actor` (roles are read from the database on every
    transaction): export by anyone signed in, import by administrators, supervisors and
    trainers."""

    def __init__(self, services: Services, *, batch_size: int = BATCH_SIZE) -> None:
        """The transfer service of a `Services`: its database, acting person and clock.
        `batch_size`: protocols per import transaction."""
        if batch_size < 1:
            raise ValueError("batch_size is at least 1")
        self._db: Database = services.db
        self._actor: SignedIn = services.actor
        self._elections: ElectionService = services.elections
        self._entry: EntryService = services.entry
        self._clock: Clock = services.clock
        self._observers: ObserverService = services.observers
        self._batch = batch_size

    @classmethod
    def of(cls, services: Services, *, batch_size: int = BATCH_SIZE) -> TransferService:
        """The same as `TransferService(services)`."""
        return cls(services, batch_size=batch_size)

    # -- export ------------------------------------------------------------------------

    def export(
        self, directory: str | os.PathLike[str], progress: Progress | None = None
    ) -> ExportReport:
        """Write the election, every protocol with any history and the results tables to
        `directory` (created if need be; a folder that is not empty must hold an earlier
        export, whose files are replaced and whose protocols no longer here are removed)."""
        target = Path(directory)
        if target.exists() and not target.is_dir():
            raise InvalidRequest(f"{target} is a file, not a folder")
        if target.is_dir() and any(target.iterdir()) and not (target / DEFINITION_FILE).is_file():
            raise InvalidRequest(
                f"{target} is not empty and holds no earlier export: choose an empty folder"
            )
        protocols_dir = target / PROTOCOLS_DIR
        results_dir = target / RESULTS_DIR
        observers_dir = target / OBSERVERS_DIR
        protocols_dir.mkdir(parents=True, exist_ok=True)
        results_dir.mkdir(parents=True, exist_ok=True)

        written: set[str] = set()
        tables: set[str] = set()
        copies: set[str] = set()
        cancelled = False
        with self._db.session(readonly=True) as s:
            store.snapshot(s)
            me = require_role(s, self._actor, EXPORT_ROLES, "export data")
            # the second entry is blind, and observers see official figures once they
            # are accepted: what they may not read, they do not get in a file either
            accepted_only = me.role not in FULL_EXPORT_ROLES
            withheld = 0
            election = self._elections.within(s)
            if election is None:
                raise NoElection()
            total = store.touched_count(s)
            definition = document_text(election_json.election_to_dict(election)).encode("utf-8")
            _write_atomic(target / DEFINITION_FILE, definition)
            contests = {c.id: c for c in election.contests}
            ref = protocol_json.election_ref(election)
            done = 0
            for window in store.touched_protocols(s):
                for p in window:
                    if accepted_only and p.case.state is not State.ACCEPTED:
                        withheld += 1
                        continue
                    document = protocol_json.protocol_to_dict(
                        ProtocolFile(ref, p.precinct, p.contest, record_of(p)),
                        contests[p.contest],
                    )
                    name = protocol_file_name(p.precinct, p.contest)
                    _write_atomic(protocols_dir / name, document_text(document).encode("utf-8"))
                    written.add(name)
                done += len(window)
                if progress is not None and progress(done, total) is False:
                    cancelled = True
                    break
            if not cancelled:
                summaries = protocol_store.summaries(s)
                for contest_id, text in _results_tables(election, summaries):
                    name = results_file_name(contest_id)
                    _write_atomic(results_dir / name, text.encode("utf-8-sig"))
                    tables.add(name)
                if not accepted_only:
                    copies = _export_observer_copies(s, election, ref, observers_dir)
        if not cancelled:
            for folder, keep, pattern in (
                (protocols_dir, written, "*.json"),
                (results_dir, tables, "*.csv"),
                (observers_dir, copies, "*.json"),
            ):
                for stale in folder.glob(pattern):
                    if stale.name not in keep:
                        stale.unlink()
        return ExportReport(target, len(written), len(tables), cancelled, withheld)

    # -- import ------------------------------------------------------------------------

    def import_paths(
        self, paths: Iterable[str | os.PathLike[str]], progress: Progress | None = None
    ) -> ImportReport:
        """Import definitions and protocol files (folders are read whole); see the module
        docstring for what goes in, what is unchanged and what is refused."""
        with self._db.session(readonly=True) as s:
            require_role(s, self._actor, IMPORT_ROLES, "import data")
        tally = _Tally()
        definitions, protocols = _expand(paths, tally)
        tally.files += len(definitions) + len(protocols)
        total = tally.files

        def report_progress() -> bool:
            if progress is not None and progress(tally.done, total) is False:
                tally.cancelled = True
            return not tally.cancelled

        for path in definitions:
            if not self._import_definition(path, tally):
                # another election: its protocols would not be of the stored one
                tally.skipped = len(protocols)
                return tally.report()
        if not protocols:
            return tally.report()
        election = self._elections.current()
        if election is None:
            if tally.errors:  # the definition could not be read: say so, not only this
                tally.skipped = len(protocols)
                return tally.report()
            raise NoElection()

        batch: list[tuple[Path, ProtocolFile, _Walked]] = []
        keys: set[tuple[AreaCode, ContestId]] = set()
        entries: list[tuple[Path, ProtocolFile]] = []
        observed: list[tuple[Path, ProtocolFile]] = []
        for n, path in enumerate(protocols):
            if tally.cancelled:
                tally.skipped = len(protocols) - n
                break
            try:
                pf = read_protocol(path, election)
            except FormatError as exc:
                tally.errors.append(Problem(str(path), exc.where, exc.message))
                continue
            record = pf.record
            if record is None:
                if pf.kind == EntryKind.OBSERVER.value:
                    observed.append((path, pf))
                else:
                    entries.append((path, pf))
                continue
            try:
                walked = walk(record)
            except _HistoryError as exc:
                tally.errors.append(Problem(str(path), exc.where, exc.message))
                continue
            key = (pf.precinct, pf.contest)
            if len(batch) >= self._batch or key in keys:
                self._import_records(election, batch, tally)
                batch, keys = [], set()
                report_progress()
            keys.add(key)
            batch.append((path, pf, walked))
        if batch and not tally.cancelled:
            self._import_records(election, batch, tally)
            report_progress()
        elif batch:
            tally.skipped += len(batch)
        if entries and not tally.cancelled:
            self._import_entries(election, entries, tally, report_progress)
        elif entries:
            tally.skipped += len(entries)
        if observed and not tally.cancelled:
            self._import_observed(observed, tally)
            report_progress()
        elif observed:
            tally.skipped += len(observed)
        return tally.report()

    def _import_observed(self, files: Sequence[tuple[Path, ProtocolFile]], tally: _Tally) -> None:
        """Observers' copies, in one transaction; when one is refused, one at a time, to
        say which."""

        def copy(pf: ProtocolFile) -> tuple[AreaCode, ContestId, Entry]:
            assert pf.entry is not None
            return (pf.precinct, pf.contest, pf.entry)

        try:
            kept, same = self._observers.take_in([copy(pf) for _, pf in files], system=SYSTEM)
        except ServiceError:
            pass
        else:
            tally.imported += kept
            tally.unchanged += same
            return
        for path, pf in files:
            try:
                kept, same = self._observers.take_in([copy(pf)], system=SYSTEM)
            except ServiceError as exc:
                tally.conflicts.append(Problem(str(path), "", str(exc)))
            else:
                tally.imported += kept
                tally.unchanged += same

    def _import_definition(self, path: Path, tally: _Tally) -> bool:
        """Load or recognise a definition; False when it is refused (another election)."""
        try:
            election = election_from_document(parse_json(read_text(path), path), path)
        except FormatError as exc:
            tally.errors.append(Problem(str(path), exc.where, exc.message))
            return True
        try:
            current = self._elections.current()
            wanted = protocol_json.election_ref(election).hash
            if current is not None and protocol_json.election_ref(current).hash == wanted:
                tally.unchanged += 1
                return True
            self._elections.load_definition(election)
        except ElectionMismatch as exc:
            tally.conflicts.append(Problem(str(path), "", str(exc)))
            return False
        tally.imported += 1
        return True

    def _import_records(
        self,
        election: Election,
        batch: Sequence[tuple[Path, ProtocolFile, _Walked]],
        tally: _Tally,
    ) -> None:
        """One transaction for the batch; on a concurrent change, read and try again."""
        for _attempt in range(3):
            try:
                outcome = self._records_once(election, batch)
            except (StaleWrite, ConcurrentChange):
                continue
            imported, unchanged, conflicts, missing = outcome
            tally.imported += imported
            tally.unchanged += unchanged
            tally.conflicts.extend(conflicts)
            tally.errors.extend(missing)
            return
        tally.conflicts.extend(
            Problem(str(path), "", "the protocol was changed by someone else meanwhile: "
                    "import the file again")
            for path, _, _ in batch
        )  # fmt: skip

    def _records_once(
        self, election: Election, batch: Sequence[tuple[Path, ProtocolFile, _Walked]]
    ) -> tuple[int, int, list[Problem], list[Problem]]:
        imported = unchanged = 0
        conflicts: list[Problem] = []
        missing: list[Problem] = []
        with self._db.session() as s:
            me = require_role(s, self._actor, IMPORT_ROLES, "import protocols")
            now = self._clock()
            heads = store.find(s, [(pf.precinct, pf.contest) for _, pf, _ in batch])
            busy = [h.id for h in heads.values() if not h.untouched]
            full = store.load_full(s, busy) if busy else {}
            fresh = []
            for _, pf, walked in batch:
                head = heads.get((pf.precinct, pf.contest))
                if head is not None and head.untouched and walked.steps:
                    fresh.append((pf, walked))
            checks = _Checks(
                s,
                election,
                (
                    (pf.precinct, pf.contest, e.entry.figures)
                    for pf, walked in fresh
                    for e in walked.entries
                ),
            )
            plans: list[store.RecordPlan] = []
            for path, pf, walked in batch:
                record = pf.record
                assert record is not None
                head = heads.get((pf.precinct, pf.contest))
                if head is None:
                    missing.append(
                        Problem(
                            str(path),
                            "contest",
                            f"no protocol {pf.precinct}/{pf.contest} in this database",
                        )
                    )
                    continue
                if head.untouched:
                    if not walked.steps:
                        unchanged += 1  # an untouched protocol, still untouched here
                        continue
                    plans.append(
                        _plan(
                            walked,
                            head,
                            election.area(pf.precinct),
                            election.contest(pf.contest),
                            checks,
                            at=now,
                            by=me.user,
                        )
                    )
                    imported += 1
                    continue
                if record_of(full[head.id]) == record:
                    unchanged += 1
                    continue
                conflicts.append(
                    Problem(
                        str(path),
                        "",
                        f"protocol {pf.precinct}/{pf.contest} is {head.state} here (round "
                        f"{head.round}, {head.revisions} revision(s)) and the file says "
                        "otherwise: left as it is",
                    )
                )
            store.write_records(s, plans)
        return imported, unchanged, conflicts, missing

    def _import_entries(
        self,
        election: Election,
        files: Sequence[tuple[Path, ProtocolFile]],
        tally: _Tally,
        report_progress: Callable[[], bool],
    ) -> None:
        """Single entries through the state machine, in batches of whole protocols: a
        protocol's files in the order first, qr, second."""
        order = {EntryKind.FIRST: 0, EntryKind.QR: 1, EntryKind.SECOND: 2}
        groups: dict[tuple[AreaCode, ContestId], list[tuple[Path, Entry]]] = {}
        for path, pf in files:
            assert pf.entry is not None
            groups.setdefault((pf.precinct, pf.contest), []).append((path, pf.entry))
        keys = list(groups)
        for start in range(0, len(keys), self._batch):
            chunk = {k: sorted(groups[k], key=lambda x: (order.get(x[1].kind, 3), str(x[0])))
                     for k in keys[start : start + self._batch]}  # fmt: skip
            self._entries_once(chunk, tally)
            if not report_progress():
                tally.skipped += sum(len(groups[k]) for k in keys[start + self._batch :])
                return

    def _entries_once(
        self,
        groups: Mapping[tuple[AreaCode, ContestId], list[tuple[Path, Entry]]],
        tally: _Tally,
    ) -> None:
        with self._db.session(readonly=True) as s:
            cases = protocol_store.load_precincts(s, {p for p, _ in groups})
            ids = [cases[k].id for k in groups if k in cases]
            stored = store.stored_entries(s, ids)
        items: list[tuple[BulkItem, list[Path]]] = []
        for key, group in groups.items():
            record = cases.get(key)
            if record is None:
                for path, _ in group:
                    tally.errors.append(
                        Problem(
                            str(path), "contest", f"no protocol {key[0]}/{key[1]} in this database"
                        )
                    )
                continue
            have = list(stored.get(record.id, ()))
            case = record.case
            taken: list[Entry] = []
            paths: list[Path] = []
            for path, e in group:
                if any(_same_entry(e, x) for x in (*have, *taken)):
                    tally.unchanged += 1
                    continue
                problem = _entry_conflict(case, e)
                if problem is None:
                    try:
                        case = machine.enter(case, e, Actor(e.by, Role.CLERK), _no_findings).case
                    except TransitionError as exc:
                        problem = str(exc)
                if problem is not None:
                    tally.conflicts.append(
                        Problem(str(path), "", f"protocol {key[0]}/{key[1]}: {problem}")
                    )
                    continue
                taken.append(e)
                paths.append(path)
            if taken:
                items.append((BulkItem(key[0], key[1], tuple(taken)), paths))
        if not items:
            return
        try:
            self._entry.record_many(
                [item for item, _ in items], system=SYSTEM, chunk_size=len(items) + 1
            )
            tally.imported += sum(len(paths) for _, paths in items)
            return
        except (TransitionError, ConcurrentChange, ServiceError):
            pass  # someone entered meanwhile: one protocol at a time, to say which
        for item, paths in items:
            try:
                self._entry.record_many([item], system=SYSTEM)
            except (TransitionError, ConcurrentChange) as exc:
                tally.conflicts.extend(
                    Problem(str(p), "", f"protocol {item.precinct}/{item.contest}: {exc}")
                    for p in paths
                )
            else:
                tally.imported += len(paths)


def _no_findings(figures: Figures, acts: frozenset[Act]) -> tuple[Any, ...]:
    return ()


def _same_entry(a: Entry, b: Entry) -> bool:
    """The same entry as stored: figures, acts, who and when (a qr entry is stored as the
    first or second it became)."""
    return (
        _same_figures(a, b)
        and a.by == b.by
        and a.at == b.at
        and (a.kind is b.kind or a.kind is EntryKind.QR)
    )


def _entry_conflict(case: Case, e: Entry) -> str | None:
    """Why an entry file cannot be the protocol's next entry (None: it can)."""
    state = case.state
    if state is State.ANNULLED:
        return "it is annulled"
    if e.kind is EntryKind.FIRST and state is not State.NOT_ENTERED:
        return f"it has its first entry already (it is {state})"
    if e.kind is EntryKind.SECOND and state is State.NOT_ENTERED:
        return "a second entry, but the protocol has no first entry yet"
    if state not in (State.NOT_ENTERED, State.FIRST_ENTRY):
        return f"both entries are made (it is {state})"
    return None


# -- results tables --------------------------------------------------------------------


def _results_tables(
    election: Election, summaries: Iterable[protocol_store.ProtocolSummary]
) -> list[tuple[ContestId, str]]:
    """(contest, CSV text) for every contest: one row per precinct that votes in it."""
    by_key = {(s.precinct, s.contest): s for s in summaries}
    rows: dict[ContestId, list[list[str]]] = {c.id: [] for c in election.contests}
    place: dict[AreaCode, tuple[str, str]] = {}

    def where(area: Area) -> tuple[str, str]:
        found = place.get(area.code)
        if found is None:
            district = region = ""
            for a in election.ancestors(area.code):
                if a.kind is AreaKind.DISTRICT and not district:
                    district = a.name
                elif a.kind is AreaKind.REGION and not region:
                    region = a.name
            found = (district, region)
            place[area.code] = found
        return found

    def cell(v: int | None) -> str:
        return "" if v is None else str(v)

    for area in election.precincts():
        district, region = where(area)
        for cid in area.contests:
            contest = election.contest(cid)
            s = by_key.get((area.code, cid))
            state = s.state if s is not None else State.NOT_ENTERED
            figures = s.figures if s is not None and state is State.ACCEPTED else None
            n = len(contest.choices)
            lines = figures.lines if figures else (None,) * LINE_COUNT
            votes = figures.votes if figures else (None,) * n
            row = [area.code, area.number or "", area.name, district, region, state.value]
            row += [cell(v) for v in lines] + [cell(v) for v in votes]
            if contest.against_all:
                row.append(cell(figures.against_all if figures else None))
            rows[cid].append(row)

    out = []
    for contest in election.contests:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        header = ["precinct", "number", "name", "district", "region", "state"]
        header += [f"line {n}" for n in range(1, LINE_COUNT + 1)]
        header += [c.name for c in contest.choices]
        if contest.against_all:
            header.append("against all")
        writer.writerow(header)
        writer.writerows(rows[contest.id])
        out.append((contest.id, buffer.getvalue()))
    return out
