"""Scans and photos of the paper protocol and its acts, shown beside the form.

Images are drawn in the pane, fitted to its width (zoom with + and −); a PDF is listed by
name and opened in the system's viewer from a temporary copy."""

from __future__ import annotations

import mimetypes
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.ids import AreaCode, ContestId
from kztally.services.attachments import AttachmentService, AttachmentView
from kztally.services.errors import REFUSED
from kztally.ui.language import Language

IMAGE_TYPES = ("image/png", "image/jpeg", "image/tiff", "image/bmp", "image/webp")
ACCEPTED_SUFFIXES = "*.png *.jpg *.jpeg *.tif *.tiff *.pdf"
"""What the services take (PNG, JPEG, TIFF, PDF); the pane also draws BMP and WebP."""


class AttachmentsPane(QWidget):
    """The list of a protocol's attachments and the chosen one, fitted to the pane."""

    attached = Signal(str)

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.store: AttachmentService | None = None
        self.key: tuple[AreaCode, ContestId] | None = None
        self._items: list[AttachmentView] = []
        self._pixmap: QPixmap | None = None
        self._zoom = 1.0
        self._current: AttachmentView | None = None
        self.may_attach = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.list = QListWidget(self)
        self.list.setObjectName("attachments")
        self.list.setMaximumHeight(90)
        self.list.currentRowChanged.connect(self._show)
        layout.addWidget(self.list)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(False)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view = QLabel(self)
        self.view.setObjectName("attachment-view")
        self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view.setWordWrap(True)
        self.scroll_area.setWidget(self.view)
        layout.addWidget(self.scroll_area, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("attach")
        self.add_button.clicked.connect(self.choose_file)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("attachment-open")
        self.open_button.clicked.connect(self.open_current)
        self.open_button.setVisible(False)
        self.zoom_in = QPushButton("+", self)
        self.zoom_out = QPushButton("−", self)
        self.zoom_fit = QPushButton(self)
        for b in (self.zoom_in, self.zoom_out):
            b.setMaximumWidth(36)
        self.zoom_in.clicked.connect(lambda: self._set_zoom(self._zoom * 1.25))
        self.zoom_out.clicked.connect(lambda: self._set_zoom(self._zoom / 1.25))
        self.zoom_fit.clicked.connect(lambda: self._set_zoom(1.0))
        row.addWidget(self.add_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(self.zoom_out)
        row.addWidget(self.zoom_in)
        row.addWidget(self.zoom_fit)
        layout.addLayout(row)
        self.retranslate()
        lang.changed.connect(self.retranslate)

    def set_protocol(
        self, store: AttachmentService | None, key: tuple[AreaCode, ContestId] | None
    ) -> None:
        self.store, self.key = store, key
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        self._pixmap = None
        self._current = None
        self.open_button.setVisible(False)
        self._items = []
        if self.store is not None and self.key is not None:
            self._items = list(self.store.list(*self.key))
        for a in self._items:
            QListWidgetItem(f"{a.name} · {a.added_by}", self.list)
        self.add_button.setVisible(self.may_attach)
        self.add_button.setEnabled(self.store is not None and self.key is not None)
        if self._items:
            self.list.setCurrentRow(len(self._items) - 1)
        else:
            self.view.setText(self.lang.t("ui.attach.none"))
            self.view.adjustSize()

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.lang.t("ui.attach.choose"),
            "",
            f"{self.lang.t('ui.attach.filter')} ({ACCEPTED_SUFFIXES})",
        )
        if path:
            self.attach_file(Path(path))

    def attach_file(self, path: Path) -> None:
        if self.store is None or self.key is None:
            return
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        try:
            added = self.store.attach(*self.key, path.name, media_type, path.read_bytes())
        except (*REFUSED, OSError) as exc:
            QMessageBox.warning(self, self.lang.t("ui.attach.refused"), str(exc))
            return
        self.reload()
        self.attached.emit(str(added.id))

    def _show(self, row: int) -> None:
        if self.store is None or not 0 <= row < len(self._items):
            return
        a = self._items[row]
        self._current = a
        if a.media_type in IMAGE_TYPES:
            image = QImage.fromData(self.store.data(a.id))
            if not image.isNull():
                self.open_button.setVisible(False)
                self._pixmap = QPixmap.fromImage(image)
                self._set_zoom(1.0)
                return
        self._pixmap = None
        self.open_button.setVisible(True)
        self.view.setPixmap(QPixmap())
        self.view.setText(f"{a.name}\n\n{self.lang.t('ui.attach.open_hint')}")
        self.view.resize(max(200, self.scroll_area.viewport().width() - 4), 120)

    def open_current(self) -> None:
        """Write the chosen file to a temporary copy and open it in the system's viewer."""
        a = self._current
        if self.store is None or a is None:
            return
        data = self.store.data(a.id)
        suffix = Path(a.name).suffix or mimetypes.guess_extension(a.media_type) or ""
        with tempfile.NamedTemporaryFile(suffix=suffix, prefix="kztally-", delete=False) as f:
            f.write(data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(f.name))

    def _set_zoom(self, zoom: float) -> None:
        self._zoom = max(0.1, min(zoom, 8.0))
        if self._pixmap is None:
            return
        width = max(100, int((self.scroll_area.viewport().width() - 4) * self._zoom))
        scaled = self._pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.view.setPixmap(scaled)
        self.view.resize(scaled.size())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._pixmap is not None:
            self._set_zoom(self._zoom)

    def retranslate(self, *_: object) -> None:
        t = self.lang.t
        self.title.setText(t("ui.attach.title"))
        self.add_button.setText(t("ui.attach.add"))
        self.zoom_fit.setText(t("ui.attach.fit"))
        self.open_button.setText(t("ui.attach.open"))
        if not self._items:
            self.view.setText(t("ui.attach.none"))
            self.view.adjustSize()
