"""Writing the audit log from the services: each change's events are staged in the
transaction that makes it (`kztally.storage.audit` appends them as it commits).

The codes and what their content holds are listed in docs/audit.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kztally.domain.audit import (
    Draft,
    EventCode,
    copy_digest,
    figures_digest,
    password_digest,
)
from kztally.domain.entry import Case
from kztally.domain.protocol import Act, Figures
from kztally.domain.rules import Role
from kztally.storage import audit as store
from kztally.storage.database import Session
from kztally.storage.protocols import Written


class Someone(Protocol):
    """Who acts: a signed-in session (`SignedIn`) has these."""

    @property
    def user(self) -> str: ...

    @property
    def workstation(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Who:
    """Someone acting before a session exists (signing in)."""

    user: str
    workstation: str


def record(
    s: Session,
    who: Someone,
    role: Role | None,
    code: EventCode,
    at: dt.datetime,
    content: Mapping[str, Any],
) -> None:
    """Stage one event of the person acting (written as the transaction commits)."""
    store.stage(s, [draft(who, role, code, at, content)])


def draft(
    who: Someone, role: Role | None, code: EventCode, at: dt.datetime, content: Mapping[str, Any]
) -> Draft:
    return Draft(code, who.user, None if role is None else role.value, who.workstation, at, content)


def stage(s: Session, drafts: Sequence[Draft]) -> None:
    store.stage(s, drafts)


def protocol_content(
    precinct: str, contest: str, written: Written, case: Case, **more: Any
) -> dict[str, Any]:
    """What a protocol's event holds: the protocol, the SHA-256 of each revision the
    change wrote, and where it left the protocol (state, round, its agreed figures'
    SHA-256)."""
    return {
        "precinct": precinct,
        "contest": contest,
        "revisions": list(written.revisions),
        "state": case.state.value,
        "round": case.round,
        "figures": written.figures,
        **more,
    }


def account_content(
    name: str, role: Role, *, active: bool, password_hash: str | None, generated: bool
) -> dict[str, Any]:
    """An account as `account.created` (and the log's baseline) records it."""
    return {
        "name": name,
        "role": role.value,
        "active": active,
        "password": password_digest(password_hash),
        "generated": generated,
    }


def copy_content(
    copy_id: int,
    precinct: str,
    contest: str,
    observer: str,
    at: dt.datetime,
    figures: Figures,
    acts: frozenset[Act],
    note: str,
) -> dict[str, Any]:
    """What `observer_copy.entered` holds: the copy's row and its SHA-256."""
    digest = copy_digest(
        observer,
        at,
        (a.value for a in acts),
        figures_digest(figures.lines, figures.votes, figures.against_all),
        note,
    )
    return {
        "copy": copy_id,
        "precinct": precinct,
        "contest": contest,
        "observer": observer,
        "sha256": digest,
    }
