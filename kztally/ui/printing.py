"""Printing from the app: a document's preview, the system's print dialog and Save as PDF,
and batches of an area's precinct protocols, made in the background with a progress bar
and Cancel.

Every document comes from `services.printing` and is drawn by `kztally.reports`, as the
command line's `kztally print` does. A document kind is one entry of `KINDS`: the
fields the dialog asks for and how its PDF files are made: a precinct protocol, an area's
batch of them, a commission's summary protocol (an area and a ballot), a body's results
protocol. A protocol is signed with its own commission's private key, read from its
passphrase-protected file; a summary and the results are signed by no key and may be
printed by every role (as `kztally print summary|results`).
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.entry import State
from kztally.paper.signing import Signer
from kztally.reports.texts import LANGS, Lang
from kztally.services.errors import InvalidRequest
from kztally.services.printing import precincts_under
from kztally.ui.jobs import Cancelled, JobBar, Report
from kztally.ui.language import LANGUAGE_NAMES, Language
from kztally.ui.paper_widgets import (
    KEY_FILTER,
    PagesView,
    Retranslator,
    pdf_images,
    pdf_page_count,
    sentence,
    write_whole,
)

if TYPE_CHECKING:
    from kztally.services.context import Services

PREVIEW_DPI = 72
PREVIEW_PAGES = 20
"""The preview shows at most this many pages (a batch prints them all)."""
PRINT_DPI = 300


@dataclass(frozen=True, slots=True)
class Request:
    """What the dialog's fields say."""

    lang: Lang
    precinct: str = ""
    contest: str = ""
    """One ballot; "" for every ballot of an area."""
    area: str = ""
    copy: int | None = None
    """A certified copy's number; None for the original."""
    key: Path | None = None
    keys: Path | None = None
    """A folder of the precincts' key files, CODE.key (an area)."""
    passphrase: str = field(default="", repr=False)
    each: bool = False
    """One file per protocol (an area)."""
    body: str = ""
    """The elected body of a results protocol (MZ, ML-R05 ...)."""


Made = list[tuple[str, bytes]]
"""A document's files: (file name, PDF)."""


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of document: the fields the dialog shows (`precinct`, `contest`, `area`,
    `body`, `copy`, `key`, `keys`, `each`) and how its files are made (`make`, reporting
    progress); `preview` makes what the preview shows when that is less than the whole;
    `every_ballot`: the ballot may be "every ballot"; `signed`: made with a commission's
    key (printed by the roles that print protocols only)."""

    key: str
    fields: frozenset[str]
    make: Callable[[Services, Request, Report], Made]
    preview: Callable[[Services, Request, Report], Made] | None = None
    every_ballot: bool = False
    signed: bool = True


def _signer(request: Request, path: Path | None) -> Signer:
    if path is None:
        raise InvalidRequest("a protocol is printed with its commission's key: choose its file")
    return Signer.from_file(path.read_bytes(), request.passphrase, path.name)


def make_protocol(services: Services, request: Request, report: Report) -> Made:
    from kztally.reports.protocol import render

    report(0, 2)
    signer = _signer(request, request.key)
    doc = services.printing.protocol(
        request.precinct, request.contest, request.lang, signer, copy=request.copy
    )
    report(1, 2)
    pdf = render([doc])
    report(2, 2)
    return [(f"{doc.precinct}_{doc.contest}.pdf", pdf)]


def ready_under(services: Services, area: str, contest: str) -> list[tuple[str, str]]:
    """The accepted protocols under `area` (of one contest, or all), in precinct order."""
    election = services.elections.require()
    if not election.has_area(area):
        raise InvalidRequest(f"no area {area!r} in {election.id}")
    under = {str(p): i for i, p in enumerate(precincts_under(election, area))}
    states = services.entry.states()
    found = [
        (str(p), str(c))
        for (p, c), state in states.items()
        if p in under and state is State.ACCEPTED and (not contest or c == contest)
    ]
    return sorted(found, key=lambda k: (under[k[0]], k[1]))


def make_area(services: Services, request: Request, report: Report, limit: int = 0) -> Made:
    """Every accepted protocol under the area: one PDF, or one file each. The
    precincts' keys are read from the folder first (only those needed)."""
    from kztally.reports.protocol import render

    if request.keys is None or not request.keys.is_dir():
        raise InvalidRequest(
            "protocols are printed with their commissions' keys: choose the folder"
        )
    ready = ready_under(services, request.area, request.contest)
    if not ready:
        raise InvalidRequest(f"{request.area}: no accepted protocol to print")
    if limit:
        ready = ready[:limit]
    precincts = sorted({p for p, _ in ready})
    # the keys read, the protocols signed, then drawn: one step each, and the last
    total = len(precincts) + 2 * len(ready) + 1
    signers: dict[str, Signer] = {}
    for done, precinct in enumerate(precincts):
        report(done, total)
        path = request.keys / f"{precinct}.key"
        if path.is_file():
            signers[precinct] = _signer(request, path)
    step = len(precincts)
    docs = []
    if limit:  # a preview: the first protocols only, each signed as the batch would
        for precinct, c in ready:
            if precinct not in signers:
                raise InvalidRequest(f"no key for {precinct}: {precinct}.key is not in the folder")
            docs.append(services.printing.protocol(precinct, c, request.lang, signers[precinct]))
    else:
        contest = request.contest or None
        for doc in services.printing.protocols(request.area, contest, request.lang, signers):
            docs.append(doc)
            report(step + len(docs), total)
    step += len(docs)
    if request.each and not limit:
        out = []
        for n, doc in enumerate(docs):
            report(step + n, total)
            out.append((f"{doc.precinct}_{doc.contest}.pdf", render([doc])))
        return out
    pdf = render(docs, lambda n, _count: report(step + n, total))  # Cancel: between protocols
    report(total - 1, total)
    return [(f"{request.area}.pdf", pdf)]


