"""Composition root of the desktop app (placeholder until the desktop issue lands)."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication, QLabel


def run_app(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    label = QLabel("kztally")
    label.show()
    if getattr(args, "smoke_test", False):
        return 0
    return int(app.exec())
