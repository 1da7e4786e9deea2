"""The transfer service: export, and import through the one door.

See the package's docstring for what an import takes in, leaves and refuses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kztally.domain import entry as machine
from kztally.domain.audit import EventCode, Head
from kztally.domain.election import Election
from kztally.domain.entry import Actor, Case, Entry, EntryKind, State, TransitionError
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Act, Figures
from kztally.domain.rules import Role
from kztally.formats import protocol_json
from kztally.formats.load import FormatError, election_from_document, parse_json, read_text
from kztally.formats.protocol_json import ProtocolFile, ProtocolRecord
from kztally.services import formal as formal_service
from kztally.services import journal
from kztally.services.audit import AuditService
from kztally.services.checks import Checks
from kztally.services.elections import ElectionService
from kztally.services.entry import BulkItem, EntryService, People, bulk_events
from kztally.services.errors import (
    ConcurrentChange,
    ElectionMismatch,
    InvalidRequest,
    NoElection,
    NotFound,
    ServiceError,
)
from kztally.services.formal import FormalService
from kztally.services.guard import require_training, require_unofficial
from kztally.services.observers import ObserverService
from kztally.services.transfer.chain import export_root, verify_folder
from kztally.services.transfer.export import export, record_of
from kztally.services.transfer.files import expand, read_protocol
from kztally.services.transfer.replay import (
    SYSTEM,
    HistoryError,
    check_structure,
    figures_of,
    replay,
)
from kztally.services.transfer.reports import ExportReport, ImportReport, Problem, Tally
from kztally.services.users import Clock, SignedIn, require_role
from kztally.storage import protocols as protocol_store
from kztally.storage import transfer as store
from kztally.storage.database import Database
from kztally.storage.errors import StaleWrite
from kztally.storage.protocols import Action, Provenance

if TYPE_CHECKING:
    from kztally.services.context import Services

IMPORT_ROLES = frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR, Role.TRAINER})
BATCH_SIZE = 500
"""Protocols per import transaction."""
SOURCE_LENGTH = 255
_REFUSALS = frozenset({"role", "actor", "same_clerk"})
"""Refusals of an entry file for whom it names: errors of the file, not conflicts."""

Progress = Callable[[int, int], object]
"""progress(done, total): returning False stops after the current batch."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _source_name(path: Path) -> str:
    """The file as the import was given it (its last characters, when very long)."""
    text = str(path)
    return text if len(text) <= SOURCE_LENGTH else text[-SOURCE_LENGTH:]


