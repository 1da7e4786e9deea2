"""`kztally intake FILE|DIR...`, `kztally intake --typed ...`, `kztally intake --missing`
and `kztally papers`.

Intake reads the signed codes off PDFs, scans and photos and takes each protocol in
through the one door (the state machine's `take_in`); every file is reported on a line of
its own: taken in, unchanged, or refused with the reason. Exit status 1 when any file was
refused (nothing of a refused code is stored), 0 otherwise; 2 for a file or option that
cannot be used; 3 for a role that may not take protocols in.

An observer's intake keeps the certified copies read as their own copies (with the file
as each copy's scan), never as official entries: every code must verify, else nothing
is kept (exit 2 naming the file).

Services are imported when a command runs: every `kztally` command builds the parser.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kztally.cli.errors import CliError

if TYPE_CHECKING:
    from kztally.domain.protocol import Figures
    from kztally.services.context import Services
    from kztally.services.intake import FileReport

REFUSED_EXIT = 1

REASONS = {
    "unreadable": "unreadable: no code could be read",
    "truncated": "unreadable: the code is cut short",
    "malformed": "unreadable: the code does not fit the format",
    "not_a_protocol": "unreadable: not a protocol's code",
    "version": "unreadable: a format version this kztally does not read",
    "missing_parts": "incomplete: parts of the code are missing",
    "bad_signature": "altered: the signature does not match",
    "unknown_key": "unsigned by a known key: the key is not on the key list",
    "uncertified": "the key is not certified up to the CEC",
    "revoked": "the key was revoked",
    "other_commission": "signed by another commission's key",
    "training_key": "a training key in an election that counts",
    "other_election": "signed for another election",
    "unknown_protocol": "no such protocol in this election",
    "stale": "stale: a recount superseded it",
    "round": "of a later round than recorded here",
    "conflict": "conflict: the protocol holds other figures",
    "state": "the protocol's state does not allow it",
    "concurrent_change": "changed by someone else meanwhile",
    "invalid": "figures that do not fit the ballot",
    "not_found": "no such protocol",
}


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "intake",
        parents=[common],
        help="take protocols in from the signed codes on PDFs, scans and photos",
        description="Reads the signed QR codes off each file (PDF pages, PNG, JPEG; a "
        "folder: its files of these kinds) and takes each protocol in through the double "
        "entry's state machine: with no entry yet the code stands for both entries; after "
        "a typed entry it is the second. Each file is reported: taken in, unchanged, or "
        "refused with the reason (exit status 1 when any is). With --typed, a clerk's "
        "entry typed from a paper whose code cannot be read, bound to the paper by two of "
        "its hash groups. With --missing, the papers still missing. Clerks and "
        "supervisors.",
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="FILE|DIR")
    p.add_argument("--missing", action="store_true", help="list the papers still missing")
    p.add_argument("--area", metavar="CODE", help="with --missing: at or below this area")
    p.add_argument("--typed", action="store_true", help="enter figures typed from a paper")
    p.add_argument("--precinct", metavar="CODE")
    p.add_argument("--contest", metavar="ID")
    p.add_argument("--lines", metavar="N,...", help="lines 1-8, comma-separated (- is empty)")
    p.add_argument("--votes", metavar="N,...", help="the vote lines in ballot order")
    p.add_argument("--against-all", metavar="N", default="-", help="against all (- is empty)")
    p.add_argument("--groups", metavar="XXXX,XXXX", help="two of the paper's hash groups")
    p.add_argument("--reference", default="", help="the act's reference printed on the paper")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)

    r = sub.add_parser(
        "papers",
        parents=[common],
        help="the register of papers: which protocols arrived on paper, and which are missing",
        description="Every paper taken in (by code or typed with its hash groups): "
        "precinct, ballot, round, how, when, by whom and from which file; then the papers "
        "still missing.",
    )
    r.add_argument("--area", metavar="CODE", help="at or below this area")
    r.add_argument("--json", action="store_true", help="print one JSON object")
    r.set_defaults(func=run_papers)


def run(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    modes = sum([bool(args.paths), args.missing, args.typed])
    if modes != 1:
        raise CliError("give FILE|DIR..., or --typed, or --missing (one of them)")
    if args.paths:
        for path in args.paths:
            if not path.exists():
                raise CliError(f"{path}: no such file or folder")
    with signed_in(args) as services, service_errors():
        if args.missing:
            return _missing(services, args)
        if args.typed:
            return _typed(services, args)
        return _files(services, args)


def _files(services: Services, args: argparse.Namespace) -> int:
    from kztally.domain.rules import Role

    if services.actor.role is Role.OBSERVER:
        return _observers_copies(services, args)
    reports: list[FileReport] = []

    def show(report: FileReport) -> None:
        reports.append(report)
        if not args.json:
            for line in _report_lines(report):
                print(line, flush=True)

    services.intake.take_in_files(args.paths, progress=show)
    refused = sum(1 for r in reports if r.refused)
    if args.json:
        print(json.dumps({"files": [_report_dict(r) for r in reports]}, ensure_ascii=False))
    else:
        taken = sum(1 for r in reports if r.status == "taken_in")
        print(
            f"{len(reports)} files: {taken} taken in, "
            f"{len(reports) - taken - refused} unchanged, {refused} refused"
        )
    return REFUSED_EXIT if refused else 0


def _observers_copies(services: Services, args: argparse.Namespace) -> int:
    """An observer's certified copies: each code read, verified and kept as their own
    copy with the file as its scan, never as an official entry (one transaction)."""
    kept = services.crosscheck.keep(args.paths)
    copies = [{"precinct": c.precinct, "contest": c.contest, "copy": c.id} for c in kept]
    if args.json:
        print(json.dumps({"copies": copies}, ensure_ascii=False))
    else:
        for c in copies:
            print(f"{c['precinct']}/{c['contest']}: kept as your certified copy {c['copy']}")
        print(f"{len(copies)} copies kept (kztally crosscheck compares them)")
    return 0


def _report_lines(report: FileReport) -> list[str]:
    out = []
    for o in report.outcomes:
        where = f" {o.precinct}/{o.contest}" if o.precinct else ""
        match o.status:
            case "taken_in":
                out.append(f"{report.file}: taken in{where} ({o.state})")
            case "unchanged":
                out.append(
                    f"{report.file}: unchanged{where}: it is {o.state} with the same figures"
                )
            case _:
                why = REASONS.get(o.reason, o.reason)
                out.append(f"{report.file}: refused{where}: {why} ({o.message})")
    return out


def _report_dict(report: FileReport) -> dict[str, Any]:
    return {
        "file": report.file,
        "pages": report.pages,
        "status": report.status,
        "protocols": [
            {
                "status": o.status,
                "precinct": o.precinct or None,
                "contest": o.contest or None,
                "state": o.state or None,
                "reason": o.reason or None,
                "message": o.message or None,
            }
            for o in report.outcomes
        ],
    }


def _numbers(text: str | None, what: str) -> tuple[int | None, ...]:
    if text is None:
        raise CliError(f"--typed needs --{what}")
    out: list[int | None] = []
    for raw in text.split(","):
        piece = raw.strip()
        if piece in ("-", ""):
            out.append(None)
        elif piece.isdigit():
            out.append(int(piece))
        else:
            raise CliError(f"--{what}: {piece!r} is not a whole number or -")
    return tuple(out)


def _figures(args: argparse.Namespace) -> Figures:
    from kztally.domain.protocol import LINE_COUNT, Figures

    lines = _numbers(args.lines, "lines")
    if len(lines) != LINE_COUNT:
        raise CliError(f"--lines: {LINE_COUNT} figures, not {len(lines)}")
    votes = _numbers(args.votes, "votes")
    (against,) = _numbers(args.against_all, "against-all")
    return Figures(lines, votes, against)


def _typed(services: Services, args: argparse.Namespace) -> int:
    from kztally.domain.ids import AreaCode, ContestId

    if not args.precinct or not args.contest or not args.groups:
        raise CliError("--typed needs --precinct, --contest and --groups")
    figures = _figures(args)
    precinct, contest = AreaCode(args.precinct), ContestId(args.contest)
    version = services.entry.view(precinct, contest).version
    view = services.intake.enter_typed(
        precinct,
        contest,
        figures,
        args.groups,
        reference=args.reference,
        expected_version=version,
    )
    print(f"{precinct}/{contest}: entered, bound to its paper ({view.state})")
    return 0


def _missing(services: Services, args: argparse.Namespace) -> int:
    missing = services.intake.missing(args.area)
    if args.json:
        rows = [{"precinct": m.precinct, "contest": m.contest, "round": m.round} for m in missing]
        print(json.dumps({"missing": rows}, ensure_ascii=False))
        return 0
    for m in missing:
        print(f"{m.precinct}\t{m.contest}\tround {m.round}")
    print(f"{len(missing)} papers missing")
    return 0


def run_papers(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        papers = services.intake.papers(args.area)
        missing = services.intake.missing(args.area)
    if args.json:
        print(
            json.dumps(
                {
                    "arrived": [
                        {
                            "precinct": p.precinct,
                            "contest": p.contest,
                            "round": p.round,
                            "how": p.how,
                            "outcome": p.outcome,
                            "paper": p.sha256,
                            "key": p.key,
                            "file": p.file,
                            "at": p.at.isoformat(),
                            "by": p.by,
                        }
                        for p in papers
                    ],
                    "missing": [
                        {"precinct": m.precinct, "contest": m.contest, "round": m.round}
                        for m in missing
                    ],
                },
                ensure_ascii=False,
            )
        )
        return 0
    for p in papers:
        print(
            f"{p.precinct}\t{p.contest}\tround {p.round}\t{p.how}\t{p.outcome}\t"
            f"{p.at:%Y-%m-%d %H:%M:%S}\t{p.by}\t{p.file}"
        )
    print(f"{len(papers)} papers arrived; {len(missing)} missing")
    for m in missing:
        print(f"missing\t{m.precinct}\t{m.contest}\tround {m.round}")
    return 0
