"""`kztally db upgrade` and `kztally db status`: the database's schema.

`upgrade` is what a commission's administrator runs once per new kztally version on the
shared PostgreSQL server (under an advisory lock, so two at once are safe); workstations
never migrate a server themselves. On an SQLite file it does what opening it does.

Storage is imported when a command runs, not when the parser is built: every `kztally`
command builds the whole parser.
"""

from __future__ import annotations

import argparse
from typing import Any

from kztally.cli.errors import CliError


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "db",
        parents=[common],
        help="the database's schema: upgrade, status",
        description="Create or upgrade the database's schema, or show its revision.",
    )
    actions = p.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    up = actions.add_parser(
        "upgrade",
        parents=[common],
        help="create or upgrade the schema (the administrator, on a shared server)",
        description="Bring the database's schema to this kztally's revision. On "
        "PostgreSQL run it as the database's owner; it holds an advisory lock meanwhile.",
    )
    up.set_defaults(func=run_upgrade)
    st = actions.add_parser(
        "status",
        parents=[common],
        help="the schema revision found and the one this kztally expects",
        description="Show the database, the schema revision found in it and the one this "
        "kztally expects. Exit status 2 when they differ.",
    )
    st.set_defaults(func=run_status)


def run_upgrade(args: argparse.Namespace) -> int:
    from kztally.cli.session import db_choice
    from kztally.storage.database import display_url, normalize_url, upgrade
    from kztally.storage.errors import StorageError

    choice = db_choice(args)
    where = display_url(normalize_url(choice.url))
    try:
        revision = upgrade(choice.url)
    except StorageError as exc:
        raise CliError(str(exc)) from exc
    print(f"{where}: schema at revision {revision}")
    return 0


def run_status(args: argparse.Namespace) -> int:
    from kztally.cli.session import db_choice
    from kztally.storage.database import display_url, head_revision, normalize_url, open_database
    from kztally.storage.errors import SchemaMismatch, StorageError

    choice = db_choice(args)
    try:
        url = normalize_url(choice.url)
    except StorageError as exc:
        raise CliError(str(exc)) from exc
    print(f"database: {display_url(url)} (from the {choice.source})")
    print(f"expected revision: {head_revision()}")
    try:
        with open_database(url, migrate=False) as db:
            print(f"found revision: {db.current_revision}")
    except SchemaMismatch as exc:
        print(f"found revision: {exc.found or 'none'}")
        raise CliError(str(exc)) from exc
    except StorageError as exc:
        raise CliError(str(exc)) from exc
    return 0
