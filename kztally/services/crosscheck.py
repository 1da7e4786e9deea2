"""The observers' cross-check (`kztally crosscheck`, the app's cross-check overview).

`CrossCheckService` (`services.crosscheck`):

- `read(paths)`: copies read from files, nothing stored: CSVs of copies
  (`kztally.formats.copies_csv`), protocol files (a single entry, `kztally.protocol`),
  and PDFs, scans and photos of certified copies whose signed code is verified against
  the key list and the election (the file itself becomes the copy's scan). Folders give
  the files in them. The first file that cannot be read stops it (`InvalidRequest` with
  the file and the place): a cross-check is never made on part of what was given.
- `keep(paths)`: the same copies kept as the signed-in observer's, with their
  certification and where they came from, in one transaction (`ObserverService`).
- `check(copies=None, official=())`: the copies (default: the stored ones the person may
  see, each observer's latest) against this database's accepted protocols, or against
  published results files (`kztally.formats.published`; folders give their files).
  With the sum of the differences per choice judged by the margins service (could they
  change a seat or a winner?) and each contest's protocols still missing, pending or
  annulled (could they?).

Reading only but `keep`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kztally.domain.crosscheck import (
    CopySeen,
    CopySource,
    CrossCheck,
    FigureDifference,
    cross_check,
)
from kztally.domain.election import Contest, Election
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ChoiceId, ContestId
from kztally.domain.margins import Flip, Verdict
from kztally.domain.protocol import AGAINST_ALL, LINE_NAMES, Figures
from kztally.formats import copies_csv, kztally_csv
from kztally.formats.load import FormatError, load_protocol
from kztally.formats.published import PublishedFormatError, read_published
from kztally.paper import pages
from kztally.paper.intake import Refused, Verified, read_codes
from kztally.paper.payload import election_prefix
from kztally.paper.trust import KeyRing
from kztally.reports.crosscheck_data import ContestLine, CopySection, DifferenceRow, DiscrepancyDoc
from kztally.reports.crosscheck_texts import w
from kztally.reports.data import Marks
from kztally.reports.texts import Lang, t
from kztally.services.errors import InvalidRequest, NoElection
from kztally.services.margins import AreaMargins, ContestMargin, Difference, DifferenceVerdict
from kztally.services.observers import CopyIn, ObserverCopyView, Scan
from kztally.services.official import OfficialStatus, status_of
from kztally.storage import elections as stored
from kztally.storage import keys as key_store
from kztally.storage import protocols as protocol_store

if TYPE_CHECKING:
    from kztally.services.context import Services

MEDIA = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg"}
MEDIA[".jpeg"] = "image/jpeg"
SUFFIXES = frozenset({".csv", ".json", *MEDIA})
DATABASE = "database"
PUBLISHED = "published"


@dataclass(frozen=True, slots=True)
class ContestVerdict:
    """One contest: its margin, what the differences found add up to and whether they
    change it, and whether its uncounted protocols could."""

    margin: ContestMargin
    differences: DifferenceVerdict | None

    @property
    def changes(self) -> bool:
        return self.differences is not None and self.differences.changes

    @property
    def outstanding(self) -> Verdict:
        return self.margin.verdict


@dataclass(frozen=True, slots=True)
class CrossCheckReport:
    election: Election
    against: str
    """'database', or the published files' names with their format."""
    result: CrossCheck
    contests: tuple[ContestVerdict, ...]
    """The contests with differences or uncounted protocols, in the election's order."""
    status: OfficialStatus | None
    states: dict[tuple[str, str], State]
    """Each copied protocol's state in this database (for copies with no official one)."""

    @property
    def can_matter(self) -> bool:
        """Whether the differences, or protocols not counted, could change a seat or a
        winner (proven: `changes`; or not proven safe: outstanding `may`/`can`)."""
        return any(c.changes or c.outstanding is not Verdict.CANNOT for c in self.contests)

    @property
    def verdict_on(self) -> str:
        """The figures the margins and the verdict rest on: 'database' (this database's
        accepted protocols) or 'published' (the published files' figures, summed here)."""
        return DATABASE if self.against == DATABASE else PUBLISHED

    @property
    def differences_change(self) -> bool:
        return any(c.changes for c in self.contests)


