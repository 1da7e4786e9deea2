"""Mock elections for trainers: the bundled 2023 election at any scale, every protocol
entered twice and accepted through the same services a clerk's work goes through.

Planted errors stay as a clerk would find them (entries that differ, a broken control
ratio or a warning waiting for a decision); the answer key says where they are.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from kztally.bundle import bundled_election_path
from kztally.config import data_dir
from kztally.domain.audit import EventCode
from kztally.domain.election import Election
from kztally.domain.entry import Entry, EntryKind, State
from kztally.domain.rules import Role
from kztally.formats.load import load_election
from kztally.mockgen.figures import (
    MockElection,
    MockProtocol,
    Scale,
    generate,
    scale_election,
)
from kztally.mockgen.formal import formal_parts
from kztally.paper.signing import Signer
from kztally.services import journal
from kztally.services.context import Services
from kztally.services.entry import BulkItem
from kztally.services.errors import ElectionMismatch, InvalidRequest, NoElection
from kztally.services.users import require_role
from kztally.storage import accounts

FIRST_CLERK = "mock-clerk-1"
SECOND_CLERK = "mock-clerk-2"
SUPERVISOR = "mock-supervisor"
GENERATED = ((FIRST_CLERK, Role.CLERK), (SECOND_CLERK, Role.CLERK), (SUPERVISOR, Role.SUPERVISOR))
"""The accounts the mock enters and accepts as, generated in the training election."""
MOCK_ROLES = frozenset({Role.ADMINISTRATOR, Role.TRAINER})
CHUNK = 1000
"""Protocols per transaction: a mock stopped or killed keeps every chunk written."""
ACCEPT_REASON = "mock election: warning checked against the paper protocol"
KEY_PASSPHRASE = "mock training key"
"""The passphrase of the mock's private key files: training keys only, never trusted in an
election that counts (`kztally.paper.trust`, rule 6), so it may be written down."""

Progress = Callable[[int, int], object]
"""progress(done, total): returning False stops after the current batch."""


@dataclass(frozen=True, slots=True)
class MockReport:
    election: Election
    protocols: int
    recorded: int
    """Protocols recorded by this run."""
    planted: int
    answers: Path | None
    cancelled: bool
    resumed: int = 0
    """Protocols an earlier, interrupted run of the same mock had recorded already."""
    stuffed: tuple[str, ...] = ()
    """The districts given ballot stuffing (`stuffing`), in code order."""
    keys: Path | None = None
    """The folder of the mock's private key files (`<commission>.key`)."""
    keys_made: int = 0


def bundled_election() -> Election:
    return load_election(bundled_election_path())


def build(seed: int, scale: Scale, errors: float = 0.0, stuffing: float = 0.0) -> MockElection:
    """The mock election and its figures, without touching a database (`stuffing`: the
    share of districts given ballot stuffing, see kztally.mockgen.figures)."""
    if not 0.0 <= errors <= 1.0:
        raise ValueError("errors must be a fraction between 0 and 1")
    if not 0.0 <= stuffing <= 1.0:
        raise ValueError("stuffing must be a fraction between 0 and 1")
    return generate(scale_election(bundled_election(), scale, seed), seed, errors, stuffing)


def _entry_times(election: Election) -> Iterator[dt.datetime]:
    """Deterministic times on election night, 20:00 local (UTC+5/+6 -> 14:00 UTC) on."""
    start = dt.datetime.combine(election.date, dt.time(14, 0), tzinfo=dt.UTC)
    step = dt.timedelta(milliseconds=500)
    n = 0
    while True:
        yield start + n * step
        n += 1


def bulk_items(mock: MockElection) -> Iterator[BulkItem]:
    times = _entry_times(mock.election)
    for p in mock.protocols:
        yield _item(p, next(times), next(times))


def _item(p: MockProtocol, first_at: dt.datetime, second_at: dt.datetime) -> BulkItem:
    first = Entry(p.first, FIRST_CLERK, first_at, p.acts, EntryKind.FIRST)
    second = Entry(p.second, SECOND_CLERK, second_at, p.acts, EntryKind.SECOND)
    # A clean protocol that raises a plausible warning is accepted with a reason, as a
    # supervisor would; a planted error stays for the trainee to find.
    reason = ACCEPT_REASON if p.planted is None else ""
    return BulkItem(
        p.precinct, p.contest, (first, second), accept_reason=reason, accepted_by=SUPERVISOR
    )


def _same_run(services: Services, mock: MockElection) -> None:
    """Protocols recorded already must be this mock's (the same seed, scale and errors):
    another run's figures are not mixed with these."""
    agreed = {(s.precinct, s.contest): s.figures for s in services.entry.summaries()}
    for p in mock.protocols:
        figures = agreed.get((p.precinct, p.contest))
        if figures is not None and figures not in (p.first, p.second):
            raise InvalidRequest(
                f"protocol {p.precinct}/{p.contest} holds other figures than this mock's "
                "(another --errors or --stuffing, or entered by hand): to start over, give another "
                "database file, or delete this one"
            )


