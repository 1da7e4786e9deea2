"""The tables, as SQLAlchemy 2 typed mappings.

The schema is made and changed only by the Alembic migrations in
`kztally/storage/migrations/versions/`; these classes must match them (a test compares
the two on SQLite and PostgreSQL). Enums are stored as strings, never as native
PostgreSQL enums, and constraint names come from the naming convention so migrations can
name them.

Editable rows (`account`, `election`) carry a `version` counter mapped as
`version_id_col`: an UPDATE is issued as `... WHERE id = :id AND version = :seen`, so a
write based on a stale read changes nothing and is reported instead of overwriting.
`protocol` has one too, kept by the database's trigger on `revision` (the same check,
made by the database). `entry`, `revision`, `attachment` and `observer_copy` are
append-only: rows are inserted, never updated or deleted.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy import Enum as SaEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from kztally.domain.election import AreaKind, ContestKind
from kztally.domain.entry import EntryKind, State, Transition
from kztally.domain.rules import Role

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A moment in UTC: stored without a zone (SQLite has none), read back aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a stored time must carry its zone")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


def str_enum(cls: type[enum.Enum], length: int = 20) -> SaEnum:
    """An enum stored as its string values in a VARCHAR (no native enum, no CHECK)."""
    return SaEnum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {dt.datetime: UTCDateTime()}  # noqa: RUF012


class DataVersion(Base):
    """One row (id 1): a counter every write transaction increments before it commits."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger, nullable=False)


class ResultsStatusRow(Base):
    """One row (id 1): whether the election's results are official (docs/official.md).

    A cache of the log: the last `results.marked_official` or `results.unlocked` event
    says what it must hold (`kztally audit verify` checks it). Every transaction that
    could change a figure, a state or a seat reads it first, under a shared lock
    (`kztally.services.guard.require_unofficial`); marking takes it exclusively."""

    __tablename__ = "results_status"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    official: Mapped[bool] = mapped_column(Boolean, server_default=false())
    marked_at: Mapped[dt.datetime | None]
    """When the results were marked official (None while unofficial)."""
    marked_by: Mapped[str | None] = mapped_column(String(64))


class Account(Base):
    """A person who signs in, with the role that decides what they may do."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[Role] = mapped_column(str_enum(Role))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    """argon2id, in the PHC string format; None: the account signs in without one."""
    created_at: Mapped[dt.datetime]
    created_by: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, server_default=true())
    """False: deactivated by an administrator; cannot sign in, its sessions stop."""
    failed_sign_ins: Mapped[int] = mapped_column(Integer, server_default="0")
    """Wrong passwords in a row since the last success or lock."""
    locked_until: Mapped[dt.datetime | None]
    password_changed_at: Mapped[dt.datetime | None]
    generated: Mapped[bool] = mapped_column(Boolean, default=False)
    """Made by a program (the mock's clerks and supervisor in a training election), not
    for a person: it acts in training elections only, and never signs in."""

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class SignInSession(Base):
    """A person signed in at a workstation: the services act only for an open one. Only
    the SHA-256 of the session's random token is stored."""

    __tablename__ = "sign_in_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    workstation: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[dt.datetime]
    last_seen_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]


class ElectionRow(Base):
    """The loaded election definition: the JSON of `election_to_dict`, and its hash."""

    __tablename__ = "election"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    content_hash: Mapped[str] = mapped_column(String(80))
    definition: Mapped[str] = mapped_column(Text)
    training: Mapped[bool] = mapped_column(Boolean)
    loaded_at: Mapped[dt.datetime]
    loaded_by: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class AreaRow(Base):
    """A node of the commission hierarchy, with its path from the root for subtree queries
    (`/KZ/R01/R01-D02/P00421/`)."""

    __tablename__ = "area"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[AreaKind] = mapped_column(str_enum(AreaKind))
    name: Mapped[str] = mapped_column(String(300))
    parent: Mapped[str | None] = mapped_column(ForeignKey("area.code"))
    path: Mapped[str] = mapped_column(String(400), index=True)
    number: Mapped[str | None] = mapped_column(String(40))
    electorate: Mapped[int | None] = mapped_column(Integer)


