"""The paper screens driven as a user would, over real services on a real SQLite file:
the print dialog (preview, Save as PDF read back with pypdfium2, a printer writing a PDF,
a batch with its progress and its Cancel that leaves no file), Take in protocols (a
printed PDF read, shown with what will happen, confirmed, accepted; the register; a
watched folder), and the commission keys screen (new, certify, revoke)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
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
from kztally.storage.database import open_database
from kztally.ui.help import ShortcutsDialog
from kztally.ui.intake import IntakeDialog, TypedDialog
from kztally.ui.keys import KeysDialog
from kztally.ui.language import Language
from kztally.ui.paper_menu import navigator_menu
from kztally.ui.printing import PrintDialog
from tests.conftest import PASSWORD
from tests.reports.pdftext import page_count, text

from .conftest import ServicesFactory, when_modal
from .test_entry_flow import activate

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


def save_watching(
    qtbot: QtBot, dialog: PrintDialog, target: Path, progress: Callable[[int, int], None]
) -> None:
    """Save to `target` with `progress` told of each step, and wait for the end."""
    assert dialog.save_to(target)
    job = dialog.jobs.job
    assert job is not None
    job.signals.progress.connect(progress)
    finish(qtbot, dialog)


def print_dialog(qtbot: QtBot, lang: Language, s: Services, **kw: str) -> PrintDialog:
    dialog = PrintDialog(lang, s, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_protocol_is_previewed_saved_as_pdf_and_printed(
    qtbot: QtBot,
    lang: Language,
    services: ServicesFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keys_folder(services, tmp_path / "keys")
    monkeypatch.chdir(tmp_path)
    keys = Path("keys")  # as a user picks it, near their work
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
    qtbot: QtBot,
    lang: Language,
    services: ServicesFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keys = keys_folder(services, tmp_path / "keys")
    monkeypatch.chdir(tmp_path)
    accept(services, P1, P2, P3)
    dialog = print_dialog(qtbot, lang, services("sup", Role.SUPERVISOR), area="R01-D01")
    dialog.kind.setCurrentIndex(dialog.kind.findData("area"))
    dialog.contest.setCurrentIndex(dialog.contest.findData(MZL))
    dialog.keys_path.setText("keys")
    dialog.passphrase.setText(PASSPHRASE)
    dialog.each.setChecked(True)

    # the preview shows the first protocol, signed as the batch will sign it
    dialog.preview()
    finish(qtbot, dialog)
    assert len(dialog.pages.pages) >= 1
    assert dialog.message.text().startswith("R01-D01.pdf — pages: ")
    assert "Only the first protocol is shown; saving prints them all." in dialog.message.text()
    shot(dialog, tmp_path, "print-area-en.png")

    # a precinct whose key file is not in the folder: refused before anything is drawn
    partial = tmp_path / "partial"
    shutil.copytree(keys, partial)
    (partial / "P00002.key").unlink()
    dialog.keys_path.setText(str(partial))
    assert dialog.save_to(tmp_path / "refused")
    finish(qtbot, dialog)
    assert "no key for 1 precinct(s): P00002" in dialog.message.text()
    assert not (tmp_path / "refused").exists() or not list((tmp_path / "refused").iterdir())
    dialog.keys_path.setText(str(keys))

    # Cancel pressed at the first progress: nothing is written
    out = tmp_path / "each"
    seen: list[tuple[int, int]] = []

    def cancel_at_once(done: int, total: int) -> None:
        seen.append((done, total))
        dialog.jobs.cancel()

    save_watching(qtbot, dialog, out, cancel_at_once)
    assert seen and seen[0][1] > 1
    assert dialog.message.text() == "Cancelled: no file was written."
    assert not out.exists() or list(out.iterdir()) == []

    # the whole batch: one file per protocol, the progress bar moving to its end
    values: list[int] = []
    save_watching(qtbot, dialog, out, lambda done, total: values.append(done))
    assert sorted(p.name for p in out.iterdir()) == [
        "P00001_MZ-L.pdf",
        "P00002_MZ-L.pdf",
        "P00003_MZ-L.pdf",
    ]
    assert values == sorted(values) and len(values) > 3
    assert "P00002" in text((out / "P00002_MZ-L.pdf").read_bytes())
    assert dialog.message.text() == f"Files saved: 3 — {out}"

    # one PDF of them all: a Cancel while the protocols are drawn leaves no file either
    dialog.each.setChecked(False)
    one = tmp_path / "area.pdf"
    drawn: list[int] = []

    def cancel_while_drawing(done: int, total: int) -> None:
        if done > 3 + 3:  # three keys read, three protocols signed: now drawn
            drawn.append(done)
            dialog.jobs.cancel()

    save_watching(qtbot, dialog, one, cancel_while_drawing)
    assert drawn and dialog.message.text() == "Cancelled: no file was written."
    assert not one.exists() and not (tmp_path / "area.pdf.part").exists()

    assert dialog.save_to(one)
    finish(qtbot, dialog)
    words = text(one.read_bytes())
    assert all(p in words for p in (P1, P2, P3))
    assert page_count(one.read_bytes()) >= 3


def test_printed_protocols_are_taken_in_through_the_screen(
    qtbot: QtBot, lang: Language, services: ServicesFactory, tmp_path: Path
) -> None:
    keys = keys_folder(services, tmp_path / "keys")
    accept(services, P1, P2, P3)
    # the precincts' papers, printed as their commissions print them
    scans = tmp_path / "scans"
    scans.mkdir()
    for p, code in ((P1, "kk"), (P2, "ru"), (P3, "en")):
        signer = Signer.from_file((keys / f"{p}.key").read_bytes(), PASSPHRASE)
        doc = services("clerk1").printing.protocol(p, MZL, code, signer)  # type: ignore[arg-type]
        (scans / f"{p.lower()}.pdf").write_bytes(render([doc]))
    (scans / "note.png").write_bytes(b"not a picture")
    district = make_district(services, tmp_path)
    typist = Services.sign_in(district.db, "typist", PASSWORD)
    # at the district: P00001 typed in from its paper already, the same; P00003 typed
    # with a slip; P00002 not at all
    typist.entry.enter(P1, MZL, clean(1), expected_version=typist.entry.view(P1, MZL).version)
    typist.entry.enter(P3, MZL, clean(9), expected_version=typist.entry.view(P3, MZL).version)

    dialog = IntakeDialog(lang, district)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.read_files(sorted(scans.iterdir()))
    finish(qtbot, dialog)
    rows = {
        dialog.table.item(r, 0).text(): [dialog.table.item(r, c).text() for c in range(5)]
        for r in range(dialog.table.rowCount())
    }
    assert rows["p00001.pdf"][1:] == [
        "P00001",
        "MZ-L",
        "agrees with the typed entry → accepted",
        "waiting for confirmation",
    ]
    assert rows["p00002.pdf"][3] == "new: the code stands for both entries → accepted"
    assert rows["p00003.pdf"][3] == "differs from the typed entry → to the supervisor"
    assert rows["note.png"][3] == "refused: unreadable: no code could be read"
    # nothing is taken in before the receiver confirms
    assert district.entry.view(P2, MZL).state is State.NOT_ENTERED
    dialog.table.selectRow(list(rows).index("p00002.pdf"))
    assert "Lines 1–8: 1000, 600, 550" in dialog.details.text()
    assert "Votes: 302, 148, 100" in dialog.details.text()
    assert len(dialog.page.pages) == 1 and not dialog.page.pages[0].pixmap().isNull()
    shot(dialog, tmp_path, "intake-en.png")

    dialog.take_in()
    finish(qtbot, dialog)
    done = {dialog.table.item(r, 0).text(): dialog.table.item(r, 4).text() for r in range(4)}
    assert done["p00001.pdf"] == "taken in (accepted)"
    assert done["p00002.pdf"] == "taken in (accepted)"
    assert done["p00003.pdf"] == "taken in (entries differ)"
    assert dialog.message.text() == "Taken in: 3; unchanged: 0; refused: 0."
    for p in (P1, P2):
        view = district.entry.view(p, MZL)
        assert view.state is State.ACCEPTED and view.figures == clean(int(p[1:]))
    assert district.entry.view(P3, MZL).state is State.ENTRIES_DIFFER
    assert not dialog.take_button.isEnabled()  # nothing left to confirm

    # the same paper again: foreseen as unchanged
    dialog.clear()
    dialog.read_files([scans / "p00002.pdf"])
    finish(qtbot, dialog)
    assert dialog.table.item(0, 3).text() == (
        "already accepted with the same figures: nothing changes"
    )

    # the register: the papers arrived, from their files; the others are missing
    dialog.tabs.setCurrentIndex(1)
    arrived = {
        dialog.arrived.item(r, 0).text(): dialog.arrived.item(r, 7).text()
        for r in range(dialog.arrived.rowCount())
    }
    assert arrived == {"P00001": "p00001.pdf", "P00002": "p00002.pdf", "P00003": "p00003.pdf"}
    assert dialog.arrived.item(0, 3).text() == "signed code"
    missing = {
        (dialog.missing.item(r, 0).text(), dialog.missing.item(r, 1).text())
        for r in range(dialog.missing.rowCount())
    }
    assert (P1, "MZ-S01") in missing and ("P00004", MZL) in missing
    assert not {(P1, MZL), (P2, MZL), (P3, MZL)} & missing
    assert dialog.missing_label.text() == f"Papers still missing: {dialog.missing.rowCount()}"
    dialog.tabs.setCurrentIndex(0)

    lang.set("kk", remember=False)
    kk = IntakeDialog(lang, district)
    qtbot.addWidget(kk)
    kk.show()
    qtbot.waitExposed(kk)
    kk.read_files([scans / "p00001.pdf", scans / "p00003.pdf", scans / "note.png"])
    finish(qtbot, kk)
    kk.table.selectRow(0)
    shot(kk, tmp_path, "intake-kk.png")
    district.db.close()


def make_district(services: ServicesFactory, tmp_path: Path) -> Services:
    """The district commission's own database: the same election, the key list taken in
    from the precincts' side (the root named by its fingerprint, as read by phone), a
    receiving clerk signed in and a typist."""
    election = services("admin").elections.require()
    db = open_database(f"sqlite:///{tmp_path / 'district.sqlite'}", migrate=True)
    admin = Services.sign_in(db, "admin", PASSWORD)
    admin.elections.load_definition(election)
    precinct_side = services("admin").keys
    root = next(k for k in precinct_side.list() if k.commission == "KZ").fingerprint
    admin.keys.import_keys(precinct_side.export(), "keys.json", root)
    admin.users.add("receiver", Role.CLERK, PASSWORD)
    admin.users.add("typist", Role.CLERK, PASSWORD)
    return Services.sign_in(db, "receiver", PASSWORD)


def coded_page(services: ServicesFactory, keys: Path, folder: Path) -> None:
    """A page holding P00002's signed code alone (p2.pdf), its figures never entered
    on this side."""
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
    (folder / "p2.pdf").write_bytes(buffer.getvalue())


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
    coded_page(services, keys, tmp_path)
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
    qtbot: QtBot,
    lang: Language,
    services: ServicesFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
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

    exported = Path("keys.json")
    assert dialog.export_to(exported)
    assert dialog.message.text() == "Keys written: 2 — keys.json"
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


def test_a_paper_whose_code_cannot_be_read_is_typed_with_two_hash_groups(
    qtbot: QtBot, lang: Language, services: ServicesFactory, tmp_path: Path
) -> None:
    keys = keys_folder(services, tmp_path / "keys")
    accept(services, P2)
    signer = Signer.from_file((keys / "P00002.key").read_bytes(), PASSPHRASE)
    doc = services("clerk1").printing.protocol(P2, MZL, "en", signer)
    district = make_district(services, tmp_path)
    dialog = TypedDialog(lang, district, P2, MZL)
    qtbot.addWidget(dialog)
    dialog.show()
    assert len(dialog.lines) == 8 and len(dialog.votes) == 3 and dialog.against is not None
    figures = clean(2)
    for edit, value in zip(dialog.lines, figures.lines, strict=True):
        edit.setText(str(value))
    for edit, value in zip(dialog.votes, figures.votes, strict=True):
        edit.setText(str(value))
    dialog.against.setText("15")

    # a slip in the groups: refused in words, nothing stored
    dialog.groups.setText("0000 1111")
    dialog.enter()
    assert "the groups typed are not the paper's for these figures" in dialog.message.text()
    assert district.entry.view(P2, MZL).state is State.NOT_ENTERED
    dialog.votes[0].setText("3O2")
    dialog.enter()
    assert dialog.message.text() == "List A: “3O2” is not a whole number."

    dialog.votes[0].setText("302")
    dialog.groups.setText(f"{doc.digest[0]} {doc.digest[5]}")
    dialog.act.setChecked(True)  # an act the paper does not name: not this paper
    dialog.reference.setText("Act 3")
    dialog.enter()
    assert "the groups typed are not the paper's for these figures" in dialog.message.text()
    dialog.act.setChecked(False)
    dialog.enter()
    assert dialog.result() == TypedDialog.DialogCode.Accepted
    assert dialog.done_text == "P00002/MZ-L entered, bound to its paper (first entry made)."
    assert district.entry.view(P2, MZL).state is State.FIRST_ENTRY
    (paper,) = district.intake.papers()
    assert (paper.precinct, paper.how) == (P2, "typed")
    district.db.close()


def test_print_from_the_window_takes_the_protocol_shown(
    qtbot: QtBot, window: object, services: ServicesFactory
) -> None:
    accept(services, P1)
    w = window("clerk3", Role.CLERK)  # type: ignore[operator]
    w.open_protocol(P1, MZL)
    w.paper_actions["print"].trigger()
    (dialog,) = w.findChildren(PrintDialog)
    assert (dialog.precinct.text(), dialog.contest.currentData()) == (P1, MZL)
    assert dialog.current_kind().key == "protocol"
    dialog.close()
    # the navigator's rows: a protocol's menu prints it, an area's prints the area's
    model = w.navigator.model
    menu = navigator_menu(w, model.index_of_key((P2, MZL)))
    (item,) = menu.actions()
    assert item.text() == "Print the protocol…"
    item.trigger()
    second = [d for d in w.findChildren(PrintDialog) if d is not dialog]
    assert [(d.precinct.text(), d.current_kind().key) for d in second] == [(P2, "protocol")]
    area_item, summary_item = navigator_menu(w, model.index_of_area(AreaCode("R01-D01"))).actions()
    assert area_item.text() == "Print an area's protocols…"
    assert summary_item.text() == "Print the summary…"
    area_item.trigger()
    areas = [d for d in w.findChildren(PrintDialog) if d.current_kind().key == "area"]
    assert [d.area.text() for d in areas] == ["R01-D01"]
    w.paper_actions["intake"].trigger()
    assert len(w.findChildren(IntakeDialog)) == 1
    w.paper_actions["keys"].trigger()
    (keys,) = w.findChildren(KeysDialog)
    assert not keys.buttons["new"].isVisible()  # a clerk reads the list only


def test_f1_tooltips_and_accessible_names_on_the_paper_screens(
    qtbot: QtBot, lang: Language, services: ServicesFactory
) -> None:
    clerk = services("clerk1")
    seen: list[tuple[str, list[tuple[str, str]]]] = []

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, ShortcutsDialog)
        seen.append((dialog.screen_name, dialog.texts()))
        dialog.close()

    screens: list[PrintDialog | IntakeDialog | KeysDialog] = [
        PrintDialog(lang, clerk, precinct=P1, contest=MZL),
        IntakeDialog(lang, clerk),
        KeysDialog(lang, services("admin")),
    ]
    for screen, name, row in zip(
        screens,
        ("print", "intake", "keys"),
        (("F5", "Preview"), ("Ctrl+Enter", "Take in the protocols read"), ("Ctrl+N", "A new key")),
        strict=True,
    ):
        qtbot.addWidget(screen)
        screen.show()
        qtbot.waitExposed(screen)
        activate(qtbot, screen)
        when_modal(qtbot, read)
        qtbot.keyClick(screen.focusWidget() or screen, Qt.Key.Key_F1)
        assert seen and seen[-1][0] == name
        assert row in seen[-1][1]
    p = screens[0]
    assert isinstance(p, PrintDialog)
    for w in (p.kind, p.language, p.precinct, p.contest, p.copy_kind, p.key_path, p.passphrase):
        assert w.accessibleName() and w.toolTip()
    for b in (p.preview_button, p.print_button, p.save_button):
        assert b.toolTip()
    i = screens[1]
    assert isinstance(i, IntakeDialog)
    for b in (i.choose_button, i.watch_button, i.take_button, i.typed_button):
        assert b.toolTip() and b.accessibleDescription()
    assert i.table.accessibleName() == "Protocols read"