def _settled_at(record: ProtocolRecord) -> tuple[dt.datetime, ...]:
    """When a record's protocol was first settled (or its last step, if never)."""
    for r in record.revisions:
        if r.transition in protocol_store.SETTLING:
            return (r.at,)
    return (record.revisions[-1].at,) if record.revisions else ()


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
        self._audit: AuditService = services.audit
        self._formal: FormalService = services.formal
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
        `directory`. The export is written into a hidden folder beside it and renamed into
        place when complete, so a folder by that name is always a whole export; an earlier
        export there is replaced. A folder that is not empty must hold an earlier export.
        A cancelled export leaves the target as it was."""
        report = export(self._db, self._actor, self._elections, directory, progress)
        if not report.cancelled:
            content = {
                "folder": report.directory.name,
                "protocols": report.protocols,
                "results": report.results,
                "withheld": report.withheld,
                "head": str(report.head),
            }
            self._audit.note(EventCode.EXPORT_RUN, content)
        return report

    # -- import ------------------------------------------------------------------------

    def import_paths(
        self,
        paths: Iterable[str | os.PathLike[str]],
        progress: Progress | None = None,
        *,
        head: Head | None = None,
    ) -> ImportReport:
        """Import definitions and protocol files (folders are read whole); see the module
        docstring for what goes in, what is unchanged and what is refused. An export
        folder's audit chain is checked first (`chain.verify_folder`, through `head` when
        one recorded outside the export is given): nothing of a folder that fails it is
        read, and no record comes in without a chain. The run is noted in the audit log
        (`data.imported`), besides each protocol's own event."""
        report = self._import_paths(list(paths), progress, head)
        self._audit.note(
            EventCode.IMPORT_RUN,
            {
                "files": report.files,
                "imported": report.imported,
                "unchanged": report.unchanged,
                "conflicts": len(report.conflicts),
                "errors": len(report.errors),
                "skipped": report.skipped,
                "cancelled": report.cancelled,
            },
        )
        return report

    def _import_paths(
        self, paths: list[str | os.PathLike[str]], progress: Progress | None, head: Head | None
    ) -> ImportReport:
        with self._db.session(readonly=True) as s:
            me = require_role(s, self._actor, IMPORT_ROLES, "import data")
            stored = self._elections.within(s)
            if stored is not None:
                require_training(s, me, stored, "import data")
        tally = Tally()
        definitions, protocols = expand(paths, tally)
        tally.files += len(definitions) + len(protocols)
        total = tally.files
        roots = {p: export_root(p) for p in (*definitions, *protocols)}
        refused = _refused_folders(roots, protocols, head, tally)
        if refused:
            kept = [p for p in (*definitions, *protocols) if roots[p] not in refused]
            tally.skipped += len(definitions) + len(protocols) - len(kept)
            definitions = [p for p in definitions if roots[p] not in refused]
            protocols = [p for p in protocols if roots[p] not in refused]
            if not definitions and not protocols:
                return tally.report()

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
            if not definitions and not tally.errors:
                raise InvalidRequest(
                    "no protocol files (*.json) and no election definition found in "
                    + ", ".join(str(p) for p in paths)
                )
            return tally.report()
        election = self._elections.current()
        if election is None:
            for path in protocols:  # a file that is no JSON at all says so, with the place
                try:
                    parse_json(read_text(path), path)
                except FormatError as exc:
                    tally.errors.append(Problem(str(path), exc.where, exc.message))
            if tally.errors:  # what could not be read: say so, not only that
                tally.skipped = len(protocols)
                return tally.report()
            raise NoElection()

        runner = self._actor.user
        records: list[tuple[tuple[dt.datetime, ...], Path, ProtocolFile, Provenance]] = []
        entries: list[tuple[Path, ProtocolFile, Provenance]] = []
        observed: list[tuple[Path, ProtocolFile]] = []
        for path in protocols:
            try:
                pf = read_protocol(path, election)
                provenance = Provenance(runner, _source_name(path), file_sha256(path))
            except FormatError as exc:
                tally.errors.append(Problem(str(path), exc.where, exc.message))
                continue
            record = pf.record
            if record is not None and roots[path] is None:
                tally.errors.append(Problem(str(path), "", UNCHAINED))
                continue
            if record is None:
                if pf.kind == EntryKind.OBSERVER.value:
                    observed.append((path, pf))
                else:
                    entries.append((path, pf, provenance))
                continue
            try:
                check_structure(record)
            except HistoryError as exc:
                tally.errors.append(Problem(str(path), exc.where, exc.message))
                continue
            records.append((_settled_at(record), path, pf, provenance))
        # in the order the protocols were settled where they were exported, so that the
        # duplicate check (W6) meets them as that database did
        records.sort(key=lambda x: (x[0], str(x[1])))
        batch: list[tuple[Path, ProtocolFile, Provenance]] = []
        keys: set[tuple[AreaCode, ContestId]] = set()
        for n, (_, path, pf, provenance) in enumerate(records):
            if tally.cancelled:
                tally.skipped += len(records) - n
                break
            key = (pf.precinct, pf.contest)
            if len(batch) >= self._batch or key in keys:
                self._import_records(election, batch, tally)
                batch, keys = [], set()
                report_progress()
                if tally.cancelled:
                    tally.skipped += len(records) - n
                    break
            keys.add(key)
            batch.append((path, pf, provenance))
        else:
            if batch:
                self._import_records(election, batch, tally)
                report_progress()
        if entries and not tally.cancelled:
            self._import_entries(election, entries, tally, report_progress)
        elif entries:
            tally.skipped += len(entries)
        if observed and not tally.cancelled:
            self._import_observed(observed, tally)
            report_progress()
        elif observed:
            tally.skipped += len(observed)
        if not tally.cancelled:
            self._import_formal(
                [(p, pf) for _, p, pf, _ in records] + [(p, pf) for p, pf, _ in entries], tally
            )
        return tally.report()

    def _import_formal(self, files: Sequence[tuple[Path, ProtocolFile]], tally: Tally) -> None:
        """The formal parts single-entry files carry (version 2), recorded through the
        formal service (its event each) where they differ from those in force; a
        protocol the import refused keeps what it has. (A record's go in with it, in
        its batch's transaction.)"""
        refused = {p.path for p in (*tally.errors, *tally.conflicts)}
        carried = {
            (pf.precinct, pf.contest): pf.formal
            for path, pf in files
            if pf.formal is not None and str(path) not in refused
        }
        if not carried:
            return
        current = self._formal.current(carried)
        changed = [
            (p, c, f)
            for (p, c), f in sorted(carried.items())
            if (p, c) not in current or current[(p, c)].formal != f
        ]
        for i in range(0, len(changed), self._batch):
            self._formal.record_many(changed[i : i + self._batch])

    def _import_observed(self, files: Sequence[tuple[Path, ProtocolFile]], tally: Tally) -> None:
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

    def _import_definition(self, path: Path, tally: Tally) -> bool:
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
        batch: Sequence[tuple[Path, ProtocolFile, Provenance]],
        tally: Tally,
    ) -> None:
        """One transaction for the batch; on a concurrent change, read and try again."""
        for _attempt in range(3):
            try:
                outcome = self._records_once(election, batch)
            except (StaleWrite, ConcurrentChange):
                continue
            imported, unchanged, conflicts, errors = outcome
            tally.imported += imported
            tally.unchanged += unchanged
            tally.conflicts.extend(conflicts)
            tally.errors.extend(errors)
            return
        tally.conflicts.extend(
            Problem(str(path), "", "the protocol was changed by someone else meanwhile: "
                    "import the file again")
            for path, _, _ in batch
        )  # fmt: skip

    def _records_once(
        self, election: Election, batch: Sequence[tuple[Path, ProtocolFile, Provenance]]
    ) -> tuple[int, int, list[Problem], list[Problem]]:
        imported = unchanged = 0
        conflicts: list[Problem] = []
        errors: list[Problem] = []
        with self._db.session() as s:
            me = require_role(s, self._actor, IMPORT_ROLES, "import protocols")
            require_training(s, me, election, "import protocols")
            require_unofficial(s, "import protocols")
            protocol_store.serialize_settling(s, {pf.contest for _, pf, _ in batch})
            heads = store.find(s, [(pf.precinct, pf.contest) for _, pf, _ in batch])
            busy = [h.id for h in heads.values() if not h.untouched]
            full = store.load_full(s, busy) if busy else {}
            records = protocol_store.load_precincts(s, {pf.precinct for _, pf, _ in batch})
            people = People(s, me, election)
            checks = Checks(s, election)
            checks.preload(
                (pf.precinct, pf.contest, f)
                for _, pf, _ in batch
                if pf.record is not None
                for f in figures_of(pf.record)
            )
            plans: list[tuple[protocol_store.ProtocolRecord, Sequence[Action]]] = []
            for path, pf, provenance in batch:
                record = pf.record
                assert record is not None
                head = heads.get((pf.precinct, pf.contest))
                stored = records.get((pf.precinct, pf.contest))
                if head is None or stored is None:
                    errors.append(
                        Problem(
                            str(path),
                            "contest",
                            f"no protocol {pf.precinct}/{pf.contest} in this database",
                        )
                    )
                    continue
                if not head.untouched:
                    if record_of(full[head.id]) == record:
                        unchanged += 1
                    else:
                        conflicts.append(
                            Problem(
                                str(path),
                                "",
                                f"protocol {pf.precinct}/{pf.contest} is {head.state} here "
                                f"(round {head.round}, {head.revisions} revision(s)) and the "
                                "file says otherwise: left as it is",
                            )
                        )
                    continue
                if not record.revisions:
                    unchanged += 1  # an untouched protocol, still untouched here
                    continue
                area = election.area(pf.precinct)
                contest = election.contest(pf.contest)
                try:
                    replayed = replay(
                        record,
                        deciding=me,
                        entering=people.entering_from_file,
                        rules=election.rules,
                        check=checks.checker(area, contest),
                        provenance=provenance,
                    )
                except HistoryError as exc:
                    errors.append(Problem(str(path), exc.where, exc.message))
                    continue
                if replayed.actions:
                    plans.append((stored, replayed.actions))
                    checks.record(area, contest, replayed.case)
                if replayed.refused is None:
                    imported += 1
                else:
                    where, message = replayed.refused
                    errors.append(
                        Problem(
                            str(path),
                            where,
                            f"{message}; protocol {pf.precinct}/{pf.contest} is left "
                            f"{replayed.case.state} (the lawful steps before this one are kept)",
                        )
                    )
            saved = protocol_store.save_many(s, plans)
            journal.stage(s, bulk_events(self._actor, me, self._clock(), plans, saved, SYSTEM))
            # the formal parts the records carry, in the same transaction
            refused = {p.path for p in (*conflicts, *errors)}
            parts = [
                (pf.precinct, pf.contest, pf.formal)
                for path, pf, _ in batch
                if pf.formal is not None and str(path) not in refused
            ]
            if parts:
                formal_service.write(
                    s, self._actor, me, formal_service.changed(s, parts), self._clock()
                )
        return imported, unchanged, conflicts, errors

    def _import_entries(
        self,
        election: Election,
        files: Sequence[tuple[Path, ProtocolFile, Provenance]],
        tally: Tally,
        report_progress: Callable[[], bool],
    ) -> None:
        """Single entries through the state machine, in batches of whole protocols: a
        protocol's files in the order first, qr, second."""
        order = {EntryKind.FIRST: 0, EntryKind.QR: 1, EntryKind.SECOND: 2}
        groups: dict[tuple[AreaCode, ContestId], list[tuple[Path, Entry, Provenance]]] = {}
        for path, pf, provenance in files:
            assert pf.entry is not None
            groups.setdefault((pf.precinct, pf.contest), []).append((path, pf.entry, provenance))
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
        groups: Mapping[tuple[AreaCode, ContestId], list[tuple[Path, Entry, Provenance]]],
        tally: Tally,
    ) -> None:
        with self._db.session(readonly=True) as s:
            cases = protocol_store.load_precincts(s, {p for p, _ in groups})
            ids = [cases[k].id for k in groups if k in cases]
            stored = store.stored_entries(s, ids)
        items: list[tuple[BulkItem, list[Path]]] = []
        for key, group in groups.items():
            record = cases.get(key)
            if record is None:
                for path, _, _ in group:
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
            sources: list[Provenance] = []
            for path, e, provenance in group:
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
                sources.append(provenance)
            if taken:
                item = BulkItem(key[0], key[1], tuple(taken), provenances=tuple(sources))
                items.append((item, paths))
        if not items:
            return
        try:
            self._entry.record_many(
                [item for item, _ in items], system=SYSTEM, chunk_size=len(items) + 1
            )
            tally.imported += sum(len(paths) for _, paths in items)
            return
        except (TransitionError, ConcurrentChange, InvalidRequest, NotFound):
            pass  # someone entered meanwhile: one protocol at a time, to say which
        for item, paths in items:
            try:
                self._entry.record_many([item], system=SYSTEM)
            except (TransitionError, ConcurrentChange) as exc:
                refused = isinstance(exc, TransitionError) and exc.code in _REFUSALS
                (tally.errors if refused else tally.conflicts).extend(
                    Problem(
                        str(p),
                        "by" if refused else "",
                        f"protocol {item.precinct}/{item.contest}: {exc}",
                    )
                    for p in paths
                )
            else:
                tally.imported += len(paths)


UNCHAINED = (
    "a record with no audit chain to vouch for it: only an export folder that carries "
    "its chain (audit/) brings records in; export it again from its database"
)


def _refused_folders(
    roots: Mapping[Path, Path | None], protocols: Sequence[Path], head: Head | None, tally: Tally
) -> set[Path]:
    """The export folders whose chain does not vouch for the files taken from them (each
    break reported as an error of its file)."""
    refused: set[Path] = set()
    for root in sorted({r for r in roots.values() if r is not None}):
        mine = [p for p in protocols if roots[p] == root]
        verdict = verify_folder(root, files=mine, head=head, replaying=True)
        if verdict.holds:
            continue
        refused.add(root)
        for b in verdict.breaks:
            at = f"event {b.event}: " if b.event else ""
            tally.errors.append(
                Problem(str(root / b.file), "", f"{at}{b.what}; nothing of {root} is imported")
            )
    return refused


def _no_findings(figures: Figures, acts: frozenset[Act]) -> tuple[Any, ...]:
    return ()


def _same_entry(a: Entry, b: Entry) -> bool:
    """The same entry as stored: figures, acts, who and when (a qr entry is stored as the
    first or second it became)."""
    return (
        (a.figures, a.acts) == (b.figures, b.acts)
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
