"""Observers' own copies of protocols and their comparison with the official figures,
on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from kztally.domain.election import Election
from kztally.domain.entry import Entry, EntryKind, State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Act, Figures
from kztally.domain.rules import Role
from kztally.formats.load import dumps
from kztally.formats.protocol_json import entry_file, protocol_to_dict
from kztally.services.context import Services
from kztally.services.errors import InvalidRequest, NotFound, PermissionDenied
from kztally.services.transfer import TransferService

ServicesFactory = Callable[..., Services]
P1, P2, MZL = AreaCode("P00001"), AreaCode("P00002"), ContestId("MZ-L")
OFFICIAL = Figures((1000, 1000, 600, 10, 390, 590, 10, 10), (300, 200, 80), 10)
"""Clean: accepted at once when both clerks agree."""
COPY = Figures((1000, 1000, 600, 10, 390, 590, 10, 10), (310, 190, 80), 10)
"""The observer's copy: lists A and B differ from the official figures, the sums hold."""
AT = dt.datetime(2023, 3, 19, 21, 5, tzinfo=dt.timezone(dt.timedelta(hours=6)))


def accept(services: ServicesFactory, key: tuple[AreaCode, ContestId], figures: Figures) -> None:
    for clerk in ("c1", "c2"):
        s = services(clerk, Role.CLERK)
        s.entry.enter(*key, figures, expected_version=s.entry.view(*key).version)
    assert services("admin").entry.view(*key).state is State.ACCEPTED


def test_an_observer_enters_a_copy_and_sees_where_it_differs(services: ServicesFactory) -> None:
    obs = services("dana", Role.OBSERVER)
    copy = obs.observers.enter_copy(P1, MZL, COPY, note="handed over at 21:00")
    assert (copy.observer, copy.figures, copy.note) == ("dana", COPY, "handed over at 21:00")
    assert copy.findings == ()

    # not accepted yet: the observer sees no official figures
    before = obs.observers.compare(P1, MZL)
    assert (before.state, before.official, before.differing) == (State.NOT_ENTERED, None, ())
    assert before.copy == copy

    accept(services, (P1, MZL), OFFICIAL)
    after = obs.observers.compare(P1, MZL)
    assert after.state is State.ACCEPTED
    assert after.official == OFFICIAL
    assert after.differing == ("L-A", "L-B")
    assert after.findings == ()


def test_the_latest_copy_is_the_observers_and_older_ones_stay(
    services: ServicesFactory,
) -> None:
    accept(services, (P1, MZL), OFFICIAL)
    obs = services("dana", Role.OBSERVER)
    other = services("erlan", Role.OBSERVER)
    obs.observers.enter_copy(P1, MZL, COPY)
    obs.observers.enter_copy(P1, MZL, OFFICIAL, frozenset({Act.MOBILE_BOX_EXCESS}))
    other.observers.enter_copy(P1, MZL, COPY)
    assert [c.figures for c in obs.observers.copies(P1, MZL)] == [COPY, OFFICIAL]
    assert [c.observer for c in other.observers.copies(P1, MZL)] == ["erlan"]
    result = obs.observers.compare(P1, MZL)
    assert result.differing == ("acts",)
    assert other.observers.compare(P1, MZL).differing == ("L-A", "L-B")
    sup = services("sup", Role.SUPERVISOR)
    assert [c.observer for c in sup.observers.copies(P1, MZL)] == ["dana", "dana", "erlan"]
    assert sup.observers.compare(P1, MZL, "erlan").differing == ("L-A", "L-B")
    with pytest.raises(InvalidRequest):
        sup.observers.compare(P1, MZL)


def test_a_copy_that_breaks_a_control_ratio_says_so(services: ServicesFactory) -> None:
    broken = Figures(OFFICIAL.lines, OFFICIAL.votes, 20)  # K4: 590 != 10 + 580 + 20
    copy = services("dana", Role.OBSERVER).observers.enter_copy(P1, MZL, broken)
    assert "K4" in {f.code for f in copy.findings}


@pytest.mark.parametrize("role", [Role.CLERK, Role.SUPERVISOR, Role.TRAINER, Role.ADMINISTRATOR])
def test_only_observers_enter_copies(services: ServicesFactory, role: Role) -> None:
    someone = services("someone", role) if role is not Role.ADMINISTRATOR else services("admin")
    with pytest.raises(PermissionDenied):
        someone.observers.enter_copy(P1, MZL, COPY)


@pytest.mark.parametrize("role", [Role.CLERK, Role.TRAINER])
def test_clerks_and_trainers_do_not_read_copies(services: ServicesFactory, role: Role) -> None:
    someone = services("someone", role)
    with pytest.raises(PermissionDenied):
        someone.observers.copies(P1, MZL)
    with pytest.raises(PermissionDenied):
        someone.observers.compare(P1, MZL, "dana")


def test_malformed_copies_are_refused(services: ServicesFactory) -> None:
    obs = services("dana", Role.OBSERVER)
    with pytest.raises(InvalidRequest):
        obs.observers.enter_copy(P1, MZL, Figures(OFFICIAL.lines, (1, 2), 0))
    with pytest.raises(NotFound):
        obs.observers.enter_copy(AreaCode("P99999"), MZL, COPY)
    with pytest.raises(InvalidRequest):
        obs.observers.enter_copy(P1, MZL, COPY, note="x" * 3000)
    assert obs.observers.copies(P1, MZL) == ()


def test_an_observer_file_is_imported_as_that_observers_copy(
    services: ServicesFactory, election: Election, tmp_path: Path
) -> None:
    admin = services("admin")
    accept(services, (P2, MZL), OFFICIAL)
    pf = entry_file(election, P2, MZL, Entry(COPY, "dana", AT, kind=EntryKind.OBSERVER))
    path = tmp_path / "observer.json"
    path.write_text(dumps(protocol_to_dict(pf, election.contest(MZL))), encoding="utf-8")
    report = TransferService(admin).import_paths([path])
    assert (report.imported, report.unchanged, report.conflicts, report.errors) == (1, 0, (), ())
    again = TransferService(admin).import_paths([path])
    assert (again.imported, again.unchanged) == (0, 1)
    # the official protocol is untouched; the observer finds the copy as theirs
    assert admin.entry.view(P2, MZL).figures == OFFICIAL
    obs = services("dana", Role.OBSERVER)
    [copy] = obs.observers.copies(P2, MZL)
    assert (copy.figures, copy.at) == (COPY, AT)
    assert obs.observers.compare(P2, MZL).differing == ("L-A", "L-B")
    # a clerk may not import
    with pytest.raises(PermissionDenied):
        TransferService(services("c1", Role.CLERK)).import_paths([path])
