"""The training service on SQLite and PostgreSQL: the query to the commission (recorded,
audited, changing nothing), the work a form counted, a session made and scored."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from kztally.domain.audit import EventCode
from kztally.domain.election import Election
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.errors import InvalidRequest, NotFound, PermissionDenied
from kztally.services.mock import build
from kztally.services.training import answers_sha256
from kztally.storage.database import Database
from kztally.training.plan import REFERENCE, plan
from tests.conftest import PASSWORD, ServicesFactory

P1, MZL = AreaCode("P00001"), ContestId("MZ-L")
FIGURES = Figures((1000, 1000, 600, 10, 390, 590, 10, 10), (300, 200, 80), 10)


def events(s: Services, code: EventCode) -> list[dict[str, object]]:
    return [json.loads(e.content) for e in s.audit.show() if e.code == code.value]


def test_a_query_is_recorded_and_changes_nothing(services: ServicesFactory) -> None:
    clerk = services("clerk1")
    clerk.entry.enter(P1, MZL, FIGURES, expected_version=clerk.entry.view(P1, MZL).version)
    boss = services("boss", Role.SUPERVISOR)
    before = boss.entry.view(P1, MZL)
    q = boss.training.query(P1, MZL, "  Is line 4 right?  ")
    assert (q.precinct, q.contest, q.text, q.by, q.round) == (
        P1,
        MZL,
        "Is line 4 right?",
        "boss",
        1,
    )
    after = boss.entry.view(P1, MZL)
    assert (after.state, after.version, after.figures) == (
        before.state,
        before.version,
        before.figures,
    )
    assert [x.text for x in boss.training.queries(P1, MZL)] == ["Is line 4 right?"]
    assert boss.training.queries("P00002", MZL) == ()
    (content,) = events(boss, EventCode.PROTOCOL_QUERIED)
    assert content == {
        "precinct": "P00001",
        "contest": "MZ-L",
        "round": 1,
        "text": "Is line 4 right?",
    }
    assert boss.audit.verify().holds
    # a clerk and an observer may not query; nothing is written for them
    for name, role in (("clerk1", Role.CLERK), ("obs", Role.OBSERVER)):
        with pytest.raises(PermissionDenied):
            services(name, role).training.query(P1, MZL, "x")
    with pytest.raises(InvalidRequest, match="needs its text"):
        boss.training.query(P1, MZL, "   ")
    with pytest.raises(InvalidRequest):
        boss.training.query(P1, MZL, "x" * 1001)
    with pytest.raises(NotFound):
        boss.training.query("P99999", MZL, "x")
    assert len(events(boss, EventCode.PROTOCOL_QUERIED)) == 1


def test_work_is_recorded_in_a_training_election_only(
    services: ServicesFactory, db: Database, election_maker: Callable[..., Election]
) -> None:
    clerk = services("clerk1")
    clerk.training.record_work(P1, MZL, 70, 2, 61_500)
    with pytest.raises(InvalidRequest, match="keystrokes must be from 0"):
        clerk.training.record_work(P1, MZL, -1, 0, 0)
    with pytest.raises(NotFound):
        clerk.training.record_work("P99999", MZL, 1, 0, 0)
    with pytest.raises(PermissionDenied):
        services("obs", Role.OBSERVER).training.record_work(P1, MZL, 1, 0, 0)
    admin = services("admin", Role.ADMINISTRATOR)
    (content,) = events(admin, EventCode.TRAINING_WORK)
    assert content == {
        "precinct": "P00001", "contest": "MZ-L",
        "keystrokes": 70, "corrections": 2, "milliseconds": 61_500,
    }  # fmt: skip


def test_no_work_is_recorded_in_an_election_that_counts(
    db: Database, election_maker: Callable[..., Election]
) -> None:
    admin = Services.sign_in(db, "admin", PASSWORD)
    admin.elections.load_definition(election_maker(training=False))
    admin.users.add("clerk1", Role.CLERK, PASSWORD)
    clerk = Services.sign_in(db, "clerk1", PASSWORD)
    clerk.training.record_work(P1, MZL, 70, 2, 61_500)
    assert events(admin, EventCode.TRAINING_WORK) == []


def test_a_session_made_and_scored_on_this_database(db: Database) -> None:
    trainer = Services.sign_in(db, "trainer", PASSWORD)
    the_plan = plan(build(2, "small"), 2, 3, 1, 3, 0.4)
    made = trainer.training.create(
        the_plan, dict.fromkeys((*the_plan.clerks, *the_plan.supervisors), PASSWORD)
    )
    assert [n for n, _ in made.accounts] == [
        "trainee-01",
        "trainee-02",
        "trainee-03",
        "supervisor-01",
    ]
    assert made.reference_entries == 3  # the lone trainee's stack
    lone = the_plan.stacks[-1]
    assert lone.clerks == ("trainee-03",)
    for i in lone.papers:
        p = the_plan.papers[i]
        history = trainer.entry.history(AreaCode(p.precinct), ContestId(p.contest))
        assert [(r.transition.value, r.entry_by) for r in history] == [("first_entry", REFERENCE)]
    (noted,) = events(trainer, EventCode.TRAINING_CREATED)
    assert noted["answers_sha256"] == answers_sha256(the_plan) and noted["seed"] == 2
    assert trainer.training.plan().answers == the_plan.answers
    # the lone trainee's entry is the second: it agrees with the reference, or not
    alone = Services.sign_in(db, "trainee-03", PASSWORD)
    p = the_plan.papers[lone.papers[0]]
    key = (AreaCode(p.precinct), ContestId(p.contest))
    alone.entry.enter(*key, p.figures, expected_version=alone.entry.view(*key).version)
    assert trainer.entry.view(*key).state.value in ("accepted", "pending")
    score = trainer.training.score()
    by = {x.name: x for x in score.trainees}
    assert by["trainee-03"].protocols == 1 and by["trainee-03"].faults == 0
    assert by["trainee-01"].protocols == 0
    # made again: the accounts exist, nothing is entered twice
    again = trainer.training.create(the_plan, {})
    assert again.accounts == () and again.reference_entries == 0
    # only an administrator makes a session (it makes accounts)
    trainer.users.add("coach", Role.TRAINER, PASSWORD)
    with pytest.raises(PermissionDenied):
        Services.sign_in(db, "coach", PASSWORD).training.create(the_plan, {})
    assert trainer.audit.verify().holds
