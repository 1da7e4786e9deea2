"""The desktop app's benchmarks on the national mock election (10,223 precincts).

    python -m bench.ui [--db sqlite:///national.sqlite] [--runs 3]

1. start: from launching a new process to the main window shown and usable, with the
   national mock election signed in as a clerk (target: within 2 s); and until the
   navigator also shows every protocol's state (read in the background).
2. sign-in: from launching a new process to the sign-in box shown (target: within 2 s),
   and from OK pressed to the main window with the first protocol open (target: within
   1 s), the app's own steps (`SIGN_IN_CHILD`).
3. filter: typing a precinct number or a name into the navigator filters the 10,223
   precincts (target: under 50 ms per keystroke, the tree redrawn included).

Without --db a national mock election is made once (about a minute) in a temporary
folder. Figures are printed; nothing is asserted (shared machines are noisy).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import time, sys, os
T0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.storage.database import open_database
from kztally.ui.app import build_window
from kztally.ui.fonts import install_app_font
from kztally.ui.language import Language
app = QApplication([])
install_app_font(app)
db = open_database(sys.argv[1])
services = Services.sign_in(db, "bench-clerk", "bench password")
window = build_window(Language("kk"), db, services)
window.show()
app.processEvents()
print("shown", time.perf_counter() - T0, flush=True)
while window._version is None:
    app.processEvents()
    time.sleep(0.005)
app.processEvents()
print("states", time.perf_counter() - T0, flush=True)
window.close()
db.close()
"""


SIGN_IN_CHILD = r"""
import time, sys
T0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
from kztally.services.audit import check_tail
from kztally.services.context import Services
from kztally.storage.database import display_url, open_database
from kztally.ui import errors
from kztally.ui.app import build_window, preload_election
from kztally.ui.fonts import install_app_font
from kztally.ui.language import Language
from kztally.ui.signin import SignInDialog
TYPING = float(sys.argv[2])
app = QApplication([])
install_app_font(app)
lang = Language("kk")
errors.install(lang)
db = open_database(sys.argv[1])
at_start = check_tail(db)  # as the app does before each sign-in
loading = preload_election(db)
dialog = SignInDialog(
    lang, lambda name, password: Services.sign_in(db, name, password), display_url(db.url)
)
dialog.show()
app.processEvents()
print("box", time.perf_counter() - T0, time.process_time(), flush=True)
typed = time.perf_counter() + TYPING  # a name and a password typed meanwhile
while time.perf_counter() < typed:
    app.processEvents()
    time.sleep(0.01)
dialog.name.setText("bench-clerk")
dialog.password.setText("bench password")
T1, C1 = time.perf_counter(), time.process_time()
dialog.try_sign_in()  # OK pressed
services = dialog.result_value
loading.join()
services.elections.require()
window = build_window(lang, db, services, audit_at_start=at_start)
window.show()
precinct = window.election.precincts()[0]
window.open_protocol(precinct.code, precinct.contests[0])
app.processEvents()
assert window.page.key is not None
print("protocol", time.perf_counter() - T1, time.process_time() - C1, flush=True)
window.close()
db.close()
"""
"""The app's own steps, as `kztally.ui.app.run_app` takes them: the sign-in box, then the
name and password given and OK pressed, then the main window with the first precinct's
first protocol open."""


def line(name: str, value: str, target: str = "") -> None:
    print(f"  {name:<52} {value:>12}   {target}", flush=True)


def national_db(folder: Path) -> str:
    from kztally.services.context import Services
    from kztally.services.mock import run_mock
    from kztally.storage.database import open_database

    url = f"sqlite:///{folder / 'national.sqlite'}"
    db = open_database(url, migrate=True)
    try:
        admin = Services.sign_in(db, "bench-admin", "bench password")
        started = time.perf_counter()
        run_mock(admin, seed=1, scale="national", errors=0.02)
        line("making the national mock election", f"{time.perf_counter() - started:.0f} s")
    finally:
        db.close()
    ensure_clerk(url)
    return url


