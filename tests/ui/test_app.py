"""The app's edges: the smoke test a built bundle must pass, background jobs, first start."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.storage.database import open_database
from kztally.ui.app import create
from kztally.ui.jobs import JobBar, Report
from kztally.ui.language import Language
from kztally.ui.wizard import ElectionSource, FirstStartWizard


def test_smoke_test_passes(tmp_path: Path) -> None:
    env = {**os.environ, "KZTALLY_HOME": str(tmp_path)}
    env.pop("QT_QPA_PLATFORM", None)  # the smoke test must choose offscreen by itself
    env.pop("DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-m", "kztally", "--smoke-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "smoke test: ok" in done.stdout
    assert not list(tmp_path.iterdir())  # it touched no settings of the user's


def test_a_job_runs_in_the_background_and_can_be_cancelled(qtbot: QtBot, lang: Language) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    bar = JobBar(lang, parent)
    release = threading.Event()
    seen: list[object] = []

    def work(report: Report) -> int:
        for i in range(1000):
            report(i, 1000)
            release.wait(0.005)
        return 1000

    bar.start("counting", work, seen.append, seen.append, lambda: seen.append("cancelled"))
    assert bar.busy()
    qtbot.waitUntil(lambda: bar.bar.value() > 3)  # the GUI thread is free meanwhile
    bar.cancel()
    qtbot.waitUntil(lambda: not bar.busy())
    assert seen == ["cancelled"]
    bar.start("quick", lambda report: 42, seen.append, seen.append)
    qtbot.waitUntil(lambda: not bar.busy())
    assert seen == ["cancelled", 42]


def test_first_start_makes_the_database_the_administrator_and_loads_a_mock(
    qtbot: QtBot, lang: Language, tmp_path: Path
) -> None:
    wizard = FirstStartWizard(lang)
    qtbot.addWidget(wizard)
    wizard.database.path.setText(str(tmp_path / "first.sqlite"))
    wizard.admin.name.setText("chief")
    # no password, a short one, the name, two that differ: the page is not complete
    assert not wizard.admin.isComplete()
    for password, repeat, said in (
        ("s3cret", "s3cret", "8"),
        ("CHIEF", "CHIEF", "name"),
        ("s3cret pass", "s3cret pas", "differ"),
    ):
        wizard.admin.password.setText(password)
        wizard.admin.repeat.setText(repeat)
        assert not wizard.admin.isComplete()
        assert said in wizard.admin.mismatch.text()  # the reason is shown
    wizard.admin.repeat.setText("s3cret pass")
    assert wizard.admin.isComplete()
    wizard.election.mock.setChecked(True)
    setup = wizard.setup()
    assert setup.source is ElectionSource.MOCK
    steps: list[tuple[int, int]] = []
    create(setup, lambda d, t: steps.append((d, t)))
    assert steps[-1] == (4, 4)
    db = open_database(setup.db_url)
    try:
        chief = Services.sign_in(db, "chief", "s3cret pass")
        assert chief.actor.role is Role.ADMINISTRATOR
        election = chief.elections.require()
        assert election.training
        assert len(election.precincts()) >= 40
    finally:
        db.close()


def test_export_and_import_run_in_the_background(
    qtbot: QtBot, lang: Language, services: Callable[..., Services], tmp_path: Path
) -> None:
    from kztally.ui.app import build_window

    from .conftest import when_modal
    from .test_entry_flow import CLEAN, P2, enter

    enter(services("clerk1"), P2, CLEAN)
    admin = services("admin")
    w = build_window(lang, admin.db, admin)
    qtbot.addWidget(w)
    assert w.import_action.isVisible() and w.export_action.isVisible()
    assert w.hooks.export_to is not None and w.hooks.import_files is not None
    export = w.hooks.export_to
    seen: list[str] = []
    when_modal(
        qtbot,
        lambda box: (seen.append(box.findChild(QLabel, "qt_msgbox_label").text()), box.close()),
    )
    w._run_transfer("ui.main.export_running", lambda report: export(tmp_path / "out", report))
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    assert "1 protocols written" in seen[0]
    assert (tmp_path / "out" / "election.json").is_file()
    w.timer.stop()
    w.results.timer.stop()