def make_summary(services: Services, request: Request, report: Report) -> Made:
    """A commission's summary protocol of one ballot (`kztally print summary`)."""
    from kztally.reports.summary import render

    report(0, 2)
    doc = services.printing.summary(request.area, request.contest, request.lang)
    report(1, 2)
    pdf = render(doc)
    report(2, 2)
    return [(file_name("summary", request), pdf)]


def make_results(services: Services, request: Request, report: Report) -> Made:
    """A body's results protocol (`kztally print results`)."""
    from kztally.reports.results import render

    report(0, 2)
    doc = services.printing.results(request.body or None, request.lang)
    report(1, 2)
    pdf = render(doc)
    report(2, 2)
    return [(file_name("results", request), pdf)]


def file_name(kind: str, r: Request) -> str:
    """The file a document is saved to by default."""
    match kind:
        case "protocol":
            return f"{r.precinct}_{r.contest}.pdf"
        case "summary":
            return f"{r.area}_{r.contest}_summary.pdf"
        case "results":
            return f"{r.body or 'MZ'}_results.pdf"
        case _:
            return f"{r.area}.pdf"


KINDS: tuple[Kind, ...] = (
    Kind("protocol", frozenset({"precinct", "contest", "copy", "key"}), make_protocol),
    Kind(
        "area",
        frozenset({"area", "contest", "keys", "each"}),
        make_area,
        preview=lambda services, request, report: make_area(services, request, report, 1),
        every_ballot=True,
    ),
    Kind("summary", frozenset({"area", "contest"}), make_summary, signed=False),
    Kind("results", frozenset({"body"}), make_results, signed=False),
)
FIELDS = ("precinct", "area", "body", "contest", "copy", "key", "keys", "each")


