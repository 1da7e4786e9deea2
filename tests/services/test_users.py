"""Accounts, roles, signing in, sessions and locks, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from kztally.domain.entry import Actor
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.errors import (
    AccountInactive,
    AccountLocked,
    AuthenticationFailed,
    ConcurrentChange,
    InvalidRequest,
    NotFound,
    PasswordNotSet,
    PasswordRequired,
    PermissionDenied,
    SessionEnded,
    WeakPassword,
)
from kztally.services.users import SETTINGS, SignedIn, has_accounts, sign_in
from kztally.storage.database import Database
from tests.conftest import PASSWORD


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = dt.datetime(2023, 3, 19, 20, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def test_the_first_person_on_an_empty_database_becomes_administrator(db: Database) -> None:
    assert not has_accounts(db)
    with pytest.raises(PasswordRequired):
        sign_in(db, "aigerim", None)
    with pytest.raises(WeakPassword) as short:
        sign_in(db, "aigerim", "short")
    assert (short.value.code, short.value.rule, short.value.minimum) == (
        "weak_password",
        "too_short",
        8,
    )
    with pytest.raises(WeakPassword) as named:
        sign_in(db, "aigerim.k", "AIGERIM.K")
    assert named.value.rule == "is_name"
    assert not has_accounts(db)  # nothing was made by the refused attempts
    signed = sign_in(db, "aigerim", PASSWORD, workstation="desk-1")
    assert (signed.user, signed.role, signed.workstation) == (
        "aigerim",
        Role.ADMINISTRATOR,
        "desk-1",
    )
    admin = Services(db, signed)
    (me,) = admin.users.list()
    assert (me.name, me.role, me.has_password, me.created_by, me.active) == (
        "aigerim",
        Role.ADMINISTRATOR,
        True,
        "aigerim",
        True,
    )
    # the second unknown person is not let in
    with pytest.raises(AuthenticationFailed, match="no account"):
        sign_in(db, "stranger", PASSWORD)
    assert [u.name for u in admin.users.list()] == ["aigerim"]


def test_a_name_is_not_enough_to_act(db: Database) -> None:
    Services.sign_in(db, "admin", PASSWORD)
    with pytest.raises(TypeError, match="sign_in"):
        Services(db, Actor("admin", Role.ADMINISTRATOR))  # type: ignore[arg-type]
    real = sign_in(db, "admin", PASSWORD)
    forged = SignedIn("admin", Role.ADMINISTRATOR, real.session_id, "", real.started_at, "x" * 43)
    with pytest.raises(SessionEnded, match="not a valid session"):
        Services(db, forged).users.list()
    guessed = SignedIn("admin", Role.ADMINISTRATOR, real.session_id + 100, "", real.started_at, "")
    with pytest.raises(SessionEnded):
        Services(db, guessed).elections.current()
    with db.session(readonly=True) as s:
        stored = s.execute(
            text("SELECT token_hash FROM sign_in_session WHERE id = :i"), {"i": real.session_id}
        ).scalar()
    assert real.token not in stored and len(stored) == 64


def test_passwords_are_argon2id_and_checked(db: Database) -> None:
    admin = Services.sign_in(db, "admin", PASSWORD)
    admin.users.add("bolat", Role.CLERK, password="s3cret pass")
    with db.session(readonly=True) as s:
        stored = s.execute(text("SELECT password_hash FROM account WHERE name = 'bolat'")).scalar()
    assert stored.startswith("$argon2id$")
    assert "s3cret" not in stored
    with pytest.raises(PasswordRequired):
        sign_in(db, "bolat", None)
    with pytest.raises(PasswordRequired):
        sign_in(db, "bolat", "")
    with pytest.raises(AuthenticationFailed, match="wrong password"):
        sign_in(db, "bolat", "s3cret")
    with pytest.raises(AuthenticationFailed, match="wrong password"):
        sign_in(db, "bolat", "\ud800 lone surrogate")
    assert sign_in(db, "bolat", "s3cret pass").role is Role.CLERK


def test_every_new_password_keeps_the_rules(db: Database) -> None:
    admin = Services.sign_in(db, "admin", PASSWORD)
    cases = {
        "": "too_short",
        "1234567": "too_short",
        "Dana.Zh1": "is_name",
        "x" * 1025: "too_long",
        "abc\x00defgh": "characters",
        "abc\ud800defgh": "characters",
    }
    for bad, rule in cases.items():
        with pytest.raises(WeakPassword) as refused:
            admin.users.add("dana.zh1", Role.CLERK, bad)
        assert refused.value.rule == rule
    assert [u.name for u in admin.users.list()] == ["admin"]
    admin.users.add("dana.zh1", Role.CLERK, "12345678")
    for bad, rule in cases.items():
        with pytest.raises(WeakPassword) as refused:
            admin.users.set_password("dana.zh1", bad)
        assert refused.value.rule == rule
    with pytest.raises(WeakPassword):
        admin.users.set_password("admin", "ADMIN")


def test_only_administrators_manage_accounts(db: Database) -> None:
    admin = Services.sign_in(db, "admin", PASSWORD)
    admin.users.add("clerk", Role.CLERK, PASSWORD)
    admin.users.add("sup", Role.SUPERVISOR, PASSWORD)
    clerk = Services.sign_in(db, "clerk", PASSWORD)
    sup = Services.sign_in(db, "sup", PASSWORD)
    for who in (clerk, sup):
        with pytest.raises(PermissionDenied):
            who.users.add("x", Role.CLERK, PASSWORD)
        with pytest.raises(PermissionDenied):
            who.users.set_role("clerk", Role.SUPERVISOR)
        with pytest.raises(PermissionDenied):
            who.users.set_password("admin", "hijacked pw")
        with pytest.raises(PermissionDenied):
            who.users.deactivate("admin")
        with pytest.raises(PermissionDenied):
            who.users.activate("clerk")
    with pytest.raises(PermissionDenied):
        clerk.users.list()
    assert [u.name for u in sup.users.list()] == ["admin", "clerk", "sup"]


def test_a_role_changed_by_the_administrator_applies_at_once(db: Database) -> None:
    admin = Services.sign_in(db, "admin", PASSWORD)
    admin.users.add("dana", Role.SUPERVISOR, PASSWORD)
    dana = Services.sign_in(db, "dana", PASSWORD)
    assert [u.name for u in dana.users.list()] == ["admin", "dana"]
    admin.users.set_role("dana", Role.CLERK)
    # the same Services object, built when dana was a supervisor: the stored role rules
    with pytest.raises(PermissionDenied):
        dana.users.list()
    assert dana.actor.role is Role.SUPERVISOR
    assert sign_in(db, "dana", PASSWORD).role is Role.CLERK


def test_the_last_active_administrator_keeps_the_role_and_stays_active(db: Database) -> None:
    admin = Services.sign_in(db, "admin", PASSWORD)
    with pytest.raises(InvalidRequest, match="last active administrator"):
        admin.users.set_role("admin", Role.SUPERVISOR)
    with pytest.raises(InvalidRequest, match="last active administrator"):
        admin.users.deactivate("admin")
    admin.users.add("second", Role.ADMINISTRATOR, PASSWORD)
    second = Services.sign_in(db, "second", PASSWORD)
    second.users.deactivate("admin")
    # a deactivated administrator is not counted: "second" is now the last active one
    with pytest.raises(InvalidRequest, match="last active administrator"):
        second.users.set_role("second", Role.CLERK)
    with pytest.raises(InvalidRequest, match="last active administrator"):
        second.users.deactivate("second")
    second.users.activate("admin")
    second.users.set_role("admin", Role.TRAINER)
    assert sign_in(db, "admin", PASSWORD).role is Role.TRAINER


def test_a_deactivated_account_cannot_sign_in_and_its_sessions_stop(db: Database) -> None:
    admin = Services.sign_in(db, "admin", PASSWORD)
    admin.users.add("erlan", Role.SUPERVISOR, PASSWORD)
    erlan = Services.sign_in(db, "erlan", PASSWORD)
    assert len(erlan.users.list()) == 2
    view = admin.users.deactivate("erlan")
    assert not view.active
    for action in (erlan.users.list, erlan.elections.current, erlan.users.me):
        with pytest.raises(SessionEnded, match=r"deactivated|ended"):
            action()
    with pytest.raises(AccountInactive, match="deactivated"):
        sign_in(db, "erlan", PASSWORD)
    admin.users.activate("erlan")
    # the old session stays ended; a new sign-in works
    with pytest.raises(SessionEnded):
        erlan.users.list()
    assert len(Services.sign_in(db, "erlan", PASSWORD).users.list()) == 2


def test_signing_out_ends_the_session(db: Database) -> None:
    admin = Services.sign_in(db, "admin", PASSWORD)
    other = Services.sign_in(db, "admin", PASSWORD)
    admin.sign_out()
    with pytest.raises(SessionEnded, match="has ended"):
        admin.users.list()
    with pytest.raises(SessionEnded):
        admin.results.results()
    assert [u.name for u in other.users.list()] == ["admin"]  # another session lives on
    with db.session(readonly=True) as s:
        ended = s.execute(
            text("SELECT count(*) FROM sign_in_session WHERE ended_at IS NOT NULL")
        ).scalar()
    assert ended == 1


def test_repeated_wrong_passwords_lock_the_account_for_a_while(db: Database) -> None:
    clock = Clock()
    admin = Services.sign_in(db, "admin", PASSWORD, clock=clock)
    admin.users.add("gulnar", Role.CLERK, PASSWORD)
    for n in range(SETTINGS.failed_sign_in_limit - 1):
        with pytest.raises(AuthenticationFailed, match="wrong password") as wrong:
            sign_in(db, "gulnar", "not the password", clock=clock)
        assert f"{SETTINGS.failed_sign_in_limit - n - 1} more" in str(wrong.value)
    with pytest.raises(AccountLocked) as locked:
        sign_in(db, "gulnar", "not the password", clock=clock)
    until = clock.now + SETTINGS.lock_duration
    assert locked.value.until == until
    assert "locked" in str(locked.value) and "until 2023-03-19 20:15 UTC" in str(locked.value)
    # even the right password waits for the lock to pass
    clock.now += SETTINGS.lock_duration - dt.timedelta(seconds=1)
    with pytest.raises(AccountLocked):
        sign_in(db, "gulnar", PASSWORD, clock=clock)
    (listed,) = [u for u in admin.users.list() if u.name == "gulnar"]
    assert listed.locked_until == until
    clock.now += dt.timedelta(seconds=1)
    assert sign_in(db, "gulnar", PASSWORD, clock=clock).user == "gulnar"
    # a success starts the count again
    for _ in range(SETTINGS.failed_sign_in_limit - 1):
        with pytest.raises(AuthenticationFailed, match="wrong password"):
            sign_in(db, "gulnar", "not the password", clock=clock)
    assert sign_in(db, "gulnar", PASSWORD, clock=clock).user == "gulnar"


def test_an_administrators_reset_lifts_a_lock_and_ends_the_sessions(db: Database) -> None:
    clock = Clock()
    admin = Services.sign_in(db, "admin", PASSWORD, clock=clock)
    admin.users.add("hasan", Role.CLERK, PASSWORD)
    hasan = Services.sign_in(db, "hasan", PASSWORD, clock=clock)
    for _ in range(SETTINGS.failed_sign_in_limit):
        with pytest.raises(AuthenticationFailed):
            sign_in(db, "hasan", "guessing wrong", clock=clock)
    with pytest.raises(AccountLocked):
        sign_in(db, "hasan", PASSWORD, clock=clock)
    admin.users.set_password("hasan", "a new one from the admin")
    with pytest.raises(SessionEnded):
        hasan.users.me()
    assert sign_in(db, "hasan", "a new one from the admin", clock=clock).user == "hasan"
    with pytest.raises(AuthenticationFailed):
        sign_in(db, "hasan", PASSWORD, clock=clock)


def test_own_password_changed_and_idle_unlock(db: Database) -> None:
    clock = Clock()
    admin = Services.sign_in(db, "admin", PASSWORD, clock=clock)
    admin.users.add("erlan", Role.CLERK, PASSWORD)
    erlan = Services.sign_in(db, "erlan", PASSWORD, clock=clock)
    erlan.users.set_password("erlan", "my own secret")  # one's own: allowed
    assert erlan.users.me().password_changed_at == clock.now
    assert sign_in(db, "erlan", "my own secret").user == "erlan"
    with pytest.raises(PermissionDenied):
        erlan.users.set_password("admin", "hijack it now")
    # the locked screen: the person's own password, or an administrator's
    erlan.users.confirm("erlan", "my own secret")
    erlan.users.confirm("admin", PASSWORD)
    with pytest.raises(AuthenticationFailed, match="wrong password"):
        erlan.users.confirm("erlan", PASSWORD)
    admin.users.add("clerk2", Role.CLERK, PASSWORD)
    with pytest.raises(PermissionDenied):
        erlan.users.confirm("clerk2", PASSWORD)
    with pytest.raises(NotFound):
        admin.users.set_password("nobody", "a fine password")


def test_accounts_without_a_password_from_earlier_versions(db: Database) -> None:
    admin = Services.sign_in(db, "admin", PASSWORD)
    admin.users.add("old", Role.CLERK, PASSWORD)
    with db.session() as s:  # as an earlier version made them
        s.execute(text("UPDATE account SET password_hash = NULL"))
    # a clerk without a password waits for an administrator, whatever they type
    with pytest.raises(PasswordNotSet, match="kztally users passwd old"):
        sign_in(db, "old", "anything at all")
    # no administrator has a password: the administrator sets theirs at next sign-in
    with pytest.raises(PasswordRequired):
        sign_in(db, "admin", None)
    with pytest.raises(WeakPassword):
        sign_in(db, "admin", "short")
    admin = Services.sign_in(db, "admin", "the admin's new one")
    assert admin.users.me().has_password
    with pytest.raises(AuthenticationFailed):
        sign_in(db, "admin", PASSWORD)
    with pytest.raises(PasswordNotSet):
        sign_in(db, "old", "anything at all")
    admin.users.set_password("old", "set by the admin")
    assert sign_in(db, "old", "set by the admin").role is Role.CLERK


def test_a_second_administrator_without_a_password_cannot_claim(db: Database) -> None:
    admin = Services.sign_in(db, "admin", PASSWORD)
    admin.users.add("admin2", Role.ADMINISTRATOR, PASSWORD)
    with db.session() as s:
        s.execute(text("UPDATE account SET password_hash = NULL WHERE name = 'admin2'"))
    with pytest.raises(PasswordNotSet):
        sign_in(db, "admin2", "claiming it now")


def test_a_stale_account_edit_is_a_concurrent_change(db: Database) -> None:
    admin = Services.sign_in(db, "admin", PASSWORD)
    seen = admin.users.add("farida", Role.CLERK, PASSWORD)
    admin.users.set_role("farida", Role.SUPERVISOR, expected_version=seen.version)
    with pytest.raises(ConcurrentChange):
        admin.users.set_role("farida", Role.OBSERVER, expected_version=seen.version)
    (farida,) = [u for u in admin.users.list() if u.name == "farida"]
    assert farida.role is Role.SUPERVISOR
    assert farida.version == seen.version + 1
    # wrong passwords do not make an administrator's view stale
    with pytest.raises(AuthenticationFailed):
        sign_in(db, "farida", "wrong password")
    admin.users.set_role("farida", Role.CLERK, expected_version=farida.version)


def test_names_are_checked_and_unique(db: Database) -> None:
    admin = Services.sign_in(db, "admin", PASSWORD)
    for bad in ("", " padded", "x" * 65, "tab\there", "lone\ud800"):
        with pytest.raises(InvalidRequest):
            admin.users.add(bad, Role.CLERK, PASSWORD)
    admin.users.add("Гүлнар", Role.OBSERVER, PASSWORD)
    with pytest.raises(InvalidRequest, match="exists"):
        admin.users.add("Гүлнар", Role.CLERK, PASSWORD)
    assert sign_in(db, "Гүлнар", PASSWORD).role is Role.OBSERVER
    with pytest.raises(WeakPassword):
        admin.users.add("Сәулетбек", Role.CLERK, "сӘУЛЕТБЕК")


def test_account_changes_bump_the_data_version(db: Database) -> None:
    admin = Services.sign_in(db, "admin", PASSWORD)
    v0 = admin.data_version()
    admin.users.add("g", Role.CLERK, PASSWORD)
    assert admin.data_version() == v0 + 1
    admin.users.list()
    assert admin.data_version() == v0 + 1
