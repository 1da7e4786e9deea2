"""The audit log written to files: one event a line (`kztally.domain.audit.event_line`),
as `kztally audit export` and an export folder's `audit/events.jsonl` write it."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kztally.domain.audit import GENESIS, Event, Head, event_line


def write_lines(path: Path, lines: Iterable[str]) -> None:
    """Lines to a file, written whole or not at all (the export is renamed into place
    when complete; this is one of its files)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            for line in lines:
                f.write(line)
                f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_events(path: Path, events: Iterable[Event]) -> Head:
    """The events as `audit/events.jsonl` lines; returns the chain's head."""
    last = [Head(0, GENESIS)]

    def lines() -> Iterator[str]:
        for e in events:
            last[0] = Head(e.seq, e.hash)
            yield event_line(e)

    write_lines(path, lines())
    return last[0]
