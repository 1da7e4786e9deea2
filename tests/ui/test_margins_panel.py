"""The results screen's margins panel: the closest seat and district, in the three
languages, the same figures as the margins service."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kztally.domain.election import Election
from kztally.domain.rules import Role
from kztally.ui.language import Language
from kztally.ui.main_window import MainWindow
from kztally.ui.margins_panel import MarginsPanel

from .conftest import ServicesFactory
from .elections import build_election
from .test_results_view import accept_some, show


@pytest.fixture
def election() -> Election:
    return build_election(regions=2, districts=2, precincts=3, training=True)


def test_the_panel_shows_the_margins(
    qtbot: QtBot,
    window: object,
    services: ServicesFactory,
    election: Election,
    tmp_path: Path,
) -> None:
    accept_some(services, election)
    assert callable(window)
    w: MainWindow = window("boss", Role.SUPERVISOR)
    w.tabs.setCurrentWidget(w.results)
    view = w.results
    show(qtbot, w, "KZ")
    panel: MarginsPanel = view.margins
    qtbot.waitUntil(lambda: panel.shown is not None, timeout=20000)
    found = services("boss").margins.margins("KZ")
    ml = next(m for m in found.contests if m.margins.lists)
    assert ml.margins.moved is not None
    text = panel.body.text()
    n = f"{ml.margins.moved.ballots:,}".replace(",", " ")
    assert "Closest seat: " in text and f"needs {n} moved from" in text
    assert "Closest district: No. " in text
    assert "Uncounted protocols (" in text
    shot = Path(os.environ.get("KZTALLY_SHOTS", tmp_path)) / "margins.png"
    assert view.grab().save(str(shot))

    for code, word in (("kk", "Ең жақын орын"), ("ru", "Ближайшее место")):
        other = MarginsPanel(Language(code), services("boss"))
        assert word in other.text(view.body_id, found)
