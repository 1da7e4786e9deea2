"""The mock's formal parts of each protocol: plausible, deterministic (seeded by the
mock's seed and the protocol), never breaking a check of `kztally.domain.formal`.

- the commission: 5 to 11 members in all, all but 0 to 2 present (the same for every
  ballot of a precinct: one commission counts them all);
- the count begins at 20:00 local time on election day (UTC+5 in the five western
  regions in 2023, UTC+6 elsewhere; abroad, UTC+6), a few minutes later for each further
  ballot, and lasts from 40 minutes to about 5 hours with the precinct's size;
- written requests to vote outside the room: the ballots issued outside it (line 4),
  or a few more (a request can go unmet).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from kztally.domain.election import AreaKind, Election
from kztally.domain.formal import Formal
from kztally.domain.protocol import Figures

__all__ = ["formal_parts", "zone_of"]

WEST = ("R03", "R05", "R06", "R11", "R12")
"""Aktobe, Atyrau, West Kazakhstan, Kyzylorda, Mangystau: UTC+5 in March 2023."""


def zone_of(election: Election, precinct: str) -> dt.timezone:
    """The precinct's local time zone on election day (by its region)."""
    code: str | None = precinct
    while code is not None:
        area = election.area(code)
        if area.kind is AreaKind.REGION:
            hours = 5 if area.code in WEST else 6
            return dt.timezone(dt.timedelta(hours=hours))
        code = area.parent
    return dt.timezone(dt.timedelta(hours=6))


def _rng(seed: int, precinct: str, salt: str = "") -> random.Random:
    digest = hashlib.sha256(f"{seed}:{precinct}:{salt}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def formal_parts(
    election: Election, seed: int, precinct: str, contest: str, figures: Figures
) -> Formal:
    """The formal parts of one mock protocol."""
    commission = _rng(seed, precinct)
    total = commission.randint(5, 11)
    present = total - commission.choice((0, 0, 0, 1, 1, 2))
    zone = zone_of(election, precinct)
    ballots = election.area(precinct).contests
    order = ballots.index(contest) if contest in ballots else 0
    began = dt.datetime.combine(election.date, dt.time(20, 0), tzinfo=zone)
    began += dt.timedelta(minutes=order * commission.randint(3, 9))
    own = _rng(seed, precinct, contest)
    took_part = (figures.lines[5] or 0) + (figures.lines[6] or 0)
    minutes = 40 + took_part // 8 + own.randint(0, 30)
    ended = began + dt.timedelta(minutes=min(minutes, 5 * 60 + 30))
    outside = figures.lines[3] or 0
    requests = outside + (own.choice((0, 0, 0, 1, 2)) if outside else 0)
    return Formal(present, total, began, ended, requests)
