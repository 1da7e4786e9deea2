"""Accounts: who may sign in, and in which role. Plain records in and out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from kztally.domain.rules import Role
from kztally.storage.errors import StaleWrite, StorageError
from kztally.storage.models import Account, DataVersion


@dataclass(frozen=True, slots=True)
class AccountRecord:
    name: str
    role: Role
    password_hash: str | None
    created_at: dt.datetime
    created_by: str
    version: int


class DuplicateAccount(StorageError):  # noqa: N818
    def __init__(self, name: str) -> None:
        super().__init__(f"an account named {name!r} exists already")
        self.name = name


def _record(a: Account) -> AccountRecord:
    return AccountRecord(a.name, a.role, a.password_hash, a.created_at, a.created_by, a.version)


def serialize_writers(session: Session) -> None:
    """Hold the data version's row lock for the rest of the transaction (PostgreSQL), so
    that decisions taken on a count ("no account yet") cannot race. SQLite's BEGIN
    IMMEDIATE serializes writers already."""
    session.execute(select(DataVersion.value).where(DataVersion.id == 1).with_for_update())


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Account)) or 0


def count_role(session: Session, role: Role) -> int:
    return session.scalar(select(func.count()).where(Account.role == role)) or 0


def get(session: Session, name: str) -> AccountRecord | None:
    row = session.scalars(select(Account).where(Account.name == name)).one_or_none()
    return None if row is None else _record(row)


def role_of(session: Session, name: str) -> Role | None:
    return session.scalar(select(Account.role).where(Account.name == name))


def all_accounts(session: Session) -> tuple[AccountRecord, ...]:
    return tuple(_record(a) for a in session.scalars(select(Account).order_by(Account.name)))


def add(
    session: Session,
    name: str,
    role: Role,
    password_hash: str | None,
    *,
    at: dt.datetime,
    by: str,
) -> AccountRecord:
    if get(session, name) is not None:
        raise DuplicateAccount(name)
    row = Account(name=name, role=role, password_hash=password_hash, created_at=at, created_by=by)
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:  # another workstation added it meanwhile
        raise DuplicateAccount(name) from exc
    return _record(row)


def add_generated(
    session: Session, name: str, role: Role, password_hash: str, *, at: dt.datetime, by: str
) -> None:
    """An account made by a program (the mock's clerks and supervisor), marked so."""
    if get(session, name) is not None:
        raise DuplicateAccount(name)
    row = Account(
        name=name,
        role=role,
        password_hash=password_hash,
        created_at=at,
        created_by=by,
        generated=True,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:
        raise DuplicateAccount(name) from exc


def persons(session: Session, names: Iterable[str]) -> dict[str, tuple[Role, bool]]:
    """Each named account's role and whether it is generated (absent names left out)."""
    wanted = sorted(set(names))
    if not wanted:
        return {}
    stmt = select(Account.name, Account.role, Account.generated).where(Account.name.in_(wanted))
    return {r.name: (r.role, bool(r.generated)) for r in session.execute(stmt)}


_UNSET = object()


def update(
    session: Session,
    name: str,
    *,
    expected_version: int | None,
    role: Role | None = None,
    password_hash: str | object | None = _UNSET,
) -> AccountRecord:
    """Change an account's role or password; `expected_version` None means the one just
    read. A change made meanwhile raises `StaleWrite`."""
    row = session.scalars(select(Account).where(Account.name == name)).one_or_none()
    if row is None:
        raise KeyError(name)
    if expected_version is not None and row.version != expected_version:
        raise StaleWrite("account", (name,))
    if role is not None:
        row.role = role
    if password_hash is not _UNSET:
        assert password_hash is None or isinstance(password_hash, str)
        row.password_hash = password_hash
    try:
        session.flush()
    except StaleDataError as exc:
        raise StaleWrite("account", (name,)) from exc
    return _record(row)


KEEP = _UNSET
"""Pass as `password_hash` to leave the password as it is."""
