"""`kztally backup FILE` and `kztally restore FILE`: copies of an SQLite database.

A backup is taken while the app may be running (SQLite's online backup API: one
consistent snapshot). A restore refuses a file that is not a kztally database and copies
the current database aside first. A PostgreSQL server is backed up by its administrator
with the scripts in `db/` (pg_dump, pg_restore).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kztally.cli.errors import CliError
from kztally.domain.rules import Role

BACKUP_ROLES = frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR, Role.TRAINER})
RESTORE_ROLES = frozenset({Role.ADMINISTRATOR})
SERVER_ADVICE = (
    "a PostgreSQL server is backed up and restored by its administrator "
    "with pg_dump and pg_restore (see db/README.md)"
)


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    b = sub.add_parser(
        "backup",
        parents=[common],
        help="copy the SQLite database to FILE (safe while kztally runs)",
        description="Copy the SQLite database to FILE: one consistent snapshot, taken "
        "safely while kztally runs. Administrators, supervisors and trainers.",
    )
    b.add_argument("file", metavar="FILE", type=Path)
    b.set_defaults(func=run_backup)
    r = sub.add_parser(
        "restore",
        parents=[common],
        help="replace the SQLite database with a backup",
        description="Replace the SQLite database with the backup in FILE, after checking "
        "that it is a kztally database and copying the current one aside. Administrators.",
    )
    r.add_argument("file", metavar="FILE", type=Path)
    r.set_defaults(func=run_restore)


def _sqlite_file(args: argparse.Namespace) -> Path:
    from kztally.cli.session import db_choice
    from kztally.storage.database import normalize_url, sqlite_path
    from kztally.storage.errors import StorageError

    try:
        url = normalize_url(db_choice(args).url)
    except StorageError as exc:
        raise CliError(str(exc)) from exc
    if url.get_backend_name() != "sqlite":
        raise CliError(SERVER_ADVICE)
    path = sqlite_path(url)
    if path is None:
        raise CliError("an in-memory database has nothing to back up")
    return path


def run_backup(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in
    from kztally.domain.audit import EventCode
    from kztally.services.transfer.service import file_sha256
    from kztally.storage.backup import backup_sqlite

    path = _sqlite_file(args)
    with signed_in(args) as services, service_errors():
        services.users.require(BACKUP_ROLES, "back up the database")
        revision = backup_sqlite(path, args.file)
        content = {"revision": revision, "sha256": file_sha256(args.file)}
        services.audit.note(EventCode.BACKUP_TAKEN, content)
    print(f"backed up {path} to {args.file} (schema revision {revision})")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from kztally.cli.session import acting_name, open_db, service_errors, signed_in, workstation
    from kztally.services.audit import note_restored
    from kztally.services.journal import Who
    from kztally.services.transfer.service import file_sha256

    path = _sqlite_file(args)
    role: Role | None = None
    who = Who(acting_name(args), workstation())
    if path.is_file() and path.stat().st_size > 0:
        with signed_in(args) as services, service_errors():
            services.users.require(RESTORE_ROLES, "restore the database")
            who = Who(services.actor.user, services.actor.workstation)
            role = Role.ADMINISTRATOR
    from kztally.storage.backup import restore_sqlite

    with service_errors():
        saved = restore_sqlite(path, args.file)
    sha256 = file_sha256(args.file)
    db = open_db(args)
    try:
        with service_errors():
            head = note_restored(db, who, role, args.file.name, sha256)
    finally:
        db.close()
    print(f"restored {path} from {args.file} (its audit head {head})")
    if saved is not None:
        print(f"the database as it was is kept in {saved}")
    return 0
