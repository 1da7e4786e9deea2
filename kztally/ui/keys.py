"""Commission keys: the key list with fingerprints in groups of four hex digits (to be
read over the phone), each key's state, and for administrators (and trainers in a
training election) new, certify, revoke, export and import through `services.keys`.
A private key goes only to its passphrase-protected file."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.keys import CommissionKey, grouped
from kztally.services.keys import MANAGING_ROLES
from kztally.ui.dialogs import ReasonDialog
from kztally.ui.language import Language
from kztally.ui.paper_widgets import (
    KeyFileDialog,
    Retranslator,
    sentence,
    write_new,
    write_whole,
)
from kztally.ui.widgets import message_line, ok_cancel, row_table

if TYPE_CHECKING:
    from kztally.services.context import Services

KEYS_FILTER = "kztally.keys (*.json)"
_COLUMNS = ("commission", "fingerprint", "state", "certified_by", "added")


def state_key(k: CommissionKey) -> str:
    if k.revocation is not None:
        return "revoked"
    return "certified" if k.certification is not None else "uncertified"


class KeysDialog(QDialog):
    def __init__(self, lang: Language, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keys-dialog")
        self.lang = lang
        self.services = services
        self.election = services.elections.require()
        self.keys: tuple[CommissionKey, ...] = ()
        self.manages = services.actor.role in MANAGING_ROLES
        tr = self.tr_ = Retranslator(lang, self)
        tr(self.setWindowTitle, "ui.keyring.title")
        layout = QVBoxLayout(self)
        intro = QLabel(self)
        tr(intro.setText, "ui.keyring.intro")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(_COLUMNS), self)
        self.table.setObjectName("keys-table")
        tr(self.table.setAccessibleName, "ui.keyring.title")
        row_table(self.table, single=True).setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.fingerprint = QLabel(self)
        self.fingerprint.setObjectName("keys-fingerprint")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSize(max(mono.pointSize(), 12))
        mono.setWeight(QFont.Weight.Bold)
        self.fingerprint.setFont(mono)
        tr(self.fingerprint.setAccessibleName, "ui.keyring.col.fingerprint")
        layout.addWidget(self.fingerprint)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name in ("new", "certify", "revoke", "export", "import"):
            b = QPushButton(self)
            tr(b.setText, f"ui.keyring.{name}")
            b.setObjectName(f"keys-{name}")
            tr(b.setToolTip, f"ui.keyring.{name}_tip")
            tr(b.setAccessibleDescription, f"ui.keyring.{name}_tip")
            b.setVisible(self.manages or name == "export")
            row.addWidget(b)
            self.buttons[name] = b
        row.addStretch(1)
        layout.addLayout(row)
        self.buttons["new"].clicked.connect(self.new)
        self.buttons["certify"].clicked.connect(self.certify)
        self.buttons["revoke"].clicked.connect(self.revoke)
        self.buttons["export"].clicked.connect(self.export)
        self.buttons["import"].clicked.connect(self.import_)
        self.message = message_line(self, "keys-message")
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        tr(close.button(QDialogButtonBox.StandardButton.Close).setText, "ui.dialog.close")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new)
        lang.changed.connect(self.retranslate)
        QShortcut(QKeySequence("F1"), self, self.show_keys)
        self.reload()
        self.resize(1100, 640)

    # -- the list --------------------------------------------------------------------------
    def retranslate(self, *_: object) -> None:
        k = self.selected()
        self.reload("" if k is None else k.fingerprint)

    def reload(self, select: str = "") -> None:
        """The key list as stored now (the column titles and states in the language now
        chosen), `select`'s row selected."""
        self.table.setHorizontalHeaderLabels([self.lang.t(f"ui.keyring.col.{c}") for c in _COLUMNS])
        try:
            self.keys = self.services.keys.list()
        except Exception as exc:
            self.message.setText(sentence(self.lang, exc))
            return
        t = self.lang.t
        names = {k.fingerprint: k.commission for k in self.keys}
        self.table.setRowCount(len(self.keys))
        for r, k in enumerate(self.keys):
            state = t(f"ui.keyring.state.{state_key(k)}")
            if k.training:
                state += " · " + t("ui.keyring.training")
            cert = k.certification
            by = ""
            if cert is not None:
                by = t("ui.keyring.self") if cert.by == k.fingerprint else names.get(cert.by, "?")
            cells = (
                k.commission,
                grouped(k.fingerprint),
                state,
                by,
                f"{k.added_at:%Y-%m-%d %H:%M}",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 1:
                    item.setFont(self.fingerprint.font())
                    item.setToolTip(grouped(k.fingerprint, 16))
                if k.revocation is not None:
                    item.setToolTip(
                        t(
                            "ui.keyring.revoked_tip",
                            since=f"{k.revocation.since:%Y-%m-%d %H:%M}",
                            reason=k.revocation.reason,
                        )
                    )
                self.table.setItem(r, c, item)
            if select and k.fingerprint == select:
                self.table.selectRow(r)
        self._update_buttons()

    def selected(self) -> CommissionKey | None:
        row = self.table.currentRow()
        return self.keys[row] if 0 <= row < len(self.keys) else None

    def _update_buttons(self) -> None:
        k = self.selected()
        self.buttons["certify"].setEnabled(
            k is not None and k.certification is None and k.revocation is None
        )
        self.buttons["revoke"].setEnabled(k is not None and k.revocation is None)
        self.fingerprint.setText(
            "" if k is None else f"{k.commission}: {grouped(k.fingerprint, 16)}"
        )

    def _said(self, exc: BaseException) -> None:
        self.message.setText(sentence(self.lang, exc))

    def _done(self, key: str, action: Callable[[], CommissionKey], **values: str) -> bool:
        """`action` on a key: its sentence `key` said and the key selected, or the
        reason it failed said."""
        try:
            done = action()
        except Exception as exc:
            self._said(exc)
            return False
        self.message.setText(
            self.lang.t(
                key, commission=done.commission, fingerprint=grouped(done.fingerprint), **values
            )
        )
        self.reload(done.fingerprint)
        return True

    # -- actions ---------------------------------------------------------------------------
    def new(self) -> bool:
        """A commission's new key pair: its private key to a file of its own."""
        if not self.manages:
            return False
        t = self.lang.t
        commission, ok = QInputDialog.getText(
            self, t("ui.keyring.new"), t("ui.keyring.which_commission")
        )
        commission = commission.strip()
        if not ok or not commission:
            return False
        dialog = KeyFileDialog(
            self.lang,
            t("ui.keyring.new"),
            path=str(Path.home() / f"{commission}.key"),
            new=True,
            parent=self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.make(commission, Path(dialog.path.text().strip()), dialog.passphrase.text())

    def make(self, commission: str, path: Path, passphrase: str) -> bool:
        written: list[Path] = []

        def write(data: bytes) -> None:
            write_new(path, data)
            written.append(path)

        def new_key() -> CommissionKey:
            try:
                return self.services.keys.new(commission, passphrase, write)
            except Exception:
                for p in written:  # the public key was not stored: its file goes too
                    with contextlib.suppress(OSError):
                        p.unlink()
                raise

        return self._done("ui.keyring.made", new_key, path=str(path))

    def certify(self) -> bool:
        """Certify the selected key with the private key of the commission above."""
        k = self.selected()
        if k is None or not self.manages:
            return False
        t = self.lang.t
        parent = (
            self.election.area(k.commission).parent
            if self.election.has_area(k.commission)
            else None
        )
        above = parent or k.commission
        dialog = KeyFileDialog(
            self.lang, t("ui.keyring.certify_with", commission=above), parent=self
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.signer is None:
            return False
        return self.certify_with(k, dialog.signer)

    def certify_with(self, k: CommissionKey, signer: object) -> bool:
        from kztally.paper.signing import Signer

        assert isinstance(signer, Signer)
        return self._done(
            "ui.keyring.certified", lambda: self.services.keys.certify(k.fingerprint, signer)
        )

    def revoke(self) -> bool:
        k = self.selected()
        if k is None or not self.manages:
            return False
        dialog = ReasonDialog(self.lang, "ui.keyring.revoke_title", parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.revoke_with(k, dialog.reason())

    def revoke_with(self, k: CommissionKey, reason: str) -> bool:
        return self._done(
            "ui.keyring.revoked", lambda: self.services.keys.revoke(k.fingerprint, reason)
        )

    def export(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(
            self, self.lang.t("ui.keyring.export"), "keys.json", KEYS_FILTER
        )
        return bool(path) and self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        try:
            text = self.services.keys.export()
            write_whole(path, text.encode("utf-8"))
        except Exception as exc:
            self._said(exc)
            return False
        self.message.setText(self.lang.t("ui.keyring.exported", n=len(self.keys), path=str(path)))
        return True

    def import_(self) -> bool:
        path, _ = QFileDialog.getOpenFileName(
            self, self.lang.t("ui.keyring.import"), "", KEYS_FILTER
        )
        if not path:
            return False
        dialog = RootDialog(self.lang, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.import_from(Path(path), dialog.root.text().strip() or None)

    def import_from(self, path: Path, root: str | None) -> bool:
        try:
            text = path.read_text(encoding="utf-8")
            changed = self.services.keys.import_keys(text, path.name, root)
        except Exception as exc:
            self._said(exc)
            return False
        self.message.setText(self.lang.t("ui.keyring.imported", n=len(changed)))
        self.reload()
        return True

    def show_keys(self) -> None:
        from kztally.ui.help import ShortcutsDialog

        ShortcutsDialog(self.lang, "keys", [], self).exec()


class RootDialog(QDialog):
    """The CEC's root key fingerprint, as read out by the CEC (empty: no root key in the
    file is taken)."""

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("root-dialog")
        t = lang.t
        self.setWindowTitle(t("ui.keyring.import"))
        layout = QVBoxLayout(self)
        hint = QLabel(t("ui.keyring.root_hint"), self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.root = QLineEdit(self)
        self.root.setObjectName("keys-root")
        self.root.setAccessibleName(t("ui.keyring.root"))
        form.addRow(t("ui.keyring.root"), self.root)
        layout.addLayout(form)
        buttons = ok_cancel(self, lang, self.accept)
        layout.addWidget(buttons)
