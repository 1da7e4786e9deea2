"""The real app, offscreen, signed in as a clerk who types part of a protocol and is then
killed (tests/ui/test_drafts.py). Argv: database URL, account, password, precinct,
contest, then the figures to type into the first fields. Prints READY once the draft of
the typed figures is on the disk; then waits to be killed."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kztally.services.context import Services
from kztally.storage.database import open_database
from kztally.ui import errors
from kztally.ui.app import build_window
from kztally.ui.fonts import install_app_font
from kztally.ui.language import Language


def main() -> None:
    url, name, password, precinct, contest, *typed = sys.argv[1:]
    app = QApplication(sys.argv[:1])
    install_app_font(app)
    lang = Language("ru")
    errors.install(lang)
    db = open_database(url)
    services = Services.sign_in(db, name, password)
    window = build_window(lang, db, services)
    window.show()
    window.open_protocol(precinct, contest)
    page = window.page
    fields = list(page.form.fields.values())
    for field, value in zip(fields, typed, strict=False):
        QTest.keyClicks(field, value)
    path = page.drafts.path(precinct, contest)

    def ready() -> None:
        if path.exists():
            print("READY", flush=True)
        else:
            QTimer.singleShot(20, ready)

    QTimer.singleShot(0, ready)
    app.exec()


if __name__ == "__main__":
    main()
