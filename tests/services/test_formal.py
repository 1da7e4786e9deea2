"""A protocol's formal parts through the one door: recorded with their event, checked,
refused where they cannot be so, frozen with official results; exported and imported."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from kztally.domain.formal import Formal
from kztally.domain.ids import AreaCode
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.errors import InvalidRequest, NotFound, PermissionDenied, ResultsOfficial
from kztally.services.transfer import TransferService
from kztally.storage.database import open_database
from tests.conftest import PASSWORD, ServicesFactory
from tests.services.tampering import clean

TZ = dt.timezone(dt.timedelta(hours=6))
BEGAN = dt.datetime(2023, 3, 19, 20, 0, tzinfo=TZ)
PARTS = Formal(9, 11, BEGAN, BEGAN + dt.timedelta(hours=3, minutes=10), 14)


def test_recorded_with_its_event_and_read_back(services: ServicesFactory) -> None:
    clerk = services("c1")
    assert clerk.formal.of("P00001", "MZ-L").formal == Formal()
    view = clerk.formal.record("P00001", "MZ-L", PARTS)
    assert view.formal == PARTS and view.by == "c1" and view.round == 1
    assert not view.long_count
    again = services("admin").formal.of("P00001", "MZ-L")
    assert again.formal == PARTS
    assert again.formal.count_began is not None
    assert again.formal.count_began.utcoffset() == dt.timedelta(hours=6)
    admin = services("admin")
    events = [e for e in admin.audit.show() if e.code == "formal.recorded"]
    assert len(events) == 1
    content = json.loads(events[0].content)
    assert content["values"] == [9, 11, "2023-03-19T20:00+06:00", "2023-03-19T23:10+06:00", 14]
    assert content["precinct"] == "P00001" and content["contest"] == "MZ-L"
    assert admin.audit.verify().holds
    # a newer record supersedes; both stay
    clerk.formal.record("P00001", "MZ-L", Formal(members_present=8, members_total=11))
    assert admin.formal.of("P00001", "MZ-L").formal.requests is None
    assert len([e for e in admin.audit.show() if e.code == "formal.recorded"]) == 2
    assert admin.audit.verify().holds


def test_a_count_over_twelve_hours_is_recorded_and_marked(services: ServicesFactory) -> None:
    long = Formal(count_began=BEGAN, count_ended=BEGAN + dt.timedelta(hours=13))
    assert services("c1").formal.record("P00001", "MZ-L", long).long_count


@pytest.mark.parametrize(
    ("formal", "message"),
    [
        (Formal(members_present=12, members_total=11), "members present: 12 members present"),
        (Formal(count_began=BEGAN, count_ended=BEGAN - dt.timedelta(minutes=1)), "count ended"),
        (Formal(count_began=BEGAN.replace(tzinfo=None)), "count began: a time needs its zone"),
        (Formal(requests=-3), "requests: -3 is not between 0 and 100000"),
    ],
)
def test_what_cannot_be_so_is_refused_naming_the_field(
    services: ServicesFactory, formal: Formal, message: str
) -> None:
    clerk = services("c1")
    with pytest.raises(InvalidRequest, match=f"P00001/MZ-L: {message}"):
        clerk.formal.record("P00001", "MZ-L", formal)
    assert clerk.formal.of("P00001", "MZ-L").formal == Formal()


def test_who_and_where(services: ServicesFactory) -> None:
    with pytest.raises(PermissionDenied):
        services("obs", Role.OBSERVER).formal.record("P00001", "MZ-L", PARTS)
    with pytest.raises(NotFound, match="no precinct P99999"):
        services("c1").formal.record("P99999", "MZ-L", PARTS)
    with pytest.raises(NotFound, match="has no ballot MZ-S02"):
        services("c1").formal.record("P00001", "MZ-S02", PARTS)


def test_refused_while_results_are_official(services: ServicesFactory) -> None:
    services("admin").official.mark()
    with pytest.raises(ResultsOfficial):
        services("c1").formal.record("P00001", "MZ-L", PARTS)


def test_export_and_import_carry_them(services: ServicesFactory, tmp_path: Path) -> None:
    c1, c2 = services("c1"), services("c2")
    p = AreaCode("P00002")
    v = c1.entry.enter(p, "MZ-L", clean("MZ-L"), expected_version=1)  # type: ignore[arg-type]
    c2.entry.enter(p, "MZ-L", clean("MZ-L"), expected_version=v.version)  # type: ignore[arg-type]
    c1.formal.record("P00002", "MZ-L", PARTS)
    TransferService(services("admin")).export(tmp_path / "out")
    document = json.loads((tmp_path / "out" / "protocols" / "P00002_MZ-L.json").read_text("utf-8"))
    assert document["version"] == 2
    assert document["formal"]["count_ended"] == "2023-03-19T23:10+06:00"
    with open_database(f"sqlite:///{tmp_path / 'other.sqlite'}", migrate=True) as db:
        other = Services.sign_in(db, "admin", PASSWORD)
        assert TransferService(other).import_paths([tmp_path / "out"]).status == 0
        assert other.formal.of("P00002", "MZ-L").formal == PARTS
        # again: nothing new is recorded
        TransferService(other).import_paths([tmp_path / "out"])
        events = [e for e in other.audit.show() if e.code == "formal.recorded"]
        assert len(events) == 1
        assert other.audit.verify().holds


def test_an_export_folder_vouches_for_its_formal_parts(
    services: ServicesFactory, tmp_path: Path
) -> None:
    from kztally.services.transfer.chain import verify_folder

    c1, c2 = services("c1"), services("c2")
    p = AreaCode("P00002")
    v = c1.entry.enter(p, "MZ-L", clean("MZ-L"), expected_version=1)  # type: ignore[arg-type]
    c2.entry.enter(p, "MZ-L", clean("MZ-L"), expected_version=v.version)  # type: ignore[arg-type]
    c1.formal.record("P00002", "MZ-L", PARTS)
    c1.formal.record("P00002", "MZ-L", replace(PARTS, requests=15))
    TransferService(services("admin")).export(tmp_path / "out")
    assert verify_folder(tmp_path / "out").holds
    path = tmp_path / "out" / "protocols" / "P00002_MZ-L.json"
    document = json.loads(path.read_text("utf-8"))
    assert document["formal"]["requests"] == 15  # the newest
    for change, words in (
        (lambda d: d["formal"].update(requests=40), "formal parts are not what event"),
        (lambda d: d.pop("formal"), "formal parts are missing"),
    ):
        changed = json.loads(json.dumps(document))
        change(changed)
        path.write_text(json.dumps(changed, ensure_ascii=False), "utf-8")
        verdict = verify_folder(tmp_path / "out")
        assert not verdict.holds and words in verdict.breaks[0].what
        # an import refuses the folder, and takes nothing in
        with open_database(f"sqlite:///{tmp_path / 'x.sqlite'}", migrate=True) as db:
            other = Services.sign_in(db, "admin", PASSWORD)
            TransferService(other).import_paths([tmp_path / "out"])
            assert other.formal.current() == {}
