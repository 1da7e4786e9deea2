"""Composition root of the desktop app: fonts, language, database, sign-in, main window.

`kztally --smoke-test` opens a temporary database, migrates it, loads a small mock cut
of the bundled election, renders the main window offscreen and exits 0: what a built
bundle must pass before it ships.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import functools
import json
import os
import secrets
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QEventLoop,
    QMessageLogContext,
    QThreadPool,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog, QWidget

import kztally
from kztally import config
from kztally.bundle import bundled_election_path
from kztally.domain.election import AreaKind, Election
from kztally.domain.entry import State
from kztally.domain.rules import Role
from kztally.services.audit import TailCheck, check_tail
from kztally.services.context import Services
from kztally.services.elections import preload
from kztally.services.errors import ElectionAltered, PasswordRequired, ServiceError
from kztally.services.users import check_name, has_accounts
from kztally.storage.backup import backup_sqlite
from kztally.storage.database import (
    Database,
    display_url,
    normalize_url,
    open_database,
    sqlite_path,
)
from kztally.storage.errors import SchemaMismatch, StorageError
from kztally.ui import errors
from kztally.ui.fonts import KAZAKH_LETTERS, install_app_font
from kztally.ui.idle import IdleLock
from kztally.ui.jobs import Cancelled, Job, Report
from kztally.ui.language import Language
from kztally.ui.main_window import Hooks, MainWindow
from kztally.ui.signin import SignInDialog
from kztally.ui.users import PasswordDialog, UsersDialog
from kztally.ui.wizard import ElectionSource, FirstStartWizard, LoadElectionWizard, Setup

# -- work the app does through the services (no widgets) -------------------------------


# Definitions, their schema and the mock generator are imported only when needed: they
# cost a noticeable part of a second at start.


def quick_bundled_election() -> Election:
    """The bundled definition read without schema validation (smoke test, mock cuts)."""
    from kztally.formats.election_json import election_from_dict

    text = bundled_election_path().read_text(encoding="utf-8")
    return election_from_dict(json.loads(text))


def election_for(setup: Setup) -> Election:
    from kztally.formats.load import load_election
    from kztally.mockgen.figures import scale_election

    match setup.source:
        case ElectionSource.BUNDLED:
            from kztally.services.mock import bundled_election

            return bundled_election()
        case ElectionSource.MOCK:
            full = quick_bundled_election()
            return scale_election(full, setup.mock_scale, setup.mock_seed)  # type: ignore[arg-type]
        case ElectionSource.FILE:
            assert setup.definition is not None
            return load_election(setup.definition)


def create(setup: Setup, report: Report) -> None:
    """Make the database, the administrator and load the election (the wizard's finish)."""
    report(0, 4)
    election = election_for(setup)  # first: a file that cannot be read leaves no database
    report(1, 4)
    db = open_database(setup.db_url, migrate=True)
    try:
        services = Services.sign_in(db, setup.admin, setup.password, workstation=workstation())
        report(2, 4)
        report(3, 4)
        services.elections.load_definition(election)
        report(4, 4)
    finally:
        db.close()
    config.save_setting("db_url", setup.db_url)


def fill_with_mock(
    services: Services, report: Report, errors: float = 0.02, share: float = 1.0
) -> int:
    """Record mock protocols (two clerks' entries each, as kztally.services.mock makes them)
    for the protocols not entered yet, in the background; planted errors wait for a
    supervisor. `share` of the precincts, the first in territory order, get theirs."""
    from kztally.mockgen.figures import generate, mock_seed
    from kztally.services.mock import bulk_items, generated_accounts, record_formal

    election = services.elections.require()
    generated_accounts(services)
    report(0, 1)
    seed = mock_seed(election)  # a mock cut's own seed, so its figures are the CLI's too
    mock = generate(election, seed=1 if seed is None else seed, errors=errors)
    states = services.entry.states()
    precincts = [p.code for p in election.precincts()]
    wanted = set(precincts[: round(len(precincts) * share)])
    items = [
        item
        for item in bulk_items(mock)
        if item.precinct in wanted
        and states.get((item.precinct, item.contest), State.NOT_ENTERED) is State.NOT_ENTERED
    ]
    total = len(items)
    report(0, total)

    def progress(done: int) -> bool:
        report(done, total)
        return True

    done = services.entry.record_many(items, system="mock", chunk_size=2000, progress=progress)
    record_formal(
        services, mock, 1 if seed is None else seed, {(i.precinct, i.contest) for i in items}
    )
    return done


def stoppable(report: Report) -> Callable[[int, int], bool]:
    """A services progress callback (False stops cleanly) over a job's `report` (which
    raises once the user pressed Cancel)."""

    def progress(done: int, total: int) -> bool:
        try:
            report(done, total)
        except Cancelled:
            return False
        return True

    return progress


def import_files(services: Services, lang: Language, paths: list[Path], report: Report) -> str:
    from kztally.services.transfer import TransferService

    done = TransferService.of(services).import_paths(paths, stoppable(report))
    lines = [
        lang.t(
            "ui.main.import_done",
            files=done.files,
            imported=done.imported,
            unchanged=done.unchanged,
            conflicts=len(done.conflicts),
            errors=len(done.errors),
        )
    ]
    lines += [str(p) for p in (*done.errors, *done.conflicts)][:20]
    return "\n".join(lines)


def export_to(services: Services, lang: Language, folder: Path, report: Report) -> str:
    from kztally.services.transfer import TransferService

    done = TransferService.of(services).export(folder, stoppable(report))
    return lang.t("ui.main.export_done", folder=str(done.directory), protocols=done.protocols)


# -- dialogs that wait without freezing -------------------------------------------------


def run_with_progress(
    parent: QWidget | None, lang: Language, title: str, fn: Callable[[Report], object]
) -> tuple[bool, object]:
    """Run `fn(report)` in the background behind a modal progress dialog with Cancel."""
    dialog = QProgressDialog(title, lang.t("ui.dialog.cancel"), 0, 0, parent)
    dialog.setObjectName("progress")
    dialog.setMinimumDuration(0)
    dialog.setWindowTitle("kztally")
    job = Job(fn)
    loop = QEventLoop()
    outcome: dict[str, object] = {}

    def done(result: object) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(message: str) -> None:
        outcome["error"] = message
        loop.quit()

    def progress(d: int, t: int) -> None:
        dialog.setMaximum(max(t, 1))
        dialog.setValue(d)

    job.signals.finished.connect(done)
    job.signals.failed.connect(failed)
    job.signals.cancelled.connect(loop.quit)
    job.signals.progress.connect(progress)
    dialog.canceled.connect(job.cancel)
    QThreadPool.globalInstance().start(job)
    dialog.show()
    loop.exec()
    dialog.close()
    if "error" in outcome:  # a sentence in the user's language (kztally.ui.errors)
        box = errors.message_box(
            parent,
            lang,
            lang.t("ui.main.job_failed"),
            str(outcome["error"]),
            QMessageBox.Icon.Critical,
        )
        box.exec()
        return False, None
    return "result" in outcome, outcome.get("result")


def check_database(url: str) -> None:
    """Raises when the wizard's database cannot be used: a server that cannot be reached
    or refuses the login (`Unreachable`), a folder where the file cannot be made."""
    path = sqlite_path(normalize_url(url))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not os.access(path.parent, os.W_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path.parent))
        return
    try:
        open_database(url, migrate=False).close()
    except SchemaMismatch as exc:
        if exc.newer:
            raise  # an empty or older schema is what the wizard's finish migrates


