"""Snapshots: each document kind rendered to PNG and compared with a committed image,
with a tolerance. A changed layout fails until the image is updated on purpose:

    KZTALLY_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/reports/test_snapshots.py

then look at the new images in tests/fixtures/snapshots/ and commit them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from kztally.reports import results, summary
from kztally.reports.protocol import render
from tests.reports import doc_samples, pdftext
from tests.reports.samples import protocol_doc

SNAPSHOTS = Path(__file__).resolve().parents[1] / "fixtures" / "snapshots"
DPI = 60
TOLERANCE = 0.004
"""Share of pixels that may differ by more than a quarter of the grey scale (font
hinting and antialiasing of another pdfium build)."""

KINDS: dict[str, Callable[[], bytes]] = {
    "protocol-kk": lambda: render([protocol_doc("kk")]),
    "protocol-ru-copy": lambda: render([protocol_doc("ru", copy=2)]),
    "summary-kk": lambda: summary.render(doc_samples.summary_doc("kk")),
    "results-ru": lambda: results.render(doc_samples.results_doc("ru")),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_page_looks_as_committed(kind: str) -> None:
    (page, *_) = pdftext.pages(KINDS[kind](), dpi=DPI)
    path = SNAPSHOTS / f"{kind}.png"
    if os.environ.get("KZTALLY_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        page.save(path, optimize=True)
    committed = Image.open(path).convert("L")
    assert committed.size == page.size, "the page's size changed"
    diff = ImageChops.difference(committed, page).point(lambda v: 255 if v > 64 else 0)
    changed = diff.histogram()[255] / (page.size[0] * page.size[1])
    assert changed <= TOLERANCE, f"{kind}: {changed:.2%} of the page changed"


def test_a_changed_layout_is_caught() -> None:
    from dataclasses import replace

    doc = protocol_doc("kk")
    moved = render([replace(doc, warnings=())])
    (page,) = pdftext.pages(moved, dpi=DPI)
    committed = Image.open(SNAPSHOTS / "protocol-kk.png").convert("L")
    diff = ImageChops.difference(committed, page).point(lambda v: 255 if v > 64 else 0)
    assert diff.histogram()[255] / (page.size[0] * page.size[1]) > TOLERANCE
