"""Benchmark: the national mock (every protocol of the bundled 2023 definition, two
entries each) stored with `record_many`, and the 95th percentile of one `enter`.

    .venv/bin/python tests/storage/bench_record_many.py [DB-URL ...]

Without URLs it uses a temporary SQLite file. Prints seconds per phase.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kztally.domain.entry import Entry
from kztally.domain.rules import Role
from kztally.formats.election_json import election_from_dict
from kztally.mockgen.figures import generate
from kztally.resources import bundled_election_path
from kztally.services.context import Services
from kztally.services.entry import BulkItem
from kztally.storage.database import open_database


def run(url: str) -> dict[str, float]:
    out: dict[str, float] = {}
    t = time.perf_counter()
    election = election_from_dict(json.loads(Path(bundled_election_path()).read_text("utf-8")))
    mock = generate(election, seed=1)
    out["generate"] = time.perf_counter() - t
    at = dt.datetime(2023, 3, 19, 20, tzinfo=dt.UTC)
    db = open_database(url, migrate=True)
    try:
        admin = Services.sign_in(db, "admin")
        t = time.perf_counter()
        admin.elections.load_definition(election)
        out["load_definition"] = time.perf_counter() - t
        protocols = mock.protocols
        # keep a few protocols aside for timing `enter` one by one
        aside, bulk = protocols[:200], protocols[200:]
        items = [
            BulkItem(
                p.precinct,
                p.contest,
                (Entry(p.first, "mock-1", at, p.acts), Entry(p.second, "mock-2", at, p.acts)),
                accept_reason="mock: accepted as generated",
                act_reference="mock act" if p.acts else "",
            )
            for p in bulk
        ]
        t = time.perf_counter()
        n = admin.entry.record_many(items, system="mock")
        out["record_many"] = time.perf_counter() - t
        out["protocols"] = n
        admin.users.add("c1", Role.CLERK)
        admin.users.add("c2", Role.CLERK)
        c1, c2 = Services.sign_in(db, "c1"), Services.sign_in(db, "c2")
        times = []
        for who, attr in ((c1, "first"), (c2, "second")):
            for p in aside:
                v = who.entry.view(p.precinct, p.contest)
                t = time.perf_counter()
                who.entry.enter(
                    p.precinct, p.contest, getattr(p, attr), p.acts, expected_version=v.version
                )
                times.append(time.perf_counter() - t)
        out["enter_p95_ms"] = statistics.quantiles(times, n=20)[-1] * 1000
        out["enter_median_ms"] = statistics.median(times) * 1000
        t = time.perf_counter()
        states = admin.entry.states()
        out["states_all"] = time.perf_counter() - t
        out["states_n"] = len(states)
    finally:
        db.close()
    return out


if __name__ == "__main__":
    urls = sys.argv[1:] or [f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"]
    for url in urls:
        print(url.split("://")[0], {k: round(v, 3) for k, v in run(url).items()})
