"""Errors the services raise: each carries a stable `code` for the front ends, which turn
codes into words in the user's language.

The double-entry state machine's own refusals are `kztally.domain.entry.TransitionError`
(codes: state, role, same_clerk, reason, act, breach_kind; the services add reference);
they pass through the services unchanged. `REFUSED` names both: it is what a front end
catches around a service call, and every member has a `code` and a one-line message.
"""

from __future__ import annotations

import datetime as dt

from kztally.domain.entry import TransitionError
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.rules import Role


class ServiceError(Exception):
    code = "service"


class PermissionDenied(ServiceError):  # noqa: N818
    """The acting account's role does not allow this."""

    code = "permission"

    def __init__(self, action: str, role: Role | None, allowed: frozenset[Role]) -> None:
        who = role.a if role is not None else "someone without an account"
        need = f" (allowed: {', '.join(sorted(allowed))})" if allowed else ""
        super().__init__(f"{who} may not {action}{need}")
        self.action = action
        self.role = role
        self.allowed = allowed


class NotFound(ServiceError):  # noqa: N818
    code = "not_found"


class InvalidRequest(ServiceError):  # noqa: N818
    """The request is malformed (a protocol with the wrong number of vote lines, an empty
    name); not a judgement on figures, which are always recorded as the paper says."""

    code = "invalid"


class ConcurrentChange(ServiceError):  # noqa: N818
    """Someone else changed this meanwhile: the user's version is not the stored one.
    Nothing was written; show the user the current state and let them act again."""

    code = "concurrent_change"

    def __init__(
        self,
        what: str,
        *,
        protocol: tuple[AreaCode, ContestId] | None = None,
        expected_version: int | None = None,
        found_version: int | None = None,
    ) -> None:
        super().__init__(f"{what} was changed by someone else meanwhile")
        self.what = what
        self.protocol = protocol
        self.expected_version = expected_version
        self.found_version = found_version


class NoElection(ServiceError):  # noqa: N818
    code = "no_election"

    def __init__(self) -> None:
        super().__init__("no election is loaded in this database")


class ElectionMismatch(ServiceError):  # noqa: N818
    """Another election, or another version of it, is stored in this database."""

    code = "election_mismatch"


class ElectionAltered(ServiceError):  # noqa: N818
    """The stored election's definition does not hash to its content hash: it was
    changed behind kztally's back. Nothing is computed from it."""

    code = "election_altered"


class ResultsOfficial(ServiceError):  # noqa: N818
    """The election's results are official: nothing may change a figure, a state or a
    seat until an administrator unlocks them with a reason (docs/official.md)."""

    code = "official"

    def __init__(self, action: str, since: dt.datetime | None, by: str | None) -> None:
        when = "" if since is None else f" since {since.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"
        who = "" if by is None else f" (marked by {by})"
        super().__init__(
            f"cannot {action}: the results are official{when}{who}; an administrator "
            "must unlock them with a reason first"
        )
        self.action = action
        self.since = since
        self.by = by


class AuthenticationFailed(ServiceError):  # noqa: N818
    code = "authentication"


class PasswordRequired(AuthenticationFailed):
    """The account has a password and none was given."""

    code = "password_required"


REFUSED = (ServiceError, TransitionError)
"""Every refusal of a service call, for `except REFUSED as exc:` (`exc.code`, `str(exc)`)."""


class WeakPassword(InvalidRequest):
    """A new password breaks a rule: `rule` is too_short, too_long, is_name or characters
    (NUL or a lone surrogate); `minimum` the shortest length allowed."""

    code = "weak_password"

    def __init__(self, rule: str, message: str, *, minimum: int) -> None:
        super().__init__(message)
        self.rule = rule
        self.minimum = minimum


class AccountLocked(AuthenticationFailed):
    """Too many wrong passwords in a row: no sign-in, even with the right one, until
    `until` (or until an administrator sets a new password)."""

    code = "locked"

    def __init__(self, name: str, until: dt.datetime) -> None:
        super().__init__(
            f"the account {name!r} is locked after repeated wrong passwords, until "
            f"{until.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"
        )
        self.name = name
        self.until = until


class AccountInactive(AuthenticationFailed):
    """An administrator deactivated the account."""

    code = "inactive"


class PasswordNotSet(AuthenticationFailed):
    """An account made by an earlier version without a password: an administrator must
    set one (`kztally users passwd NAME`) before it can sign in."""

    code = "no_password"


class SessionEnded(AuthenticationFailed):
    """The session the services act for is over (signed out, the account deactivated or
    its password reset by an administrator), or was never a real one: sign in again."""

    code = "session_ended"


class LastAdministrator(InvalidRequest):
    """The last active administrator cannot be demoted or deactivated."""

    code = "last_administrator"
