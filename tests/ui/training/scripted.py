"""A room's work done through the services (no widgets), for the screens' tests and
pictures: a session made, every clerk's entries with their counts, the supervisors'
decisions and queries. Deterministic for the same arguments."""

from __future__ import annotations

import random

from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.services.context import Services
from kztally.services.mock import build
from kztally.storage.database import Database
from kztally.training.plan import Plan, minimum_keystrokes, plan, put
from tests.conftest import PASSWORD


def room(
    db: Database, clerks: int = 6, supervisors: int = 2, per_stack: int = 6
) -> tuple[Services, Plan]:
    trainer = Services.sign_in(db, "trainer", PASSWORD)
    the_plan = plan(build(5, "small"), 5, clerks, supervisors, per_stack, 0.4)
    trainer.training.create(
        the_plan, dict.fromkeys((*the_plan.clerks, *the_plan.supervisors), PASSWORD)
    )
    rng = random.Random(5)
    people = {
        n: Services.sign_in(db, n, PASSWORD) for n in (*the_plan.clerks, *the_plan.supervisors)
    }
    for n, name in enumerate(the_plan.clerks):
        stack = the_plan.stack_of(name)
        assert stack is not None
        s = people[name]
        speed = 45 + 25 * n  # seconds a protocol
        for i in stack.papers[: len(stack.papers) - (n % 2)]:
            paper = the_plan.papers[i]
            contest = the_plan.election.contest(paper.contest)
            figures: Figures = paper.figures
            slips = 0
            if rng.random() < 0.15 * (n % 3):
                field, value = next(iter(figures.fields(contest)))
                figures = put(figures, contest, field, (value or 0) + 1)
                slips = 1
            key = (AreaCode(paper.precinct), ContestId(paper.contest))
            view = s.entry.view(*key)
            if view.state not in (State.NOT_ENTERED, State.FIRST_ENTRY):
                continue
            s.entry.enter(*key, figures, expected_version=view.version)
            least = minimum_keystrokes(paper.figures, contest)
            s.training.record_work(
                *key, least + 3 * n + slips, n + slips, (speed + rng.randint(-8, 8)) * 1000
            )
    for j, name in enumerate(the_plan.supervisors):
        s = people[name]
        for stack in the_plan.stacks:
            if stack.supervisor != name:
                continue
            for i in stack.papers:
                paper = the_plan.papers[i]
                key = (AreaCode(paper.precinct), ContestId(paper.contest))
                view = s.entry.view(*key)
                if paper.expected == "recount" and view.state is State.PENDING:
                    s.entry.recount(
                        *key,
                        reason="a control ratio is broken on the paper",
                        reference="Decision 1",
                        expected_version=view.version,
                    )
                elif paper.expected in ("query", "duplicate") and j == 0:
                    s.training.query(*key, "Please check the figures against your copy.")
                elif paper.expected is None and rng.random() < 0.2:
                    s.training.query(*key, "Line 3 looks low.")
                elif view.state is State.ENTRIES_DIFFER:
                    s.entry.send_back(*key, reason="entries differ", expected_version=view.version)
    return trainer, the_plan