def read_definition(path: str) -> None:
    from kztally.formats.load import load_election

    load_election(path)


def first_start(lang: Language) -> bool:
    """The wizard until the database is made or the user cancels: a failure at the finish
    is said in the user's language and the wizard opens again with the same answers."""
    wizard = FirstStartWizard(lang, check_database=check_database, read_definition=read_definition)
    while True:
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return False
        ok, _ = run_with_progress(
            None, lang, lang.t("ui.wizard.creating"), functools.partial(create, wizard.setup())
        )
        if ok:
            return True
        wizard.restart()


def load_election_step(lang: Language, services: Services) -> bool:
    """An administrator's database without an election (a first start stopped before it
    was loaded): the wizard's election page again, then the load."""
    wizard = LoadElectionWizard(lang, read_definition=read_definition)
    while True:
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return False
        source, scale, seed, definition = wizard.source()
        setup = Setup("", "", "", source, scale, seed, definition)

        def load(report: Report, setup: Setup = setup) -> None:
            report(0, 2)
            election = election_for(setup)
            report(1, 2)
            services.elections.load_definition(election)
            report(2, 2)

        ok, _ = run_with_progress(None, lang, lang.t("ui.wizard.creating"), load)
        if ok:
            return True
        wizard.restart()


def _needs_first_start(choice: config.DbChoice) -> bool:
    if choice.source != "default":
        return False
    return not (config.data_dir() / "kztally.sqlite").exists()


