"""The main window's Paper menu: print, print an area, print a summary or the results
protocol, take in protocols, commission keys; each offered to the roles that may use it
(the services enforce it). A summary and the results protocol are signed by no key:
every role prints them, as `kztally print summary|results` allows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu

from kztally.domain.election import AreaKind

if TYPE_CHECKING:
    from kztally.ui.main_window import MainWindow


def add_paper_menu(window: MainWindow, menu: QMenu) -> dict[str, QAction]:
    """The menu's actions by name."""
    caps = window.caps
    prints = prints_protocols(window)
    actions = {
        "print": window._action(
            "print", lambda: open_print(window, "protocol"), "Ctrl+P", visible=prints
        ),
        "print_area": window._action(
            "print_area", lambda: open_print(window, "area"), "Ctrl+Shift+P", visible=prints
        ),
        "print_summary": window._action(
            "print_summary", lambda: open_print(window, "summary", area=_area_shown(window))
        ),
        "print_results": window._action(
            "print_results",
            lambda: open_print(window, "results", body=str(window.results.body_id)),
        ),
        "intake": window._action(
            "intake", lambda: open_intake(window), "Ctrl+I", visible=caps.enter
        ),
        "keys": window._action("keys", lambda: open_keys(window), "Ctrl+K"),
    }
    menu.addAction(actions["print"])
    menu.addAction(actions["print_area"])
    menu.addAction(actions["print_summary"])
    menu.addAction(actions["print_results"])
    menu.addSeparator()
    menu.addAction(actions["intake"])
    menu.addSeparator()
    menu.addAction(actions["keys"])
    # the navigator's rows: print this protocol, this area's, or its summary
    tree = window.navigator.tree
    tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def context(pos: QPoint) -> None:
        menu = navigator_menu(window, tree.indexAt(pos))
        if menu.actions():
            menu.exec(tree.viewport().mapToGlobal(pos))

    tree.customContextMenuRequested.connect(context)
    # the results screen: print the results protocol of the body shown
    window.results.print_requested.connect(actions["print_results"].trigger)
    return actions


def prints_protocols(window: MainWindow) -> bool:
    caps = window.caps
    return bool(caps.enter or caps.decide or caps.administer or caps.train)


def navigator_menu(window: MainWindow, index: QModelIndex) -> QMenu:
    """The navigator row's menu: Print… for a protocol; for an area, Print an area's
    protocols… and (above a precinct) Print the summary…; each as the role allows."""
    menu = QMenu(window.navigator)
    menu.setObjectName("navigator-paper-menu")
    t = window.lang.t
    key = window.navigator.model.key(index)
    area = window.navigator.model.area(index)
    prints = prints_protocols(window)
    if key is not None:
        precinct, contest = key
        if prints:
            menu.addAction(
                t("ui.action.print"),
                lambda: open_print(window, "protocol", precinct=precinct, contest=contest),
            )
    elif area is not None:
        if prints:
            menu.addAction(t("ui.action.print_area"), lambda: open_print(window, "area", area=area))
        election = window.services.elections.require()
        if election.area(area).kind is not AreaKind.PRECINCT:
            menu.addAction(
                t("ui.action.print_summary"), lambda: open_print(window, "summary", area=area)
            )
    return menu


def _area_shown(window: MainWindow) -> str:
    """The area chosen in the navigator (the missing list follows it), else the whole."""
    return str(getattr(window.missing, "area", "") or window.results.area)


def open_print(
    window: MainWindow,
    kind: str,
    *,
    precinct: str | None = None,
    contest: str | None = None,
    area: str | None = None,
    body: str = "",
) -> QDialog:
    """The print dialog for the protocol given (else the one shown), the area given
    (else the one chosen in the navigator) or the body given; the documents signed with
    a commission's key are offered to the roles that print protocols only."""
    from kztally.ui.printing import PrintDialog

    shown = window.page.key if window.page.key is not None else ("", "")
    dialog = PrintDialog(
        window.lang,
        window.services,
        window,
        precinct=str(precinct if precinct is not None else shown[0]),
        contest=str(contest if contest is not None else shown[1]),
        area=str(area if area is not None else getattr(window.missing, "area", "") or ""),
        body=body,
        kind=kind,
        signed=prints_protocols(window),
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
