"""The check at start: the audit log's last two events, read by one bounded query, follow
from their content and from each other; a change further back is the full verify's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import delete, event, func, select, update

from kztally.domain.audit import GENESIS, tail_break
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.audit import VERIFY_STEPS, check_tail
from kztally.services.context import Services
from kztally.services.errors import AuthenticationFailed
from kztally.storage.database import Database
from kztally.storage.models import AuditEventRow
from tests.conftest import PASSWORD, ServicesFactory

MZL = ContestId("MZ-L")


@pytest.fixture
def admin(services: ServicesFactory) -> Services:
    """A database with some work in it (accounts, sign-ins, entries)."""
    c1, c2 = services("c1"), services("c2")
    figures = Figures((1000, 600, 550, 20, 30, 550, 20, 5), (300, 150, 100), 15)
    for n in range(1, 4):
        p = AreaCode(f"P{n:05d}")
        v = c1.entry.enter(p, MZL, figures, expected_version=1)
        c2.entry.enter(p, MZL, figures, expected_version=v.version)
    return services("admin")


def _last_seq(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.max(AuditEventRow.seq))).scalar_one())


def _set_actor(db: Database, seq: int) -> None:
    with db.engine.begin() as conn:
        conn.execute(update(AuditEventRow).where(AuditEventRow.seq == seq).values(actor="mallory"))


def test_an_untouched_log_holds_and_names_its_head(admin: Services) -> None:
    found = admin.audit.check_tail()
    assert found.holds and found.broken is None
    assert found.head == admin.audit.head()
    assert found.head.count > 10


def test_a_changed_last_event_is_found(admin: Services, db: Database) -> None:
    last = _last_seq(db)
    _set_actor(db, last)
    found = admin.audit.check_tail()
    assert not found.holds
    assert found.broken is not None
    assert (found.broken.event, found.broken.table) == (last, "audit_event")
    assert "does not follow from its content" in found.broken.what


def test_a_changed_event_is_still_found_after_the_next_sign_in(
    admin: Services, db: Database
) -> None:
    """The app checks after its person signed in, which appends an event: the event
    that was last before is then the one before the last."""
    last = _last_seq(db)
    _set_actor(db, last)
    again = Services.sign_in(db, "c1", PASSWORD)
    assert _last_seq(db) == last + 1
    found = again.audit.check_tail()
    assert found.broken is not None and found.broken.event == last


def test_a_deleted_event_before_the_last_is_a_gap(admin: Services, db: Database) -> None:
    last = _last_seq(db)
    with db.engine.begin() as conn:
        conn.execute(delete(AuditEventRow).where(AuditEventRow.seq == last - 1))
    found = admin.audit.check_tail()
    assert found.broken is not None
    assert found.broken.event == last - 1
    assert "missing" in found.broken.what


def test_a_change_further_back_is_for_the_full_verify(admin: Services, db: Database) -> None:
    """The check reads the last two events only: it cannot see an earlier change, which
    verify names."""
    _set_actor(db, 3)
    assert admin.audit.check_tail().holds
    verdict = admin.audit.verify()
    assert [(b.event, b.table) for b in verdict.breaks][:1] == [(3, "audit_event")]


@pytest.fixture
def statements(db: Database) -> Iterator[list[tuple[str, Any]]]:
    """The SQL statements sent to the database while the test runs."""
    seen: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def test_the_check_reads_two_events_by_one_bounded_query(
    admin: Services, db: Database, statements: list[tuple[str, Any]]
) -> None:
    """Constant time: one query of the log, ordered by number and limited to two rows
    (the index of the numbers finds them), whatever the log's length."""
    statements.clear()
    admin.audit.check_tail()
    on_log = [(sql, params) for sql, params in statements if "audit_event" in sql]
    assert len(on_log) == 1, on_log
    sql, params = on_log[0]
    assert "ORDER BY audit_event.seq DESC" in sql and "LIMIT" in sql, sql
    values = params.values() if isinstance(params, dict) else params
    assert 2 in tuple(values), params
    assert "count(" not in sql.lower()


def test_an_empty_log_holds() -> None:
    assert tail_break([]) is None


def test_anyone_signed_in_may_check(services: ServicesFactory) -> None:
    for name, role in (("c1", Role.CLERK), ("obs", Role.OBSERVER)):
        found = services(name, role).audit.check_tail()
        assert found.holds and found.head.hash != GENESIS


def test_verify_reports_its_steps_and_stops_when_asked(admin: Services) -> None:
    steps: list[tuple[int, int]] = []
    assert admin.audit.verify(progress=lambda d, t: steps.append((d, t))).holds
    assert steps == [(n, VERIFY_STEPS) for n in range(VERIFY_STEPS + 1)]

    class StopError(Exception):
        pass

    def stop(done: int, _total: int) -> None:
        if done == 2:
            raise StopError

    with pytest.raises(StopError):
        admin.audit.verify(progress=stop)


def test_before_anyone_signs_in(admin: Services, db: Database) -> None:
    """A front end checks before signing in appends to the log: a wrong password and a
    sign-in would put two events after a changed one."""
    assert check_tail(db) == admin.audit.check_tail()
    last = _last_seq(db)
    _set_actor(db, last)
    found = check_tail(db)
    assert found.broken is not None and found.broken.event == last
    with pytest.raises(AuthenticationFailed):
        Services.sign_in(db, "c1", "a wrong password")
    assert Services.sign_in(db, "c1", PASSWORD).audit.check_tail().holds
