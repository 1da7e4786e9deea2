"""The clerk's night, second part: rule messages at a readable width, names that can be
told apart, words that follow the language, search and navigation, help and tooltips."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kztally.domain.election import Body, BodyKind, Election
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, BodyId, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.formats.election_json import content_hash, election_from_dict, election_to_dict
from kztally.ui.help import GuideDialog, ShortcutsDialog
from kztally.ui.history import HistoryModel
from kztally.ui.language import Language
from kztally.ui.navigator import Navigator
from kztally.ui.results import party_label
from kztally.ui.widgets import election_name
from tests.conftest import make_election

from .conftest import ServicesFactory, when_modal
from .elections import build_election
from .test_entry_flow import CLEAN, P2, Window, activate, enter, fill_reason
from .test_entry_flow import K4_BROKEN as K4_SAVED
from .test_protocol_form import make_form


@pytest.fixture
def election() -> Election:
    """The small test election with a regional maslikhat for region 1."""
    plain = make_election()
    body = Body(BodyId("ML-R01"), BodyKind.MASLIKHAT, "Облыс мәслихаты", AreaCode("R01"))
    return replace(plain, bodies=(*plain.bodies, body))


LATIN_WORD = re.compile(r"\b[A-Za-z]{3,}\b")
"""An English word (three Latin letters or more) where none should be."""

K4_BROKEN = Figures((1000, 900, 800, 12, 88, 790, 10, 8), (500, 100, 50, 50, 20, 30, 30), 40)


def test_rule_messages_keep_the_rows_still_and_wrap_under_the_form(
    qtbot: QtBot, lang: Language
) -> None:
    form = make_form(qtbot, lang)
    clean = Figures((1000, 900, 800, 12, 88, 790, 10, 8), (500, 100, 50, 50, 20, 30, 30), 12)
    form.set_figures(clean)
    assert not form.findings()
    qtbot.wait(10)
    rows_before = {n: form.fields[n].geometry().y() for n in list(form.fields)}
    form.set_figures(K4_BROKEN)
    qtbot.wait(10)
    rows_after = {n: form.fields[n].geometry().y() for n in list(form.fields)}
    assert rows_after == rows_before  # the message does not push the rows down
    note = form.notes["6"]
    assert not note.wordWrap() and "K4" in note.text()
    assert "votes" in note.toolTip()
    # the panel under the form says the rule in words, a line wide, not a word a line
    panel = form.findings_label
    assert panel.wordWrap() and panel.width() > 400
    assert "6 + 7 ≠ 8 + votes + 16" in panel.text()


def test_w8_in_kazakh_and_russian_has_no_english_word(qtbot: QtBot) -> None:
    for code, word in (("kk", "тіркелген"), ("ru", "зарегистр")):
        lang = Language(code)
        form = make_form(qtbot, lang)
        # line 1 far from the 1001 registered voters: W8
        figures = Figures((2000, 900, 820, 12, 68, 800, 12, 0), (700, 30, 20, 20, 10, 5, 15), 0)
        form.set_figures(figures)
        assert any(f.code == "W8" for f in form.findings())
        text = form.findings_label.text() + form.notes["1"].toolTip()
        assert "W8" in text and word in text
        assert "electorate" not in text, code


# -- the language: words that stay behind -------------------------------------------------


def test_the_navigators_count_and_the_history_follow_the_language(
    qtbot: QtBot, window: Window, services: ServicesFactory
) -> None:
    enter(services("clerk1"), P2, CLEAN)
    w = window("boss", Role.SUPERVISOR)
    nav = w.navigator
    qtbot.keyClicks(nav.filter, "2")
    nav.apply_filter()
    assert nav.count_label.text().startswith("Precincts found")
    w.lang.set("ru", remember=False)
    assert nav.count_label.text().startswith("Найдено участков")
    w.lang.set("kk", remember=False)
    assert nav.count_label.text().startswith("Табылған учаскелер")
    model = HistoryModel(w.lang)
    model.set_revisions(services("boss", Role.SUPERVISOR).entry.history(*P2))
    who = model.data(model.index(0, model.COLUMNS.index("who")))
    assert who == "clerk1 (тіркеуші)"
    w.open_protocol(*P2)
    assert "MZ-L" not in w.page.header.text()

    def title(dialog: QWidget) -> None:
        assert "MZ-L" not in dialog.windowTitle() and "тізім" in dialog.windowTitle()
        dialog.close()

    when_modal(qtbot, title)
    w.page.show_history()
    w.lang.set("en", remember=False)


def test_one_self_nominated_person_is_singular_in_russian(qapp: object) -> None:
    election = build_election()
    ru = Language("ru")
    assert party_label(election, None, ru, 1) == "самовыдвиженец"
    assert party_label(election, None, ru, 3) == "самовыдвиженцы"
    assert party_label(election, None, Language("en"), 2) == "self-nominated"
    Language("en")


def test_the_title_bar_names_the_election_in_the_users_language(qapp: object) -> None:
    plain = build_election()
    named = replace(plain, names={"ru": "Выборы", "en": "Elections"})
    assert election_name(named, Language("ru")) == "Выборы"
    assert election_name(named, Language("kk")) == named.name  # kk is the name itself
    assert election_name(plain, Language("ru")) == plain.name
    # the names go through the definition's file and back
    assert election_from_dict(election_to_dict(named)).names == named.names
    assert content_hash(plain) == content_hash(replace(plain, names={}))
    Language("en")


def file_dialog_words(code: str) -> list[str]:
    """The visible words of Qt's own file dialog in language `code`."""
    lang = Language(code)
    dialog = QFileDialog(None, "x")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.show()
    words = []
    for w in dialog.findChildren(QWidget):
        if isinstance(w, (QLabel, QAbstractButton)) and w.isVisibleTo(dialog):
            words.append(w.text())
    dialog.close()
    dialog.deleteLater()
    assert lang.code == code
    return [t for t in words if t]


