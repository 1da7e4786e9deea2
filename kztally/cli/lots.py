"""`kztally lots [draw]` and `kztally designations [record]`.

`kztally lots` lists the ties of the results as they stand (settled by registration
order, by a recorded lot, or awaiting one) and every drawing of lots recorded;
`kztally lots draw` records one. `kztally designations` lists the lists with seats and
who takes them; `kztally designations record` records a party's designation. Recording
is for supervisors and administrators (exit 3 otherwise); a draw or designation that
does not fit the results is refused in one line (exit 2).

Services are imported when a command runs: every `kztally` command builds the parser.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from kztally.cli.errors import CliError
from kztally.i18n import text

if TYPE_CHECKING:
    from kztally.services.context import Services
    from kztally.services.lots import DesignationView, DrawRecord, TieView

_T = TypeVar("_T")


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "lots",
        parents=[common],
        help="ties left to lots: list them, record a drawing of lots",
        description="Without an action: the ties of the results as they stand (equal "
        "remainders for a list seat, equal votes for first place in a district), how each "
        "was settled or that it awaits a lot, and every drawing of lots recorded.",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run_list)
    actions = p.add_subparsers(dest="lots_action", metavar="ACTION")
    d = actions.add_parser(
        "draw",
        parents=[common],
        help="record the drawing of lots of a tie",
        description="Record the drawing of lots that settles the tie of a contest: the "
        "ids of the tie in the order drawn (earlier wins), the witnesses and the "
        "reference of the commission's act. A newer draw supersedes the older. "
        "Supervisors and administrators.",
    )
    d.add_argument("--contest", required=True, metavar="ID", help="the contest of the tie")
    d.add_argument(
        "--order",
        required=True,
        metavar="A,B[,C]",
        help="the tied lists or candidates in the order drawn, comma-separated",
    )
    d.add_argument(
        "--witness",
        action="append",
        default=[],
        metavar="NAME",
        help="a witness of the drawing (repeat for each)",
    )
    d.add_argument("--reference", required=True, metavar="REF", help="the act's reference")
    d.set_defaults(func=run_draw)

    p = sub.add_parser(
        "designations",
        parents=[common],
        help="who takes the party-list seats: list, record a party's designation",
        description="Without an action: every list with seats as the results stand, and "
        "who takes them (the party's recorded designation, else the Kazakh-alphabet "
        "fallback where the rules keep it), with the 30% check.",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run_designations)
    actions = p.add_subparsers(dest="designations_action", metavar="ACTION")
    r = actions.add_parser(
        "record",
        parents=[common],
        help="record a party's designation of its deputies",
        description="Record the persons a party designates for its list's seats, in its "
        "order (names as on its list, at most one per seat). A newer designation "
        "supersedes the older. Supervisors and administrators.",
    )
    r.add_argument("--contest", required=True, metavar="ID", help="the list contest")
    r.add_argument("--list", required=True, dest="list_id", metavar="ID", help="the list")
    r.add_argument(
        "--person",
        action="append",
        default=[],
        metavar="NAME",
        help="a designated person, as on the list (repeat for each, in order)",
    )
    r.add_argument("--reference", required=True, metavar="REF", help="the party's decision")
    r.set_defaults(func=run_designate)


def _require_election(services: Services) -> None:
    if services.elections.current() is None:
        raise CliError(
            "this database holds no election yet: load one (kztally mock, kztally import)"
        )


def _draw_dict(d: DrawRecord, current: bool) -> dict[str, Any]:
    return {
        "id": d.id,
        "contest": d.contest,
        "tied": list(d.tied),
        "order": list(d.order),
        "witnesses": list(d.witnesses),
        "reference": d.reference,
        "at": d.at.isoformat(),
        "by": d.by,
        "current": current,
    }


def _draw_text(d: DrawRecord, current: bool) -> str:
    state = "" if current else " (superseded)"
    return (
        f"  #{d.id} {d.contest}: {', '.join(d.order)} (drawn between {', '.join(d.tied)}); "
        f"act {d.reference}; witnesses {', '.join(d.witnesses)}; recorded by {d.by} "
        f"{d.at:%Y-%m-%d %H:%M} UTC{state}"
    )


def _listing(
    args: argparse.Namespace,
    read: Callable[[Services], _T],
    as_json: Callable[[_T], dict[str, Any]],
    as_text: Callable[[_T], Iterable[str]],
) -> int:
    """A listing command: read what it lists as the signed-in person, then print it as
    one JSON object (--json) or as lines of text."""
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        _require_election(services)
        found = read(services)
    if args.json:
        print(json.dumps(as_json(found), ensure_ascii=False, indent=1))
    else:
        for line in as_text(found):
            print(line)
    return 0


_Ties = tuple["tuple[TieView, ...]", "tuple[DrawRecord, ...]"]


def _ties_and_draws(services: Services) -> _Ties:
    return services.lots.ties(), services.lots.draws()


def _newest(draws: Iterable[DrawRecord]) -> dict[str, int]:
    return {d.contest: d.id for d in draws}


def _ties_json(found: _Ties) -> dict[str, Any]:
    from kztally.cli.results_out import tie_dict

    ties, draws = found
    newest = _newest(draws)
    return {
        "ties": [tie_dict(t.tie) for t in ties],
        "draws": [_draw_dict(d, newest[d.contest] == d.id) for d in draws],
    }


def _ties_text(found: _Ties) -> Iterator[str]:
    from kztally.cli.results_out import tie_text

    ties, draws = found
    newest = _newest(draws)
    yield "Ties, as the results stand" if ties else "No tie in the results as they stand."
    for t in ties:
        yield "\n".join(tie_text(t.tie))
    if draws:
        yield "Drawings of lots recorded"
        for d in draws:
            yield _draw_text(d, newest[d.contest] == d.id)


def run_list(args: argparse.Namespace) -> int:
    return _listing(args, _ties_and_draws, _ties_json, _ties_text)


def run_draw(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    order = [part.strip() for part in args.order.split(",")]
    if not all(order):
        raise CliError(f"--order {args.order!r}: ids separated by commas, none empty")
    if not args.witness:
        raise CliError("name at least one witness of the drawing: --witness NAME")
    with signed_in(args) as services, service_errors():
        _require_election(services)
        draw = services.lots.draw(args.contest, order, args.witness, args.reference)
    print(
        f"drawing of lots #{draw.id} recorded for {draw.contest}: {', '.join(draw.order)} "
        f"(act {draw.reference})"
    )
    return 0


def _designation_dict(v: DesignationView) -> dict[str, Any]:
    d = v.designation
    return {
        "contest": v.contest,
        "list": v.list_id,
        "seats": v.seats,
        "persons": [p.name for p in d.persons],
        "protected_share": None if d.protected_share is None else f"{d.protected_share}",
        "notices": [
            {"code": n.code, "text": text(f"notice.{n.code}", "en", **n.detail)} for n in d.notices
        ],
        "recorded": None
        if v.record is None
        else {
            "id": v.record.id,
            "reference": v.record.reference,
            "at": v.record.at.isoformat(),
            "by": v.record.by,
        },
    }


def _designations_text(views: tuple[DesignationView, ...]) -> Iterator[str]:
    if not views:
        yield "No list has a seat as the results stand."
    for v in views:
        source = (
            f"designated (decision {v.record.reference})" if v.record is not None else "no decision"
        )
        names = ", ".join(p.name for p in v.designation.persons) or "—"
        yield f"{v.contest} {v.list_id}: {v.seats} seat(s), {source}: {names}"
        for n in v.designation.notices:
            yield f"  {n.code} {text(f'notice.{n.code}', 'en', **n.detail)}"


def run_designations(args: argparse.Namespace) -> int:
    return _listing(
        args,
        lambda services: services.lots.designations(),
        lambda views: {"designations": [_designation_dict(v) for v in views]},
        _designations_text,
    )


def run_designate(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    if not args.person:
        raise CliError("name at least one designated person: --person NAME")
    with signed_in(args) as services, service_errors():
        _require_election(services)
        record = services.lots.designate(args.contest, args.list_id, args.person, args.reference)
    print(
        f"designation #{record.id} recorded for {record.list_id} in {record.contest}: "
        f"{', '.join(record.persons)}"
    )
    return 0
