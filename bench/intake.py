"""Intake of printed pages: `python -m bench.intake [--pages N] [--scale S]`.

On the mock election (its definition loaded, its training keys made by the mock, no
protocol entered), N precinct protocols are signed with their precinct commissions' keys
and printed one to a page: a minimal A4 PDF page (reportlab) with a heading and the code
drawn as one vector path, one file each. Then, in one process, `kztally intake`'s service
takes the folder in: every page rendered with pypdfium2, its code read with zxing-cpp,
verified against the key list, and taken in through the state machine, one transaction
a protocol. Prints pages per second (target: at least 20), and the share of the time
spent reading pages (render and decode) against verifying and storing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from bench.common import line
from kztally.domain.rules import Role
from kztally.formats.election_json import content_hash
from kztally.paper import digest, pages, qr
from kztally.paper.payload import CodedProtocol, election_prefix, encode
from kztally.services.context import Services
from kztally.services.mock import build, make_keys, mock_signer
from kztally.storage.database import open_database

PASSWORD = "correct horse battery"
TARGET = 20.0


def page_pdf(title: str, codes: list[bytes], groups: str) -> bytes:
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.setFont("Helvetica", 12)
    c.drawString(56, 790, title)
    module = 2.0  # points: about 4 pixels at 150 dpi
    left = 56.0
    for data in codes:
        m = qr.matrix(data)
        top = 740.0
        path = c.beginPath()
        for y, x, n in qr.runs(m):
            path.rect(left + x * module, top - (y + 1) * module, n * module, module)
        c.drawPath(path, stroke=0, fill=1)
        left += (len(m) + 2 * qr.QUIET_ZONE) * module
    c.setFont("Helvetica", 8)
    c.drawString(56, 560, groups)
    c.showPage()
    c.save()
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.intake")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--scale", default="national", choices=("national", "region", "small"))
    args = parser.parse_args()
    mock = build(7, args.scale)
    election = mock.election
    prefix = election_prefix(content_hash(election))
    at = dt.datetime(2023, 3, 19, 17, 5, tzinfo=dt.UTC)
    with tempfile.TemporaryDirectory(prefix="kztally-bench-") as tmp:
        folder = Path(tmp)
        db = open_database(f"sqlite:///{folder / 'bench.sqlite'}", migrate=True)
        admin = Services.sign_in(db, "admin", PASSWORD)
        admin.elections.load_definition(election)
        t = time.perf_counter()
        made = make_keys(admin, folder / "keys")
        line(
            "training keys made (one per commission)", f"{made}", f"{time.perf_counter() - t:.1f} s"
        )
        admin.users.add("clerk", Role.CLERK, PASSWORD)
        clerk = Services.sign_in(db, "clerk", PASSWORD)
        papers = folder / "papers"
        papers.mkdir()
        t = time.perf_counter()
        signers: dict[str, object] = {}
        chosen = mock.protocols[: args.pages]
        for n, p in enumerate(chosen):
            signer = signers.get(p.precinct)
            if signer is None:
                signer = signers[p.precinct] = mock_signer(folder / "keys", p.precinct)
            coded = CodedProtocol(prefix, p.precinct, p.contest, 1, p.first, p.acts, "", at)
            codes = encode(coded, signer)  # type: ignore[arg-type]
            pdf = page_pdf(f"{p.precinct} {p.contest}", codes, digest.printed(coded))
            (papers / f"{n:05d}.pdf").write_bytes(pdf)
        line(
            "pages printed (not timed below)", f"{len(chosen)}", f"{time.perf_counter() - t:.1f} s"
        )
        t = time.perf_counter()
        read = 0
        for path in sorted(papers.iterdir())[:100]:
            read += len(pages.codes(path.read_bytes(), path.name)[0])
        reading = (time.perf_counter() - t) / 100
        t, cpu = time.perf_counter(), time.process_time()
        reports = clerk.intake.take_in_files([papers])
        elapsed = time.perf_counter() - t
        cpu = time.process_time() - cpu
        taken = sum(1 for r in reports if r.status == "taken_in")
        refused = [r for r in reports if r.refused]
        rate = len(reports) / elapsed
        line("pages taken in", f"{taken} of {len(reports)}", f"{len(refused)} refused")
        line(
            "intake, pages per second",
            f"{rate:.1f}",
            f"target >= {TARGET:.0f} {'ok' if rate >= TARGET else 'MISSED'}",
        )
        line(
            "intake, pages per CPU second of this process",
            f"{len(reports) / cpu:.1f}",
            "(the wall clock counts other processes' load)",
        )
        line("  reading a page (render 150 dpi + decode), ms", f"{reading * 1000:.1f}")
        line(
            "  verifying and storing a protocol, ms",
            f"{(elapsed / len(reports) - reading) * 1000:.1f}",
        )
        verdict = admin.audit.verify()
        line("audit verify after intake", "holds" if verdict.holds else str(verdict.breaks[0]))
        db.close()


if __name__ == "__main__":
    main()
