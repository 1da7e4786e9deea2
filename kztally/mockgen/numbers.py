"""Integer arithmetic the generators share: apportionment with bounds, contiguous splits."""

from __future__ import annotations

import itertools
from collections.abc import Sequence


def apportion(
    total: int,
    weights: Sequence[float],
    lo: Sequence[int] | int = 0,
    hi: Sequence[int] | int | None = None,
) -> list[int]:
    """Whole numbers proportional to `weights` that sum to `total`, each in [lo, hi].

    The shares are `clamp(scale x weight, lo, hi)` with one common scale found by
    bisection, then rounded by largest remainder (ties to the earlier item), so the result
    is deterministic and exact.
    """
    n = len(weights)
    los = [lo] * n if isinstance(lo, int) else list(lo)
    his = [total] * n if hi is None else [hi] * n if isinstance(hi, int) else list(hi)
    if any(a > b for a, b in zip(los, his, strict=True)):
        raise ValueError("a lower bound is above its upper bound")
    if not sum(los) <= total <= sum(his):
        raise ValueError(f"cannot apportion {total} within bounds {sum(los)}..{sum(his)}")
    if n == 0:
        return []
    if any(w < 0 for w in weights):
        raise ValueError("weights cannot be negative")
    ws = [w if w > 0 else 1e-12 for w in weights]

    def filled(scale: float) -> float:
        return sum(min(max(scale * w, a), b) for w, a, b in zip(ws, los, his, strict=True))

    low, high = 0.0, 1.0
    while filled(high) < total:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if filled(mid) < total:
            low = mid
        else:
            high = mid
        if high - low <= high * 1e-15:
            break
    exact = [min(max(high * w, a), b) for w, a, b in zip(ws, los, his, strict=True)]
    out = [max(a, min(b, int(x))) for x, a, b in zip(exact, los, his, strict=True)]
    left = total - sum(out)
    if left > 0:
        order = sorted(range(n), key=lambda i: (-(exact[i] - out[i]), i))
        while left > 0:
            for i in order:
                if left == 0:
                    break
                if out[i] < his[i]:
                    out[i] += 1
                    left -= 1
    elif left < 0:
        order = sorted(range(n), key=lambda i: (exact[i] - out[i], i))
        while left < 0:
            for i in order:
                if left == 0:
                    break
                if out[i] > los[i]:
                    out[i] -= 1
                    left += 1
    return out


def split_contiguous(sizes: Sequence[int], parts: int) -> list[int]:
    """Cut a sequence into `parts` non-empty runs of roughly equal sums.

    Returns the run index of every item. Cuts fall where the running sum is nearest to
    each multiple of total / parts.
    """
    n = len(sizes)
    if not 1 <= parts <= n:
        raise ValueError(f"cannot split {n} items into {parts} runs")
    total = sum(sizes)
    cumulative = []
    running = 0
    for s in sizes:
        running += s
        cumulative.append(running)
    cuts = [0]  # start index of each run
    for g in range(1, parts):
        target = total * g / parts
        lowest = cuts[-1] + 1
        highest = n - (parts - g)
        best = lowest
        best_gap = float("inf")
        for start in range(lowest, highest + 1):
            gap = abs(cumulative[start - 1] - target)
            if gap < best_gap:
                best, best_gap = start, gap
        cuts.append(best)
    cuts.append(n)
    out = []
    for g in range(parts):
        out.extend([g] * (cuts[g + 1] - cuts[g]))
    return out


def best_contiguous_split(sizes: Sequence[int], parts: int) -> list[int]:
    """Like `split_contiguous`, but the split whose largest deviation from the mean is the
    smallest, found by trying every cut (for a few dozen items and up to 3 parts)."""
    n = len(sizes)
    if not 1 <= parts <= n:
        raise ValueError(f"cannot split {n} items into {parts} runs")
    if parts > 3:
        return split_contiguous(sizes, parts)
    mean = sum(sizes) / parts
    prefix = [0]
    for s in sizes:
        prefix.append(prefix[-1] + s)
    best: tuple[float, tuple[int, ...]] | None = None

    def runs(cuts: tuple[int, ...]) -> float:
        bounds = (0, *cuts, n)
        return max(abs(prefix[b] - prefix[a] - mean) for a, b in itertools.pairwise(bounds))

    candidates: list[tuple[int, ...]]
    if parts == 1:
        candidates = [()]
    elif parts == 2:
        candidates = [(i,) for i in range(1, n)]
    else:
        candidates = [(i, j) for i in range(1, n - 1) for j in range(i + 1, n)]
    for cuts in candidates:
        score = runs(cuts)
        if best is None or score < best[0]:
            best = (score, cuts)
    assert best is not None
    bounds = (0, *best[1], n)
    out = []
    for g, (a, b) in enumerate(itertools.pairwise(bounds)):
        out.extend([g] * (b - a))
    return out
