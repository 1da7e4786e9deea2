"""`kztally forensics`: the forensic tests on the accepted protocols of an area and of the
regions and districts below it."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from kztally.cli.errors import CliError
from kztally.cli.textout import add_lang_argument

if TYPE_CHECKING:
    from kztally.forensics.analysis import Finding
    from kztally.services.context import Services


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "forensics",
        parents=[common],
        help="election forensics: turnout against share, whole-percent spikes, digits, "
        "twins, outliers",
        description="Runs the forensic tests on the accepted protocols of a list contest "
        "(the Mazhilis list by default) over an area and each region and district below "
        "it, and lists what is flagged: significance 0.001 per test, Benjamini-Hochberg "
        "over the areas tested. A flag is a place to look, not proof (each finding's note "
        "says what its test can and cannot show).",
    )
    p.add_argument("--area", metavar="CODE", help="an area code (default: the country)")
    p.add_argument("--contest", metavar="ID", help="a list contest (default: the first)")
    p.add_argument("--all", action="store_true", help="every test on every area, not "
                   "only the flagged ones")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_lang_argument(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        return _run(services, args)


def _number(x: float) -> float | None:
    import math

    return x if math.isfinite(x) else None


def finding_dict(f: Finding, lang: str) -> dict[str, Any]:
    from kztally.forensics.analysis import ALPHA
    from kztally.forensics.notes import NOTES, note, title

    return {
        "area": f.area,
        "test": f.test,
        "statistic": _number(f.statistic),
        "p_value": f.p_value,
        "p_adjusted": f.p_adjusted,
        "alpha": ALPHA,
        "flagged": f.flagged,
        "n": f.n,
        "expected": f.expected,
        "precincts": list(f.precincts),
        "title": title(f.test, lang),
        "note": note(f.test, lang),
        "notes": {k: note(f.test, k) for k in NOTES[f.test]},
    }


def _run(services: Services, args: argparse.Namespace) -> int:
    from kztally.forensics.notes import title

    election = services.elections.current()
    if election is None:
        raise CliError("this database holds no election yet: load one (kztally mock)")
    if args.area is not None and not election.has_area(args.area):
        raise CliError(f"--area {args.area}: no such area in {election.id} (see `kztally areas`)")
    if args.contest is not None and not election.has_contest(args.contest):
        raise CliError(f"--contest {args.contest}: no such contest in {election.id}")
    result = services.forensics.analyse(args.area, args.contest)
    report = result.report
    shown = report.findings if args.all else report.flagged
    if args.json:
        leader = (
            result.choices[report.leader]
            if report.leader is not None and report.leader < len(result.choices)
            else None
        )
        out = {
            "area": result.area,
            "contest": result.contest,
            "leader": leader,
            "precincts": report.precincts,
            "areas": list(report.areas),
            "flagged": [finding_dict(f, args.lang) for f in report.flagged],
        }
        if args.all:
            out["findings"] = [finding_dict(f, args.lang) for f in report.findings]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(
        f"{result.area}: {report.precincts} accepted protocols of {result.contest}, "
        f"{len(report.areas)} areas tested, {len(report.flagged)} flagged"
    )
    for f in shown:
        mark = "FLAG" if f.flagged else "    "
        where = f" ({', '.join(f.precincts[:6])})" if f.precincts else ""
        print(
            f"{mark} {f.area:10} {title(f.test, args.lang)}: statistic {f.statistic:.4g}, "
            f"p {f.p_value:.3g}, adjusted {f.p_adjusted:.3g}{where}"
        )
    return 0
