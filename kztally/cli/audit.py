"""`kztally audit verify|show|head|export`: the audit log (docs/audit.md).

`verify` recomputes the chain and checks the tables against it (or, given an export
folder, the folder's records against the chain it carries); with `--head
COUNT:HASH` (a head written down outside the database: a printed report, an export, the
commission above, an observer's note) also that the chain still passes through it. It
names the first break and exits 1, or exits 0 when all holds.

Services are imported when a command runs: every `kztally` command builds the parser.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kztally.cli.errors import CliError

if TYPE_CHECKING:
    from kztally.domain.audit import Head

BROKEN = 1


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "audit",
        parents=[common],
        help="the audit log: verify, show, head",
        description="The hash-chained audit log: check it and the tables against it, "
        "list its events, print its head.",
    )
    actions = p.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    v = actions.add_parser(
        "verify",
        parents=[common],
        help="recompute the chain and check every table against it (exit 1 at a break)",
        description="Recompute the chain; check revisions, entries, protocols, accounts, "
        "attachments, observers' copies and the election against it. With --head, also "
        "that the chain passes through a head written down earlier. Exit status 1 names "
        "the first break; 0: all holds. Administrators, supervisors and trainers.",
    )
    v.add_argument(
        "folder",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="an export folder: check its records against the chain it carries (no "
        "database, no sign-in)",
    )
    v.add_argument("--export", type=Path, metavar="DIR", help="the same as DIR")
    v.add_argument(
        "--head",
        metavar="COUNT:HASH",
        help="a head recorded outside the database (16 to 64 hex digits of its hash)",
    )
    v.set_defaults(func=run_verify)
    s = actions.add_parser(
        "show",
        parents=[common],
        help="list the events",
        description="List the events, oldest first. Administrators, supervisors, trainers.",
    )
    s.add_argument("--since", type=int, default=0, metavar="N", help="events after number N")
    s.add_argument("--json", action="store_true", help="one JSON object per line")
    s.set_defaults(func=run_show)
    h = actions.add_parser(
        "head",
        parents=[common],
        help="print the chain's head: COUNT:HASH",
        description="Print the chain's head (its number of events and the last one's hash), "
        "to be written down outside the database. Exit status 1 when the last two events "
        "do not hold (the quick check the app makes at start; verify checks the rest).",
    )
    h.set_defaults(func=run_head)
    x = actions.add_parser(
        "export",
        parents=[common],
        help="write every event to a file (JSON Lines or NIST SP 1500-101)",
        description="Write every event, with its hashes, to FILE: JSON Lines (one event a "
        "line, docs/audit.md) or a NIST SP 1500-101 election event log (JSON). The chain "
        "can be recomputed from the file alone. Administrators, supervisors, trainers.",
    )
    x.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    x.add_argument("--format", choices=("jsonl", "nist"), default="jsonl")
    x.set_defaults(func=run_export)


def run_verify(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in
    from kztally.domain.audit import Head

    head = None
    if args.head is not None:
        try:
            head = Head.parse(args.head)
        except ValueError as exc:
            raise CliError(f"--head: {exc}") from exc
    folder = args.folder or args.export
    if args.folder is not None and args.export is not None and args.folder != args.export:
        raise CliError("name the export folder once: DIR or --export DIR")
    if folder is not None:
        return _verify_folder(folder, head)
    with signed_in(args) as services, service_errors():
        verdict = services.audit.verify(head)
    if verdict.holds:
        pinned = f", through {head}" if head is not None else ""
        print(f"the audit log holds: {verdict.head.count} events{pinned}; head {verdict.head}")
        return 0
    first = verdict.breaks[0]
    where = f"event {first.event}" if first.event else "no event"
    print(f"broken at {where}, table {first.table}: {first.what}", file=sys.stderr)
    if len(verdict.breaks) > 1:
        print(f"and {len(verdict.breaks) - 1} more break(s)", file=sys.stderr)
    return BROKEN


def _verify_folder(folder: Path, head: Head | None) -> int:
    from kztally.services.transfer.chain import verify_folder

    if not folder.is_dir():
        raise CliError(f"{folder}: no such folder")
    verdict = verify_folder(folder, head=head)
    if verdict.holds:
        assert verdict.head is not None
        pinned = f", through {head}" if head is not None else ""
        print(
            f"{folder}: the audit chain holds: {verdict.head.count} events{pinned}, "
            f"{verdict.records} record(s) checked; head {verdict.head}"
        )
        return 0
    first = verdict.breaks[0]
    where = f"event {first.event}" if first.event else "no event"
    print(f"{folder}: broken at {where}, file {first.file}: {first.what}", file=sys.stderr)
    if len(verdict.breaks) > 1:
        print(f"and {len(verdict.breaks) - 1} more break(s)", file=sys.stderr)
    return BROKEN


def run_export(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        try:
            head = services.audit.export_log(args.output, args.format)
        except OSError as exc:
            raise CliError(f"{args.output}: {exc.strerror or exc}") from exc
    print(f"{args.output}: {head.count} events written ({args.format}); head {head}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        events = services.audit.show(args.since)
    for e in events:
        if args.json:
            document = {
                "seq": e.seq,
                "code": e.code,
                "actor": e.actor,
                "role": e.role,
                "workstation": e.workstation,
                "at": e.at.isoformat(),
                "content": json.loads(e.content),
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            }
            print(json.dumps(document, ensure_ascii=False, sort_keys=True))
        else:
            role = f" ({e.role})" if e.role else ""
            print(
                f"{e.seq:>7}  {e.at:%Y-%m-%d %H:%M:%S}  {e.code:<26} {e.actor}{role}  {e.content}"
            )
    return 0


def run_head(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        found = services.audit.check_tail()
    print(found.head)
    if found.broken is not None:
        b = found.broken
        print(
            f"the audit log's last events do not hold: event {b.event}: {b.what} "
            "(a head not to write down; run kztally audit verify)",
            file=sys.stderr,
        )
        return BROKEN
    return 0
