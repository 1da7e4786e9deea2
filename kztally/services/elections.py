"""The election this database counts: loaded once, then read from memory."""

from __future__ import annotations

from kztally.domain.audit import EventCode
from kztally.domain.election import Election
from kztally.domain.rules import Role
from kztally.formats.election_json import content_hash
from kztally.services import journal, validate
from kztally.services.errors import (
    ElectionAltered,
    ElectionMismatch,
    NoElection,
    PermissionDenied,
)
from kztally.services.guard import require_unofficial
from kztally.services.users import Clock, SignedIn, check_session, require_role, utcnow
from kztally.storage import elections as stored
from kztally.storage.database import Database, Session

LOADERS = frozenset({Role.ADMINISTRATOR, Role.TRAINER})
_MEMO = "election"


class ElectionService:
    def __init__(self, db: Database, actor: SignedIn, clock: Clock = utcnow) -> None:
        self._db = db
        self._actor = actor
        self._clock = clock

    def load_definition(self, election: Election) -> bool:
        """Store the election's definition with a protocol row for every protocol it
        expects. Loading the stored election again changes nothing (returns False);
        another election, or a changed definition, is refused."""
        validate.election(election)
        wanted = content_hash(election)
        with self._db.session() as s:
            me = require_role(s, self._actor, LOADERS, "load an election")
            if me.role is Role.TRAINER and not election.training:
                raise PermissionDenied(
                    "load an election that is not a training one", me.role, LOADERS - {me.role}
                )
            current = stored.stored(s)
            if current is not None:
                if current.content_hash == wanted:
                    return False
                raise ElectionMismatch(
                    f"this database counts {current.id} ({current.name}, "
                    f"{current.content_hash[:19]}…); {election.id} "
                    f"({wanted[:19]}…) cannot be loaded into it: use another database"
                )
            require_unofficial(s, "load an election")
            now = self._clock()
            stored.store(s, election, at=now, by=me.user)
            content = {"id": election.id, "hash": wanted, "training": election.training}
            journal.record(s, self._actor, me.role, EventCode.ELECTION_LOADED, now, content)
        self._db.memo[_MEMO] = (wanted, election)
        return True

    def current(self) -> Election | None:
        with self._db.session(readonly=True) as s:
            check_session(s, self._actor)
            return self.within(s)

    def require(self) -> Election:
        election = self.current()
        if election is None:
            raise NoElection()
        return election

    def within(self, session: Session) -> Election | None:
        """The stored election, read in the caller's transaction; the definition is parsed
        once and kept in memory by its content hash."""
        found = stored.stored(session)
        if found is None:
            return None
        memo = self._db.memo.get(_MEMO)
        if memo is not None and memo[0] == found.content_hash:
            election: Election = memo[1]
            return election
        loaded = stored.load(session)
        assert loaded is not None
        if content_hash(loaded[1]) != loaded[0]:
            raise ElectionAltered(
                f"the stored election {found.id} does not hash to its content hash "
                f"({found.content_hash[:19]}…): its definition was changed outside kztally; "
                "run `kztally audit verify` and restore a sound copy"
            )
        self._db.memo[_MEMO] = loaded
        return loaded[1]


def preload(db: Database) -> None:
    """Read the stored election, check it against its content hash and keep it in memory,
    before anyone has signed in (the app calls it off the GUI thread while the sign-in box
    waits for a name and password), so that the window after the sign-in finds it ready.
    It only reads, and the election is what every account may read; anything amiss (no
    election, a changed definition, an unreachable database) is left for the signed-in
    `ElectionService` to report."""
    try:
        with db.session(readonly=True) as s:
            found = stored.stored(s)
            memo = db.memo.get(_MEMO)
            if found is None or (memo is not None and memo[0] == found.content_hash):
                return
            loaded = stored.load(s)
    except Exception:  # reported by the signed-in path, with its context
        return
    if loaded is not None and content_hash(loaded[1]) == loaded[0]:
        db.memo.setdefault(_MEMO, loaded)
