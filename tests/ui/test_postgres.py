"""Two workstations on one PostgreSQL database: what one enters, the other's screens show."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.storage.database import Database, open_database
from kztally.ui.language import Language
from kztally.ui.main_window import Hooks, MainWindow
from kztally.ui.protocol_page import Mode
from tests.conftest import PASSWORD

from .conftest import when_modal
from .elections import build_election
from .test_entry_flow import fill_reason

KEY = (AreaCode("P00001"), ContestId("MZ-L"))
GOOD = Figures((1001, 1001, 700, 10, 291, 700, 10, 10), (400, 100, 50, 50, 20, 30, 20), 30)
TYPO = Figures((1001, 1001, 700, 10, 291, 700, 10, 10), (400, 100, 50, 50, 20, 30, 20), 3)


@pytest.fixture
def workstations(postgres_url: str) -> Iterator[tuple[Database, Database]]:
    first = open_database(postgres_url, migrate=True)
    second = open_database(postgres_url)
    try:
        admin = Services.sign_in(first, "admin", PASSWORD)
        admin.elections.load_definition(build_election())
        admin.users.add("clerk1", Role.CLERK, PASSWORD)
        admin.users.add("clerk2", Role.CLERK, PASSWORD)
        admin.users.add("boss", Role.SUPERVISOR, PASSWORD)
        yield first, second
    finally:
        first.close()
        second.close()


@pytest.mark.postgres
def test_double_entry_across_workstations(
    qtbot: QtBot, lang: Language, workstations: tuple[Database, Database]
) -> None:
    here, there = workstations
    boss = MainWindow(lang, Services.sign_in(here, "boss", PASSWORD), Hooks())
    qtbot.addWidget(boss)
    boss.show()
    try:
        for clerk, figures in (("clerk1", GOOD), ("clerk2", TYPO)):
            s = Services.sign_in(there, clerk, PASSWORD)
            version = s.entry.view(*KEY).version
            s.entry.enter(*KEY, figures, expected_version=version)
        boss.refresh_states()  # the poll: the data version moved on the other workstation
        qtbot.waitUntil(lambda: boss.navigator.model.state(KEY) is State.ENTRIES_DIFFER)
        boss.open_protocol(*KEY)
        assert boss.page.mode == Mode.COMPARE
        assert boss.page.compare.model.differing() == ["against_all"]
        when_modal(qtbot, fill_reason("line 16 misread"))
        boss.page.compare.keep_first_button.click()
        assert Services.sign_in(there, "clerk1", PASSWORD).entry.view(*KEY).state is State.ACCEPTED
        with qtbot.waitSignal(boss.results.computed, timeout=10000):
            boss.results.refresh(force=True)
        assert [r.votes for r in boss.results.list_model.rows] == list(GOOD.votes)
    finally:
        boss.timer.stop()
        boss.results.timer.stop()
