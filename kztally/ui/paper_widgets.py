"""Pieces the paper screens share: a key file with its passphrase, pages as pictures,
errors as sentences, and writing a file so that no half of it is ever left."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kztally.paper.signing import KeyFileError, Signer
from kztally.services.errors import ServiceError
from kztally.ui import errors
from kztally.ui.language import Language
from kztally.ui.widgets import message_line, ok_cancel

KEY_FILTER = "kztally key (*.key)"
FIT = -1
"""`PagesView.show_images`: pages fitted to the view's width."""
PART = ".part"


def sentence(lang: Language, exc: BaseException) -> str:
    """What went wrong, in the user's language, with the service's own words after it
    (they name the protocol, the key or the field)."""
    if isinstance(exc, KeyFileError):
        return lang.t("ui.paper.key_file_error", detail=str(exc))
    words = errors.describe(exc, lang, "paper")
    if isinstance(exc, ServiceError) and str(exc) and str(exc) not in words:
        return f"{words} {exc}"
    return words


class Retranslator(QObject):
    """Texts set by their ids, set again in the new language when the user changes it
    (a child of the screen: it goes with it)."""

    def __init__(self, lang: Language, parent: QObject) -> None:
        super().__init__(parent)
        self.lang = lang
        self.items: list[tuple[Callable[[str], object], str, dict[str, object]]] = []
        lang.changed.connect(self.apply)

    def __call__(self, setter: Callable[[str], object], key: str, **fields: object) -> str:
        self.items.append((setter, key, fields))
        text = self.lang.t(key, **fields)
        setter(text)
        return text

    def apply(self, *_: object) -> None:
        for setter, key, fields in self.items:
            with contextlib.suppress(RuntimeError):  # a widget already gone
                setter(self.lang.t(key, **fields))


def picture_image(picture: Any) -> QImage:
    """A grayscale or colour PIL image as a QImage (a copy: the PIL image may go)."""
    rgb = picture.convert("RGB")
    data = rgb.tobytes("raw", "RGB")
    image = QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888)
    return image.copy()


def pdf_images(pdf: bytes, dpi: float, limit: int | None = None) -> list[QImage]:
    """The PDF's pages (the first `limit`) rendered with pypdfium2 at `dpi`."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        out = []
        count = len(document) if limit is None else min(limit, len(document))
        for index in range(count):
            page = document[index]
            picture = page.render(scale=dpi / 72).to_pil()
            out.append(picture_image(picture))
            page.close()
        return out
    finally:
        document.close()


def pdf_page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


class PagesView(QScrollArea):
    """Pages one under another, scrolled; each page a picture with its accessible name."""

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.setWidgetResizable(True)
        self.inner = QWidget(self)
        self.column = QVBoxLayout(self.inner)
        self.column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self.inner)
        self.pages: list[QLabel] = []

    def show_images(self, images: Iterable[QImage], width: int = 0) -> None:
        """Show `images` as pages: at their own size, at `width` pixels, or (`FIT`)
        fitted to the view's width."""
        for label in self.pages:
            self.column.removeWidget(label)
            label.deleteLater()
        self.pages = []
        if width == FIT:
            width = max(160, self.viewport().width() - 40)
        for n, image in enumerate(images, start=1):
            label = QLabel(self.inner)
            label.setObjectName(f"page-{n}")
            pixmap = QPixmap.fromImage(image)
            if width:
                pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            label.setPixmap(pixmap)
            label.setAccessibleName(self.lang.t("ui.paper.page_n", n=n))
            label.setFrameShape(QLabel.Shape.Box)
            frame = 2 * label.frameWidth()
            label.setFixedSize(pixmap.width() + frame, pixmap.height() + frame)  # never cut
            self.column.addWidget(label)
            self.pages.append(label)
        self.verticalScrollBar().setValue(0)  # a new document shows its top


def write_whole(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a `.part` file renamed at the end: a failure
    leaves no half file."""
    tmp = path.with_name(path.name + PART)
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_new(path: Path, data: bytes) -> None:
    """A file that must not exist yet (a private key: never overwritten), owner-only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


class KeyFileDialog(QDialog):
    """A private key file and its passphrase (`twice`: a new key's, typed twice)."""

    def __init__(
        self,
        lang: Language,
        title: str,
        *,
        path: str = "",
        new: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("key-file-dialog")
        self.lang = lang
        self.new = new
        t = lang.t
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        row = QHBoxLayout()
        self.path = QLineEdit(path, self)
        self.path.setObjectName("key-path")
        self.path.setAccessibleName(t("ui.paper.key_file"))
        self.browse = QPushButton(t("ui.paper.browse"), self)
        self.browse.setObjectName("key-browse")
        self.browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        form.addRow(t("ui.paper.key_file"), row)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("key-passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(t("ui.paper.passphrase"))
        form.addRow(t("ui.paper.passphrase"), self.passphrase)
        self.again = QLineEdit(self)
        self.again.setObjectName("key-passphrase-again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName(t("ui.paper.passphrase_again"))
        if new:
            form.addRow(t("ui.paper.passphrase_again"), self.again)
        layout.addLayout(form)
        self.message = message_line(self, "key-message")
        self.message.setStyleSheet("color: #b00020")
        layout.addWidget(self.message)
        buttons = ok_cancel(self, lang, self._accept)
        layout.addWidget(buttons)
        self.signer: Signer | None = None

    def _browse(self) -> None:
        if self.new:
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.lang.t("ui.paper.key_file"), self.path.text(), KEY_FILTER
            )
        else:
            chosen, _ = QFileDialog.getOpenFileName(
                self, self.lang.t("ui.paper.key_file"), self.path.text(), KEY_FILTER
            )
        if chosen:
            self.path.setText(chosen)

    def _accept(self) -> None:
        problem = self.problem()
        if problem:
            self.message.setText(problem)
            return
        self.accept()

    def problem(self) -> str:
        """What is wrong with what was typed, as a sentence ("" when nothing is); an
        existing key file is read here (`signer`)."""
        t = self.lang.t
        path = self.path.text().strip()
        if not path:
            return t("ui.paper.key_file_missing")
        if self.new:
            if Path(path).exists():
                return t("ui.paper.key_file_exists", path=path)
            if self.passphrase.text() != self.again.text():
                return t("ui.paper.passphrases_differ")
            return ""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            return errors.describe(exc, self.lang, "paper")
        try:
            self.signer = Signer.from_file(data, self.passphrase.text(), Path(path).name)
        except KeyFileError as exc:
            return sentence(self.lang, exc)
        return ""
