"""The clerk's night, second part: rule messages at a readable width, names that can be
told apart, words that follow the language, search and navigation, help and tooltips."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kztally.domain.protocol import Figures
from kztally.ui.language import Language

from .test_protocol_form import make_form

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
