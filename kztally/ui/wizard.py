"""First start: the language, make the database (SQLite by default, or a PostgreSQL URL),
the administrator, and load an election (the bundled 2023 one, a mock, or a definition
file).

A page whose choice cannot work says so before the wizard moves on: a database that
cannot be reached (`check_database`), a definition file that cannot be read
(`read_definition`), each in a sentence of the user's language (`kztally.ui.errors`).
`LoadElectionWizard` is the election page alone: what an administrator is offered when
a first start stopped before its election was loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from kztally import config
from kztally.ui import errors
from kztally.ui.language import LANGUAGE_NAMES, Language
from kztally.ui.users import password_problem


class ElectionSource(StrEnum):
    BUNDLED = "bundled"
    MOCK = "mock"
    FILE = "file"


@dataclass(frozen=True, slots=True)
class Setup:
    db_url: str
    admin: str
    password: str
    source: ElectionSource
    mock_scale: str = "small"
    mock_seed: int = 1
    definition: Path | None = None


Check = Callable[[str], object]
"""Raises when the choice cannot work (a database URL, a definition file's path)."""


def _refused(page: QWizardPage, lang: Language, check: Check | None, value: str) -> bool:
    """Run `check`; on a failure, say why in the user's language and keep the page."""
    if check is None:
        return False
    try:
        check(value)
    except Exception as exc:
        box = errors.message_box(
            page,
            lang,
            lang.t("ui.error.title"),
            errors.describe(exc, lang, "wizard"),
            QMessageBox.Icon.Warning,
        )
        box.exec()
        return True
    return False


class LanguagePage(QWizardPage):
    """The first page: the language of the program, the system's at first."""

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        layout = QVBoxLayout(self)
        self.welcome = QLabel(self)
        self.welcome.setWordWrap(True)
        layout.addWidget(self.welcome)
        self.buttons: dict[str, QRadioButton] = {}
        group = QButtonGroup(self)
        for code, name in LANGUAGE_NAMES.items():
            b = QRadioButton(name, self)
            b.setObjectName(f"language-{code}")
            b.setChecked(code == lang.code)
            b.toggled.connect(lambda on, code=code: self._chosen(on, code))
            group.addButton(b)
            layout.addWidget(b)
            self.buttons[code] = b
        layout.addStretch(1)

    def _chosen(self, on: bool, code: str) -> None:
        if on:
            self.lang.set(code)

    def retranslate(self) -> None:
        t = self.lang.t
        self.setTitle(t("ui.wizard.language_title"))
        self.setSubTitle(t("ui.wizard.language_subtitle"))
        self.welcome.setText(t("ui.wizard.welcome"))
        self.buttons[self.lang.code].setChecked(True)


def _path_row(parent: QWidget, edit: QLineEdit, browse: QPushButton) -> QWidget:
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(browse)
    return row


class DatabasePage(QWizardPage):
    def __init__(
        self, lang: Language, parent: QWidget | None = None, *, check: Check | None = None
    ) -> None:
        super().__init__(parent)
        self.lang = lang
        self.check = check
        layout = QVBoxLayout(self)
        self.sqlite = QRadioButton(self)
        self.sqlite.setObjectName("db-sqlite")
        self.postgres = QRadioButton(self)
        self.postgres.setObjectName("db-postgres")
        group = QButtonGroup(self)
        group.addButton(self.sqlite)
        group.addButton(self.postgres)
        self.sqlite.setChecked(True)
        self.path = QLineEdit(str(config.data_dir() / "kztally.sqlite"), self)
        self.path.setObjectName("db-path")
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._browse)
        self.url = QLineEdit(self)
        self.url.setObjectName("db-url")
        self.url.setPlaceholderText("postgresql+psycopg://user:password@host:5432/kztally")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        layout.addWidget(self.sqlite)
        layout.addWidget(_path_row(self, self.path, self.browse))
        layout.addWidget(self.postgres)
        layout.addWidget(self.url)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        for w in (self.sqlite, self.postgres):
            w.toggled.connect(self._update)
        self.path.textChanged.connect(self.completeChanged)
        self.url.textChanged.connect(self.completeChanged)
        self._update()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.lang.t("ui.wizard.db_file"), self.path.text(), "SQLite (*.sqlite *.db)"
        )
        if path:
            self.path.setText(path)

    def _update(self) -> None:
        self.path.setEnabled(self.sqlite.isChecked())
        self.browse.setEnabled(self.sqlite.isChecked())
        self.url.setEnabled(self.postgres.isChecked())
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        if self.sqlite.isChecked():
            return bool(self.path.text().strip())
        return self.url.text().strip().startswith("postgresql")

    def validatePage(self) -> bool:  # noqa: N802
        return not _refused(self, self.lang, self.check, self.db_url())

    def db_url(self) -> str:
        if self.sqlite.isChecked():
            return f"sqlite:///{Path(self.path.text().strip()).expanduser()}"
        return self.url.text().strip()

    def retranslate(self) -> None:
        t = self.lang.t
        self.setTitle(t("ui.wizard.db_title"))
        self.setSubTitle(t("ui.wizard.db_subtitle"))
        self.sqlite.setText(t("ui.wizard.sqlite"))
        self.postgres.setText(t("ui.wizard.postgres"))
        self.browse.setText(t("ui.wizard.browse"))
        self.hint.setText(t("ui.wizard.db_hint"))


