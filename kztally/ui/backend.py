"""The screens' `Backend` over the real services: a thin adapter, plain data both ways.

Every refusal (a role, a state, a stale version, a missing reason) comes back as a
`BackendError` with the services' stable code, which the screens turn into words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from kztally.domain.election import Election
from kztally.domain.entry import Entry, EntryKind, State, TransitionError
from kztally.domain.ids import AreaCode, BodyId, ContestId
from kztally.domain.protocol import Act, Figures
from kztally.domain.results import BodyResult
from kztally.services.context import Services
from kztally.services.entry import EntryView, ProtocolView
from kztally.services.errors import ServiceError
from kztally.services.observers import Comparison
from kztally.services.results import ResultsService
from kztally.ui.observer import CopyComparison
from kztally.ui.ports import (
    Account,
    Attachment,
    BackendError,
    Key,
    ProtocolInfo,
    Revision,
)

T = TypeVar("T")


def _guard(call: Callable[[], T]) -> T:
    try:
        return call()
    except TransitionError as exc:
        raise BackendError(exc.code, str(exc)) from exc
    except ServiceError as exc:
        raise BackendError(exc.code, str(exc)) from exc


def _entry(e: EntryView | None) -> Entry | None:
    return None if e is None else Entry(e.figures, e.by, e.at, e.acts, e.kind)


def _info(v: ProtocolView) -> ProtocolInfo:
    return ProtocolInfo(
        precinct=v.precinct,
        contest=v.contest,
        state=v.state,
        round=v.round,
        version=v.version,
        breach=v.breach,
        figures=v.figures,
        acts=v.acts,
        findings=v.findings,
        first=_entry(v.first),
        second=_entry(v.second),
        differing=v.differing,
    )


class ServicesBackend:
    """One signed-in person's services, as the screens need them."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._election = services.elections.require()
        self._account = Account(services.actor.user, services.actor.role)
        self._accepted: dict[ContestId, tuple[int, dict[AreaCode, Figures]]] = {}
        self._results: ResultsService = services.results

    @property
    def election(self) -> Election:
        return self._election

    @property
    def account(self) -> Account:
        return self._account

    def data_version(self) -> int:
        return self.services.data_version()

    def states(self) -> Mapping[Key, State]:
        return _guard(self.services.entry.states)

    def protocol(self, precinct: AreaCode, contest: ContestId) -> ProtocolInfo:
        return _info(_guard(lambda: self.services.entry.view(precinct, contest)))

    def enter(
        self,
        precinct: AreaCode,
        contest: ContestId,
        figures: Figures,
        acts: frozenset[Act],
        *,
        expected_version: int,
    ) -> ProtocolInfo:
        return _info(
            _guard(
                lambda: self.services.entry.enter(
                    precinct, contest, figures, acts, expected_version=expected_version
                )
            )
        )

    def resolve(
        self,
        precinct: AreaCode,
        contest: ContestId,
        keep: EntryKind,
        correction: Figures | None,
        *,
        acts: frozenset[Act],
        reason: str,
        expected_version: int,
    ) -> ProtocolInfo:
        return _info(
            _guard(
                lambda: self.services.entry.resolve(
                    precinct,
                    contest,
                    keep,
                    correction,
                    acts=acts,
                    reason=reason,
                    expected_version=expected_version,
                )
            )
        )

    def send_back(
        self, precinct: AreaCode, contest: ContestId, *, reason: str, expected_version: int
    ) -> ProtocolInfo:
        return _info(
            _guard(
                lambda: self.services.entry.send_back(
                    precinct, contest, reason=reason, expected_version=expected_version
                )
            )
        )

    def accept(
        self,
        precinct: AreaCode,
        contest: ContestId,
        *,
        reason: str,
        act_reference: str,
        expected_version: int,
    ) -> ProtocolInfo:
        return _info(
            _guard(
                lambda: self.services.entry.accept(
                    precinct,
                    contest,
                    reason=reason,
                    act_reference=act_reference,
                    expected_version=expected_version,
                )
            )
        )

    def recount(
        self,
        precinct: AreaCode,
        contest: ContestId,
        *,
        reason: str,
        reference: str,
        expected_version: int,
    ) -> ProtocolInfo:
        return _info(
            _guard(
                lambda: self.services.entry.recount(
                    precinct,
                    contest,
                    reason=reason,
                    reference=reference,
                    expected_version=expected_version,
                )
            )
        )

    def annul(
        self,
        precinct: AreaCode,
        contest: ContestId,
        *,
        reason: str,
        reference: str,
        expected_version: int,
    ) -> ProtocolInfo:
        return _info(
            _guard(
                lambda: self.services.entry.annul(
                    precinct,
                    contest,
                    reason=reason,
                    reference=reference,
                    expected_version=expected_version,
                )
            )
        )

    def history(self, precinct: AreaCode, contest: ContestId) -> Sequence[Revision]:
        revisions = _guard(lambda: self.services.entry.history(precinct, contest))
        return [
            Revision(
                at=r.at,
                by=(r.entry_by or r.actor) + (f" [{r.system}]" if r.system else ""),
                transition=r.transition.value,
                round=r.round,
                state=r.state.value,
                role=r.role.value,
                reason=r.reason,
                reference=r.reference,
                entry_by=r.entry_by or "",
                figures=r.figures,
            )
            for r in revisions
        ]

    def accepted(self, contest: ContestId) -> Mapping[AreaCode, Figures]:
        version = self.data_version()
        cached = self._accepted.get(contest)
        if cached is not None and cached[0] == version:
            return cached[1]
        rows = _guard(lambda: self.services.entry.summaries(contest=contest))
        found = {
            r.precinct: r.figures
            for r in rows
            if r.state is State.ACCEPTED and r.figures is not None
        }
        self._accepted[contest] = (version, found)
        return found

    def body_result(self, body: BodyId, area: AreaCode) -> BodyResult | None:
        found = _guard(lambda: self._results.results(area))
        for result in (found.mazhilis, *found.maslikhats):
            if result is not None and result.body.id == body:
                return result
        return None


