"""`verify`'s check of the register of papers (docs/audit.md): each row of `paper` is
what the event that took its paper in recorded, and each such event has its row.

A paper comes with one event in the same transaction: `protocol.taken_in` for a signed
code read off paper, `protocol.entered` with a `paper` for figures typed with two of the
paper's hash groups. Neither names the row, so a protocol's rows are matched, oldest
first, with its events in the log's order. A row's `file` (the name the file had) is in
no event; everything else is: the paper's hash, how it came and what it did, the code's
and the file's SHA-256, the signing key, the round, when and by whom.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from kztally.domain.audit import Break, Event, EventCode
from kztally.storage import papers as register
from kztally.storage.database import Session

Logged = Sequence[tuple[Event, dict[str, Any]]]

TAKEN_IN = "taken_in"


def _expected(e: Event, c: dict[str, Any]) -> dict[str, Any]:
    """The register's row the event makes."""
    if e.code == EventCode.PROTOCOL_TAKEN_IN.value:
        how, outcome = "code", c.get("outcome")
        code, key, file = c.get("code"), c.get("key"), c.get("file")
    else:
        how, outcome, code, key, file = "typed", TAKEN_IN, None, None, None
    return {
        "sha256": c.get("paper"),
        "how": how,
        "outcome": outcome,
        "code_sha256": code,
        "key": key,
        "file_sha256": file,
        "round": c.get("round"),
        "at": e.at,
        "by": e.actor,
    }


def check(s: Session, events: Logged) -> Iterator[Break]:
    logged: dict[tuple[Any, Any], list[tuple[Event, dict[str, Any]]]] = {}
    for e, c in events:
        if e.code == EventCode.PROTOCOL_TAKEN_IN.value or (
            e.code == EventCode.PROTOCOL_ENTERED.value and c.get("paper") is not None
        ):
            logged.setdefault((c.get("precinct"), c.get("contest")), []).append((e, c))
    stored: dict[tuple[Any, Any], list[register.Paper]] = {}
    for paper in register.arrived(s):
        stored.setdefault((paper.precinct, paper.contest), []).append(paper)
    for key in sorted(stored.keys() | logged.keys(), key=str):
        rows, made = stored.get(key, []), logged.get(key, [])
        where = f"{key[0]}/{key[1]}"
        for row, (e, c) in zip(rows, made, strict=False):
            want = _expected(e, c)
            wrong = [f for f, v in want.items() if getattr(row, f) != v]
            if wrong:
                yield Break(
                    e.seq,
                    "paper",
                    f"the paper of {where} that event {e.seq} took in is not what it "
                    f"recorded ({', '.join(wrong)})",
                )
        for row in rows[len(made) :]:
            yield Break(0, "paper", f"a paper of {where} ({row.sha256[:16]}…) has no event")
        for e, _ in made[len(rows) :]:
            yield Break(
                e.seq, "paper", f"the paper of {where} that event {e.seq} took in is not stored"
            )
