"""The `kztally` command: with no subcommand it opens the desktop app, with one it works
headless. Qt is imported only when a window is asked for."""

from __future__ import annotations

import os
import sys

NO_DISPLAY = (
    "kztally: there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are"
    " unset): start it from a desktop session, or on a server run it under a virtual"
    " display (xvfb-run kztally); `kztally --help` lists the commands that need no window."
)


def display_missing(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """On Linux and the BSDs Qt needs an X or Wayland display (or an explicit platform
    such as offscreen); without one it aborts the process with a misleading hint."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return False
    return not any(environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def main(argv: list[str] | None = None) -> int:
    from kztally.cli.main import build_parser, run_command

    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if getattr(args, "command", None) is None:
        if not getattr(args, "smoke_test", False) and display_missing():
            print(NO_DISPLAY, file=sys.stderr)
            return 2
        from kztally.ui.app import run_app

        return run_app(args)
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
