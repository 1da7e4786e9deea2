"""`kztally crosscheck`: observers' certified copies against the official figures, and
whether the differences could change a seat or a winner (docs/formats.md, "The
observers' cross-check").

Exit status: 0 when no figure differs, 1 when some do, 2 for bad input (a file that
cannot be read, named with the place), 3 for a role that may not.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kztally.cli.errors import CliError

if TYPE_CHECKING:
    from kztally.domain.crosscheck import Certification, CopySeen, FigureDifference
    from kztally.services.context import Services
    from kztally.services.crosscheck import ContestVerdict, CrossCheckReport
    from kztally.services.observers import ListedCopy

LANGS = ("kk", "ru", "en")


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "crosscheck",
        parents=[common],
        help="observers' certified copies against the official figures",
        description="Compare certified copies (CSV of copies, protocol files, PDFs and "
        "photos of certified copies with their code, or folders of them; with none, the "
        "copies kept in the database) with this database's accepted protocols, or with a "
        "published results file (--official). Shows every figure that differs, copies "
        "with no official protocol and official protocols with no copy, the differences "
        "summed per list or candidate, and whether they, or the protocols not yet "
        "counted, could change a seat or a winner. Exit status 0: nothing differs; "
        "1: figures differ; 2: bad input.",
    )
    p.add_argument("copies", nargs="*", type=Path, metavar="COPIES", help="files or folders")
    p.add_argument(
        "--official",
        metavar="FILE",
        type=Path,
        action="append",
        default=[],
        help="a published results file (kztally's per-precinct CSV, ...) or a folder of "
        "them; may be repeated (default: this database's accepted protocols)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--keep",
        action="store_true",
        help="also keep the copies read from files as your own (observers)",
    )
    p.add_argument("--report", metavar="FILE.pdf", type=Path, help="write the PDF report")
    p.add_argument("--csv", metavar="FILE.csv", type=Path, help="write the differences as CSV")
    p.add_argument("--lang", choices=LANGS, default="kk", help="the report's language")
    p.set_defaults(func=run_crosscheck)


def run_crosscheck(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    for target in (args.report, args.csv):
        if target is not None and not target.parent.is_dir():
            raise CliError(f"{target}: no folder {target.parent} to write it in")
    with signed_in(args) as services, service_errors():
        return _crosscheck(services, args)


def _crosscheck(services: Services, args: argparse.Namespace) -> int:
    from kztally.services.crosscheck import report_csv, report_document, write_whole

    xc = services.crosscheck
    # a published file that cannot be read stops it first (read once)
    published = xc.official(args.official) if args.official else None
    copies: tuple[CopySeen, ...] | None = None
    if args.copies:
        read = xc.read(args.copies)
        observer = ""
        if args.keep:
            services.observers.keep_copies(read)
            observer = services.actor.user
        copies = xc.seen(read, observer)
    elif args.keep:
        raise CliError("--keep needs COPIES: the files whose copies to keep")
    report = xc.check(copies, args.official, published)
    if args.report is not None:
        from kztally.reports.crosscheck import render

        scans = None
        if copies is None:
            scans = {
                c.copy_id: found
                for c in report.result.compared
                if c.copy_id is not None and c.scan is not None
                for found in [services.observers.scan(c.copy_id)]
                if found is not None
            }
        write_whole(args.report, render(report_document(report, args.lang, scans)))
    if args.csv is not None:
        write_whole(args.csv, report_csv(report).encode("utf-8-sig"))
    if args.json:
        out = report_dict(report)
        if copies is None:  # the stored copies: list them all, older ones too
            out["copies"] = [listed_dict(c) for c in services.observers.list_copies()]
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        for line in report_lines(report):
            print(line)
    return 1 if report.result.differences else 0


def _line(line: str) -> int | str:
    return int(line) if line.isdigit() else line


def _certification(seen: CopySeen) -> dict[str, Any]:
    return certification_dict(seen.certification)


def certification_dict(c: Certification) -> dict[str, Any]:
    return {
        "number": c.number or None,
        "certified_by": c.certified_by or None,
        "sealed": c.sealed,
        "received_at": None if c.received_at is None else c.received_at.isoformat(),
        "received_where": c.received_where or None,
    }


def listed_dict(c: ListedCopy) -> dict[str, Any]:
    return {
        "id": c.id,
        "precinct": c.precinct,
        "contest": c.contest,
        "observer": c.observer,
        "at": c.at.isoformat(),
        "source": c.source.value,
        "origin": c.file or None,
        **certification_dict(c.certification),
        "scan": c.scan is not None,
        "latest": c.latest,
    }


def difference_dict(d: FigureDifference) -> dict[str, Any]:
    return {
        "precinct": d.precinct,
        "contest": d.contest,
        "line": _line(d.line),
        "official": d.official,
        "copy": d.copy,
        "delta": d.delta,
        "observer": d.seen.observer or None,
        "source": d.seen.source.value,
        "origin": d.seen.origin,
        "certification": _certification(d.seen),
    }


def contest_dict(c: ContestVerdict) -> dict[str, Any]:
    m = c.margin
    mm = m.margins
    return {
        "contest": m.contest.id,
        "safe": mm.safe,
        "moved": None if mm.moved is None else mm.moved.ballots,
        "added": None if mm.added is None else mm.added.ballots,
        "deltas": []
        if c.differences is None
        else [{"choice": ch, "delta": d} for ch, d in c.differences.deltas],
        "weight": None if c.differences is None else c.differences.weight,
        "differences_change": c.changes,
        "outstanding": {
            "protocols": m.outstanding,
            "electorate": m.outstanding_electorate,
            "verdict": m.verdict.value,
        },
    }


def report_dict(report: CrossCheckReport) -> dict[str, Any]:
    r = report.result
    status = report.status
    return {
        "election": report.election.id,
        "against": report.against,
        "differences": [difference_dict(d) for d in r.differences],
        "missing": list(r.missing_precincts),
        "missing_protocols": [{"precinct": p, "contest": c} for p, c in r.missing],
        "no_official": [
            {
                "precinct": s.precinct,
                "contest": s.contest,
                "state": None
                if (s.precinct, s.contest) not in report.states
                else report.states[(s.precinct, s.contest)].value,
                "origin": s.origin,
            }
            for s in r.no_official
        ],
        "totals": [{"contest": t.contest, "choice": t.choice, "delta": t.delta} for t in r.totals],
        "compared": len(r.compared),
        "contests": [contest_dict(c) for c in report.contests],
        "differences_change": report.differences_change,
        "can_matter": report.can_matter,
        "verdict_on": report.verdict_on,
        "results": None if status is None else status.word,
        "audit_head": None if status is None else status.short_head,
    }


def report_lines(report: CrossCheckReport) -> list[str]:
    r = report.result
    election = report.election
    against = (
        "this database's accepted protocols"
        if report.against == "database"
        else f"the published results {report.against}"
    )
    n = len(r.compared)
    out = [f"{election.name}: {n} {'copy' if n == 1 else 'copies'} compared with {against}"]
    for d in r.differences:
        line = f"line {d.line}" if d.line.isdigit() else d.line
        out.append(
            f"{d.precinct} {d.contest} {line}: official {d.official}, copy {d.copy} "
            f"({d.delta:+d}) [{d.seen.origin}]"
        )
    if not r.differences:
        out.append("no figure differs")
    for t in r.totals:
        out.append(f"sum of differences, {t.contest} {t.choice}: {t.delta:+d}")
    for s in r.no_official:
        state = report.states.get((s.precinct, s.contest))
        why = (
            f"state {state.value if state else 'unknown'}"
            if report.against == "database"
            else "not in the published results"
        )
        out.append(f"no official protocol: {s.precinct} {s.contest} ({why}) [{s.origin}]")
    if r.missing:
        shown = ", ".join(f"{p}/{c}" for p, c in r.missing[:20])
        more = f" and {len(r.missing) - 20} more" if len(r.missing) > 20 else ""
        out.append(f"official protocols with no copy ({len(r.missing)}): {shown}{more}")
    for c in report.contests:
        m = c.margin
        said = (
            ""
            if c.differences is None
            else f"the differences {'CHANGE' if c.changes else 'do not change'} it; "
        )
        moved = "none" if m.margins.moved is None else str(m.margins.moved.ballots)
        out.append(
            f"{m.contest.id}: fewest ballots moved that change it {moved}, safe up to "
            f"{m.margins.safe}; {said}"
            f"{m.outstanding} protocol{'' if m.outstanding == 1 else 's'} not counted "
            f"(electorate {m.outstanding_electorate}) "
            f"{m.verdict.value} change it"
        )
    on = (
        "this database's accepted protocols"
        if report.verdict_on == "database"
        else f"the published figures, summed here ({report.against})"
    )
    out.append(f"margins and verdict rest on {on}")
    if report.differences_change:
        out.append("verdict: the differences change a seat or a winner")
    elif report.can_matter:
        out.append("verdict: the differences change nothing; protocols not counted could")
    else:
        out.append("verdict: nothing found or missing can change a seat or a winner")
    return out