class ContestRow(Base):
    __tablename__ = "contest"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    body: Mapped[str] = mapped_column(String(40))
    kind: Mapped[ContestKind] = mapped_column(str_enum(ContestKind))
    name: Mapped[str] = mapped_column(String(300))
    area: Mapped[str] = mapped_column(ForeignKey("area.code"))
    seats: Mapped[int] = mapped_column(Integer)
    number: Mapped[int | None] = mapped_column(Integer)
    choices: Mapped[int] = mapped_column(Integer)
    """How many vote lines its protocol has (against all aside)."""


class ProtocolRow(Base):
    """Where one protocol (precinct x contest) stands now: a cache the database keeps.

    Programs insert a protocol's row once (when the election is loaded) and never update
    it: a trigger on `revision` (migration 0006) brings it up to date with each revision
    inserted, and refuses a revision made from an older version of it.

    The agreed figures are kept in columns for fast sums (`line1`..`line8`,
    `against_all`; the vote lines as a JSON array in ballot order). `figures_key` is a
    digest of the agreed figures, indexed, for the W6 duplicate check.
    The entries of the current round are pointed to; every earlier one stays in `entry`
    and every step in `revision`.
    """

    __tablename__ = "protocol"
    __table_args__ = (
        UniqueConstraint("precinct", "contest"),
        Index("ix_protocol_figures_key", "figures_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    precinct: Mapped[str] = mapped_column(ForeignKey("area.code"))
    contest: Mapped[str] = mapped_column(ForeignKey("contest.id"))
    state: Mapped[State] = mapped_column(str_enum(State))
    round: Mapped[int] = mapped_column(Integer)
    breach: Mapped[bool] = mapped_column(Boolean)
    line1: Mapped[int | None] = mapped_column(Integer)
    line2: Mapped[int | None] = mapped_column(Integer)
    line3: Mapped[int | None] = mapped_column(Integer)
    line4: Mapped[int | None] = mapped_column(Integer)
    line5: Mapped[int | None] = mapped_column(Integer)
    line6: Mapped[int | None] = mapped_column(Integer)
    line7: Mapped[int | None] = mapped_column(Integer)
    line8: Mapped[int | None] = mapped_column(Integer)
    votes: Mapped[list[int | None] | None] = mapped_column(JSON)
    against_all: Mapped[int | None] = mapped_column(Integer)
    acts: Mapped[str] = mapped_column(String(200))
    """The agreed entry's acts, space-separated."""
    figures_key: Mapped[str | None] = mapped_column(String(40))
    findings: Mapped[str] = mapped_column(String(200))
    """Codes of what the agreed figures showed when they were settled, space-separated."""
    first_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("entry.id", use_alter=True, name="fk_protocol_first_entry_id_entry")
    )
    second_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("entry.id", use_alter=True, name="fk_protocol_second_entry_id_entry")
    )
    agreed_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("entry.id", use_alter=True, name="fk_protocol_agreed_entry_id_entry")
    )
    updated_at: Mapped[dt.datetime | None]
    updated_by: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class EntryRow(Base):
    """One entry of a paper protocol as typed (append-only)."""

    __tablename__ = "entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    protocol_id: Mapped[int] = mapped_column(ForeignKey("protocol.id"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    kind: Mapped[EntryKind] = mapped_column(str_enum(EntryKind))
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime]
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    """{"lines": [8 x int|null], "votes": [int|null, ...], "against_all": int|null}"""
    acts: Mapped[str] = mapped_column(String(200))
    figures_key: Mapped[str | None] = mapped_column(String(40))
    """The digest of its figures (the W6 look-up), which the protocol row takes from its
    agreed entry."""


