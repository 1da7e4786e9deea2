"""`kztally print protocol|area|summary|results`: precinct protocols as PDF, signed with
the precinct commission's key; a commission's summary protocol; a body's results protocol.

A protocol is printed only with its own commission's key (`--key FILE`, a file from
`kztally keys new`; its passphrase from KZTALLY_KEY_PASSPHRASE or asked for): without
one the command refuses, since the printed code is what lets the commission above take
the protocol in, and a commission that does not hold a precinct's key prints nothing in
its name. `print area` reads one key file per precinct from `--keys DIR` (`CODE.key`,
as `keys new` names them, all with the same passphrase).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kztally.cli.errors import CliError

LANGS = ("kk", "ru", "en")


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "print",
        parents=[common],
        help="print protocols as PDF",
        description="Precinct protocols as PDF, in Kazakh, Russian or English, each with "
        "its signed code; a commission's summary protocol; a body's results protocol.",
    )
    actions = p.add_subparsers(dest="print_action", metavar="WHAT", required=True)
    one = actions.add_parser(
        "protocol",
        parents=[common],
        help="one precinct protocol",
        description="An accepted precinct protocol of one ballot, signed with the "
        "precinct commission's key.",
    )
    one.add_argument("--precinct", required=True, metavar="CODE")
    one.add_argument("--contest", required=True, metavar="CODE")
    one.add_argument("--lang", choices=LANGS, default="kk")
    one.add_argument("--copy", type=int, metavar="N", help="a certified copy, numbered N")
    one.add_argument("--key", metavar="FILE", help="the precinct commission's private key")
    one.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    one.set_defaults(func=run_protocol)
    area = actions.add_parser(
        "area",
        parents=[common],
        help="every accepted protocol of an area",
        description="Every accepted precinct protocol under an area, into one PDF, or "
        "one PDF each into a folder (-o DIR/).",
    )
    area.add_argument("--area", required=True, metavar="CODE")
    area.add_argument("--contest", metavar="CODE", help="one ballot only")
    area.add_argument("--lang", choices=LANGS, default="kk")
    area.add_argument("--keys", metavar="DIR", help="the precincts' key files, CODE.key")
    area.add_argument("-o", "--output", required=True, metavar="FILE.pdf|DIR")
    area.set_defaults(func=run_area)
    summary = actions.add_parser(
        "summary",
        parents=[common],
        help="a commission's summary protocol",
        description="The summary protocol of a district (city), a region or the CEC for "
        "one ballot: the units below with their lines and totals, counting progress and "
        "the precincts still missing.",
    )
    summary.add_argument("--area", required=True, metavar="CODE", help="R18-D02, R18, KZ")
    summary.add_argument("--contest", required=True, metavar="CODE")
    summary.add_argument("--lang", choices=LANGS, default="kk")
    summary.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    summary.set_defaults(func=run_summary)
    results = actions.add_parser(
        "results",
        parents=[common],
        help="a body's results protocol",
        description="The results protocol of the Mazhilis (default) or a maslikhat: list "
        "shares against the threshold, the seat annex with the quota as an exact "
        "fraction and every tie, the district winners, the chamber.",
    )
    results.add_argument("--body", metavar="ID", help="MZ (default), ML-R05, ML-R05-D01")
    results.add_argument("--lang", choices=LANGS, default="kk")
    results.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    results.set_defaults(func=run_results)


def _signer(path: Path, passphrase: str) -> Any:
    from kztally.paper.signing import KeyFileError, Signer

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(f"{path}: {exc.strerror}") from exc
    try:
        return Signer.from_file(data, passphrase, str(path))
    except KeyFileError as exc:
        raise CliError(str(exc)) from exc


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        raise CliError(f"{path}: {exc.strerror}") from exc


def run_protocol(args: argparse.Namespace) -> int:
    from kztally.cli.keys import _passphrase
    from kztally.cli.session import service_errors, signed_in

    if args.key is None:
        raise CliError(
            "a protocol is printed with its commission's key: give --key FILE "
            f"(made by `kztally keys new --commission {args.precinct}`)"
        )
    if args.copy is not None and args.copy < 1:
        raise CliError(f"--copy: a certified copy is numbered from 1, not {args.copy}")
    signer = _signer(Path(args.key), _passphrase(twice=False))
    with signed_in(args) as services, service_errors():
        doc = services.printing.protocol(
            args.precinct, args.contest, args.lang, signer, copy=args.copy
        )
    from kztally.reports.protocol import render

    _write(Path(args.output), render([doc]))
    parts = len(doc.codes)
    print(f"{doc.precinct}/{doc.contest}: {args.output} (signed code in {parts} part(s))")
    return 0


def run_area(args: argparse.Namespace) -> int:
    from kztally.cli.keys import _passphrase
    from kztally.cli.session import service_errors, signed_in

    if args.keys is None:
        raise CliError("protocols are printed with their commissions' keys: give --keys DIR")
    folder = Path(args.keys)
    if not folder.is_dir():
        raise CliError(f"--keys {folder}: not a folder")
    out = Path(args.output)
    each = args.output.endswith(("/", "\\")) or out.is_dir()
    passphrase = _passphrase(twice=False)
    signers = {f.stem: _signer(f, passphrase) for f in sorted(folder.glob("*.key"))}
    from kztally.reports.protocol import render

    with signed_in(args) as services, service_errors():
        docs = list(services.printing.protocols(args.area, args.contest, args.lang, signers))
    if not docs:
        raise CliError(f"{args.area}: no accepted protocol to print", 1)
    if each:
        out.mkdir(parents=True, exist_ok=True)
        for doc in docs:
            _write(out / f"{doc.precinct}_{doc.contest}.pdf", render([doc]))
    else:
        _write(out, render(docs))
    print(f"{args.area}: {len(docs)} protocol(s) printed to {out}")
    return 0


def run_summary(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        doc = services.printing.summary(args.area, args.contest, args.lang)
    from kztally.reports.summary import render

    _write(Path(args.output), render(doc))
    print(
        f"{doc.area}/{doc.contest}: {args.output} ({len(doc.units)} unit(s), "
        f"{doc.accepted} of {doc.expected} protocols accepted)"
    )
    return 0


def run_results(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        doc = services.printing.results(args.body, args.lang)
    from kztally.reports.results import render

    _write(Path(args.output), render(doc))
    seats = "/".join(str(r.seats) for r in doc.lists)
    print(f"{doc.body_id}: {args.output} (list seats {seats or '-'})")
    return 0
