"""An observer sees no official figure of a protocol before it is accepted, on any path:
view, summaries, history, results, export. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.errors import PermissionDenied
from kztally.services.transfer import TransferService
from tests.services.test_attachments import png as small_png

ServicesFactory = Callable[..., Services]
P1, P2, MZL = AreaCode("P00001"), AreaCode("P00002"), ContestId("MZ-L")
CLEAN = Figures((1000, 1000, 600, 10, 390, 590, 10, 10), (300, 200, 80), 10)
"""Accepted at once when both clerks agree."""
W3 = Figures((1000, 600, 550, 20, 30, 500, 20, 5), (300, 150, 50), 15)
"""570 issued, 520 in the boxes: waits for a supervisor (pending)."""


@pytest.fixture
def observed(services: ServicesFactory) -> Services:
    """P1 accepted; P2 entered by both clerks, agreeing, and pending (W3)."""
    for clerk in ("c1", "c2"):
        s = services(clerk, Role.CLERK)
        for key, figures in (((P1, MZL), CLEAN), ((P2, MZL), W3)):
            s.entry.enter(*key, figures, expected_version=s.entry.view(*key).version)
    admin = services("admin")
    assert admin.entry.view(P1, MZL).state is State.ACCEPTED
    pending = admin.entry.view(P2, MZL)
    assert (pending.state, pending.figures) == (State.PENDING, W3)  # others see them
    return services("obs", Role.OBSERVER)


def test_view_withholds_figures_and_findings_before_acceptance(observed: Services) -> None:
    pending = observed.entry.view(P2, MZL)
    assert pending.state is State.PENDING
    assert (pending.figures, pending.acts, pending.findings) == (None, frozenset(), ())
    assert (pending.first, pending.second, pending.differing) == (None, None, ())
    accepted = observed.entry.view(P1, MZL)
    assert (accepted.state, accepted.figures) == (State.ACCEPTED, CLEAN)


def test_summaries_withhold_figures_before_acceptance(
    observed: Services, services: ServicesFactory
) -> None:
    mine = {(p.precinct, p.contest): p for p in observed.entry.summaries(MZL)}
    assert (mine[P2, MZL].state, mine[P2, MZL].figures, mine[P2, MZL].findings) == (
        State.PENDING,
        None,
        (),
    )
    assert mine[P1, MZL].figures == CLEAN
    theirs = {(p.precinct, p.contest): p for p in services("admin").entry.summaries(MZL)}
    assert theirs[P2, MZL].figures == W3  # a supervisor's view is unchanged


def test_history_shows_no_figures_before_acceptance(
    observed: Services, services: ServicesFactory
) -> None:
    steps = observed.entry.history(P2, MZL)
    assert len(steps) >= 2
    assert all(r.figures is None and r.acts == frozenset() for r in steps)
    # not even which checks the figures break (W3 here), until the protocol is accepted
    assert all(r.findings == () for r in steps)
    sup = services("sup", Role.SUPERVISOR)
    assert any(r.findings for r in sup.entry.history(P2, MZL))
    version = sup.entry.view(P2, MZL).version
    sup.entry.accept(P2, MZL, reason="voters left with their ballots", expected_version=version)
    assert any(r.findings for r in observed.entry.history(P2, MZL))


def test_results_sum_accepted_protocols_only(observed: Services, services: ServicesFactory) -> None:
    totals = observed.results.results().totals[MZL]
    assert (totals.protocols, totals.votes) == (1, (300, 200, 80))  # P1's, not P2's
    sup = services("sup", Role.SUPERVISOR)
    version = sup.entry.view(P2, MZL).version
    sup.entry.accept(P2, MZL, reason="voters left with their ballots", expected_version=version)
    after = observed.results.results().totals[MZL]
    assert (after.protocols, after.votes) == (2, (600, 350, 130))
    assert observed.entry.view(P2, MZL).figures == W3  # accepted: now shown


def test_export_withholds_protocols_before_acceptance(observed: Services, tmp_path: Path) -> None:
    report = TransferService(observed).export(tmp_path / "export")
    assert report.withheld >= 1
    protocols = [
        p.read_text(encoding="utf-8")
        for p in (tmp_path / "export").rglob("*.json")
        if '"kztally.election"' not in p.read_text(encoding="utf-8")
    ]
    assert len(protocols) == report.protocols >= 1
    assert any("P00001" in text for text in protocols)
    assert not any("P00002" in text for text in protocols)
    assert "W3" not in "".join(protocols)


def test_checking_figures_is_no_oracle_for_pending_ones(
    observed: Services, services: ServicesFactory
) -> None:
    # the same figures as pending P2, checked at P1: a clerk is warned of the twin (W6),
    # an observer is not told that another precinct holds exactly these figures
    clerk = services("c1")
    assert "W6" in {f.code for f in clerk.entry.check(P1, MZL, W3)}
    mine = {f.code for f in observed.entry.check(P1, MZL, W3)}
    assert "W6" not in mine and "W3" in mine  # the figures' own checks remain


def test_scans_of_a_pending_protocol_are_withheld_from_observers(
    observed: Services, services: ServicesFactory
) -> None:
    clerk = services("c1")
    png = small_png()
    pending = clerk.attachments.attach(P2, MZL, "p2.png", "image/png", png)
    accepted = clerk.attachments.attach(P1, MZL, "p1.png", "image/png", png)
    assert observed.attachments.list(P2, MZL) == ()
    with pytest.raises(PermissionDenied, match="not accepted yet"):
        observed.attachments.data(pending.id)
    assert [a.name for a in observed.attachments.list(P1, MZL)] == ["p1.png"]
    assert observed.attachments.data(accepted.id) == png
    assert [a.name for a in clerk.attachments.list(P2, MZL)] == ["p2.png"]
