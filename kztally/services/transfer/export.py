"""Export: the election, every protocol's record, observers' copies and the results
tables, written into a folder beside the target and renamed into place when complete."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from kztally.domain.election import Election
from kztally.domain.entry import Entry, EntryKind, State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.rules import Role
from kztally.formats import election_json, protocol_json
from kztally.formats.protocol_json import ProtocolFile, ProtocolRecord, Revision
from kztally.services.elections import ElectionService
from kztally.services.errors import InvalidRequest, NoElection
from kztally.services.eventfiles import write_events, write_lines
from kztally.services.guard import require_training
from kztally.services.official import status_of
from kztally.services.transfer.chain import (
    EVENTS_FILE,
    HEAD_FILE,
    REVISIONS_FILE,
    revisions_line,
)
from kztally.services.transfer.files import (
    DEFINITION_FILE,
    OBSERVERS_DIR,
    PROTOCOLS_DIR,
    RESULTS_DIR,
    document_text,
    protocol_file_name,
    results_file_name,
    write_atomic,
)
from kztally.services.transfer.replay import decisions_of
from kztally.services.transfer.reports import ExportReport
from kztally.services.transfer.tables import results_tables
from kztally.services.users import SignedIn, require_role
from kztally.storage import audit as audit_store
from kztally.storage import formal as formal_store
from kztally.storage import observers as observer_store
from kztally.storage import protocols as protocol_store
from kztally.storage import transfer as store
from kztally.storage.database import Database, Session

EXPORT_ROLES = frozenset(Role)
FULL_EXPORT_ROLES = frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR, Role.TRAINER})
"""Who exports every protocol; the other roles export accepted ones."""


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
        stored.precinct, stored.contest, stored.case, decisions_of(revisions), revisions
    )


def _observer_copies(s: Session, election: Election, folder: Path) -> int:
    """Observers' copies as single-entry files of kind `observer`, numbered per protocol
    in the order they were made: `observers/<precinct>_<contest>_<n>.json`."""
    written = 0
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
        write_atomic(folder / name, document_text(document).encode("utf-8"))
        written += 1
    return written


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise InvalidRequest(f"{target} is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / DEFINITION_FILE).is_file():
        raise InvalidRequest(
            f"{target} is not empty and holds no earlier export: choose an empty folder"
        )


def _put_in_place(work: Path, target: Path) -> None:
    """Rename the complete export `work` to `target`, replacing an earlier export there."""
    if target.is_dir() and any(target.iterdir()):
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
        os.replace(work, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        if target.is_dir():
            target.rmdir()
        os.replace(work, target)


def export(
    db: Database,
    actor: SignedIn,
    elections: ElectionService,
    directory: str | os.PathLike[str],
    progress: Callable[[int, int], object] | None = None,
) -> ExportReport:
    """Write the election, every protocol with any history and the results tables to
    `directory` (see `TransferService.export`)."""
    target = Path(directory)
    _check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.with_name(f".{target.name}.partial-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    try:
        report = _write(db, actor, elections, work, progress)
        if report.cancelled:
            shutil.rmtree(work, ignore_errors=True)
            return ExportReport(target, 0, 0, True, report.withheld)
        _put_in_place(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return ExportReport(
        target, report.protocols, report.results, False, report.withheld, report.head
    )


def _write(
    db: Database,
    actor: SignedIn,
    elections: ElectionService,
    work: Path,
    progress: Callable[[int, int], object] | None,
) -> ExportReport:
    protocols_dir = work / PROTOCOLS_DIR
    results_dir = work / RESULTS_DIR
    protocols_dir.mkdir(parents=True)
    results_dir.mkdir()
    written = tables = 0
    withheld = 0
    with db.session(readonly=True) as s:
        store.snapshot(s)
        me = require_role(s, actor, EXPORT_ROLES, "export data")
        # the second entry is blind, and observers see official figures once they are
        # accepted: what they may not read, they do not get in a file either
        accepted_only = me.role not in FULL_EXPORT_ROLES
        election = elections.within(s)
        if election is None:
            raise NoElection()
        require_training(s, me, election, "export data")
        total = store.touched_count(s)
        definition = document_text(election_json.election_to_dict(election)).encode("utf-8")
        write_atomic(work / DEFINITION_FILE, definition)
        contests = {c.id: c for c in election.contests}
        ref = protocol_json.election_ref(election)
        done = 0
        sidecar: list[str] = []
        formal = formal_store.current(s)
        for window in store.touched_protocols(s):
            for p in window:
                if accepted_only and p.case.state is not State.ACCEPTED:
                    withheld += 1
                    continue
                parts = formal.get((p.precinct, p.contest))
                document = protocol_json.protocol_to_dict(
                    ProtocolFile(
                        ref,
                        p.precinct,
                        p.contest,
                        record_of(p),
                        None if parts is None else parts.formal(),
                    ),
                    contests[p.contest],
                )
                name = protocol_file_name(p.precinct, p.contest)
                write_atomic(protocols_dir / name, document_text(document).encode("utf-8"))
                sidecar.append(revisions_line(p))
                written += 1
            done += len(window)
            if progress is not None and progress(done, total) is False:
                return ExportReport(work, written, 0, True, withheld)
        summaries = protocol_store.summaries(s)
        status = status_of(s)  # the head of the same snapshot as the figures
        for contest_id, text in results_tables(election, summaries, status):
            write_atomic(results_dir / results_file_name(contest_id), text.encode("utf-8-sig"))
            tables += 1
        if not accepted_only:
            _observer_copies(s, election, work / OBSERVERS_DIR)
        # the audit log as of the same snapshot: it vouches for the records above
        head = write_events(work / EVENTS_FILE, audit_store.events(s))
        write_lines(work / REVISIONS_FILE, sidecar)
        write_lines(work / HEAD_FILE, [str(head)])
    return ExportReport(work, written, tables, False, withheld, head)
