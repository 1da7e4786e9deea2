"""Forged record files: each is refused with its file and place, none is accepted, and the
results do not move. The forgeries are the ones a new user tried on a real export."""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from kztally.domain.election import Election
from kztally.domain.entry import Entry, State, Transition
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.entry import main
from kztally.formats.load import dumps, load_election
from kztally.formats.protocol_json import (
    Decision,
    ProtocolRecord,
    Revision,
    protocol_to_dict,
    record_file,
)
from kztally.services.context import Services
from kztally.services.mock import run_mock
from kztally.services.transfer import ImportReport, TransferService, read_protocol
from kztally.storage.database import Database, open_database
from tests.chained import seal

Key = tuple[AreaCode, ContestId]

PASSWORD = "correct horse battery"
"""Every account these tests make signs in with it (the rules need one)."""


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An export of a small mock with planted errors (so some warnings were accepted)."""
    base = tmp_path_factory.mktemp("forged-source")
    db = open_database(f"sqlite:///{base / 'source.sqlite'}", migrate=True)
    try:
        admin = Services.sign_in(db, "admin", PASSWORD)
        run_mock(admin, 1, "small", 0.1, answers=base / "answers.json")
        TransferService(admin).export(base / "export")
    finally:
        db.close()
    return base / "export"


def records(export: Path) -> tuple[Election, dict[Path, ProtocolRecord]]:
    election = load_election(export / "election.json")
    out = {}
    for path in sorted((export / "protocols").iterdir()):
        record = read_protocol(path, election).record
        assert record is not None
        out[path] = record
    return election, out


def forge(
    export: Path,
    tmp_path: Path,
    pick: Callable[[ProtocolRecord], bool],
    change: Callable[..., ProtocolRecord],
) -> tuple[Path, Key]:
    """A copy of the election and one record file, changed."""
    election, found = records(export)
    path, record = next((p, r) for p, r in found.items() if pick(r))
    folder = tmp_path / "forged"
    folder.mkdir()
    shutil.copy(export / "election.json", folder / "election.json")
    forged = change(record)
    document = protocol_to_dict(record_file(election, forged), election.contest(forged.contest))
    (folder / path.name).write_text(dumps(document), encoding="utf-8")
    seal(folder, election)  # the forger recomputes the chain: the replay still refuses
    return folder / path.name, (record.precinct, record.contest)


def refigure(record: ProtocolRecord, new: Callable[[Figures], Figures]) -> ProtocolRecord:
    """The same history with every figures changed alike (a consistent forgery)."""

    def entry(e: Entry | None) -> Entry | None:
        return None if e is None else replace(e, figures=new(e.figures))

    case = record.case
    return replace(
        record,
        case=replace(
            case, first=entry(case.first), second=entry(case.second), agreed=entry(case.agreed)
        ),
        revisions=tuple(
            replace(r, figures=None if r.figures is None else new(r.figures))
            for r in record.revisions
        ),
    )


def clean_accepted(r: ProtocolRecord) -> bool:
    return [x.transition for x in r.revisions] == [
        Transition.FIRST_ENTRY,
        Transition.SECOND_ENTRY,
        Transition.ACCEPT,
    ]


def importing(db: Database, export: Path, role: Role = Role.SUPERVISOR) -> Services:
    """The administrator loads the election; someone of `role` imports the records."""
    admin = Services.sign_in(db, "admin", PASSWORD)
    report = TransferService(admin).import_paths([export / "election.json"])
    assert report.status == 0
    admin.users.add("importer", role, PASSWORD)
    return Services.sign_in(db, "importer", PASSWORD)


def refused(report: ImportReport, path: Path, where: str, says: str) -> None:
    assert report.status == 2
    [problem] = report.errors
    assert (problem.path, problem.where) == (str(path), where)
    assert says in problem.message
    assert str(path) in str(problem)
    # `kztally check` gives the same verdict on the same file, at the same place
    said = io.StringIO()
    with contextlib.redirect_stderr(said), contextlib.redirect_stdout(io.StringIO()):
        status = main(["check", "--election", str(path.parent / "election.json"), str(path)])
    assert status == 2
    assert f"kztally check: {path}: {where}: " in said.getvalue()
    assert says in said.getvalue()


def nothing_accepted(who: Services) -> None:
    """No protocol counts, so no result moved: the results are those of no protocol."""
    summaries = who.entry.summaries()
    assert summaries
    assert [s for s in summaries if s.state is State.ACCEPTED] == []


def test_a_hundred_thousand_votes_more_wait_with_k4(
    db: Database, export: Path, tmp_path: Path
) -> None:
    def more(f: Figures) -> Figures:
        return replace(f, votes=(f.votes[0] + 100_000, *f.votes[1:]))

    path, key = forge(
        export,
        tmp_path,
        lambda r: r.contest.endswith("-L") and r.contest.startswith("MZ") and clean_accepted(r),
        lambda r: refigure(r, more),
    )
    sup = importing(db, export)
    report = TransferService(sup).import_paths([path.parent])
    refused(report, path, "revisions[2]", "K4")
    view = sup.entry.view(*key)
    assert view.state is State.PENDING and not view.breach
    assert "K4" in {f.code for f in view.findings}
    nothing_accepted(sup)


def test_votes_added_in_the_revisions_only_are_refused_by_check_and_import_alike(
    db: Database, export: Path, tmp_path: Path
) -> None:
    def in_revisions(r: ProtocolRecord) -> ProtocolRecord:
        more = refigure(r, lambda f: replace(f, votes=(f.votes[0] + 100_000, *f.votes[1:])))
        return replace(r, revisions=more.revisions)  # the entries still show the paper's

    path, key = forge(
        export,
        tmp_path,
        lambda r: r.contest.endswith("-L") and r.contest.startswith("MZ") and clean_accepted(r),
        in_revisions,
    )
    sup = importing(db, export)
    report = TransferService(sup).import_paths([path.parent])
    refused(report, path, "revisions[2]", "K4")
    assert sup.entry.view(*key).state is State.PENDING
    nothing_accepted(sup)


def test_an_empty_field_accepted_as_a_breach_is_refused(
    db: Database, export: Path, tmp_path: Path
) -> None:
    def emptied(r: ProtocolRecord) -> ProtocolRecord:
        r = refigure(r, lambda f: replace(f, lines=(*f.lines[:5], None, *f.lines[6:])))
        second = r.revisions[1]
        breach = Revision(
            3, Transition.ACCEPT_BREACH, "mock-supervisor", second.at, "as on the paper",
            "act 1", figures=second.figures,
        )  # fmt: skip
        return replace(
            r,
            case=replace(r.case, breach=True),
            decisions=(
                Decision(breach.transition, breach.by, breach.at, breach.reason, breach.reference),
            ),
            revisions=(*r.revisions[:2], breach),
        )

    path, key = forge(export, tmp_path, clean_accepted, emptied)
    sup = importing(db, export)
    report = TransferService(sup).import_paths([path.parent])
    refused(report, path, "revisions[2]", "K6 cannot be accepted")
    view = sup.entry.view(*key)
    assert view.state is State.PENDING and not view.breach
    nothing_accepted(sup)


def test_one_clerk_making_both_entries_is_refused(
    db: Database, export: Path, tmp_path: Path
) -> None:
    def one_clerk(r: ProtocolRecord) -> ProtocolRecord:
        first = r.case.first
        assert first is not None and r.case.second is not None
        second = replace(r.case.second, by=first.by)
        return replace(
            r,
            case=replace(r.case, second=second, agreed=second),
            revisions=tuple(replace(x, by=r.revisions[0].by) for x in r.revisions),
        )

    path, key = forge(export, tmp_path, clean_accepted, one_clerk)
    sup = importing(db, export)
    report = TransferService(sup).import_paths([path.parent])
    refused(report, path, "revisions[1]", "another clerk")
    assert sup.entry.view(*key).state is State.FIRST_ENTRY
    nothing_accepted(sup)


def test_a_trainer_cannot_bring_in_a_supervisors_acceptance(
    db: Database, export: Path, tmp_path: Path
) -> None:
    """The whole export, imported by a trainer: every supervisor's acceptance in it is
    refused (the rule set names supervisors only), the protocols wait for one."""
    _, found = records(export)
    decided = {
        path: (r.precinct, r.contest)
        for path, r in found.items()
        if r.revisions and r.revisions[-1].transition is Transition.ACCEPT_WARNINGS
    }
    assert decided
    trainer = importing(db, export, Role.TRAINER)
    report = TransferService(trainer).import_paths([export])
    assert report.status == 2
    assert {Path(p.path): p.where for p in report.errors} == dict.fromkeys(decided, "revisions[2]")
    assert all("a trainer may not accept warnings" in p.message for p in report.errors)
    states = trainer.entry.states()
    assert {states[key] for key in decided.values()} == {State.PENDING}
    # the revisions kept name who ran the import, from which file, besides the clerks
    path, key = next(iter(decided.items()))
    history = trainer.entry.history(*key)
    assert [(r.transition, r.role) for r in history] == [
        (Transition.FIRST_ENTRY, Role.CLERK),
        (Transition.SECOND_ENTRY, Role.CLERK),
    ]
    assert {(p.run_by, p.source) for r in history if (p := r.provenance)} == {
        ("importer", str(path))
    }
    assert all(r.provenance and len(r.provenance.sha256) == 64 for r in history)
    # the same files imported by a supervisor go in, accepted as they say
    other = open_database(f"sqlite:///{tmp_path / 'second.sqlite'}", migrate=True)
    try:
        sup = importing(other, export)
        assert TransferService(sup).import_paths([export]).status == 0
        assert {sup.entry.view(*k).state for k in decided.values()} == {State.ACCEPTED}
    finally:
        other.close()
