"""The `kztally` command: with no subcommand it opens the desktop app, with one it works
headless. Qt is imported only when a window is asked for."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from kztally.cli.main import build_parser, run_command

    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if getattr(args, "command", None) is None:
        from kztally.ui.app import run_app

        return run_app(args)
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