def save_files(made: Made, target: Path, each: bool, report: Report) -> list[Path]:
    """Write the files: one to `target`, or each into the folder `target`. Everything
    goes to a `.part` file or a hidden folder beside the target first and is moved into
    place at the end: a failure or a Cancel leaves no file behind."""
    if not each:
        ((_, pdf),) = made
        report(0, 1)
        write_whole(target, pdf)
        return [target]
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kztally-print-", dir=target))
    try:
        for n, (name, pdf) in enumerate(made):
            report(n, len(made))
            (staging / name).write_bytes(pdf)
        out = []
        for name, _ in made:
            (staging / name).replace(target / name)
            out.append(target / name)
        return out
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def print_pdf(pdf: bytes, printer: QPrinter, dpi: int = PRINT_DPI) -> int:
    """Print the PDF's pages on `printer` as pictures (rendered with pypdfium2), each
    fitted to the page; returns how many pages were printed."""
    import pypdfium2 as pdfium

    from kztally.ui.paper_widgets import picture_image

    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer cannot be opened")
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            if index:
                printer.newPage()
            page = document[index]
            image = picture_image(page.render(scale=dpi / 72).to_pil())
            page.close()
            area = QRectF(painter.viewport())
            size = image.size().toSizeF().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(area.topLeft(), size), image)
        return len(document)
    finally:
        document.close()
        painter.end()


