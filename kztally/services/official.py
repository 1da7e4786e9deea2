"""Official results (docs/official.md): an administrator marks the election's results
official, and unlocks them again with a reason.

While they are official, no entry, decision, recount, annulment, import, bulk record or
loaded election changes a figure, a state or a seat (`kztally.services.guard.
require_unofficial`, called by each of them in its own transaction). Marking records the
data version, the chain's head and the results' digest it marks; both actions are
events of the audit log, and `kztally audit verify` checks the stored status against
them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kztally.domain.audit import EventCode, Head
from kztally.domain.limits import REASON_MAX
from kztally.domain.rules import Role
from kztally.services import journal, validate
from kztally.services.elections import ElectionService
from kztally.services.errors import InvalidRequest, NoElection
from kztally.services.users import Clock, SignedIn, require_role, utcnow
from kztally.storage import audit as audit_store
from kztally.storage import official as store
from kztally.storage.database import Database, Session
from kztally.storage.transfer import snapshot

MARKERS = frozenset({Role.ADMINISTRATOR})
"""Who marks results official and unlocks them."""


@dataclass(frozen=True, slots=True)
class OfficialStatus:
    """Whether results are official (since when, marked by whom), with the audit
    chain's head read in the same snapshot."""

    official: bool
    marked_at: dt.datetime | None
    marked_by: str | None
    head: Head

    @property
    def word(self) -> str:
        """'official' or 'unofficial' (for files and the command line)."""
        return "official" if self.official else "unofficial"

    @property
    def short_head(self) -> str:
        """The head as printed on reports: `COUNT:` and the first 16 hex digits."""
        return f"{self.head.count}:{self.head.hash[:16]}"


def status_of(session: Session) -> OfficialStatus:
    """The status and the chain's head, as this transaction reads them (call `snapshot`
    first on a read that must agree with figures read in it)."""
    found = store.read(session)
    count, digest = audit_store.head(session)
    return OfficialStatus(found.official, found.marked_at, found.marked_by, Head(count, digest))


class OfficialService:
    def __init__(
        self,
        db: Database,
        actor: SignedIn,
        elections: ElectionService,
        clock: Clock = utcnow,
    ) -> None:
        self._db = db
        self._actor = actor
        self._elections = elections
        self._clock = clock

    def status(self) -> OfficialStatus:
        """Official or not, and the chain's head (anyone signed in)."""
        with self._db.session(readonly=True) as s:
            snapshot(s)
            require_role(s, self._actor, frozenset(Role), "see whether results are official")
            return status_of(s)

    def mark(self) -> OfficialStatus:
        """Mark the election's results official (administrators). Event
        `results.marked_official`: the election, the data version and the chain's head
        it marks, the results' digest, how many protocols are outstanding."""
        with self._db.session() as s:
            me = require_role(s, self._actor, MARKERS, "mark results official")
            election = self._elections.within(s)
            if election is None:
                raise NoElection()
            # the exclusive lock first: every write that read "unofficial" has committed now,
            # and the figures read below are those it left
            if store.read(s, for_update=True).official:
                raise InvalidRequest("the results are official already")
            version = store.data_version(s)
            count, head = audit_store.head(s)
            digest, protocols, outstanding = store.digest(s)
            now = self._clock()
            store.write(s, store.Status(True, now, me.user))
            content = {
                "election": election.id,
                "data_version": version,
                "head": {"count": count, "hash": head},
                "results": digest,
                "protocols": protocols,
                "outstanding": outstanding,
            }
            journal.record(s, self._actor, me.role, EventCode.RESULTS_OFFICIAL, now, content)
        return self.status()

    def unlock(self, reason: str) -> OfficialStatus:
        """Make official results unofficial again, with a reason (administrators). Event
        `results.unlocked`: the election, the reason, when they had been marked and the
        results' digest now (that of the marking, unless the database was changed behind
        kztally's back)."""
        if not reason.strip():
            raise InvalidRequest("a reason is required to unlock official results")
        validate.text(reason, "reason", REASON_MAX)
        with self._db.session() as s:
            me = require_role(s, self._actor, MARKERS, "unlock official results")
            election = self._elections.within(s)
            if election is None:
                raise NoElection()
            found = store.read(s, for_update=True)
            if not found.official:
                raise InvalidRequest("the results are not official: there is nothing to unlock")
            digest, _, _ = store.digest(s)
            now = self._clock()
            store.write(s, store.UNOFFICIAL)
            content = {
                "election": election.id,
                "reason": reason,
                "marked_at": None if found.marked_at is None else _moment(found.marked_at),
                "results": digest,
            }
            journal.record(s, self._actor, me.role, EventCode.RESULTS_UNLOCKED, now, content)
        return self.status()


def _moment(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")
