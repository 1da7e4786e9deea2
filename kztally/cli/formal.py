"""`kztally formal [show|record]`: a protocol's formal parts.

`kztally formal --precinct P --contest C [--json]` shows the parts in force (members
present and in all, when the count began and ended, written requests to vote outside
the room), who recorded them and when. `kztally formal record --precinct P --contest C
[--present N] [--members N] [--began TIME] [--ended TIME] [--requests N]` records them
as the paper says: a part not given keeps what is recorded. Times are local time with
their zone, `2023-03-19T20:00+06:00`. A part that cannot be so is refused in one line
naming it (exit 2); the role's refusal is exit 3.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from kztally.cli.errors import CliError

if TYPE_CHECKING:
    from kztally.services.formal import FormalView


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "formal",
        parents=[common],
        help="a protocol's formal parts: show, record",
        description="Without an action: a protocol's formal parts (members present, "
        "when the count began and ended, written requests to vote outside the room).",
    )
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--precinct", required=True, metavar="CODE")
    where.add_argument("--contest", required=True, metavar="CODE")
    p.add_argument("--precinct", metavar="CODE")
    p.add_argument("--contest", metavar="CODE")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run_show)
    actions = p.add_subparsers(dest="formal_action", metavar="ACTION")
    r = actions.add_parser(
        "record",
        parents=[common, where],
        help="record a protocol's formal parts as its paper says",
        description="Record a protocol's formal parts as its paper says them; a part "
        "not given keeps what is recorded. Times: local time with its zone, "
        "2023-03-19T20:00+06:00.",
    )
    r.add_argument("--present", type=_count, metavar="N", help="commission members present")
    r.add_argument("--members", type=_count, metavar="N", help="commission members in all")
    r.add_argument("--began", type=_time, metavar="TIME", help="when the count began")
    r.add_argument("--ended", type=_time, metavar="TIME", help="when the count ended")
    r.add_argument(
        "--requests", type=_count, metavar="N", help="written requests to vote outside the room"
    )
    r.add_argument("--json", action="store_true", help="print one JSON object")
    r.set_defaults(func=run_record)


def _count(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 0, found {text!r}")
    return int(text)


def _time(text: str) -> dt.datetime:
    from kztally.domain.formal import parse_time

    try:
        return parse_time(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time with its zone, such as 2023-03-19T20:00+06:00"
            if "no zone" not in str(exc)
            else str(exc)
        ) from exc


def _iso(at: dt.datetime | None) -> str | None:
    from kztally.domain.formal import format_time

    return None if at is None else format_time(at)


def view_dict(v: FormalView) -> dict[str, Any]:
    f = v.formal
    return {
        "precinct": v.precinct,
        "contest": v.contest,
        "members_present": f.members_present,
        "members_total": f.members_total,
        "count_began": _iso(f.count_began),
        "count_ended": _iso(f.count_ended),
        "requests": f.requests,
        "round": v.round,
        "recorded_at": None if v.at is None else v.at.isoformat(),
        "recorded_by": v.by,
        "long_count": v.long_count,
    }


def _print(v: FormalView, as_json: bool) -> None:
    if as_json:
        print(json.dumps(view_dict(v), ensure_ascii=False, indent=2))
        return
    f = v.formal

    def say(value: object) -> str:
        return "not recorded" if value is None else str(value)

    print(f"{v.precinct}/{v.contest}: formal parts")
    members = say(f.members_present)
    if f.members_total is not None:
        members += f" of {f.members_total}"
    print(f"  members present      {members}")
    print(f"  count began          {say(_iso(f.count_began))}")
    ended = say(_iso(f.count_ended))
    if v.long_count:
        ended += "  (longer than the law's 12 hours)"
    print(f"  count ended          {ended}")
    print(f"  requests outside     {say(f.requests)}")
    if v.at is not None:
        print(f"  recorded by {v.by} {v.at:%Y-%m-%d %H:%M} UTC, count round {v.round}")
    else:
        print("  nothing recorded yet")


def run_show(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    if not args.precinct or not args.contest:
        raise CliError("give --precinct CODE and --contest CODE")
    with signed_in(args) as services, service_errors():
        view = services.formal.of(args.precinct, args.contest)
    _print(view, args.json)
    return 0


def run_record(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    changes = {
        "members_present": args.present,
        "members_total": args.members,
        "count_began": args.began,
        "count_ended": args.ended,
        "requests": args.requests,
    }
    given = {k: v for k, v in changes.items() if v is not None}
    if not given:
        raise CliError("give at least one of --present, --members, --began, --ended, --requests")
    with signed_in(args) as services, service_errors():
        now = services.formal.of(args.precinct, args.contest).formal
        view = services.formal.record(
            args.precinct, args.contest, dataclasses.replace(now, **given)
        )
    _print(view, args.json)
    return 0