def _gather(
    paths: Sequence[Path], in_folder: Callable[[Path], list[Path]], none: str
) -> list[Path]:
    """The files given, a folder standing for `in_folder(folder)`; a folder with none of
    them is refused (`{path}: ` and `none`), as is a path that is neither."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = in_folder(path)
            if not found:
                raise InvalidRequest(f"{path}: {none}")
            out.extend(found)
        elif path.is_file():
            out.append(path)
        else:
            raise InvalidRequest(f"{path}: no such file or folder")
    return out


def _files(paths: Sequence[Path]) -> list[Path]:
    return _gather(
        paths,
        lambda d: sorted(p for p in d.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES),
        "no CSV, JSON, PDF, PNG or JPEG file in it",
    )


class CrossCheckService:
    def __init__(self, services: Services) -> None:
        self._s = services

    # -- reading copies ---------------------------------------------------------------

    def _ring(self) -> tuple[Election, KeyRing, bytes]:
        """The election, the key list (public keys: anyone signed in may check a code)
        and the election's prefix in codes."""
        election = self._s.elections.require()
        with self._s.db.session(readonly=True) as s:
            found = stored.stored(s)
            if found is None:
                raise NoElection()
            return election, KeyRing(key_store.all_keys(s)), election_prefix(found.content_hash)

    def read(self, paths: Sequence[Path]) -> tuple[CopyIn, ...]:
        """The copies in the files and folders given (nothing stored)."""
        election = self._s.elections.require()
        ring: tuple[Election, KeyRing, bytes] | None = None
        out: list[CopyIn] = []
        for path in _files(paths):
            suffix = path.suffix.lower()
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise InvalidRequest(f"{path}: cannot be read ({exc.strerror})") from None
            sha = hashlib.sha256(data).hexdigest()
            if suffix == ".csv":
                out.extend(self._csv(path, election, sha))
            elif suffix == ".json":
                out.append(self._json(path, election, sha))
            elif suffix in MEDIA:
                if ring is None:
                    ring = self._ring()
                out.extend(self._codes(path, data, sha, ring))
            else:
                raise InvalidRequest(
                    f"{path}: not a copy kztally reads (a CSV of copies, a protocol file, "
                    "a PDF, PNG or JPEG of a certified copy)"
                )
        return tuple(out)

    @staticmethod
    def _csv(path: Path, election: Election, sha: str) -> list[CopyIn]:
        if kztally_csv.sniff(path):
            raise InvalidRequest(
                f"{path}: a results table as kztally exports it, not a CSV of copies: give "
                "it with --official to check copies against it"
            )
        try:
            rows = copies_csv.read(path, election)
        except copies_csv.CopiesFormatError as exc:
            raise InvalidRequest(str(exc)) from None
        out = []
        for r in rows:
            scan = None
            if r.scan is not None:
                media = MEDIA.get(r.scan.suffix.lower())
                if media is None:
                    raise InvalidRequest(f"{r.where}, column 'scan': PNG, JPEG or PDF only")
                scan = Scan(r.scan.name, media, r.scan.read_bytes())
            out.append(
                CopyIn(
                    AreaCode(r.precinct),
                    ContestId(r.contest),
                    r.figures,
                    certification=r.certification,
                    source=CopySource.CSV,
                    file=f"{path.name}:{r.line}",
                    file_sha256=sha,
                    scan=scan,
                )
            )
        return out

    @staticmethod
    def _json(path: Path, election: Election, sha: str) -> CopyIn:
        try:
            found = load_protocol(path, election)
        except FormatError as exc:
            raise InvalidRequest(str(exc)) from None
        entry = found.entry
        if entry is None:
            raise InvalidRequest(
                f"{path}: a record of a protocol's history is not a copy (a copy is a "
                "single entry, kind observer)"
            )
        return CopyIn(
            AreaCode(found.precinct),
            ContestId(found.contest),
            entry.figures,
            entry.acts,
            source=CopySource.FILE,
            file=path.name,
            file_sha256=sha,
        )

    @staticmethod
    def _codes(
        path: Path, data: bytes, sha: str, ring: tuple[Election, KeyRing, bytes]
    ) -> list[CopyIn]:
        election, keys, prefix = ring
        try:
            codes, _ = pages.codes(data, path.name)
        except pages.UnreadableFileError as exc:
            raise InvalidRequest(f"{path}: {exc}") from None
        found = read_codes(codes, keys, election, prefix)
        if not found:
            what = "no code on it" if not codes else "no kztally protocol's code on it"
            raise InvalidRequest(f"{path}: {what}")
        out = []
        for item in found:
            match item:
                case Refused(where=where, error=error):
                    raise InvalidRequest(f"{path}, {where}: {error}")
                case Verified(protocol=p):
                    out.append(
                        CopyIn(
                            AreaCode(p.precinct),
                            ContestId(p.contest),
                            p.figures,
                            p.acts,
                            source=CopySource.QR,
                            file=path.name,
                            file_sha256=sha,
                            scan=Scan(path.name, MEDIA[path.suffix.lower()], data),
                        )
                    )
        return out

    def keep(self, paths: Sequence[Path]) -> tuple[ObserverCopyView, ...]:
        """The copies in the files kept as the signed-in observer's (one transaction)."""
        return self._s.observers.keep_copies(self.read(paths))

    def seen(self, copies: Iterable[CopyIn], observer: str = "") -> tuple[CopySeen, ...]:
        """Copies read from files, as the cross-check takes them."""
        return tuple(
            CopySeen(
                c.precinct,
                c.contest,
                c.figures,
                observer,
                c.file,
                c.source,
                c.certification,
                scan_image=None if c.scan is None else (c.scan.media_type, c.scan.data),
            )
            for c in copies
        )

    # -- checking ---------------------------------------------------------------------

    def official(self, paths: Sequence[Path] = ()) -> tuple[str, dict[tuple[str, str], Figures]]:
        """The official figures: this database's accepted protocols, or the published
        files' (by protocol, in the election's order)."""
        election = self._s.elections.require()
        order: dict[tuple[str, str], int] = {
            (a.code, c): n
            for n, (a, c) in enumerate((a, c) for a in election.precincts() for c in a.contests)
        }
        found: dict[tuple[str, str], Figures] = {}
        if not paths:
            with self._s.db.session(readonly=True) as s:
                for summary in protocol_store.summaries(s):
                    if summary.state is State.ACCEPTED and summary.figures is not None:
                        found[(summary.precinct, summary.contest)] = summary.figures
            against = DATABASE
        else:
            names = []
            for path in _published_files(paths):
                try:
                    fmt, protocols = read_published(path, election)
                except PublishedFormatError as exc:
                    raise InvalidRequest(str(exc)) from None
                names.append(f"{path.name} ({fmt})")
                for p in protocols:
                    key = (p.precinct, p.contest)
                    if key in found:
                        raise InvalidRequest(f"{p.source}: {p.precinct}/{p.contest} given twice")
                    found[key] = p.figures
            against = (
                ", ".join(names)
                if len(names) <= 3
                else f"{names[0]} … {names[-1]} ({len(names)} files)"
            )
        ordered = dict(sorted(found.items(), key=lambda kv: order.get(kv[0], len(order))))
        return against, ordered

    def check(
        self,
        copies: Sequence[CopySeen] | None = None,
        official: Sequence[Path] = (),
        read: tuple[str, dict[tuple[str, str], Figures]] | None = None,
    ) -> CrossCheckReport:
        """`read`: what `official(official)` gave, when the caller read the files first
        (they are not read again)."""
        election = self._s.elections.require()
        if copies is None:
            copies = self._s.observers.seen()
        against, figures = self.official(official) if read is None else read
        contests: dict[str, Contest] = {c.id: c for c in election.contests}
        result = cross_check(contests, copies, figures)
        # The verdict rests on the figures checked against: the published ones, summed
        # here, when given (an observer's database holds no accepted protocols).
        margins: AreaMargins = (
            self._s.margins.published(figures) if official else self._s.margins.margins()
        )
        verdicts = self._s.margins.matter(
            (
                Difference(d.precinct, d.contest, d.line, d.delta)
                for d in result.differences
                if d.is_vote and d.delta
            ),
            base=margins,
        )
        by_contest = {v.contest.contest.id: v for v in verdicts}
        judged = tuple(
            ContestVerdict(m, by_contest.get(m.contest.id))
            for m in margins.contests
            if m.contest.id in by_contest or m.outstanding
        )
        copied = {(c.precinct, c.contest) for c in copies}
        with self._s.db.session(readonly=True) as s:
            states: dict[tuple[str, str], State] = {
                (p.precinct, p.contest): p.state
                for p in protocol_store.summaries(s)
                if (p.precinct, p.contest) in copied
            }
            status = status_of(s) if margins.status is None else margins.status
        return CrossCheckReport(election, against, result, judged, status, states)


