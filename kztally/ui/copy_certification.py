"""The certification of an observer's copy, typed in the app: the copy's number, who
certified it, the seal, when and where it was received, and its scan or photo.

Recorded as a newer copy with the same figures and acts (copies are append-only; an
observer's newest copy is theirs), through `ObserverService.enter_copy`.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from pathlib import Path

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from kztally.domain.crosscheck import Certification
from kztally.services.observers import NUMBER_LENGTH, PLACE_LENGTH, ObserverCopyView, Scan
from kztally.ui.language import Language
from kztally.ui.widgets import ok_cancel

MEDIA = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".pdf": "application/pdf",
}
MEDIA |= {".tif": "image/tiff", ".tiff": "image/tiff"}


def certification_text(lang: Language, copy: ObserverCopyView) -> str:
    """One line on the copy's certification ('' when nothing is recorded)."""
    c = copy.certification
    if c is None and copy.scan is None:
        return ""
    c = c or Certification()
    t = lang.t
    missing = t("ui.certify.not_recorded")
    sealed = missing if c.sealed is None else t("ui.certify.yes" if c.sealed else "ui.certify.no")
    received = "" if c.received_at is None else c.received_at.strftime("%Y-%m-%d %H:%M")
    return t(
        "ui.certify.summary",
        number=c.number or missing,
        by=c.certified_by or missing,
        sealed=sealed,
        received=" ".join(x for x in (received, c.received_where) if x) or missing,
        scan=t("ui.certify.scan_yes" if copy.scan is not None else "ui.certify.scan_no"),
    )


class CertificationDialog(QDialog):
    """Ask for a copy's certification and scan; `certification()` and `scan()` after OK."""

    def __init__(
        self, lang: Language, current: Certification | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("certify-dialog")
        self.lang = lang
        t = lang.t
        self.setWindowTitle(t("ui.certify.title"))
        c = current or Certification()
        form = QFormLayout(self)
        self.number = QLineEdit(c.number, self)
        self.number.setObjectName("certify-number")
        self.number.setMaxLength(NUMBER_LENGTH)
        self.certified_by = QLineEdit(c.certified_by, self)
        self.certified_by.setObjectName("certify-by")
        self.certified_by.setMaxLength(PLACE_LENGTH)
        self.sealed = QComboBox(self)
        self.sealed.setObjectName("certify-sealed")
        for key, value in (("not_recorded", None), ("yes", True), ("no", False)):
            self.sealed.addItem(t(f"ui.certify.{key}"), value)
        self.sealed.setCurrentIndex(max(0, self.sealed.findData(c.sealed)))
        when = QHBoxLayout()
        self.received_known = QCheckBox(t("ui.certify.known"), self)
        self.received_known.setObjectName("certify-received-known")
        self.received_at = QDateTimeEdit(self)
        self.received_at.setObjectName("certify-received-at")
        self.received_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.received_at.setCalendarPopup(True)
        at = c.received_at or dt.datetime.now().astimezone()
        self.received_at.setDateTime(QDateTime.fromSecsSinceEpoch(int(at.timestamp())))
        self.received_known.setChecked(c.received_at is not None)
        self.received_at.setEnabled(c.received_at is not None)
        self.received_known.toggled.connect(self.received_at.setEnabled)
        when.addWidget(self.received_known)
        when.addWidget(self.received_at, 1)
        self.received_where = QLineEdit(c.received_where, self)
        self.received_where.setObjectName("certify-where")
        self.received_where.setMaxLength(PLACE_LENGTH)
        scan_row = QHBoxLayout()
        self.scan_label = QLabel(t("ui.certify.scan_none"), self)
        self.scan_label.setObjectName("certify-scan-label")
        self.scan_button = QPushButton(t("ui.certify.choose_scan"), self)
        self.scan_button.setObjectName("certify-scan")
        self.scan_button.clicked.connect(self._choose_scan)
        scan_row.addWidget(self.scan_label, 1)
        scan_row.addWidget(self.scan_button)
        form.addRow(t("ui.certify.number"), self.number)
        form.addRow(t("ui.certify.by"), self.certified_by)
        form.addRow(t("ui.certify.sealed"), self.sealed)
        form.addRow(t("ui.certify.received_at"), when)
        form.addRow(t("ui.certify.received_where"), self.received_where)
        form.addRow(t("ui.certify.scan"), scan_row)
        buttons = ok_cancel(self, lang, self.accept, "ui.certify.save", "ui.certify.cancel")
        form.addRow(buttons)
        self._scan: Scan | None = None
        self.resize(560, self.sizeHint().height())

    def set_scan_file(self, path: Path) -> str | None:
        """Take a file as the copy's scan; a sentence saying why not, or None."""
        media = MEDIA.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or ""
        try:
            data = path.read_bytes()
        except OSError as exc:
            return self.lang.t("ui.certify.unreadable", path=path.name, error=exc.strerror)
        self._scan = Scan(path.name, media, data)
        self.scan_label.setText(path.name)
        return None

    def _choose_scan(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.lang.t("ui.certify.choose_scan"),
            "",
            f"{self.lang.t('ui.certify.scan')} (*.png *.jpg *.jpeg *.tif *.tiff *.pdf)",
        )
        if path:
            problem = self.set_scan_file(Path(path))
            if problem is not None:
                self.scan_label.setText(problem)

    def certification(self) -> Certification:
        received = None
        if self.received_known.isChecked():
            secs = self.received_at.dateTime().toSecsSinceEpoch()
            received = dt.datetime.fromtimestamp(secs, dt.UTC).astimezone()
        return Certification(
            self.number.text().strip(),
            self.certified_by.text().strip(),
            self.sealed.currentData(),
            received,
            self.received_where.text().strip(),
        )

    def scan(self) -> Scan | None:
        return self._scan
