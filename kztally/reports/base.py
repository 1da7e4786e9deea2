"""What every document shares: the embedded DejaVu font, the styles, the marks on every
page (TRAINING, unofficial or official, the audit log's head, the page number) and the
signed code drawn as one vector path.

reportlab's built-in fonts have no Cyrillic: the bundled DejaVu Sans is registered
(once a process) as a TrueType font, embedded in every PDF as a subset, so the text
extracted from the PDF gives back the same letters.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from kztally.bundle import resource
from kztally.paper import qr
from kztally.reports.data import Marks
from kztally.reports.texts import Lang, t

FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
MARGIN = 15 * mm
MODULE = 2.4
"""Points a QR module: 5 pixels at 150 dpi, so a page rendered at 150 dpi or a photo
of it reads well (at least 4 pixels a module)."""

_registered: list[bool] = []


def register_fonts() -> None:
    """Register the bundled DejaVu Sans and its bold (once a process)."""
    if _registered:
        return
    pdfmetrics.registerFont(TTFont(FONT, str(resource("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(resource("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    _registered.append(True)


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles (made once a process: read them, never change them)."""
    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=8.5, leading=10.5)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=12, leading=15, alignment=1
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=BOLD, fontSize=9.5, leading=12, spaceBefore=5, spaceAfter=2
        ),
        "mono": ParagraphStyle("mono", parent=base, fontSize=8, leading=10),
    }


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that keeps its line breaking by width, shared by its copies (`para`):
    a batch's many paragraphs of the same text are parsed and broken once."""

    blPara: Any  # noqa: N815 (reportlab's names)
    _wrapWidths: list[float]  # noqa: N815

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._broken: dict[float, tuple[Any, ...]] = {}

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        found = self._broken.get(aw)
        if found is None:
            w, h = super().wrap(aw, ah)
            self._broken[aw] = (w, h, self.blPara, self._wrapWidths)
            return (w, h)
        w, h, self.blPara, self._wrapWidths = found
        self.width, self.height = w, h
        return (w, h)


@lru_cache(maxsize=4096)
def _parsed(text: str, style: ParagraphStyle) -> Para:
    return Para(text, style)


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """`Paragraph(text, style)` for a style of `styles()`, parsed and broken into lines
    once a process for each text (a batch repeats most of its paragraphs)."""
    return copy.copy(_parsed(text, style))


_CELL_COMMANDS = frozenset(
    {
        "FONT",
        "FONTNAME",
        "FACE",
        "FONTSIZE",
        "SIZE",
        "LEADING",
        "TEXTCOLOR",
        "ALIGN",
        "ALIGNMENT",
        "VALIGN",
        "LEFTPADDING",
        "RIGHTPADDING",
        "TOPPADDING",
        "BOTTOMPADDING",
    }
)
"""Table style commands that set each cell's style (the others draw lines, backgrounds
or spans)."""


@lru_cache(maxsize=512)
def _cell_styles(rows: int, cols: int, commands: tuple[tuple[Any, ...], ...]) -> Any:
    """The cells' styles a table of this shape gets from these commands, made once."""
    template = Table([[""] * cols for _ in range(rows)], style=list(commands))
    return template._cellStyles


def table(
    data: Sequence[Sequence[Any]],
    colWidths: Any = None,  # noqa: N803 (reportlab's name)
    style: Sequence[tuple[Any, ...]] | TableStyle | None = None,
    **kwargs: Any,
) -> Table:
    """`Table(data, colWidths, style=style, ...)`, drawn the same, with the cells' styles
    worked out once for each shape of table and set of style commands and shared by the
    tables of a batch (reportlab otherwise makes and styles every cell of every table)."""
    commands = list(style.getCommands() if isinstance(style, TableStyle) else style or ())
    cells = tuple(tuple(c) for c in commands if c[0] in _CELL_COMMANDS)
    others = [c for c in commands if c[0] not in _CELL_COMMANDS]
    shape = (len(data), max((len(r) for r in data), default=0))
    styles_of_cells = _cell_styles(*shape, cells) if data else None
    return Table(data, colWidths, style=others, cellStyles=styles_of_cells, **kwargs)


class _Text(PDFTextObject):  # type: ignore[misc]
    """A text object whose PDF operators for a string are made once a document: a batch
    writes the same labels, names and words on every page, and reportlab would map each
    of their letters to the embedded font's subset again every time. The operators depend
    on the font, its size, the leading, the subset in use before and the text (the
    subset's letters are fixed once first seen in the document), so those are the key."""

    _curSubset: Any  # noqa: N815 (reportlab's name)

    def _formatText(self, text: Any) -> str:  # noqa: N802 (reportlab's name)
        if type(text) is not str:  # shaped text carries more than its letters
            return str(super()._formatText(text))
        memo: dict[tuple[Any, ...], tuple[str, Any]] = self._canvas.kztally_texts
        key = (self._fontname, self._fontsize, self._leading, self._curSubset, text)
        found = memo.get(key)
        if found is None:
            out = str(super()._formatText(text))
            memo[key] = (out, self._curSubset)
            return out
        out, self._curSubset = found
        return out


