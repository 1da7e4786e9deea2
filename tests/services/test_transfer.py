"""Moving data: export to files and import back, on SQLite and PostgreSQL.

The source is a small mock election with planted errors and a history a supervisor made
on it (entries kept, sent back, corrected, accepted with warnings and with a breach,
recounted, annulled), exported once. Each test imports it, or single files, into a
fresh database of either kind.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import make_url

from kztally.domain.election import Election
from kztally.domain.entry import Case, Entry, EntryKind, State, Transition
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.formats.load import dumps, parse_json
from kztally.formats.protocol_json import (
    Decision,
    ProtocolRecord,
    Revision,
    entry_file,
    protocol_to_dict,
    record_file,
)
from kztally.services.context import Services
from kztally.services.errors import PermissionDenied
from kztally.services.mock import run_mock
from kztally.services.transfer import (
    ImportReport,
    TransferService,
    document_text,
)
from kztally.storage.database import Database, open_database
from tests.chained import seal
from tests.conftest import PASSWORD

ServicesFactory = Callable[..., Services]
P1, P2, P3 = AreaCode("P00001"), AreaCode("P00002"), AreaCode("P00003")
MZL = ContestId("MZ-L")
AT = dt.datetime(2023, 3, 19, 21, 5, tzinfo=dt.timezone(dt.timedelta(hours=6)))
CLEAN = Figures((1000, 600, 550, 20, 30, 550, 20, 5), (300, 150, 100), 15)


def tree(folder: Path) -> dict[str, bytes]:
    """An export's files but its audit chain (each database's chain is its own)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "audit"
    }


def results_rows(files: dict[str, bytes], name: str = "results/MZ-L.csv") -> list[list[str]]:
    """A results table's rows without their last column, the audit head of the database
    that wrote it (`results` official or not is kept)."""
    rows = list(csv.reader(io.StringIO(files[name].decode("utf-8-sig"), newline="")))
    assert rows[0][-2:] == ["results", "audit head"]
    return [r[:-1] for r in rows]


def headless(files: dict[str, bytes]) -> dict[str, Any]:
    """An export's files, the results tables without their audit heads: the same in
    every database that holds the same records."""
    return {n: results_rows(files, n) if n.startswith("results/") else b for n, b in files.items()}


def transfer(services: Services, batch_size: int = 500) -> TransferService:
    return TransferService(services, batch_size=batch_size)


# -- the source: a mock election with some history -------------------------------------


