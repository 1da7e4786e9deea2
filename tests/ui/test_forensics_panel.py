"""The forensics panel: on a mock with planted ballot stuffing the stuffed districts are
flagged in the panel, for an observer too; the drill-down goes to a region and a district;
each chart saves as a PNG and a PDF; the notes follow the user's language."""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kztally.domain.election import Election
from kztally.domain.rules import Role
from kztally.forensics import notes
from kztally.mockgen.figures import MockElection
from kztally.services.mock import build, run_mock
from kztally.ui.forensics import CHARTS, ForensicsDialog
from kztally.ui.language import Language
from kztally.ui.main_window import MainWindow

from .conftest import ServicesFactory

SEED = 4


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """This panel runs on both databases: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ui.sqlite'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture(scope="module")
def mock() -> MockElection:
    return build(SEED, "region", stuffing=0.2)


@pytest.fixture
def election(mock: MockElection) -> Election:
    return mock.election


def stuffed(mock: MockElection) -> set[str]:
    return {d["district"] for d in mock.answers["stuffed"]}


def wait_for(qtbot: QtBot, dialog: ForensicsDialog, area: str) -> None:
    qtbot.waitUntil(
        lambda: dialog.found is not None and dialog.found.area == area and not dialog.busy(),
        timeout=60000,
    )


def test_the_stuffed_districts_are_flagged_and_the_charts_export(
    qtbot: QtBot,
    window: object,
    services: ServicesFactory,
    mock: MockElection,
    lang: Language,
    tmp_path: Path,
) -> None:
    run_mock(
        services("trainer", Role.TRAINER), SEED, "region", stuffing=0.2, answers=tmp_path / "a.json"
    )
    assert callable(window)
    w: MainWindow = window("watcher", Role.OBSERVER)
    assert w.forensics_action.isVisible()
    w.forensics_action.trigger()
    dialog = w.forensics_dialog
    assert isinstance(dialog, ForensicsDialog)
    root = mock.election.root.code
    wait_for(qtbot, dialog, root)

    planted = stuffed(mock)
    assert len(planted) == 3
    shown = {dialog.table.item(i, 0).text().split()[0] for i in range(dialog.table.rowCount())}
    assert planted <= shown
    shifted = {f.area for f in dialog.findings if f.test == "district_shift"}
    assert shifted == planted
    assert shown <= planted  # no clean district, no region
    assert dialog.found is not None
    assert dialog.found.report.precincts == len(mock.election.precincts())
    # the flagged districts' precincts are painted apart on the scatter
    assert dialog.flagged_areas(dialog.found) == planted

    dialog.tabs.setCurrentIndex(len(CHARTS))
    dialog.table.selectRow(0)
    first = dialog.findings[0]
    assert html.escape(notes.NOTES[first.test]["en"][:40]) in dialog.note.text()
    shots = Path(os.environ.get("KZTALLY_SHOTS", tmp_path))
    assert dialog.grab().save(str(shots / "forensics-flagged.png"))
    dialog.tabs.setCurrentIndex(0)
    assert dialog.grab().save(str(shots / "forensics.png"))

    for chart in CHARTS:
        png, pdf = shots / f"forensics-{chart}.png", shots / f"forensics-{chart}.pdf"
        dialog.export(chart, png)
        dialog.export(chart, pdf)
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png.stat().st_size > 20_000
        data = pdf.read_bytes()
        assert data[:5] == b"%PDF-" and data.rstrip().endswith(b"%%EOF")
        assert pdf.stat().st_size > 10_000
        assert b"DejaVuSans" in data  # the bundled font, so Kazakh letters render
        try:
            import pypdfium2  # type: ignore[import-not-found]
        except ImportError:
            continue
        document = pypdfium2.PdfDocument(str(pdf))
        assert len(document) == 1
        text = document[0].get_textpage().get_text_range()
        assert "%" in text

    # drill down: the region of a stuffed district, then the district itself
    district = sorted(planted)[0]
    region = mock.election.area(district).parent
    assert region is not None
    dialog.choose(region)
    wait_for(qtbot, dialog, region)
    assert district in {f.area for f in dialog.findings}
    dialog.choose(district)
    wait_for(qtbot, dialog, district)
    assert dialog.district.currentData() == district
    assert dialog.found.report.precincts == len(mock.election.precincts(district))

    # the notes in the user's language
    lang.set("kk")
    dialog.choose(region)
    wait_for(qtbot, dialog, region)
    assert dialog.area() == region and dialog.district.currentIndex() == 0
    dialog.tabs.setCurrentIndex(len(CHARTS))
    dialog.table.selectRow(0)
    kk = notes.NOTES[dialog.findings[0].test]["kk"][:40]
    assert html.escape(kk) in dialog.note.text()
    assert dialog.windowTitle() == "Сайлаудың статистикалық сараптамасы"
    dialog.tabs.setCurrentIndex(0)
    assert dialog.grab().save(str(shots / "forensics-kk.png"))
    lang.set("en")