def _published_files(paths: Sequence[Path]) -> list[Path]:
    return _gather(paths, lambda d: sorted(p for p in d.iterdir() if p.is_file()), "no file in it")


# -- the discrepancy report -----------------------------------------------------------

CSV_COLUMNS = (
    "precinct",
    "precinct name",
    "contest",
    "line",
    "line name",
    "official",
    "copy",
    "difference",
    "observer",
    "source",
    "origin",
    "copy number",
    "certified by",
    "sealed",
    "received at",
    "received where",
)


def _line_name(contest: Contest, line: str, lang: Lang) -> str:
    if line in LINE_NAMES:
        return t(lang, f"line_{line}")
    if line == AGAINST_ALL:
        return t(lang, "against_all")
    return contest.choice(ChoiceId(line)).name


def _sealed(sealed: bool | None) -> str:
    return "" if sealed is None else ("yes" if sealed else "no")


def _at(at: dt.datetime | None) -> str:
    return "" if at is None else at.isoformat(timespec="minutes")


def report_csv(report: CrossCheckReport) -> str:
    """Every difference, one a row, with the copy's certification (UTF-8 text; write
    it with a byte order mark for spreadsheet programs)."""
    election = report.election
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for d in report.result.differences:
        contest = election.contest(ContestId(d.contest))
        c = d.seen.certification
        writer.writerow(
            [
                d.precinct,
                election.area(AreaCode(d.precinct)).name,
                d.contest,
                d.line,
                _line_name(contest, d.line, "en"),
                "" if d.official is None else d.official,
                "" if d.copy is None else d.copy,
                d.delta,
                d.seen.observer,
                d.seen.source.value,
                d.seen.origin,
                c.number,
                c.certified_by,
                _sealed(c.sealed),
                _at(c.received_at),
                c.received_where,
            ]
        )
    return buffer.getvalue()