def _make_history(admin: Services) -> None:
    """Every kind of step a supervisor takes, on protocols of the mock."""
    admin.users.add("c1", Role.CLERK, PASSWORD)
    admin.users.add("c2", Role.CLERK, PASSWORD)
    admin.users.add("sup", Role.SUPERVISOR, PASSWORD)
    c1, c2, sup = (Services.sign_in(admin.db, n, PASSWORD) for n in ("c1", "c2", "sup"))
    states = admin.entry.states()
    differ = sorted(k for k, s in states.items() if s is State.ENTRIES_DIFFER)
    pending = sorted(k for k, s in states.items() if s is State.PENDING)
    accepted = sorted(k for k, s in states.items() if s is State.ACCEPTED)

    def view(key: tuple[AreaCode, ContestId]) -> Any:
        return sup.entry.view(*key)

    # entries that differ: the first kept; sent back and entered anew; corrected
    sup.entry.resolve(*differ[0], EntryKind.FIRST, reason="as on the paper",
                      expected_version=view(differ[0]).version)  # fmt: skip
    v = view(differ[1])
    assert v.first is not None
    again = v.first.figures
    v = sup.entry.send_back(*differ[1], reason="illegible", expected_version=v.version)
    v = c1.entry.enter(*differ[1], again, expected_version=v.version)
    c2.entry.enter(*differ[1], again, expected_version=v.version)
    v = view(differ[2])
    assert v.second is not None
    sup.entry.resolve(*differ[2], EntryKind.CORRECTION, v.second.figures,
                      reason="checked the copy", expected_version=v.version)  # fmt: skip

    # pending: warnings accepted with a reason, a broken ratio accepted as a breach
    warned = [k for k in pending if all(f.code.startswith("W") for f in view(k).findings)]
    broken = [k for k in pending if any(f.code.startswith("K") for f in view(k).findings)]
    sup.entry.accept(
        *warned[0], reason="seen on the paper", expected_version=view(warned[0]).version
    )
    sup.entry.accept(*broken[0], reason="as on the paper", act_reference="act 7",
                     expected_version=view(broken[0]).version)  # fmt: skip

    # accepted: recounted and entered once more; annulled; recounted then annulled
    v = view(accepted[0])
    figures = v.figures
    assert figures is not None
    v = sup.entry.recount(*accepted[0], reason="ordered", reference="decision 4",
                          expected_version=v.version)  # fmt: skip
    c1.entry.enter(*accepted[0], figures, expected_version=v.version)
    sup.entry.annul(*accepted[1], reason="court", reference="ruling 9",
                    expected_version=view(accepted[1]).version)  # fmt: skip
    v = sup.entry.recount(*accepted[2], reason="ordered", reference="decision 5",
                          expected_version=view(accepted[2]).version)  # fmt: skip
    sup.entry.annul(*accepted[2], reason="court", reference="ruling 10",
                    expected_version=v.version)  # fmt: skip

    # an observer's certified copies: one protocol twice (the newer one is theirs)
    admin.users.add("obs", Role.OBSERVER, PASSWORD)
    obs = Services.sign_in(admin.db, "obs", PASSWORD)
    official = view(accepted[3]).figures
    assert official is not None
    obs.observers.enter_copy(*accepted[3], official, frozenset(), note="first look")
    obs.observers.enter_copy(*accepted[3], official, frozenset(), note="checked")
    other = view(accepted[4]).figures
    assert other is not None
    obs.observers.enter_copy(*accepted[4], other, frozenset())


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An export of a small mock election with every kind of history."""
    base = tmp_path_factory.mktemp("source")
    db = open_database(f"sqlite:///{base / 'source.sqlite'}", migrate=True)
    try:
        admin = Services.sign_in(db, "admin", PASSWORD)
        run_mock(admin, 3, "small", 0.2, answers=base / "answers.json")
        _make_history(admin)
        report = transfer(Services.sign_in(db, "sup", PASSWORD)).export(base / "export")
    finally:
        db.close()
    assert report.protocols == 200 and not report.cancelled
    return base / "export"


@pytest.fixture
def fresh(db: Database) -> Services:
    """An empty database (no election) with its first administrator."""
    return Services.sign_in(db, "admin", PASSWORD)


def supervisor(admin: Services) -> Services:
    """A supervisor on the administrator's database: the one who exports first entries."""
    admin.users.add("sup", Role.SUPERVISOR, PASSWORD)
    return Services.sign_in(admin.db, "sup", PASSWORD)


def loaded(admin: Services, source: Path) -> Services:
    """The administrator loads the export's election; a supervisor, who vouches for the
    decisions the records hold, imports the rest."""
    assert transfer(admin).import_paths([source / "election.json"]).status == 0
    return supervisor(admin)


@pytest.fixture
def importer(fresh: Services, source: Path) -> Services:
    return loaded(fresh, source)


