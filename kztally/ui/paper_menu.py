"""The main window's Paper menu: print, print an area, take in protocols, commission
keys; each offered to the roles that may use it (the services enforce it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu

if TYPE_CHECKING:
    from kztally.ui.main_window import MainWindow


def add_paper_menu(window: MainWindow, menu: QMenu) -> dict[str, QAction]:
    """The menu's actions by name."""
    caps = window.caps
    prints = caps.enter or caps.decide or caps.administer or caps.train
    actions = {
        "print": window._action(
            "print", lambda: open_print(window, "protocol"), "Ctrl+P", visible=prints
        ),
        "print_area": window._action(
            "print_area", lambda: open_print(window, "area"), "Ctrl+Shift+P", visible=prints
        ),
        "intake": window._action(
            "intake", lambda: open_intake(window), "Ctrl+I", visible=caps.enter
        ),
        "keys": window._action("keys", lambda: open_keys(window), "Ctrl+K"),
    }
    menu.addAction(actions["print"])
    menu.addAction(actions["print_area"])
    menu.addSeparator()
    menu.addAction(actions["intake"])
    menu.addSeparator()
    menu.addAction(actions["keys"])
    return actions


def open_print(window: MainWindow, kind: str) -> QDialog:
    """The print dialog for the protocol shown (or the area chosen in the navigator)."""
    from kztally.ui.printing import PrintDialog

    precinct, contest = window.page.key if window.page.key is not None else ("", "")
    area = str(getattr(window.missing, "area", "") or "")
    dialog = PrintDialog(
        window.lang,
        window.services,
        window,
        precinct=str(precinct),
        contest=str(contest),
        area=area,
        kind=kind,
    )
    dialog.show()
    return dialog


def open_intake(window: MainWindow) -> QDialog:
    from kztally.ui.intake import IntakeDialog

    dialog = IntakeDialog(window.lang, window.services, window)
    dialog.show()
    return dialog


def open_keys(window: MainWindow) -> QDialog:
    from kztally.ui.keys import KeysDialog

    dialog = KeysDialog(window.lang, window.services, window)
    dialog.show()
    return dialog
