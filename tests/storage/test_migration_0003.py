"""Migration 0003 (accounts): a database made at 0002, with accounts an earlier version
made without passwords, is upgraded; the accounts are active and unlocked, and none of
them signs in without a password. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import text

from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.errors import PasswordNotSet, PasswordRequired
from kztally.services.users import sign_in
from kztally.storage import database as database_module
from kztally.storage.database import head_revision, normalize_url, open_database

AT = dt.datetime(2023, 3, 1, 9, 0)


def _make_at_0002(url: str) -> None:
    engine = database_module.make_engine(normalize_url(url), foreign_keys=False)
    try:
        with engine.connect() as conn:
            cfg = database_module._alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0002")
            conn.commit()
        with engine.begin() as conn:
            for name, role in (("old-admin", "administrator"), ("old-clerk", "clerk")):
                conn.execute(
                    text(
                        "INSERT INTO account (name, role, password_hash, created_at, "
                        "created_by, version) VALUES (:n, :r, NULL, :at, 'old-admin', 1)"
                    ),
                    {"n": name, "r": role, "at": AT},
                )
    finally:
        engine.dispose()


def test_accounts_from_0002_are_kept_and_need_a_password(db_url: str) -> None:
    _make_at_0002(db_url)
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
