"""The observers' cross-check overview, offscreen over real services: copies added from
a CSV, every planted difference in the table, the area filter, the missing lists, the
totals with the verdict, the list of copies for the observer and a supervisor, the
report exported, the three languages."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pypdfium2 as pdfium
from pytestqt.qtbot import QtBot

from kztally.domain.election import Election
from kztally.domain.rules import Role
from kztally.services.transfer.tables import results_tables
from kztally.storage import protocols as protocol_store
from kztally.ui.copy_certification import CertificationDialog
from kztally.ui.crosscheck import CrossCheckDialog
from kztally.ui.language import Language
from kztally.ui.main_window import MainWindow
from tests.services.test_crosscheck import EXPECTED, MZL, PLANTED, P, accept_all, copies_csv

from .conftest import ServicesFactory
from .test_every_word import foreign_words


def settled(qtbot: QtBot, dialog: CrossCheckDialog) -> CrossCheckDialog:
    """The dialog once its check (off the GUI thread) is done."""
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.report is not None, timeout=30000)
    return dialog


def rows(dialog: CrossCheckDialog, model: str) -> list[tuple[str, ...]]:
    return list(getattr(dialog, model).rows)


def test_the_observers_overview(
    qtbot: QtBot,
    qtmodeltester: object,
    lang: Language,
    window: object,
    services: ServicesFactory,
    election: Election,
    tmp_path: Path,
) -> None:
    accept_all(services, leave={(P[5], MZL)})
    assert callable(window)
    w: MainWindow = window("dana", Role.OBSERVER)
    assert w.crosscheck_action.isVisible()
    dialog = settled(qtbot, w.open_crosscheck())
    assert isinstance(dialog, CrossCheckDialog)
    assert rows(dialog, "differences") == [] and rows(dialog, "all_copies") == []

    copies = dict(PLANTED) | {(P[5], MZL): PLANTED[(P[0], MZL)]}
    dialog.add_files([copies_csv(tmp_path / "uik7.csv", copies)])
    assert dialog.busy() and dialog.status.text() == "Checking the copies…"
    settled(qtbot, dialog)
    assert dialog.status.text() == "Copies kept: 7"
    found = {(r[0], r[2], r[4], r[5]) for r in rows(dialog, "differences")}
    assert found == {(p, c, str(o), str(n)) for p, c, _, o, n in EXPECTED}
    assert rows(dialog, "differences")[3][:7] == (
        "P00002",
        "Polling station 2",
        "MZ-S01",
        "Against all",
        "10",
        "40",
        "+30",
    )
    missing = rows(dialog, "missing")
    assert (
        "P00006",
        "Polling station 6",
        "MZ-L",
        "no official protocol yet: not entered",
    ) in missing
    assert ("P00003", "Polling station 3", "MZ-L", "no copy") in missing
    assert len(rows(dialog, "all_copies")) == 7
    assert {r[1]: r[2] for r in rows(dialog, "totals")}["List A"] == "-45"
    assert dialog.verdict.text().startswith("The differences found change nothing") or (
        dialog.verdict.text().startswith("Neither")
    )
    assert "Figures that differ: 8." in dialog.counts.text()
    qtmodeltester.check(dialog.differences)  # type: ignore[attr-defined]
    qtmodeltester.check(dialog.all_copies)  # type: ignore[attr-defined]

    # by area: the second region holds P00004-P00006
    dialog.set_area("R02")
    assert {r[0] for r in rows(dialog, "differences")} == {"P00004", "P00005"}
    assert all(r[0] in {"P00004", "P00005", "P00006"} for r in rows(dialog, "missing"))
    dialog.set_area("")
    assert len(rows(dialog, "differences")) == len(EXPECTED)

    # against a published results file, then back to the database
    with services("admin").db.session(readonly=True) as s:
        tables = dict(results_tables(election, protocol_store.summaries(s)))
    published = tmp_path / "MZ-L.csv"
    published.write_bytes(tables[MZL].encode("utf-8-sig"))
    dialog.run([published])
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.official_files == [published])
    assert "MZ-L.csv (kztally-csv)" in dialog.against.text()
    assert {r[2] for r in rows(dialog, "differences")} == {"MZ-L"}
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n", encoding="utf-8")
    dialog.run([odd])
    qtbot.waitUntil(lambda: not dialog.busy())
    assert "odd.csv: not a results file in a format kztally reads" in dialog.status.text()
    dialog.run([])
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.official_files == [])
    assert len(rows(dialog, "differences")) == len(EXPECTED)

    # the report, as PDF and CSV
    dialog.export("pdf", tmp_path / "report.pdf")
    pdf = pdfium.PdfDocument(tmp_path / "report.pdf")
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    assert "Discrepancy report" in text and "P00005" in text
    dialog.export("csv", tmp_path / "report.csv")
    with (tmp_path / "report.csv").open(encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.DictReader(f))) == len(EXPECTED)

    # a bad file: a sentence in the status line, nothing kept
    bad = tmp_path / "bad.csv"
    bad.write_text("precinct,contest\n", encoding="utf-8")
    dialog.add_files([bad])
    assert "bad.csv, line 1: no column 'line 1'" in dialog.status.text()
    assert len(rows(dialog, "all_copies")) == 7

    shots = Path(os.environ.get("KZTALLY_SHOTS", tmp_path))
    dialog.resize(1250, 620)
    for code, title in (
        ("ru", "Сверка копий наблюдателей"),
        ("kk", "Байқаушылар көшірмелерін салыстыру"),
    ):
        lang.set(code)
        assert dialog.windowTitle() == title
        qtbot.wait(50)  # the layout follows the new words
        for tab in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(tab)
            assert foreign_words(dialog, code, election) == []  # type: ignore[arg-type]
        dialog.tabs.setCurrentIndex(0)
        assert dialog.grab().save(str(shots / f"crosscheck-{code}.png"))
    lang.set("en")
    qtbot.wait(50)
    assert dialog.grab().save(str(shots / "crosscheck-en.png"))

    # a supervisor lists every observer's copies; a clerk has no such menu item
    sup = window("sup", Role.SUPERVISOR)
    other = settled(qtbot, sup.open_crosscheck())
    assert len(rows(other, "all_copies")) == 7 and {r[2] for r in rows(other, "all_copies")} == {
        "dana"
    }
    assert not other.add_button.isVisible()
    assert not window("clerk", Role.CLERK).crosscheck_action.isVisible()


def test_an_observer_certifies_a_typed_copy_and_attaches_its_photo(
    qtbot: QtBot,
    lang: Language,
    window: object,
    services: ServicesFactory,
    election: Election,
    tmp_path: Path,
) -> None:
    accept_all(services)
    assert callable(window)
    w: MainWindow = window("dana", Role.OBSERVER)
    w.services.observers.enter_copy(P[0], MZL, PLANTED[(P[0], MZL)])
    w.open_protocol(P[0], MZL)
    view = w.page.observer_view
    assert w.page.stack.currentWidget() is view and view.certify_button.isVisible()
    assert not view.certification.isVisibleTo(view)

    dialog = CertificationDialog(lang, None, w)
    dialog.number.setText("3")
    dialog.certified_by.setText("Хатшы Сейітова Г.")
    dialog.sealed.setCurrentIndex(dialog.sealed.findData(True))
    dialog.received_known.setChecked(True)
    dialog.received_where.setText("УСК № 1")
    photo = tmp_path / "copy.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 a photo")
    assert dialog.set_scan_file(photo) is None
    assert w.page.certify_copy(dialog)
    text = view.certification.text()
    assert "Copy No. 3; certified by: Хатшы Сейітова Г.; seal: yes" in text
    assert "УСК № 1" in text and "scan attached" in text
    (older, newer) = w.services.observers.list_copies()
    assert newer.latest and not older.latest and newer.figures == older.figures
    assert newer.certification.number == "3" and newer.scan is not None
    assert w.services.observers.scan(newer.id) == ("image/jpeg", b"\xff\xd8\xff\xe0 a photo")
    lang.set("kk")
    w.statusBar().clearMessage()  # said in English above
    qtbot.wait(50)
    shots = Path(os.environ.get("KZTALLY_SHOTS", tmp_path))
    assert w.grab().save(str(shots / "copy-certified-kk.png"))
    lang.set("ru")
    assert "Копия № 3; заверил: Хатшы Сейітова Г.; печать: есть" in view.certification.text()
    assert view.certify_button.text() == "Заверение и скан…"
    for code in ("kk", "ru", "en"):
        lang.set(code)
        asked = CertificationDialog(lang, newer.certification, w)
        asked.show()
        qtbot.waitExposed(asked)
        assert foreign_words(asked, code, election) == []  # type: ignore[arg-type]
        assert asked.number.text() == "3" and asked.received_known.isChecked()
        asked.close()
    lang.set("en")
