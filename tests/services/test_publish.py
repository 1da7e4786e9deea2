"""Results in the standard formats through the services, on SQLite and PostgreSQL: the
accepted protocols only (an observer's file holds nothing an observer may not read),
read back by `read_published` to exactly the accepted figures, marked official or not
with the audit head of the same snapshot, and noted in the audit log."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from kztally.domain.audit import EventCode
from kztally.domain.election import Election
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.formats import nist
from kztally.formats.published import read_published
from kztally.services.context import Services
from kztally.services.errors import InvalidRequest
from kztally.services.mock import run_mock
from kztally.services.publish import FORMATS, PublishService
from kztally.storage.database import open_database
from tests.conftest import PASSWORD

ServicesFactory = Callable[..., Services]
P1, P2, P4 = AreaCode("P00001"), AreaCode("P00002"), AreaCode("P00004")
MZL, S01 = ContestId("MZ-L"), ContestId("MZ-S01")
CLEAN = Figures((1000, 1000, 600, 10, 390, 590, 10, 10), (300, 200, 80), 10)
SMD = Figures((1000, 1000, 600, 10, 390, 590, 10, 10), (400, 170), 20)
OTHER = Figures((1000, 1000, 500, 0, 500, 500, 0, 6), (100, 300, 90), 4)
W3 = Figures((1000, 600, 550, 20, 30, 500, 20, 5), (300, 150, 50), 15)
"""570 issued, 520 in the boxes: waits for a supervisor (pending)."""


@pytest.fixture
def entered(services: ServicesFactory) -> ServicesFactory:
    """P1 MZ-L, P1 MZ-S01 and P4 MZ-L accepted; P2 MZ-L pending (W3)."""
    for clerk in ("c1", "c2"):
        s = services(clerk, Role.CLERK)
        for key, figures in (
            ((P1, MZL), CLEAN),
            ((P1, S01), SMD),
            ((P4, MZL), OTHER),
            ((P2, MZL), W3),
        ):
            s.entry.enter(*key, figures, expected_version=s.entry.view(*key).version)
    admin = services("admin")
    assert admin.entry.view(P2, MZL).state is State.PENDING
    return services


ACCEPTED = {(P1, MZL): CLEAN, (P1, S01): SMD, (P4, MZL): OTHER}


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_observers_file_reads_back_to_the_accepted_figures(
    fmt: str, entered: ServicesFactory, election: Election, tmp_path: Path
) -> None:
    observer = entered("obs", Role.OBSERVER)
    path = tmp_path / "out" / f"results.{fmt}"
    report = PublishService(observer).export(path, fmt)
    assert (report.protocols, report.withheld, report.official) == (3, 1, False)
    name, found = read_published(path, election)
    assert name == fmt
    assert {(p.precinct, p.contest): p.figures for p in found} == ACCEPTED
    # the pending protocol's figures are nowhere in the file
    if fmt != "nist":  # NIST lists every precinct as a GpUnit; no count there names it
        assert b"P00002" not in path.read_bytes()
    assert (P2, MZL) not in {(p.precinct, p.contest) for p in found}


def test_the_nist_file_is_valid_and_carries_the_marks(
    entered: ServicesFactory, election: Election, tmp_path: Path
) -> None:
    admin = entered("admin")
    path = tmp_path / "results.json"
    report = PublishService(admin).export(path, "nist")
    document = json.loads(path.read_text("utf-8"))
    Draft4Validator(nist.schema()).validate(document)
    assert document["Status"] == "unofficial-partial"
    ids = {i["OtherType"]: i["Value"] for i in document["ExternalIdentifier"]}
    assert ids == {"kztally-results": "unofficial", "kztally-audit-head": str(report.head)}
    # the head written is the log's head before the export's own event
    events = admin.audit.show(since=report.head.count)
    assert [e.code for e in events] == [EventCode.EXPORT_RUN]
    content = json.loads(events[0].content)
    assert content == {
        "file": "results.json",
        "format": "nist",
        "protocols": 3,
        "withheld": 1,
        "results": "unofficial",
        "head": str(report.head),
    }


def test_official_results_are_marked_certified(
    entered: ServicesFactory, election: Election, tmp_path: Path
) -> None:
    admin = entered("admin")
    admin.official.mark()
    path = tmp_path / "results.json"
    report = PublishService(entered("obs", Role.OBSERVER)).export(path, "nist")
    assert report.official
    document = json.loads(path.read_text("utf-8"))
    assert document["Status"] == "certified"
    ids = {i["OtherType"]: i["Value"] for i in document["ExternalIdentifier"]}
    assert ids["kztally-results"] == "official"


def test_a_folder_or_an_unknown_format_is_refused(entered: ServicesFactory, tmp_path: Path) -> None:
    admin = entered("admin")
    with pytest.raises(InvalidRequest, match="is a folder: name a file"):
        PublishService(admin).export(tmp_path, "eml")
    with pytest.raises(InvalidRequest, match="not 'xml'"):
        PublishService(admin).export(tmp_path / "x.xml", "xml")
    assert not (tmp_path / "x.xml").exists()


# -- the small mock --------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """A small mock on SQLite, some protocols left with planted mistakes (not accepted),
    as an observer."""
    base = tmp_path_factory.mktemp("publish-mock")
    db = open_database(f"sqlite:///{base / 'mock.sqlite'}", migrate=True)
    try:
        admin = Services.sign_in(db, "admin", PASSWORD)
        run_mock(admin, 4, "small", 0.1, answers=base / "answers.json")
        admin.users.add("obs", Role.OBSERVER, PASSWORD)
        yield Services.sign_in(db, "obs", PASSWORD)
    finally:
        db.close()


def test_the_small_mock_in_every_format(small_mock: Services, tmp_path: Path) -> None:
    election = small_mock.elections.require()
    accepted = {
        (s.precinct, s.contest): s.figures
        for s in small_mock.entry.summaries()
        if s.state is State.ACCEPTED
    }
    expected = sum(len(p.contests) for p in election.precincts())
    assert 0 < len(accepted) < expected  # some held back by their planted mistakes
    for fmt in FORMATS:
        path = tmp_path / f"mock.{fmt}"
        report = PublishService(small_mock).export(path, fmt)
        assert report.protocols == len(accepted)
        name, found = read_published(path, election)
        assert name == fmt
        assert {(p.precinct, p.contest): p.figures for p in found} == accepted
    document = json.loads((tmp_path / "mock.nist").read_text("utf-8"))
    Draft4Validator(nist.schema()).validate(document)
    kazakh = {t["Language"]: t["Content"] for t in document["GpUnit"][0]["Name"]["Text"]}
    assert kazakh["kk"] == "Қазақстан Республикасы"
