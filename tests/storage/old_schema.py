"""Databases as an older kztally left them, for the migrations' tests: migrated to an
earlier revision, then filled with rows of that time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from alembic import command
from sqlalchemy import Connection, text

from kztally.storage import database as database_module
from kztally.storage.database import normalize_url

AT = dt.datetime(2023, 3, 1, 9, 0)


def make_at(url: str, revision: str, fill: Callable[[Connection], object]) -> None:
    """The database at `url` with its schema at `revision`, and `fill(conn)`'s rows
    written in one transaction."""
    engine = database_module.make_engine(normalize_url(url), foreign_keys=False)
    try:
        with engine.connect() as conn:
            cfg = database_module._alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
        with engine.begin() as conn:
            fill(conn)
    finally:
        engine.dispose()


def accounts_without_passwords(conn: Connection) -> None:
    """An administrator and a clerk as versions before 0003 could make them: no password."""
    for name, role in (("old-admin", "administrator"), ("old-clerk", "clerk")):
        conn.execute(
            text(
                "INSERT INTO account (name, role, password_hash, created_at, "
                "created_by, version) VALUES (:n, :r, NULL, :at, 'old-admin', 1)"
            ),
            {"n": name, "r": role, "at": AT},
        )


def downgrade_to(url: str, revision: str) -> None:
    """Take the database at `url` back to an earlier revision (by the migrations' own
    downgrades): the rows it holds stay, as that revision keeps them."""
    engine = database_module.make_engine(normalize_url(url), foreign_keys=False)
    try:
        with engine.connect() as conn:
            cfg = database_module._alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
            conn.commit()
    finally:
        engine.dispose()