def test_qts_own_dialogs_speak_russian_and_kazakh(qapp: object) -> None:
    for code in ("ru", "kk"):
        words = file_dialog_words(code)
        assert words, code
        english = [t for t in words if LATIN_WORD.search(t.replace("&", ""))]
        assert english == [], (code, english)
    assert any("Look in" in t.replace("&", "") for t in file_dialog_words("en"))


# -- search and navigation ------------------------------------------------------------------


def test_search_by_place_and_number_and_enter_among_several_lets_the_clerk_choose(
    qtbot: QtBot, lang: Language
) -> None:
    election = build_election(regions=2, districts=2, precincts=3)
    nav = Navigator(election, lang)
    qtbot.addWidget(nav)
    nav.resize(500, 700)
    nav.show()
    activate(qtbot, nav)
    index = nav.model.search
    assert index.find("1") == ["P00001", "P00010", "P00011", "P00012"]  # in both regions
    assert index.find("Абай 1") == ["P00001"]  # the region's name and the number
    assert index.find("Ақмола 1") == ["P00010", "P00011", "P00012"]
    assert index.find("ақмола аудан 1") == ["P00010", "P00011", "P00012"]
    assert index.find("Ақмола 8") == ["P00008"]
    assert index.find("Абай 9") == []
    opened: list[tuple[str, str]] = []
    nav.protocol_activated.connect(lambda p, c: opened.append((p, c)))
    nav.filter.setText("1")
    qtbot.keyClick(nav.filter, Qt.Key.Key_Return)
    assert opened == []  # several found: nothing opened, the first highlighted
    assert nav.tree.hasFocus()
    assert nav.model.area(nav.tree.currentIndex()) == "P00001"
    for _ in range(3):  # past region 2 and its district to the next precinct found
        qtbot.keyClick(nav.tree, Qt.Key.Key_Down)
    assert nav.model.area(nav.tree.currentIndex()) == "P00010"
    qtbot.keyClick(nav.tree, Qt.Key.Key_Return)
    assert opened == [("P00010", "MZ-L")]  # the highlighted one, not the first
    nav.filter.setText("Ақмола 10")
    qtbot.keyClick(nav.filter, Qt.Key.Key_Return)  # one found: opened at once
    assert opened[-1] == ("P00010", "MZ-L")


def test_two_ballots_of_a_body_are_told_apart(qtbot: QtBot, lang: Language) -> None:
    election = build_election()
    nav = Navigator(election, lang)
    qtbot.addWidget(nav)
    assert nav.tree.textElideMode() == Qt.TextElideMode.ElideMiddle
    a = nav.model.index_of_key((AreaCode("P00001"), ContestId("MZ-L")))
    b = nav.model.index_of_key((AreaCode("P00001"), ContestId("MZ-S01")))
    tips = [nav.model.data(i, Qt.ItemDataRole.ToolTipRole) for i in (a, b)]
    assert tips[0] != tips[1] and "MZ-" not in "".join(tips)
    assert "Mazhilis, district 1" in tips[1]


def test_after_a_decision_the_tree_highlights_the_protocol_shown_and_enter_opens_a_row(
    qtbot: QtBot, window: Window, services: ServicesFactory
) -> None:
    enter(services("clerk1"), P2, K4_SAVED)
    assert enter(services("clerk2"), P2, K4_SAVED) is State.PENDING
    boss = window("boss", Role.SUPERVISOR)
    boss.open_protocol(*P2)
    nav = boss.navigator
    when_modal(qtbot, fill_reason("the act of the commission", "Act 7"))
    boss.page.accept_pending()
    assert services("boss", Role.SUPERVISOR).entry.view(*P2).state is State.ACCEPTED
    assert nav.model.key(nav.tree.currentIndex()) == boss.page.key == P2
    # Enter on another row of the tree opens it
    other = (AreaCode("P00001"), ContestId("MZ-L"))
    nav.tree.setFocus()
    nav.tree.setCurrentIndex(nav.model.index_of_key(other))
    qtbot.keyClick(nav.tree, Qt.Key.Key_Return)
    assert boss.page.key == other