class ServicesAttachments:
    """The attachments pane's store over `AttachmentService` (refusals as `BackendError`)."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def attachments(self, precinct: AreaCode, contest: ContestId) -> Sequence[Attachment]:
        found = _guard(lambda: self.services.attachments.list(precinct, contest))
        return [Attachment(str(a.id), a.name, a.media_type, a.added_by, a.added_at) for a in found]

    def attach(
        self, precinct: AreaCode, contest: ContestId, name: str, media_type: str, data: bytes
    ) -> Attachment:
        a = _guard(
            lambda: self.services.attachments.attach(precinct, contest, name, media_type, data)
        )
        return Attachment(str(a.id), a.name, a.media_type, a.added_by, a.added_at)

    def attachment_data(self, attachment_id: str) -> bytes:
        return _guard(lambda: self.services.attachments.data(int(attachment_id)))


def _copy_comparison(c: Comparison) -> CopyComparison:
    copy = c.copy
    return CopyComparison(
        observer=c.observer,
        state=c.state,
        copy=None if copy is None else copy.figures,
        copy_acts=frozenset() if copy is None else copy.acts,
        copy_at=None if copy is None else copy.at,
        official=c.official,
        differing=c.differing,
        findings=c.findings,
    )


class ServicesObserverDesk:
    """An observer's copies over `ObserverService`."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def compare(self, precinct: AreaCode, contest: ContestId) -> CopyComparison:
        return _copy_comparison(_guard(lambda: self.services.observers.compare(precinct, contest)))

    def enter_copy(
        self, precinct: AreaCode, contest: ContestId, figures: Figures, acts: frozenset[Act]
    ) -> CopyComparison:
        _guard(lambda: self.services.observers.enter_copy(precinct, contest, figures, acts))
        return self.compare(precinct, contest)
