"""Pictures drawn with reportlab's canvas: the chamber as a hemicycle (the seats'
geometry is `kztally.domain.hemicycle`'s, as in the app) and a bar chart of shares with
the threshold's line. Vector drawings, so they print sharp at any size."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from reportlab.lib import colors
from reportlab.platypus import Flowable

from kztally.domain.hemicycle import dot_radius, seat_positions
from kztally.reports.base import BOLD, FONT, GRID
from kztally.reports.data import SeatGroup


class HemicycleChart(Flowable):  # type: ignore[misc]
    """One dot a seat, coloured by group, the groups left to right; the total in the
    middle."""

    def __init__(self, groups: Sequence[SeatGroup], width: float) -> None:
        super().__init__()
        self.groups = [g for g in groups if g.seats > 0]
        self.width = width
        self.height = width * 0.52

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (self.width, self.height)

    def draw(self) -> None:
        c = self.canv
        total = sum(g.seats for g in self.groups)
        if total == 0:
            return
        positions = seat_positions(total)
        radius = self.width / 2 * 0.96
        dot = dot_radius(total) * radius
        cx, cy = self.width / 2, dot + 1
        seat = 0
        c.saveState()
        c.setStrokeColor(colors.white)
        c.setLineWidth(0.4)
        for g in self.groups:
            c.setFillColor(colors.HexColor(g.colour))
            for _ in range(g.seats):
                x, y = positions[seat]
                c.circle(cx + x * (radius - dot), cy + y * (radius - dot), dot, stroke=1, fill=1)
                seat += 1
        c.setFillColor(colors.black)
        c.setFont(BOLD, max(9, radius / 10))
        c.drawCentredString(cx, cy + radius * 0.08, str(total))
        c.restoreState()


class ShareBars(Flowable):  # type: ignore[misc]
    """A horizontal bar a list, its share in percent at its end, and the threshold as a
    dashed line; a list under the threshold is drawn pale."""

    BAR = 11.0
    GAP = 4.0

    def __init__(
        self,
        rows: Sequence[tuple[str, Fraction, str, bool]],
        threshold: Fraction,
        width: float,
        label_width: float = 150.0,
    ) -> None:
        super().__init__()
        self.rows = list(rows)
        self.threshold = threshold
        self.width = width
        self.label_width = label_width
        self.height = len(self.rows) * (self.BAR + self.GAP) + 14

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (self.width, self.height)

    def draw(self) -> None:
        c = self.canv
        top = max((float(s) for _, s, _, _ in self.rows), default=0.0)
        scale_max = max(top, float(self.threshold)) * 1.12 or 1.0
        plot = self.width - self.label_width - 40
        x0 = self.label_width
        c.saveState()
        y = self.height - 4
        for name, share, colour, passes in self.rows:
            y -= self.BAR + self.GAP
            c.setFillColor(colors.black)
            c.setFont(FONT, 7.5)
            c.drawRightString(x0 - 4, y + 3, _fit(name, self.label_width - 6, 7.5))
            fill = colors.HexColor(colour)
            if not passes:
                fill = colors.Color(fill.red, fill.green, fill.blue, alpha=0.35)
            c.setFillColor(fill)
            w = plot * float(share) / scale_max
            c.rect(x0, y, w, self.BAR, stroke=0, fill=1)
            c.setFillColor(colors.black)
            c.setFont(BOLD if passes else FONT, 7.5)
            c.drawString(x0 + w + 3, y + 3, f"{float(share) * 100:.2f}")
        tx = x0 + plot * float(self.threshold) / scale_max
        c.setStrokeColor(colors.Color(0.8, 0.1, 0.1))
        c.setDash(3, 2)
        c.setLineWidth(0.8)
        c.line(tx, 2, tx, self.height - 4)
        c.setDash()
        c.setStrokeColor(GRID)
        c.setLineWidth(0.4)
        c.line(x0, 2, x0, self.height - 4)
        c.setFillColor(colors.Color(0.8, 0.1, 0.1))
        c.setFont(FONT, 7)
        c.drawString(tx + 2, 3, f"{float(self.threshold) * 100:g}%")
        c.restoreState()


def _fit(text: str, width: float, size: float) -> str:
    """The text, cut with an ellipsis where it is wider than `width` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, FONT, size) <= width:
        return text
    while text and stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
