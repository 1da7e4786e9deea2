"""Drawings of lots and designations of deputies, through the services, on both
databases: a tie on remainders (L3) and in a district (S1) leave their seats
unallocated until a lot is recorded; the allocation then uses it, and the results show
the tie and how it was settled. Refusals name what is wrong; every record has its event
and `verify` names a row changed behind the services' back."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import Connection, delete, insert, select, update

from kztally.domain.audit import EventCode
from kztally.domain.election import Election
from kztally.domain.rules import Role
from kztally.domain.seats import Settlement
from kztally.services.context import Services
from kztally.services.errors import InvalidRequest, NotFound, PermissionDenied, ResultsOfficial
from kztally.storage.database import Database
from kztally.storage.models import DesignationRow, LotDrawRow
from tests.conftest import ServicesFactory
from tests.ties import MZL, S01, S02, enter, enter_ties, tie_election


@pytest.fixture
def election() -> Election:
    return tie_election()


@pytest.fixture
def sup(services: ServicesFactory) -> Services:
    return enter_ties(services)


def seats(s: Services) -> dict[str, int]:
    mz = s.results.results().mazhilis
    assert mz is not None and mz.lists is not None and mz.lists.allocation is not None
    return {r.id: r.seats for r in mz.lists.allocation.lists}


def winner(s: Services, contest: str) -> str | None:
    mz = s.results.results().mazhilis
    assert mz is not None
    (d,) = [d for d in mz.districts if d.contest.id == contest]
    assert d.result is not None
    return d.result.winner


def test_both_ties_await_a_lot_and_their_seats_stay_unallocated(sup: Services) -> None:
    ties = sup.lots.ties()
    assert [(t.contest, t.tie.drawn, t.open) for t in ties] == [
        (MZL, ("L-B", "L-C"), True),
        (S01, ("S01-1", "S01-2"), True),
    ]
    lists = ties[0].tie
    assert lists.votes == (150, 150) and lists.seats == 1 and lists.winners == ()
    assert seats(sup) == {"L-A": 2, "L-B": 1, "L-C": 1}
    assert winner(sup, S01) is None
    results = sup.results.results()
    assert [t.contest.id for t in results.ties if t.open] == [MZL, S01]


def test_a_recorded_lot_allocates_the_seat_and_the_results_say_how(sup: Services) -> None:
    draw = sup.lots.draw(MZL, ["L-C", "L-B"], ["Observer One", " Member Two "], "Act 1/2023")
    assert draw.tied == ("L-B", "L-C") and draw.order == ("L-C", "L-B")
    assert draw.witnesses == ("Observer One", "Member Two") and draw.by == "sup"
    assert seats(sup) == {"L-A": 2, "L-B": 1, "L-C": 2}
    sup.lots.draw(S01, ["S01-2", "S01-1"], ["Observer One"], "Act 2/2023")
    assert winner(sup, S01) == "S01-2"

    ties = {t.contest.id: t for t in sup.results.results().ties}
    assert ties[MZL].settled_by is Settlement.LOT and ties[MZL].winners == ("L-C",)
    lot = ties[MZL].lot
    assert lot is not None and lot.reference == "Act 1/2023"
    assert ties[S01].settled_by is Settlement.LOT and ties[S01].winners == ("S01-2",)
    views = {t.contest: t for t in sup.lots.ties()}
    assert not views[MZL].open and views[MZL].draw == draw

    events = [e for e in sup.audit.show() if e.code == EventCode.LOT_DRAWN]
    assert len(events) == 2
    content = json.loads(events[0].content)
    assert content == {
        "draw": draw.id,
        "contest": "MZ-L",
        "tied": ["L-B", "L-C"],
        "order": ["L-C", "L-B"],
        "witnesses": ["Observer One", "Member Two"],
        "reference": "Act 1/2023",
        "sha256": draw.sha256,
    }
    assert sup.audit.verify().holds


def test_a_newer_draw_supersedes_and_the_older_stays(sup: Services) -> None:
    first = sup.lots.draw(MZL, ["L-C", "L-B"], ["Observer One"], "Act 1")
    second = sup.lots.draw(MZL, ["L-B", "L-C"], ["Observer One"], "Act 1, corrected")
    assert seats(sup) == {"L-A": 2, "L-B": 2, "L-C": 1}
    assert sup.lots.draws() == (first, second)
    assert sup.audit.verify().holds


def test_no_lot_is_drawn_while_results_are_official_but_designations_stay_open(
    services: ServicesFactory, sup: Services
) -> None:
    admin = services("admin", Role.ADMINISTRATOR)
    admin.official.mark()
    head = sup.audit.head()
    with pytest.raises(ResultsOfficial, match="draw lots"):
        sup.lots.draw(MZL, ["L-C", "L-B"], ["Observer One"], "Act 1")
    assert sup.lots.draws() == ()
    assert sup.audit.head() == head
    admin.official.unlock("the act of the drawing arrived late")
    sup.lots.draw(MZL, ["L-C", "L-B"], ["Observer One"], "Act 1")
    assert sup.lots.draws()[0].reference == "Act 1"
    admin.official.mark()
    record = sup.lots.designate(MZL, "L-A", ["Сейітов Ерлан", "Әлиева Бота"], "Decision 4")
    assert {v.list_id: v.record for v in sup.lots.designations()}["L-A"] == record
    assert sup.audit.verify().holds


def test_a_lot_applies_only_while_its_candidates_are_level(
    sup: Services, services: ServicesFactory
) -> None:
    sup.lots.draw(S01, ["S01-2", "S01-1"], ["Observer One"], "Act 2")
    # P00002 breaks the tie, P00003 makes it again with other figures: the seat stays
    # with whoever leads, then goes back to awaiting a lot
    enter(services, "P00002", S01, (300, 250))
    assert winner(sup, S01) == "S01-1"
    assert [t.contest for t in sup.lots.ties()] == [MZL]
    enter(services, "P00003", S01, (250, 300))
    ties = {t.contest: t for t in sup.lots.ties()}
    # the same two candidates are level again: the lot drawn for them settles it
    assert ties[S01].tie.settled_by is Settlement.LOT and winner(sup, S01) == "S01-2"


@pytest.mark.parametrize(
    ("contest", "order", "witnesses", "reference", "error", "words"),
    [
        (MZL, ["L-B"], ["W"], "Act", InvalidRequest, "missing L-C"),
        (MZL, ["L-B", "L-C", "L-A"], ["W"], "Act", InvalidRequest, "L-A not in the tie"),
        (MZL, ["L-B", "L-X"], ["W"], "Act", InvalidRequest, "L-X not in the tie"),
        (MZL, ["L-B", "L-B"], ["W"], "Act", InvalidRequest, "named twice"),
        (MZL, ["L-B", "L-C"], [], "Act", InvalidRequest, "at least one witness"),
        (MZL, ["L-B", "L-C"], ["  "], "Act", InvalidRequest, "witness is required"),
        (MZL, ["L-B", "L-C"], ["W", "W"], "Act", InvalidRequest, "witness is named twice"),
        (MZL, ["L-B", "L-C"], ["W" * 65], "Act", InvalidRequest, "longer than the 64"),
        (MZL, ["L-B", "L-C"], ["W"], "", InvalidRequest, "reference is required"),
        (MZL, ["L-B", "L-C"], ["W"], "A\x00", InvalidRequest, "NUL"),
        (S02, ["S02-1", "S02-2"], ["W"], "Act", InvalidRequest, "MZ-S02: no tie"),
        ("MZ-S99", ["S02-1"], ["W"], "Act", NotFound, "no contest MZ-S99"),
    ],
)
def test_a_draw_that_does_not_fit_a_tie_is_refused(
    sup: Services,
    contest: str,
    order: list[str],
    witnesses: list[str],
    reference: str,
    error: type[Exception],
    words: str,
) -> None:
    with pytest.raises(error, match=words):
        sup.lots.draw(contest, order, witnesses, reference)
    assert sup.lots.draws() == ()
    assert not any(e.code == EventCode.LOT_DRAWN for e in sup.audit.show())


def test_clerks_and_observers_do_not_record_lots_or_designations(
    sup: Services, services: ServicesFactory
) -> None:
    for s in (services("c1"), services("obs", Role.OBSERVER)):
        with pytest.raises(PermissionDenied):
            s.lots.draw(MZL, ["L-B", "L-C"], ["W"], "Act")
        with pytest.raises(PermissionDenied):
            s.lots.designate(MZL, "L-A", ["Әлиева Бота"], "Decision 1")
        assert len(s.lots.ties()) == 2  # but they see them
    admin = services("admin")
    admin.lots.draw(MZL, ["L-B", "L-C"], ["W"], "Act")
    assert seats(admin)["L-B"] == 2


# -- designations ---------------------------------------------------------------------------


def test_designations_follow_the_fallback_until_one_is_recorded(sup: Services) -> None:
    views = {v.list_id: v for v in sup.lots.designations()}
    assert {k: v.seats for k, v in views.items()} == {"L-A": 2, "L-B": 1, "L-C": 1}
    a = views["L-A"]
    assert a.record is None and [n.code for n in a.designation.notices] == ["P2"]
    # the Kazakh alphabet: А, Ә, ... so Абаев before Әлиева
    assert [p.name for p in a.designation.persons] == ["Абаев Нұрлан", "Әлиева Бота"]

    record = sup.lots.designate(MZL, "L-A", ["Сейітов Ерлан", "Әлиева Бота"], "Decision 4")
    a = {v.list_id: v for v in sup.lots.designations()}["L-A"]
    assert a.record == record
    assert [p.name for p in a.designation.persons] == ["Сейітов Ерлан", "Әлиева Бота"]
    assert a.designation.notices == ()  # one of two protected: 50%

    sup.lots.designate(MZL, "L-A", ["Сейітов Ерлан", "Абаев Нұрлан"], "Decision 5")
    a = {v.list_id: v for v in sup.lots.designations()}["L-A"]
    assert [n.code for n in a.designation.notices] == ["P1"]  # none protected: noted
    assert len(sup.lots.designation_history()) == 2
    (event, _) = [e for e in sup.audit.show() if e.code == EventCode.DESIGNATION_RECORDED]
    assert json.loads(event.content)["persons"] == ["Сейітов Ерлан", "Әлиева Бота"]
    assert sup.audit.verify().holds


@pytest.mark.parametrize(
    ("contest", "list_id", "persons", "reference", "error", "words"),
    [
        (MZL, "L-A", ["Абаев Нұрлан", "Әлиева Бота", "Сейітов Ерлан"], "D", InvalidRequest,
         "3 persons for 2 seat"),
        (MZL, "L-A", ["Бекова Айгүл"], "D", InvalidRequest, "not on the list L-A"),
        (MZL, "L-A", ["Абаев Нұрлан", "Абаев Нұрлан"], "D", InvalidRequest, "named twice"),
        (MZL, "L-A", [], "D", InvalidRequest, "at least one person"),
        (MZL, "L-A", ["Абаев Нұрлан"], " ", InvalidRequest, "reference is required"),
        (MZL, "L-X", ["Абаев Нұрлан"], "D", NotFound, "no list L-X"),
        (S01, "S01-1", ["Абаев Нұрлан"], "D", InvalidRequest, "not a party-list contest"),
    ],
)  # fmt: skip
def test_a_designation_that_does_not_fit_the_seats_is_refused(
    sup: Services,
    contest: str,
    list_id: str,
    persons: list[str],
    reference: str,
    error: type[Exception],
    words: str,
) -> None:
    with pytest.raises(error, match=words):
        sup.lots.designate(contest, list_id, persons, reference)
    assert sup.lots.designation_history() == ()


def test_a_list_without_a_seat_has_nothing_to_designate(services: ServicesFactory) -> None:
    enter(services, "P00001", MZL, (550, 0, 0))
    sup = services("sup", Role.SUPERVISOR)
    with pytest.raises(InvalidRequest, match="L-B has no seat in MZ-L"):
        sup.lots.designate(MZL, "L-B", ["Бекова Айгүл"], "D")


# -- tampering behind the services' back ----------------------------------------------------


def _draw_order(conn: Connection) -> None:
    conn.execute(update(LotDrawRow).values(drawn=["L-B", "L-C"]))


def _draw_deleted(conn: Connection) -> None:
    conn.execute(delete(LotDrawRow))


def _draw_inserted(conn: Connection) -> None:
    row = conn.execute(select(LotDrawRow)).mappings().first()
    assert row is not None
    conn.execute(insert(LotDrawRow).values(**{k: v for k, v in row.items() if k != "id"}))


def _designation_persons(conn: Connection) -> None:
    conn.execute(update(DesignationRow).values(persons=["Абаев Нұрлан", "Әлиева Бота"]))


def _designation_deleted(conn: Connection) -> None:
    conn.execute(delete(DesignationRow))


def _designation_inserted(conn: Connection) -> None:
    row = conn.execute(select(DesignationRow)).mappings().first()
    assert row is not None
    fake = {k: v for k, v in row.items() if k != "id"} | {"choice": "L-B"}
    conn.execute(insert(DesignationRow).values(**fake))


TAMPERS: dict[str, tuple[Callable[[Connection], None], str]] = {
    "draw order": (_draw_order, "lot_draw"),
    "deleted draw": (_draw_deleted, "lot_draw"),
    "inserted draw": (_draw_inserted, "lot_draw"),
    "designation persons": (_designation_persons, "designation"),
    "deleted designation": (_designation_deleted, "designation"),
    "inserted designation": (_designation_inserted, "designation"),
}


@pytest.mark.parametrize("tamper", list(TAMPERS))
def test_verify_names_a_lot_or_designation_changed_behind_the_services_back(
    sup: Services, db: Database, tamper: str
) -> None:
    sup.lots.draw(MZL, ["L-C", "L-B"], ["Observer One"], "Act 1")
    sup.lots.designate(MZL, "L-A", ["Сейітов Ерлан", "Әлиева Бота"], "Decision 4")
    assert sup.audit.verify().holds
    change, table = TAMPERS[tamper]
    with db.engine.begin() as conn:
        change(conn)
    verdict = sup.audit.verify()
    assert [b.table for b in verdict.breaks] == [table], verdict.breaks
