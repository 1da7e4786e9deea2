"""What an export or an import did, and the problems it met, each with its file and place."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kztally.domain.audit import Head


@dataclass(frozen=True, slots=True)
class Problem:
    """One file that did not go in: where in it (a line, a field's JSON path, '' for the
    whole file) and why."""

    path: str
    where: str
    message: str

    def __str__(self) -> str:
        if self.where:
            return f"{self.path}: {self.where}: {self.message}"
        return f"{self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did, file by file."""

    files: int
    """Files found."""
    imported: int
    unchanged: int
    conflicts: tuple[Problem, ...]
    """Files refused because the database holds something else (left as it is)."""
    errors: tuple[Problem, ...]
    """Files that cannot be read, or are not of this election."""
    skipped: int = 0
    """Files not read: the import was cancelled, or its definition refused."""
    cancelled: bool = False

    @property
    def status(self) -> int:
        """0: everything went in or was there already; 1: conflicts; 2: errors."""
        if self.errors:
            return 2
        return 1 if self.conflicts else 0

    def summary(self) -> str:
        """One line: '201 file(s): 200 imported, 1 unchanged, 0 conflict(s), 0 error(s)'."""
        line = (
            f"{self.files} file(s): {self.imported} imported, {self.unchanged} unchanged, "
            f"{len(self.conflicts)} conflict(s), {len(self.errors)} error(s)"
        )
        if self.skipped:
            line += f", {self.skipped} not read"
        return line + (" (cancelled)" if self.cancelled else "")


@dataclass(frozen=True, slots=True)
class ExportReport:
    directory: Path
    protocols: int
    """Protocol files written."""
    results: int
    """Result tables (CSV) written."""
    cancelled: bool = False
    withheld: int = 0
    """Protocols left out because the exporting person may not read them yet (clerks and
    observers export accepted protocols only)."""
    head: Head | None = None
    """The head of the audit chain the export carries (`audit/head.txt`)."""


@dataclass
class Tally:
    files: int = 0
    imported: int = 0
    unchanged: int = 0
    conflicts: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    skipped: int = 0
    cancelled: bool = False

    @property
    def done(self) -> int:
        return self.imported + self.unchanged + len(self.conflicts) + len(self.errors)

    def report(self) -> ImportReport:
        return ImportReport(
            self.files,
            self.imported,
            self.unchanged,
            tuple(self.conflicts),
            tuple(self.errors),
            self.skipped,
            self.cancelled,
        )
