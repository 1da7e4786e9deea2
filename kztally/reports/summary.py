"""The summary protocol of a territorial commission (a district or city, a region, the
CEC) for one ballot: pure data in (`SummaryDoc`), PDF out, on landscape pages.

A head (commission, election, ballot, when made, counting progress, the CEC key's
fingerprint where keys exist), a table of the units below with the number of their
protocols accepted, lines 1-8, every list or candidate and against all (columns headed
by the protocol's line numbers, named in the legend below), then the total; a ballot too
wide for one table continues in further tables, the units repeated. Then the precincts
whose protocols are not accepted yet.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from kztally.reports.base import BOLD, FONT, GRID, SHADE, Document, Label, styles
from kztally.reports.data import SummaryDoc, SummaryRow
from kztally.reports.protocol import wrap
from kztally.reports.texts import Lang, number, t

COLUMNS = 18
"""Figure columns a table holds at most (a wider ballot continues below, the units
repeated)."""
NAME_WIDTH = 48 * mm


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def story(doc: SummaryDoc, document: Document) -> list[Flowable]:
    lang = doc.lang
    st = styles()
    out: list[Flowable] = [Label(document, f"{doc.area}/{doc.contest}")]
    out.append(Paragraph(t(lang, "summary_title"), st["title"]))
    out.append(Paragraph(_esc(doc.commission), st["title"]))
    out.append(Spacer(0, 2 * mm))
    out.append(Paragraph(f"{t(lang, 'election')}: {_esc(doc.election)}", st["base"]))
    out.append(
        Paragraph(
            f"{t(lang, 'ballot')}: <b>{_esc(doc.ballot)}</b> ({doc.contest}) · {doc.area}",
            st["base"],
        )
    )
    if doc.at is not None:
        out.append(
            Paragraph(t(lang, "made_at", at=doc.at.strftime("%Y-%m-%d %H:%M UTC")), st["base"])
        )
    out.append(Paragraph(t(lang, "progress_title"), st["h2"]))
    out.append(
        Paragraph(
            t(
                lang,
                "progress",
                expected=doc.expected,
                accepted=doc.accepted,
                pending=doc.pending,
                missing=doc.missing,
                annulled=doc.annulled,
            ),
            st["base"],
        )
    )
    if doc.cec_key:
        out.append(Paragraph(f"<b>{t(lang, 'key_root', fp=doc.cec_key)}</b>", st["base"]))
    out.append(Spacer(0, 3 * mm))
    # the columns carry the protocol's line numbers: 1-8, then the lists or candidates
    # in ballot order (9, 10, ...) and against all; the legend below names them
    names = [t(lang, f"line_{n}") for n in range(1, 9)] + list(doc.choices)
    if doc.total.against_all is not None:
        names.append(t(lang, "against_all"))
    heads = [str(n) for n in range(1, len(names) + 1)]
    fig_w, per_table = _columns(doc, document)
    for start in range(0, len(heads), per_table):
        stop = min(start + per_table, len(heads))
        out.append(_table(doc, heads, start, stop, fig_w))
        out.append(Spacer(0, 3 * mm))
    legend = "; ".join(f"<b>{n}</b> {_esc(name)}" for n, name in enumerate(names, start=1))
    out.append(Paragraph(f"{t(lang, 'legend')}: {legend}", st["small"]))
    out.append(Paragraph(t(lang, "missing_list"), st["h2"]))
    if not doc.outstanding:
        out.append(Paragraph(t(lang, "none_missing"), st["base"]))
    else:
        out.append(_missing(doc, lang))
    return out


def _cells(row: SummaryRow, start: int, stop: int) -> list[str]:
    figures = [*row.lines, *row.votes]
    if row.against_all is not None:
        figures.append(row.against_all)
    return [number(v) for v in figures[start:stop]]


def _columns(doc: SummaryDoc, document: Document) -> tuple[float, int]:
    """(width of a figure column, figure columns a table): as many as fit the page at the
    width the largest figure needs (the total's), at most `COLUMNS`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widest = max(stringWidth(v, BOLD, 7) for v in _cells(doc.total, 0, 10_000))
    room = document.pagesize[0] - 30 * mm - NAME_WIDTH - 18 * mm
    per_table = max(1, min(COLUMNS, int(room // (widest + 6))))
    return room / per_table, per_table


def _table(doc: SummaryDoc, heads: list[str], start: int, stop: int, fig_w: float) -> Table:
    n = stop - start
    head = [t(doc.lang, "unit"), t(doc.lang, "col_protocols")]
    head += heads[start:stop]
    rows: list[list[str]] = [head]
    for u in doc.units:
        name = wrap(f"{u.name} ({u.code})", NAME_WIDTH - 6, 7)
        rows.append([name, f"{u.accepted}/{u.expected}", *_cells(u, start, stop)])
    total = doc.total
    rows.append([total.name, f"{total.accepted}/{total.expected}", *_cells(total, start, stop)])
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 7),
        ("FONT", (0, 0), (-1, 0), BOLD, 7),
        ("FONT", (0, -1), (-1, -1), BOLD, 7),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.3, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("BACKGROUND", (0, -1), (-1, -1), SHADE),
        ("LINEABOVE", (0, -1), (-1, -1), 1.0, colors.black),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("LEADING", (0, 0), (-1, -1), 8),
    ]
    if start < 8:  # the lines apart from the votes
        edge = 2 + (8 - start)
        if edge < 2 + n:
            style.append(("LINEBEFORE", (edge, 0), (edge, -1), 1.0, colors.black))
    return Table(
        rows,
        colWidths=[NAME_WIDTH, 18 * mm, *([fig_w] * n)],
        repeatRows=1,
        style=TableStyle(style),
        hAlign="LEFT",
    )


def _missing(doc: SummaryDoc, lang: Lang) -> Table:
    per_row = 4
    cells = [
        f"{m.precinct} (№ {m.number}) · {m.unit} · {t(lang, 'state_' + m.state)}"
        for m in doc.outstanding
    ]
    rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
    rows[-1] += [""] * (per_row - len(rows[-1]))
    return Table(
        rows,
        colWidths=[66 * mm] * per_row,
        hAlign="LEFT",
        style=[
            ("FONT", (0, 0), (-1, -1), FONT, 7),
            ("TOPPADDING", (0, 0), (-1, -1), 0.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ],
    )


def render(doc: SummaryDoc) -> bytes:
    """The summary protocol as one PDF (landscape A4)."""
    document = Document(doc.lang, doc.marks, landscape_pages=True)
    return document.build(story(doc, document))
