"""The parser and dispatcher of the `kztally` command line."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable
from typing import NoReturn

from kztally import __version__
from kztally.cli.errors import CliError

# Each module registers one or more subcommands with `register(subparsers, common)`.
COMMAND_MODULES: tuple[str, ...] = (
    "seats",
    "check",
    "db",
    "users",
    "backup",
    "mock",
    "results",
    "transfer",
)


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line naming the argument."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


def _common() -> argparse.ArgumentParser:
    """Options every subcommand takes, also after its name. SUPPRESS keeps a value given
    before the subcommand from being overwritten by the subcommand's default."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help="database URL")
    common.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS, help="act as")
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="kztally",
        description="Results entry and tally for Kazakhstan's Mazhilis and maslikhat "
        "elections. With no command, opens the desktop application.",
    )
    parser.add_argument("--version", action="version", version=f"kztally {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="database URL (sqlite:///FILE or postgresql+psycopg://...); "
        "wins over KZTALLY_DB_URL and the saved setting",
    )
    parser.add_argument("--user", metavar="NAME", default=None, help="act as this account")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open a temporary database, render a window offscreen, and exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    common = _common()
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"kztally.cli.{name}")
        module.register(sub, common)
    return parser


def run_command(args: argparse.Namespace) -> int:
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except CliError as exc:
        print(f"kztally {args.command}: {exc}", file=sys.stderr)
        return exc.status
    except BrokenPipeError:
        # The reader went away (`kztally results | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(f"kztally {args.command}: interrupted", file=sys.stderr)
        return 130