class RevisionRow(Base):
    """One transition of one protocol: who, when, why, under which decision (append-only).

    `actor` is the person the step is of (for an import: the author the file names);
    `system` names the program that recorded it ('mock', 'import'); an imported step
    also names who ran the import and the file (with its SHA-256) it came from.
    """

    __tablename__ = "revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    protocol_id: Mapped[int] = mapped_column(ForeignKey("protocol.id"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    transition: Mapped[Transition] = mapped_column(str_enum(Transition))
    state: Mapped[State] = mapped_column(str_enum(State))
    """The protocol's state after the action this transition belongs to."""
    actor: Mapped[str] = mapped_column(String(64))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    system: Mapped[str | None] = mapped_column(String(40))
    at: Mapped[dt.datetime]
    reason: Mapped[str] = mapped_column(Text)
    reference: Mapped[str] = mapped_column(String(200))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entry.id"))
    findings: Mapped[str] = mapped_column(String(200))
    run_by: Mapped[str | None] = mapped_column(String(64))
    """Who ran the import that wrote this revision (None: not imported)."""
    source: Mapped[str | None] = mapped_column(String(255))
    """The file an import read it from."""
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    """That file's SHA-256, in hex."""
    protocol_version: Mapped[int | None] = mapped_column(Integer)
    """The protocol's version this revision makes: the database updates the protocol's row
    only from the version before (None: written before it kept the row itself)."""


class AttachmentKind(enum.StrEnum):
    """What an attached file shows: the paper protocol itself, or an act beside it."""

    SCAN = "scan"
    ACT = "act"
    COPY = "copy"
    """An observer's scan or photo of their certified copy (`copy_certification`)."""


class AttachmentRow(Base):
    """A scan or photo of a paper protocol, or of an act, kept in the database so that
    every workstation sees it (append-only; `sha256` of `data`, hex)."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    protocol_id: Mapped[int] = mapped_column(ForeignKey("protocol.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    kind: Mapped[AttachmentKind] = mapped_column(str_enum(AttachmentKind))
    added_by: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[dt.datetime]


class ObserverCopyRow(Base):
    """An observer's own copy of a protocol as they typed it (append-only: a newer copy
    is a new row; an observer's latest row is their copy)."""

    __tablename__ = "observer_copy"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    protocol_id: Mapped[int] = mapped_column(ForeignKey("protocol.id"), index=True)
    observer: Mapped[str] = mapped_column(String(64))
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    """As `entry.figures`: {"lines": [...], "votes": [...], "against_all": ...}"""
    acts: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime]
    note: Mapped[str] = mapped_column(Text)


class AuditEventRow(Base):
    """One event of the audit log (append-only; see `kztally.domain.audit`).

    The database makes a fork impossible: numbers and previous hashes are unique, so
    two writers that read the same head cannot both append after it."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    code: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(64))
    role: Mapped[str | None] = mapped_column(String(20))
    workstation: Mapped[str] = mapped_column(String(255))
    at: Mapped[dt.datetime]
    content: Mapped[str] = mapped_column(Text)
    """The event's content as canonical JSON."""
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64))


class CommissionKeyRow(Base):
    """A commission's public Ed25519 key (append-only; the private key is never stored).
    `fingerprint` is the SHA-256 of the 32 raw bytes of `public_key`, both in hex."""

    __tablename__ = "commission_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commission: Mapped[str] = mapped_column(String(40), index=True)
    public_key: Mapped[str] = mapped_column(String(64), unique=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    training: Mapped[bool] = mapped_column(Boolean)
    added_by: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[dt.datetime]


class KeyCertificationRow(Base):
    """The commission above's signature over a key (one per key, append-only)."""

    __tablename__ = "key_certification"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("commission_key.id"), unique=True)
    certifier: Mapped[str] = mapped_column(String(64))
    """The certifying key's fingerprint (the key's own for the root)."""
    signed_at: Mapped[dt.datetime]
    """The time the signature covers, to the second."""
    signature: Mapped[str] = mapped_column(String(128))
    """Ed25519 signature, in hex."""
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[dt.datetime]


class KeyRevocationRow(Base):
    """A key's revocation: who recorded it, when, why, and from when it holds."""

    __tablename__ = "key_revocation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("commission_key.id"), unique=True)
    revoked_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[dt.datetime]
    since: Mapped[dt.datetime]
    reason: Mapped[str] = mapped_column(Text)