def workstation() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


def preload_election(db: Database) -> threading.Thread:
    """Read and check the stored election off the GUI thread while the sign-in box waits
    (`kztally.services.elections.preload`); join it before the window is built."""
    thread = threading.Thread(target=preload, args=(db,), name="kztally-preload", daemon=True)
    thread.start()
    return thread


def sign_in(lang: Language, db: Database) -> Services | None:
    """Ask who works and check their password. On a database with no accounts yet the
    first person becomes its administrator, with a password asked for twice."""

    def attempt(name: str, password: str | None) -> Services:
        if not has_accounts(db):
            check_name(name)
            again = PasswordDialog(lang, name, dialog)
            again.fields.password.setText(password or "")
            again.fields.again.setFocus()
            if again.exec() != QDialog.DialogCode.Accepted:
                raise PasswordRequired(f"the first account {name!r} needs its password twice")
            password = again.password()
        return Services.sign_in(db, name, password, workstation=workstation())

    dialog = SignInDialog(lang, attempt, display_url(db.url))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    result = dialog.result_value
    return result if isinstance(result, Services) else None


def build_window(
    lang: Language,
    db: Database,
    services: Services,
    sign_out: Callable[[], None] | None = None,
    *,
    idle_lock_ms: int | None = None,
    audit_at_start: TailCheck | None = None,
) -> MainWindow:
    """The main window for one signed-in person, locked after `idle_lock_ms` without
    input (the account settings' idle lock by default). `audit_at_start`: the audit
    log's last events as checked before the sign-in (the window checks them again)."""
    path = db.path

    def backup(dest: Path, report: Report) -> object:
        assert path is not None
        report(0, 1)
        revision = backup_sqlite(path, dest)
        report(1, 1)
        return revision

    def manage_users(parent: QWidget) -> None:
        UsersDialog(lang, services, parent).exec()

    hooks = Hooks(
        backup=backup if path is not None else None,
        suggested_backup_name=f"kztally-{dt.datetime.now():%Y%m%d-%H%M}.sqlite",
        manage_users=manage_users,
        mock_election=(lambda report: fill_with_mock(services, report))
        if services.elections.require().training
        else None,
        import_files=lambda paths, report: import_files(services, lang, paths, report),
        export_to=lambda folder, report: export_to(services, lang, folder, report),
        database_label=display_url(db.url),
        training=services.elections.require().training,
        sign_out=sign_out,
        audit_at_start=audit_at_start,
        offer_practice=True,
    )
    window = MainWindow(lang, services, hooks)

    def leave() -> None:
        window.close()

    def locked_out() -> None:
        window.page.park()  # kept as a draft for its typist, neither saved nor lost
        (window._sign_out if sign_out is not None else leave)()

    IdleLock(  # a child of the window: found with window.findChild(IdleLock)
        window, lang, services, timeout_ms=idle_lock_ms, sign_out=locked_out
    )
    QTimer.singleShot(0, lambda: reopen_drafts(window))
    return window


def reopen_drafts(window: MainWindow) -> None:
    """Figures left unsaved on this workstation (a crash, a power cut, a lock): the newest
    draft's protocol opens and offers them back; the others wait for their protocols."""
    election = window.election

    def expected(precinct: str, contest: str) -> bool:
        if not election.has_area(precinct):
            return False
        area = election.area(precinct)
        return area.kind is AreaKind.PRECINCT and contest in area.contests

    drafts = [d for d in window.page.drafts.all() if expected(d.precinct, d.contest)]
    if not drafts or window.page.key is not None:
        return
    newest = drafts[0]
    window.open_protocol(newest.precinct, newest.contest)
    window.statusBar().showMessage(window.lang.tn("ui.draft.at_start", len(drafts)), 15000)


