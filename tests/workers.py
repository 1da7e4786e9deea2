"""Worker processes of the multi-process races: started, released at one moment, heard."""

from __future__ import annotations

import subprocess


def release_together(procs: dict[str, subprocess.Popen[str]]) -> dict[str, str]:
    """Wait until every worker says "ready", tell them all "go" at once, and return what
    each printed (each must exit 0); a worker left hanging is killed."""
    try:
        for p in procs.values():
            assert p.stdout is not None
            assert p.stdout.readline().strip() == "ready"
        for p in procs.values():
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        said = {}
        for name, p in procs.items():
            out, _ = p.communicate(timeout=120)
            assert p.returncode == 0
            said[name] = out
        return said
    finally:
        for p in procs.values():
            if p.poll() is None:  # pragma: no cover - only when a worker hangs
                p.kill()
                p.wait()
