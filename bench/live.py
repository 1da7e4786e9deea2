"""Live results on the national mock: one more protocol accepted -> the national results
refreshed, beside the full recount, in one process.

    python -m bench.live --db sqlite:///national.sqlite [--admin NAME] [--steps 20]

Accepted protocols are sent to a recount and two clerks enter them again (accepted
again); after each acceptance the national results are asked for, as the results screen
and the observer's panel do when the data version moves. They are brought up to date
with what changed (`kztally.services.live`); the full recount sums every protocol again.
Target: under 50 ms. Figures are printed; nothing is asserted (shared machines are noisy).
`bench/run.py` runs the same on the database it builds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from bench.common import line
from kztally.domain.entry import State
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.storage.database import Database, open_database

PASSWORD = "bench password"


def _account(admin: Services, name: str, role: Role) -> None:
    if name not in {u.name for u in admin.users.list()}:
        admin.users.add(name, role, PASSWORD)


def bench_live(db: Database, admin: Services, steps: int = 20) -> None:
    """Print the full recount's time and the refresh after one more protocol accepted."""
    for name, role in (
        ("live-sup", Role.SUPERVISOR),
        ("live-1", Role.CLERK),
        ("live-2", Role.CLERK),
    ):
        _account(admin, name, role)
    sup, k1, k2 = (Services.sign_in(db, n, PASSWORD) for n in ("live-sup", "live-1", "live-2"))
    watcher = Services.sign_in(db, "live-sup", PASSWORD)
    results = watcher.results
    election = watcher.elections.require()
    root = election.root.code
    full_times: list[float] = []
    for _ in range(3):
        t = time.perf_counter()
        results.compute(election, root)
        full_times.append(time.perf_counter() - t)
    first = time.perf_counter()
    results.results(root)
    first = time.perf_counter() - first
    states = sup.entry.states()
    accepted = [k for k, s in sorted(states.items()) if s is State.ACCEPTED]
    chosen = accepted[:: max(1, len(accepted) // steps)][:steps]
    refresh: list[float] = []
    for p, c in chosen:
        v = sup.entry.view(p, c)
        figures = v.figures
        assert figures is not None
        v = sup.entry.recount(p, c, reason="bench", reference="B-1", expected_version=v.version)
        results.results(root)  # the recount seen; what is timed is the acceptance
        v = k1.entry.enter(p, c, figures, expected_version=v.version)
        k2.entry.enter(p, c, figures, expected_version=v.version)
        t = time.perf_counter()
        shown = results.results(root)
        refresh.append(time.perf_counter() - t)
        assert shown.data_version == db.data_version()
    check = results.compute(election, root)
    same = check.totals == shown.totals and check.mazhilis == shown.mazhilis
    line(
        "full national recount (median of 3)",
        f"{statistics.median(full_times) * 1000:.0f} ms",
        f"({min(full_times) * 1000:.0f}-{max(full_times) * 1000:.0f})",
    )
    line("first live results (every protocol read once)", f"{first * 1000:.0f} ms")
    line(
        f"one more protocol accepted -> national results ({len(refresh)}x), median",
        f"{statistics.median(refresh) * 1000:.1f} ms",
        f"({min(refresh) * 1000:.1f}-{max(refresh) * 1000:.1f}) target < 50 ms",
    )
    line(
        "full recount / refresh (medians)",
        f"{statistics.median(full_times) / statistics.median(refresh):.0f}x",
        "equal to the full recount" if same else "DIFFERS FROM THE FULL RECOUNT",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.live")
    parser.add_argument("--db", required=True, help="a database holding the national mock")
    parser.add_argument("--admin", default="bench-admin", help="an administrator of --db")
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args(argv)
    db = open_database(args.db)
    try:
        print("live results, national mock election", flush=True)
        bench_live(db, Services.sign_in(db, args.admin, PASSWORD), args.steps)
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
