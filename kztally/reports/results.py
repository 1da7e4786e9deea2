"""The results protocol of a body (the Mazhilis, a maslikhat): pure data in
(`ResultsDoc`), PDF out.

The lists' shares against the threshold (a table and a bar chart); the seat annex: the
valid total, the votes of the lists in the allocation, the Hare quota as an exact
fraction, each list's votes / quota, whole seats, remainder and seats by remainder, and
every tie with how it was settled; the single-member districts' winners; the chamber as
a hemicycle with its groups.
"""

from __future__ import annotations

from fractions import Fraction

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kztally.reports.base import BOLD, FONT, GRID, SHADE, Document, Label, styles
from kztally.reports.charts import HemicycleChart, ShareBars
from kztally.reports.data import ResultsDoc, TieRow
from kztally.reports.protocol import wrap
from kztally.reports.texts import Lang, number, seats_word, t


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def pct(f: Fraction) -> str:
    """A share in percent, two decimals (rounded once, here)."""
    return f"{round(f * 10000) / 100:.2f}"


def decimal(f: Fraction, places: int = 6) -> str:
    scaled = round(f * 10**places)
    whole, part = divmod(scaled, 10**places)
    return f"{whole}.{part:0{places}d}"


def fraction(f: Fraction) -> str:
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


_TABLE = [
    ("FONT", (0, 0), (-1, -1), FONT, 8),
    ("FONT", (0, 0), (-1, 0), BOLD, 7.5),
    ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("GRID", (0, 0), (-1, -1), 0.4, GRID),
    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("LEADING", (0, 0), (-1, -1), 9),
]


