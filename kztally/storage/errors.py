"""What storage reports to the layers above: each error says what is wrong and what to do."""

from __future__ import annotations


class StorageError(Exception):
    """A database cannot be used as asked; the message is meant for people."""


class SchemaMismatch(StorageError):  # noqa: N818
    """The database's schema is not the one this version of kztally works with.

    `found` is the revision in the database (None: it has no kztally schema yet),
    `expected` the revision this program needs, `command` what to run about it.
    """

    def __init__(self, found: str | None, expected: str, command: str, *, newer: bool) -> None:
        self.found = found
        self.expected = expected
        self.command = command
        self.newer = newer
        if found is None:
            message = (
                f"the database has no kztally schema yet (expected revision {expected}); "
                f"the administrator prepares it with: {command}"
            )
        elif newer:
            message = (
                f"the database's schema is at revision {found}, newer than this kztally "
                f"knows (it expects {expected}); {command}"
            )
        else:
            message = (
                f"the database's schema is at revision {found}, older than this kztally "
                f"(it expects {expected}); the administrator upgrades it with: {command}"
            )
        super().__init__(message)


class NotAKztallyDatabase(StorageError):  # noqa: N818
    """The file or database holds something else than a kztally database."""


class StaleWrite(StorageError):  # noqa: N818
    """A row changed between reading it and writing it (its version moved on)."""

    def __init__(self, table: str, key: tuple[str, ...]) -> None:
        super().__init__(f"{table} {'/'.join(key)} was changed by someone else meanwhile")
        self.table = table
        self.key = key


class NotPermitted(StorageError):  # noqa: N818
    """The database's login may not make this change (PostgreSQL's grants, db/grants.sql):
    changing accounts, and marking results official or unlocking them, take the
    administrator's login."""

    def __init__(self, login: str | None, detail: str) -> None:
        super().__init__(
            f"the database login {login or '(default)'} may not make this change ({detail}): "
            "adding accounts with a password, changing roles, passwords and whether an "
            "account is active, and marking results official or unlocking them, take the "
            "administrator's database login (db/README.md)"
        )
        self.login = login


class Unreachable(StorageError):  # noqa: N818
    """The database cannot be reached or refuses the connection. `reason` is stable for
    the front ends (see `connection_reason`); the message keeps the driver's words."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


CONNECTION_REASONS = ("refused", "unknown_host", "authentication", "no_database", "timeout")
"""What `connection_reason` tells apart; anything else is "other"."""

_REASON_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "unknown_host",
        (
            "failed to resolve host",
            "could not translate host name",
            "name or service not known",
            "nodename nor servname",
        ),
    ),
    ("refused", ("connection refused", "is the server running")),
    (
        "authentication",
        (
            "password authentication failed",
            "authentication failed",
            "no password supplied",
            'role "',
            "no pg_hba.conf entry",
        ),
    ),
    ("no_database", ("does not exist",)),
    ("timeout", ("timeout expired", "timed out", "connection timeout")),
)


def connection_reason(exc: BaseException) -> str:
    """Why a connection failed, from the driver's error (or any error it caused): one of
    CONNECTION_REASONS, else "other". libpq gives no code for these, only English words."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, Unreachable):
            return current.reason
        words = str(current).lower()
        orig = getattr(current, "orig", None)
        if isinstance(orig, BaseException):
            words += " " + str(orig).lower()
        for reason, markers in _REASON_WORDS:
            if any(m in words for m in markers):
                if reason == "no_database" and "database" not in words:
                    continue
                return reason
        current = current.__cause__ or current.__context__
    return "other"
