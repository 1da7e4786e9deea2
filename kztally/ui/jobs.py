"""Long work off the GUI thread: a progress bar, a cancel button, results by signal.

A job is a function `fn(report)` that calls `report(done, total)` now and then; `report`
raises `Cancelled` once the user pressed Cancel, which ends the job cleanly. The window
never waits for it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from kztally.ui.errors import job_text
from kztally.ui.language import Language

Report = Callable[[int, int], None]


class Cancelled(Exception):  # noqa: N818
    """The user cancelled the job."""


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class Job(QRunnable):
    def __init__(self, fn: Callable[[Report], object]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def _report(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled
        self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            result = self.fn(self._report)
        except Cancelled:
            self._emit(self.signals.cancelled)
        except Exception as exc:  # everything goes to the user, nothing is lost
            # a sentence in the user's language; the traceback goes to the error log
            self._emit(self.signals.failed, job_text(exc))
        else:
            if self._cancel.is_set():
                self._emit(self.signals.cancelled)
            else:
                self._emit(self.signals.finished, result)

    @staticmethod
    def _emit(signal: SignalInstance, *args: object) -> None:
        """Deliver the outcome; when the window that asked is gone (the app is closing),
        nobody is left to tell."""
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)


class JobBar(QWidget):
    """The status bar's view of the running job: its name, progress and Cancel."""

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.pool = QThreadPool.globalInstance()
        self.job: Job | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("job-progress")
        self.bar.setMaximumWidth(240)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("job-cancel")
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()
        self.retranslate()
        lang.changed.connect(self.retranslate)

    def busy(self) -> bool:
        return self.job is not None

    def start(
        self,
        title: str,
        fn: Callable[[Report], object],
        on_done: Callable[[object], None],
        on_error: Callable[[str], None],
        on_cancel: Callable[[], None] | None = None,
    ) -> Job:
        if self.job is not None:
            raise RuntimeError("a job is already running")
        job = Job(fn)
        self.job = job
        self.label.setText(title)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.show()

        def progress(done: int, total: int) -> None:
            self.bar.setRange(0, max(total, 1))
            self.bar.setValue(done)

        def end() -> None:
            self.job = None
            self.hide()

        def finished(result: object) -> None:
            end()
            on_done(result)

        def failed(message: str) -> None:
            end()
            on_error(message)

        def cancelled() -> None:
            end()
            if on_cancel is not None:
                on_cancel()

        job.signals.progress.connect(progress)
        job.signals.finished.connect(finished)
        job.signals.failed.connect(failed)
        job.signals.cancelled.connect(cancelled)
        self.pool.start(job)
        return job

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)

    def retranslate(self, *_: object) -> None:
        self.cancel_button.setText(self.lang.t("ui.dialog.cancel"))
