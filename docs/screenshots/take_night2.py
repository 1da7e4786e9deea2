"""Screenshots of the clerk's night, second part, in kk, ru and en: the rules' messages
under the form, the navigator's search and count, the results' legend and columns, the
shortcuts (F1), the guide, the history, and Qt's own file dialog.

    python -m kztally --db sqlite:///small.sqlite mock --seed 7 --scale small
    KZTALLY_NEW_PASSWORD=... python -m kztally --db sqlite:///small.sqlite \\
        users passwd mock-supervisor
    KZTALLY_PASSWORD=... QT_QPA_PLATFORM=offscreen \\
        python docs/screenshots/take_night2.py --db sqlite:///small.sqlite

Each picture is the window or dialog itself (QWidget.grab), saved as PNG here.
"""

from __future__ import annotations

import argparse
import os
import sys

from PySide6.QtWidgets import QApplication, QFileDialog
from shots import save, settle

from kztally.domain.protocol import Figures
from kztally.services.context import Services
from kztally.storage.database import open_database
from kztally.ui.app import build_window
from kztally.ui.fonts import install_app_font
from kztally.ui.help import GuideDialog, ShortcutsDialog
from kztally.ui.history import HistoryDialog
from kztally.ui.language import Language


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--user", default="mock-supervisor")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    install_app_font(app)
    db = open_database(args.db)
    services = Services.sign_in(db, args.user, os.environ["KZTALLY_PASSWORD"])
    lang = Language("kk")
    w = build_window(lang, db, services)
    w.setGeometry(0, 0, 1500, 950)
    w.show()
    settle(app, 900)
    election = services.elections.require()
    precinct = election.precincts()[0]
    key = (precinct.code, precinct.contests[0])
    contest = election.contest(key[1])
    for code in ("kk", "ru", "en"):
        lang.set(code, remember=False)
        # the protocol with a broken control ratio and a list far from the register
        w.open_protocol(*key)
        view = services.entry.view(*key)
        figures = view.figures
        if figures is not None:
            lines = list(figures.lines)
            lines[0] = (precinct.electorate or 1000) * 2  # W8
            lines[6] += 15  # K4
            w.page.form.set_figures(Figures(tuple(lines), figures.votes, figures.against_all))
        w.navigator.filter.setText(precinct.number or "1")
        w.navigator.apply_filter()
        save(app, w, f"night2-form-{code}")
        # the results: the lists' columns and the legend of the chamber
        w.tabs.setCurrentWidget(w.results)
        w.results.refresh(force=True)
        settle(app, 1500)
        save(app, w, f"night2-results-{code}")
        w.tabs.setCurrentWidget(w.page)
        for name, dialog in (
            ("shortcuts", ShortcutsDialog(lang, "protocol", w._actions, w)),
            ("guide", GuideDialog(lang, w)),
            (
                "history",
                HistoryDialog(
                    lang,
                    f"№ {precinct.number} · {w.page.ballot_name(contest.id)}",
                    services.entry.history(*key),
                    w,
                ),
            ),
        ):
            dialog.show()
            save(app, dialog, f"night2-{name}-{code}")
            dialog.close()
        files = QFileDialog(w, "kztally")
        files.setOption(QFileDialog.Option.DontUseNativeDialog)
        files.show()
        save(app, files, f"night2-files-{code}")
        files.close()
    w.timer.stop()
    w.results.timer.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
