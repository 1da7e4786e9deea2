"""Accounts: who may sign in, and in which role. Plain records in and out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy import insert as sql_insert
from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from kztally.domain.rules import Role
from kztally.storage.errors import StaleWrite, StorageError
from kztally.storage.models import Account, DataVersion, SignInSession


@dataclass(frozen=True, slots=True)
class AccountRecord:
    name: str
    role: Role
    password_hash: str | None
    created_at: dt.datetime
    created_by: str
    version: int
    active: bool = True
    failed_sign_ins: int = 0
    locked_until: dt.datetime | None = None
    password_changed_at: dt.datetime | None = None


class DuplicateAccount(StorageError):  # noqa: N818
    def __init__(self, name: str) -> None:
        super().__init__(f"an account named {name!r} exists already")
        self.name = name


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A sign-in session with its account as stored now."""

    id: int
    token_hash: str
    workstation: str
    started_at: dt.datetime
    last_seen_at: dt.datetime
    ended_at: dt.datetime | None
    account: AccountRecord


def _record(a: Account) -> AccountRecord:
    return AccountRecord(
        a.name,
        a.role,
        a.password_hash,
        a.created_at,
        a.created_by,
        a.version,
        a.active,
        a.failed_sign_ins,
        a.locked_until,
        a.password_changed_at,
    )


def serialize_writers(session: Session) -> None:
    """Hold the data version's row lock for the rest of the transaction (PostgreSQL), so
    that decisions taken on a count ("no account yet") cannot race. SQLite's BEGIN
    IMMEDIATE serializes writers already."""
    session.execute(select(DataVersion.value).where(DataVersion.id == 1).with_for_update())


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Account)) or 0


def count_role(session: Session, role: Role, *, active_only: bool = False) -> int:
    query = select(func.count()).where(Account.role == role)
    if active_only:
        query = query.where(Account.active.is_(True))
    return session.scalar(query) or 0


def count_with_password(session: Session, role: Role) -> int:
    """Active accounts of a role that have a password."""
    return (
        session.scalar(
            select(func.count()).where(
                Account.role == role,
                Account.active.is_(True),
                Account.password_hash.is_not(None),
            )
        )
        or 0
    )


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
    generated: bool = False,
) -> AccountRecord:
    """A new account; `generated` marks one made by a program (the mock's clerks and
    supervisor), which acts in training elections only."""
    if get(session, name) is not None:
        raise DuplicateAccount(name)
    values: dict[str, object] = {
        "name": name,
        "role": role,
        "created_at": at,
        "created_by": by,
        "generated": generated,
        "active": True,
        "failed_sign_ins": 0,
        "version": 1,
    }
    if password_hash is not None:
        # Only then named in the INSERT: on PostgreSQL a workstation's login may add an
        # account without a password (the mock's generated ones), never one with a
        # password, which takes the administrator's login (db/grants.sql).
        values.update(password_hash=password_hash, password_changed_at=at)
    try:
        with session.begin_nested():
            session.execute(sql_insert(Account).values(**values))
    except IntegrityError as exc:  # another workstation added it meanwhile
        raise DuplicateAccount(name) from exc
    made = get(session, name)
    assert made is not None
    return made


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
    active: bool | None = None,
    at: dt.datetime | None = None,
) -> AccountRecord:
    """Change an account's role, password (`at`: when) or whether it is active;
    `expected_version` None means the one just read. A change made meanwhile raises
    `StaleWrite`. A new password also clears the failed sign-ins and the lock."""
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
        row.password_changed_at = at
        row.failed_sign_ins = 0
        row.locked_until = None
    if active is not None:
        row.active = active
    try:
        session.flush()
    except StaleDataError as exc:
        raise StaleWrite("account", (name,)) from exc
    return _record(row)


KEEP = _UNSET
"""Pass as `password_hash` to leave the password as it is."""


def record_failure(
    session: Session, name: str, *, limit: int, lock_until: dt.datetime
) -> AccountRecord | None:
    """Count a wrong password; at `limit` in a row, lock the account until `lock_until`
    (and start counting again). Not a versioned change: an administrator's edit of the
    account is not made stale by someone mistyping its password."""
    row = session.scalars(select(Account).where(Account.name == name)).one_or_none()
    if row is None:
        return None
    failed = row.failed_sign_ins + 1
    values: dict[str, object] = {"failed_sign_ins": failed}
    if failed >= limit:
        values = {"failed_sign_ins": 0, "locked_until": lock_until}
    session.execute(
        sql_update(Account)
        .where(Account.id == row.id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.expire(row)
    return get(session, name)


def record_success(session: Session, name: str) -> None:
    """A right password: the count of failures starts again, the lock is gone."""
    session.execute(
        sql_update(Account)
        .where(Account.name == name)
        .values(failed_sign_ins=0, locked_until=None)
        .execution_options(synchronize_session=False)
    )


def open_session(
    session: Session, name: str, token_hash: str, workstation: str, *, at: dt.datetime
) -> int:
    account_id = session.scalar(select(Account.id).where(Account.name == name))
    if account_id is None:
        raise KeyError(name)
    row = SignInSession(
        account_id=account_id,
        token_hash=token_hash,
        workstation=workstation,
        started_at=at,
        last_seen_at=at,
        ended_at=None,
    )
    session.add(row)
    session.flush()
    return row.id


def get_session(session: Session, session_id: int) -> SessionRecord | None:
    row = session.execute(
        select(SignInSession, Account)
        .join(Account, Account.id == SignInSession.account_id)
        .where(SignInSession.id == session_id)
    ).one_or_none()
    if row is None:
        return None
    s, a = row
    return SessionRecord(
        s.id, s.token_hash, s.workstation, s.started_at, s.last_seen_at, s.ended_at, _record(a)
    )


def touch_session(session: Session, session_id: int, *, at: dt.datetime) -> None:
    session.execute(
        sql_update(SignInSession)
        .where(SignInSession.id == session_id)
        .values(last_seen_at=at)
        .execution_options(synchronize_session=False)
    )


def end_session(session: Session, session_id: int, *, at: dt.datetime) -> bool:
    """End a session; False when it had ended already."""
    result = session.execute(
        sql_update(SignInSession)
        .where(SignInSession.id == session_id, SignInSession.ended_at.is_(None))
        .values(ended_at=at)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def end_sessions_of(session: Session, name: str, *, at: dt.datetime) -> int:
    """End every open session of an account (deactivated, or its password reset)."""
    account_id = session.scalar(select(Account.id).where(Account.name == name))
    if account_id is None:
        return 0
    result = session.execute(
        sql_update(SignInSession)
        .where(SignInSession.account_id == account_id, SignInSession.ended_at.is_(None))
        .values(ended_at=at)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def open_sessions(session: Session, name: str) -> int:
    account_id = session.scalar(select(Account.id).where(Account.name == name))
    return (
        session.scalar(
            select(func.count()).where(
                SignInSession.account_id == account_id, SignInSession.ended_at.is_(None)
            )
        )
        or 0
    )
