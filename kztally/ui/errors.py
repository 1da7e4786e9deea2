"""No error reaches a user as a traceback or a driver's words.

`describe` turns any exception into a sentence in the user's language that says what to
do: a database that cannot be reached by why (refused, unknown host, password, missing
database, timeout), a schema at another revision, a file that cannot be read or written,
a refusal of the services by its code. Anything not foreseen is written with its
traceback to the error log in the data folder (the CLI's `errors.log`,
`kztally.config.log_exception`) and the sentence names that file.

`install(lang)` makes this the application's `sys.excepthook`, so an exception escaping a
slot shows such a sentence in a normal-sized message box instead of a traceback on the
terminal (or nothing at all). The last installed language also serves the background
jobs, which are not given one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from kztally import config
from kztally.domain.entry import TransitionError
from kztally.formats.load import FormatError
from kztally.i18n import DEFAULT_LANGUAGE, text
from kztally.services.errors import ResultsOfficial, ServiceError
from kztally.storage.errors import (
    CONNECTION_REASONS,
    NotAKztallyDatabase,
    SchemaMismatch,
    StaleWrite,
    StorageError,
    connection_reason,
)
from kztally.ui.language import Language

_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
MESSAGE_WIDTH = 460
"""The message box's text width in pixels: a sentence wraps, the box stays small."""

_installed: list[Language] = []


def _t(lang: Language | str | None, key: str, **fields: object) -> str:
    if isinstance(lang, Language):
        return lang.t(key, **fields)
    if lang is None:
        lang = _installed[-1].code if _installed else DEFAULT_LANGUAGE
    return text(key, lang, **fields)


def _database_error(exc: BaseException) -> BaseException | None:
    """The SQLAlchemy or driver error about a connection in `exc`'s chain, if any."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        module = type(current).__module__
        ours = isinstance(current, StorageError) or module.startswith(("sqlalchemy", "psycopg"))
        if ours and ("OperationalError" in type(current).__name__ or hasattr(current, "reason")):
            return current
        current = current.__cause__ or current.__context__
    return None


def describe(exc: BaseException, lang: Language | str | None = None, context: str = "app") -> str:
    """One or two sentences in the user's language that say what happened and what to do.
    Unforeseen errors are logged first (`context` names the screen in the log)."""
    if isinstance(exc, ServiceError | TransitionError):
        key = f"ui.error.{exc.code}"
        said = _t(lang, key)
        if said != key:
            if isinstance(exc, ResultsOfficial) and exc.since is not None:
                when = f"{exc.since.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"
                since = _t(lang, "ui.official.since", when=when, by=exc.by or "?")
                return f"{said} ({since})"
            return said
    if isinstance(exc, FormatError):
        where = f" ({exc.where})" if exc.where else ""
        return _t(
            lang,
            "ui.error.definition",
            path=os.fspath(exc.path),
            where=where,
            log=_log(exc, context),
        )
    if isinstance(exc, SchemaMismatch):
        return _t(lang, "ui.error.db.schema", command=exc.command)
    if isinstance(exc, NotAKztallyDatabase):
        return _t(lang, "ui.error.db.not_kztally")
    if isinstance(exc, StaleWrite):
        return _t(lang, "ui.error.concurrent_change")
    found = _database_error(exc)
    if found is not None:
        reason = connection_reason(found)
        if reason in CONNECTION_REASONS:
            return _t(lang, f"ui.error.db.{reason}")
        if not isinstance(exc, StorageError):
            return _t(lang, "ui.error.db.lost", log=_log(exc, context))
    if isinstance(exc, OSError) and not isinstance(exc, ConnectionError):
        where = os.fsdecode(exc.filename) if exc.filename is not None else ""
        if exc.errno in _FULL:
            return _t(lang, "ui.error.file.full", path=where)
        if isinstance(exc, FileNotFoundError):
            return _t(lang, "ui.error.file.missing", path=where)
        if isinstance(exc, PermissionError):
            return _t(lang, "ui.error.file.permission", path=where)
        return _t(lang, "ui.error.file.other", path=where, log=_log(exc, context))
    if isinstance(exc, StorageError | config.ConfigError):
        return _t(lang, "ui.error.db.other", log=_log(exc, context))
    return _t(lang, "ui.error.unexpected", log=_log(exc, context))


def _log(exc: BaseException, context: str) -> str:
    try:
        return str(config.log_exception(exc, context))
    except OSError:
        return str(config.error_log_path())


def message_box(
    parent: QWidget | None, lang: Language, title: str, sentence: str, icon: QMessageBox.Icon
) -> QMessageBox:
    """A message box of a normal size: the sentence wraps at MESSAGE_WIDTH, never a
    detailed text or a traceback that would stretch it off the screen; its one button
    says Close in the user's language."""
    box = QMessageBox(parent)
    box.setObjectName("error-box")
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(sentence)
    label = box.findChild(QLabel, "qt_msgbox_label")
    if label is not None:
        label.setWordWrap(True)
        label.setMinimumWidth(MESSAGE_WIDTH)
        label.setMaximumWidth(MESSAGE_WIDTH)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.button(QMessageBox.StandardButton.Ok).setText(lang.t("ui.dialog.close"))
    return box


def show(
    parent: QWidget | None, lang: Language, exc: BaseException, *, context: str = "app"
) -> None:
    """Tell the user about `exc` in their language (modal)."""
    box = message_box(
        parent,
        lang,
        lang.t("ui.error.title"),
        describe(exc, lang, context),
        QMessageBox.Icon.Critical,
    )
    box.exec()


def job_text(exc: BaseException) -> str:
    """A background job's failure, in the installed language (the jobs have none)."""
    return describe(exc, None, "job")


Hook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install(lang: Language) -> Hook:
    """Make unexpected exceptions (those escaping Qt's slots too) a sentence on screen,
    with their details in the error log. Returns the hook, which stays in place."""
    _installed.append(lang)

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        parent = QApplication.activeWindow() if QApplication.instance() is not None else None
        try:
            show(parent, lang, exc, context="app")
        except Exception:  # the screen itself fails: the terminal still gets it
            with contextlib.suppress(Exception):
                sys.__excepthook__(kind, exc, tb)

    sys.excepthook = hook
    return hook
