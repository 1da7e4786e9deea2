"""Accounts, signing in and the sessions the services act for.

Every account has a password (argon2id): the first administrator sets one when the
database is made, an administrator gives one to every account they add. A password has
at least `SETTINGS.min_password_length` characters and is not the account's name (in any
case). After `SETTINGS.failed_sign_in_limit` wrong passwords in a row an account is
locked for `SETTINGS.lock_duration` (even the right password is refused meanwhile; an
administrator's new password lifts the lock).

`sign_in` opens a session: a row holding the SHA-256 of a random token, the account,
the workstation and when it started, was last confirmed and ended. It returns a
`SignedIn`, the only thing `Services` is built from. Every action checks again that the
session is open and the account active, and reads the role again, so a deactivation, a
sign-out or a changed role applies at once, on every workstation.

Accounts made by earlier versions may have no password. They cannot sign in until an
administrator sets one (`kztally users passwd NAME`, or the app's Users dialog). Only when
no active administrator has a password at all (a database from an earlier version) may
an administrator's account set its own password at its next sign-in, since nobody could
set it for them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kztally.domain.audit import EventCode, password_digest, session_digest
from kztally.domain.entry import Actor
from kztally.domain.rules import Role
from kztally.services import journal
from kztally.services.errors import (
    AccountInactive,
    AccountLocked,
    AuthenticationFailed,
    ConcurrentChange,
    InvalidRequest,
    LastAdministrator,
    NotFound,
    PasswordNotSet,
    PasswordRequired,
    PermissionDenied,
    SessionEnded,
    WeakPassword,
)
from kztally.storage import accounts
from kztally.storage.database import Database, Session
from kztally.storage.errors import StaleWrite

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True, slots=True)
class AccountSettings:
    """The account rules, in one place."""

    min_password_length: int = 8
    max_password_length: int = 1024
    failed_sign_in_limit: int = 5
    """Wrong passwords in a row that lock an account."""
    lock_duration: dt.timedelta = dt.timedelta(minutes=15)
    idle_lock: dt.timedelta = dt.timedelta(minutes=15)
    """How long the app waits without keyboard or mouse input before it locks its screen."""


SETTINGS = AccountSettings()

MANAGERS = frozenset({Role.ADMINISTRATOR})
"""Who adds accounts, changes roles, sets others' passwords and (de)activates accounts."""
VIEWERS = frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR})
"""Who lists the accounts."""
NAME_LENGTH = 64

_hasher = PasswordHasher()  # argon2id with the library's recommended cost


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def check_password(name: str, password: str, settings: AccountSettings = SETTINGS) -> str:
    """The password, if it keeps the rules; else `WeakPassword` with the rule's code."""
    least = settings.min_password_length
    if password and password.casefold() == name.casefold():
        raise WeakPassword("is_name", "a password cannot be the account's name", minimum=least)
    if len(password) < least:
        raise WeakPassword(
            "too_short", f"a password has at least {least} characters", minimum=least
        )
    if len(password) > settings.max_password_length:
        raise WeakPassword(
            "too_long",
            f"a password has at most {settings.max_password_length} characters",
            minimum=least,
        )
    if "\x00" in password or any(0xD800 <= ord(ch) <= 0xDFFF for ch in password):
        raise WeakPassword(
            "characters", "a password cannot hold NUL or lone surrogate characters", minimum=least
        )
    return password


def hash_password(password: str) -> str:
    if not password:
        raise InvalidRequest("a password cannot be empty")
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError, UnicodeEncodeError):
        return False


