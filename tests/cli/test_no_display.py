"""`kztally` with no display says what to do in one sentence and exits 2, instead of Qt
aborting the process with a hint about a library that is installed."""

from __future__ import annotations

import os
import subprocess
import sys

from kztally.entry import display_missing


def test_the_app_without_a_display_says_what_to_do_and_exits_2() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [sys.executable, "-m", "kztally"],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "no display" in lines[0]
    assert "kztally --help" in lines[0]


def test_a_display_or_an_explicit_platform_is_enough() -> None:
    assert display_missing({})
    assert not display_missing({"DISPLAY": ":0"})
    assert not display_missing({"WAYLAND_DISPLAY": "wayland-0"})
    assert not display_missing({"QT_QPA_PLATFORM": "offscreen"})
    assert display_missing({"DISPLAY": ""})
