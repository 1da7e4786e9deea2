"""Results as a commission publishes them, precinct by precinct, read from a file.

The observers' cross-check (`kztally crosscheck --official FILE`) compares their copies
with a published results file. Every format kztally reads gives the same shape: one
`PublishedProtocol` per precinct and contest. Each format lives in a module of its own
with three names:

- `NAME`: the format's short name, as the user writes it (`nist`, `eml`, ...);
- `sniff(path: Path) -> bool`: whether the file looks like this format (cheap: a header,
  a root element, a top-level key);
- `read(path: Path, election: Election) -> list[PublishedProtocol]`: the whole file,
  or `PublishedFormatError` naming the file and the place of the first problem.

`READER_MODULES` lists them; `read_published` picks the first whose `sniff` says yes.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kztally.domain.election import Election
from kztally.domain.protocol import Figures

READER_MODULES: tuple[str, ...] = (
    "kztally.formats.kztally_csv",
    "kztally.formats.nist",
    "kztally.formats.eml",
    "kztally.formats.openelections",
)
"""The modules of the formats read, tried in this order."""


@dataclass(frozen=True, slots=True)
class PublishedProtocol:
    """One precinct's figures for one contest, as the file gives them.

    `figures` has None where the file carries no figure for a line (a format with no
    field for lines 2-5, say); `source` names the file and the place, for messages.
    """

    precinct: str
    contest: str
    figures: Figures
    source: str


class PublishedFormatError(ValueError):
    """A results file that cannot be read: the message names the file and the place."""


class _Reader(Protocol):
    NAME: str

    def sniff(self, path: Path) -> bool: ...

    def read(self, path: Path, election: Election) -> list[PublishedProtocol]: ...


def readers() -> tuple[_Reader, ...]:
    return tuple(importlib.import_module(m) for m in READER_MODULES)


def read_published(path: Path, election: Election) -> tuple[str, list[PublishedProtocol]]:
    """The format's name and the protocols of a published results file."""
    for reader in readers():
        if reader.sniff(path):
            return reader.NAME, reader.read(path, election)
    known = ", ".join(r.NAME for r in readers()) or "none"
    raise PublishedFormatError(f"{path}: not a results file in a format kztally reads ({known})")
