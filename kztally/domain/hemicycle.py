"""A chamber as a hemicycle: where each seat sits, as pure geometry (the app's widget and
the printed results protocol draw the same seats).

`seat_positions(total)` gives unit-radius positions (x in [-1, 1], y in [0, 1]) of the
seats, in rows from the inner radius `INNER_RADIUS` to 1, ordered left to right (by the
angle from the left end, inner rows first at equal angles): the first seats go to the
group that sits leftmost. `dot_radius(total)` is the radius of a seat's dot, in the
same unit, that keeps neighbours apart.
"""

from __future__ import annotations

import math

__all__ = ["INNER_RADIUS", "dot_radius", "rows_for", "seat_positions"]

INNER_RADIUS = 0.38


def rows_for(total: int) -> int:
    """The number of rows a chamber of `total` seats takes (1 to 12)."""
    return max(1, min(12, round(math.sqrt(max(total, 1) / 3.2))))


def seat_positions(total: int) -> list[tuple[float, float]]:
    """Unit-radius positions (x in [-1, 1], y in [0, 1]) of `total` seats, left to right."""
    if total <= 0:
        return []
    rows = rows_for(total)
    radii = [
        INNER_RADIUS + (1 - INNER_RADIUS) * (i / (rows - 1) if rows > 1 else 1) for i in range(rows)
    ]
    weight = sum(radii)
    counts = [max(1, math.floor(total * r / weight)) for r in radii]
    i = rows - 1
    while sum(counts) < total:
        counts[i] += 1
        i = i - 1 if i > 0 else rows - 1
    while sum(counts) > total:
        j = max(range(rows), key=lambda k: counts[k])
        counts[j] -= 1
    seats: list[tuple[float, int, float, float]] = []
    for r, n in zip(radii, counts, strict=True):
        for j in range(n):
            theta = math.pi * (1 - (j / (n - 1) if n > 1 else 0.5))
            seats.append((theta, -round(r * 1000), r * math.cos(theta), r * math.sin(theta)))
    seats.sort(key=lambda s: (-round(s[0], 6), s[1]))
    return [(x, y) for _, _, x, y in seats]


def dot_radius(total: int) -> float:
    """A seat's dot radius (unit radius chamber): at most 0.42 of a row's depth, and at
    most 0.42 of the nearest neighbour's distance."""
    positions = seat_positions(total)
    if len(positions) < 2:
        return 0.2
    row_depth = (1 - INNER_RADIUS) / max(rows_for(total) - 1, 1)
    nearest = min(
        math.dist(a, b) for i, a in enumerate(positions) for b in positions[i + 1 : i + 12]
    )
    return min(row_depth, nearest) * 0.42