QUIET_QT_MESSAGES = ("does not support propagateSizeHints",)
"""Qt's offscreen platform says this for every window; it means nothing to a user."""


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    if not any(quiet in message for quiet in QUIET_QT_MESSAGES):
        print(message, file=sys.stderr)


def run_app(args: argparse.Namespace) -> int:
    smoke = bool(getattr(args, "smoke_test", False))
    if smoke:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("kztally")
    app.setApplicationVersion(kztally.__version__)
    app.setOrganizationName("kztally")
    install_app_font(app)
    if smoke:
        return smoke_test(app)
    lang = Language.remembered()
    errors.install(lang)  # no traceback on screen: a sentence, the details in errors.log
    try:
        choice = config.resolve_db_url(getattr(args, "db", None))
    except config.ConfigError as exc:
        errors.show(None, lang, exc, context="settings")
        return 2
    if _needs_first_start(choice):
        if not first_start(lang):
            return 1
        choice = config.resolve_db_url(getattr(args, "db", None))
    try:
        db = open_database(choice.url)
    except StorageError as exc:
        errors.show(None, lang, exc, context="open")
        return 2
    signed_out: list[bool] = []
    try:
        while True:  # "Sign out" closes the window and asks who works next
            at_start = check_tail(db)  # before signing in appends to the log
            loading = preload_election(db)  # parsed while the name and password are typed
            services = sign_in(lang, db)
            if services is None:
                return 1
            loading.join()
            try:
                services.elections.require()
            except ElectionAltered:  # re-hashed when first read: stop, say so
                QMessageBox.critical(None, "kztally", lang.t("ui.error.election_altered"))
                return 2
            except ServiceError:
                if services.actor.role is not Role.ADMINISTRATOR:
                    QMessageBox.critical(None, "kztally", lang.t("ui.error.no_election"))
                    return 2
                if not load_election_step(lang, services):  # asked again at the next start
                    return 1
            signed_out.clear()
            window = build_window(
                lang, db, services, lambda: signed_out.append(True), audit_at_start=at_start
            )
            window.show()
            status = int(app.exec())
            QThreadPool.globalInstance().waitForDone(10000)  # reads still under way
            with contextlib.suppress(ServiceError, StorageError):
                services.sign_out()  # the session ends with its window
            if not signed_out:
                return status
    finally:
        db.close()


def smoke_test(app: QApplication) -> int:
    """Temporary database, migrated; a small mock of the bundled election; the window
    rendered offscreen in every language; fonts checked. Exit 0 when all of it works."""
    from kztally.mockgen.figures import scale_election

    started = time.perf_counter()
    saved_home = os.environ.get(config.ENV_HOME)
    with tempfile.TemporaryDirectory(prefix="kztally-smoke-") as tmp:
        os.environ[config.ENV_HOME] = tmp
        try:
            db = open_database(f"sqlite:///{Path(tmp) / 'smoke.sqlite'}", migrate=True)
            try:
                password = secrets.token_urlsafe(16)  # throwaway accounts
                services = Services.sign_in(db, "smoke", password)
                election = scale_election(quick_bundled_election(), "small", 1)
                services.elections.load_definition(election)
                services.users.add("smoke-supervisor", Role.SUPERVISOR, password)
                lang = Language("kk")
                supervisor = Services.sign_in(db, "smoke-supervisor", password)
                window = build_window(lang, db, supervisor)
                window.show()
                app.processEvents()
                for code in ("kk", "ru", "en"):
                    lang.set(code, remember=False)
                    app.processEvents()
                    if window.grab().isNull():
                        print("kztally smoke test: the window did not render", file=sys.stderr)
                        return 1
                families = QFontDatabase.families()
                font = app.font().family()
                if font not in families or not QFontDatabase.writingSystems(font):
                    print(f"kztally smoke test: font {font} missing", file=sys.stderr)
                    return 1
                window.close()
                protocols = sum(1 for _ in election.iter_protocol_keys())
            finally:
                db.close()
        finally:
            if saved_home is None:
                os.environ.pop(config.ENV_HOME, None)
            else:
                os.environ[config.ENV_HOME] = saved_home
    took = time.perf_counter() - started
    print(
        f"kztally {kztally.__version__} smoke test: ok — database migrated, "
        f"{protocols} protocols loaded, window rendered in kk/ru/en with {font} "
        f"({KAZAKH_LETTERS}), {took:.1f} s"
    )
    return 0
