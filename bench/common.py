"""What the benchmarks share: a line of figures, a throwaway SQLite database, a timer."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def line(name: str, value: str, target: str = "") -> None:
    print(f"  {name:<58} {value:>14}   {target}", flush=True)


@contextmanager
def sqlite_db() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="kztally-bench-") as tmp:
        yield f"sqlite:///{Path(tmp) / 'bench.sqlite'}"


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]
