"""Opening the database and signing in, for every command that works on one.

The database: `--db URL`, else KZTALLY_DB_URL, else the saved setting, else the default
SQLite file (kztally.config). A workstation migrates its own SQLite file when it opens
it; it never migrates a server, and a schema older or newer than this kztally stops the
command (exit status 2) with the revisions found and expected and the command to run.

The acting person: `--user NAME`, else KZTALLY_USER, else the operating system's user
name. Their password from KZTALLY_PASSWORD (for scripts), else asked for without echo
when the command runs at a terminal; without either the command stops (exit status 3).
On a database with no accounts yet, the first command creates that person's account as
administrator with that password (asked for twice at a terminal), which must keep the
password rules (kztally.services.users). Each command opens a session for the person
and ends it when it finishes.

Exit statuses: 2 for what the user must set right (database, schema, arguments), 3 for
a refused sign-in or an action the role does not allow.
"""

from __future__ import annotations

import argparse
import getpass
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from kztally.cli.errors import CliError
from kztally.config import ConfigError, DbChoice, resolve_db_url
from kztally.domain.entry import TransitionError
from kztally.domain.limits import NAME_MAX, text_problem
from kztally.services.context import Services
from kztally.services.errors import AuthenticationFailed, PermissionDenied, ServiceError
from kztally.services.users import has_accounts
from kztally.storage.database import Database, open_database
from kztally.storage.errors import NotPermitted, StorageError

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


def ask_password(name: str, *, twice: bool, env: str = ENV_PASSWORD) -> str:
    """A password asked for without echo at a terminal (twice for a new one); `env` is
    the variable a script sets instead."""
    if not sys.stdin.isatty():
        raise CliError(
            f"the account {name!r} needs its password: set {env} or run at a terminal",
            DENIED,
        )
    try:
        first = getpass.getpass(f"{'New password' if twice else 'Password'} for {name}: ")
        again = getpass.getpass("Again: ") if twice else first
    except EOFError as exc:
        raise CliError(f"the account {name!r} needs its password ({env})", DENIED) from exc
    if first != again:
        raise CliError("the two passwords differ")
    return first


def _password(db: Database, name: str) -> str:
    env = os.environ.get(ENV_PASSWORD)
    if env is not None:
        return env
    return ask_password(name, twice=not has_accounts(db))


def workstation() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


def sign_in(db: Database, args: argparse.Namespace) -> Services:
    name = acting_name(args)
    with service_errors():
        return Services.sign_in(db, name, _password(db, name), workstation=workstation())


@contextmanager
def signed_in(args: argparse.Namespace) -> Iterator[Services]:
    """Services on the command's database, acting as the command's user; the database is
    closed when the block ends."""
    db = open_db(args)
    try:
        services = sign_in(db, args)
        try:
            yield services
        finally:
            # the session may have ended already (deactivated, or the database went away)
            with suppress(ServiceError, StorageError):
                services.sign_out()
    finally:
        db.close()


@contextmanager
def service_errors() -> Iterator[None]:
    """Turn what the services refuse into one line on stderr and an exit status."""
    try:
        yield
    except (AuthenticationFailed, PermissionDenied, NotPermitted) as exc:
        raise CliError(str(exc), DENIED) from exc
    except TransitionError as exc:
        raise CliError(str(exc), DENIED if exc.code == "role" else 1) from exc
    except (ServiceError, StorageError) as exc:
        raise CliError(str(exc)) from exc
