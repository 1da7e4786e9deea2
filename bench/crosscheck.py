"""The observers' cross-check on a region mock (or the national one), on SQLite:

    python -m bench.crosscheck [--seed N] [--scale region|national] [--every K]

Builds the mock (every protocol accepted), writes a CSV of copies of every accepted
protocol with a difference planted in every K-th one, then times, as an observer:
reading the CSV, the cross-check against the database (with the margins it needs),
the PDF report, and keeping the copies (one transaction). The baseline, measured in
the same process, is the margins over the country alone; the cross-check's ratio to it
is printed. Checks that exactly the planted differences were found (a bench that finds
otherwise says so); nothing is asserted on time (shared machines are noisy).
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path

from bench.common import line, sqlite_db, timed
from kztally.domain.rules import Role
from kztally.reports.crosscheck import render
from kztally.services.context import Services
from kztally.services.crosscheck import report_document
from kztally.services.margins import MarginsService
from kztally.services.mock import run_mock
from kztally.services.results import ResultsService
from kztally.storage import protocols as protocol_store
from kztally.storage.database import open_database

PASSWORD = "bench password"


def write_copies(services: Services, path: Path, every: int) -> set[tuple[str, str, str]]:
    """A CSV of copies of every accepted protocol; every `every`-th gets its first vote
    line raised by 7. Returns the planted (precinct, contest, choice)."""
    election = services.elections.require()
    ids = sorted({ch.id for c in election.contests for ch in c.choices})
    with services.db.session(readonly=True) as s:
        accepted = [p for p in protocol_store.summaries(s) if p.figures is not None]
    planted: set[tuple[str, str, str]] = set()
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            ["precinct", "contest", *(f"line {n}" for n in range(1, 9)), *ids, "against all"]
        )
        for n, p in enumerate(accepted):
            assert p.figures is not None
            contest = election.contest(p.contest)
            votes = dict(zip((c.id for c in contest.choices), p.figures.votes, strict=True))
            if n % every == 0:
                first = contest.choices[0].id
                votes[first] = (votes[first] or 0) + 7
                planted.add((p.precinct, p.contest, first))
            aa = "" if p.figures.against_all is None else p.figures.against_all
            w.writerow(
                [p.precinct, p.contest, *p.figures.lines, *(votes.get(i, "") for i in ids), aa]
            )
    return planted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.crosscheck")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", choices=("region", "national"), default="region")
    parser.add_argument("--every", type=int, default=10)
    args = parser.parse_args(argv)
    with sqlite_db() as url, tempfile.TemporaryDirectory(prefix="kztally-xc-") as tmp:
        db = open_database(url, migrate=True)
        try:
            admin = Services.sign_in(db, "admin", PASSWORD)
            admin.users.add("trainer", Role.TRAINER, PASSWORD)
            admin.users.add("observer", Role.OBSERVER, PASSWORD)
            trainer = Services.sign_in(db, "trainer", PASSWORD)
            wall = time.perf_counter()
            run_mock(trainer, args.seed, args.scale)
            line(f"{args.scale} mock built", f"{time.perf_counter() - wall:.1f} s")
            obs = Services.sign_in(db, "observer", PASSWORD)
            copies = Path(tmp) / "copies.csv"
            planted = write_copies(obs, copies, args.every)
            seconds_read, read = timed(lambda: obs.crosscheck.read([copies]))
            line("read the CSV of copies", f"{seconds_read:.2f} s", f"{len(read)} copies")
            seen = obs.crosscheck.seen(read, "observer")
            seconds_check, report = timed(lambda: obs.crosscheck.check(seen))
            found = {(d.precinct, d.contest, d.line) for d in report.result.differences}
            fresh = MarginsService(
                db, obs.elections.require, ResultsService(db, obs.elections.require)
            )
            baseline, _ = timed(fresh.margins)  # as cold as the cross-check's were
            line(
                "cross-check against the database",
                f"{seconds_check:.2f} s",
                f"{seconds_check / baseline:.1f}x the margins alone ({baseline:.2f} s)",
            )
            line(
                "differences found",
                str(len(found)),
                "exactly the planted ones" if found == planted else "NOT the planted ones",
            )
            seconds_pdf, pdf = timed(lambda: render(report_document(report, "kk")))
            line("PDF report", f"{seconds_pdf:.2f} s", f"{len(pdf) // 1024} KiB")
            seconds_keep, kept = timed(lambda: obs.crosscheck.keep([copies]))
            line("keep every copy (one transaction)", f"{seconds_keep:.2f} s", f"{len(kept)}")
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
