"""The parser and dispatcher of the `kztally` command line."""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
from collections.abc import Callable
from typing import NoReturn

from kztally import __version__, config
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
    "audit",
    "keys",
    "lots",
    "margins",
    "forensics",
    "print",
    "intake",
    "crosscheck",
    "formal",
    "training",
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
    except OSError as exc:
        # the disk is full, a file cannot be written or read: the user can set it right
        print(f"kztally {args.command}: {os_error_text(exc)}", file=sys.stderr)
        return 2
    except Exception as exc:
        # Not foreseen: one line for the user, the traceback kept for whoever fixes it.
        print(f"kztally {args.command}: {unexpected_text(exc, args.command)}", file=sys.stderr)
        return 2


def os_error_text(exc: OSError) -> str:
    """'cannot write /data/x.json: No space left on device' in one line."""
    what = exc.strerror or str(exc) or type(exc).__name__
    if exc.errno in _FULL:
        what = f"cannot write: {what} (is the disk full?)"
    if exc.filename is not None:
        return f"{os.fsdecode(exc.filename)}: {what}"
    return what


_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}

ERROR_LOG = config.ERROR_LOG


def unexpected_text(exc: BaseException, command: str) -> str:
    """One line saying what went wrong and where the details were written (the traceback
    is appended to `errors.log` in the data folder, with the command's name but not its
    arguments; if even that fails, the line says so)."""
    first = (str(exc).strip().splitlines() or [""])[0]
    if len(first) > 200:
        first = first[:197] + "..."
    what = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    try:
        log = config.log_exception(exc, command)
    except OSError as log_error:
        return f"unexpected error ({what}); the details could not be kept: {log_error}"
    return f"unexpected error ({what}); the details are in {log}"
