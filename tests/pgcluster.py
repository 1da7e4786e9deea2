"""A throwaway PostgreSQL cluster for a test run, on a machine where PostgreSQL is installed
but no server the tests may use is running (a developer's fresh machine).

The cluster lives in a temporary folder, listens on 127.0.0.1 at a free port and on a
socket in that folder, trusts its local connections, and is removed when the run ends.
`initdb` refuses to run as root: as root the cluster belongs to the `postgres` system
user that Debian's package creates.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class ClusterError(Exception):
    """The cluster could not be made or started; the message says why."""


def server_binary(name: str) -> str | None:
    """A server program (initdb, pg_ctl): on PATH, else the newest in Debian's
    /usr/lib/postgresql/N/bin, which is not on PATH."""
    found = shutil.which(name)
    if found is not None:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    return str(candidates[-1]) if candidates else None


UTF8 = ("--encoding=UTF8", "--locale=C")
"""Kazakh text whatever the environment's locale (LANG=C would give SQL_ASCII)."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Cluster:
    folder: Path
    port: int
    pg_ctl: str
    run_as: str | None

    @property
    def url(self) -> str:
        """The superuser's connection, in libpq's URL form."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, args: Sequence[str]) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self.run_as is not None:
            command = ["runuser", "-u", self.run_as, "--", *command]
        return subprocess.run(
            command, capture_output=True, text=True, check=False, cwd=self.folder, timeout=120
        )

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        try:
            self._run([self.pg_ctl, "stop", "-D", str(self.folder / "data"), "-m", "immediate"])
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Cluster:
    """Make and start a cluster; raise ClusterError saying why it could not be done."""
    initdb = server_binary("initdb")
    pg_ctl = server_binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise ClusterError("PostgreSQL is not installed (Debian: apt install postgresql)")
    run_as: str | None = None
    owner: pwd.struct_passwd | None = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise ClusterError(
                "running as root, and there is no postgres system user to own a test cluster"
            ) from None
        if shutil.which("runuser") is None:
            raise ClusterError("running as root, and runuser is not installed")
        run_as = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="kztally-test-pg-"))
    if owner is not None:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    cluster = Cluster(folder, _free_port(), pg_ctl, run_as)
    data = folder / "data"
    made = cluster._run(
        [initdb, "--pgdata", str(data), "--username=postgres", "--auth=trust", "--no-sync", *UTF8]
    )
    if made.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise ClusterError(f"initdb failed: {made.stderr.strip() or made.stdout.strip()}")
    options = (
        f"-p {cluster.port} -k {folder} -c listen_addresses=127.0.0.1"
        " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    started = cluster._run(
        [pg_ctl, "start", "-D", str(data), "-l", str(folder / "server.log"), "-w", "-o", options]
    )
    if started.returncode != 0:
        log = folder / "server.log"
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else started.stderr
        shutil.rmtree(folder, ignore_errors=True)
        raise ClusterError(f"the test cluster did not start: {detail.strip()}")
    return cluster
