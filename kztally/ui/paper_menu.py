"""The main window's Paper menu: print, print an area, take in protocols, commission
keys; each offered to the roles that may use it (the services enforce it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
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
    if prints:  # the navigator's rows: print this protocol, or this area's
        tree = window.navigator.tree
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(
            lambda pos: navigator_menu(window, tree.indexAt(pos)).exec(
                tree.viewport().mapToGlobal(pos)
            )
        )
    return actions


def navigator_menu(window: MainWindow, index: QModelIndex) -> QMenu:
    """The navigator row's menu: Print… for a protocol, Print an area's protocols… for
    an area."""
    menu = QMenu(window.navigator)
    menu.setObjectName("navigator-paper-menu")
    t = window.lang.t
    key = window.navigator.model.key(index)
    area = window.navigator.model.area(index)
    if key is not None:
        precinct, contest = key
        menu.addAction(
            t("ui.action.print"),
            lambda: open_print(window, "protocol", precinct=precinct, contest=contest),
        )
    elif area is not None:
        menu.addAction(t("ui.action.print_area"), lambda: open_print(window, "area", area=area))
    return menu


def open_print(
    window: MainWindow,
    kind: str,
    *,
    precinct: str | None = None,
    contest: str | None = None,
    area: str | None = None,
) -> QDialog:
    """The print dialog for the protocol given (else the one shown) or the area given
    (else the one chosen in the navigator)."""
    from kztally.ui.printing import PrintDialog

    shown = window.page.key if window.page.key is not None else ("", "")
    dialog = PrintDialog(
        window.lang,
        window.services,
        window,
        precinct=str(precinct if precinct is not None else shown[0]),
        contest=str(contest if contest is not None else shown[1]),
        area=str(area if area is not None else getattr(window.missing, "area", "") or ""),
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