class LotDrawRow(Base):
    """A drawing of lots that settled a tie (L3 equal remainders, S1 equal votes), as the
    commission's act records it (append-only: a newer draw for the same contest is a new
    row and supersedes the older, which stays)."""

    __tablename__ = "lot_draw"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contest: Mapped[str] = mapped_column(ForeignKey("contest.id"), index=True)
    tied: Mapped[list[str]] = mapped_column(JSON)
    """The ids the lot was drawn between, as the tie stood (ballot order)."""
    drawn: Mapped[list[str]] = mapped_column(JSON)
    """The same ids in the order drawn: earlier wins."""
    witnesses: Mapped[list[str]] = mapped_column(JSON)
    reference: Mapped[str] = mapped_column(String(200))
    """The reference of the commission's act of the drawing."""
    at: Mapped[dt.datetime]
    by: Mapped[str] = mapped_column(String(64))


class DesignationRow(Base):
    """A party's designation of the persons who take its list's seats (append-only: a
    newer designation of the same list supersedes the older, which stays)."""

    __tablename__ = "designation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contest: Mapped[str] = mapped_column(ForeignKey("contest.id"), index=True)
    choice: Mapped[str] = mapped_column(String(40))
    """The party list (a choice of the list contest)."""
    persons: Mapped[list[str]] = mapped_column(JSON)
    """The names designated, in the party's order."""
    reference: Mapped[str] = mapped_column(String(200))
    """The reference of the party's decision."""
    at: Mapped[dt.datetime]
    by: Mapped[str] = mapped_column(String(64))


class PaperRow(Base):
    """A paper protocol that arrived (append-only): which paper (its protocol's SHA-256,
    docs/formats.md "The paper's hash"), how it was read, when, by whom, from which file."""

    __tablename__ = "paper"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    protocol_id: Mapped[int] = mapped_column(ForeignKey("protocol.id"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    how: Mapped[str] = mapped_column(String(20))
    """'code' (a signed code read) or 'typed' (figures typed with two hash groups)."""
    outcome: Mapped[str] = mapped_column(String(20))
    """'taken_in' (it made a step) or 'unchanged' (the protocol held its figures)."""
    code_sha256: Mapped[str | None] = mapped_column(String(64))
    """The SHA-256 of the code's bytes (its parts in order), for a code."""
    key: Mapped[str | None] = mapped_column(String(64))
    """The signing key's fingerprint, for a code."""
    file: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[dt.datetime]
    by: Mapped[str] = mapped_column(String(64))


class CopyCertificationRow(Base):
    """How an observer's copy was certified and received (append-only, one per copy):
    its number, who certified it, the seal, when and where it was received, where it came
    from (`keyboard`, `file`, `csv`, `qr`) and the scan or photo (an attachment of kind
    `copy`)."""

    __tablename__ = "copy_certification"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    copy_id: Mapped[int] = mapped_column(ForeignKey("observer_copy.id"), index=True, unique=True)
    number: Mapped[str] = mapped_column(String(40))
    certified_by: Mapped[str] = mapped_column(String(200))
    sealed: Mapped[bool | None] = mapped_column(Boolean)
    received_at: Mapped[dt.datetime | None]
    received_where: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(20))
    file: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))


class ProtocolFormalRow(Base):
    """A protocol's formal parts as recorded (append-only: the newest row of a protocol
    is in force, the older stay as history): the members present, when the count began
    and ended (local time with its zone, as text), and the written requests to vote
    outside the room."""

    __tablename__ = "protocol_formal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    protocol_id: Mapped[int] = mapped_column(ForeignKey("protocol.id"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    members_present: Mapped[int | None] = mapped_column(Integer)
    members_total: Mapped[int | None] = mapped_column(Integer)
    count_began: Mapped[str | None] = mapped_column(String(40))
    count_ended: Mapped[str | None] = mapped_column(String(40))
    requests: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[dt.datetime]
    by: Mapped[str] = mapped_column(String(64))