def generated_accounts(services: Services) -> None:
    """Make the mock's two clerks and supervisor in this training election, if missing:
    real accounts, marked as generated, with no password (they never sign in; and on
    PostgreSQL a workstation's login may add such an account, never one with a password).
    An account of that name that is not generated is refused."""
    with services.db.session() as s:
        me = require_role(s, services.actor, MOCK_ROLES, "generate mock accounts")
        election = services.elections.within(s)
        if election is None:
            raise NoElection()
        if not election.training:
            raise InvalidRequest(
                f"{election.id} is not a training election: mock accounts are not made in it"
            )
        found = accounts.persons(s, [name for name, _ in GENERATED])
        for name, role in GENERATED:
            have = found.get(name)
            if have is None:
                accounts.serialize_writers(s)
                now = services.clock()
                accounts.add(s, name, role, None, at=now, by=me.user, generated=True)
                content = journal.account_content(
                    name, role, active=True, password_hash=None, generated=True
                )
                journal.record(s, services.actor, me.role, EventCode.ACCOUNT_CREATED, now, content)
            elif have != (role, True):
                raise InvalidRequest(
                    f"an account named {name!r} exists and is not the mock's {role}: "
                    "the mock cannot enter as it"
                )


def default_answers_path(services: Services, election: Election) -> Path:
    """Beside the SQLite file; for a server, in the user's kztally data folder."""
    path = services.db.path
    if path is not None:
        return path.with_name(f"{path.stem}.answers.json")
    return data_dir() / f"{election.id}.answers.json"


def default_keys_path(services: Services, election: Election) -> Path:
    """The folder of the mock's private keys: beside the SQLite file (`NAME.keys/`); for
    a server, in the user's kztally data folder (`ELECTION.keys/`)."""
    path = services.db.path
    if path is not None:
        return path.with_name(f"{path.stem}.keys")
    return data_dir() / f"{election.id}.keys"


def key_file(folder: Path, commission: str) -> Path:
    return folder / f"{commission}.key"


def mock_signer(folder: Path, commission: str) -> Signer:
    """A commission's private key as the mock wrote it, ready to sign."""
    path = key_file(folder, commission)
    return Signer.from_file(path.read_bytes(), KEY_PASSPHRASE, path.name)


def make_keys(services: Services, folder: Path) -> int:
    """The mock's key list: the CEC's root key and one for every commission below, each
    certified by the one above, all marked training; the private keys go to `folder`
    (one passphrase-protected file per commission, readable by this account only)."""
    folder.mkdir(parents=True, exist_ok=True)

    def write(commission: str, data: bytes) -> None:
        path = key_file(folder, commission)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.chmod(0o600)
        tmp.replace(path)

    return services.keys.make_training_keys(KEY_PASSPHRASE, write)


def record_formal(
    services: Services,
    mock: MockElection,
    seed: int,
    only: Collection[tuple[str, str]] | None = None,
) -> int:
    """Record the mock's formal parts of every protocol (of `only`, when given) that has
    none yet, each with its event, a chunk a transaction; returns how many."""
    have = services.formal.current()
    election = mock.election
    items = [
        (p.precinct, p.contest, formal_parts(election, seed, p.precinct, p.contest, p.first))
        for p in mock.protocols
        if (p.precinct, p.contest) not in have and (only is None or (p.precinct, p.contest) in only)
    ]
    for i in range(0, len(items), CHUNK):
        services.formal.record_many(items[i : i + CHUNK])
    return len(items)


def run_mock(
    services: Services,
    seed: int,
    scale: Scale,
    errors: float = 0.0,
    answers: Path | None = None,
    progress: Progress | None = None,
    stuffing: float = 0.0,
    keys: Path | None = None,
) -> MockReport:
    """Generate the mock election, load its definition and record every protocol as the
    mock's generated clerks and supervisor.

    Run again with the same seed, scale and errors on a database where it was stopped (or
    killed), it records only the protocols not entered yet: every protocol was written
    whole or not at all. Another mock in the database is refused (`ElectionMismatch`),
    saying to use another database."""
    mock = build(seed, scale, errors, stuffing)
    try:
        services.elections.load_definition(mock.election)
    except ElectionMismatch as exc:
        raise ElectionMismatch(
            f"{exc} (to start this mock over, give another database file, or delete this one)"
        ) from exc
    generated_accounts(services)
    keys_path = keys or default_keys_path(services, mock.election)
    keys_made = make_keys(services, keys_path)
    total = len(mock.protocols)
    states = services.entry.states()
    items = [
        item
        for item in bulk_items(mock)
        if states.get((item.precinct, item.contest), State.NOT_ENTERED) is State.NOT_ENTERED
    ]
    resumed = total - len(items)
    if resumed:
        _same_run(services, mock)
    answers_path: Path | None = None
    if errors > 0 or stuffing > 0 or answers is not None:
        answers_path = answers or default_answers_path(services, mock.election)
        answers_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = answers_path.with_suffix(answers_path.suffix + ".tmp")
        tmp.write_text(json.dumps(mock.answers, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(answers_path)

    def on_chunk(done: int) -> object:
        return True if progress is None else progress(resumed + done, total)

    recorded = services.entry.record_many(items, system="mock", chunk_size=CHUNK, progress=on_chunk)
    if resumed + recorded >= total:
        record_formal(services, mock, seed)
    return MockReport(
        election=mock.election,
        protocols=total,
        recorded=recorded,
        planted=sum(1 for p in mock.protocols if p.planted is not None),
        answers=answers_path,
        cancelled=resumed + recorded < total,
        resumed=resumed,
        stuffed=tuple(d["district"] for d in mock.answers.get("stuffed", ())),
        keys=keys_path,
        keys_made=keys_made,
    )
