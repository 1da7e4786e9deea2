"""The documents' data: plain frozen values the services build and the renderers draw
(no reportlab here, so the services can build them without loading it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kztally.domain.formal import Formal
from kztally.reports.texts import Lang

__all__ = ["Formal", "Marks", "ProtocolDoc"]


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