def check_name(name: str) -> str:
    if not name or name != name.strip() or len(name) > NAME_LENGTH:
        raise InvalidRequest(f"an account name has 1 to {NAME_LENGTH} characters, no spaces around")
    if any(not ch.isprintable() for ch in name):
        raise InvalidRequest("an account name has printable characters only")
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in name):
        raise InvalidRequest("an account name cannot hold lone surrogate characters")
    return name


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A signed-in session: what `Services` acts for. Made only by `sign_in`; the token
    it carries is checked against the stored session on every action."""

    user: str
    role: Role
    """The role at sign-in (for display); every action reads the current one."""
    session_id: int
    workstation: str
    started_at: dt.datetime
    token: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class UserView:
    name: str
    role: Role
    has_password: bool
    version: int
    created_at: dt.datetime
    created_by: str
    active: bool = True
    locked_until: dt.datetime | None = None
    password_changed_at: dt.datetime | None = None


def _view(r: accounts.AccountRecord) -> UserView:
    return UserView(
        r.name,
        r.role,
        r.password_hash is not None,
        r.version,
        r.created_at,
        r.created_by,
        r.active,
        r.locked_until,
        r.password_changed_at,
    )


def has_accounts(db: Database) -> bool:
    """Whether any account exists (else the first to sign in becomes the administrator,
    and a front end asks for the new password twice)."""
    with db.session(readonly=True) as s:
        return accounts.count(s) > 0


def _open(s: Session, name: str, role: Role, workstation: str, at: dt.datetime) -> SignedIn:
    token = secrets.token_urlsafe(32)
    hashed = _token_hash(token)
    sid = accounts.open_session(s, name, hashed, workstation[:255], at=at)
    signed = SignedIn(name, role, sid, workstation[:255], at, token)
    content = {"session": sid, "sha256": session_digest(name, hashed, workstation[:255], at)}
    journal.record(s, signed, role, EventCode.SIGN_IN, at, content)
    return signed


def _created(
    s: Session,
    who: journal.Someone,
    role: Role | None,
    r: accounts.AccountRecord,
    *,
    at: dt.datetime,
    generated: bool = False,
) -> None:
    content = journal.account_content(
        r.name, r.role, active=r.active, password_hash=r.password_hash, generated=generated
    )
    journal.record(s, who, role, EventCode.ACCOUNT_CREATED, at, content)


def _failed(
    s: Session,
    name: str,
    workstation: str,
    after: accounts.AccountRecord | None,
    before: accounts.AccountRecord | None,
    at: dt.datetime,
) -> None:
    """The events of a wrong password: the failure, and the lock it set, if it did."""
    who = journal.Who(name, workstation[:255])
    role = None if after is None else after.role
    failures = None if after is None else after.failed_sign_ins
    journal.record(s, who, role, EventCode.SIGN_IN_FAILED, at, {"name": name, "failures": failures})
    if (
        after is not None
        and after.locked_until is not None
        and (before is None or before.locked_until != after.locked_until)
    ):
        until = after.locked_until.astimezone(dt.UTC).isoformat()
        journal.record(s, who, role, EventCode.ACCOUNT_LOCKED, at, {"name": name, "until": until})


def _wrong_password(name: str, after: accounts.AccountRecord | None, now: dt.datetime) -> None:
    if after is not None and after.locked_until is not None and after.locked_until > now:
        raise AccountLocked(name, after.locked_until)
    left = SETTINGS.failed_sign_in_limit - (0 if after is None else after.failed_sign_ins)
    raise AuthenticationFailed(
        f"wrong password for {name!r} ({left} more wrong password(s) lock the account "
        f"for {int(SETTINGS.lock_duration.total_seconds() // 60)} minutes)"
    )


def sign_in(
    db: Database,
    name: str,
    password: str | None,
    *,
    workstation: str = "",
    clock: Clock = utcnow,
) -> SignedIn:
    """Check the account's password and open a session for it.

    On a database with no accounts, creates `name` as an administrator with `password`
    (which must keep the rules). Refuses (each an `AuthenticationFailed` with its code)
    a missing password, an unknown account, a wrong password (counted: the limit locks
    the account), a locked or deactivated account, and an account with no password."""
    check_name(name)
    if not password:
        raise PasswordRequired(f"the account {name!r} needs its password")
    with db.session(readonly=True) as s:
        record = accounts.get(s, name)
        empty = record is None and accounts.count(s) == 0
        admins_with_password = accounts.count_with_password(s, Role.ADMINISTRATOR)
    if record is None:
        if not empty:
            with db.session() as s:
                _failed(s, name, workstation, None, None, clock())
            raise AuthenticationFailed(f"there is no account named {name!r}")
        hashed = hash_password(check_password(name, password))
        with db.session() as s:
            accounts.serialize_writers(s)
            if accounts.count(s) == 0:
                now = clock()
                made = accounts.add(s, name, Role.ADMINISTRATOR, hashed, at=now, by=name)
                who = journal.Who(name, workstation[:255])
                _created(s, who, Role.ADMINISTRATOR, made, at=now)
                return _open(s, name, Role.ADMINISTRATOR, workstation, now)
        raise AuthenticationFailed(f"there is no account named {name!r}")
    now = clock()
    if not record.active:
        raise AccountInactive(f"the account {name!r} is deactivated")
    if record.locked_until is not None and record.locked_until > now:
        raise AccountLocked(name, record.locked_until)
    if record.password_hash is None:
        if record.role is not Role.ADMINISTRATOR or admins_with_password > 0:
            raise PasswordNotSet(
                f"the account {name!r} has no password yet: an administrator sets one "
                f"(kztally users passwd {name})"
            )
        hashed = hash_password(check_password(name, password))
        with db.session() as s:  # an earlier version's administrator claims their account
            accounts.serialize_writers(s)
            if accounts.count_with_password(s, Role.ADMINISTRATOR) > 0:
                raise PasswordNotSet(f"the account {name!r} has no password yet")
            accounts.update(s, name, expected_version=None, password_hash=hashed, at=now)
            who = journal.Who(name, workstation[:255])
            _password_changed(s, who, record.role, name, hashed, now)
            return _open(s, name, record.role, workstation, now)
    right = verify_password(record.password_hash, password)
    with db.session() as s:
        if right:
            accounts.record_success(s, name)
            return _open(s, name, record.role, workstation, now)
        after = accounts.record_failure(
            s,
            name,
            limit=SETTINGS.failed_sign_in_limit,
            lock_until=now + SETTINGS.lock_duration,
        )
        _failed(s, name, workstation, after, record, now)
    _wrong_password(name, after, now)
    raise AssertionError("unreachable")  # pragma: no cover


def _password_changed(
    s: Session, who: journal.Someone, role: Role | None, name: str, hashed: str, at: dt.datetime
) -> None:
    content = {"name": name, "password": password_digest(hashed)}
    journal.record(s, who, role, EventCode.PASSWORD_CHANGED, at, content)


def check_session(session: Session, signed: SignedIn) -> accounts.AccountRecord:
    """The session's account as stored now, if the session is open and the account
    active; else `SessionEnded`."""
    if not isinstance(signed, SignedIn):
        raise SessionEnded("not signed in: the services act only for a signed-in session")
    record = accounts.get_session(session, signed.session_id)
    if (
        record is None
        or not hmac.compare_digest(record.token_hash, _token_hash(signed.token))
        or record.account.name != signed.user
    ):
        raise SessionEnded("this is not a valid session: sign in again")
    if record.ended_at is not None:
        raise SessionEnded(f"the session of {signed.user!r} has ended: sign in again")
    if not record.account.active:
        raise SessionEnded(f"the account {signed.user!r} is deactivated")
    return record.account


def acting_role(session: Session, signed: SignedIn) -> Role:
    """The signed-in person's role as stored now (`SessionEnded` when the session is
    over or the account deactivated)."""
    return check_session(session, signed).role


def require_role(
    session: Session, signed: SignedIn, allowed: frozenset[Role], action: str
) -> Actor:
    """The signed-in person as stored now, if the session is open and their role allows
    the action."""
    role = acting_role(session, signed)
    if role not in allowed:
        raise PermissionDenied(action, role, allowed)
    return Actor(signed.user, role)


class UserService:
    """Managing accounts: administrators only, except listing (supervisors too),
    changing one's own password and signing out."""

    def __init__(self, db: Database, actor: SignedIn, clock: Clock = utcnow) -> None:
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
            return _view(check_session(s, self._actor))

    def list(self) -> tuple[UserView, ...]:
        with self._db.session(readonly=True) as s:
            require_role(s, self._actor, VIEWERS, "list accounts")
            return tuple(_view(r) for r in accounts.all_accounts(s))

    def add(self, name: str, role: Role, password: str) -> UserView:
        """A new account with its password (which must keep the rules)."""
        check_name(name)
        hashed = hash_password(check_password(name, password))
        with self._db.session() as s:
            me = require_role(s, self._actor, MANAGERS, "add accounts")
            now = self._clock()
            try:
                made = accounts.add(s, name, role, hashed, at=now, by=me.user)
            except accounts.DuplicateAccount as exc:
                raise InvalidRequest(str(exc)) from exc
            _created(s, self._actor, me.role, made, at=now)
            return _view(made)

    def _change(
        self,
        name: str,
        action: str,
        expected_version: int | None,
        change: ChangeAccount,
        code: EventCode,
    ) -> UserView:
        try:
            with self._db.session() as s:
                me = require_role(s, self._actor, MANAGERS, action)
                accounts.serialize_writers(s)
                current = accounts.get(s, name)
                if current is None:
                    raise NotFound(f"there is no account named {name!r}")
                now = self._clock()
                changed = change(s, current, now)
                content: dict[str, object] = {"name": name}
                if code is EventCode.ROLE_CHANGED:
                    content["role"] = changed.role.value
                journal.record(s, self._actor, me.role, code, now, content)
                return _view(changed)
        except StaleWrite as exc:
            raise ConcurrentChange(f"the account {name!r}") from exc

    @staticmethod
    def _keep_an_administrator(s: Session, current: accounts.AccountRecord) -> None:
        if (
            current.role is Role.ADMINISTRATOR
            and current.active
            and accounts.count_role(s, Role.ADMINISTRATOR, active_only=True) == 1
        ):
            raise LastAdministrator(
                f"{current.name!r} is the last active administrator: make another one first"
            )

    def set_role(self, name: str, role: Role, *, expected_version: int | None = None) -> UserView:
        def change(
            s: Session, current: accounts.AccountRecord, now: dt.datetime
        ) -> accounts.AccountRecord:
            if role is not Role.ADMINISTRATOR:
                self._keep_an_administrator(s, current)
            return accounts.update(s, name, expected_version=expected_version, role=role)

        return self._change(name, "change roles", expected_version, change, EventCode.ROLE_CHANGED)

    def deactivate(self, name: str, *, expected_version: int | None = None) -> UserView:
        """The account can no longer sign in; its open sessions stop at their next action."""

        def change(
            s: Session, current: accounts.AccountRecord, now: dt.datetime
        ) -> accounts.AccountRecord:
            self._keep_an_administrator(s, current)
            accounts.end_sessions_of(s, name, at=now)
            return accounts.update(s, name, expected_version=expected_version, active=False)

        return self._change(
            name, "deactivate accounts", expected_version, change, EventCode.ACCOUNT_DEACTIVATED
        )

    def activate(self, name: str, *, expected_version: int | None = None) -> UserView:
        def change(
            s: Session, current: accounts.AccountRecord, now: dt.datetime
        ) -> accounts.AccountRecord:
            return accounts.update(s, name, expected_version=expected_version, active=True)

        return self._change(
            name, "activate accounts", expected_version, change, EventCode.ACCOUNT_ACTIVATED
        )

    def set_password(
        self, name: str, password: str, *, expected_version: int | None = None
    ) -> UserView:
        """A new password (keeping the rules): administrators for anyone, others their
        own. An administrator's reset lifts a lock and ends the account's other sessions."""
        hashed = hash_password(check_password(name, password))
        try:
            with self._db.session() as s:
                if name != self._actor.user:
                    role = require_role(s, self._actor, MANAGERS, "set others' passwords").role
                else:
                    role = check_session(s, self._actor).role
                now = self._clock()
                try:
                    record = accounts.update(
                        s, name, expected_version=expected_version, password_hash=hashed, at=now
                    )
                except KeyError as exc:
                    raise NotFound(f"there is no account named {name!r}") from exc
                if name != self._actor.user:
                    accounts.end_sessions_of(s, name, at=now)
                _password_changed(s, self._actor, role, name, hashed, now)
                return _view(record)
        except StaleWrite as exc:
            raise ConcurrentChange(f"the account {name!r}") from exc

    def confirm(self, name: str, password: str) -> None:
        """Unlock an idle workstation: the signed-in person's own password, or an active
        administrator's. Wrong passwords count towards that account's lock, as at
        sign-in. The session must still be open."""
        now = self._clock()
        with self._db.session(readonly=True) as s:
            check_session(s, self._actor)
            record = accounts.get(s, name)
        if record is None:
            raise AuthenticationFailed(f"there is no account named {name!r}")
        if name != self._actor.user and (
            record.role is not Role.ADMINISTRATOR or not record.active
        ):
            raise PermissionDenied("unlock another person's workstation", record.role, MANAGERS)
        if not record.active:
            raise AccountInactive(f"the account {name!r} is deactivated")
        if record.locked_until is not None and record.locked_until > now:
            raise AccountLocked(name, record.locked_until)
        if record.password_hash is None:
            raise PasswordNotSet(f"the account {name!r} has no password yet")
        right = verify_password(record.password_hash, password)
        with self._db.session() as s:
            if right:
                role = check_session(s, self._actor).role
                accounts.record_success(s, name)
                accounts.touch_session(s, self._actor.session_id, at=now)
                content = {"session": self._actor.session_id, "name": name}
                journal.record(s, self._actor, role, EventCode.SESSION_CONFIRMED, now, content)
                return
            after = accounts.record_failure(
                s,
                name,
                limit=SETTINGS.failed_sign_in_limit,
                lock_until=now + SETTINGS.lock_duration,
            )
            _failed(s, name, self._actor.workstation, after, record, now)
        _wrong_password(name, after, now)

    def sign_out(self) -> None:
        """End this session: the services built on it refuse every further action."""
        with self._db.session() as s:
            now = self._clock()
            if accounts.end_session(s, self._actor.session_id, at=now):
                record = accounts.get(s, self._actor.user)
                role = None if record is None else record.role
                content = {"session": self._actor.session_id}
                journal.record(s, self._actor, role, EventCode.SIGN_OUT, now, content)


ChangeAccount = Callable[[Session, accounts.AccountRecord, dt.datetime], accounts.AccountRecord]
