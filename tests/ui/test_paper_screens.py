"""The paper screens driven as a user would, over real services on a real SQLite file:
the print dialog (preview, Save as PDF read back with pypdfium2, a printer writing a PDF,
a batch with its progress and its Cancel that leaves no file), Take in protocols (a
printed PDF read, shown with what will happen, confirmed, accepted; the register; a
watched folder), and the commission keys screen (new, certify, revoke)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.paper.signing import Signer
from kztally.reports.protocol import render
from kztally.services.context import Services
from kztally.ui.intake import IntakeDialog
from kztally.ui.keys import KeysDialog
from kztally.ui.language import Language
from kztally.ui.printing import PrintDialog
from tests.reports.pdftext import page_count, text

from .conftest import ServicesFactory

MZL = ContestId("MZ-L")
P1, P2, P3 = AreaCode("P00001"), AreaCode("P00002"), AreaCode("P00003")
PASSPHRASE = "mock training key"
SHOTS = os.environ.get("KZTALLY_SCREENSHOTS")
"""A folder to keep the screenshots in (docs/screenshots); they are taken either way."""


def clean(k: int = 0) -> Figures:
    return Figures((1000, 600, 550, 20, 30, 550, 20, 5), (300 + k, 150 - k, 100), 15)


def keys_folder(services: ServicesFactory, folder: Path) -> Path:
    """Every commission's training key, each in its file CODE.key."""
    folder.mkdir()
    files: dict[str, bytes] = {}
    services("admin").keys.make_training_keys(PASSPHRASE, files.__setitem__)
    for code, data in files.items():
        (folder / f"{code}.key").write_bytes(data)
    return folder


def accept(services: ServicesFactory, *precincts: AreaCode) -> None:
    """Each protocol entered twice, the same: accepted (figures differing from precinct
    to precinct: identical protocols would be flagged)."""
    for p in precincts:
        for clerk in ("clerk1", "clerk2"):
            s = services(clerk)
            version = s.entry.view(p, MZL).version
            s.entry.enter(p, MZL, clean(int(p[1:])), expected_version=version)
        assert services("clerk1").entry.view(p, MZL).state is State.ACCEPTED


def finish(qtbot: QtBot, dialog: PrintDialog | IntakeDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.jobs.busy(), timeout=60000)
    QApplication.processEvents()


def shot(widget: QWidget, tmp_path: Path, name: str) -> Path:
    QApplication.processEvents()
    folder = Path(SHOTS) if SHOTS else tmp_path
    path = folder / name
    assert widget.grab().save(str(path))
    return path


