"""Live results, on both databases: after every step of a sequence (protocols accepted,
sent to a recount and entered again, annulled, resolved), the results brought up to date
with what changed are exactly the full recount's, for the country, a region and a
district; and only the first call reads every protocol."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import text

from kztally.domain.election import AreaKind
from kztally.domain.entry import EntryKind, State
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.mock import run_mock
from kztally.services.results import AreaResults
from kztally.storage.database import Database
from tests.conftest import PASSWORD


def same(a: AreaResults, b: AreaResults) -> None:
    assert a.totals == b.totals
    assert a.progress == b.progress
    assert a.mazhilis == b.mazhilis
    assert a.maslikhats == b.maslikhats
    assert a.ties == b.ties


def bumped(f: Figures, k: int) -> Figures:
    votes = list(f.votes)
    votes[0] = (votes[0] or 0) + k
    votes[-1] = (votes[-1] or 0) - k
    return Figures(f.lines, tuple(votes), f.against_all)


def test_live_results_equal_the_full_recount_after_every_step(db: Database, tmp_path: Path) -> None:
    admin = Services.sign_in(db, "admin", PASSWORD)
    run_mock(admin, 4, "small", 0.15, answers=tmp_path / "answers.json")
    for name, role in (("sup", Role.SUPERVISOR), ("k1", Role.CLERK), ("k2", Role.CLERK)):
        admin.users.add(name, role, PASSWORD)
    sup, k1, k2 = (Services.sign_in(db, n, PASSWORD) for n in ("sup", "k1", "k2"))
    watcher = Services.sign_in(db, "admin", PASSWORD)
    election = watcher.elections.require()
    region = next(a for a in election.areas if a.kind is AreaKind.REGION)
    district = next(a for a in election.children(region.code) if election.precincts(a.code))
    areas = [election.root.code, region.code, district.code]

    def check() -> None:
        version = db.data_version()
        for code in areas:
            same(watcher.results.results(code), watcher.results.compute(election, code, version))

    check()
    rng = random.Random(7)
    states = sup.entry.states()
    accepted = sorted(k for k, s in states.items() if s is State.ACCEPTED)
    pending = sorted(k for k, s in states.items() if s is State.ENTRIES_DIFFER)
    assert len(accepted) > 20 and pending
    for step, (p, c) in enumerate(rng.sample(accepted, 12)):
        v = sup.entry.view(p, c)
        assert v.figures is not None
        match step % 3:
            case 0:  # a recount subtracts, the new round's protocol adds again
                old = v.figures
                v = sup.entry.recount(
                    p, c, reason="recount", reference="D-1", expected_version=v.version
                )
                check()
                new = bumped(old, min(3, old.votes[-1] or 0))
                v = k1.entry.enter(p, c, new, expected_version=v.version)
                k2.entry.enter(p, c, new, expected_version=v.version)
            case 1:  # an annulment subtracts
                sup.entry.annul(p, c, reason="court", reference="D-2", expected_version=v.version)
            case _:  # sent to a recount and left there: pending, subtracted
                sup.entry.recount(
                    p, c, reason="recount", reference="D-3", expected_version=v.version
                )
        check()
    for p, c in pending[:4]:
        v = sup.entry.view(p, c)
        sup.entry.resolve(p, c, EntryKind.FIRST, reason="paper", expected_version=v.version)
        check()
    assert watcher.results._live.reloads == 1  # every step after the first: the changes only


def test_a_revision_id_left_unused_is_asked_for_again_and_nothing_is_missed(
    db: Database, tmp_path: Path
) -> None:
    """PostgreSQL takes revision ids from a sequence: a transaction that rolled back (or
    has not committed yet) leaves an id missing below the largest seen. The live sums ask
    for it again; the protocols changed after it are all counted."""
    admin = Services.sign_in(db, "admin", PASSWORD)
    run_mock(admin, 5, "small", 0.0, answers=tmp_path / "answers.json")
    admin.users.add("sup", Role.SUPERVISOR, PASSWORD)
    sup = Services.sign_in(db, "sup", PASSWORD)
    election = sup.elections.require()
    root = election.root.code
    sup.results.results(root)
    accepted = sorted(k for k, s in sup.entry.states().items() if s is State.ACCEPTED)
    for n, (p, c) in enumerate(accepted[:3]):
        with db.session() as s:  # an id taken by a transaction that never commits it
            s.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence('revision', 'id'))"
                    if db.dialect == "postgresql"
                    else "SELECT 1"
                )
            )
        v = sup.entry.view(p, c)
        sup.entry.annul(p, c, reason="court", reference=f"D-{n}", expected_version=v.version)
        version = db.data_version()
        same(sup.results.results(root), sup.results.compute(election, root, version))
    live = sup.results._live
    assert live.reloads == 1
    if db.dialect == "postgresql":
        assert len(live._gaps) == 3  # asked for again at every refresh, never found
