"""Accounts and signing in. Roles live in the database and are read again on every
action, so a changed role takes effect at once, whatever the front end.

Passwords are hashed with argon2id. On a database with no accounts yet, the first person
to sign in gets an administrator's account (without a password) and sets the others up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kztally.domain.entry import Actor
from kztally.domain.rules import Role
from kztally.services.errors import (
    AuthenticationFailed,
    ConcurrentChange,
    InvalidRequest,
    NotFound,
    PasswordRequired,
    PermissionDenied,
)
from kztally.storage import accounts
from kztally.storage.database import Database, Session
from kztally.storage.errors import StaleWrite

Clock = Callable[[], dt.datetime]

MANAGERS = frozenset({Role.ADMINISTRATOR})
"""Who adds accounts, changes roles and sets others' passwords."""
VIEWERS = frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR})
"""Who lists the accounts."""
NAME_LENGTH = 64

_hasher = PasswordHasher()  # argon2id with the library's recommended cost


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def hash_password(password: str) -> str:
    if not password:
        raise InvalidRequest("a password cannot be empty")
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def check_name(name: str) -> str:
    if not name or name != name.strip() or len(name) > NAME_LENGTH:
        raise InvalidRequest(f"an account name has 1 to {NAME_LENGTH} characters, no spaces around")
    if any(not ch.isprintable() for ch in name):
        raise InvalidRequest("an account name has printable characters only")
    return name


@dataclass(frozen=True, slots=True)
class UserView:
    name: str
    role: Role
    has_password: bool
    version: int
    created_at: dt.datetime
    created_by: str


def _view(r: accounts.AccountRecord) -> UserView:
    return UserView(
        r.name, r.role, r.password_hash is not None, r.version, r.created_at, r.created_by
    )


def needs_password(db: Database, name: str) -> bool:
    """Whether the account exists and has a password (a front end then asks for it)."""
    with db.session(readonly=True) as s:
        record = accounts.get(s, name)
    return record is not None and record.password_hash is not None


def sign_in(
    db: Database, name: str, password: str | None = None, *, clock: Clock = utcnow
) -> Actor:
    """The actor for an account, after checking its password when it has one.

    On a database with no accounts, creates `name` as an administrator first."""
    check_name(name)
    with db.session(readonly=True) as s:
        record = accounts.get(s, name)
    if record is None:
        with db.session() as s:
            accounts.serialize_writers(s)
            if accounts.count(s) == 0:
                accounts.add(s, name, Role.ADMINISTRATOR, None, at=clock(), by=name)
                return Actor(name, Role.ADMINISTRATOR)
        raise AuthenticationFailed(f"there is no account named {name!r}")
    if record.password_hash is not None:
        if password is None:
            raise PasswordRequired(f"the account {name!r} needs its password")
        if not verify_password(record.password_hash, password):
            raise AuthenticationFailed(f"wrong password for {name!r}")
    return Actor(record.name, record.role)


def acting_role(session: Session, actor: Actor) -> Role | None:
    """The actor's role as stored now (None: the account is gone)."""
    return accounts.role_of(session, actor.user)


def require_role(session: Session, actor: Actor, allowed: frozenset[Role], action: str) -> Actor:
    """The actor as stored now, if their role allows the action."""
    role = acting_role(session, actor)
    if role is None or role not in allowed:
        raise PermissionDenied(action, role, allowed)
    return Actor(actor.user, role)


class UserService:
    """Managing accounts: administrators only, except listing (supervisors too) and
    changing one's own password."""

    def __init__(self, db: Database, actor: Actor, clock: Clock = utcnow) -> None:
        self._db = db
        self._actor = actor
        self._clock = clock

    def require(self, allowed: frozenset[Role], action: str) -> Actor:
        """The acting person as stored now, if their role allows `action` (for actions
        outside these services, such as a backup); else `PermissionDenied`."""
        with self._db.session(readonly=True) as s:
            return require_role(s, self._actor, allowed, action)

    def me(self) -> UserView:
        with self._db.session(readonly=True) as s:
            record = accounts.get(s, self._actor.user)
        if record is None:
            raise NotFound(f"there is no account named {self._actor.user!r}")
        return _view(record)

    def list(self) -> tuple[UserView, ...]:
        with self._db.session(readonly=True) as s:
            require_role(s, self._actor, VIEWERS, "list accounts")
            return tuple(_view(r) for r in accounts.all_accounts(s))

    def add(self, name: str, role: Role, password: str | None = None) -> UserView:
        check_name(name)
        hashed = hash_password(password) if password is not None else None
        with self._db.session() as s:
            me = require_role(s, self._actor, MANAGERS, "add accounts")
            try:
                return _view(accounts.add(s, name, role, hashed, at=self._clock(), by=me.user))
            except accounts.DuplicateAccount as exc:
                raise InvalidRequest(str(exc)) from exc

    def set_role(self, name: str, role: Role, *, expected_version: int | None = None) -> UserView:
        try:
            with self._db.session() as s:
                require_role(s, self._actor, MANAGERS, "change roles")
                accounts.serialize_writers(s)
                current = accounts.get(s, name)
                if current is None:
                    raise NotFound(f"there is no account named {name!r}")
                if (
                    current.role is Role.ADMINISTRATOR
                    and role is not Role.ADMINISTRATOR
                    and accounts.count_role(s, Role.ADMINISTRATOR) == 1
                ):
                    raise InvalidRequest("the last administrator keeps the role")
                return _view(accounts.update(s, name, expected_version=expected_version, role=role))
        except StaleWrite as exc:
            raise ConcurrentChange(f"the account {name!r}") from exc

    def set_password(
        self, name: str, password: str | None, *, expected_version: int | None = None
    ) -> UserView:
        """Set or (None) remove a password: administrators for anyone, others their own."""
        hashed = hash_password(password) if password is not None else None
        try:
            with self._db.session() as s:
                if name != self._actor.user:
                    require_role(s, self._actor, MANAGERS, "set others' passwords")
                elif acting_role(s, self._actor) is None:
                    raise NotFound(f"there is no account named {name!r}")
                try:
                    record = accounts.update(
                        s, name, expected_version=expected_version, password_hash=hashed
                    )
                except KeyError as exc:
                    raise NotFound(f"there is no account named {name!r}") from exc
                return _view(record)
        except StaleWrite as exc:
            raise ConcurrentChange(f"the account {name!r}") from exc