def print_dialog(qtbot: QtBot, lang: Language, s: Services, **kw: str) -> PrintDialog:
    dialog = PrintDialog(lang, s, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_protocol_is_previewed_saved_as_pdf_and_printed(
    qtbot: QtBot, lang: Language, services: ServicesFactory, tmp_path: Path
) -> None:
    keys = keys_folder(services, tmp_path / "keys")
    accept(services, P1)
    dialog = print_dialog(qtbot, lang, services("clerk1"), precinct=P1, contest=MZL)
    assert dialog.precinct.text() == P1 and dialog.contest.currentData() == MZL

    # without its key nothing is made, and the form says what is missing
    dialog.preview()
    assert dialog.message.text() == "Fill in: Commission's key."
    # a wrong passphrase is a sentence, not a traceback
    dialog.key_path.setText(str(keys / "P00001.key"))
    dialog.passphrase.setText("not the passphrase")
    dialog.preview()
    finish(qtbot, dialog)
    assert "wrong passphrase" in dialog.message.text()
    assert dialog.pages.pages == []
    # another commission's key is refused by the service, in words
    dialog.key_path.setText(str(keys / "P00002.key"))
    dialog.passphrase.setText(PASSPHRASE)
    dialog.preview()
    finish(qtbot, dialog)
    assert "P00001 cannot be signed with this key" in dialog.message.text()

    dialog.key_path.setText(str(keys / "P00001.key"))
    dialog.language.setCurrentIndex(dialog.language.findData("kk"))
    dialog.copy_kind.setCurrentIndex(1)
    dialog.copy_number.setValue(3)
    dialog.preview()
    finish(qtbot, dialog)
    assert len(dialog.pages.pages) >= 1
    assert not dialog.pages.pages[0].pixmap().isNull()
    assert dialog.pages.pages[0].pixmap().width() > 500
    assert dialog.message.text().startswith("P00001_MZ-L.pdf — pages: ")
    shot(dialog, tmp_path, "print-preview-en.png")

    # Save as PDF: the file read back holds the protocol's words, in Kazakh
    target = tmp_path / "out" / "p1.pdf"
    target.parent.mkdir()
    assert dialog.save_to(target)
    finish(qtbot, dialog)
    assert dialog.saved == [target]
    words = text(target.read_bytes())
    assert "P00001" in words and "MZ-L" in words
    assert "Куәландырылған көшірме" in words or "көшірме" in words.lower()
    assert any(letter in words for letter in "ӘҒҚҢӨҰҮҺІәғқңөұүһі")
    assert list(target.parent.iterdir()) == [target]  # no .part left

    # the printer (here one that writes a PDF) gets every page
    printed = tmp_path / "printer.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    pages = dialog.print_to(printer)
    assert pages == page_count(target.read_bytes()) >= 1
    assert page_count(printed.read_bytes()) == pages
    assert dialog.message.text() == f"Printed, pages: {pages}."

    lang.set("kk", remember=False)
    kk = print_dialog(qtbot, lang, services("clerk1"), precinct=P1, contest=MZL)
    kk.key_path.setText(str(keys / "P00001.key"))
    kk.passphrase.setText(PASSPHRASE)
    kk.preview()
    finish(qtbot, kk)
    shot(kk, tmp_path, "print-preview-kk.png")


def test_an_area_batch_shows_progress_and_a_cancel_leaves_no_file(
    qtbot: QtBot, lang: Language, services: ServicesFactory, tmp_path: Path
) -> None:
    keys = keys_folder(services, tmp_path / "keys")
    accept(services, P1, P2, P3)
    dialog = print_dialog(qtbot, lang, services("sup", Role.SUPERVISOR), area="R01-D01")
    dialog.kind.setCurrentIndex(dialog.kind.findData("area"))
    dialog.contest.setCurrentIndex(dialog.contest.findData(MZL))
    dialog.keys_path.setText(str(keys))
    dialog.passphrase.setText(PASSPHRASE)
    dialog.each.setChecked(True)

    # Cancel pressed at the first progress: nothing is written
    out = tmp_path / "each"
    seen: list[tuple[int, int]] = []

    def cancel_at_once(done: int, total: int) -> None:
        seen.append((done, total))
        dialog.jobs.cancel()

    assert dialog.save_to(out)
    job = dialog.jobs.job
    assert job is not None
    job.signals.progress.connect(cancel_at_once)
    finish(qtbot, dialog)
    assert seen and seen[0][1] > 1
    assert dialog.message.text() == "Cancelled: no file was written."
    assert not out.exists() or list(out.iterdir()) == []

    # the whole batch: one file per protocol, the progress bar moving to its end
    values: list[int] = []
    assert dialog.save_to(out)
    job = dialog.jobs.job
    assert job is not None
    job.signals.progress.connect(lambda done, total: values.append(done))
    finish(qtbot, dialog)
    assert sorted(p.name for p in out.iterdir()) == [
        "P00001_MZ-L.pdf",
        "P00002_MZ-L.pdf",
        "P00003_MZ-L.pdf",
    ]
    assert values == sorted(values) and len(values) > 3
    assert "P00002" in text((out / "P00002_MZ-L.pdf").read_bytes())
    assert dialog.message.text() == f"Files saved: 3 — {out}"

    # one PDF of them all
    dialog.each.setChecked(False)
    one = tmp_path / "area.pdf"
    assert dialog.save_to(one)
    finish(qtbot, dialog)
    words = text(one.read_bytes())
    assert all(p in words for p in (P1, P2, P3))
    assert page_count(one.read_bytes()) >= 3


def test_a_printed_protocol_is_taken_in_through_the_screen(
    qtbot: QtBot, lang: Language, services: ServicesFactory, tmp_path: Path
) -> None:
    keys = keys_folder(services, tmp_path / "keys")
    accept(services, P1)
    # the precinct's paper, printed as the precinct commission prints it
    printer = services("clerk1")
    signer = Signer.from_file((keys / "P00001.key").read_bytes(), PASSPHRASE)
    pdf = render([printer.printing.protocol(P1, MZL, "ru", signer)])
    scans = tmp_path / "scans"
    scans.mkdir()
    (scans / "p1.pdf").write_bytes(pdf)
    (scans / "note.png").write_bytes(b"not a picture")

    # the receiving desk: a fresh database would have nothing; here P00001 is accepted
    # already with the same figures, so it is foreseen as unchanged; a second protocol
    # is not entered yet and is taken in new.
    accept_p2_by_code(services, keys, scans)
    clerk = services("receiver")
    dialog = IntakeDialog(lang, clerk)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.read_files(sorted(scans.iterdir()))
    finish(qtbot, dialog)
    rows = {
        dialog.table.item(r, 0).text(): [dialog.table.item(r, c).text() for c in range(5)]
        for r in range(dialog.table.rowCount())
    }
    assert rows["p1.pdf"][1:] == [
        "P00001",
        "MZ-L",
        "already accepted with the same figures: nothing changes",
        "waiting for confirmation",
    ]
    assert rows["p2.pdf"][3] == "new: the code stands for both entries → accepted"
    assert rows["note.png"][3] == "refused: unreadable: no code could be read"
    # nothing is taken in before the receiver confirms
    assert clerk.entry.view(P2, MZL).state is State.NOT_ENTERED
    dialog.table.selectRow(list(rows).index("p2.pdf"))
    assert "Lines 1–8: 1000, 600, 550" in dialog.details.text()
    assert len(dialog.page.pages) == 1 and not dialog.page.pages[0].pixmap().isNull()
    shot(dialog, tmp_path, "intake-en.png")

    dialog.take_in()
    finish(qtbot, dialog)
    done = {dialog.table.item(r, 0).text(): dialog.table.item(r, 4).text() for r in range(3)}
    assert done["p2.pdf"] == "taken in (accepted)"
    assert done["p1.pdf"] == "unchanged"
    assert dialog.message.text() == "Taken in: 1; unchanged: 1; refused: 0."
    view = clerk.entry.view(P2, MZL)
    assert view.state is State.ACCEPTED and view.figures == clean(2)
    assert not dialog.take_button.isEnabled()  # nothing left to confirm

    # the register: both papers arrived, from their files; the others are missing
    dialog.tabs.setCurrentIndex(1)
    arrived = {
        dialog.arrived.item(r, 0).text(): dialog.arrived.item(r, 7).text()
        for r in range(dialog.arrived.rowCount())
    }
    assert arrived == {"P00001": "p1.pdf", "P00002": "p2.pdf"}
    assert dialog.arrived.item(0, 3).text() == "signed code"
    missing = {
        (dialog.missing.item(r, 0).text(), dialog.missing.item(r, 1).text())
        for r in range(dialog.missing.rowCount())
    }
    assert (P3, MZL) in missing and (P1, "MZ-S01") in missing
    assert (P1, MZL) not in missing and (P2, MZL) not in missing
    assert dialog.missing_label.text() == f"Papers still missing: {dialog.missing.rowCount()}"
    dialog.tabs.setCurrentIndex(0)

    lang.set("kk", remember=False)
    kk = IntakeDialog(lang, clerk)
    qtbot.addWidget(kk)
    kk.show()
    kk.read_files([scans / "p1.pdf", scans / "p2.pdf"])
    finish(qtbot, kk)
    kk.table.selectRow(1)
    shot(kk, tmp_path, "intake-kk.png")


def accept_p2_by_code(services: ServicesFactory, keys: Path, scans: Path) -> None:
    """P00002 accepted and printed at its precinct; the database the desk uses is the
    same file, so P00002 is made 'not entered' by printing from a second protocol: the
    test prints P00002's paper from figures its precinct commission signed (the code
    carries them), without entering them here."""
    from kztally.formats.election_json import content_hash
    from kztally.paper.payload import CodedProtocol, election_prefix

    election = services("admin").elections.require()
    signer = Signer.from_file((keys / "P00002.key").read_bytes(), PASSPHRASE)
    coded = CodedProtocol(
        election_prefix(content_hash(election)),
        P2,
        MZL,
        1,
        clean(2),
        frozenset(),
        "",
        services("admin").clock().replace(microsecond=0),
    )
    import io

    from PIL import Image

    from kztally.paper import qr
    from kztally.paper.payload import encode

    codes = encode(coded, signer)
    page = Image.new("L", (1240, 1754), 255)
    for n, c in enumerate(codes):
        page.paste(qr.image(qr.matrix(c), scale=4), (60 + 420 * n, 60))
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=150)
    (scans / "p2.pdf").write_bytes(buffer.getvalue())


