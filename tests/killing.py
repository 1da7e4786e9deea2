"""Kill a running kztally midway, as a power cut would: the tests of what survives a
SIGKILL (an import, a mock) share this."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable


def kill_when(
    child: subprocess.Popen[bytes], reached: Callable[[], bool], *, within: float, what: str
) -> None:
    """SIGKILL `child` as soon as `reached()` holds (polled every 10 ms, for `within`
    seconds at most); fail if it ended by itself first. Its pipes are closed either way."""
    try:
        deadline = time.monotonic() + within
        while child.poll() is None and time.monotonic() < deadline:
            if reached():
                break
            time.sleep(0.01)
        assert child.poll() is None, f"the {what} ended before it could be killed"
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:  # pragma: no cover - only when an assertion failed
            child.kill()
            child.wait(30)
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
