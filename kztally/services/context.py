"""The composition root's object: one database, one signed-in session, every service."""

from __future__ import annotations

from kztally.services.attachments import AttachmentService
from kztally.services.audit import AuditService
from kztally.services.crosscheck import CrossCheckService
from kztally.services.elections import ElectionService
from kztally.services.entry import EntryService
from kztally.services.forensics import ForensicsService
from kztally.services.formal import FormalService
from kztally.services.intake import IntakeService
from kztally.services.keys import KeyService
from kztally.services.lots import LotService
from kztally.services.margins import MarginsService
from kztally.services.observers import ObserverService
from kztally.services.official import OfficialService
from kztally.services.printing import PrintService
from kztally.services.results import ResultsService
from kztally.services.training import TrainingService
from kztally.services.users import Clock, SignedIn, UserService, sign_in, utcnow
from kztally.storage.database import Database


class Services:
    """Everything a front end calls, acting for a signed-in session (`SignedIn`, made
    only by `sign_in`). Every action checks again that the session is open and the
    account active, and reads the role again. Build one per signed-in person."""

    def __init__(self, db: Database, signed_in: SignedIn, *, clock: Clock = utcnow) -> None:
        if not isinstance(signed_in, SignedIn):
            raise TypeError("Services act only for a session made by sign_in, not for a name")
        self.db = db
        self.actor = signed_in
        self.clock = clock
        self.users = UserService(db, signed_in, clock)
        self.elections = ElectionService(db, signed_in, clock)
        self.entry = EntryService(db, signed_in, self.elections, clock)
        self.results = ResultsService(db, self.elections.require)
        self.margins = MarginsService(db, self.elections.require, self.results)
        self.forensics = ForensicsService(db, self.elections.require)
        self.attachments = AttachmentService(db, signed_in, self.elections, clock)
        self.observers = ObserverService(db, signed_in, self.elections, clock)
        self.audit = AuditService(db, signed_in, clock)
        self.keys = KeyService(db, signed_in, self.elections, clock)
        self.lots = LotService(db, signed_in, self.elections, clock)
        self.official = OfficialService(db, signed_in, self.elections, clock)
        self.formal = FormalService(db, signed_in, self.elections, clock)
        self.printing = PrintService(self)
        self.intake = IntakeService(db, signed_in, self.elections, self.entry, clock)
        self.crosscheck = CrossCheckService(self)
        self.training = TrainingService(self)

    @classmethod
    def sign_in(
        cls,
        db: Database,
        name: str,
        password: str | None,
        *,
        workstation: str = "",
        clock: Clock = utcnow,
    ) -> Services:
        """Check the account's password (creating the first account as administrator, with
        that password, on a database with none), open a session and act for it."""
        return cls(
            db, sign_in(db, name, password, workstation=workstation, clock=clock), clock=clock
        )

    def sign_out(self) -> None:
        """End the session: every further action of these services is refused."""
        self.users.sign_out()

    def data_version(self) -> int:
        """An integer every committed write increments: a result cached with it is valid
        while it is unchanged, on this workstation and any other on the same database."""
        return self.db.data_version()