def _verdict_word(v: Verdict, lang: Lang) -> str:
    return w(lang, f"xc_{v.value}_word")


def _flip(f: Flip | None, lang: Lang) -> str:
    return w(lang, "xc_none") if f is None else str(f.ballots)


def _certification(seen: CopySeen, lang: Lang) -> tuple[tuple[str, str], ...]:
    c = seen.certification
    missing = t(lang, "not_recorded")
    sealed = missing if c.sealed is None else t(lang, "yes" if c.sealed else "no")
    return (
        (w(lang, "xc_number"), c.number or missing),
        (w(lang, "xc_certified_by"), c.certified_by or missing),
        (w(lang, "xc_sealed"), sealed),
        (w(lang, "xc_received_at"), _at(c.received_at) or missing),
        (w(lang, "xc_received_where"), c.received_where or missing),
    )


def _drawable(image: tuple[str, bytes]) -> bytes | None:
    """A scan as PNG or JPEG bytes the report can draw: a PDF's first page rendered,
    a TIFF converted; None when it cannot be read."""
    media, data = image
    if media in ("image/png", "image/jpeg"):
        return data
    try:
        first = next(pages.pictures(data, "scan"), None)
    except pages.UnreadableFileError:
        return None
    if first is None:
        return None
    out = io.BytesIO()
    first.save(out, "PNG")
    return out.getvalue()


