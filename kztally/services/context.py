"""The composition root's object: one database, one acting person, every service."""

from __future__ import annotations

from kztally.domain.entry import Actor
from kztally.services.attachments import AttachmentService
from kztally.services.elections import ElectionService
from kztally.services.entry import EntryService
from kztally.services.observers import ObserverService
from kztally.services.results import ResultsService
from kztally.services.users import Clock, UserService, sign_in, utcnow
from kztally.storage.database import Database


class Services:
    """Everything a front end calls, acting as `actor` (whose role the services read
    again from the database on every action). Build one per signed-in person."""

    def __init__(self, db: Database, actor: Actor, *, clock: Clock = utcnow) -> None:
        self.db = db
        self.actor = actor
        self.clock = clock
        self.users = UserService(db, actor, clock)
        self.elections = ElectionService(db, actor, clock)
        self.entry = EntryService(db, actor, self.elections, clock)
        self.results = ResultsService(db, self.elections.require)
        self.attachments = AttachmentService(db, actor, self.elections, clock)
        self.observers = ObserverService(db, actor, self.elections, clock)

    @classmethod
    def sign_in(
        cls, db: Database, name: str, password: str | None = None, *, clock: Clock = utcnow
    ) -> Services:
        """Check the account's password (creating the first account as administrator on
        a database with none) and act as it."""
        return cls(db, sign_in(db, name, password, clock=clock), clock=clock)

    def data_version(self) -> int:
        """An integer every committed write increments: a result cached with it is valid
        while it is unchanged, on this workstation and any other on the same database."""
        return self.db.data_version()
