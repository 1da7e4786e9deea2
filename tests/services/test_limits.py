"""The services' one boundary, on SQLite and PostgreSQL: figures out of bounds, names,
reasons and references too long or holding a NUL or a lone surrogate are refused before
anything is stored, with the place named, whichever path brings them (one entry, bulk
entry, an import of files); both databases give the same verdict, and the largest
figure allowed is stored and summed exactly."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from kztally.domain.election import Election
from kztally.domain.entry import Entry, State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.limits import FIGURE_MAX
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.formats.load import dumps
from kztally.formats.protocol_json import entry_file, protocol_to_dict
from kztally.services.context import Services
from kztally.services.entry import BulkItem
from kztally.services.errors import InvalidRequest
from kztally.services.mock import FIRST_CLERK, SECOND_CLERK, SUPERVISOR, generated_accounts
from kztally.services.transfer import TransferService
from kztally.storage.database import Database
from tests.conftest import PASSWORD

ServicesFactory = Callable[..., Services]
P1, P2 = AreaCode("P00001"), AreaCode("P00002")
MZL = ContestId("MZ-L")
AT = dt.datetime(2023, 3, 19, 21, 5, tzinfo=dt.timezone(dt.timedelta(hours=6)))
CLEAN = Figures((1000, 600, 550, 20, 30, 550, 20, 5), (300, 150, 100), 15)


def with_vote(figures: Figures, index: int, value: int) -> Figures:
    votes = list(figures.votes)
    votes[index] = value
    return Figures(figures.lines, tuple(votes), figures.against_all)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (2**31, "votes.L-B: 2147483648 is above the bound 10000000"),
        (10**30, f"votes.L-B: {10**30} is above the bound 10000000"),
        (-(10**6), "votes.L-B: -1000000 is below zero"),
    ],
)
def test_a_figure_out_of_bounds_is_refused_and_nothing_is_stored(
    services: ServicesFactory, value: int, message: str
) -> None:
    c1 = services("c1")
    before = c1.data_version()
    with pytest.raises(InvalidRequest) as caught:
        c1.entry.enter(P1, MZL, with_vote(CLEAN, 1, value), expected_version=1)
    assert str(caught.value) == message
    with pytest.raises(InvalidRequest) as caught:
        c1.entry.check(P1, MZL, with_vote(CLEAN, 1, value))
    assert str(caught.value) == message
    assert c1.data_version() == before
    assert c1.entry.view(P1, MZL).state is State.NOT_ENTERED


def test_the_largest_figure_is_stored_and_summed_exactly(
    services: ServicesFactory, election: Election
) -> None:
    """FIGURE_MAX in every protocol of a contest: stored as given on both databases (no
    32-bit wrap, no float), and the totals are Python integers."""
    admin = services("admin")
    generated_accounts(admin)  # bulk steps are the mock's generated clerks' and supervisor's
    big = Figures((FIGURE_MAX,) * 8, (FIGURE_MAX, FIGURE_MAX, FIGURE_MAX), FIGURE_MAX)
    keys = [(p, c) for p, c in election.iter_protocol_keys() if c == MZL]
    items = [
        BulkItem(
            p,
            c,
            (Entry(big, FIRST_CLERK, AT), Entry(big, SECOND_CLERK, AT)),
            accept_reason="as on paper",
            act_reference="act 1",
            accepted_by=SUPERVISOR,
        )
        for p, c in keys
    ]
    admin.entry.record_many(items)
    view = admin.entry.view(*keys[0])
    assert view.figures == big
    totals = admin.results.results().totals[MZL]
    n = len(keys)
    assert totals.protocols == n
    assert totals.lines == (n * FIGURE_MAX,) * 8
    assert totals.votes == (n * FIGURE_MAX,) * 3
    assert all(type(v) is int for v in (*totals.lines, *totals.votes, totals.against_all))


@pytest.mark.parametrize(
    ("by", "message"),
    [
        ("c" * 65, "entries[1].by: 65 characters, longer than the 64 allowed"),
        ("c\x002", "entries[1].by: a NUL character at character 2"),
        ("c\ud8002", "entries[1].by: a lone surrogate \\ud800 at character 2 (not Unicode text)"),
    ],
)
def test_bulk_entry_refuses_a_bad_name_and_writes_nothing(
    services: ServicesFactory, by: str, message: str
) -> None:
    admin = services("admin")
    before = admin.data_version()
    good = BulkItem(P1, MZL, (Entry(CLEAN, "c1", AT), Entry(CLEAN, "c2", AT)))
    bad = BulkItem(P2, MZL, (Entry(CLEAN, "c1", AT), Entry(CLEAN, by, AT)))
    with pytest.raises(InvalidRequest) as caught:
        admin.entry.record_many([good, bad])
    assert str(caught.value) == f"P00002/MZ-L: {message}"
    assert admin.data_version() == before


def test_reasons_and_references_have_their_bounds(services: ServicesFactory) -> None:
    c1, c2 = services("c1"), services("c2")
    sup = services("sup", Role.SUPERVISOR)
    breach = Figures((1000, 600, 550, 20, 30, 550, 20, 5), (300, 150, 110), 15)  # K4
    v = c1.entry.enter(P1, MZL, breach, expected_version=1)
    v = c2.entry.enter(P1, MZL, breach, expected_version=v.version)
    assert v.state is State.PENDING
    refused = [
        ({"reason": "r" * 2001}, "reason: 2001 characters, longer than the 2000 allowed"),
        ({"reason": "ok", "act_reference": "a" * 201},
         "act_reference: 201 characters, longer than the 200 allowed"),
        ({"reason": "ok", "act_reference": "act\x00 7"},
         "act_reference: a NUL character at character 4"),
        ({"reason": "as on \ud800 paper", "act_reference": "act 7"},
         "reason: a lone surrogate \\ud800 at character 7 (not Unicode text)"),
    ]  # fmt: skip
    for words, message in refused:
        with pytest.raises(InvalidRequest) as caught:
            sup.entry.accept(P1, MZL, expected_version=v.version, **words)
        assert str(caught.value) == message
    with pytest.raises(InvalidRequest, match=r"^reference: 201 characters"):
        sup.entry.recount(P1, MZL, reason="ordered", reference="d" * 201,
                          expected_version=v.version)  # fmt: skip
    # at the bounds, taken in
    done = sup.entry.accept(
        P1, MZL, reason="r" * 2000, act_reference="a" * 200, expected_version=v.version
    )
    assert done.state is State.ACCEPTED
    assert sup.entry.history(P1, MZL)[-1].reference == "a" * 200


def test_an_import_stores_every_good_file_and_names_each_bad_one(
    services: ServicesFactory, election: Election, tmp_path: Path
) -> None:
    """One batch of first entries, three of them bad: the good ones go in, each bad one is
    reported with its file and place, on SQLite as on PostgreSQL."""
    admin = services("admin")
    keys = list(election.iter_protocol_keys())
    for precinct, contest in keys:
        c = election.contest(contest)
        figures = Figures(CLEAN.lines, CLEAN.votes[: len(c.choices)], CLEAN.against_all)
        pf = entry_file(election, precinct, contest, Entry(figures, "aliya", AT))
        path = tmp_path / f"{precinct}-{contest}.json"
        path.write_text(dumps(protocol_to_dict(pf, c)), encoding="utf-8")

    def spoil(name: str, change: Callable[[dict[str, object]], None]) -> Path:
        path = tmp_path / name
        document = json.loads(path.read_text("utf-8"))
        change(document)
        path.write_text(json.dumps(document), encoding="utf-8")
        return path

    spoil("P00001-MZ-L.json", lambda d: d["votes"].__setitem__("L-B", 2**31))  # type: ignore[attr-defined]
    spoil("P00002-MZ-L.json", lambda d: d.__setitem__("by", "a" * 65))
    spoil("P00003-MZ-L.json", lambda d: d.__setitem__("by", "ali\x00ya"))
    report = TransferService(admin).import_paths([tmp_path])
    errors = sorted((Path(e.path).name, e.where, e.message) for e in report.errors)
    assert errors == [
        ("P00001-MZ-L.json", "votes.L-B", "2147483648 is above the bound 10000000"),
        ("P00002-MZ-L.json", "by", "65 characters, longer than the 64 allowed"),
        ("P00003-MZ-L.json", "by", "a NUL character at character 4"),
    ]
    assert report.imported == len(keys) - 3
    assert report.status == 2
    states = admin.entry.states()
    assert states[(P1, MZL)] is State.NOT_ENTERED
    assert sum(s is State.FIRST_ENTRY for s in states.values()) == len(keys) - 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "Polling station\x00 1"},
         "areas[3].name: a NUL character at character 16"),
        ({"name": "P" * 301}, "areas[3].name: 301 characters, longer than the 300 allowed"),
        ({"electorate": 2**31}, "areas[3].electorate: 2147483648 is above the bound 10000000"),
    ],
)  # fmt: skip
def test_an_election_built_in_python_is_held_to_the_definition_files_bounds(
    db: Database, election: Election, change: dict[str, object], message: str
) -> None:
    areas = list(election.areas)
    assert areas[3].code == "P00001"
    areas[3] = replace(areas[3], **change)  # type: ignore[arg-type]
    admin = Services.sign_in(db, "admin", PASSWORD)
    with pytest.raises(InvalidRequest) as caught:
        admin.elections.load_definition(replace(election, areas=tuple(areas)))
    assert str(caught.value) == f"the election 'TEST-2023': {message}"
    assert admin.elections.current() is None
    assert admin.elections.load_definition(election) is True
