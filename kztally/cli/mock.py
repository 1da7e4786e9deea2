"""`kztally mock`: a mock election for trainers, at national, regional or small scale."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from kztally.cli.errors import CliError
from kztally.mockgen.figures import SCALES

if TYPE_CHECKING:
    from kztally.services.context import Services


def _fraction(value: str) -> float:
    try:
        f = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= f <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {value}")
    return f


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "mock",
        parents=[common],
        help="generate a mock election, entered twice and accepted (trainers)",
        description="Builds a mock of the 19 March 2023 elections and records every "
        "protocol as two clerks' entries, accepted, exactly as the services record typed "
        "ones, by accounts it generates in the training election (two clerks and a "
        "supervisor). The database must be empty or hold no other election. Stopped or "
        "killed, run it again with the same options: it records the protocols not done yet.",
    )
    p.add_argument("--seed", type=int, required=True, help="same seed, same election")
    p.add_argument("--scale", choices=SCALES, default="national")
    p.add_argument(
        "--errors",
        type=_fraction,
        default=0.0,
        metavar="FRACTION",
        help="plant mistakes in this share (0-1) of the protocols",
    )
    p.add_argument(
        "--stuffing",
        type=_fraction,
        default=0.0,
        metavar="FRACTION",
        help="plant ballot stuffing in this share (0-1) of the districts, at least one: "
        "turnout and the leading list's votes pushed up together, for `kztally forensics` "
        "to find (the answer key names them)",
    )
    p.add_argument(
        "--answers",
        type=Path,
        metavar="FILE",
        help="where to write the answer key (default: beside the database)",
    )
    p.add_argument(
        "--keys",
        type=Path,
        metavar="DIR",
        help="where to keep the mock commissions' private key files (default: NAME.keys "
        "beside the database file)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        return _run(services, args)


def _run(services: Services, args: argparse.Namespace) -> int:
    from kztally.services.mock import run_mock

    start = time.monotonic()
    last = [0.0]

    def progress(done: int, total: int) -> bool:
        now = time.monotonic()
        if sys.stderr.isatty() and (now - last[0] > 0.5 or done == total):
            last[0] = now
            print(f"\r  {done}/{total} protocols", end="", file=sys.stderr, flush=True)
        return True

    try:
        report = run_mock(
            services,
            args.seed,
            args.scale,
            args.errors,
            args.answers,
            progress,
            stuffing=args.stuffing,
            keys=args.keys,
        )
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    if sys.stderr.isatty():
        print(file=sys.stderr)
    earlier = f" ({report.resumed} by an earlier run)" if report.resumed else ""
    print(
        f"{report.election.id}: {report.resumed + report.recorded} of {report.protocols} "
        f"protocols recorded{earlier} in {time.monotonic() - start:.1f} s, "
        f"{report.planted} with planted errors"
    )
    if report.stuffed:
        print(f"ballot stuffing planted in districts {', '.join(report.stuffed)}")
    if report.answers is not None:
        print(f"answer key: {report.answers}")
    if report.keys_made:
        print(f"{report.keys_made} training keys made; private key files: {report.keys}")
    return 0
