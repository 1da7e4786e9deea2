"""Migration 0005 (the audit log): a database made at 0004, with accounts, is upgraded;
the log begins with a baseline of what was there and the upgrade's own event, and it
verifies. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

from alembic import command
from sqlalchemy import text

from kztally.domain.audit import EventCode
from kztally.services.context import Services
from kztally.storage import database as database_module
from kztally.storage.database import head_revision, normalize_url, open_database

AT = dt.datetime(2023, 3, 1, 9, 0)


def _make_at_0004(url: str) -> None:
    engine = database_module.make_engine(normalize_url(url), foreign_keys=False)
    try:
        with engine.connect() as conn:
            cfg = database_module._alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0004")
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


def test_the_log_begins_with_what_the_database_held(db_url: str) -> None:
    _make_at_0004(db_url)
    with open_database(db_url, migrate=True) as db:
        assert db.current_revision == head_revision()
        admin = Services.sign_in(db, "old-admin", "the admin's own")
        events = admin.audit.show()
        assert [e.code for e in events[:2]] == [EventCode.LOG_STARTED, EventCode.SCHEMA_UPGRADED]
        baseline = json.loads(events[0].content)
        assert [a["name"] for a in baseline["accounts"]] == ["old-admin", "old-clerk"]
        assert json.loads(events[1].content) == {"from": "0004", "to": head_revision()}
        assert EventCode.PASSWORD_CHANGED in [e.code for e in events]
        assert admin.audit.verify().breaks == ()
