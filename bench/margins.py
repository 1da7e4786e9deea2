"""The margins on the national mock's results, on SQLite:

    python -m bench.margins [--seed N]

Builds the national mock (every protocol accepted), then times `MarginsService.margins`
over the country: every list contest (the Mazhilis and the 20 regional maslikhats) and
every single-member district, exact. Prints the time, the number of contests, and the
Mazhilis lists' margins. Nothing is asserted (shared machines are noisy).
"""

from __future__ import annotations

import argparse
import time

from bench.common import line, sqlite_db, timed
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.mock import run_mock
from kztally.storage.database import open_database

PASSWORD = "bench password"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.margins")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with sqlite_db() as url:
        db = open_database(url, migrate=True)
        try:
            admin = Services.sign_in(db, "admin", PASSWORD)
            admin.users.add("trainer", Role.TRAINER, PASSWORD)
            trainer = Services.sign_in(db, "trainer", PASSWORD)
            wall = time.perf_counter()
            run_mock(trainer, args.seed, "national")
            line("national mock built", f"{time.perf_counter() - wall:.1f} s")
            seconds, found = timed(trainer.margins.margins)
            lists = [m for m in found.contests if m.margins.lists]
            line(
                "margins, whole country",
                f"{seconds:.2f} s for {len(found.contests)} contests "
                f"({len(lists)} list contests, {len(found.contests) - len(lists)} districts)",
            )
            mz = found.contests[0]
            moved, added = mz.margins.moved, mz.margins.added
            if moved is not None:
                line(
                    f"{mz.contest.id} closest",
                    f"{moved.ballots} moved from {mz.name(moved.source or '')} to "
                    f"{mz.name(moved.target)}: "
                    + ", ".join(f"{mz.name(i)} {b}->{a}" for i, b, a in moved.seats),
                )
            if added is not None:
                line(f"{mz.contest.id} stuffing", f"{added.ballots} for {mz.name(added.target)}")
            line(f"{mz.contest.id} safe weight", str(mz.margins.safe))
            closest = min(
                (m for m in found.contests if m.margins.moved is not None),
                key=lambda m: m.margins.moved.ballots if m.margins.moved else 0,
            )
            assert closest.margins.moved is not None
            line("closest contest", f"{closest.contest.id}: {closest.margins.moved.ballots} moved")
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
