"""What training reads: the events of some codes (the work, the queries, the session
noted), and how many times an account has signed in."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kztally.domain.audit import Event
from kztally.storage.audit import events
from kztally.storage.models import Account, SignInSession


def events_of(session: Session, codes: Iterable[str], *, batch: int = 5000) -> Iterator[Event]:
    """The events of these codes, in order (read in batches)."""
    return events(session, batch=batch, codes=codes)


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
