"""The precinct protocol, one per ballot type: pure data in (`ProtocolDoc`), PDF out.

Header (election, commission, precinct number and address, ballot type), the formal
parts, lines 1-8 in the paper's wording with the law's totals (3 + 4, 6 + 7), every
list or candidate in ballot order and against all, each figure also in words, the
warnings accepted with their reasons and a breach with its act, signature lines, and
the signed code (one vector path a part) with the protocol's SHA-256 in groups of four
hex digits below it. `copy` makes a certified copy with its number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from kztally.domain.formal import long_count
from kztally.reports.base import (
    BOLD,
    FONT,
    GRID,
    SHADE,
    Code,
    Document,
    Label,
    para,
    styles,
    table,
)
from kztally.reports.data import ProtocolDoc
from kztally.reports.texts import Lang, in_words, t


def _when(at: dt.datetime | None, lang: Lang) -> str:
    return t(lang, "not_recorded") if at is None else at.strftime("%Y-%m-%d %H:%M %Z").strip()


def _count(n: int | None, lang: Lang) -> str:
    return t(lang, "not_recorded") if n is None else f"{n} ({in_words(n, lang)})"


def story(doc: ProtocolDoc, document: Document) -> list[Flowable]:
    """The protocol's flowables (a batch concatenates them)."""
    lang = doc.lang
    st = styles()
    out: list[Flowable] = [Label(document, f"{doc.precinct}/{doc.contest}")]
    copy = t(lang, "certified_copy", n=doc.copy) if doc.copy else t(lang, "original")
    head = table(
        [
            [
                para(f"<b>{copy}</b>", st["base"]),
                para(f"{doc.precinct} · {doc.contest}", st["small"]),
            ]
        ],
        colWidths=[None, 45 * mm],
        style=[("ALIGN", (1, 0), (1, 0), "RIGHT"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
    )
    out += [head, para(t(lang, "protocol_title"), st["title"]), Spacer(0, 2 * mm)]
    rows = [
        (t(lang, "election"), doc.election),
        (t(lang, "commission"), doc.commission),
        ("", t(lang, "precinct", n=doc.number)),
        (t(lang, "location"), doc.address),
        (t(lang, "ballot"), f"{doc.ballot} ({doc.contest})"),
        ("", t(lang, "round", n=doc.round)),
    ]
    info = [[a, wrap(b, 90 * mm, 8.5)] for a, b in rows]
    codes = [Code(data) for data in doc.codes]
    right: list[Flowable] = list(codes[:1])
    if doc.digest:
        rows4 = [" ".join(doc.digest[i : i + 4]) for i in range(0, len(doc.digest), 4)]
        right.append(para(t(lang, "digest"), st["small"]))
        right.append(para(f"<font name='{BOLD}'>{'<br/>'.join(rows4)}</font>", st["mono"]))
    header = table(
        [[table(info, colWidths=[28 * mm, None], style=[*_PLAIN, *_CELLS]), right]],
        colWidths=[None, max(codes[0].size if codes else 0, 38 * mm) + 2],
        style=[("VALIGN", (0, 0), (-1, -1), "TOP"), *_PLAIN],
    )
    out.append(header)
    f = doc.formal
    members = _count(f.members_present, lang)
    if f.members_present is not None and f.members_total is not None:
        members = f"{f.members_present} / {f.members_total} ({in_words(f.members_present, lang)})"
    formal = [
        (t(lang, "members_present"), members),
        (t(lang, "count_began"), _when(f.count_began, lang)),
        (
            t(lang, "count_ended"),
            _when(f.count_ended, lang) + (f" — {t(lang, 'long_count')}" if long_count(f) else ""),
        ),
        (t(lang, "requests"), _count(f.requests, lang)),
    ]
    out.append(para(t(lang, "formal"), st["h2"]))
    out.append(
        table(
            [[wrap(a, 68 * mm, 7.5), b] for a, b in formal],
            colWidths=[70 * mm, 110 * mm],
            hAlign="LEFT",
            style=[*_PLAIN, *_CELLS, ("LINEBELOW", (0, 0), (-1, -1), 0.25, GRID)],
        )
    )
    out.append(Spacer(0, 3 * mm))
    out.append(_figures_table(doc, st))
    if doc.warnings or doc.breach:
        out.append(para(t(lang, "warnings"), st["h2"]))
        for code, reason in doc.warnings:
            out.append(para(f"<b>{code}</b>: {_esc(reason)}", st["base"]))
        if doc.breach is not None:
            ref, reason = doc.breach
            out.append(para(f"<b>{_esc(t(lang, 'breach', ref=ref))}</b>", st["base"]))
            out.append(para(f"{t(lang, 'reason')}: {_esc(reason)}", st["base"]))
    out.append(CondPageBreak(40 * mm))
    out.append(_signatures(doc, st))
    if codes:
        extra: list[Flowable] = []
        if len(codes) > 1:
            extra.append(table([codes[1:]], hAlign="LEFT", style=_PLAIN))
        note = t(lang, "code_note", parts=len(codes), key=doc.key)
        extra.append(para(note, st["small"]))
        out.append(KeepTogether(extra))
    return out


_CELLS = [
    ("FONT", (0, 0), (0, -1), FONT, 7.5),
    ("FONT", (1, 0), (1, -1), FONT, 8.5),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
]
_PLAIN = [
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ("TOPPADDING", (0, 0), (-1, -1), 1),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
]


@lru_cache(maxsize=50_000)
def wrap(text: str, width: float, size: float = 8, font: str = FONT) -> str:
    """Text broken into lines that fit `width` points, as a table cell draws it (far
    cheaper than a Paragraph a cell)."""
    return "\n".join(simpleSplit(text, font, size, width))


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _figures_table(doc: ProtocolDoc, st: dict[str, object]) -> Table:
    lang = doc.lang
    rows: list[list[object]] = [
        [t(lang, "col_line"), t(lang, "col_what"), t(lang, "col_figure"), t(lang, "col_words")]
    ]
    shaded: list[int] = []

    def row(num: str, what: str, value: int, *, shade: bool = False) -> None:
        rows.append([num, wrap(what, 92 * mm), str(value), wrap(in_words(value, lang), 56 * mm)])
        if shade:
            shaded.append(len(rows) - 1)

    lines = doc.lines
    for n in range(1, 9):
        row(str(n), t(lang, f"line_{n}"), lines[n - 1])
        if n == 4:
            row("3+4", t(lang, "received"), lines[2] + lines[3], shade=True)
        if n == 7:
            row("6+7", t(lang, "took_part"), lines[5] + lines[6], shade=True)
    first_vote = len(rows)
    for i, (name, v) in enumerate(zip(doc.choices, doc.votes, strict=True), start=9):
        row(str(i), name, v)
    if doc.against_all is not None:
        row(str(9 + len(doc.choices)), t(lang, "against_all"), doc.against_all)
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("FONT", (0, 0), (-1, 0), BOLD, 8),
        ("FONT", (2, 1), (2, -1), BOLD, 9),
        ("ALIGN", (2, 0), (2, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEABOVE", (0, first_vote), (-1, first_vote), 1.2, colors.black),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("LEADING", (0, 0), (-1, -1), 9),
    ]
    style += [("BACKGROUND", (0, r), (-1, r), SHADE) for r in shaded]
    return table(
        rows,
        colWidths=[10 * mm, 95 * mm, 16 * mm, 59 * mm],
        repeatRows=1,
        style=TableStyle(style),
    )


def _signatures(doc: ProtocolDoc, st: dict[str, object]) -> Flowable:
    lang = doc.lang
    line = "_" * 22
    left = ["chair", "deputy", "secretary"]
    rows = [[t(lang, left[i]), line, t(lang, "member"), line] for i in range(3)] + [
        ["", "", t(lang, "member"), line]
    ]
    at = _when(doc.signed_at, lang) if doc.signed_at else "____________ __:__"
    lines = table(
        rows,
        colWidths=[46 * mm, 46 * mm, 33 * mm, None],
        style=[("FONT", (0, 0), (-1, -1), FONT, 8.5), ("TOPPADDING", (0, 0), (-1, -1), 3)],
    )
    return KeepTogether(
        [
            para(t(lang, "signatures"), st["h2"]),
            lines,
            para(f"{t(lang, 'signed_on', at=at)}    {t(lang, 'seal')}", st["base"]),
        ]
    )


class _Drawn(Flowable):  # type: ignore[misc]
    """Calls `progress(n, total)` when the page drawing reaches it (takes no room): a
    batch's progress, and the place where a Cancel raised from `progress` stops it."""

    def __init__(self, progress: Callable[[int, int], None], n: int, total: int) -> None:
        super().__init__()
        self.progress, self.n, self.total = progress, n, total
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        self.progress(self.n, self.total)


def render(
    docs: Sequence[ProtocolDoc], progress: Callable[[int, int], None] | None = None
) -> bytes:
    """One PDF of one or more protocols (each starting on a new page). Every protocol
    of a batch shares the first's language and marks. `progress(done, total)` is called
    as each protocol is drawn; an exception it raises ends the drawing (nothing is
    returned)."""
    if not docs:
        raise ValueError("no protocol to print")
    document = Document(docs[0].lang, docs[0].marks)
    flow: list[Flowable] = []
    for i, doc in enumerate(docs):
        if i:
            flow.append(PageBreak())
        if progress is not None:
            flow.append(_Drawn(progress, i, len(docs)))
        flow += story(doc, document)
    return document.build(flow)
