"""What the screenshot scripts share: letting the window settle, and saving a widget's
picture beside them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

HERE = Path(__file__).resolve().parent


def settle(app: QApplication, ms: int = 300) -> None:
    timer = QTimer()
    timer.setSingleShot(True)
    timer.start(ms)
    while timer.isActive():
        app.processEvents()


def save(app: QApplication, widget: QWidget, name: str) -> None:
    settle(app)
    path = HERE / f"{name}.png"
    widget.grab().save(str(path))
    print("wrote", path.relative_to(HERE.parent.parent))
