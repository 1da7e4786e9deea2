"""A batch's drawing reports each protocol as it is drawn, and stops where the progress
callback raises (the app's Cancel)."""

from __future__ import annotations

import pytest

from kztally.reports.protocol import render
from tests.reports.pdftext import page_count, text
from tests.reports.samples import protocol_doc


class StopError(Exception):
    pass


def test_render_reports_each_protocol_and_stops_when_told() -> None:
    docs = [protocol_doc("ru") for _ in range(3)]
    seen: list[tuple[int, int]] = []
    pdf = render(docs, lambda n, total: seen.append((n, total)))
    assert seen == [(0, 3), (1, 3), (2, 3)]
    plain = render(docs)
    assert page_count(pdf) == page_count(plain) >= 3
    assert text(pdf) == text(plain)  # the same document with or without a listener

    def stop_at_second(n: int, total: int) -> None:
        if n == 1:
            raise StopError

    with pytest.raises(StopError):
        render(docs, stop_at_second)