class AdminPage(QWizardPage):
    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.name = QLineEdit("admin", self)
        self.name.setObjectName("admin-name")
        self.password = QLineEdit(self)
        self.password.setObjectName("admin-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setObjectName("admin-repeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.name_label, self.password_label, self.repeat_label = QLabel(), QLabel(), QLabel()
        form.addRow(self.name_label, self.name)
        form.addRow(self.password_label, self.password)
        form.addRow(self.repeat_label, self.repeat)
        self.mismatch = QLabel(self)
        self.mismatch.setStyleSheet("color: #b00020;")
        form.addRow(self.mismatch)
        for e in (self.name, self.password, self.repeat):
            e.textChanged.connect(self._changed)
        self._changed()

    def problem(self) -> str:
        """Why the administrator's password cannot be taken yet ("" when it can): both
        fields agree and keep the password rules."""
        return password_problem(
            self.lang, self.name.text().strip(), self.password.text(), self.repeat.text()
        )

    def _changed(self) -> None:
        typed = bool(self.password.text() or self.repeat.text())
        self.mismatch.setText(self.problem() if typed else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.name.text().strip()) and self.problem() == ""

    def retranslate(self) -> None:
        t = self.lang.t
        self.setTitle(t("ui.wizard.admin_title"))
        self.setSubTitle(t("ui.wizard.admin_subtitle"))
        self.name_label.setText(t("ui.signin.name"))
        self.password_label.setText(t("ui.signin.password"))
        self.repeat_label.setText(t("ui.wizard.repeat"))
        self._changed()


class ElectionPage(QWizardPage):
    def __init__(
        self, lang: Language, parent: QWidget | None = None, *, check: Check | None = None
    ) -> None:
        super().__init__(parent)
        self.lang = lang
        self.check = check
        layout = QVBoxLayout(self)
        self.bundled = QRadioButton(self)
        self.bundled.setObjectName("election-bundled")
        self.mock = QRadioButton(self)
        self.mock.setObjectName("election-mock")
        self.file = QRadioButton(self)
        self.file.setObjectName("election-file")
        group = QButtonGroup(self)
        for b in (self.bundled, self.mock, self.file):
            group.addButton(b)
        self.bundled.setChecked(True)
        self.scale = QComboBox(self)
        self.scale.setObjectName("mock-scale")
        self.seed = QSpinBox(self)
        self.seed.setRange(1, 999_999)
        self.seed.setValue(1)
        self.path = QLineEdit(self)
        self.path.setObjectName("definition-path")
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._browse)
        mock_row = QWidget(self)
        mock_layout = QHBoxLayout(mock_row)
        mock_layout.setContentsMargins(24, 0, 0, 0)
        self.scale_label, self.seed_label = QLabel(mock_row), QLabel(mock_row)
        mock_layout.addWidget(self.scale_label)
        mock_layout.addWidget(self.scale, 1)
        mock_layout.addWidget(self.seed_label)
        mock_layout.addWidget(self.seed)
        layout.addWidget(self.bundled)
        layout.addWidget(self.mock)
        layout.addWidget(mock_row)
        layout.addWidget(self.file)
        layout.addWidget(_path_row(self, self.path, self.browse))
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.path.textChanged.connect(self.completeChanged)
        for b in (self.bundled, self.mock, self.file):
            b.toggled.connect(self._update)
        self._update()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.lang.t("ui.wizard.definition"), "", "kztally election (*.json)"
        )
        if path:
            self.path.setText(path)

    def _update(self) -> None:
        self.scale.setEnabled(self.mock.isChecked())
        self.seed.setEnabled(self.mock.isChecked())
        self.path.setEnabled(self.file.isChecked())
        self.browse.setEnabled(self.file.isChecked())
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return not self.file.isChecked() or Path(self.path.text().strip()).is_file()

    def validatePage(self) -> bool:  # noqa: N802
        if not self.file.isChecked():
            return True
        return not _refused(self, self.lang, self.check, self.path.text().strip())

    def source(self) -> ElectionSource:
        if self.mock.isChecked():
            return ElectionSource.MOCK
        if self.file.isChecked():
            return ElectionSource.FILE
        return ElectionSource.BUNDLED

    def retranslate(self) -> None:
        t = self.lang.t
        self.setTitle(t("ui.wizard.election_title"))
        self.setSubTitle(t("ui.wizard.election_subtitle"))
        self.bundled.setText(t("ui.wizard.bundled"))
        self.mock.setText(t("ui.wizard.mock"))
        self.file.setText(t("ui.wizard.file"))
        self.browse.setText(t("ui.wizard.browse"))
        self.scale_label.setText(t("ui.wizard.scale"))
        self.seed_label.setText(t("ui.wizard.seed"))
        self.hint.setText(t("ui.wizard.election_hint"))
        current = self.scale.currentData() or "small"
        self.scale.clear()
        for scale in ("small", "region", "national"):
            self.scale.addItem(t(f"ui.wizard.scale.{scale}"), scale)
        self.scale.setCurrentIndex(max(0, self.scale.findData(current)))


