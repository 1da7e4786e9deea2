"""Writing the audit log from the services: each change's events are staged in the
transaction that makes it (`kztally.storage.audit` appends them as it commits).

The codes and what their content holds are listed in docs/audit.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from kztally.domain.audit import Draft, EventCode, figures_digest
from kztally.domain.entry import Case
from kztally.domain.rules import Role
from kztally.storage import audit as store
from kztally.storage.database import Session


class Someone(Protocol):
    """Who acts: a signed-in session (`SignedIn`) has these."""

    @property
    def user(self) -> str: ...

    @property
    def workstation(self) -> str: ...


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
    precinct: str, contest: str, revisions: Sequence[str], case: Case, **more: Any
) -> dict[str, Any]:
    """What a protocol's event holds: the protocol, the SHA-256 of each revision the
    change wrote, and where it left the protocol (state, round, its agreed figures'
    SHA-256)."""
    agreed = case.agreed
    figures = (
        None
        if agreed is None
        else figures_digest(agreed.figures.lines, agreed.figures.votes, agreed.figures.against_all)
    )
    return {
        "precinct": precinct,
        "contest": contest,
        "revisions": list(revisions),
        "state": case.state.value,
        "round": case.round,
        "figures": figures,
        **more,
    }
