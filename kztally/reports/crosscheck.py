"""The discrepancy report: pure data in (`DiscrepancyDoc`), PDF out.

What it was checked against, the counts, the verdict (could the differences, or the
protocols not yet counted, change a seat or a winner?) with each contest's margin and
the differences summed per list or candidate; then every copy whose figures differ:
its precinct and ballot, whose copy, its certification, each differing figure with
both values, and its scan where one is attached as an image. Then the copies with no
official protocol and the official protocols with no copy. The marks of every document
(TRAINING, official or unofficial, the audit log's head) on every page.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kztally.reports.base import BOLD, FONT, GRID, SHADE, Document, Label, styles
from kztally.reports.crosscheck_data import CopySection, DiscrepancyDoc
from kztally.reports.crosscheck_texts import w

SCAN_WIDTH = 120 * mm
SCAN_HEIGHT = 150 * mm


def _p(text: str, style: str = "base") -> Paragraph:
    return Paragraph(escape(text), styles()[style])


def _table(rows: list[list[str]], widths: list[float | None], head: bool = True) -> Flowable:
    if not rows:
        return Spacer(0, 0)
    st = styles()
    data = [[Paragraph(escape(c), st["small"]) for c in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1 if head else 0)
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 7.5),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if head:
        style += [("BACKGROUND", (0, 0), (-1, 0), SHADE), ("FONT", (0, 0), (-1, 0), BOLD, 7.5)]
    table.setStyle(TableStyle(style))
    return table


def _scan(data: bytes) -> Image | None:
    try:
        image = Image(io.BytesIO(data))
    except Exception:  # a scan reportlab cannot draw is left out, not fatal
        return None
    iw, ih = image.imageWidth, image.imageHeight
    if not iw or not ih:
        return None
    scale = min(SCAN_WIDTH / iw, SCAN_HEIGHT / ih)
    image.drawWidth, image.drawHeight = iw * scale, ih * scale
    image.hAlign = "LEFT"
    return image


def _section(doc: DiscrepancyDoc, s: CopySection, document: Document) -> list[Flowable]:
    lang = doc.lang
    out: list[Flowable] = [Label(document, s.precinct.split()[0])]
    head: list[Flowable] = [_p(f"{s.precinct} · {s.contest}", "h2")]
    facts = [[w(lang, "xc_observer"), s.observer], [w(lang, "xc_origin"), s.origin]]
    facts += [[label, value] for label, value in s.certification]
    head.append(_table(facts, [45 * mm, None], head=False))
    head.append(Spacer(0, 1.5 * mm))
    rows = [
        [w(lang, "xc_line"), "", w(lang, "xc_official"), w(lang, "xc_copy"), w(lang, "xc_delta")]
    ]
    rows += [[r.line, r.name, r.official, r.copy, r.delta] for r in s.rows]
    head.append(_table(rows, [18 * mm, None, 24 * mm, 24 * mm, 22 * mm]))
    if s.context:
        head.append(_p(s.context, "small"))
    out.append(KeepTogether(head))
    if s.scan is not None:
        image = _scan(s.scan)
        if image is not None:
            out += [Spacer(0, 1.5 * mm), KeepTogether([_p(w(lang, "xc_scan"), "small"), image])]
    if s.scan_note:
        out.append(_p(s.scan_note, "small"))
    out.append(Spacer(0, 3 * mm))
    return out


def story(doc: DiscrepancyDoc, document: Document) -> list[Flowable]:
    lang = doc.lang
    out: list[Flowable] = [
        _p(w(lang, "xc_title"), "title"),
        _p(doc.election),
        _p(doc.against),
        Spacer(0, 2 * mm),
        _table([[k, v] for k, v in doc.summary], [80 * mm, None], head=False),
        Spacer(0, 2 * mm),
        _p(w(lang, "xc_can_it_matter"), "h2"),
        _p(doc.verdict),
    ]
    for c in doc.contests:
        block: list[Flowable] = [_p(c.contest, "h2"), _p(c.margin, "small")]
        if c.totals:
            block.append(_p(w(lang, "xc_totals"), "small"))
            block.append(_table([[k, v] for k, v in c.totals], [80 * mm, 30 * mm], head=False))
        block += [_p(c.differences, "small"), _p(c.outstanding, "small")]
        out.append(KeepTogether(block))
    if doc.sections:
        out.append(Spacer(0, 3 * mm))
        for s in doc.sections:
            out += _section(doc, s, document)
    else:
        out.append(_p(w(lang, "xc_nothing"), "h2"))
    out.append(Label(document, ""))
    for title, items in (("xc_no_official", doc.no_official), ("xc_missing", doc.missing)):
        out.append(_p(w(lang, title), "h2"))
        out.append(_p("; ".join(items) if items else w(lang, "xc_none"), "small"))
    return out


def render(doc: DiscrepancyDoc) -> bytes:
    document = Document(doc.lang, doc.marks)
    return document.build(story(doc, document))
