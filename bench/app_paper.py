"""The app's paper screens on a mock district: `python -m bench.app_paper [--scale small]`.

In one process, on a throwaway SQLite database with the mock election (seed 1):

1. print: the print dialog's area batch (`kztally.ui.printing.make_area`: the keys
   read from their folder, every accepted protocol signed and drawn into one PDF),
   against the command line's path in the same process (`services.printing.protocols`
   then `reports.protocol.render`, the signers already read): protocols per second and
   the ratio;
2. intake: the Take in screen's path (each file read for the preview, then its codes
   taken in on confirmation) against `intake.take_in_file` alone, on a second database
   (the district's) that took the key list in: pages per second and the ratio.

Figures are printed; nothing is asserted (shared machines are noisy).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import line
from kztally.domain.election import AreaKind
from kztally.domain.rules import Role
from kztally.paper.signing import Signer
from kztally.reports.protocol import render
from kztally.services.context import Services
from kztally.services.mock import KEY_PASSPHRASE, run_mock
from kztally.storage.database import open_database
from kztally.ui.printing import Request, make_area, save_files

PASSWORD = "bench password"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="small", choices=("small", "region"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kztally-bench-") as tmp:
        folder = Path(tmp)
        db = open_database(f"sqlite:///{folder / 'precincts.sqlite'}", migrate=True)
        admin = Services.sign_in(db, "admin", PASSWORD)
        keys = folder / "keys"
        report = run_mock(admin, 1, args.scale, keys=keys)
        election = report.election
        district = next(a.code for a in election.areas if a.kind is AreaKind.DISTRICT)
        print(f"mock {args.scale}: {report.protocols} protocols; batch of district {district}")

        request = Request("kk", area=district, keys=keys, passphrase=KEY_PASSPHRASE)
        t = time.perf_counter()
        ((_, pdf),) = make_area(admin, request, lambda done, total: None)
        app = time.perf_counter() - t
        signers = {f.stem: Signer.from_file(f.read_bytes(), KEY_PASSPHRASE) for f in keys.iterdir()}
        t = time.perf_counter()
        docs = list(admin.printing.protocols(district, None, "kk", signers))
        render(docs)
        cli = time.perf_counter() - t
        n = len(docs)
        line("print: the dialog's area batch, protocols/s", f"{n / app:.1f}")
        line("print: services + render (the CLI's path), protocols/s", f"{n / cli:.1f}")
        line(
            "print: ratio dialog / CLI path",
            f"{app / cli:.2f}",
            f"({n} protocols, {len(pdf) // 1024} KiB)",
        )

        each = Request("kk", area=district, keys=keys, passphrase=KEY_PASSPHRASE, each=True)
        files = save_files(
            make_area(admin, each, lambda d, t: None), folder / "papers", True, lambda d, t: None
        )

        # the district's own database takes the papers in
        ddb = open_database(f"sqlite:///{folder / 'district.sqlite'}", migrate=True)
        dadmin = Services.sign_in(ddb, "admin", PASSWORD)
        dadmin.elections.load_definition(election)
        root = next(k for k in admin.keys.list() if k.commission == election.areas[0].code)
        dadmin.keys.import_keys(admin.keys.export(), "keys.json", root.fingerprint)
        for name in ("screen", "cli"):
            dadmin.users.add(name, Role.CLERK, PASSWORD)
        screen = Services.sign_in(ddb, "screen", PASSWORD)
        cli_clerk = Services.sign_in(ddb, "cli", PASSWORD)
        looked = confirmed = direct = 0.0
        for n, f in enumerate(files):  # the two paths take turns: neither runs warmer
            data = f.read_bytes()
            if n % 2 == 0:
                t = time.perf_counter()
                preview = screen.intake.preview_file(data, f.name)
                looked += time.perf_counter() - t
                t = time.perf_counter()
                screen.intake.take_in_codes(preview.codes, preview.file, preview.sha256)
                confirmed += time.perf_counter() - t
            else:
                t = time.perf_counter()
                cli_clerk.intake.take_in_file(data, f.name)
                direct += time.perf_counter() - t
        half, rest = (len(files) + 1) // 2, len(files) // 2
        shown = looked + confirmed
        taken = sum(1 for p in dadmin.intake.papers() if p.outcome == "taken_in")
        line("intake: the screen (preview, then take in), pages/s", f"{half / shown:.1f}")
        line("intake:   of which the preview, ms a page", f"{1000 * looked / half:.0f}")
        line("intake:   of which the confirmation, ms a page", f"{1000 * confirmed / half:.0f}")
        line("intake: take_in_file alone, pages/s", f"{rest / direct:.1f}")
        line(
            "intake: ratio screen / take_in_file (per page)",
            f"{(shown / half) / (direct / rest):.2f}",
            f"({taken} of {len(files)} papers taken in)",
        )
        ddb.close()
        db.close()


if __name__ == "__main__":
    main()
