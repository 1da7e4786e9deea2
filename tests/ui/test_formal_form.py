"""The formal parts form: reached from the protocol page, typed keyboard first, recorded
through the services; what cannot be so is said in the user's language; read only for
observers; one language on it in kk, ru and en."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kztally.domain.election import Election
from kztally.domain.formal import Formal
from kztally.domain.rules import Role
from kztally.ui.formal_form import FormalDialog
from kztally.ui.language import Language

from .conftest import ServicesFactory
from .test_entry_flow import P2, Window
from .test_every_word import foreign_words

TZ5 = dt.timezone(dt.timedelta(hours=5))


def dialog(
    qtbot: QtBot, lang: Language, services: ServicesFactory, name: str, role: Role
) -> FormalDialog:
    d = FormalDialog(
        lang, services(name, role), P2[0], P2[1], "№ 2", may_record=role is not Role.OBSERVER
    )
    qtbot.addWidget(d)
    d.show()
    return d


def test_typed_in_the_paper_order_and_recorded(
    qtbot: QtBot, lang: Language, services: ServicesFactory
) -> None:
    d = dialog(qtbot, lang, services, "clerk1", Role.CLERK)
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow)
    assert d.message.text() == lang.t("ui.formal.none_yet")
    for box, text in (
        (d.present, "8"),
        (d.total, "11"),
        (d.began, "2023-03-19 20:00"),
        (d.ended, "2023-03-20 01:30"),
    ):
        assert box.hasFocus(), box.objectName()
        qtbot.keyClicks(box, text)
        qtbot.keyClick(box, Qt.Key.Key_Return)
    d.zone.setCurrentIndex(d.zone.findData(5))
    qtbot.keyClicks(d.requests, "14")
    qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    recorded = services("admin").formal.of(*P2)
    assert recorded.formal == Formal(
        8,
        11,
        dt.datetime(2023, 3, 19, 20, tzinfo=TZ5),
        dt.datetime(2023, 3, 20, 1, 30, tzinfo=TZ5),
        14,
    )
    assert recorded.by == "clerk1"
    assert "clerk1" in d.message.text()
    # opened again, the form shows what is recorded
    again = dialog(qtbot, lang, services, "clerk2", Role.CLERK)
    assert (again.present.text(), again.ended.text()) == ("8", "2023-03-20 01:30")
    assert again.zone.currentData() == 5


def test_what_cannot_be_so_is_said_and_nothing_recorded(
    qtbot: QtBot, services: ServicesFactory
) -> None:
    kk = Language("kk")
    d = dialog(qtbot, kk, services, "clerk1", Role.CLERK)
    d.present.setText("12")
    d.total.setText("11")
    assert not d.save()
    assert d.message.text() == kk.t("ui.formal.more_present", present=12, total=11)
    d.present.setText("9")
    d.began.setText("2023-03-19 22:00")
    d.ended.setText("2023-03-19 21:00")
    assert not d.save()
    assert d.message.text() == kk.t("ui.formal.ended_before")
    d.ended.setText("кеш")
    assert not d.save()
    assert d.message.text() == kk.t("ui.formal.bad_time", field=kk.t("ui.formal.ended"))
    d.ended.setText("")
    d.requests.setText("-3")
    assert not d.save()
    assert kk.t("ui.formal.requests") in d.message.text()
    assert services("admin").formal.of(*P2).formal == Formal()
    # results made official: the service's refusal, in the user's language
    d.requests.setText("3")
    services("admin").official.mark()
    assert not d.save()
    assert d.message.text() and "Traceback" not in d.message.text()


def test_observers_read_only(qtbot: QtBot, lang: Language, services: ServicesFactory) -> None:
    services("clerk1").formal.record(*P2, Formal(requests=5))
    d = dialog(qtbot, lang, services, "obs", Role.OBSERVER)
    assert d.requests.text() == "5" and d.requests.isReadOnly()
    assert not d.save_button.isVisible()


def test_reached_from_the_protocol_page_in_one_language(
    qtbot: QtBot, window: Window, services: ServicesFactory, election: Election
) -> None:
    w = window("clerk3", Role.CLERK)
    w.open_protocol(*P2)
    assert w.page.formal_button.isVisible()
    for code in ("kk", "ru", "en"):
        w.lang.set(code, remember=False)
        assert w.page.formal_button.text() == w.lang.t("ui.page.formal")
        d = dialog(qtbot, w.lang, services, "clerk3", Role.CLERK)
        assert foreign_words(d, code, election) == []  # type: ignore[arg-type]
        d.close()
    w.lang.set("en", remember=False)


def test_the_apps_mock_fill_records_formal_parts(services: ServicesFactory) -> None:
    from kztally.domain.formal import problems
    from kztally.ui.app import fill_with_mock

    admin = services("admin", Role.ADMINISTRATOR)
    done = fill_with_mock(admin, lambda *_: None, errors=0.0, share=0.5)
    recorded = admin.formal.current()
    assert done == len(recorded) > 0
    assert all(problems(v.formal) == [] and v.formal.members_total for v in recorded.values())
    precincts = [p.code for p in admin.elections.require().precincts()]
    assert {p for p, _ in recorded} == set(precincts[: round(len(precincts) * 0.5)])