def story(doc: ResultsDoc, document: Document) -> list[Flowable]:
    lang = doc.lang
    st = styles()
    width = document.pagesize[0] - 30 * mm
    out: list[Flowable] = [Label(document, doc.body_id)]
    out.append(Paragraph(_esc(t(lang, "results_title", body=doc.body)), st["title"]))
    out.append(Spacer(0, 2 * mm))
    out.append(Paragraph(f"{t(lang, 'election')}: {_esc(doc.election)}", st["base"]))
    progress = f"{doc.accepted}/{doc.expected}"
    line = t(lang, "col_protocols") + f": {progress}"
    if doc.accepted < doc.expected:
        line += f" — <b>{t(lang, 'partial')}</b>"
    out.append(Paragraph(line, st["base"]))
    if doc.at is not None:
        out.append(
            Paragraph(t(lang, "made_at", at=doc.at.strftime("%Y-%m-%d %H:%M UTC")), st["base"])
        )
    if doc.cec_key:
        out.append(Paragraph(f"<b>{t(lang, 'key_root', fp=doc.cec_key)}</b>", st["base"]))
    if doc.lists:
        out += _shares(doc, lang, st, width)
        out += _annex(doc, lang, st)
    if doc.districts:
        out += _districts(doc, lang, st)
    out.append(CondPageBreak(95 * mm))
    out.append(Paragraph(t(lang, "chamber"), st["h2"]))
    out.append(
        Paragraph(
            t(
                lang,
                "chamber_seats",
                n=doc.seats_total,
                lists=doc.list_seats,
                districts=doc.seats_total - doc.list_seats,
            ),
            st["base"],
        )
    )
    groups = list(doc.chamber)
    decided = sum(g.seats for g in groups)
    chamber = list(groups)
    if decided < doc.seats_total:
        from kztally.reports.data import SeatGroup

        chamber.append(SeatGroup(t(lang, "undecided"), "#d9d9d9", doc.seats_total - decided))
    legend = Table(
        [[_swatch(g.colour), wrap(g.label, 62 * mm, 8), str(g.seats)] for g in chamber],
        colWidths=[6 * mm, 64 * mm, 12 * mm],
        style=[
            ("FONT", (0, 0), (-1, -1), FONT, 8),
            ("ALIGN", (2, 0), (2, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ],
    )
    out.append(
        Table(
            [[HemicycleChart(chamber, 95 * mm), legend]],
            colWidths=[100 * mm, None],
            style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE")],
            hAlign="LEFT",
        )
    )
    return out


class _Swatch(Flowable):  # type: ignore[misc]
    def __init__(self, colour: str) -> None:
        super().__init__()
        self.colour = colour
        self.width = self.height = 3.2 * mm

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (self.width, self.height)

    def draw(self) -> None:
        self.canv.setFillColor(colors.HexColor(self.colour))
        self.canv.circle(self.width / 2, self.height / 2, self.width / 2, stroke=0, fill=1)


def _swatch(colour: str) -> Flowable:
    return _Swatch(colour)


def _shares(doc: ResultsDoc, lang: Lang, st: dict[str, object], width: float) -> list[Flowable]:
    out: list[Flowable] = [Paragraph(t(lang, "shares"), st["h2"])]
    out.append(
        Paragraph(
            t(lang, "list_seats_line", seats=doc.list_seats, pct=pct(doc.threshold)),
            st["base"],
        )
    )
    rows: list[list[object]] = [
        [t(lang, "list"), t(lang, "votes"), t(lang, "share") + ", %", t(lang, "passes")]
    ]
    for r in doc.lists:
        passes = t(lang, "yes") if r.qualified else t(lang, "no")
        if r.runner_up:
            passes += " (L2)"
        rows.append([wrap(r.name, 98 * mm, 8), number(r.votes), pct(r.share), passes])
    if doc.against_all:
        rows.append([t(lang, "against_all"), number(doc.against_all), "", ""])
    out.append(
        Table(
            rows,
            colWidths=[100 * mm, 28 * mm, 22 * mm, 22 * mm],
            style=TableStyle([*_TABLE, ("ALIGN", (3, 1), (3, -1), "CENTER")]),
            hAlign="LEFT",
        )
    )
    out.append(Spacer(0, 2 * mm))
    out.append(Paragraph(t(lang, "shares_chart"), st["small"]))
    out.append(
        ShareBars(
            [(r.name, r.share, r.colour, r.qualified) for r in doc.lists],
            doc.threshold,
            min(width, 175 * mm),
            label_width=62 * mm,
        )
    )
    return out


def _annex(doc: ResultsDoc, lang: Lang, st: dict[str, object]) -> list[Flowable]:
    base = st["base"]
    out: list[Flowable] = [
        CondPageBreak(60 * mm),
        Paragraph(t(lang, "seat_annex"), st["h2"]),
        Paragraph(t(lang, "valid_total", n=number(doc.valid_total)), base),
        Paragraph(t(lang, "qualifying_total", n=number(doc.qualifying_total)), base),
    ]
    if doc.quota is None:
        out.append(Paragraph(t(lang, "no_quota"), base))
    else:
        quota = t(
            lang,
            "quota",
            num=doc.qualifying_total,
            seats=doc.list_seats,
            fraction=fraction(doc.quota),
            value=decimal(doc.quota, 4),
        )
        out.append(Paragraph(f"<b>{quota}</b>", base))
    widths = [62 * mm, 22 * mm, 24 * mm, 14 * mm, 22 * mm, 20 * mm, 16 * mm]
    heads = ("list", "votes", "votes_quota", "whole", "remainder", "rem_seats", "seats")
    rows: list[list[object]] = [
        [wrap(t(lang, h), w - 6, 7.5, BOLD) for h, w in zip(heads, widths, strict=True)]
    ]
    for r in doc.lists:
        if r.quotient is None:
            rows.append([wrap(r.name, 60 * mm, 8), number(r.votes), "—", "", "", "", "0"])
            continue
        assert r.remainder is not None
        rows.append(
            [
                wrap(r.name, 60 * mm, 8),
                number(r.votes),
                decimal(r.quotient),
                str(r.whole),
                decimal(r.remainder),
                str(r.remainder_seats),
                str(r.seats),
            ]
        )
    rows.append(
        [
            t(lang, "total"),
            number(sum(r.votes for r in doc.lists if r.quotient is not None)),
            "",
            str(sum(r.whole for r in doc.lists)),
            "",
            str(sum(r.remainder_seats for r in doc.lists)),
            str(sum(r.seats for r in doc.lists)),
        ]
    )
    out.append(Spacer(0, 1.5 * mm))
    out.append(
        Table(
            rows,
            colWidths=widths,
            style=TableStyle(
                [
                    *_TABLE,
                    ("FONT", (6, 1), (6, -1), BOLD, 8.5),
                    ("FONT", (0, -1), (-1, -1), BOLD, 8),
                    ("BACKGROUND", (0, -1), (-1, -1), SHADE),
                ]
            ),
            hAlign="LEFT",
        )
    )
    out.append(Paragraph(t(lang, "ties"), st["h2"]))
    if not doc.ties:
        out.append(Paragraph(t(lang, "no_ties"), base))
    for tie in doc.ties:
        out.append(Paragraph(_esc(tie_text(tie, lang)), base))
    if doc.notices:
        out.append(Paragraph(t(lang, "notices"), st["h2"]))
        for n in doc.notices:
            out.append(Paragraph(_esc(n), base))
    return out


def tie_text(tie: TieRow, lang: Lang) -> str:
    """A tie in words: who, on what, for how many seats, and how it was settled."""
    word = seats_word(lang, tie.seats)
    if tie.remainder is not None:
        what = t(lang, "tie_remainder", rem=decimal(tie.remainder), seats=tie.seats, word=word)
    else:
        what = t(lang, "tie_votes", votes=number(tie.votes[0]), seats=tie.seats, word=word)
    match tie.settled_by:
        case "registration":
            how = t(lang, "tie_registration", winners=", ".join(tie.winners))
        case "lot":
            how = t(
                lang,
                "tie_lot",
                winners=", ".join(tie.winners),
                ref=tie.reference,
                witnesses=", ".join(tie.witnesses),
            )
        case _:
            how = t(lang, "tie_open")
    return f"{tie.contest}: {', '.join(tie.names)} — {what}; {how}"


def _districts(doc: ResultsDoc, lang: Lang, st: dict[str, object]) -> list[Flowable]:
    rows: list[list[object]] = [
        [
            "№",
            t(lang, "district"),
            t(lang, "winner"),
            t(lang, "party"),
            wrap(t(lang, "votes"), 18 * mm, 7.5),
            wrap(t(lang, "against_all"), 18 * mm, 7.5),
        ]
    ]
    for d in doc.districts:
        winner = d.winner or t(lang, "open")
        if not d.complete:
            winner += f" ({t(lang, 'incomplete')})"
        rows.append(
            [
                str(d.number),
                wrap(f"{d.name} ({d.contest})", 44 * mm, 7.5),
                wrap(winner, 44 * mm, 8),
                wrap(d.party, 38 * mm, 7.5),
                number(d.votes),
                number(d.against_all),
            ]
        )
    table = Table(
        rows,
        colWidths=[8 * mm, 46 * mm, 46 * mm, 40 * mm, 20 * mm, 20 * mm],
        repeatRows=1,
        style=TableStyle([*_TABLE, ("ALIGN", (1, 0), (3, -1), "LEFT")]),
        hAlign="LEFT",
    )
    head = Paragraph(t(lang, "smd_winners"), st["h2"])
    return [KeepTogether([head, Spacer(0, 1 * mm)]), table]


def render(doc: ResultsDoc) -> bytes:
    """The results protocol as one PDF (portrait A4)."""
    document = Document(doc.lang, doc.marks)
    return document.build(story(doc, document))
