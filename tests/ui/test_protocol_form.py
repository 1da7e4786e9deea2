"""The protocol form on its own: digits whatever the layout, empty is not zero, Enter moves
on, the broken rule shown beside its fields."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kztally.domain.protocol import Figures
from kztally.ui.digits import digit_for
from kztally.ui.fonts import KAZAKH_LETTERS
from kztally.ui.language import Language
from kztally.ui.protocol_form import ProtocolForm

from .elections import build_election

NO = Qt.KeyboardModifier.NoModifier
KEYPAD = Qt.KeyboardModifier.KeypadModifier


def key_event(key: int, text: str, scan: int = 0, mods: Qt.KeyboardModifier = NO) -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, key, mods, scan, 0, 0, text)


def make_form(qtbot: QtBot, lang: Language) -> ProtocolForm:
    election = build_election()
    form = ProtocolForm(lang)
    qtbot.addWidget(form)
    form.set_protocol(
        election.contest("MZ-L"), election.rules, None, election=election, electorate=1001
    )
    form.resize(900, 800)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form


def test_number_row_gives_digits_whatever_the_layout() -> None:
    # Kazakh layout: the key under "2" types ә; X11 key code 11 is that physical key.
    assert digit_for(key_event(0x4D9, "ә", scan=11), "xcb") == "2"
    assert digit_for(key_event(0x49A, "қ", scan=19), "xcb") == "0"
    assert digit_for(key_event(0x4D9, "ә", scan=3), "windows") == "2"
    # Keypad, by scan code even with NumLock off (Qt then sends Home, End...).
    assert digit_for(key_event(Qt.Key.Key_Home, "", scan=79, mods=KEYPAD), "xcb") == "7"
    assert digit_for(key_event(Qt.Key.Key_7, "7", mods=KEYPAD), "offscreen") == "7"
    # Without native codes the Kazakh letters of the number row still give digits.
    assert digit_for(key_event(0x4D9, "ә"), "offscreen") == "2"
    assert digit_for(key_event(0x4B0, "Ұ"), "offscreen") == "9"
    # Letters elsewhere and shortcuts are no digits.
    assert digit_for(key_event(Qt.Key.Key_A, "a", scan=38), "xcb") is None
    assert digit_for(key_event(Qt.Key.Key_1, "1", mods=Qt.KeyboardModifier.ControlModifier)) is None


def test_fields_take_digits_only_and_empty_is_not_zero(qtbot: QtBot, lang: Language) -> None:
    form = make_form(qtbot, lang)
    line1 = form.fields["1"]
    line1.setFocus()
    for event in (
        key_event(Qt.Key.Key_1, "1"),
        key_event(0x4D9, "ә"),  # Kazakh layout "2"
        key_event(Qt.Key.Key_A, "a"),  # ignored
        key_event(Qt.Key.Key_3, "3", mods=KEYPAD),
    ):
        QApplication.sendEvent(line1, event)
    assert line1.text() == "123"
    figures = form.figures()
    assert figures.lines[0] == 123
    assert figures.lines[1] is None  # empty, not 0
    assert figures.votes == (None,) * 7


def test_enter_moves_on_and_the_last_enter_reaches_save(qtbot: QtBot, lang: Language) -> None:
    form = make_form(qtbot, lang)
    form.focus_first()
    names = list(form.fields)
    for i, name in enumerate(names):
        assert form.fields[name].hasFocus(), name
        qtbot.keyClicks(form.fields[name], str(100 - i))
        qtbot.keyClick(form.fields[name], Qt.Key.Key_Return)
    assert form.save_button.hasFocus()
    with qtbot.waitSignal(form.save_requested):
        qtbot.keyClick(form.save_button, Qt.Key.Key_Return)


def test_k4_break_is_shown_beside_its_fields(qtbot: QtBot, lang: Language) -> None:
    form = make_form(qtbot, lang)
    form.set_figures(Figures((1000, 900, 820, 12, 68, 800, 12, 12), (700, 30, 20, 20, 10, 5, 5), 8))
    texts = [f.text() for f in form.errors()]
    assert texts == ["K4: 812 ≠ 12 + 790 + 8"]
    # The figures stand beside the first field involved (its tooltip and the panel under
    # the form say the rule in words), the code beside the others.
    assert "K4: 812 ≠ 12 + 790 + 8" in form.notes["6"].text()
    assert "6 + 7 ≠ 8 + votes + 16" in form.notes["6"].toolTip()
    assert "6 + 7 ≠ 8 + votes + 16" in form.findings_label.text()
    for name in ("7", "8", "against_all"):
        assert "K4" in form.notes[name].text()
        assert form.fields[name].property("finding") == "error"
    assert form.fields["1"].property("finding") == ""
    # Mending the figures clears it as the clerk types.
    form.fields["6"].setText("798")
    assert form.errors() == ()
    assert form.fields["6"].property("finding") != "error"


def test_read_only_form_takes_no_digits(qtbot: QtBot, lang: Language) -> None:
    election = build_election()
    form = ProtocolForm(lang)
    qtbot.addWidget(form)
    figures = Figures((1000, 900, 820, 12, 68, 800, 12, 12), (700, 30, 20, 20, 10, 5, 5), 20)
    form.set_protocol(election.contest("MZ-L"), election.rules, figures, read_only=True)
    qtbot.keyClicks(form.fields["1"], "5")
    assert form.fields["1"].text() == "1000"
    assert not form.save_button.isVisible()


def test_bundled_font_has_every_kazakh_letter(lang: Language, qapp: QApplication) -> None:
    metrics = QFontMetrics(qapp.font())
    assert qapp.font().family() == "DejaVu Sans"
    missing = [ch for ch in KAZAKH_LETTERS if not metrics.inFontUcs4(ord(ch))]
    assert missing == []
