"""A clerk corrects their own first entry through the services, on SQLite and
PostgreSQL: who sees it, who may correct it, what the history and the audit log keep,
the navigator's list of broken first entries, and an export carrying the correction
(protocol file version 2) replayed into another database."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from kztally.domain.entry import EntryKind, State, Transition, TransitionError
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.transfer import TransferService
from kztally.storage.database import open_database
from tests.chained import seal
from tests.conftest import PASSWORD

ServicesFactory = Callable[..., Services]
P1, P2 = AreaCode("P00001"), AreaCode("P00002")
MZL = ContestId("MZ-L")
CLEAN = Figures((1000, 600, 550, 20, 30, 550, 20, 5), (300, 150, 100), 15)
MISTYPED = replace(CLEAN, lines=(1000, 600, 550, 20, 30, 559, 20, 5))
"""Line 6 mistyped: 559 valid ballots against 550 votes, a control ratio broken."""


@pytest.fixture
def people(services: ServicesFactory) -> tuple[Services, Services, Services]:
    return services("c1"), services("c2"), services("sup", Role.SUPERVISOR)


def test_the_first_clerk_sees_and_corrects_their_entry(
    people: tuple[Services, Services, Services], services: ServicesFactory
) -> None:
    c1, c2, sup = people
    v = c1.entry.enter(P1, MZL, MISTYPED, expected_version=1)
    assert v.first is not None and v.first.figures == MISTYPED  # the clerk's own, at once
    mine = c1.entry.view(P1, MZL)
    assert mine.first is not None and (mine.first.figures, mine.first.by) == (MISTYPED, "c1")
    for other in (c2, services("obs", Role.OBSERVER)):  # the second entry stays blind
        assert other.entry.view(P1, MZL).first is None
        assert all(r.figures is None for r in other.entry.history(P1, MZL))

    # the navigator's mark: the clerk's own broken first entry, and all for a supervisor
    assert set(c1.entry.first_entry_breaches()) == {(P1, MZL)}
    assert all(code.startswith("K") for code in c1.entry.first_entry_breaches()[(P1, MZL)])
    assert c2.entry.first_entry_breaches() == {}
    assert set(sup.entry.first_entry_breaches()) == {(P1, MZL)}

    # nobody else corrects it; nothing is written then
    for other in (c2, sup):
        with pytest.raises(TransitionError) as err:
            other.entry.revise_first(P1, MZL, CLEAN, expected_version=mine.version)
        assert err.value.code == "own_first"
    with pytest.raises(TransitionError) as err:
        c1.entry.revise_first(P1, MZL, MISTYPED, expected_version=mine.version)
    assert err.value.code == "unchanged"
    assert c1.entry.view(P1, MZL).version == mine.version

    revised = c1.entry.revise_first(P1, MZL, CLEAN, expected_version=mine.version)
    assert (revised.state, revised.version) == (State.FIRST_ENTRY, mine.version + 1)
    assert revised.first is not None and revised.first.figures == CLEAN
    assert c1.entry.first_entry_breaches() == {}

    # the old first entry stays in the history, beside the new one
    history = sup.entry.history(P1, MZL)
    assert [(r.transition, r.state, r.actor, r.entry_kind) for r in history] == [
        (Transition.FIRST_ENTRY, State.FIRST_ENTRY, "c1", EntryKind.FIRST),
        (Transition.REVISE_FIRST, State.FIRST_ENTRY, "c1", EntryKind.FIRST),
    ]
    assert [r.figures for r in history] == [MISTYPED, CLEAN]
    admin = services("admin")
    events = [e for e in admin.audit.show() if e.code == "protocol.first_revised"]
    assert len(events) == 1 and events[0].actor == "c1"

    # the second clerk types the paper: it agrees with the corrected first entry
    done = c2.entry.enter(P1, MZL, CLEAN, expected_version=revised.version)
    assert done.state is State.ACCEPTED
    with pytest.raises(TransitionError) as err:
        c1.entry.revise_first(P1, MZL, MISTYPED, expected_version=done.version)
    assert err.value.code == "state"
    assert admin.audit.verify().holds


def test_an_export_carries_the_correction_and_replays_elsewhere(
    people: tuple[Services, Services, Services], tmp_path: Path
) -> None:
    c1, _, sup = people
    v = c1.entry.enter(P1, MZL, MISTYPED, expected_version=1)
    v = c1.entry.revise_first(P1, MZL, CLEAN, expected_version=v.version)
    c1.entry.enter(P2, MZL, CLEAN, expected_version=1)  # no correction: version 1
    TransferService(sup).export(tmp_path / "out")
    files = {
        (d["precinct"], d["contest"]): (p, d)
        for p in (tmp_path / "out" / "protocols").rglob("*.json")
        for d in [json.loads(p.read_text("utf-8"))]
    }
    path, revised = files[(P1, MZL)]
    assert revised["version"] == 2
    assert [r["transition"] for r in revised["revisions"]] == ["first_entry", "revise_first"]
    assert files[(P2, MZL)][1]["version"] == 1

    other = open_database(f"sqlite:///{tmp_path / 'other.sqlite'}", migrate=True)
    try:
        admin = Services.sign_in(other, "admin", PASSWORD)
        folder = tmp_path / "out"
        assert TransferService(admin).import_paths([folder / "election.json"]).status == 0
        admin.users.add("sup", Role.SUPERVISOR, PASSWORD)
        there = Services.sign_in(other, "sup", PASSWORD)
        report = TransferService(there).import_paths([folder / "protocols"])
        assert report.status == 0, [str(e) for e in report.errors]
        history = there.entry.history(P1, MZL)
        assert [r.transition for r in history] == [
            Transition.FIRST_ENTRY,
            Transition.REVISE_FIRST,
        ]
        assert [r.figures for r in history] == [MISTYPED, CLEAN]
        view = there.entry.view(P1, MZL)
        assert view.state is State.FIRST_ENTRY
        assert view.first is not None and view.first.figures == CLEAN

        # a version 1 file cannot carry the correction: refused with the place
        old = dict(revised, version=1)
        bad = tmp_path / "bad" / path.name
        bad.parent.mkdir()
        bad.write_text(json.dumps(old), "utf-8")
        report = TransferService(there).import_paths([bad])
        assert report.status == 2
        assert "revisions[1].transition" in str(report.errors[0])
        assert "version 2" in str(report.errors[0])
    finally:
        other.close()


def test_a_file_whose_correction_is_by_another_clerk_keeps_only_the_first_entry(
    people: tuple[Services, Services, Services], tmp_path: Path
) -> None:
    c1, _, sup = people
    v = c1.entry.enter(P1, MZL, MISTYPED, expected_version=1)
    c1.entry.revise_first(P1, MZL, CLEAN, expected_version=v.version)
    TransferService(sup).export(tmp_path / "out")
    path = next(
        p
        for p in (tmp_path / "out" / "protocols").rglob("*.json")
        if json.loads(p.read_text("utf-8"))["precinct"] == P1
    )
    forged = json.loads(path.read_text("utf-8"))
    forged["revisions"][1]["by"] = "c2"  # the correction claimed by another clerk
    forged["first"]["by"] = "c2"

    other = open_database(f"sqlite:///{tmp_path / 'other.sqlite'}", migrate=True)
    try:
        admin = Services.sign_in(other, "admin", PASSWORD)
        TransferService(admin).import_paths([tmp_path / "out" / "election.json"])
        admin.users.add("sup", Role.SUPERVISOR, PASSWORD)
        there = Services.sign_in(other, "sup", PASSWORD)
        bad = tmp_path / "bad" / path.name
        bad.parent.mkdir()
        bad.write_text(json.dumps(forged), "utf-8")
        seal(bad.parent, there.elections.require())  # a chain anyone could write for it
        report = TransferService(there).import_paths([bad.parent])
        assert report.status == 2
        (problem,) = report.errors
        assert problem.where == "revisions[1]"
        assert "revise_first refused" in problem.message
        assert "only the clerk who made the first entry" in problem.message
        history = there.entry.history(P1, MZL)
        assert [r.transition for r in history] == [Transition.FIRST_ENTRY]  # kept
        assert [r.figures for r in history] == [MISTYPED]
    finally:
        other.close()
