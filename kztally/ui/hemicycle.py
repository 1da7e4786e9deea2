"""A chamber drawn as a hemicycle: one dot per seat, coloured by party, left to right."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from kztally.domain.hemicycle import INNER_RADIUS, seat_positions

__all__ = ["INNER_RADIUS", "Hemicycle", "SeatGroup", "seat_positions"]


@dataclass(frozen=True, slots=True)
class SeatGroup:
    label: str
    colour: str
    seats: int


class Hemicycle(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hemicycle")
        self.groups: list[SeatGroup] = []
        self.empty_label = ""
        self._dots: list[tuple[QPointF, float, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(260, 150)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(460, 250)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return int(width * 0.55)

    def set_groups(self, groups: Sequence[SeatGroup], total: int, empty_label: str) -> None:
        """Parties in the order they sit, left to right; seats not yet decided are grey."""
        filled = sum(g.seats for g in groups)
        self.groups = [g for g in groups if g.seats > 0]
        if total > filled:
            self.groups.append(SeatGroup(empty_label, "#d0d0d0", total - filled))
        self.empty_label = empty_label
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        total = sum(g.seats for g in self.groups)
        positions = seat_positions(total)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        rows = max(1, min(12, round(math.sqrt(max(total, 1) / 3.2))))
        # The dots' size follows the radius; leave room for a whole dot at every edge.
        outer = min(w / 2, h) - 4
        dot = max(2.0, min(outer * (1 - INNER_RADIUS) / rows * 0.42, outer / 14))
        radius = outer - dot
        centre = QPointF(w / 2, h - dot - 4)
        colours: list[tuple[str, int]] = []
        for gi, g in enumerate(self.groups):
            colours.extend([(g.colour, gi)] * g.seats)
        self._dots = []
        painter.setPen(QPen(QColor("#ffffff"), 0.8))
        for (x, y), (colour, gi) in zip(positions, colours, strict=False):
            p = QPointF(centre.x() + x * radius, centre.y() - y * radius)
            painter.setBrush(QColor(colour))
            painter.drawEllipse(p, dot, dot)
            self._dots.append((p, dot, gi))
        if total:
            painter.setPen(QColor("#202020"))
            font = painter.font()
            font.setPointSizeF(max(9.0, radius / 9))
            font.setBold(True)
            painter.setFont(font)
            box = QRectF(centre.x() - radius / 2, centre.y() - radius * 0.33, radius, radius * 0.3)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(total))
        painter.end()

    def group_at(self, pos: QPointF) -> SeatGroup | None:
        for p, r, gi in self._dots:
            if (p.x() - pos.x()) ** 2 + (p.y() - pos.y()) ** 2 <= (r + 1) ** 2:
                return self.groups[gi]
        return None

    def event(self, e: object) -> bool:
        if isinstance(e, QHelpEvent):
            g = self.group_at(QPointF(e.pos()))
            if g is not None:
                QToolTip.showText(e.globalPos(), f"{g.label}: {g.seats}", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)  # type: ignore[arg-type]
