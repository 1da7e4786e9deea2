"""`verify` over the register of papers, on both databases: papers taken in from signed
codes (taken in, and unchanged) and typed with two hash groups verify clean; a row
changed, deleted or inserted behind the services' back, or an event's row missing, is a
break that names the table `paper`."""

from __future__ import annotations

from sqlalchemy import delete, update

from kztally.domain.ids import AreaCode
from kztally.paper import digest
from kztally.storage.models import PaperRow
from tests.conftest import ServicesFactory
from tests.services.test_intake import MZL, P1, P2, Desk, clean


def papers_taken_in(services: ServicesFactory) -> Desk:
    desk = Desk(services)
    assert desk.take(desk.png(desk.codes(P1, clean())), "p1.png").status == "taken_in"
    assert desk.take(desk.png(desk.codes(P1, clean())), "again.png").status == "unchanged"
    sha = digest.of_protocol(desk.protocol(P2, clean(3)))
    groups = " ".join(digest.groups(sha)[3:5])
    desk.clerk.intake.enter_typed(P2, MZL, clean(3), groups, expected_version=1, file="p2.jpg")
    return desk


def breaks(desk: Desk) -> list[str]:
    verdict = desk.services("admin").audit.verify()
    return [f"{b.table}: {b.what}" for b in verdict.breaks]


def test_papers_from_codes_and_typed_verify_clean(services: ServicesFactory) -> None:
    desk = papers_taken_in(services)
    assert len(desk.supervisor.intake.papers()) == 3
    assert breaks(desk) == []


def tamper(desk: Desk, stmt: object) -> list[str]:
    with desk.services("admin").db.engine.begin() as conn:
        conn.execute(stmt)  # type: ignore[call-overload]
    return breaks(desk)


def test_a_changed_code_paper_is_named(services: ServicesFactory) -> None:
    desk = papers_taken_in(services)
    changed = tamper(desk, update(PaperRow).where(PaperRow.id == 2).values(key="ab" * 32))
    assert len(changed) == 1 and changed[0].startswith("paper: the paper of P00001/MZ-L")
    assert "(key)" in changed[0]


def test_an_outcome_file_or_time_changed_is_named(services: ServicesFactory) -> None:
    desk = papers_taken_in(services)
    stmt = update(PaperRow).where(PaperRow.id == 1).values(outcome="unchanged")
    assert "(outcome)" in tamper(desk, stmt)[0]
    stmt = update(PaperRow).where(PaperRow.id == 1).values(outcome="taken_in", file_sha256="0")
    assert "(file_sha256)" in tamper(desk, stmt)[0]


def test_a_deleted_paper_is_named_with_its_event(services: ServicesFactory) -> None:
    desk = papers_taken_in(services)
    (found,) = tamper(desk, delete(PaperRow).where(PaperRow.id == 3))
    assert found.startswith("paper: the paper of P00002/MZ-L that event")
    assert found.endswith("is not stored")


def test_a_paper_moved_to_another_protocol_is_named(services: ServicesFactory) -> None:
    desk = papers_taken_in(services)
    p3 = desk.supervisor.entry.view(AreaCode("P00003"), MZL)
    assert p3 is not None
    with desk.services("admin").db.session(readonly=True) as s:
        from kztally.storage.protocols import protocol_id

        target = protocol_id(s, "P00003", MZL)
    found = tamper(desk, update(PaperRow).where(PaperRow.id == 3).values(protocol_id=target))
    assert sorted(f.split(" (")[0].split(" that")[0] for f in found) == [
        "paper: a paper of P00003/MZ-L",
        "paper: the paper of P00002/MZ-L",
    ]