class FirstStartWizard(QWizard):
    def __init__(
        self,
        lang: Language,
        parent: QWidget | None = None,
        *,
        check_database: Check | None = None,
        read_definition: Check | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("first-start")
        self.lang = lang
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setMinimumSize(680, 460)
        self.language = LanguagePage(lang, self)
        self.database = DatabasePage(lang, self, check=check_database)
        self.admin = AdminPage(lang, self)
        self.election = ElectionPage(lang, self, check=read_definition)
        self.pages: tuple[LanguagePage | DatabasePage | AdminPage | ElectionPage, ...] = (
            self.language,
            self.database,
            self.admin,
            self.election,
        )
        for page in self.pages:
            self.addPage(page)
        self.retranslate()
        lang.changed.connect(self.retranslate)

    def setup(self) -> Setup:
        path = self.election.path.text().strip()
        return Setup(
            db_url=self.database.db_url(),
            admin=self.admin.name.text().strip(),
            password=self.admin.password.text(),
            source=self.election.source(),
            mock_scale=str(self.election.scale.currentData() or "small"),
            mock_seed=self.election.seed.value(),
            definition=Path(path) if path else None,
        )

    def retranslate(self, *_: object) -> None:
        t = self.lang.t
        self.setWindowTitle(t("ui.wizard.title"))
        self.setButtonText(QWizard.WizardButton.NextButton, t("ui.wizard.next"))
        self.setButtonText(QWizard.WizardButton.BackButton, t("ui.wizard.back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, t("ui.wizard.finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, t("ui.dialog.cancel"))
        for page in self.pages:
            page.retranslate()


class LoadElectionWizard(QWizard):
    """The election page alone, for an administrator whose database has no election yet
    (a first start that stopped before loading one)."""

    def __init__(
        self, lang: Language, parent: QWidget | None = None, *, read_definition: Check | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("load-election")
        self.lang = lang
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setMinimumSize(680, 420)
        self.election = ElectionPage(lang, self, check=read_definition)
        self.addPage(self.election)
        self.retranslate()
        lang.changed.connect(self.retranslate)

    def source(self) -> tuple[ElectionSource, str, int, Path | None]:
        path = self.election.path.text().strip()
        return (
            self.election.source(),
            str(self.election.scale.currentData() or "small"),
            self.election.seed.value(),
            Path(path) if path else None,
        )

    def retranslate(self, *_: object) -> None:
        t = self.lang.t
        self.setWindowTitle(t("ui.wizard.load_title"))
        self.setButtonText(QWizard.WizardButton.FinishButton, t("ui.wizard.load"))
        self.setButtonText(QWizard.WizardButton.CancelButton, t("ui.dialog.cancel"))
        self.election.retranslate()