class _Canvas(Canvas):  # type: ignore[misc]
    """A canvas whose text objects keep their operators (`_Text`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kztally_texts: dict[tuple[Any, ...], tuple[str, Any]] = {}

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> _Text:  # noqa: N802
        return _Text(self, x, y, direction=direction)


class Document:
    """A PDF built from flowables, with the marks drawn on every page.

    `current` names the document part being drawn (a protocol in a batch); a flowable
    sets it (`Label`) and the page's footer prints it."""

    def __init__(self, lang: Lang, marks: Marks, *, landscape_pages: bool = False) -> None:
        register_fonts()
        self.lang = lang
        self.marks = marks
        self.pagesize = landscape(A4) if landscape_pages else A4
        self.current = ""

    def _top(self, canvas: Canvas, doc: Any) -> None:
        w, h = self.pagesize
        canvas.saveState()
        if self.marks.training:
            canvas.setFillColor(colors.Color(0.85, 0.1, 0.1))
            canvas.rect(MARGIN, h - 11 * mm, w - 2 * MARGIN, 6 * mm, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            canvas.setFont(BOLD, 10)
            canvas.drawCentredString(w / 2, h - 9.2 * mm, t(self.lang, "training"))
        canvas.restoreState()

    def _bottom(self, canvas: Canvas, doc: Any) -> None:
        w, _ = self.pagesize
        canvas.saveState()
        canvas.setFont(BOLD, 8)
        status = t(self.lang, "official" if self.marks.official else "unofficial")
        canvas.drawString(MARGIN, 8 * mm, status)
        canvas.setFont(FONT, 7.5)
        right = t(self.lang, "page", n=canvas.getPageNumber())
        if self.current:
            right = f"{self.current} · {right}"
        canvas.drawRightString(w - MARGIN, 8 * mm, right)
        if self.marks.head:
            canvas.drawCentredString(
                w / 2, 8 * mm, t(self.lang, "audit_head", head=self.marks.head)
            )
        canvas.restoreState()

    def build(self, story: Sequence[Flowable]) -> bytes:
        out = io.BytesIO()
        w, h = self.pagesize
        doc = BaseDocTemplate(
            out,
            pagesize=self.pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=14 * mm,
            bottomMargin=13 * mm,
            title="kztally",
            author="kztally",
            creator="kztally",
            invariant=1,
        )
        frame = Frame(MARGIN, 13 * mm, w - 2 * MARGIN, h - 27 * mm, id="body", showBoundary=0)
        doc.addPageTemplates(
            [PageTemplate("page", [frame], onPage=self._top, onPageEnd=self._bottom)]
        )
        doc.build(list(story), canvasmaker=_Canvas)
        return out.getvalue()


class Label(Flowable):  # type: ignore[misc]
    """Sets the name the footer prints from here on (takes no room)."""

    def __init__(self, document: Document, text: str) -> None:
        super().__init__()
        self.document = document
        self.text = text
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        self.document.current = self.text


class Code(Flowable):  # type: ignore[misc]
    """A QR code drawn as ONE filled vector path of its dark modules (`qr.runs`), with
    its quiet zone."""

    def __init__(self, data: bytes, module: float = MODULE) -> None:
        super().__init__()
        self.matrix = qr.matrix(data)
        self.module = module
        self.size = (len(self.matrix) + 2 * qr.QUIET_ZONE) * module
        self.width = self.height = self.size

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (self.size, self.size)

    def draw(self) -> None:
        draw_code(self.canv, self.matrix, 0, 0, self.module)


def draw_code(canvas: Canvas, m: qr.Matrix, x: float, y: float, module: float) -> None:
    """The code's dark modules as one path, its lower left corner (quiet zone included)
    at (x, y)."""
    n = len(m)
    top = y + (n + qr.QUIET_ZONE) * module
    left = x + qr.QUIET_ZONE * module
    # The operators path.rect writes ('x y w h re'), each coordinate formatted once a code
    # rather than once a rectangle: the same bytes, a fifth of the time.
    xs = [fp_str(left + col * module) for col in range(n)]
    ys = [fp_str(top - (row + 1) * module) for row in range(n)]
    ws = [fp_str(length * module) for length in range(n + 1)]
    h = fp_str(module)
    path = canvas.beginPath()
    ops = [f"{xs[col]} {ys[row]} {ws[length]} {h} re" for row, col, length in qr.runs(m)]
    if ops:
        path._code_append(" ".join(ops))  # "n" first, as path.rect does
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


GRID = colors.Color(0.55, 0.55, 0.55)
SHADE = colors.Color(0.92, 0.92, 0.92)
