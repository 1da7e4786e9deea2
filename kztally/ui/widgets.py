"""Small widgets every screen shares: the training banner."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from kztally.ui.language import Language

BANNER_STYLE = (
    "QLabel#training-banner { background: #b00020; color: white; font-weight: bold;"
    " font-size: 12pt; padding: 6px; }"
)


class TrainingBanner(QLabel):
    """An unmissable red band: this database holds a training or mock election."""

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.setObjectName("training-banner")
        self.setStyleSheet(BANNER_STYLE)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.retranslate()
        lang.changed.connect(self.retranslate)

    def retranslate(self, *_: object) -> None:
        self.setText(self.lang.t("ui.banner.training"))