def report_document(
    report: CrossCheckReport, lang: Lang, scans: dict[int, tuple[str, bytes]] | None = None
) -> DiscrepancyDoc:
    """The report's data in `lang`; `scans` holds stored copies' scans by copy id."""
    election = report.election
    result = report.result
    status = report.status
    marks = Marks(
        election.training,
        status is not None and status.official,
        "" if status is None else status.short_head,
    )
    against = (
        w(lang, "xc_against_db")
        if report.against == DATABASE
        else w(lang, "xc_against_file", files=report.against)
    )
    differing = {(d.precinct, d.contest) for d in result.differences}
    summary = (
        (w(lang, "xc_compared"), str(len(result.compared))),
        (w(lang, "xc_differing"), str(len(result.differences))),
        (w(lang, "xc_protocols"), str(len(differing))),
        (w(lang, "xc_no_official"), str(len(result.no_official))),
        (w(lang, "xc_missing"), str(len(result.missing))),
    )
    if report.differences_change:
        verdict = w(lang, "xc_changes")
    elif report.can_matter:
        verdict = w(lang, "xc_may")
    else:
        verdict = w(lang, "xc_cannot")
    verdict += " " + (
        w(lang, "xc_verdict_on_db")
        if report.verdict_on == DATABASE
        else w(lang, "xc_verdict_on_file", files=report.against)
    )
    contests = []
    for c in report.contests:
        m = c.margin
        margin = w(
            lang,
            "xc_margin",
            moved=_flip(m.margins.moved, lang),
            added=_flip(m.margins.added, lang),
            safe=m.margins.safe,
        )
        totals: tuple[tuple[str, str], ...] = ()
        if c.differences is None:
            diff = w(lang, "xc_diff_none")
        else:
            totals = tuple(
                (_line_name(m.contest, choice, lang), f"{delta:+d}")
                for choice, delta in c.differences.deltas
            )
            diff = w(lang, "xc_diff_yes" if c.differences.changes else "xc_diff_no")
        outstanding = w(
            lang,
            "xc_outstanding",
            n=m.outstanding,
            electorate=m.outstanding_electorate,
            verdict=_verdict_word(m.verdict, lang),
        )
        contests.append(
            ContestLine(f"{m.contest.name} ({m.contest.id})", margin, totals, diff, outstanding)
        )
    sections = []
    by_margin: dict[str, ContestMargin] = {c.margin.contest.id: c.margin for c in report.contests}
    by_copy: dict[int, list[FigureDifference]] = {}
    for d in result.differences:
        by_copy.setdefault(id(d.seen), []).append(d)
    for found in by_copy.values():
        seen = found[0].seen
        contest = election.contest(ContestId(seen.contest))
        rows = tuple(
            DifferenceRow(
                d.line if d.line in LINE_NAMES else "",
                _line_name(contest, d.line, lang),
                "" if d.official is None else str(d.official),
                "" if d.copy is None else str(d.copy),
                f"{d.delta:+d}",
            )
            for d in found
        )
        image = seen.scan_image
        if image is None and seen.copy_id is not None and scans is not None:
            image = scans.get(seen.copy_id)
        scan, note = None, ""
        if image is not None:
            scan = _drawable(image)
            if scan is None:
                note = w(lang, "xc_scan_pdf", name=image[0])
        in_context = by_margin.get(seen.contest)
        context = ""
        if in_context is not None:
            context = w(
                lang,
                "xc_context",
                contest=contest.id,
                moved=_flip(in_context.margins.moved, lang),
                safe=in_context.margins.safe,
            )
        source = w(lang, f"xc_src_{seen.source.value}")
        sections.append(
            CopySection(
                f"{seen.precinct} {election.area(AreaCode(seen.precinct)).name}",
                f"{contest.name} ({contest.id})",
                seen.observer or t(lang, "not_recorded"),
                f"{source}: {seen.origin}" if seen.origin else source,
                _certification(seen, lang),
                rows,
                scan,
                note,
                context,
            )
        )
    no_official = tuple(f"{s.precinct}/{s.contest} ({s.origin})" for s in result.no_official)
    missing = tuple(f"{p}/{c}" for p, c in result.missing)
    return DiscrepancyDoc(
        lang,
        marks,
        election.name,
        against,
        summary,
        verdict,
        tuple(contests),
        tuple(sections),
        no_official,
        missing,
    )


def write_whole(path: Path, data: bytes) -> None:
    """A report file written whole or not at all (beside it, then renamed), with the mode
    the user's umask gives new files."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