def test_a_watched_folder_reads_a_file_once_it_holds_still(
    qtbot: QtBot, lang: Language, services: ServicesFactory, tmp_path: Path
) -> None:
    keys = keys_folder(services, tmp_path / "keys")
    scans = tmp_path / "scans"
    scans.mkdir()
    dialog = IntakeDialog(lang, services("receiver"))
    qtbot.addWidget(dialog)
    dialog.watch(scans)
    assert dialog.watch_button.isChecked()
    accept_p2_by_code(services, keys, tmp_path)
    shutil.copy(tmp_path / "p2.pdf", scans / "p2.pdf")
    dialog.scan()  # first look: its size is noted
    assert dialog.table.rowCount() == 0
    dialog.scan()  # second look, the same size: read
    finish(qtbot, dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 3).text().startswith("new:")
    dialog.scan()  # read once only
    finish(qtbot, dialog)
    assert dialog.table.rowCount() == 1
    dialog.stop_watching()
    assert dialog.folder is None


def test_a_keys_round_new_certify_revoke(
    qtbot: QtBot, lang: Language, services: ServicesFactory, tmp_path: Path
) -> None:
    admin = services("admin")
    dialog = KeysDialog(lang, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.table.rowCount() == 0
    assert dialog.buttons["new"].isVisible()

    assert dialog.make("KZ", tmp_path / "KZ.key", PASSPHRASE)
    assert dialog.make("R01", tmp_path / "R01.key", PASSPHRASE)
    assert (tmp_path / "KZ.key").stat().st_mode & 0o077 == 0
    # one key a commission: refused in words, and no file is left
    assert not dialog.make("R01", tmp_path / "R01-again.key", PASSPHRASE)
    assert "R01 has a key already" in dialog.message.text()
    assert not (tmp_path / "R01-again.key").exists()

    states = [dialog.table.item(r, 2).text() for r in range(2)]
    assert states == ["not certified · training"] * 2
    fingerprint = dialog.table.item(0, 1).text()
    assert len(fingerprint.split(" ")) == 8 and all(len(g) == 4 for g in fingerprint.split(" "))

    cec = Signer.from_file((tmp_path / "KZ.key").read_bytes(), PASSPHRASE)
    region = Signer.from_file((tmp_path / "R01.key").read_bytes(), PASSPHRASE)
    kz_key, r01_key = dialog.keys
    # the region cannot certify the CEC's root
    assert not dialog.certify_with(kz_key, region)
    assert "certified with its own private key" in dialog.message.text()
    assert dialog.certify_with(kz_key, cec)
    assert dialog.certify_with(dialog.keys[1], cec)
    assert [dialog.table.item(r, 2).text() for r in range(2)] == ["certified · training"] * 2
    assert dialog.table.item(0, 3).text() == "itself (the root)"
    assert dialog.table.item(1, 3).text() == "KZ"
    dialog.table.selectRow(1)
    assert dialog.fingerprint.text().startswith("R01: ")
    assert not dialog.buttons["certify"].isEnabled()
    assert dialog.buttons["revoke"].isEnabled()

    assert dialog.revoke_with(dialog.keys[1], "stolen with the laptop")
    assert dialog.table.item(1, 2).text() == "revoked · training"
    assert dialog.message.text().startswith("Key of R01 revoked: ")
    assert admin.keys.list()[1].revocation is not None
    assert r01_key.fingerprint == admin.keys.list()[1].fingerprint
    assert not dialog.buttons["revoke"].isEnabled()

    exported = tmp_path / "keys.json"
    assert dialog.export_to(exported)
    assert '"kztally.keys"' in exported.read_text(encoding="utf-8")
    shot(dialog, tmp_path, "keys-en.png")
    events = [e.code for e in admin.audit.show()]
    assert events.count("key.created") == 2 and "key.revoked" in events
    assert admin.audit.verify().holds

    # a clerk sees the list, with no action but export
    clerk = KeysDialog(lang, services("clerk1"))
    qtbot.addWidget(clerk)
    clerk.show()
    assert clerk.table.rowCount() == 2
    assert not clerk.buttons["new"].isVisible() and not clerk.buttons["revoke"].isVisible()
    assert not clerk.make("R02", tmp_path / "R02.key", PASSPHRASE)

    lang.set("ru", remember=False)
    ru = KeysDialog(lang, admin)
    qtbot.addWidget(ru)
    ru.show()
    ru.table.selectRow(0)
    shot(ru, tmp_path, "keys-ru.png")


@pytest.mark.parametrize(
    ("role", "print_", "intake", "keys"),
    [
        (Role.CLERK, True, True, True),
        (Role.SUPERVISOR, True, True, True),
        (Role.OBSERVER, False, False, True),
        (Role.ADMINISTRATOR, True, False, True),
    ],
)
def test_the_paper_menu_follows_the_role(
    window: object, role: Role, print_: bool, intake: bool, keys: bool
) -> None:
    name = "admin" if role is Role.ADMINISTRATOR else f"u-{role.value}"
    w = window(name, role)  # type: ignore[operator]
    actions = w.paper_actions
    assert actions["print"].isVisible() is print_
    assert actions["print_area"].isVisible() is print_
    assert actions["intake"].isVisible() is intake
    assert actions["keys"].isVisible() is keys
    assert actions["print"].shortcut().toString() == "Ctrl+P"
    assert actions["intake"].text() == "Take in protocols…"
