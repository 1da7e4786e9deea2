"""The forensics on mock elections: planted ballot stuffing is flagged in its districts;
clean mocks flag nothing (a few seeds here; bench/forensics.py measures the false-alarm
rate over many)."""

from __future__ import annotations

import pytest

from kztally.forensics.analysis import PrecinctRow, Report, analyse
from kztally.mockgen.figures import MockElection
from kztally.services.mock import build


def report_of(mock: MockElection) -> Report:
    """What the service computes, straight from the mock's figures."""
    e = mock.election
    c = e.contest("MZ-L")
    rows = []
    below: list[str] = []
    for p in mock.protocols:
        if p.contest != "MZ-L":
            continue
        f = p.first
        parent = e.area(p.precinct).parent
        assert parent is not None
        chain = tuple(a.code for a in reversed(e.ancestors(p.precinct)))
        below += [a for a in chain if a not in below]
        rows.append(
            PrecinctRow(
                p.precinct,
                parent,
                chain[:-1],
                f.line(1),
                f.line(3) + f.line(4),
                f.line(8),
                f.line(6) + f.line(7) - f.line(8),
                (*f.votes, f.against_all or 0),
            )
        )
    return analyse(rows, e.root.code, below, len(c.choices))


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
