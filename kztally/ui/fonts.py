"""The app's own font, so Kazakh letters never depend on the machine's fonts."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from kztally.bundle import resource

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
KAZAKH_LETTERS = "ӘҒҚҢӨҰҮҺІәғқңөұүһі"

_families: list[str] = []


def register_fonts() -> str:
    """Register the bundled DejaVu Sans (once) and return its family name."""
    if not _families:
        for name in FONT_FILES:
            font_id = QFontDatabase.addApplicationFont(str(resource("fonts", name)))
            if font_id < 0:
                raise RuntimeError(f"the bundled font {name} cannot be loaded")
            for family in QFontDatabase.applicationFontFamilies(font_id):
                if family not in _families:
                    _families.append(family)
    return _families[0]


def install_app_font(app: QApplication, point_size: int = 10) -> QFont:
    """Make the bundled font the application's font, at a size that reads well all night."""
    family = register_fonts()
    font = QFont(family, point_size)
    app.setFont(font)
    return font