class PrintDialog(QDialog):
    """Print…: the document, its language and copy, the key; preview, print, save."""

    def __init__(
        self,
        lang: Language,
        services: Services,
        parent: QWidget | None = None,
        *,
        precinct: str = "",
        contest: str = "",
        area: str = "",
        body: str = "",
        kind: str = "protocol",
        signed: bool = True,
    ) -> None:
        """`signed`: whether the user may print the documents signed with a commission's
        key (else the summary and the results only)."""
        super().__init__(parent)
        self.setObjectName("print-dialog")
        self.lang = lang
        self.services = services
        self.election = services.elections.require()
        self.made: Made | None = None
        self.made_for: Request | None = None
        self.saved: list[Path] = []
        tr = self.tr_ = Retranslator(lang, self)

        layout = QHBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        layout.addWidget(splitter)
        side = QWidget(splitter)
        column = QVBoxLayout(side)
        self.form = QFormLayout()
        self.rows: dict[str, QWidget] = {}
        column.addLayout(self.form)

        self.kind = QComboBox(side)
        self.kind.setObjectName("print-kind")
        self.kinds = tuple(k for k in KINDS if signed or not k.signed)
        for i, k in enumerate(self.kinds):
            self.kind.addItem("", k.key)
            tr(functools.partial(self.kind.setItemText, i), f"ui.print.kind.{k.key}")
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self._row("kind", self.kind)
        self.language = QComboBox(side)
        self.language.setObjectName("print-language")
        for code in LANGS:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(lang.code)))
        self._row("language", self.language)

        self.precinct = QLineEdit(precinct, side)
        self.precinct.setObjectName("print-precinct")
        self._row("precinct", self.precinct)
        self.area = QLineEdit(area, side)
        self.area.setObjectName("print-area")
        self._row("area", self.area)
        self.body = QComboBox(side)
        self.body.setObjectName("print-body")
        for elected in self.election.bodies:
            self.body.addItem(elected.id, elected.id)
        self.body.setCurrentIndex(max(0, self.body.findData(body or "MZ")))
        tr(lambda _text: self._body_names(), "ui.print.field.body")
        self._row("body", self.body)
        self.contest = QComboBox(side)
        self.contest.setObjectName("print-contest")
        self.contest.addItem("", "")
        tr(lambda text: self.contest.setItemText(0, text), "ui.print.every_ballot")
        for c in self.election.contests:
            self.contest.addItem(f"{c.id} — {c.name}", c.id)
        self.contest.setCurrentIndex(max(0, self.contest.findData(contest)))
        self._row("contest", self.contest)

        copy_row = QWidget(side)
        copy_layout = QHBoxLayout(copy_row)
        copy_layout.setContentsMargins(0, 0, 0, 0)
        self.copy_kind = QComboBox(copy_row)
        self.copy_kind.setObjectName("print-copy-kind")
        self.copy_kind.addItem("", "original")
        self.copy_kind.addItem("", "copy")
        tr(lambda text: self.copy_kind.setItemText(0, text), "ui.print.original")
        tr(lambda text: self.copy_kind.setItemText(1, text), "ui.print.certified_copy")
        self.copy_number = QSpinBox(copy_row)
        self.copy_number.setObjectName("print-copy-number")
        self.copy_number.setRange(1, 999)
        tr(self.copy_number.setAccessibleName, "ui.print.copy_number")
        tr(self.copy_number.setToolTip, "ui.print.copy_number")
        copy_layout.addWidget(self.copy_kind, 1)
        copy_layout.addWidget(self.copy_number)
        self._row("copy", copy_row)
        self._name(self.copy_kind, "copy")
        self.copy_kind.currentIndexChanged.connect(self._copy_changed)
        self._copy_changed()

        self.key_path = QLineEdit(side)
        self.key_path.setObjectName("print-key")
        self._row("key", self._with_browse(self.key_path, folder=False))
        self._name(self.key_path, "key")
        self.keys_path = QLineEdit(side)
        self.keys_path.setObjectName("print-keys")
        self._row("keys", self._with_browse(self.keys_path, folder=True))
        self._name(self.keys_path, "keys")
        self.passphrase = QLineEdit(side)
        self.passphrase.setObjectName("print-passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self._row("passphrase", self.passphrase)
        self.each = QCheckBox(side)
        tr(self.each.setText, "ui.print.each")
        self.each.setObjectName("print-each")
        tr(self.each.setToolTip, "ui.print.each_tip")
        self._row("each", self.each)

        buttons = QHBoxLayout()
        self.preview_button = QPushButton(side)
        tr(self.preview_button.setText, "ui.print.preview")
        self.preview_button.setObjectName("print-preview")
        self.print_button = QPushButton(side)
        tr(self.print_button.setText, "ui.print.print")
        self.print_button.setObjectName("print-print")
        self.save_button = QPushButton(side)
        tr(self.save_button.setText, "ui.print.save")
        self.save_button.setObjectName("print-save")
        for b, tip in (
            (self.preview_button, "ui.print.preview_tip"),
            (self.print_button, "ui.print.print_tip"),
            (self.save_button, "ui.print.save_tip"),
        ):
            tr(b.setToolTip, tip)
            tr(b.setAccessibleDescription, tip)
            buttons.addWidget(b)
        column.addLayout(buttons)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(self.save)
        self.jobs = JobBar(lang, side)
        column.addWidget(self.jobs)
        self.message = QLabel(side)
        self.message.setObjectName("print-message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.message)
        column.addStretch(1)
        close = QPushButton(side)
        tr(close.setText, "ui.dialog.close")
        close.setObjectName("print-close")
        close.clicked.connect(self.reject)
        column.addWidget(close)

        self.pages = PagesView(lang, splitter)
        self.pages.setObjectName("print-pages")
        tr(self.pages.setAccessibleName, "ui.print.pages")
        self.pages.setMinimumWidth(640)
        splitter.addWidget(side)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)

        QShortcut(QKeySequence("F5"), self, self.preview)
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        QShortcut(QKeySequence("F1"), self, self.show_keys)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        tr(self.setWindowTitle, "ui.print.title")
        self.resize(1200, 820)

    # -- the form -------------------------------------------------------------------------
    def _row(self, name: str, widget: QWidget) -> None:
        label = QLabel(self)
        label.setBuddy(widget)
        self.tr_(label.setText, f"ui.print.field.{name}")
        self._name(widget, name)
        self.form.addRow(label, widget)
        self.rows[name] = widget

    def _name(self, widget: QWidget, name: str) -> None:
        self.tr_(widget.setAccessibleName, f"ui.print.field.{name}")
        self.tr_(widget.setToolTip, f"ui.print.tip.{name}")

    def _with_browse(self, edit: QLineEdit, *, folder: bool) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        button = QPushButton(box)
        self.tr_(button.setText, "ui.paper.browse")
        button.setObjectName(f"{edit.objectName()}-browse")

        def browse() -> None:
            if folder:
                chosen = QFileDialog.getExistingDirectory(self, self.lang.t("ui.print.field.keys"))
            else:
                chosen, _ = QFileDialog.getOpenFileName(
                    self, self.lang.t("ui.print.field.key"), edit.text(), KEY_FILTER
                )
            if chosen:
                edit.setText(chosen)

        button.clicked.connect(browse)
        row.addWidget(edit, 1)
        row.addWidget(button)
        return box

    def _body_names(self) -> None:
        """The bodies' names in the screen's language."""
        code = self.lang.code
        for i, elected in enumerate(self.election.bodies):
            name = elected.names.get(code) or elected.name
            self.body.setItemText(i, f"{elected.id} — {name}")

    def current_kind(self) -> Kind:
        key = self.kind.currentData()
        return next(k for k in self.kinds if k.key == key)

    def _kind_changed(self, *_: object) -> None:
        kind = self.current_kind()
        fields = kind.fields
        for name in FIELDS:
            self.form.setRowVisible(self.rows[name], name in fields)
        self.form.setRowVisible(self.rows["passphrase"], bool({"key", "keys"} & fields))
        every = self.contest.model().item(0)  # type: ignore[attr-defined]
        every.setEnabled(kind.every_ballot)
        if not kind.every_ballot and self.contest.currentIndex() == 0:
            self.contest.setCurrentIndex(1 if self.contest.count() > 1 else 0)

    def _copy_changed(self, *_: object) -> None:
        self.copy_number.setEnabled(self.copy_kind.currentData() == "copy")

    def request(self) -> Request:
        lang = self.language.currentData()
        assert lang in LANGS
        key = self.key_path.text().strip()
        keys = self.keys_path.text().strip()
        return Request(
            lang=lang,
            precinct=self.precinct.text().strip(),
            contest=str(self.contest.currentData() or ""),
            area=self.area.text().strip(),
            copy=self.copy_number.value() if self.copy_kind.currentData() == "copy" else None,
            key=Path(key) if key else None,
            keys=Path(keys) if keys else None,
            passphrase=self.passphrase.text(),
            each=self.each.isChecked(),
            body=str(self.body.currentData() or ""),
        )

    def problem(self) -> str:
        """What is missing from the form, as a sentence ("" when nothing)."""
        kind = self.current_kind()
        fields = kind.fields
        r = self.request()
        t = self.lang.t
        if "precinct" in fields and not r.precinct:
            return t("ui.print.need", field=t("ui.print.field.precinct"))
        if "area" in fields and not r.area:
            return t("ui.print.need", field=t("ui.print.field.area"))
        if "contest" in fields and not kind.every_ballot and not r.contest:
            return t("ui.print.need", field=t("ui.print.field.contest"))
        if "key" in fields and r.key is None:
            return t("ui.print.need", field=t("ui.print.field.key"))
        if "keys" in fields and r.keys is None:
            return t("ui.print.need", field=t("ui.print.field.keys"))
        return ""

    # -- making, previewing, printing, saving ---------------------------------------------
    def _run(
        self,
        title_key: str,
        work: Callable[[Report], object],
        then: Callable[[object], None],
    ) -> bool:
        problem = self.problem()
        if problem:
            self.message.setText(problem)
            return False
        if self.jobs.busy():
            return False
        self.message.setText("")
        self._busy(True)

        def done(result: object) -> None:
            self._busy(False)
            if isinstance(result, _Failed):
                self.message.setText(result.text)
            else:
                then(result)

        def failed(text: str) -> None:
            self._busy(False)
            self.message.setText(text)

        def cancelled() -> None:
            self._busy(False)
            self.message.setText(self.lang.t("ui.print.cancelled"))

        lang = self.lang

        def guarded(report: Report) -> object:
            try:
                return work(report)
            except Cancelled:
                raise
            except Exception as exc:  # a sentence on the dialog, not a traceback
                return _Failed(sentence(lang, exc))

        self.jobs.start(self.lang.t(title_key), guarded, done, failed, cancelled)
        return True

    def _busy(self, busy: bool) -> None:
        for b in (self.preview_button, self.print_button, self.save_button):
            b.setEnabled(not busy)

    def preview(self) -> None:
        kind = self.current_kind()
        request = self.request()
        make = kind.preview or kind.make
        self._run(
            "ui.print.making",
            lambda report: make(self.services, request, report),
            lambda made: self._show(made, request, whole=kind.preview is None),
        )

    def _show(self, made: object, request: Request, *, whole: bool) -> None:
        assert isinstance(made, list)
        if whole:
            self.made, self.made_for = made, request
        name, pdf = made[0]
        count = pdf_page_count(pdf)
        self.pages.show_images(pdf_images(pdf, PREVIEW_DPI, PREVIEW_PAGES))
        t = self.lang.t
        shown = t("ui.print.shown", name=name, pages=count)
        if count > PREVIEW_PAGES:
            shown += " " + t("ui.print.first_pages", n=PREVIEW_PAGES)
        if not whole:
            shown += " " + t("ui.print.first_only")
        self.message.setText(shown)

    def _with_made(self, then: Callable[[Made], None]) -> None:
        """`then` with the whole document, made now unless the preview made it already
        from the same fields."""
        request = self.request()
        if self.made is not None and self.made_for == request:
            then(self.made)
            return
        kind = self.current_kind()

        def keep(made: object) -> None:
            assert isinstance(made, list)
            self.made, self.made_for = made, request
            then(made)

        self._run("ui.print.making", lambda report: kind.make(self.services, request, report), keep)

    def print_(self) -> None:
        """Print…: the system's print dialog, then every page of the document."""
        if self.request().each and "each" in self.current_kind().fields:
            self.message.setText(self.lang.t("ui.print.print_each"))
            return

        def go(made: Made) -> None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self)
            dialog.setWindowTitle(self.lang.t("ui.print.print"))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            self.print_to(printer, made)

        self._with_made(go)

    def print_to(self, printer: QPrinter, made: Made | None = None) -> int:
        made = made if made is not None else self.made
        if not made:
            return 0
        try:
            count = print_pdf(made[0][1], printer)
        except OSError as exc:
            self.message.setText(sentence(self.lang, exc))
            return 0
        self.message.setText(self.lang.t("ui.print.printed", pages=count))
        return count

    def save(self) -> None:
        """Save as PDF…: a file (a folder for one file per protocol)."""
        if problem := self.problem():
            self.message.setText(problem)
            return
        r = self.request()
        each = r.each and "each" in self.current_kind().fields
        t = self.lang.t
        if each:
            chosen = QFileDialog.getExistingDirectory(self, t("ui.print.save"))
        else:
            name = file_name(self.current_kind().key, r)
            chosen, _ = QFileDialog.getSaveFileName(self, t("ui.print.save"), name, "PDF (*.pdf)")
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, target: Path) -> bool:
        """Make the document (in the background) and write it to `target` (a folder for
        one file per protocol); returns whether the job started."""
        request = self.request()
        kind = self.current_kind()
        each = request.each and "each" in kind.fields
        cached = self.made if self.made is not None and self.made_for == request else None

        def work(report: Report) -> object:
            last = [0, 1]

            def making(done: int, total: int) -> None:
                last[:] = [done, total + 1]  # the writing is the last step
                report(done, total + 1)

            def writing(_done: int, _total: int) -> None:
                report(last[1] - 1, last[1])  # Cancel still ends it: nothing is left

            made = cached if cached is not None else kind.make(self.services, request, making)
            return save_files(made, target, each, writing)

        def done(result: object) -> None:
            assert isinstance(result, list)
            self.saved = result
            where = str(target)
            self.message.setText(self.lang.t("ui.print.saved", n=len(result), path=where))

        return self._run("ui.print.saving", work, done)

    def show_keys(self) -> None:
        from kztally.ui.help import ShortcutsDialog

        ShortcutsDialog(self.lang, "print", [], self).exec()

    def done(self, result: int) -> None:
        if self.jobs.busy():
            self.jobs.cancel()
            self.jobs.wait(10000)
        super().done(result)


@dataclass(frozen=True, slots=True)
class _Failed:
    """A job's failure, put in words in the user's language."""

    text: str
