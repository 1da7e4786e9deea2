"""Fixtures for the screen tests: real widgets offscreen over real services.

The screens run on SQLite here (`db_url` is overridden for this package); the double
entry runs once more on PostgreSQL in test_postgres.py through `postgres_url`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.ui.fonts import install_app_font
from kztally.ui.language import Language
from kztally.ui.main_window import Hooks, MainWindow

ServicesFactory = Callable[..., Services]


@pytest.fixture(autouse=True)
def kztally_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings (language, window geometry) go to the test's own folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("KZTALLY_HOME", str(home))
    return home


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ui.sqlite'}"


@pytest.fixture
def lang(qapp: QApplication) -> Language:
    install_app_font(qapp)
    return Language("en")


@pytest.fixture
def window(
    qtbot: QtBot, lang: Language, services: ServicesFactory
) -> Iterator[Callable[[str, Role], MainWindow]]:
    made: list[MainWindow] = []

    def make(name: str, role: Role = Role.CLERK) -> MainWindow:
        w = MainWindow(lang, services(name, role), Hooks())
        qtbot.addWidget(w)
        w.resize(1300, 850)
        w.show()
        qtbot.waitExposed(w)
        made.append(w)
        return w

    yield make
    for w in made:
        w.timer.stop()
        w.results.timer.stop()


def when_modal(qtbot: QtBot, act: Callable[[QWidget], None]) -> None:
    """Run `act` on the next modal dialog once it is shown (dialogs block in exec())."""

    def attempt() -> None:
        w = QApplication.activeModalWidget()
        if w is None:
            QTimer.singleShot(20, attempt)
            return
        act(w)

    QTimer.singleShot(0, attempt)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """Windows closed at a test's end do not ask about typed figures: a test that left
    some (a refused save, a failed assertion) would otherwise wait on the question."""
    from kztally.ui.protocol_page import ProtocolPage

    saved = ProtocolPage.may_leave
    ProtocolPage.may_leave = lambda self: True  # type: ignore[method-assign]
    try:
        yield
    finally:
        ProtocolPage.may_leave = saved  # type: ignore[method-assign]
