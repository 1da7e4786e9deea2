"""Migration 0005 (the audit log): a database made at 0004, with accounts, is upgraded;
the log begins with a baseline of what was there and the upgrade's own event, and it
verifies. On SQLite and PostgreSQL."""

from __future__ import annotations

import json

from kztally.domain.audit import EventCode
from kztally.services.context import Services
from kztally.storage.database import head_revision, open_database
from tests.storage.old_schema import accounts_without_passwords, make_at


def test_the_log_begins_with_what_the_database_held(db_url: str) -> None:
    make_at(db_url, "0004", accounts_without_passwords)
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
