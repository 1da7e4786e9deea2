"""`kztally export -o DIR` and `kztally import FILE|DIR...`: moving data between databases.

Export writes the election definition, one record file per protocol that has any history
and the results tables (CSV) to a folder; anyone signed in may export. Import reads a
folder written by export, or single files (a definition, protocol records, single
entries); administrators, supervisors and trainers may import.

Import prints one line per file that did not go in (conflicts: the database holds
something else, left as it is; errors: the file cannot be read, with the place in it),
then a summary. Exit status: 0 when every file went in or was there already, 1 when
there were conflicts, 2 when a file could not be read or is not of this election.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kztally.cli.errors import CliError

if TYPE_CHECKING:
    from kztally.services.transfer import ImportReport

STANDARD_FORMATS = ("nist", "eml", "openelections")
"""`kztally export --format`'s standard formats (kztally.services.publish.FORMATS)."""


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    e = sub.add_parser(
        "export",
        parents=[common],
        help="write the election, every entered protocol and the results tables to a folder",
        description="Writes DIR/election.json (the definition), DIR/protocols/<precinct>_"
        "<contest>.json (every protocol with any entry or decision: state, entries, agreed "
        "figures, decisions and every revision) and DIR/results/<contest>.csv (each "
        "precinct's state and, when accepted, its figures; UTF-8 for spreadsheets). Each "
        "file is written whole or not at all. DIR must be new, empty, or an earlier export. "
        "With --format nist, eml or openelections, writes instead one FILE of the accepted "
        'protocols in that standard format (docs/formats.md, "Results in standard formats").',
    )
    e.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="DIR|FILE",
        help="the folder (the file, with a standard --format)",
    )
    e.add_argument(
        "--format",
        choices=("kztally", *STANDARD_FORMATS),
        default="kztally",
        help="kztally (default): the folder above; nist (NIST SP 1500-100 v2 JSON), eml "
        "(OASIS EML 510 XML) or openelections (CSV): one FILE of the accepted protocols, "
        "precinct by precinct, marked official or not with the audit head (docs/formats.md)",
    )
    e.set_defaults(func=run_export)

    i = sub.add_parser(
        "import",
        parents=[common],
        help="read an exported folder or protocol files into this database",
        description="Reads a folder written by `kztally export`, or files: an election "
        "definition (loaded into an empty database; another election is refused), protocol "
        "records (written whole into protocols never entered here) and single entries "
        "(entered as a clerk's entry would be). What is already here is unchanged; a "
        "protocol that holds something else is a conflict, left as it is. Exit status 0: "
        "all in or unchanged; 1: conflicts; 2: a file could not be read. An export folder's "
        "audit chain is checked first: nothing of a folder whose records the chain does not "
        "vouch for is read, and a record with no chain is refused.",
    )
    i.add_argument("paths", nargs="+", metavar="FILE|DIR", help="files or folders to import")
    i.add_argument(
        "--batch-size",
        type=_positive,
        default=None,
        metavar="N",
        help="protocols per transaction (default: the service's batch size)",
    )
    i.add_argument(
        "--head",
        metavar="COUNT:HASH",
        help="the export's audit head as recorded outside it (on the sender's report or "
        "note): the chain it carries must pass through it",
    )
    i.set_defaults(func=run_import)


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _progress(what: str) -> Callable[[int, int], bool]:
    """A counter on a terminal's stderr, twice a second."""
    last = [0.0]

    def progress(done: int, total: int) -> bool:
        now = time.monotonic()
        if sys.stderr.isatty() and (now - last[0] > 0.5 or done == total):
            last[0] = now
            print(f"\r  {done}/{total} {what}", end="", file=sys.stderr, flush=True)
        return True

    return progress


def run_export(args: argparse.Namespace) -> int:
    if args.format != "kztally":
        return _run_standard(args)
    start = time.monotonic()
    progress = _progress("protocols")
    from kztally.cli.session import service_errors, signed_in
    from kztally.services.transfer import TransferService

    with signed_in(args) as services, service_errors():
        try:
            report = TransferService(services).export(args.output, progress)
        except OSError as exc:
            raise CliError(f"{args.output}: {exc.strerror or exc}") from exc
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        f"{report.directory}: the election, {report.protocols} protocol file(s) and "
        f"{report.results} results table(s) written in {time.monotonic() - start:.1f} s"
    )
    if report.withheld:
        print(
            f"{report.withheld} protocol(s) not yet accepted left out: clerks and observers "
            "export accepted protocols"
        )
    return 0


def _run_standard(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in
    from kztally.services.publish import PublishService

    with signed_in(args) as services, service_errors():
        try:
            report = PublishService(services).export(args.output, args.format)
        except OSError as exc:
            raise CliError(f"{args.output}: {exc.strerror or exc}") from exc
    status = "official" if report.official else "unofficial"
    print(
        f"{report.path}: {report.protocols} accepted protocol(s) in {report.format}, "
        f"results {status}, audit head {report.head}"
    )
    if report.withheld:
        print(f"{report.withheld} protocol(s) not yet accepted left out")
    return 0


def run_import(args: argparse.Namespace) -> int:
    start = time.monotonic()
    progress = _progress("files")
    from kztally.cli.session import service_errors, signed_in
    from kztally.domain.audit import Head
    from kztally.services.transfer import TransferService

    head = None
    if args.head is not None:
        try:
            head = Head.parse(args.head)
        except ValueError as exc:
            raise CliError(f"--head: {exc}") from exc
    with signed_in(args) as services, service_errors():
        transfer = (
            TransferService(services)
            if args.batch_size is None
            else TransferService(services, batch_size=args.batch_size)
        )
        report = transfer.import_paths(args.paths, progress, head=head)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print_report(report, time.monotonic() - start)
    return report.status


def print_report(report: ImportReport, seconds: float) -> None:
    for p in report.conflicts:
        print(f"conflict: {p}")
    for p in report.errors:
        print(f"error: {p}")
    print(f"{report.summary()} in {seconds:.1f} s")