def ensure_clerk(url: str, admin_name: str = "bench-admin") -> None:
    from kztally.domain.rules import Role
    from kztally.services.context import Services
    from kztally.storage.database import open_database

    db = open_database(url)
    try:
        admin = Services.sign_in(db, admin_name, "bench password")
        if "bench-clerk" not in {u.name for u in admin.users.list()}:
            admin.users.add("bench-clerk", Role.CLERK, "bench password")
    finally:
        db.close()


def bench_start(url: str, runs: int, home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KZTALLY_HOME": str(home)}
    shown: list[float] = []
    states: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, url], stdout=subprocess.PIPE, text=True, env=env
        )
        assert proc.stdout is not None
        for out in proc.stdout:
            what, _ = out.split()
            elapsed = time.perf_counter() - started
            (shown if what == "shown" else states).append(elapsed)
        proc.wait()
    line("start to window shown and usable (median)", f"{statistics.median(shown):.2f} s", "< 2 s")
    line("start to every state shown (median)", f"{statistics.median(states):.2f} s")


def bench_sign_in(url: str, runs: int, home: Path, typing: float = 2.0) -> None:
    """`typing`: seconds between the box shown and OK pressed (a name and a password
    typed), during which the app reads the election in the background."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KZTALLY_HOME": str(home)}
    box: list[float] = []
    protocol: list[float] = []
    cpu: dict[str, list[float]] = {"box": [], "protocol": []}
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", SIGN_IN_CHILD, url, str(typing)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        for out in proc.stdout:
            what, seconds, cpu_seconds = out.split()
            cpu[what].append(float(cpu_seconds))
            if what == "box":
                box.append(time.perf_counter() - started)
            else:
                protocol.append(float(seconds))
        proc.wait()
    line(
        "launch to sign-in box shown (median)",
        f"{statistics.median(box):.2f} s",
        f"({min(box):.2f}-{max(box):.2f}; CPU {statistics.median(cpu['box']):.2f} s) < 2 s",
    )
    line(
        f"sign-in (OK, {typing:.0f} s after the box) to first protocol shown (median)",
        f"{statistics.median(protocol):.2f} s",
        f"({min(protocol):.2f}-{max(protocol):.2f}; CPU {statistics.median(cpu['protocol']):.2f}"
        " s) < 1 s",
    )


def bench_filter(url: str) -> None:
    from PySide6.QtWidgets import QApplication

    from kztally.services.context import Services
    from kztally.storage.database import open_database
    from kztally.ui.fonts import install_app_font
    from kztally.ui.language import Language
    from kztally.ui.navigator import Navigator

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    install_app_font(app)
    db = open_database(url)
    try:
        services = Services.sign_in(db, "bench-clerk", "bench password")
        election = services.elections.require()
        nav = Navigator(election, Language("kk"))
        nav.set_states(services.entry.states())
        nav.resize(480, 900)
        nav.show()
        app.processEvents()
        some = election.precincts()[4321]
        words = (some.names.get("kk") or some.name).split()
        typed = ["4", "42", "421", "1", "12", "123", "1234", "№ 7", "P0421", "P04213"]
        typed += [words[-1][:i] for i in range(2, min(6, len(words[-1])) + 1)]
        times = []
        for text in [*typed, ""] * 3:
            started = time.perf_counter()
            nav.filter.setText(text)
            nav.apply_filter()
            app.processEvents()
            times.append((time.perf_counter() - started) * 1000)
        line(
            f"filter 10,223 precincts ({len(times)} keystrokes), median",
            f"{statistics.median(times):.1f} ms",
            "< 50 ms",
        )
        line("filter, slowest keystroke", f"{max(times):.1f} ms", "< 50 ms")
        nav.close()
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ui")
    parser.add_argument("--db", help="a database holding the national mock election")
    parser.add_argument("--admin", default="bench-admin", help="an administrator of --db")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="kztally-bench-ui-") as tmp:
        os.environ["KZTALLY_HOME"] = str(Path(tmp) / "home")
        print("kztally desktop app, national mock election", flush=True)
        if args.db:
            url = args.db
            ensure_clerk(url, args.admin)
        else:
            url = national_db(Path(tmp))
        bench_start(url, args.runs, Path(tmp) / "home")
        bench_sign_in(url, args.runs, Path(tmp) / "home")
        bench_sign_in(url, args.runs, Path(tmp) / "home", typing=0.0)
        bench_filter(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
