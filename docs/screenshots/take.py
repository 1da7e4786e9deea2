"""Take the README's screenshots of the desktop app on the national mock election.

    Xvfb :99 -screen 0 1600x1000x24 &
    DISPLAY=:99 python docs/screenshots/take.py --db sqlite:///national.sqlite

The database holds the national mock election (python -m kztally mock ... or the trainer's
menu) with accounts: a clerk, a supervisor and an observer (--clerk, --supervisor,
--observer). Each picture is the whole X screen (dialogs included), saved as PNG here.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from kztally.domain.entry import State
from kztally.domain.protocol import Severity
from kztally.services.context import Services
from kztally.storage.database import open_database
from kztally.ui.app import build_window
from kztally.ui.fonts import install_app_font
from kztally.ui.history import HistoryDialog
from kztally.ui.language import Language
from kztally.ui.main_window import MainWindow
from kztally.ui.signin import SignInDialog
from kztally.ui.wizard import FirstStartWizard

HERE = Path(__file__).resolve().parent


def settle(app: QApplication, ms: int = 400) -> None:
    loop_until = QTimer()
    loop_until.setSingleShot(True)
    loop_until.start(ms)
    while loop_until.isActive():
        app.processEvents()


def shoot(app: QApplication, name: str) -> None:
    settle(app)
    screen = app.primaryScreen()
    path = HERE / f"{name}.png"
    screen.grabWindow(0).save(str(path))
    print("wrote", path.relative_to(HERE.parent.parent))


def with_modal(app: QApplication, open_it: Callable[[], object], name: str) -> None:
    """Open a modal dialog, photograph the screen with it, then close it."""

    def take() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, take)
            return
        shoot(app, name)
        dialog.close()

    QTimer.singleShot(300, take)
    open_it()


def window_for(app: QApplication, db_url: str, user: str, lang: Language) -> MainWindow:
    db = open_database(db_url)
    services = Services.sign_in(db, user)
    w = build_window(lang, db, services)
    w.setGeometry(0, 0, 1600, 1000)
    w.show()
    settle(app, 900)  # the states arrive from the background
    return w


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--clerk", default="aigerim")
    parser.add_argument("--supervisor", default="saule")
    parser.add_argument("--observer", default="observer")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        print("run under Xvfb: DISPLAY is not set", file=sys.stderr)
        return 2
    os.environ.setdefault("KZTALLY_HOME", tempfile.mkdtemp(prefix="kztally-shots-"))
    app = QApplication(sys.argv[:1])
    install_app_font(app)
    lang = Language("kk")

    # 1. A clerk types a protocol, Kazakh: a K4 break shows beside its lines.
    clerk = window_for(app, args.db, args.clerk, lang)
    clerk.navigator.filter.setText("214")
    clerk.navigator.apply_filter()
    key = clerk.navigator.next_key(None, (State.NOT_ENTERED,))
    assert key is not None, "no protocol left to enter"
    clerk.open_protocol(*key)
    form = clerk.page.form
    contest = clerk.election.contest(key[1])
    votes = [310, 120, 95, 80, 20, 60, 40][: len(contest.choices)]
    values = [1402, 1420, 790, 22, 608, 785, 22, 12, *votes, 25]
    for name, v in zip(form.fields, values, strict=False):
        form.fields[name].setText(str(v))
    form.fields["8"].setFocus()
    shoot(app, "entry-k4-kk")
    clerk.close()

    # 2. The supervisor compares two entries that differ, Russian.
    lang.set("ru", remember=False)
    boss = window_for(app, args.db, args.supervisor, lang)
    states = boss.services.entry.states()
    differ = next(k for k, s in states.items() if s is State.ENTRIES_DIFFER)
    boss.open_protocol(*differ)
    shoot(app, "compare-ru")

    # 3. ... and accepts a breach of a control ratio on an act, English.
    lang.set("en", remember=False)
    pending = [k for k, s in states.items() if s is State.PENDING]
    breach = next(
        k
        for k in pending
        if any(f.severity is Severity.ERROR for f in boss.services.entry.view(*k).findings)
    )
    boss.open_protocol(*breach)
    with_modal(app, boss.page.accept_pending, "accept-breach-en")

    # 4. History of a protocol.
    boss.open_protocol(*differ)
    with_modal(
        app,
        lambda: HistoryDialog(lang, str(differ), boss.services.entry.history(*differ), boss).exec(),
        "history-en",
    )

    # 5. National results, Kazakh: shares against 5%, seats, the chamber.
    lang.set("kk", remember=False)
    boss.tabs.setCurrentWidget(boss.results)
    settle(app, 4000)
    shoot(app, "results-kk")

    # 6. Drill down into a region and its maslikhat, Russian.
    lang.set("ru", remember=False)
    boss.results.show_area(boss.election.children(boss.election.root.code)[8].code)
    settle(app, 3000)
    shoot(app, "results-region-ru")

    # 7. What is still missing or pending, English.
    lang.set("en", remember=False)
    boss.tabs.setCurrentWidget(boss.missing)
    boss.missing.which.setCurrentIndex(boss.missing.which.findData("decision"))
    shoot(app, "missing-en")
    boss.close()

    # 8. An observer reads an accepted protocol, Kazakh.
    lang.set("kk", remember=False)
    watcher = window_for(app, args.db, args.observer, lang)
    accepted = next(k for k, s in watcher.services.entry.states().items() if s is State.ACCEPTED)
    watcher.open_protocol(*accepted)
    shoot(app, "observer-kk")
    watcher.close()

    # 9. Sign-in and the first-start wizard, Kazakh.
    blank = QWidget()
    blank.setGeometry(0, 0, 1600, 1000)
    blank.show()
    sign_in = SignInDialog(lang, lambda _n, _p: None, "sqlite:///…/kztally.sqlite")
    sign_in.name.setText("әйгерім")
    sign_in.show()
    shoot(app, "sign-in-kk")
    sign_in.close()
    wizard = FirstStartWizard(lang)
    wizard.show()
    wizard.next()
    wizard.next()
    shoot(app, "first-start-kk")
    wizard.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
