"""Printing precinct protocols: `python -m bench.print [N [RUNS]]` (default 1,000, 3).

In one process, on the national mock (seed 1): N precinct protocols (the first N of the
mock, every ballot type) built as the printing service builds them (names, the signed
code, its SHA-256) and drawn by `kztally.reports` into one PDF; against a bare reportlab
page with the same table and a zxing-cpp code drawn as one path, written without
kztally's code. Target: within 1.5x the bare page. The two are timed in turns, RUNS
times each; the best of each, their range and the ratios (wall and CPU time) are
printed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import statistics
import sys
import time

import zxingcpp
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table

from bench.common import line
from kztally.bundle import resource
from kztally.domain.protocol import Figures
from kztally.paper import digest as paper_digest
from kztally.paper.payload import CodedProtocol, encode
from kztally.paper.signing import Signer
from kztally.reports.data import Formal, Marks, ProtocolDoc
from kztally.reports.protocol import render
from kztally.reports.texts import in_words, t
from kztally.services.mock import build
from kztally.services.printing import address


def docs(n: int) -> tuple[list[ProtocolDoc], list[tuple[list[str], Figures]]]:
    mock = build(1, "national")
    election = mock.election
    signer = Signer.generate()
    at = dt.datetime(2023, 3, 19, 23, 0, tzinfo=dt.UTC)
    out: list[ProtocolDoc] = []
    bare: list[tuple[list[str], Figures]] = []
    for p in mock.protocols[:n]:
        area, contest, f = election.area(p.precinct), election.contest(p.contest), p.first
        coded = CodedProtocol(bytes(8), p.precinct, p.contest, 1, f, p.acts, "", at)
        names = [c.name for c in contest.choices]
        out.append(
            ProtocolDoc(
                "kk", Marks(True, False, "1:0123456789abcdef"), election.name,
                t("kk", "precinct_commission", n=area.number), area.code, area.number or "",
                address(election, area, "kk"), contest.id, contest.name, 1,
                tuple(v or 0 for v in f.lines), tuple(names), tuple(v or 0 for v in f.votes),
                f.against_all, Formal(), (), None, tuple(encode(coded, signer)), "0000",
                paper_digest.groups(paper_digest.of_protocol(coded)), at, None,
            )
        )  # fmt: skip
        bare.append((names, f))
    return out, bare


_RUN = re.compile(b"\x01+")


def bare_pdf(items: list[tuple[list[str], Figures]]) -> bytes:
    """The same table and a zxing-cpp code a page, with reportlab alone."""
    pdfmetrics.registerFont(TTFont("Bare", str(resource("fonts", "DejaVuSans.ttf"))))
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    signer = Signer.generate()
    for names, f in items:
        rows = [["No.", "Line", "Figure", "In words"]]
        values = [*f.lines, *f.votes, f.against_all]
        labels = [t("kk", f"line_{i}") for i in range(1, 9)] + names + ["against all"]
        for i, (label, v) in enumerate(zip(labels, values, strict=True), 1):
            rows.append([str(i), label, str(v), in_words(v or 0, "kk")])
        table = Table(rows, colWidths=[30, 250, 50, 200])
        table.setStyle(
            [("FONT", (0, 0), (-1, -1), "Bare", 8), ("GRID", (0, 0), (-1, -1), 0.4, "grey")]
        )
        _, h = table.wrapOn(c, 530, 800)
        table.drawOn(c, 35, 780 - h - 150)
        data = signer.sign(repr(values).encode())[:64] + bytes(60)
        img = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
        view = memoryview(img.to_image(scale=1, add_quiet_zones=False))
        size = view.shape[0]
        px = view.tobytes().translate(bytes(1 if v < 128 else 0 for v in range(256)))
        path = c.beginPath()
        for y in range(size):
            for m in _RUN.finditer(px[y * size : (y + 1) * size]):
                path.rect(
                    400 + m.start() * 2.4, 800 - (y + 1) * 2.4, (m.end() - m.start()) * 2.4, 2.4
                )
        c.drawPath(path, stroke=0, fill=1)
        c.setFont("Bare", 12)
        c.drawString(35, 800, "Protocol")
        c.showPage()
    c.save()
    return buf.getvalue()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    print(f"printing {n} precinct protocols of the national mock, one process")
    t0 = time.perf_counter()
    made, bare = docs(n)
    line("mock built and documents' data made", f"{time.perf_counter() - t0:.1f} s")
    render(made[:5])  # fonts registered, as a batch would have them
    bare_pdf(bare[:5])
    ours: list[tuple[float, float]] = []  # (wall, CPU) seconds of each run
    theirs: list[tuple[float, float]] = []
    size = 0
    for _ in range(runs):  # interleaved, so both see the same load of a shared machine
        t0, c0 = time.perf_counter(), time.process_time()
        size = len(render(made))
        ours.append((time.perf_counter() - t0, time.process_time() - c0))
        t0, c0 = time.perf_counter(), time.process_time()
        bare_pdf(bare)
        theirs.append((time.perf_counter() - t0, time.process_time() - c0))
    walls, bare_walls = [w for w, _ in ours], [w for w, _ in theirs]
    line(
        "kztally.reports: protocols/s (best; range)",
        f"{n / min(walls):.1f}",
        f"({n / max(walls):.0f}-{n / min(walls):.0f}; {size // n} bytes a protocol)",
    )
    line(
        "bare reportlab page with the same table and a code: pages/s",
        f"{n / min(bare_walls):.1f}",
        f"({n / max(bare_walls):.0f}-{n / min(bare_walls):.0f})",
    )
    wall = sorted(a / b for a, b in zip(walls, bare_walls, strict=True))
    cpu = sorted(a[1] / b[1] for a, b in zip(ours, theirs, strict=True))
    line(
        "ratio kztally / bare, wall time (median of runs)",
        f"{statistics.median(wall):.2f}x",
        f"(runs: {', '.join(f'{r:.2f}' for r in wall)}) target: within 1.5x",
    )
    line(
        "ratio kztally / bare, CPU time (median of runs)",
        f"{statistics.median(cpu):.2f}x",
        f"(runs: {', '.join(f'{r:.2f}' for r in cpu)}; steadier on a busy machine)",
    )


if __name__ == "__main__":
    main()
