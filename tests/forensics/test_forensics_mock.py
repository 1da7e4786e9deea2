"""The forensics on mock elections: planted ballot stuffing is flagged in its districts;
clean mocks flag nothing (a few seeds here; bench/forensics.py measures the false-alarm
rate over many)."""

from __future__ import annotations

import pytest

from kztally.services.forensics import mock_report as report_of
from kztally.services.mock import build


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_a_clean_region_mock_flags_nothing(seed: int) -> None:
    report = report_of(build(seed, "region"))
    assert len(report.areas) > 5
    assert report.flagged == ()


def test_stuffed_districts_are_flagged_and_no_other() -> None:
    mock = build(4, "region", stuffing=0.2)
    stuffed = {d["district"] for d in mock.answers["stuffed"]}
    assert len(stuffed) == 3
    report = report_of(mock)
    shifted = {f.area for f in report.flagged if f.test == "district_shift"}
    assert shifted == stuffed
    assert {f.area for f in report.flagged} <= stuffed


def test_stuffing_keeps_the_protocols_consistent_and_others_clean() -> None:
    from kztally.domain.protocol import check_control_ratios

    clean = {(p.precinct, p.contest): p.first for p in build(4, "region").protocols}
    mock = build(4, "region", stuffing=0.2)
    stuffed = {p for d in mock.answers["stuffed"] for p in d["precincts"]}
    changed = set()
    for p in mock.protocols:
        assert check_control_ratios(mock.election.contest(p.contest), p.first, p.acts) == ()
        if p.contest == "MZ-L" and p.first != clean[(p.precinct, p.contest)]:
            changed.add(p.precinct)
    assert changed == stuffed
