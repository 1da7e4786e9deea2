"""Screenshots of a clerk correcting their own first entry, in kk, ru and en: the
navigator marks the first entry that breaks a control ratio, the form shows the clerk's
own figures under the banner, and another clerk's form stays blank (the blind second
entry).

    KZTALLY_PASSWORD=... python -m kztally --db sqlite:///small.sqlite mock --seed 7 \\
        --scale small
    KZTALLY_PASSWORD=... QT_QPA_PLATFORM=offscreen \\
        python docs/screenshots/take_revise.py --db sqlite:///small.sqlite

The administrator of the mock (`--admin`, the one who ran it) adds two clerks and a
supervisor; the supervisor records a recount of one protocol, and the first clerk types
its first entry with line 6 misread, then corrects it. Each picture is the window itself
(QWidget.grab).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from dataclasses import replace

from PySide6.QtWidgets import QApplication
from shots import save, settle

from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.errors import InvalidRequest
from kztally.storage.database import open_database
from kztally.ui.app import build_window
from kztally.ui.fonts import install_app_font
from kztally.ui.language import Language

PASSWORD = "a night's correction 1"
"""The password of the accounts this script adds."""


def account(admin: Services, name: str, role: Role) -> Services:
    with contextlib.suppress(InvalidRequest):  # made by an earlier run
        admin.users.add(name, role, PASSWORD)
    return Services.sign_in(admin.db, name, PASSWORD)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--admin", default=getpass.getuser())
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    install_app_font(app)
    db = open_database(args.db)
    admin = Services.sign_in(db, args.admin, os.environ["KZTALLY_PASSWORD"])
    aliya = account(admin, "aliya", Role.CLERK)
    bolat = account(admin, "bolat", Role.CLERK)
    dana = account(admin, "dana", Role.SUPERVISOR)
    election = admin.elections.require()
    precinct = election.precincts()[0]
    key = (precinct.code, precinct.contests[0])
    view = dana.entry.view(*key)
    paper = None
    if view.state.value == "accepted":
        assert view.figures is not None
        paper = view.figures
        view = dana.entry.recount(
            *key, reason="ordered by the district commission", reference="No 14",
            expected_version=view.version,
        )  # fmt: skip
        lines = list(paper.lines)
        lines[5] += 9  # line 6 misread: K4 breaks
        aliya.entry.enter(*key, replace(paper, lines=tuple(lines)), expected_version=view.version)
    lang = Language("kk")
    w = build_window(lang, db, aliya)
    w.setGeometry(0, 0, 1500, 950)
    w.show()
    settle(app, 900)
    for code in ("kk", "ru", "en"):
        lang.set(code, remember=False)
        w.refresh_states(force=True)
        w.navigator.filter.setText(precinct.number or "1")
        w.navigator.apply_filter()
        w.open_protocol(*key)
        w.navigator.select_key(key)
        save(app, w, f"revise-first-{code}")
    # the clerk checks the paper, types line 6 as it is written there and saves
    field = w.page.form.fields["6"]
    if paper is not None:
        field.setText(str(paper.lines[5]))
        w.page.save()
        save(app, w, "revise-first-saved-en")
    w.timer.stop()
    w.results.timer.stop()
    w.close()
    # another clerk: the blank form of the blind second entry, no mark on the row
    other = build_window(Language("en"), db, bolat)
    other.setGeometry(0, 0, 1500, 950)
    other.show()
    settle(app, 900)
    other.refresh_states(force=True)
    other.navigator.filter.setText(precinct.number or "1")
    other.navigator.apply_filter()
    other.open_protocol(*key)
    other.navigator.select_key(key)
    save(app, other, "revise-first-other-clerk-en")
    other.timer.stop()
    other.results.timer.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
