"""`kztally results`, `kztally areas` and `kztally progress`.

Services are imported when a command runs, not when the parser is built.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from kztally.cli.errors import CliError
from kztally.domain.election import AreaKind, Election
from kztally.i18n import text

if TYPE_CHECKING:
    from kztally.services.context import Services


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "results",
        parents=[common],
        help="results for the country or an area: list seats, district winners, maslikhats",
        description="Results from accepted protocols: sums, shares, list seats, district "
        "winners, the maslikhats, and how far counting has got.",
    )
    p.add_argument("--area", metavar="CODE", help="an area code (see `kztally areas`)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run_results)
    actions = p.add_subparsers(dest="results_action", metavar="ACTION")
    o = actions.add_parser(
        "official",
        parents=[common],
        help="mark the election's results official (administrators)",
        description="Mark the election's results official: from then on no entry, "
        "decision, recount, annulment, import or bulk record changes a figure, a state or "
        "a seat, until an administrator unlocks them with a reason (docs/official.md).",
    )
    o.set_defaults(func=run_official)
    u = actions.add_parser(
        "unlock",
        parents=[common],
        help="make official results unofficial again, with a reason (administrators)",
        description="Unlock official results: entry and decisions are allowed again. The "
        "reason is kept in the audit log.",
    )
    u.add_argument("--reason", metavar="TEXT", required=True, help="why (kept in the log)")
    u.set_defaults(func=run_unlock)

    p = sub.add_parser(
        "areas",
        parents=[common],
        help="the area codes: regions, districts, precincts",
        description="Lists the area codes of the stored election, one per line, indented "
        "by level. Precincts are listed only with --precincts or under --area.",
    )
    p.add_argument("--area", metavar="CODE", help="only this area and what is below it")
    p.add_argument("--precincts", action="store_true", help="list precincts too")
    p.set_defaults(func=run_areas)

    p = sub.add_parser(
        "progress",
        parents=[common],
        help="protocols still missing or pending",
        description="Lists the protocols at or below an area that are not yet accepted "
        "or annulled: missing (not entered) or pending (first entry, entries differ, "
        "awaiting a decision).",
    )
    p.add_argument("--area", metavar="CODE", help="an area code (default: the country)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run_progress)


def _election(services: Services) -> Election:
    election = services.elections.current()
    if election is None:
        raise CliError(
            "this database holds no election yet: load one (kztally mock, kztally import)"
        )
    return election


def _area(election: Election, code: str | None) -> str:
    if code is None:
        return election.root.code
    if not election.has_area(code):
        raise CliError(f"--area {code}: no such area in {election.id} (see `kztally areas`)")
    return code


def run_results(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        return _results(services, args)


def _results(services: Services, args: argparse.Namespace) -> int:
    election = _election(services)
    area = _area(election, args.area)
    from kztally.cli.results_out import results_dict, results_text

    result = services.results.results(area)
    if args.json:
        print(json.dumps(results_dict(election, result), ensure_ascii=False, indent=1))
    else:
        print(results_text(election, result))
    return 0


def run_official(args: argparse.Namespace) -> int:
    from kztally.cli.results_out import status_line
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        _election(services)
        print(status_line(services.official.mark()))
    return 0


def run_unlock(args: argparse.Namespace) -> int:
    from kztally.cli.results_out import status_line
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        _election(services)
        print(status_line(services.official.unlock(args.reason)))
    return 0


def run_areas(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        return _areas(services, args)


def _areas(services: Services, args: argparse.Namespace) -> int:
    election = _election(services)
    top = _area(election, args.area)
    show_precincts = args.precincts or args.area is not None
    depth = {AreaKind.COUNTRY: 0, AreaKind.REGION: 1, AreaKind.DISTRICT: 2, AreaKind.PRECINCT: 3}
    base = depth[election.area(top).kind]
    stack = [election.area(top)]
    while stack:
        area = stack.pop()
        if area.kind is AreaKind.PRECINCT and not show_precincts:
            continue
        indent = "  " * (depth[area.kind] - base)
        extra = (
            f"  №{area.number}  {area.electorate} voters" if area.kind is AreaKind.PRECINCT else ""
        )
        print(f"{indent}{area.code}  {area.name}{extra}")
        stack.extend(reversed(election.children(area.code)))
    from kztally.cli.results_out import status_line

    print(status_line(services.official.status()))
    return 0


def run_progress(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        return _progress(services, args)


def _progress(services: Services, args: argparse.Namespace) -> int:
    election = _election(services)
    area = _area(election, args.area)
    from kztally.cli.results_out import status_dict, status_line

    results = services.results
    outstanding, status = results.outstanding_report(area)
    if args.json:
        print(
            json.dumps(
                {
                    "area": area,
                    "outstanding": [
                        {"precinct": o.precinct, "contest": o.contest, "state": o.state.value}
                        for o in outstanding
                    ],
                    **status_dict(status),
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    p = results.results(area).progress
    print(status_line(status))
    print(
        f"{election.area(area).name} ({area}): accepted {p.accepted} of {p.expected}, "
        f"pending {p.pending}, missing {p.missing}, annulled {p.annulled}"
    )
    for o in outstanding:
        precinct = election.area(o.precinct)
        state = text(f"state.{o.state.value}", "en")
        print(f"{o.precinct}  №{precinct.number}  {o.contest}  {state}")
    return 0
