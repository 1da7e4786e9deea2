"""What training reads: the events of some codes (the work, the queries, the session
noted), and how many times an account has signed in."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kztally.domain.audit import Event
from kztally.storage.audit import _COLUMNS, _event
from kztally.storage.models import Account, AuditEventRow, SignInSession


def events_of(session: Session, codes: Iterable[str], *, batch: int = 5000) -> Iterator[Event]:
    """The events of these codes, in order (read in batches)."""
    wanted = sorted(set(codes))
    after = 0
    while True:
        rows = session.execute(
            select(*_COLUMNS)
            .where(AuditEventRow.seq > after, AuditEventRow.code.in_(wanted))
            .order_by(AuditEventRow.seq)
            .limit(batch)
        ).all()
        if not rows:
            return
        for r in rows:
            yield _event(r)
        after = int(rows[-1].seq)


def sign_ins(session: Session, name: str, *, at_most: int = 2) -> int:
    """How many sessions the account has opened, counted up to `at_most`."""
    found = (
        select(SignInSession.id)
        .join(Account, Account.id == SignInSession.account_id)
        .where(Account.name == name)
        .limit(at_most)
        .subquery()
    )
    return int(session.scalar(select(func.count()).select_from(found)) or 0)
