"""The audit log's cost: the national mock built without the log, for the ratio.

The build without the log exists only here (the log's hashes and events patched out for
the length of one build), never as an option of the product.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import kztally.services.entry as entry_service
import kztally.storage.protocols as protocol_store
from kztally.services.context import Services
from kztally.services.mock import run_mock
from kztally.storage.database import open_database


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
        trainer = Services.sign_in(db, "bench", "bench password")
        with without_log():
            wall, cpu = time.perf_counter(), time.process_time()
            run_mock(trainer, seed, "national")
            return time.perf_counter() - wall, time.process_time() - cpu
    finally:
        db.close()
