"""The documents' data: plain frozen values the services build and the renderers draw
(no reportlab here, so the services can build them without loading it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from kztally.domain.formal import Formal
from kztally.reports.texts import Lang

__all__ = [
    "DistrictRow",
    "Formal",
    "ListRow",
    "Marks",
    "MissingRow",
    "ProtocolDoc",
    "ResultsDoc",
    "SeatGroup",
    "SummaryDoc",
    "SummaryRow",
    "TieRow",
]


@dataclass(frozen=True, slots=True)
class Marks:
    """What every page of a document says about the results it shows."""

    training: bool
    official: bool
    head: str
    """The audit log's head as `COUNT:16 hex digits` ('' where there is no log)."""


@dataclass(frozen=True, slots=True)
class ProtocolDoc:
    """One precinct protocol, its names already in the document's language."""

    lang: Lang
    marks: Marks
    election: str
    commission: str
    precinct: str
    """The precinct's code (P00421)."""
    number: str
    address: str
    contest: str
    """The contest's code (MZ-L)."""
    ballot: str
    round: int
    lines: tuple[int, ...]
    """Lines 1-8."""
    choices: tuple[str, ...]
    """The lists' or candidates' names, in ballot order."""
    votes: tuple[int, ...]
    against_all: int | None
    """None when the ballot has no 'against all' line."""
    formal: Formal = field(default_factory=Formal)
    warnings: tuple[tuple[str, str], ...] = ()
    """(code, reason) of each warning accepted."""
    breach: tuple[str, str] | None = None
    """(act reference, reason) of a breach accepted."""
    codes: tuple[bytes, ...] = ()
    """The signed code's parts."""
    key: str = ""
    """The signing key's fingerprint, grouped."""
    digest: tuple[str, ...] = ()
    """The protocol's SHA-256 in groups of four hex digits."""
    signed_at: dt.datetime | None = None
    copy: int | None = None


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One unit below the commission (a district, a region, a precinct), or the total:
    its protocols and the sums of its accepted ones."""

    code: str
    name: str
    expected: int
    accepted: int
    lines: tuple[int, ...]
    votes: tuple[int, ...]
    against_all: int | None
    """None when the ballot has no 'against all' line."""


@dataclass(frozen=True, slots=True)
class MissingRow:
    """A precinct whose protocol is not accepted yet."""

    precinct: str
    number: str
    unit: str
    """The unit below the commission it lies in (its code)."""
    state: str
    """not_entered, first_entry, entries_differ, pending (kztally.domain.entry.State)."""


@dataclass(frozen=True, slots=True)
class SummaryDoc:
    """A summary protocol of a territorial commission (district, region, the CEC) for
    one ballot: the units below with their lines and totals, and how far counting got."""

    lang: Lang
    marks: Marks
    election: str
    commission: str
    area: str
    """The commission's territory code (R18-D02, R18, KZ)."""
    contest: str
    ballot: str
    choices: tuple[str, ...]
    units: tuple[SummaryRow, ...]
    total: SummaryRow
    expected: int
    accepted: int
    pending: int
    missing: int
    annulled: int
    outstanding: tuple[MissingRow, ...]
    """The precincts still missing or pending, in territory order."""
    cec_key: str = ""
    """The CEC key's fingerprint, grouped ('' where no CEC key exists)."""
    at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class ListRow:
    """A list in the results protocol and its seat annex."""

    name: str
    colour: str
    votes: int
    share: Fraction
    qualified: bool
    quotient: Fraction | None
    """votes / quota (None: not in the allocation)."""
    whole: int
    remainder: Fraction | None
    remainder_seats: int
    seats: int
    runner_up: bool = False


@dataclass(frozen=True, slots=True)
class TieRow:
    """A tie and how it was settled."""

    contest: str
    names: tuple[str, ...]
    votes: tuple[int, ...]
    remainder: Fraction | None
    """The lists' equal remainder (None for a district's equal votes)."""
    seats: int
    settled_by: str
    """registration, lot or unresolved (kztally.domain.seats.Settlement)."""
    winners: tuple[str, ...]
    reference: str = ""
    witnesses: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DistrictRow:
    """A single-member district's result."""

    number: int
    contest: str
    name: str
    winner: str | None
    """None: no one elected (a tie awaiting a lot, or no votes, or a repeat election)."""
    party: str
    votes: int
    against_all: int
    complete: bool
    """Every protocol of the district is accepted or annulled."""


@dataclass(frozen=True, slots=True)
class SeatGroup:
    """Seats of one party (or of the self-nominated, or not yet decided) in the chamber."""

    label: str
    colour: str
    seats: int


@dataclass(frozen=True, slots=True)
class ResultsDoc:
    """The results protocol of a body (the Mazhilis, a maslikhat)."""

    lang: Lang
    marks: Marks
    election: str
    body: str
    body_id: str
    contest: str
    """Its list contest's code ('' when it has none)."""
    expected: int
    accepted: int
    threshold: Fraction
    list_seats: int
    valid_total: int
    against_all: int
    qualifying_total: int
    quota: Fraction | None
    lists: tuple[ListRow, ...]
    ties: tuple[TieRow, ...]
    districts: tuple[DistrictRow, ...]
    chamber: tuple[SeatGroup, ...]
    seats_total: int
    notices: tuple[str, ...] = ()
    """The allocation's notices (L1-L3), each as 'code: words'."""
    cec_key: str = ""
    at: dt.datetime | None = None
