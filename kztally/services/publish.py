"""Results in the standard formats (`kztally export --format nist|eml|openelections`).

One file, precinct by precinct, from the accepted protocols only, read in one snapshot
with whether results are official and the audit chain's head of that snapshot; written
whole or not at all. Anyone signed in may write it: a published results file holds
nothing an observer may not read (no protocol that is not accepted). The run is noted in
the audit log (`data.exported`, with the file, the format and the head).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kztally import __version__
from kztally.domain.audit import EventCode, Head
from kztally.domain.entry import State
from kztally.domain.rules import Role
from kztally.formats import eml, nist, openelections
from kztally.formats.standard import Accepted, Publication
from kztally.services.errors import InvalidRequest, NoElection
from kztally.services.guard import require_training
from kztally.services.official import status_of
from kztally.services.transfer.files import write_atomic
from kztally.services.users import require_role
from kztally.storage import protocols as protocol_store
from kztally.storage.transfer import snapshot

if TYPE_CHECKING:
    from kztally.services.context import Services

WRITERS: dict[str, Callable[[Publication], bytes]] = {
    nist.NAME: nist.write,
    eml.NAME: eml.write,
    openelections.NAME: openelections.write,
}
"""The standard formats by the name the user gives (`--format`)."""
FORMATS = tuple(WRITERS)


@dataclass(frozen=True, slots=True)
class PublishReport:
    path: Path
    format: str
    protocols: int
    """Accepted protocols written."""
    withheld: int
    """Protocols with figures entered but not accepted, left out."""
    official: bool
    head: Head


class PublishService:
    """Writing the accepted results in a standard format, as the signed-in person."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def publication(self) -> tuple[Publication, int, Head]:
        """The accepted protocols and the marks, from one snapshot; with the number of
        protocols entered but not accepted and the audit head."""
        services = self._services
        with services.db.session(readonly=True) as s:
            snapshot(s)
            me = require_role(s, services.actor, frozenset(Role), "export results")
            election = services.elections.within(s)
            if election is None:
                raise NoElection()
            require_training(s, me, election, "export results")
            summaries = protocol_store.summaries(s)
            status = status_of(s)  # the head of the same snapshot as the figures
        accepted: dict[tuple[str, str], Accepted] = {}
        withheld = 0
        for p in summaries:
            if p.state is State.ACCEPTED and p.figures is not None:
                accepted[(p.precinct, p.contest)] = Accepted(p.precinct, p.contest, p.figures)
            elif p.state is not State.NOT_ENTERED:
                withheld += 1
        ordered = tuple(accepted[key] for key in election.iter_protocol_keys() if key in accepted)
        expected = sum(len(a.contests) for a in election.precincts())
        publication = Publication(
            election=election,
            protocols=ordered,
            official=status.official,
            head=str(status.head),
            generated=services.clock(),
            complete=len(ordered) == expected,
            application=f"kztally {__version__}",
        )
        return publication, withheld, status.head

    def export(self, path: str | os.PathLike[str], fmt: str) -> PublishReport:
        """Write the accepted results to the file `path` in `fmt` (one of `FORMATS`)."""
        writer = WRITERS.get(fmt)
        if writer is None:
            raise InvalidRequest(f"the formats are {', '.join(FORMATS)}, not {fmt!r}")
        target = Path(path)
        if target.is_dir():
            raise InvalidRequest(f"{target} is a folder: name a file for the {fmt} results")
        publication, withheld, head = self.publication()
        data = writer(publication)
        if target.parent != Path():
            target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
        self._services.audit.note(
            EventCode.EXPORT_RUN,
            {
                "file": target.name,
                "format": fmt,
                "protocols": len(publication.protocols),
                "withheld": withheld,
                "results": publication.status_word,
                "head": str(head),
            },
        )
        return PublishReport(
            target, fmt, len(publication.protocols), withheld, publication.official, head
        )
