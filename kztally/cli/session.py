"""Opening the database and signing in, for every command that works on one.

The database: `--db URL`, else KZTALLY_DB_URL, else the saved setting, else the default
SQLite file (kztally.config). A workstation migrates its own SQLite file when it opens
it; it never migrates a server, and a schema older or newer than this kztally stops the
command (exit status 2) with the revisions found and expected and the command to run.

The acting person: `--user NAME`, else KZTALLY_USER, else the operating system's user
name. Their password, when the account has one, from KZTALLY_PASSWORD (for scripts) or
asked for without echo. On a database with no accounts yet, the first command creates
that person's account as administrator.

Exit statuses: 2 for what the user must set right (database, schema, arguments), 3 for
a refused sign-in or an action the role does not allow.
"""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager

from kztally.cli.errors import CliError
from kztally.config import ConfigError, DbChoice, resolve_db_url
from kztally.domain.entry import TransitionError
from kztally.domain.limits import NAME_MAX, text_problem
from kztally.services.context import Services
from kztally.services.errors import AuthenticationFailed, PermissionDenied, ServiceError
from kztally.services.users import needs_password
from kztally.storage.database import Database, open_database
from kztally.storage.errors import StorageError

ENV_USER = "KZTALLY_USER"
ENV_PASSWORD = "KZTALLY_PASSWORD"
DENIED = 3


def db_choice(args: argparse.Namespace) -> DbChoice:
    try:
        return resolve_db_url(getattr(args, "db", None))
    except ConfigError as exc:
        raise CliError(str(exc)) from exc


def open_db(args: argparse.Namespace, *, migrate: bool | None = None) -> Database:
    """The database the command works on, with its schema checked (and, for a SQLite
    file, brought up to date)."""
    choice = db_choice(args)
    try:
        return open_database(choice.url, migrate=migrate)
    except StorageError as exc:
        raise CliError(str(exc)) from exc


def acting_name(args: argparse.Namespace) -> str:
    name = getattr(args, "user", None) or os.environ.get(ENV_USER)
    if name:
        problem = text_problem(str(name), NAME_MAX)
        if problem is not None:  # bytes that are not UTF-8 arrive as lone surrogates
            shown = str(name) if len(str(name)) <= 20 else str(name)[:17] + "..."
            raise CliError(f"--user {shown!r}: {problem}")
        return str(name)
    try:
        return getpass.getuser()
    except (KeyError, OSError) as exc:
        raise CliError(f"say who is acting with --user NAME or {ENV_USER}") from exc


def _password(db: Database, name: str) -> str | None:
    if not needs_password(db, name):
        return None
    env = os.environ.get(ENV_PASSWORD)
    if env is not None:
        return env
    try:
        return getpass.getpass(f"Password for {name}: ")
    except EOFError as exc:
        raise CliError(f"the account {name!r} needs its password ({ENV_PASSWORD})", DENIED) from exc


def sign_in(db: Database, args: argparse.Namespace) -> Services:
    name = acting_name(args)
    with service_errors():
        return Services.sign_in(db, name, _password(db, name))


@contextmanager
def signed_in(args: argparse.Namespace) -> Iterator[Services]:
    """Services on the command's database, acting as the command's user; the database is
    closed when the block ends."""
    db = open_db(args)
    try:
        yield sign_in(db, args)
    finally:
        db.close()


@contextmanager
def service_errors() -> Iterator[None]:
    """Turn what the services refuse into one line on stderr and an exit status."""
    try:
        yield
    except (AuthenticationFailed, PermissionDenied) as exc:
        raise CliError(str(exc), DENIED) from exc
    except TransitionError as exc:
        raise CliError(str(exc), DENIED if exc.code == "role" else 1) from exc
    except (ServiceError, StorageError) as exc:
        raise CliError(str(exc)) from exc
