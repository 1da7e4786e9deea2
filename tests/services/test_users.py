"""Accounts, roles and signing in, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from kztally.domain.entry import Actor
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.errors import (
    AuthenticationFailed,
    ConcurrentChange,
    InvalidRequest,
    NotFound,
    PasswordRequired,
    PermissionDenied,
)
from kztally.services.users import needs_password, sign_in
from kztally.storage.database import Database


def test_the_first_person_on_an_empty_database_becomes_administrator(db: Database) -> None:
    actor = sign_in(db, "aigerim")
    assert actor == Actor("aigerim", Role.ADMINISTRATOR)
    admin = Services(db, actor)
    (me,) = admin.users.list()
    assert (me.name, me.role, me.has_password, me.created_by) == (
        "aigerim",
        Role.ADMINISTRATOR,
        False,
        "aigerim",
    )
    # the second unknown person is not let in
    with pytest.raises(AuthenticationFailed, match="no account"):
        sign_in(db, "stranger")
    assert [u.name for u in admin.users.list()] == ["aigerim"]


def test_passwords_are_argon2id_and_checked(db: Database) -> None:
    admin = Services.sign_in(db, "admin")
    admin.users.add("bolat", Role.CLERK, password="s3cret pass")
    with db.session(readonly=True) as s:
        stored = s.execute(text("SELECT password_hash FROM account WHERE name = 'bolat'")).scalar()
    assert stored.startswith("$argon2id$")
    assert "s3cret" not in stored
    assert needs_password(db, "bolat")
    assert not needs_password(db, "admin")
    with pytest.raises(PasswordRequired):
        sign_in(db, "bolat")
    with pytest.raises(AuthenticationFailed, match="wrong password"):
        sign_in(db, "bolat", "s3cret")
    assert sign_in(db, "bolat", "s3cret pass") == Actor("bolat", Role.CLERK)


def test_only_administrators_manage_accounts(db: Database) -> None:
    admin = Services.sign_in(db, "admin")
    admin.users.add("clerk", Role.CLERK)
    admin.users.add("sup", Role.SUPERVISOR)
    clerk = Services.sign_in(db, "clerk")
    sup = Services.sign_in(db, "sup")
    for who in (clerk, sup):
        with pytest.raises(PermissionDenied):
            who.users.add("x", Role.CLERK)
        with pytest.raises(PermissionDenied):
            who.users.set_role("clerk", Role.SUPERVISOR)
        with pytest.raises(PermissionDenied):
            who.users.set_password("admin", "pw")
    with pytest.raises(PermissionDenied):
        clerk.users.list()
    assert [u.name for u in sup.users.list()] == ["admin", "clerk", "sup"]


def test_a_role_changed_by_the_administrator_applies_at_once(db: Database) -> None:
    admin = Services.sign_in(db, "admin")
    admin.users.add("dana", Role.SUPERVISOR)
    dana = Services.sign_in(db, "dana")
    assert [u.name for u in dana.users.list()] == ["admin", "dana"]
    admin.users.set_role("dana", Role.CLERK)
    # the same Services object, built when dana was a supervisor: the stored role rules
    with pytest.raises(PermissionDenied):
        dana.users.list()
    assert dana.actor.role is Role.SUPERVISOR
    assert sign_in(db, "dana").role is Role.CLERK


def test_the_last_administrator_keeps_the_role(db: Database) -> None:
    admin = Services.sign_in(db, "admin")
    with pytest.raises(InvalidRequest, match="last administrator"):
        admin.users.set_role("admin", Role.SUPERVISOR)
    admin.users.add("second", Role.ADMINISTRATOR)
    admin.users.set_role("admin", Role.TRAINER)
    assert sign_in(db, "admin").role is Role.TRAINER


def test_passwords_set_changed_and_removed(db: Database) -> None:
    admin = Services.sign_in(db, "admin")
    admin.users.add("erlan", Role.CLERK)
    erlan = Services.sign_in(db, "erlan")
    erlan.users.set_password("erlan", "mine")  # one's own: allowed
    assert sign_in(db, "erlan", "mine").user == "erlan"
    with pytest.raises(PermissionDenied):
        erlan.users.set_password("admin", "hijack")
    admin.users.set_password("erlan", "reset by admin")
    with pytest.raises(AuthenticationFailed):
        sign_in(db, "erlan", "mine")
    admin.users.set_password("erlan", None)
    assert not needs_password(db, "erlan")
    with pytest.raises(InvalidRequest):
        admin.users.set_password("erlan", "")
    with pytest.raises(NotFound):
        admin.users.set_password("nobody", "pw")


def test_a_stale_account_edit_is_a_concurrent_change(db: Database) -> None:
    admin = Services.sign_in(db, "admin")
    seen = admin.users.add("farida", Role.CLERK)
    admin.users.set_role("farida", Role.SUPERVISOR, expected_version=seen.version)
    with pytest.raises(ConcurrentChange):
        admin.users.set_role("farida", Role.OBSERVER, expected_version=seen.version)
    (farida,) = [u for u in admin.users.list() if u.name == "farida"]
    assert farida.role is Role.SUPERVISOR
    assert farida.version == seen.version + 1


def test_names_are_checked_and_unique(db: Database) -> None:
    admin = Services.sign_in(db, "admin")
    for bad in ("", " padded", "x" * 65, "tab\there"):
        with pytest.raises(InvalidRequest):
            admin.users.add(bad, Role.CLERK)
    admin.users.add("Гүлнар", Role.OBSERVER)
    with pytest.raises(InvalidRequest, match="exists"):
        admin.users.add("Гүлнар", Role.CLERK)
    assert sign_in(db, "Гүлнар").role is Role.OBSERVER


def test_account_changes_bump_the_data_version(db: Database) -> None:
    admin = Services.sign_in(db, "admin")
    v0 = admin.data_version()
    admin.users.add("g", Role.CLERK)
    assert admin.data_version() == v0 + 1
    admin.users.list()
    sign_in(db, "g")
    assert admin.data_version() == v0 + 1
