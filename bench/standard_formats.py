"""The standard results formats on a mock election, on SQLite:

    python -m bench.standard_formats [--seed N] [--scale national|region|small]

Builds the mock (every protocol accepted but the planted mistakes), then for each format
(NIST SP 1500-100 v2 JSON, OASIS EML 510, OpenElections-style CSV) times writing the file
through the services (`PublishService.export`) and reading it back (`read_published`),
and prints each beside the baseline measured in the same process: the kztally export
folder (`TransferService.export`, every protocol's record). Checks that each file reads
back to the accepted figures; times are not asserted (shared machines are noisy).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.common import line, sqlite_db, timed
from kztally.domain.rules import Role
from kztally.formats.published import read_published
from kztally.services.context import Services
from kztally.services.mock import run_mock
from kztally.services.publish import FORMATS, PublishService
from kztally.services.transfer import TransferService
from kztally.storage.database import open_database

PASSWORD = "bench password"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.standard_formats")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", choices=("national", "region", "small"), default="national")
    args = parser.parse_args(argv)
    with sqlite_db() as url, tempfile.TemporaryDirectory(prefix="kztally-formats-") as tmp:
        out = Path(tmp)
        db = open_database(url, migrate=True)
        try:
            admin = Services.sign_in(db, "admin", PASSWORD)
            admin.users.add("trainer", Role.TRAINER, PASSWORD)
            trainer = Services.sign_in(db, "trainer", PASSWORD)
            wall = time.perf_counter()
            run_mock(trainer, args.seed, args.scale, 0.02)
            line(f"{args.scale} mock built", f"{time.perf_counter() - wall:.1f} s")
            election = trainer.elections.require()
            base, _ = timed(lambda: TransferService(trainer).export(out / "folder"))
            line("baseline: kztally export folder", f"{base:.2f} s")
            publication, _, _ = PublishService(trainer).publication()
            accepted = {(p.precinct, p.contest): p.figures for p in publication.protocols}
            line("accepted protocols", str(len(accepted)))
            for fmt in FORMATS:
                path = out / f"results.{fmt}"
                wrote, _ = timed(lambda f=fmt, p=path: PublishService(trainer).export(p, f))
                read, (_, found) = timed(lambda p=path: read_published(p, election))
                same = {(p.precinct, p.contest): p.figures for p in found} == accepted
                size = path.stat().st_size / 1e6
                line(
                    f"{fmt}: write, {size:.1f} MB",
                    f"{wrote:.2f} s",
                    f"x{wrote / base:.2f} of the baseline",
                )
                line(
                    f"{fmt}: read back ({'equal' if same else 'DIFFERENT'})",
                    f"{read:.2f} s",
                    f"x{read / base:.2f} of the baseline",
                )
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
