"""Typed figures that are not saved yet survive a crash: drafts on this workstation.

A draft is what a person has typed into a protocol's form and not saved. It is written a
moment after each change (`DELAY_MS`) to a file of its own in the data folder's `drafts/`
(write a temporary file, flush it to the disk, rename it over the old one: a crash leaves
the old draft or the new one, never half of one), readable by this workstation's account
only. It is never written to the database, where a second clerk could read a first
clerk's figures. A draft is keyed by the database, the signed-in account, the precinct
and the contest; saving or discarding the protocol deletes it. Opening the protocol again
(or starting the app, which opens the newest one) offers it back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kztally import config
from kztally.domain.protocol import Act, Figures

DELAY_MS = 300
"""How long after the last keystroke the draft is written."""

FOLDER = "drafts"


@dataclass(frozen=True, slots=True)
class Draft:
    database: str
    account: str
    precinct: str
    contest: str
    mode: str
    """The form's mode when typed: enter, correct or observe (kztally.ui.protocol_page)."""
    figures: Figures
    acts: frozenset[Act]
    saved_at: dt.datetime

    def to_json(self) -> str:
        return json.dumps(
            {
                "database": self.database,
                "account": self.account,
                "precinct": self.precinct,
                "contest": self.contest,
                "mode": self.mode,
                "lines": list(self.figures.lines),
                "votes": list(self.figures.votes),
                "against_all": self.figures.against_all,
                "acts": sorted(a.value for a in self.acts),
                "saved_at": self.saved_at.isoformat(),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Draft:
        d = json.loads(text)
        return cls(
            database=str(d["database"]),
            account=str(d["account"]),
            precinct=str(d["precinct"]),
            contest=str(d["contest"]),
            mode=str(d["mode"]),
            figures=Figures(tuple(d["lines"]), tuple(d["votes"]), d["against_all"]),
            acts=frozenset(Act(a) for a in d["acts"]),
            saved_at=dt.datetime.fromisoformat(d["saved_at"]),
        )


class DraftStore:
    """The drafts of one account on one database, on this workstation."""

    def __init__(self, database: str, account: str, folder: Path | None = None) -> None:
        self.database = database
        self.account = account
        self.folder = folder if folder is not None else config.data_dir() / FOLDER

    def path(self, precinct: str, contest: str) -> Path:
        key = json.dumps([self.database, self.account, precinct, contest])
        return self.folder / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"

    def write(self, draft: Draft) -> None:
        """Replace the protocol's draft atomically (raises OSError when it cannot)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            self.folder.chmod(0o700)
        target = self.path(draft.precinct, draft.contest)
        tmp = target.with_name(target.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(draft.to_json())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)

    def read(self, precinct: str, contest: str) -> Draft | None:
        return self._load(self.path(precinct, contest))

    def delete(self, precinct: str, contest: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(precinct, contest).unlink()

    def all(self) -> list[Draft]:
        """This account's drafts on this database, the newest first."""
        found = [
            d for d in self._every() if (d.database, d.account) == (self.database, self.account)
        ]
        return sorted(found, key=lambda d: d.saved_at, reverse=True)

    def _every(self) -> Iterator[Draft]:
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*.json"):
            draft = self._load(path)
            if draft is not None:
                yield draft

    def _load(self, path: Path) -> Draft | None:
        try:
            draft = Draft.from_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a draft that cannot be read is no draft (the rename is atomic)
        if (draft.database, draft.account) != (self.database, self.account):
            return None
        return draft
