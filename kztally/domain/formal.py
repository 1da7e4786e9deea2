"""The formal parts of a precinct protocol that the law asks for besides its figures
(election law, articles 43-44): the commission members present, when the count began
and ended, and the number of written requests to vote outside the polling room (a
figure of its own, on the act of the mobile box).

Pure values and their checks: `problems(formal)` names what cannot be so, each with the
field it concerns; the services refuse a record with any. Times carry their zone (the
count is held in local time, and the paper says so); `MAX_COUNT_HOURS` is the law's
limit, whose excess is a finding (`long_count`), not a refusal: the paper records what
happened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "MAX_COUNT_HOURS",
    "MEMBERS_MAX",
    "REQUESTS_MAX",
    "Formal",
    "format_time",
    "long_count",
    "parse_time",
    "problems",
]

MEMBERS_MAX = 99
"""A commission has 5 to 19 members (the law); more than 99 is a typing slip."""
REQUESTS_MAX = 100_000
"""Written requests to vote outside the room, at most (more than a precinct's voters)."""
MAX_COUNT_HOURS = 12
"""The count lasts at most 12 hours (the law)."""


@dataclass(frozen=True, slots=True)
class Formal:
    """A protocol's formal parts; None where the paper (or the record) does not say."""

    members_present: int | None = None
    members_total: int | None = None
    """The commission's members in all (the present are counted against it)."""
    count_began: dt.datetime | None = None
    count_ended: dt.datetime | None = None
    requests: int | None = None
    """Written requests to vote outside the polling room."""

    @property
    def empty(self) -> bool:
        return all(
            v is None
            for v in (
                self.members_present,
                self.members_total,
                self.count_began,
                self.count_ended,
                self.requests,
            )
        )


def problems(f: Formal) -> list[tuple[str, str]]:
    """What cannot be so, as (field, what is wrong); empty when the parts hold."""
    found: list[tuple[str, str]] = []
    for name, value, top in (
        ("members_present", f.members_present, MEMBERS_MAX),
        ("members_total", f.members_total, MEMBERS_MAX),
        ("requests", f.requests, REQUESTS_MAX),
    ):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            found.append((name, f"expected a whole number, found {value!r}"))
        elif not 0 <= value <= top:
            found.append((name, f"{value} is not between 0 and {top}"))
    if (
        isinstance(f.members_present, int)
        and isinstance(f.members_total, int)
        and f.members_present > f.members_total
    ):
        found.append(
            (
                "members_present",
                f"{f.members_present} members present of {f.members_total} in all",
            )
        )
    for name, at in (("count_began", f.count_began), ("count_ended", f.count_ended)):
        if at is not None and at.tzinfo is None:
            found.append((name, "a time needs its zone (+06:00, +05:00)"))
    if (
        f.count_began is not None
        and f.count_ended is not None
        and f.count_began.tzinfo is not None
        and f.count_ended.tzinfo is not None
        and f.count_ended < f.count_began
    ):
        found.append(
            (
                "count_ended",
                f"the count ended ({format_time(f.count_ended)}) before it began "
                f"({format_time(f.count_began)})",
            )
        )
    return found


def long_count(f: Formal) -> bool:
    """The count lasted longer than the law's 12 hours (a finding, shown beside it)."""
    if f.count_began is None or f.count_ended is None:
        return False
    return f.count_ended - f.count_began > dt.timedelta(hours=MAX_COUNT_HOURS)


def format_time(at: dt.datetime) -> str:
    """A count's time as stored and written in files: local time with its zone, to the
    minute (`2023-03-19T20:00+06:00`)."""
    return at.isoformat(timespec="minutes")


def parse_time(text: str) -> dt.datetime:
    """A time written as `format_time` writes it (seconds allowed; `Z` for UTC); a time
    without its zone raises ValueError."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    at = dt.datetime.fromisoformat(value)
    if at.tzinfo is None:
        raise ValueError(f"{text!r} has no zone (write it as 2023-03-19T20:00+06:00)")
    return at
