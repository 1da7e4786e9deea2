"""The forensics' false-alarm rate and power on region mocks:

    python -m bench.forensics [--seeds 20] [--first 1]

For each seed: a clean region mock (how many of its tests are flagged: every flag is a
false alarm) and the same mock with ballot stuffing in 20% of its districts (how many
stuffed districts are flagged, and how many clean districts are). Figures are printed,
nothing is asserted.
"""

from __future__ import annotations

import argparse
import time

from kztally.forensics.analysis import TESTS
from kztally.services.forensics import mock_report as report_of
from kztally.services.mock import build


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--first", type=int, default=1)
    args = parser.parse_args()
    clean_runs = clean_flagged_runs = tests_run = false_flags = 0
    stuffed_total = stuffed_found = wrongly = 0
    start = time.monotonic()
    for seed in range(args.first, args.first + args.seeds):
        report = report_of(build(seed, "region"))
        clean_runs += 1
        tests_run += sum(1 for f in report.findings if f.test != "twins")
        false_flags += len(report.flagged)
        clean_flagged_runs += bool(report.flagged)
        mock = build(seed, "region", stuffing=0.2)
        stuffed = {d["district"] for d in mock.answers["stuffed"]}
        flagged = {f.area for f in report_of(mock).flagged}
        districts = {d for d in flagged if "-D" in d}
        stuffed_total += len(stuffed)
        stuffed_found += len(stuffed & districts)
        wrongly += len(districts - stuffed)
        print(
            f"seed {seed}: clean {len(report.flagged)} flagged of {len(report.areas)} areas "
            f"x {len(TESTS)} tests; stuffed {sorted(stuffed)} flagged {sorted(districts)}",
            flush=True,
        )
    print(
        f"clean mocks: {clean_flagged_runs} of {clean_runs} with any flag; {false_flags} "
        f"false flags in {tests_run} tests ({false_flags / max(tests_run, 1):.5f} per test)"
    )
    print(
        f"stuffed mocks: {stuffed_found} of {stuffed_total} stuffed districts flagged; "
        f"{wrongly} clean districts flagged; {time.monotonic() - start:.0f} s"
    )


if __name__ == "__main__":
    main()
