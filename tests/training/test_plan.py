"""The session's plan: papers with errors planted on the paper, stacks, pairing and the
answer key, the same for the same seed."""

from __future__ import annotations

import pytest

from kztally.domain.protocol import check_protocol
from kztally.mockgen.figures import MockElection
from kztally.services.mock import build
from kztally.services.training import answers_json
from kztally.training.plan import PAPER_ERRORS, REFERENCE, minimum_keystrokes, plan


@pytest.fixture(scope="module")
def mock() -> MockElection:
    return build(3, "small")


def test_same_seed_same_key_byte_for_byte(mock: MockElection) -> None:
    a = plan(mock, 3, 5, 2, 6, 0.5)
    b = plan(build(3, "small"), 3, 5, 2, 6, 0.5)
    assert answers_json(a) == answers_json(b)
    assert [p.figures for p in a.papers] == [p.figures for p in b.papers]
    other = plan(mock, 4, 5, 2, 6, 0.5)
    assert answers_json(other) != answers_json(a)


def test_every_kind_is_planted_on_the_paper(mock: MockElection) -> None:
    p = plan(mock, 3, 4, 1, 10, 0.5)
    planted = [x for x in p.papers if x.error is not None]
    assert len(planted) == 10 == p.answers["planted"]
    assert {x.error for x in planted} == set(PAPER_ERRORS)
    for x in planted:
        assert x.figures != x.clean
        contest = mock.election.contest(x.contest)
        area = mock.election.area(x.precinct)
        codes = {
            f.code
            for f in check_protocol(
                contest, x.figures, mock.election.rules, electorate=area.electorate
            )
        }
        match x.error:
            case "broken_ratio":
                assert x.expected == "recount" and codes & {"K1", "K4"}
            case "swapped_lists":
                assert x.expected == "query" and not codes  # no check catches it
            case "duplicate":
                key = next(
                    k
                    for k in p.answers["papers"]
                    if k["precinct"] == x.precinct and k["contest"] == x.contest
                )
                source = [
                    y
                    for y in p.papers
                    if y.precinct == key["error"]["source"] and y.contest == x.contest
                ]
                assert source[0].figures == x.figures and source[0].error is None
                assert source[0].stack == x.stack and p.papers.index(source[0]) < p.papers.index(x)
                assert x.expected in ("duplicate", "recount")
            case _:
                assert x.expected in ("recount", "reason_or_query", "query")
    clean = [x for x in p.papers if x.error is None]
    assert all(x.figures == x.clean and x.expected is None for x in clean)


def test_pairs_and_a_lone_trainee(mock: MockElection) -> None:
    p = plan(mock, 1, 5, 2, 4, 0.0)
    assert [s.clerks for s in p.stacks] == [
        ("trainee-01", "trainee-02"),
        ("trainee-03", "trainee-04"),
        ("trainee-05",),
    ]
    assert [s.alone for s in p.stacks] == [False, False, True]
    assert [s.supervisor for s in p.stacks] == ["supervisor-01", "supervisor-02", "supervisor-01"]
    assert [len(s.papers) for s in p.stacks] == [4, 4, 4]
    assert p.answers["reference"] == REFERENCE and p.answers["planted"] == 0
    assert sorted(i for s in p.stacks for i in s.papers) == list(range(12))


def test_minimum_keystrokes(mock: MockElection) -> None:
    x = plan(mock, 1, 1, 0, 1, 0.0).papers[0]
    contest = mock.election.contest(x.contest)
    values = [v for _, v in x.figures.fields(contest)]
    assert minimum_keystrokes(x.figures, contest) == sum(len(str(v)) for v in values) + len(values)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ((0, 1, 8, 0.1), "--trainees must be from 1"),
        ((2, -1, 8, 0.1), "--supervisors must be from 0"),
        ((2, 1, 0, 0.1), "--protocols must be at least 1"),
        ((2, 1, 8, 1.5), "--errors must be a share"),
        ((40, 1, 50, 0.1), "ask for fewer --protocols"),
    ],
)
def test_impossible_sessions_are_refused(
    mock: MockElection, args: tuple[int, int, int, float], said: str
) -> None:
    with pytest.raises(ValueError, match=said):
        plan(mock, 1, *args)
