"""Errors the services raise: each carries a stable `code` for the front ends, which turn
codes into words in the user's language.

The double-entry state machine's own refusals are `kztally.domain.entry.TransitionError`
(codes: state, role, same_clerk, reason, act, breach_kind; the services add reference);
they pass through the services unchanged. `REFUSED` names both: it is what a front end
catches around a service call, and every member has a `code` and a one-line message.
"""

from __future__ import annotations

from kztally.domain.entry import TransitionError
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.rules import Role


class ServiceError(Exception):
    code = "service"


class PermissionDenied(ServiceError):  # noqa: N818
    """The acting account's role does not allow this."""

    code = "permission"

    def __init__(self, action: str, role: Role | None, allowed: frozenset[Role]) -> None:
        who = f"a {role}" if role is not None else "someone without an account"
        need = ", ".join(sorted(allowed))
        super().__init__(f"{who} may not {action} (allowed: {need})")
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


class AuthenticationFailed(ServiceError):  # noqa: N818
    code = "authentication"


class PasswordRequired(AuthenticationFailed):
    """The account has a password and none was given."""

    code = "password_required"


REFUSED = (ServiceError, TransitionError)
"""Every refusal of a service call, for `except REFUSED as exc:` (`exc.code`, `str(exc)`)."""
