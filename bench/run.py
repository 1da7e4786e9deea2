"""The storage and tally benchmarks of kztally, on SQLite and on PostgreSQL.

    python -m bench [--only sqlite|postgresql] [--pg URL] [--seed N]

On the national mock election (10,223 precincts, ~49,500 protocols entered twice):

1. building and storing the national mock election (target: under 90 s on SQLite), its
   cost over a build without the audit log (target: under 1.2x, in CPU time) and
   `kztally audit verify` on it (target: under 30 s);
2. a full national recount with a cold cache — every contest, every seat, every
   maslikhat — against a bare SQL aggregate over the same tables in the same process
   (targets: under 1 s, within 3x of the bare aggregate), and the national results
   refreshed after one more protocol accepted (bench/live.py; target: under 50 ms);
3. saving one protocol entry (validate, compare entries, write revision) on protocols
   sent to a recount, so the tables are at full size (target: p95 under 25 ms on SQLite),
   and the app's check at start of the audit log's last two events;
4. importing 10,000 protocol files into a database with the definition loaded
   (target: under 30 s);
5. the desktop app on the national SQLite database (bench/ui.py): usable within 2 s of
   start, filtering precincts by typed text under 50 ms.

Figures are printed as they are measured; nothing is asserted here (shared machines are
noisy), the targets are printed beside them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from bench.audit import build_without_log, entry_saves, tail_check_times
from bench.common import line, p95, sqlite_db, timed
from bench.live import bench_live
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.mock import build, run_mock
from kztally.storage.database import Database, open_database
from kztally.storage.tally import bare_aggregate

PG_ADMIN = os.environ.get("KZTALLY_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@contextmanager
def postgres_db(admin: str) -> Iterator[str]:
    name = f"kztally_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    params = psycopg.conninfo.conninfo_to_dict(admin)
    url = (
        f"postgresql+psycopg://{params.get('user', 'postgres')}@"
        f"{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{name}"
    )
    try:
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_storage(
    url: str, dialect: str, seed: int, held_out: int, import_files: int, ui: bool = False
) -> None:
    print(f"\n== {dialect}", flush=True)
    db: Database = open_database(url, migrate=True)
    try:
        trainer = Services.sign_in(db, "bench", "bench password")
        # 1. build and store the national mock election
        cpu = time.process_time()
        seconds, report = timed(lambda: run_mock(trainer, seed, "national"))
        cpu = time.process_time() - cpu
        line(
            f"build + store national mock ({report.recorded} protocols x 2 entries)",
            f"{seconds:.1f} s",
            "target < 90 s on SQLite",
        )
        if dialect == "sqlite":
            with sqlite_db() as other:
                _, bare_cpu = build_without_log(other, seed)
            line(
                "national build with the audit log / without (CPU time)",
                f"{cpu / bare_cpu:.2f}x",
                f"< 1.2x ({cpu:.1f} s / {bare_cpu:.1f} s)",
            )
        verify_seconds, verdict = timed(trainer.audit.verify)
        line(
            f"audit verify, national mock ({verdict.head.count} events)",
            f"{verify_seconds:.1f} s",
            "target < 30 s" + ("" if verdict.holds else " (BROKEN)"),
        )
        election = trainer.elections.require()

        # 2. full national recount, cold cache, against the bare aggregate
        results = trainer.results
        bare: list[float] = []
        full: list[float] = []
        for _ in range(5):
            with db.session(readonly=True) as s:
                bare.append(timed(lambda s=s: bare_aggregate(s, election))[0])
            full.append(timed(lambda: results.compute(election, election.root.code))[0])
        b, f = statistics.median(bare), statistics.median(full)
        line("bare SQL aggregate over the same tables (median of 5)", f"{b * 1000:.0f} ms")
        line("full national recount, cold cache (median of 5)", f"{f * 1000:.0f} ms", "< 1 s")
        line("recount / bare aggregate", f"{f / b:.2f}x", "< 3x")
        check = results.compute(election, election.root.code)
        assert check.mazhilis is not None and check.mazhilis.lists is not None
        assert check.mazhilis.lists.allocation is not None
        seats = [r.seats for r in check.mazhilis.lists.allocation.lists]
        line("national list seats (ballot order)", "/".join(map(str, seats)))
        # live results (bench/live.py): one more protocol accepted -> national results
        bench_live(db, trainer)

        # 3. one protocol entry: recount some protocols, then two clerks enter them again
        times, states = entry_saves(db, trainer, held_out)
        line(
            f"save one protocol entry, {len(times)} saves: median",
            f"{statistics.median(times) * 1000:.1f} ms",
        )
        line(
            "save one protocol entry: p95",
            f"{p95(times) * 1000:.1f} ms",
            "target < 25 ms on SQLite",
        )
        line("states after the re-entries", ",".join(sorted(states)))
        checks = tail_check_times(trainer)
        line(
            "the app's check at start (last two events): median",
            f"{statistics.median(checks) * 1000:.2f} ms",
        )

        # 4. importing protocol files
        _bench_import(db, trainer, url, dialect, import_files)
    finally:
        db.close()
    if ui:
        # 5. the desktop app on the same national database (bench/ui.py)
        from bench import ui as ui_bench

        print("\n== desktop app (national mock, SQLite)", flush=True)
        ui_bench.main(["--db", url, "--admin", "bench"])


def _bench_import(db: Database, services: Services, url: str, dialect: str, n: int) -> None:
    from kztally.services.transfer import TransferService

    with tempfile.TemporaryDirectory(prefix="kztally-export-") as tmp:
        out = Path(tmp)
        exporter = TransferService(services)
        seconds, _ = timed(lambda: exporter.export(out))
        files = sorted((out / "protocols").glob("*.json"))
        line(f"export ({len(files)} protocol files)", f"{seconds:.1f} s")
        chosen = files[:n]
        target_url_cm = sqlite_db() if dialect == "sqlite" else postgres_db(PG_ADMIN)
        with target_url_cm as target_url:
            target = open_database(target_url, migrate=True)
            try:
                admin = Services.sign_in(target, "bench", "bench password")
                TransferService(admin).import_paths([out / "election.json"])
                # a supervisor vouches for the decisions the records hold
                admin.users.add("bench-supervisor", Role.SUPERVISOR, "bench password")
                importer = Services.sign_in(target, "bench-supervisor", "bench password")
                seconds, report = timed(lambda: TransferService(importer).import_paths(chosen))
                line(f"import {len(chosen)} protocol files", f"{seconds:.1f} s", "target < 30 s")
                print(f"  import report: {report.summary()}", flush=True)
            finally:
                target.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--no-ui", action="store_true", help="skip the desktop app's bench")
    parser.add_argument("--pg", default=PG_ADMIN, help="PostgreSQL server (admin URL)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--entries", type=int, default=500, help="protocols re-entered")
    parser.add_argument("--import-files", type=int, default=10_000)
    args = parser.parse_args(argv)
    print("kztally benchmarks (national mock election)")
    t, mock = timed(lambda: build(args.seed, "national"))
    line(f"generate national mock in memory ({len(mock.protocols)} protocols)", f"{t:.1f} s")
    del mock
    if args.only in (None, "sqlite"):
        with sqlite_db() as url:
            bench_storage(
                url, "sqlite", args.seed, args.entries, args.import_files, ui=not args.no_ui
            )
    if args.only in (None, "postgresql"):
        with postgres_db(args.pg) as url:
            bench_storage(url, "postgresql", args.seed, args.entries, args.import_files)
    return 0
