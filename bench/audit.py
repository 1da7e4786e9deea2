"""The audit log's cost, on SQLite:

    python -m bench.audit [--seed N] [--entries 500] [--runs 200]

1. the app's check at start (the log's last two events, `AuditService.check_tail`) on a
   small mock and on the national mock: the same time however long the log (constant);
2. building and storing the national mock election with the log, and its CPU time over
   a build without the log (target: under 1.2x);
3. `kztally audit verify` on the national mock (target: under 30 s);
4. saving one protocol entry with the log (recounted protocols entered again by two
   clerks, the tables at full size): p95 (target: under 25 ms).

The build without the log exists only here (the log's hashes and events patched out for
the length of one build), never as an option of the product. Figures are printed as they
are measured; nothing is asserted (shared machines are noisy). `python -m bench` prints
the same figures among the others.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import kztally.services.entry as entry_service
import kztally.storage.protocols as protocol_store
from bench.common import line, p95, sqlite_db, timed
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.mock import run_mock
from kztally.storage.database import Database, open_database

PASSWORD = "bench password"


def _no_events(*args: Any, **kwargs: Any) -> list[Any]:
    return []


def _no_revision_digest(*args: Any, **kwargs: Any) -> str:
    return ""


def _no_entry_digests(*args: Any, **kwargs: Any) -> tuple[str, str]:
    return "", ""


@contextmanager
def without_log() -> Iterator[None]:
    saved = (
        entry_service.bulk_events,
        protocol_store.revision_digest,
        protocol_store.entry_digests,
    )
    entry_service.bulk_events = _no_events
    protocol_store.revision_digest = _no_revision_digest
    protocol_store.entry_digests = _no_entry_digests
    try:
        yield
    finally:
        (
            entry_service.bulk_events,
            protocol_store.revision_digest,
            protocol_store.entry_digests,
        ) = saved


def build_without_log(url: str, seed: int) -> tuple[float, float]:
    """Wall and CPU seconds of the national mock build with no audit events."""
    db = open_database(url, migrate=True)
    try:
        trainer = Services.sign_in(db, "bench", PASSWORD)
        with without_log():
            wall, cpu = time.perf_counter(), time.process_time()
            run_mock(trainer, seed, "national")
            return time.perf_counter() - wall, time.process_time() - cpu
    finally:
        db.close()


def tail_check_times(services: Services, runs: int = 200) -> list[float]:
    """Seconds of each of `runs` checks at start (each its own read transaction)."""
    times = []
    for _ in range(runs):
        seconds, found = timed(services.audit.check_tail)
        assert found.holds, found.broken
        times.append(seconds)
    return times


def _accepted_keys(services: Services, n: int) -> list[tuple[AreaCode, ContestId]]:
    states = services.entry.states(None)
    keys = sorted(k for k, s in states.items() if s is State.ACCEPTED)
    step = max(1, len(keys) // n)
    return keys[::step][:n]


def entry_saves(db: Database, admin: Services, n: int) -> tuple[list[float], set[str]]:
    """Send `n` accepted protocols to a recount, then two clerks enter each again: the
    seconds of each save (validate, compare entries, write revision and event), and the
    states the protocols end in."""
    keys = _accepted_keys(admin, n)
    admin.users.add("bench-supervisor", Role.SUPERVISOR, PASSWORD)
    admin.users.add("bench-clerk-1", Role.CLERK, PASSWORD)
    admin.users.add("bench-clerk-2", Role.CLERK, PASSWORD)
    sup = Services.sign_in(db, "bench-supervisor", PASSWORD)
    c1 = Services.sign_in(db, "bench-clerk-1", PASSWORD)
    c2 = Services.sign_in(db, "bench-clerk-2", PASSWORD)
    figures = {}
    for precinct, contest in keys:
        view = sup.entry.view(precinct, contest)
        figures[(precinct, contest)] = view.figures
        sup.entry.recount(
            precinct, contest, reason="bench", reference="bench-1", expected_version=view.version
        )
    times: list[float] = []
    for precinct, contest in keys:
        f = figures[(precinct, contest)]
        assert f is not None
        for clerk in (c1, c2):
            version = clerk.entry.view(precinct, contest).version
            t = time.perf_counter()
            clerk.entry.enter(precinct, contest, f, expected_version=version)
            times.append(time.perf_counter() - t)
    return times, {sup.entry.view(p, c).state.value for p, c in keys}


def _check_line(label: str, times: list[float], events: int) -> None:
    line(
        f"check at start, {label} ({events} events): median / p95",
        f"{statistics.median(times) * 1000:.2f} / {p95(times) * 1000:.2f} ms",
        "constant: the same for any log",
    )


def _verify_line(services: Services, label: str, target: str) -> None:
    cpu = time.process_time()
    seconds, verdict = timed(services.audit.verify)
    cpu = time.process_time() - cpu
    holds = "holds" if verdict.holds else f"BROKEN: {verdict.breaks[0]}"
    line(
        f"{label} ({verdict.head.count} events)",
        f"{seconds:.1f} s",
        f"{target} (CPU {cpu:.1f} s; {holds})".lstrip(),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.audit", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--entries", type=int, default=500, help="protocols re-entered")
    parser.add_argument("--runs", type=int, default=200, help="checks at start timed")
    args = parser.parse_args(argv)
    print("kztally: the audit log's cost (SQLite)", flush=True)
    with sqlite_db() as url:
        db = open_database(url, migrate=True)
        try:
            trainer = Services.sign_in(db, "bench", PASSWORD)
            report = run_mock(trainer, args.seed, "small")
            events = trainer.audit.head().count
            _check_line(
                f"small mock, {report.recorded} protocols",
                tail_check_times(trainer, args.runs),
                events,
            )
        finally:
            db.close()
    with sqlite_db() as url:
        db = open_database(url, migrate=True)
        try:
            trainer = Services.sign_in(db, "bench", PASSWORD)
            cpu = time.process_time()
            seconds, report = timed(lambda: run_mock(trainer, args.seed, "national"))
            cpu = time.process_time() - cpu
            line(
                f"build + store national mock ({report.recorded} protocols x 2 entries)",
                f"{seconds:.1f} s",
                f"CPU {cpu:.1f} s",
            )
            events = trainer.audit.head().count
            _check_line("national mock", tail_check_times(trainer, args.runs), events)
            with sqlite_db() as other:
                _, bare_cpu = build_without_log(other, args.seed)
            line(
                "national build with the audit log / without (CPU time)",
                f"{cpu / bare_cpu:.2f}x",
                f"target < 1.2x ({cpu:.1f} s / {bare_cpu:.1f} s)",
            )
            _verify_line(trainer, "audit verify, national mock", "target < 30 s")
            times, states = entry_saves(db, trainer, args.entries)
            line(
                f"save one protocol entry, {len(times)} saves: median",
                f"{statistics.median(times) * 1000:.1f} ms",
            )
            line("save one protocol entry: p95", f"{p95(times) * 1000:.1f} ms", "target < 25 ms")
            line("states after the re-entries", ",".join(sorted(states)))
            _verify_line(trainer, "audit verify after the re-entries", "")
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
