"""The summary protocol and the results protocol in the app's print dialog, driven as a
user would over real services on a real SQLite file holding the 2023 Mazhilis figures:
each previewed, saved as PDF and read back (pypdfium2) for its title and its figures,
in the language chosen for the document; offered on the results screen, the navigator's
area menu and the Paper menu, to every role (they are signed by no key)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from kztally.domain.election import Election
from kztally.domain.ids import AreaCode
from kztally.domain.rules import Role
from kztally.reports.texts import number, t
from kztally.ui.language import Language
from kztally.ui.paper_menu import navigator_menu
from kztally.ui.printing import PrintDialog
from tests.reports.election_2023 import QUOTA, election_2023, enter_2023, official
from tests.reports.pdftext import page_count, text

from .conftest import ServicesFactory
from .test_paper_screens import finish, print_dialog, shot


@pytest.fixture
def election() -> Election:
    return election_2023()


def flat(pdf: bytes) -> str:
    return re.sub(r"[ \t\r\n]+", " ", text(pdf))


def test_the_results_protocol_is_previewed_saved_and_printed_in_each_language(
    qtbot: QtBot, lang: Language, services: ServicesFactory, tmp_path: Path
) -> None:
    enter_2023(services)
    observer = services("watcher", Role.OBSERVER)
    dialog = PrintDialog(lang, observer, kind="results", signed=False)
    qtbot.addWidget(dialog)
    dialog.show()
    # an observer prints what no key signs: the summary and the results only
    kinds = [dialog.kind.itemData(i) for i in range(dialog.kind.count())]
    assert kinds == ["summary", "results"]
    assert dialog.current_kind().key == "results"
    assert dialog.body.currentData() == "MZ"
    assert not dialog.rows["key"].isVisible() and not dialog.rows["passphrase"].isVisible()
    assert dialog.rows["body"].isVisible() and not dialog.rows["area"].isVisible()
    assert dialog.body.currentText().startswith("MZ — ")

    votes, against = official()
    saved: dict[str, str] = {}
    for code in ("kk", "ru", "en"):
        dialog.language.setCurrentIndex(dialog.language.findData(code))
        dialog.preview()
        finish(qtbot, dialog)
        assert dialog.pages.pages, dialog.message.text()
        assert dialog.message.text().startswith("MZ_results.pdf — pages: ")
        target = tmp_path / f"results-{code}.pdf"
        assert dialog.save_to(target)
        finish(qtbot, dialog)
        assert dialog.saved == [target], dialog.message.text()
        words = saved[code] = flat(target.read_bytes())
        title = t(code, "results_title", body="").rstrip(": ")  # type: ignore[arg-type]
        assert title in words, code
        assert number(votes[0]) in words and number(against) in words
        assert f"= {QUOTA}" in words
    # the language is the document's: each file speaks its own
    assert "Протокол о результатах выборов" in saved["ru"]
    assert "Протокол о результатах выборов" not in saved["en"]
    assert all(letter in saved["kk"].upper() for letter in "ӘҒҚҢӨҰҮІ")
    assert list(tmp_path.glob("*.part")) == []

    # the printer (one writing a PDF) gets every page of the last document made
    printed = tmp_path / "printer.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    pages = dialog.print_to(printer)
    assert pages == page_count((tmp_path / "results-en.pdf").read_bytes()) >= 1
    assert page_count(printed.read_bytes()) == pages

    # the screen in Kazakh too: the dialog follows, the Kazakh document shown
    lang.set("kk", remember=False)
    assert dialog.body.currentText() == "MZ — Парламент Мәжілісі"
    assert dialog.kind.currentText() == "Сайлау қорытындылары туралы хаттама"
    dialog.language.setCurrentIndex(dialog.language.findData("kk"))
    dialog.preview()
    finish(qtbot, dialog)
    assert dialog.message.text().startswith("MZ_results.pdf")
    shot(dialog, tmp_path, "print-results-kk.png")


def test_the_summary_protocol_of_an_area_and_a_ballot(
    qtbot: QtBot, lang: Language, services: ServicesFactory, tmp_path: Path
) -> None:
    enter_2023(services)
    clerk = services("clerk1")
    dialog = print_dialog(qtbot, lang, clerk, kind="summary", area="")
    assert [dialog.kind.itemData(i) for i in range(dialog.kind.count())] == [
        "protocol",
        "area",
        "summary",
        "results",
    ]
    assert not dialog.rows["key"].isVisible() and dialog.rows["area"].isVisible()
    # "every ballot" is no summary's ballot
    assert dialog.contest.currentData() == "MZ-L"
    every = dialog.contest.model().item(0)  # type: ignore[attr-defined]
    assert not every.isEnabled()
    dialog.preview()
    assert dialog.message.text() == "Fill in: Area (district, region)."
    dialog.area.setText("P00001")
    dialog.preview()
    finish(qtbot, dialog)
    assert "P00001 is a precinct" in dialog.message.text()
    assert dialog.pages.pages == []

    dialog.area.setText("KZ")
    dialog.language.setCurrentIndex(dialog.language.findData("ru"))
    dialog.preview()
    finish(qtbot, dialog)
    assert dialog.message.text().startswith("KZ_MZ-L_summary.pdf — pages: ")
    target = tmp_path / "kz.pdf"
    assert dialog.save_to(target)
    finish(qtbot, dialog)
    words = flat(target.read_bytes())
    assert t("ru", "summary_title") in words
    votes, against = official()
    assert number(votes[0]) in words and number(against) in words
    assert "P00004" in words  # the precinct still missing

    # the language switched: the same summary in Kazakh
    dialog.language.setCurrentIndex(dialog.language.findData("kk"))
    assert dialog.save_to(target)
    finish(qtbot, dialog)
    words = flat(target.read_bytes())
    assert t("kk", "summary_title") in words and t("ru", "summary_title") not in words


def test_the_window_offers_them_where_a_user_looks(
    qtbot: QtBot, window: object, services: ServicesFactory
) -> None:
    enter_2023(services)
    w = window("watcher", Role.OBSERVER)  # type: ignore[operator]
    assert w.paper_actions["print_summary"].isVisible()
    assert w.paper_actions["print_results"].isVisible()
    assert not w.paper_actions["print"].isVisible()
    # the results screen: Print the results protocol… of the body shown
    assert w.results.print_button.text() == "Print the results protocol…"
    w.results.print_button.click()
    (dialog,) = w.findChildren(PrintDialog)
    assert dialog.current_kind().key == "results" and dialog.body.currentData() == "MZ"
    dialog.close()
    # the navigator's area menu: Print the summary… (an observer prints no protocol)
    model = w.navigator.model
    (item,) = navigator_menu(w, model.index_of_area(AreaCode("R01-D01"))).actions()
    assert item.text() == "Print the summary…"
    item.trigger()
    summaries = [d for d in w.findChildren(PrintDialog) if d.current_kind().key == "summary"]
    assert [d.area.text() for d in summaries] == ["R01-D01"]
    # a precinct's row has no summary
    assert navigator_menu(w, model.index_of_area(AreaCode("P00001"))).actions() == []

    clerk = window("clerk1", Role.CLERK)  # type: ignore[operator]
    texts = [
        a.text() for a in navigator_menu(clerk, model.index_of_area(AreaCode("R01"))).actions()
    ]
    assert texts == ["Print an area's protocols…", "Print the summary…"]
