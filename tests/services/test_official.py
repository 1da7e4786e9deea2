"""Official results: an administrator marks them, every write that could change a figure,
a state or a seat is refused with nothing written until an unlock with a reason; what
stays open stays open; both actions are events, and the status row is checked by
`audit verify` against them."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, text, update

from kztally.domain.audit import EventCode
from kztally.domain.election import Election
from kztally.domain.entry import Entry, EntryKind
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.limits import REASON_MAX
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.formats import protocol_json
from kztally.services.context import Services
from kztally.services.entry import BulkItem
from kztally.services.errors import InvalidRequest, PermissionDenied, ResultsOfficial
from kztally.services.guard import require_unofficial
from kztally.services.mock import FIRST_CLERK, SECOND_CLERK, generated_accounts
from kztally.services.transfer import TransferService, document_text
from kztally.storage import official
from kztally.storage.database import Database, mark_written
from kztally.storage.models import ResultsStatusRow
from tests.conftest import ServicesFactory

MZL = ContestId("MZ-L")
S01 = ContestId("MZ-S01")
P1, P2, P3, P4 = (AreaCode(f"P0000{n}") for n in range(1, 5))


def clean(contest: str, k: int = 0) -> Figures:
    lines = (1000, 600, 550, 20, 30, 550, 20, 5)
    votes = (300 + k, 150 - k, 100) if contest == MZL else (400 + k, 150 - k)
    return Figures(lines, votes, 15)


@pytest.fixture
def counted(services: ServicesFactory) -> dict[str, Services]:
    """P1/MZ-L accepted, P2/MZ-L with differing entries, P3/MZ-L with a first entry;
    the administrator, two clerks, a supervisor and an observer."""
    c1, c2 = services("c1"), services("c2")
    sup = services("sup", Role.SUPERVISOR)
    obs = services("obs", Role.OBSERVER)
    v = c1.entry.enter(P1, MZL, clean(MZL), expected_version=1)
    c2.entry.enter(P1, MZL, clean(MZL), expected_version=v.version)
    v = c1.entry.enter(P2, MZL, clean(MZL, 1), expected_version=1)
    c2.entry.enter(P2, MZL, clean(MZL, 2), expected_version=v.version)
    c1.entry.enter(P3, MZL, clean(MZL, 3), expected_version=1)
    return {"admin": services("admin"), "c1": c1, "c2": c2, "sup": sup, "obs": obs}


def figures_now(s: Services) -> tuple[Any, ...]:
    return tuple(s.entry.summaries())


def entry_file(s: Services, tmp_path: Path, precinct: AreaCode, kind: EntryKind) -> Path:
    election = s.elections.require()
    at = dt.datetime(2023, 3, 19, 21, tzinfo=dt.UTC)
    entry = Entry(clean(MZL, 4), "c9", at, frozenset(), kind)
    document = protocol_json.protocol_to_dict(
        protocol_json.entry_file(election, precinct, MZL, entry), election.contest(MZL)
    )
    path = tmp_path / f"{precinct}_{kind.value}.json"
    path.write_text(document_text(document), encoding="utf-8")
    return path


def test_marked_results_refuse_every_change_and_nothing_is_written(
    counted: dict[str, Services], db: Database, tmp_path: Path, election: Election
) -> None:
    admin, c1, c2, sup = counted["admin"], counted["c1"], counted["c2"], counted["sup"]
    status = admin.official.mark()
    assert status.official and status.marked_by == "admin"
    assert admin.official.status().official
    version, before, head = db.data_version(), figures_now(admin), admin.audit.head()
    generated_accounts(admin)  # the mock's accounts, made before the attempts below
    version, head = db.data_version(), admin.audit.head()

    def ver(p: AreaCode, c: ContestId = MZL) -> int:
        return sup.entry.view(p, c).version

    at = dt.datetime(2023, 3, 19, 20, tzinfo=dt.UTC)
    both = (Entry(clean(MZL), FIRST_CLERK, at), Entry(clean(MZL), SECOND_CLERK, at))
    attempts: dict[str, Callable[[], object]] = {
        "enter": lambda: c1.entry.enter(P4, MZL, clean(MZL), expected_version=1),
        "second entry": lambda: c2.entry.enter(P3, MZL, clean(MZL, 3), expected_version=ver(P3)),
        "resolve": lambda: sup.entry.resolve(
            P2, MZL, EntryKind.FIRST, reason="paper", expected_version=ver(P2)
        ),
        "send back": lambda: sup.entry.send_back(P2, MZL, reason="x", expected_version=ver(P2)),
        "recount": lambda: sup.entry.recount(
            P1, MZL, reason="court", reference="No 2", expected_version=ver(P1)
        ),
        "annul": lambda: sup.entry.annul(
            P1, MZL, reason="court", reference="No 3", expected_version=ver(P1)
        ),
        "bulk record (mock fill)": lambda: admin.entry.record_many(
            [BulkItem(P4, S01, both)], system="mock"
        ),
        "import": lambda: TransferService(admin).import_paths(
            [entry_file(admin, tmp_path, P4, EntryKind.FIRST)]
        ),
    }
    for what, attempt in attempts.items():
        refused = r"official since .* \(marked by admin\)"
        with pytest.raises(ResultsOfficial, match=refused) as caught:
            attempt()
        assert caught.value.code == "official", what
        assert db.data_version() == version, what
        assert figures_now(admin) == before, what
        assert admin.audit.head() == head, what
    # the stored election loaded again changes nothing (another one is refused anyway)
    assert admin.elections.load_definition(election) is False
    assert (db.data_version(), figures_now(admin)) == (version, before)
    # a decision to accept, from a fresh pending protocol: refused as well
    admin.official.unlock("a pending protocol to accept")
    sup.entry.resolve(P2, MZL, EntryKind.FIRST, reason="paper", expected_version=ver(P2))
    admin.official.mark()
    version, before = db.data_version(), figures_now(admin)
    with pytest.raises(ResultsOfficial):
        sup.entry.accept(P2, MZL, reason="checked", expected_version=ver(P2))
    assert (db.data_version(), figures_now(admin)) == (version, before)
    assert admin.audit.verify().holds


def test_unlock_with_a_reason_opens_entry_again_and_both_are_events(
    counted: dict[str, Services],
) -> None:
    admin, c1 = counted["admin"], counted["c1"]
    marked = admin.official.mark()
    with pytest.raises(ResultsOfficial):
        c1.entry.enter(P4, MZL, clean(MZL), expected_version=1)
    for bad in ("", "   ", "x" * (REASON_MAX + 1), "a\x00b"):
        with pytest.raises(InvalidRequest):
            admin.official.unlock(bad)
    assert admin.official.status().official
    status = admin.official.unlock("the district commission ordered a recount of P00001")
    assert not status.official and status.marked_at is None
    assert c1.entry.enter(P4, MZL, clean(MZL), expected_version=1).state.value == "first_entry"
    events = [e for e in admin.audit.show() if e.code.startswith("results.")]
    assert [e.code for e in events] == [EventCode.RESULTS_OFFICIAL, EventCode.RESULTS_UNLOCKED]
    mark, unlock = (json.loads(e.content) for e in events)
    assert mark["head"]["count"] == events[0].seq - 1
    assert mark["head"]["hash"] == events[0].prev_hash
    assert mark["protocols"] > 0 and mark["outstanding"] == mark["protocols"] - 1
    assert len(mark["results"]) == 64 and mark["election"] == admin.elections.require().id
    assert unlock["reason"].startswith("the district commission")
    assert unlock["results"] == mark["results"]  # nothing changed while official
    assert marked.head.count == events[0].seq
    assert admin.audit.verify().holds


def test_marking_twice_or_unlocking_unofficial_results_is_refused(
    counted: dict[str, Services],
) -> None:
    admin = counted["admin"]
    with pytest.raises(InvalidRequest, match="not official"):
        admin.official.unlock("nothing")
    admin.official.mark()
    with pytest.raises(InvalidRequest, match="official already"):
        admin.official.mark()


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.CLERK, Role.OBSERVER, Role.TRAINER])
def test_only_an_administrator_marks_and_unlocks(services: ServicesFactory, role: Role) -> None:
    other = services("someone", role)
    with pytest.raises(PermissionDenied):
        other.official.mark()
    services("admin").official.mark()
    with pytest.raises(PermissionDenied):
        other.official.unlock("because")
    assert other.official.status().official  # anyone signed in sees it


def test_what_stays_open_while_results_are_official(
    counted: dict[str, Services], db: Database, tmp_path: Path
) -> None:
    admin, obs, sup = counted["admin"], counted["obs"], counted["sup"]
    admin.official.mark()
    before = figures_now(admin)
    obs.observers.enter_copy(P1, MZL, clean(MZL))  # observers' copies
    sup.attachments.attach(P1, MZL, "act.pdf", "application/pdf", b"%PDF-1.4 act")
    admin.users.add("newclerk", Role.CLERK, "a long password 1")  # accounts
    Services.sign_in(db, "newclerk", "a long password 1").sign_out()  # sign-in
    assert admin.results.results().progress.accepted == 1  # reading
    assert TransferService(admin).export(tmp_path / "out").protocols == 3  # export
    table = (tmp_path / "out" / "results" / "MZ-L.csv").read_text("utf-8-sig").splitlines()
    assert table[0].endswith(",results,audit head")
    (noted,) = [e for e in admin.audit.show() if e.code == EventCode.EXPORT_RUN]
    head = f"{noted.seq - 1}:{noted.prev_hash[:16]}"  # as of the export's snapshot
    assert {tuple(row.split(",")[-2:]) for row in table[1:]} == {("official", head)}
    assert admin.entry.history(P1, MZL)
    assert figures_now(admin) == before
    assert admin.audit.verify().holds


def tamper(db: Database, statement: Any) -> None:
    with db.engine.begin() as conn:
        conn.execute(statement)


@pytest.mark.parametrize(
    "change",
    [
        "unofficial behind the back",
        "official behind the back",
        "marked by another",
        "row deleted",
    ],
)
def test_a_status_changed_behind_the_services_is_a_break(
    counted: dict[str, Services], db: Database, change: str
) -> None:
    admin = counted["admin"]
    if change != "official behind the back":
        admin.official.mark()
    assert admin.audit.verify().holds
    row = update(ResultsStatusRow).where(ResultsStatusRow.id == 1)
    statement = {
        "unofficial behind the back": row.values(official=False, marked_at=None, marked_by=None),
        "official behind the back": row.values(
            official=True, marked_at=dt.datetime(2023, 3, 20, tzinfo=dt.UTC), marked_by="admin"
        ),
        "marked by another": row.values(marked_by="sup"),
        "row deleted": delete(ResultsStatusRow),
    }[change]
    tamper(db, statement)
    verdict = admin.audit.verify()
    assert not verdict.holds
    assert verdict.breaks[0].table == "results_status", verdict.breaks


Waiting = Callable[[threading.Thread], bool]


@pytest.fixture
def started_and_waiting(db: Database) -> Waiting:
    """PostgreSQL: start a worker, then watch until it waits on the status's lock (an
    advisory lock); False when it ended without waiting."""

    def start(worker: threading.Thread) -> bool:
        worker.start()
        with db.engine.connect() as probe:
            while True:
                waiting = probe.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        "AND query LIKE '%pg_advisory_xact_lock%'"
                    )
                ).scalar_one()
                probe.rollback()
                if waiting or not worker.is_alive():
                    return bool(waiting)

    return start


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_mark_waits_for_a_write_that_read_unofficial(
    counted: dict[str, Services], db: Database, started_and_waiting: Waiting
) -> None:
    """PostgreSQL: a write that passed the guard holds the status row; a mark started
    meanwhile waits for it to commit, and then marks what it wrote."""
    admin = counted["admin"]
    marked: list[Any] = []
    with db.session() as s:
        require_unofficial(s, "write")
        mark_written(s)  # the data version moves as this transaction commits
        version = int(s.execute(text("SELECT value FROM data_version")).scalar_one())
        worker = threading.Thread(target=lambda: marked.append(admin.official.mark()))
        assert started_and_waiting(worker), "the mark did not wait for the write"
    worker.join()
    (event,) = [e for e in admin.audit.show() if e.code == EventCode.RESULTS_OFFICIAL]
    assert json.loads(event.content)["data_version"] == version + 1


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_write_that_meets_a_mark_under_way_waits_and_is_refused(
    counted: dict[str, Services], db: Database, started_and_waiting: Waiting
) -> None:
    """PostgreSQL: a save that starts while a mark holds the status row waits for it,
    then reads "official" and writes nothing."""
    c1 = counted["c1"]
    version = db.data_version()
    outcome: list[BaseException | None] = []

    def save() -> None:
        try:
            c1.entry.enter(P4, MZL, clean(MZL), expected_version=1)
            outcome.append(None)
        except ResultsOfficial as exc:
            outcome.append(exc)

    with db.session() as s:  # what a mark does first, held open
        official.read(s, for_update=True)
        official.write(s, official.Status(True, dt.datetime.now(dt.UTC), "admin"))
        worker = threading.Thread(target=save)
        assert started_and_waiting(worker), "the save did not wait for the mark"
    worker.join()
    assert isinstance(outcome[0], ResultsOfficial)
    assert db.data_version() == version + 1  # the mark's write only
    assert c1.entry.view(P4, MZL).state.value == "not_entered"