@pytest.fixture
def second_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """Another empty database of the same kind as `db_url`."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'second.sqlite'}"
        return
    name = f"kztally_test_{uuid.uuid4().hex[:16]}"
    conninfo = psycopg.conninfo.make_conninfo(
        host=url.host, port=url.port, user=url.username, password=url.password, dbname="postgres"
    )
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def counts(report: ImportReport) -> tuple[int, int, int, int, int]:
    return (
        report.files,
        report.imported,
        report.unchanged,
        len(report.conflicts),
        len(report.errors),
    )


# -- round trip ------------------------------------------------------------------------


def test_an_export_imported_into_an_empty_database_exports_the_same_bytes(
    source: Path, fresh: Services, importer: Services, second_url: str, tmp_path: Path
) -> None:
    files = len(tree(source)) - len(list((source / "results").iterdir()))
    seen: list[tuple[int, int]] = []
    report = transfer(importer, batch_size=37).import_paths(
        [source], lambda done, total: seen.append((done, total)) is None
    )
    assert counts(report) == (files, files - 1, 1, 0, 0)  # the definition was loaded
    assert report.status == 0
    assert seen[-1] == (files, files)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)

    sup = importer
    transfer(sup).export(tmp_path / "again")
    assert headless(tree(tmp_path / "again")) == headless(tree(source))

    # the history is there step by step, written by the import for the signed-in person
    recounted = [p for p in (source / "protocols").iterdir() if b'"recount"' in p.read_bytes()]
    assert recounted
    record = parse_json(recounted[0].read_text("utf-8"), recounted[0])
    precinct, contest = AreaCode(record["precinct"]), ContestId(record["contest"])
    history = fresh.entry.history(precinct, contest)
    assert [r.transition.value for r in history] == [r["transition"] for r in record["revisions"]]
    assert {r.system for r in history} == {"import"}
    assert {r.provenance.run_by for r in history if r.provenance} == {"sup"}
    assert {r.provenance.source for r in history if r.provenance} == {str(recounted[0])}
    assert history[-1].round == record["round"]
    view = fresh.entry.view(precinct, contest)
    assert (view.state.value, view.round) == (record["state"], record["round"])

    # and once more into a second database, from the copy: still the same bytes
    other = open_database(second_url, migrate=True)
    try:
        second = loaded(Services.sign_in(other, "admin", PASSWORD), tmp_path / "again")
        assert transfer(second).import_paths([tmp_path / "again"]).status == 0
        transfer(second).export(tmp_path / "third")
    finally:
        other.close()
    assert headless(tree(tmp_path / "third")) == headless(tree(source))


def test_observers_copies_travel(source: Path, fresh: Services, importer: Services) -> None:
    names = sorted(p.name for p in (source / "observers").iterdir())
    assert len(names) == 3 and names[0].endswith("_1.json") and names[1].endswith("_2.json")
    assert transfer(importer).import_paths([source]).status == 0
    copied = parse_json((source / "observers" / names[0]).read_text("utf-8"), names[0])
    kept = fresh.observers.copies(AreaCode(copied["precinct"]), ContestId(copied["contest"]))
    assert [c.observer for c in kept] == ["obs", "obs"]


def test_importing_what_is_there_changes_nothing(
    source: Path, fresh: Services, importer: Services
) -> None:
    files = (
        len(list((source / "protocols").iterdir()))
        + len(list((source / "observers").iterdir()))
        + 1
    )
    assert transfer(importer).import_paths([source]).status == 0
    before = fresh.data_version()
    report = transfer(fresh).import_paths([source])
    assert counts(report) == (files, 0, files, 0, 0)
    # the definition alone, and a single record named as a file
    one = sorted((source / "protocols").iterdir())[0]
    report = transfer(fresh).import_paths([source / "election.json", one])
    assert counts(report) == (2, 0, 2, 0, 0)
    assert fresh.data_version() == before


def test_the_export_files(source: Path) -> None:
    files = tree(source)
    definition = json.loads(files["election.json"])
    assert definition["format"] == "kztally.election"
    for name, data in files.items():
        if name.endswith(".json"):
            text = data.decode("utf-8")
            assert document_text(parse_json(text, name)) == text == dumps(parse_json(text, name))
    record = json.loads(files["protocols/" + sorted(
        n.removeprefix("protocols/") for n in files if n.startswith("protocols/"))[0]])  # fmt: skip
    assert record["kind"] == "record"
    assert record["election"]["id"] == definition["identity"]["id"]
    # the results: a table per contest, with a byte order mark and the choices' names
    contest = definition["contests"][0]
    table = files[f"results/{contest['id']}.csv"]
    assert table.startswith(b"\xef\xbb\xbf")
    header, *rows = csv.reader(io.StringIO(table.decode("utf-8-sig"), newline=""))
    names = [c["name"] for c in sorted(contest["choices"], key=lambda c: c["ballot_order"])]
    assert header[:8] == ["precinct", "number", "name", "district", "region", "state",
                          "line 1", "line 2"]  # fmt: skip
    assert header[14 : 14 + len(names)] == names
    voting = [a for a in definition["areas"] if contest["id"] in a.get("contests", [])]
    assert len(rows) == len(voting)
    accepted = [r for r in rows if r[5] == "accepted"]
    others = [r for r in rows if r[5] != "accepted"]
    assert accepted and all(r[6].isdigit() for r in accepted)
    assert all(r[6:-2] == [""] * (len(header) - 8) for r in others)
    # every row says the results are unofficial, and the audit head of the export
    assert header[-2:] == ["results", "audit head"]
    assert {r[-2] for r in rows} == {"unofficial"} and len({r[-1] for r in rows}) == 1


# -- definitions -----------------------------------------------------------------------


def test_another_election_is_refused_and_nothing_is_read(
    source: Path, services: ServicesFactory
) -> None:
    admin = services("admin")
    before = admin.data_version()
    report = transfer(admin).import_paths([source])
    assert report.status == 1
    (conflict,) = report.conflicts
    assert conflict.path == str(source / "election.json")
    assert "TEST-2023" in conflict.message
    assert report.skipped == len(list((source / "protocols").iterdir())) + len(
        list((source / "observers").iterdir())
    )
    assert (report.imported, report.errors) == (0, ())
    assert admin.data_version() == before


def test_protocols_without_an_election_are_refused(
    source: Path, fresh: Services, tmp_path: Path
) -> None:
    from kztally.services.errors import NoElection

    with pytest.raises(NoElection):
        transfer(fresh).import_paths([source / "protocols"])
    # with a definition that cannot be read, that is what the report says
    (tmp_path / "protocols").mkdir()
    (tmp_path / "election.json").write_text("{}", encoding="utf-8")
    one = sorted((source / "protocols").iterdir())[0]
    (tmp_path / "protocols" / one.name).write_bytes(one.read_bytes())
    report = transfer(fresh).import_paths([tmp_path])
    assert (report.status, report.skipped, report.imported) == (2, 1, 0)
    assert report.errors[0].path == str(tmp_path / "election.json")


def test_clerks_and_observers_export_accepted_protocols_only(
    source: Path, fresh: Services, importer: Services, tmp_path: Path
) -> None:
    assert transfer(importer).import_paths([source]).status == 0
    states = {
        p.name: json.loads(p.read_text("utf-8"))["state"] for p in (source / "protocols").iterdir()
    }
    accepted = {name for name, state in states.items() if state == State.ACCEPTED.value}
    assert State.FIRST_ENTRY.value in states.values()
    for role in (Role.CLERK, Role.OBSERVER):
        fresh.users.add(f"a-{role}", role, PASSWORD)
        who = Services.sign_in(fresh.db, f"a-{role}", PASSWORD)
        report = transfer(who).export(tmp_path / role)
        assert (report.protocols, report.withheld) == (len(accepted), len(states) - len(accepted))
        assert {p.name for p in (tmp_path / role / "protocols").iterdir()} == accepted
        # the same figures; each file ends its rows with its own database's audit head
        assert results_rows(tree(tmp_path / role)) == results_rows(tree(source))
    for who in (fresh, importer):
        report = transfer(who).export(tmp_path / who.actor.user)
        assert (report.protocols, report.withheld) == (200, 0)


def test_who_may_export_and_import(source: Path, services: ServicesFactory, tmp_path: Path) -> None:
    for role in (Role.CLERK, Role.OBSERVER):
        who = services(f"a-{role}", role)
        assert transfer(who).export(tmp_path / role).protocols == 0
        with pytest.raises(PermissionDenied):
            transfer(who).import_paths([tmp_path / role])
    for role in (Role.SUPERVISOR, Role.TRAINER):
        who = services(f"a-{role}", role)
        assert transfer(who).import_paths([tmp_path / Role.CLERK]).status == 0


def test_an_export_goes_to_an_empty_folder_or_an_earlier_export(
    services: ServicesFactory, tmp_path: Path
) -> None:
    from kztally.services.errors import InvalidRequest

    admin = services("admin")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(InvalidRequest):
        transfer(admin).export(tmp_path / "busy")
    assert (tmp_path / "busy" / "notes.txt").read_text() == "mine"
    transfer(admin).export(tmp_path / "out")
    stale = tmp_path / "out" / "protocols" / "P09999_MZ-L.json"
    stale.write_text("{}")
    transfer(admin).export(tmp_path / "out")
    assert not stale.exists()
    assert not list((tmp_path / "out").rglob("*.tmp"))


# -- single entries --------------------------------------------------------------------


def entry_path(
    folder: Path,
    election: Election,
    name: str,
    kind: EntryKind,
    by: str,
    figures: Figures = CLEAN,
    precinct: str = P1,
    at: dt.datetime = AT,
) -> Path:
    pf = entry_file(election, precinct, MZL, Entry(figures, by, at, kind=kind))
    path = folder / name
    path.write_text(dumps(protocol_to_dict(pf, election.contest(MZL))), encoding="utf-8")
    return path


def test_single_entries_join_the_state_machine(
    services: ServicesFactory, election: Election, tmp_path: Path
) -> None:
    admin = services("admin")
    first = entry_path(tmp_path, election, "1.json", EntryKind.FIRST, "aliya")
    second = entry_path(tmp_path, election, "2.json", EntryKind.SECOND, "bolat")

    report = transfer(admin).import_paths([first])
    assert counts(report) == (1, 1, 0, 0, 0)
    assert admin.entry.view(P1, MZL).state is State.FIRST_ENTRY
    report = transfer(admin).import_paths([second, first])
    assert counts(report) == (2, 1, 1, 0, 0)
    view = admin.entry.view(P1, MZL)
    assert (view.state, view.figures) == (State.ACCEPTED, CLEAN)
    history = admin.entry.history(P1, MZL)
    assert [(r.transition, r.actor, r.role, r.system, r.entry_by) for r in history] == [
        (Transition.FIRST_ENTRY, "aliya", Role.CLERK, "import", "aliya"),
        (Transition.SECOND_ENTRY, "bolat", Role.CLERK, "import", "bolat"),
        (Transition.ACCEPT, "bolat", Role.CLERK, "import", "bolat"),
    ]
    # who ran the import, from which file
    sources = [(r.provenance.run_by, r.provenance.source) for r in history if r.provenance]
    assert sources == [("admin", str(first)), ("admin", str(second)), ("admin", str(second))]
    assert all(r.provenance is not None and len(r.provenance.sha256) == 64 for r in history)
    before = admin.data_version()
    assert counts(transfer(admin).import_paths([tmp_path])) == (2, 0, 2, 0, 0)
    assert admin.data_version() == before


def test_both_entries_of_one_import_and_what_cannot_join(
    services: ServicesFactory, election: Election, tmp_path: Path
) -> None:
    admin = services("admin")
    folder = tmp_path / "in"
    folder.mkdir()
    # P00002: first and second in one import, named so that the second sorts first
    entry_path(folder, election, "a.json", EntryKind.SECOND, "bolat", precinct=P2)
    entry_path(folder, election, "b.json", EntryKind.FIRST, "aliya", precinct=P2)
    # P00003: a second entry with no first; the same clerk twice; an observer's copy,
    # which is kept as the observer's and leaves the official protocol alone
    entry_path(folder, election, "c.json", EntryKind.SECOND, "bolat", precinct=P3)
    entry_path(folder, election, "d.json", EntryKind.FIRST, "dana")
    entry_path(folder, election, "e.json", EntryKind.SECOND, "dana",
               at=AT + dt.timedelta(minutes=5))  # fmt: skip
    entry_path(folder, election, "f.json", EntryKind.OBSERVER, "observer", precinct=P3)
    report = transfer(admin).import_paths([folder])
    assert report.status == 1
    assert (report.imported, report.unchanged) == (4, 0)
    why = {Path(c.path).name: c.message for c in report.conflicts}
    assert set(why) == {"c.json", "e.json"}
    assert "no first entry" in why["c.json"]
    assert "another clerk" in why["e.json"]
    admin.users.add("observer", Role.OBSERVER, PASSWORD)
    observer = Services.sign_in(admin.db, "observer", PASSWORD)
    [copy] = observer.observers.copies(P3, MZL)
    assert (copy.observer, copy.figures, copy.at) == ("observer", CLEAN, AT)
    assert admin.entry.view(P2, MZL).state is State.ACCEPTED
    assert admin.entry.view(P1, MZL).state is State.FIRST_ENTRY
    assert admin.entry.view(P3, MZL).state is State.NOT_ENTERED


# -- records ---------------------------------------------------------------------------


def accepted_record(by: tuple[str, str] = ("aliya", "bolat")) -> ProtocolRecord:
    first = Entry(CLEAN, by[0], AT, kind=EntryKind.FIRST)
    second = Entry(CLEAN, by[1], AT + dt.timedelta(minutes=3), kind=EntryKind.SECOND)
    return ProtocolRecord(
        P1,
        MZL,
        Case(State.ACCEPTED, 1, first, second, second),
        revisions=(
            Revision(1, Transition.FIRST_ENTRY, by[0], AT, figures=CLEAN),
            Revision(2, Transition.SECOND_ENTRY, by[1], second.at, figures=CLEAN),
            Revision(3, Transition.ACCEPT, by[1], second.at, figures=CLEAN),
        ),
    )


def record_path(folder: Path, election: Election, record: ProtocolRecord, name: str) -> Path:
    """A record file in a folder of its own, with a chain written for it (what the chain
    cannot stop, the replay must)."""
    path = folder / Path(name).stem / name
    path.parent.mkdir()
    document = protocol_to_dict(record_file(election, record), election.contest(record.contest))
    path.write_text(dumps(document), encoding="utf-8")
    seal(path.parent, election)
    return path


def test_a_record_joins_an_untouched_protocol_and_a_conflict_is_left_alone(
    services: ServicesFactory, election: Election, tmp_path: Path
) -> None:
    admin = services("admin")
    c1 = services("c1")
    record = accepted_record()
    path = record_path(tmp_path, election, record, "p1.json")
    c1.entry.enter(P2, MZL, CLEAN, expected_version=1)
    busy = record_path(tmp_path, election, replace(record, precinct=P2), "p2.json")

    report = transfer(admin).import_paths([path, busy])
    assert counts(report) == (2, 1, 0, 1, 0)
    assert report.status == 1
    (conflict,) = report.conflicts
    assert conflict.path == str(busy)
    assert "first_entry here" in conflict.message
    assert admin.entry.view(P2, MZL).state is State.FIRST_ENTRY
    assert len(admin.entry.history(P2, MZL)) == 1

    view = admin.entry.view(P1, MZL)
    # version 1, and one more for each of its three revisions
    assert (view.state, view.figures, view.version) == (State.ACCEPTED, CLEAN, 4)
    history = admin.entry.history(P1, MZL)
    assert [(r.transition, r.actor, r.role, r.system, r.entry_by) for r in history] == [
        (Transition.FIRST_ENTRY, "aliya", Role.CLERK, "import", "aliya"),
        (Transition.SECOND_ENTRY, "bolat", Role.CLERK, "import", "bolat"),
        (Transition.ACCEPT, "bolat", Role.CLERK, "import", "bolat"),
    ]
    # the same record again: unchanged; another record for it: a conflict
    assert counts(transfer(admin).import_paths([path])) == (1, 0, 1, 0, 0)
    other = record_path(tmp_path, election, accepted_record(("aliya", "dana")), "other.json")
    report = transfer(admin).import_paths([other])
    assert [Path(c.path).name for c in report.conflicts] == ["other.json"]


def test_a_record_whose_history_does_not_lead_to_its_state_is_an_error(
    services: ServicesFactory, election: Election, tmp_path: Path
) -> None:
    admin = services("admin")
    record = accepted_record()
    cases = {
        "short.json": replace(record, revisions=record.revisions[:1]),
        "gap.json": replace(
            record, revisions=(*record.revisions[:2], replace(record.revisions[2], number=4))
        ),
        "round.json": replace(record, case=replace(record.case, round=2)),
        "decided.json": replace(
            record, decisions=(Decision(Transition.ANNUL, "dana", AT, "court", "ruling 1"),)
        ),
    }
    paths = [record_path(tmp_path, election, r, name) for name, r in cases.items()]
    report = transfer(admin).import_paths(paths)
    where = {Path(e.path).name: e.where for e in report.errors}
    assert where == {
        "short.json": "state",
        "gap.json": "revisions[2].number",
        "round.json": "round",
        "decided.json": "decisions[0]",
    }
    assert report.status == 2
    assert admin.entry.view(P1, MZL).state is State.NOT_ENTERED
    # the record as it was made goes in
    good = record_path(tmp_path, election, record, "good.json")
    assert transfer(admin).import_paths([good]).status == 0
    assert admin.entry.view(P1, MZL).state is State.ACCEPTED


# -- files that cannot be read -----------------------------------------------------------


def test_unreadable_files_are_reported_with_the_place_and_nothing_is_written(
    services: ServicesFactory, election: Election, tmp_path: Path
) -> None:
    admin = services("admin")
    good = entry_path(tmp_path, election, "good.json", EntryKind.FIRST, "aliya")
    text = good.read_text("utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text(text.replace('"kind": "first",', '"kind": "first"'), encoding="utf-8")
    document = json.loads(text)
    short = tmp_path / "short.json"
    short.write_text(dumps({**document, "lines": document["lines"][:7]}), encoding="utf-8")
    unknown = tmp_path / "unknown.json"
    unknown.write_text(dumps({**document, "precinct": "P99999"}), encoding="utf-8")
    missing = tmp_path / "missing.json"
    good.unlink()

    before = admin.data_version()
    report = transfer(admin).import_paths([broken, short, unknown, missing])
    assert report.status == 2
    found = {Path(e.path).name: (e.where, e.message) for e in report.errors}
    assert re.fullmatch(r"line \d+, column \d+", found["broken.json"][0])
    assert "not valid JSON" in found["broken.json"][1]
    assert found["short.json"][0] == "lines"
    assert found["unknown.json"][0] == "precinct"
    assert "P99999" in found["unknown.json"][1]
    assert found["missing.json"] == ("", "no such file or folder")
    assert report.imported == 0
    assert admin.data_version() == before
    assert str(report.errors[0]).startswith(str(tmp_path))


def test_an_import_can_be_cancelled_and_run_again(source: Path, importer: Services) -> None:
    def stop(done: int, total: int) -> bool:
        return done < 50

    report = transfer(importer, batch_size=20).import_paths([source], stop)
    assert report.cancelled
    files = 1 + 200 + 3  # the election, its protocols, the observers' copies
    assert report.files == files
    assert report.unchanged == 1  # the definition, loaded already
    assert 50 <= report.imported + report.unchanged < files
    assert report.skipped == report.files - report.imported - report.unchanged
    again = transfer(importer, batch_size=20).import_paths([source])
    assert (again.imported + again.unchanged, again.status) == (files, 0)
    assert again.unchanged == report.imported + report.unchanged


def test_claims_the_machine_refuses_keep_only_the_lawful_steps(
    services: ServicesFactory, election: Election, tmp_path: Path
) -> None:
    """Each claim replayed: the first one refused is reported with its place, the steps
    before it are kept, nothing after it."""
    admin = services("admin")
    sup = services("sup", Role.SUPERVISOR)
    record = accepted_record()
    second = record.revisions[1]
    cases = {
        # clean figures are accepted at once, by whoever settled them, at that moment
        "late.json": (P1, replace(record, revisions=(
            *record.revisions[:2], replace(record.revisions[2], by="dana")))),
        # an acceptance that follows nothing it could accept
        "alone.json": (P2, replace(
            record,
            precinct=P2,
            case=replace(record.case, state=State.FIRST_ENTRY, second=None, agreed=None),
            revisions=(record.revisions[0], replace(record.revisions[2], number=2)),
        )),
        # a recount is a supervisor's decision: the administrator running this import is not one
        "recount.json": (P3, replace(
            record,
            precinct=P3,
            case=replace(record.case, state=State.NOT_ENTERED, round=2, first=None,
                         second=None, agreed=None),
            decisions=(Decision(Transition.RECOUNT, "dana", second.at, "ordered", "d 1"),),
            revisions=(*record.revisions, Revision(4, Transition.RECOUNT, "dana", second.at,
                                                   "ordered", "d 1")),
        )),
    }  # fmt: skip
    paths = [record_path(tmp_path, election, r, name) for name, (_, r) in cases.items()]
    report = transfer(admin).import_paths(paths)
    found = {Path(p.path).name: (p.where, p.message) for p in report.errors}
    assert {k: v[0] for k, v in found.items()} == {
        "late.json": "revisions[2]",
        "alone.json": "revisions[1]",
        "recount.json": "revisions[3]",
    }
    assert "by the one who settled the figures" in found["late.json"][1]
    assert "accept follows at once" in found["alone.json"][1]
    assert "only a supervisor records a recount" in found["recount.json"][1]
    states = {p: sup.entry.view(p, MZL).state for p, _ in cases.values()}
    assert states == {P1: State.FIRST_ENTRY, P2: State.FIRST_ENTRY, P3: State.ACCEPTED}
    assert [r.transition for r in sup.entry.history(P3, MZL)] == [
        Transition.FIRST_ENTRY,
        Transition.SECOND_ENTRY,
        Transition.ACCEPT,
    ]