# -- help -----------------------------------------------------------------------------------


def test_f1_shows_the_keys_of_the_screen_in_use_and_help_opens_the_guide(
    qtbot: QtBot, window: Window
) -> None:
    w = window("clerk1", Role.CLERK)
    activate(qtbot, w)
    w.open_protocol(*P2)
    seen: list[tuple[str, list[tuple[str, str]]]] = []

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, ShortcutsDialog)
        seen.append((dialog.screen_name, dialog.texts()))
        dialog.close()

    w.page.form.fields["1"].setFocus()
    when_modal(qtbot, read)
    qtbot.keyClick(w.page.form.fields["1"], Qt.Key.Key_F1)
    assert seen and seen[-1][0] == "protocol"
    assert ("Ctrl+S, F12", "save the protocol") in seen[-1][1]
    assert ("Ctrl+F", "find a precinct by number or name") not in seen[-1][1]
    activate(qtbot, w)
    w.navigator.filter.setFocus()
    qtbot.waitUntil(w.navigator.filter.hasFocus)
    when_modal(qtbot, read)
    qtbot.keyClick(w.navigator.filter, Qt.Key.Key_F1)
    assert seen[-1][0] == "navigator"
    assert ("Ctrl+F", "find a precinct by number or name") in seen[-1][1]

    for code, heading in (("kk", "Тіркеушілер"), ("ru", "Регистраторы"), ("en", "Clerks")):
        w.lang.set(code, remember=False)

        def guide(dialog: QWidget, heading: str = heading) -> None:
            assert isinstance(dialog, GuideDialog)
            text = dialog.browser.toPlainText()
            seen.append(("guide", [(heading, text)]))
            dialog.close()

        when_modal(qtbot, guide)
        w.guide_action.trigger()
        assert heading in seen[-1][1][0][1]
        assert "Supervisors" in seen[-1][1][0][1] or code != "en"
    w.lang.set("en", remember=False)


def test_fields_and_buttons_have_tooltips_and_accessible_names(
    qtbot: QtBot, window: Window
) -> None:
    w = window("clerk1", Role.CLERK)
    w.open_protocol(*P2)
    form = w.page.form
    for name, field in form.fields.items():
        assert field.accessibleName(), name
        assert field.toolTip(), name
    assert form.fields["6"].accessibleName().startswith("6. ")
    assert "Ctrl+S" in form.save_button.toolTip()
    for b in (w.page.accept_button, w.page.history_button, w.page.send_back_button):
        assert b.toolTip()
    w.lang.set("ru", remember=False)
    assert form.fields["1"].toolTip().startswith("Строка 1")
    w.lang.set("en", remember=False)


def test_up_is_offered_only_where_it_leads_and_the_areas_columns_fit(
    qtbot: QtBot, window: Window, services: ServicesFactory, election: Election
) -> None:
    enter(services("clerk1"), P2, CLEAN)
    enter(services("clerk2"), P2, CLEAN)
    w = window("boss", Role.SUPERVISOR)
    w.resize(1100, 800)
    w.tabs.setCurrentWidget(w.results)
    view = w.results
    maslikhat = next(b for b in election.bodies if b.kind is BodyKind.MASLIKHAT)
    with qtbot.waitSignal(view.computed, timeout=10000):
        view.show_area(maslikhat.area)
    with qtbot.waitSignal(view.computed, timeout=10000):
        view.body_combo.setCurrentIndex(view.body_combo.findData(maslikhat.id))
    assert view.snapshot is not None and view.snapshot.body.id == maslikhat.id
    # the regional maslikhat is shown over its region at most: Up would change nothing
    assert not view.up_button.isEnabled()
    with qtbot.waitSignal(view.computed, timeout=10000):
        view.body_combo.setCurrentIndex(view.body_combo.findData("MZ"))
    assert view.up_button.isEnabled()  # the Mazhilis goes on up to the country
    with qtbot.waitSignal(view.computed, timeout=10000):
        view.up_button.click()
    assert view.snapshot is not None and view.snapshot.area == "KZ"
    assert not view.up_button.isEnabled()
    qtbot.wait(10)
    table = view.children_table
    header = table.horizontalHeader()
    for col in (1, 2):  # protocols, turnout: as wide as their figures
        assert header.sectionSize(col) >= table.sizeHintForColumn(col)
    # and all in sight: the area's name takes only the room left
    assert header.length() <= table.viewport().width() + 1
