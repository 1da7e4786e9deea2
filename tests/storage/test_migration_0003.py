"""Migration 0003 (accounts): a database made at 0002, with accounts an earlier version
made without passwords, is upgraded; the accounts are active and unlocked, and none of
them signs in without a password. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.errors import PasswordNotSet, PasswordRequired
from kztally.services.users import sign_in
from kztally.storage.database import head_revision, open_database
from tests.storage.old_schema import accounts_without_passwords, make_at


def test_accounts_from_0002_are_kept_and_need_a_password(db_url: str) -> None:
    make_at(db_url, "0002", accounts_without_passwords)
    with open_database(db_url, migrate=True) as db:
        assert db.current_revision == head_revision()
        with db.session(readonly=True) as s:
            rows = s.execute(
                text("SELECT name, active, failed_sign_ins, locked_until, password_changed_at "
                     "FROM account ORDER BY name")
            ).all()  # fmt: skip
            assert [(r[0], bool(r[1]), r[2], r[3], r[4]) for r in rows] == [
                ("old-admin", True, 0, None, None),
                ("old-clerk", True, 0, None, None),
            ]
            assert s.execute(text("SELECT count(*) FROM sign_in_session")).scalar() == 0
        with pytest.raises(PasswordRequired):
            sign_in(db, "old-clerk", None)
        with pytest.raises(PasswordNotSet):
            sign_in(db, "old-clerk", "whatever I like")
        # no administrator has a password: the administrator sets theirs now
        admin = Services.sign_in(db, "old-admin", "the admin's own")
        assert admin.users.me().has_password
        admin.users.set_password("old-clerk", "given by the admin")
        assert sign_in(db, "old-clerk", "given by the admin").role is Role.CLERK
