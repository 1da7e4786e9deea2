"""The trainer's New training session dialog: the same session `kztally training new`
makes (`kztally.services.training_new.make_session`), in a background job with progress
and Cancel; then where the papers, the answer key and the accounts sheet are, and the
session's score screen a click away.

The trainer signs in to the session's database with the name they work under here and a
password they type (a new database makes them its administrator with it). What is typed
is checked before anything is made, each field by its name; a failure of the job is one
sentence, and the service leaves nothing in the folder.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kztally import i18n
from kztally.reports.texts import Lang
from kztally.services.context import Services
from kztally.services.errors import ServiceError
from kztally.services.training_new import Made, make_plan, make_session
from kztally.storage.database import Database, open_database
from kztally.storage.errors import StorageError
from kztally.training.plan import MAX_TRAINEES
from kztally.ui.errors import describe
from kztally.ui.jobs import Cancelled, Job, Report
from kztally.ui.language import LANGUAGE_NAMES, Language
from kztally.ui.training.trainer import TrainerDialog

PROTOCOLS_MAX = 999
SEED_MAX = 2**31 - 1


class Invalid(Exception):  # noqa: N818
    """What the trainer typed, said in their language."""


def _workstation() -> str:
    import socket

    try:
        return socket.gethostname()
    except OSError:
        return ""


class NewSessionDialog(QDialog):
    def __init__(self, lang: Language, trainer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training-new-dialog")
        self.lang = lang
        self.trainer = trainer
        self.job: Job | None = None
        self._finished: list[Made] = []
        self.made: Made | None = None
        self.score_dialog: TrainerDialog | None = None
        self._db: Database | None = None
        self._services: Services | None = None
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.form = QFormLayout()
        layout.addLayout(self.form)

        def edit(name: str, text: str = "") -> QLineEdit:
            e = QLineEdit(text, self)
            e.setObjectName(f"training-new-{name}")
            return e

        self.seed = edit("seed", "1")
        self.trainees = edit("trainees", "6")
        self.supervisors = edit("supervisors", "1")
        self.protocols = edit("protocols", "8")
        self.errors = edit("errors", "0.25")
        self.paper_lang = QComboBox(self)
        self.paper_lang.setObjectName("training-new-lang")
        for code in i18n.LANGUAGES:
            self.paper_lang.addItem(LANGUAGE_NAMES[code], code)
        self.paper_lang.setCurrentIndex(max(0, self.paper_lang.findData(lang.code)))
        self.folder = edit("folder")
        self.choose = QPushButton(self)
        self.choose.setObjectName("training-new-choose")
        self.choose.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose)
        self.db = edit("db")
        self.password = edit("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.labels = {k: QLabel(self) for k in (*self.FIELDS, "password")}
        for key, widget in (
            ("seed", self.seed),
            ("trainees", self.trainees),
            ("supervisors", self.supervisors),
            ("protocols", self.protocols),
            ("errors", self.errors),
            ("lang", self.paper_lang),
        ):
            self.form.addRow(self.labels[key], widget)
        self.form.addRow(self.labels["folder"], folder_row)
        self.form.addRow(self.labels["db"], self.db)
        self.form.addRow(self.labels["password"], self.password)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("training-new-progress")
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel(self)
        self.status.setObjectName("training-new-status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch(1)
        self.make_button = QPushButton(self)
        self.make_button.setObjectName("training-new-make")
        self.make_button.setDefault(True)
        self.make_button.clicked.connect(self.start)
        self.score_button = QPushButton(self)
        self.score_button.setObjectName("training-new-score")
        self.score_button.clicked.connect(self.open_score)
        self.score_button.hide()
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("training-new-cancel")
        self.cancel_button.clicked.connect(self.cancel)
        for b in (self.make_button, self.score_button, self.cancel_button):
            row.addWidget(b)
        layout.addLayout(row)
        self.retranslate()
        lang.changed.connect(self.retranslate)

    FIELDS = ("seed", "trainees", "supervisors", "protocols", "errors", "lang", "folder", "db")

    # -- what was typed -------------------------------------------------------------------

    def _label(self, key: str) -> str:
        return self.lang.t(f"ui.training_new.{key}")

    def _whole(self, key: str, e: QLineEdit, low: int, high: int) -> int:
        value = e.text().strip()
        try:
            n = int(value)
        except ValueError:
            n = low - 1
        if not low <= n <= high:
            raise Invalid(
                self.lang.t(
                    "ui.training_new.bad_number",
                    field=self._label(key),
                    low=low,
                    high=high,
                    value=value,
                )
            )
        return n

    def _share(self) -> float:
        value = self.errors.text().strip()
        try:
            share = float(value.replace(",", "."))
        except ValueError:
            share = -1.0
        if not 0.0 <= share <= 1.0:  # NaN fails too
            raise Invalid(
                self.lang.t("ui.training_new.bad_share", field=self._label("errors"), value=value)
            )
        return share

    def _folder(self) -> Path:
        typed = self.folder.text().strip()
        if not typed:
            raise Invalid(self.lang.t("ui.training_new.no_folder"))
        out = Path(typed).expanduser()
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise Invalid(self.lang.t("ui.error.training_folder"))
        # the folder is made beside its name: the nearest folder that exists must take it
        here = out.parent
        while not here.exists() and here != here.parent:
            here = here.parent
        if not here.is_dir() or not os.access(here, os.W_OK | os.X_OK):
            raise Invalid(self.lang.t("ui.training_new.unwritable", path=str(out)))
        return out

    def _url(self) -> str | None:
        url = self.db.text().strip()
        if not url:
            return None
        if not url.startswith(("postgresql://", "postgresql+psycopg://")):
            raise Invalid(self.lang.t("ui.training_new.bad_url"))
        return url

    # -- the job ----------------------------------------------------------------------------

    def start(self) -> bool:
        """Check what was typed and make the session in the background; False (and a
        sentence) when something typed is wrong."""
        if self.job is not None:
            return False
        try:
            seed = self._whole("seed", self.seed, 0, SEED_MAX)
            trainees = self._whole("trainees", self.trainees, 1, MAX_TRAINEES)
            supervisors = self._whole("supervisors", self.supervisors, 0, MAX_TRAINEES)
            protocols = self._whole("protocols", self.protocols, 1, PROTOCOLS_MAX)
            errors = self._share()
            out = self._folder()
            url = self._url()
            secret = self.password.text()
            if not secret:
                raise Invalid(self.lang.t("ui.training_new.no_password"))
        except Invalid as exc:
            self.status.setText(str(exc))
            return False
        paper_lang: Lang = self.paper_lang.currentData()
        name = self.trainer

        def sign_in(db: Database) -> Services:
            return Services.sign_in(db, name, secret, workstation=_workstation())

        finished = self._finished = []

        def work(report: Report) -> Made | Exception:
            report(0, 1)
            try:
                the_plan = make_plan(seed, trainees, supervisors, protocols, errors)
                made = make_session(out, the_plan, paper_lang, url, sign_in, report)
            except Cancelled:
                raise
            except Exception as exc:  # said in this dialog's language, on the GUI thread
                return exc
            finished.append(made)  # a Cancel pressed after this came too late
            return made

        job = Job(work)
        job.signals.progress.connect(self._progress)
        job.signals.finished.connect(self._done)
        job.signals.failed.connect(self._failed)
        job.signals.cancelled.connect(self._cancelled)
        self.job = job
        self._busy(True)
        self.status.setText(self.lang.t("ui.training_new.working"))
        QThreadPool.globalInstance().start(job)
        return True

    def _busy(self, busy: bool) -> None:
        for w in (
            self.seed,
            self.trainees,
            self.supervisors,
            self.protocols,
            self.errors,
            self.paper_lang,
            self.folder,
            self.choose,
            self.db,
            self.password,
            self.make_button,
        ):
            w.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        self.retranslate()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, made: object) -> None:
        if isinstance(made, Exception):
            self._failed(describe(made, self.lang, "training"))
            return
        assert isinstance(made, Made)
        self.job = None
        self.made = made
        self._busy(False)
        self.make_button.setEnabled(False)
        self.score_button.show()
        self.status.setText(
            self.lang.t(
                "ui.training_new.done",
                election=made.election,
                papers=made.papers,
                stacks=made.stacks,
                planted=made.planted,
                trainees=str(made.trainees),
                answers=str(made.answers),
                sheet=str(made.sheet),
                # the session's own file by its folder; a shared database by its address
                db=str(made.database) if made.database is not None else made.db,
            )
        )

    def _failed(self, sentence: str) -> None:
        self.job = None
        self._busy(False)
        self.status.setText(self.lang.t("ui.training_new.failed", error=sentence))

    def _cancelled(self) -> None:
        if self._finished:
            self._done(self._finished[0])
            return
        self.job = None
        self._busy(False)
        self.status.setText(self.lang.t("ui.training_new.cancelled"))

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            return
        self.reject()

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self._label("folder"))
        if chosen:
            self.folder.setText(chosen)

    # -- the session's score ----------------------------------------------------------------

    def open_score(self) -> TrainerDialog | None:
        """The score screen of the session just made, signed in to its database as the
        trainer."""
        made = self.made
        if made is None:
            return None
        if self._services is None:
            path = made.database
            url = f"sqlite:///{path.resolve()}" if path is not None else self._url()
            if url is None:
                return None
            db: Database | None = None
            try:
                db = open_database(url)
                self._services = Services.sign_in(
                    db, self.trainer, self.password.text(), workstation=_workstation()
                )
            except (ServiceError, StorageError, OSError) as exc:
                if db is not None:
                    db.close()
                self.status.setText(describe(exc, self.lang, "training"))
                return None
            self._db = db
        services = self._services
        dialog = TrainerDialog(self.lang, services.training.score, made.election, self)
        dialog.refresh()
        dialog.show()
        self.score_dialog = dialog
        return dialog

    def done(self, result: int) -> None:
        if self.job is not None:
            self.job.cancel()
        if self._services is not None:
            with suppress(ServiceError, StorageError):
                self._services.sign_out()
            self._services = None
        if self._db is not None:
            self._db.close()
            self._db = None
        super().done(result)

    def retranslate(self, *_: object) -> None:
        t = self.lang.t
        self.setWindowTitle(t("ui.training_new.title"))
        self.intro.setText(t("ui.training_new.intro"))
        for key, label in self.labels.items():
            label.setText(self._label(key))
        self.labels["password"].setText(t("ui.training_new.password", name=self.trainer))
        self.db.setPlaceholderText(t("ui.training_new.db_hint"))
        self.password.setPlaceholderText(t("ui.training_new.password_hint"))
        self.choose.setText(t("ui.training_new.choose"))
        self.make_button.setText(t("ui.training_new.make"))
        self.score_button.setText(t("ui.training_new.score"))
        busy = self.job is not None
        self.cancel_button.setText(t("ui.training_new.cancel" if busy else "ui.training_new.close"))
