"""Double entry through the service, on SQLite and PostgreSQL: the state machine, roles,
blind second entry, revisions, conflicts (also between two processes), the bulk path and
the speed of one entry."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from kztally.domain.entry import Entry, EntryKind, State, Transition, TransitionError
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Act, Figures
from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.entry import BulkItem
from kztally.services.errors import (
    ConcurrentChange,
    InvalidRequest,
    NotFound,
    PermissionDenied,
)
from kztally.services.mock import FIRST_CLERK as G1
from kztally.services.mock import SECOND_CLERK as G2
from kztally.services.mock import SUPERVISOR as GSUP
from kztally.services.mock import generated_accounts
from kztally.storage.database import Database
from kztally.storage.protocols import Provenance
from tests.workers import release_together

P1, P2, P3, P4 = (AreaCode(f"P0000{n}") for n in range(1, 5))
P5 = AreaCode("P00005")
ServicesFactory = Callable[..., Services]
MZL = ContestId("MZ-L")
S01 = ContestId("MZ-S01")
S02 = ContestId("MZ-S02")

PASSWORD = "correct horse battery"
"""Every account these tests make signs in with it (the rules need one)."""


def clean(contest: str, k: int = 0, *, line1: int = 1000) -> Figures:
    """Figures that pass every check (electorate 1000); `k` moves votes between the first
    two choices, so that precincts differ (no W6)."""
    lines = (line1, 600, 550, 20, 30, 550, 20, 5)
    votes = (300 + k, 150 - k, 100) if contest == MZL else (400 + k, 150 - k)
    return Figures(lines, votes, 15)


def codes(view: Any) -> list[str]:
    return [f.code for f in view.findings]


@pytest.fixture
def clerks(services: ServicesFactory) -> tuple[Services, Services, Services]:
    return services("c1"), services("c2"), services("sup", Role.SUPERVISOR)


def enter_twice(
    c1: Services, c2: Services, precinct: str, contest: str, first: Figures, second: Figures
) -> Any:
    v = c1.entry.view(AreaCode(precinct), ContestId(contest))
    v = c1.entry.enter(AreaCode(precinct), ContestId(contest), first, expected_version=v.version)
    return c2.entry.enter(
        AreaCode(precinct), ContestId(contest), second, expected_version=v.version
    )


# -- the state machine ------------------------------------------------------------------


def test_two_agreeing_clean_entries_are_accepted(clerks: tuple[Services, ...]) -> None:
    c1, c2, sup = clerks
    start = c1.data_version()
    v0 = c1.entry.view(P1, MZL)
    assert (v0.state, v0.round, v0.figures, v0.findings) == (State.NOT_ENTERED, 1, None, ())
    v1 = c1.entry.enter(P1, MZL, clean(MZL), expected_version=v0.version)
    assert v1.state is State.FIRST_ENTRY
    assert v1.version == v0.version + 1
    v2 = c2.entry.enter(P1, MZL, clean(MZL), expected_version=v1.version)
    assert (v2.state, v2.breach, v2.figures, v2.findings) == (
        State.ACCEPTED,
        False,
        clean(MZL),
        (),
    )
    assert c1.data_version() == start + 2
    history = sup.entry.history(P1, MZL)
    assert [(r.transition, r.state, r.actor, r.entry_kind, r.entry_by) for r in history] == [
        (Transition.FIRST_ENTRY, State.FIRST_ENTRY, "c1", EntryKind.FIRST, "c1"),
        (Transition.SECOND_ENTRY, State.ACCEPTED, "c2", EntryKind.SECOND, "c2"),
        (Transition.ACCEPT, State.ACCEPTED, "c2", EntryKind.SECOND, "c2"),
    ]
    assert all(r.figures == clean(MZL) for r in history)
    assert [r.role for r in history] == [Role.CLERK] * 3


def test_the_second_entry_is_blind(clerks: tuple[Services, ...], services: ServicesFactory) -> None:
    c1, c2, sup = clerks
    v = c1.entry.enter(P1, MZL, clean(MZL), expected_version=1)
    for who in (c1, c2, services("admin"), services("obs", Role.OBSERVER)):
        seen = who.entry.view(P1, MZL)
        assert seen.state is State.FIRST_ENTRY
        # only the first entry's own clerk sees it (to correct it: revise_first)
        own = seen.first if who is c1 else None
        assert (seen.figures, seen.first, seen.second, seen.findings) == (None, own, None, ())
        assert all(r.figures is None for r in who.entry.history(P1, MZL))
    mine = c1.entry.view(P1, MZL).first
    assert mine is not None and (mine.figures, mine.by) == (clean(MZL), "c1")
    by_sup = sup.entry.view(P1, MZL)
    assert by_sup.first is not None and by_sup.first.figures == clean(MZL)
    assert by_sup.first.by == "c1"
    assert sup.entry.history(P1, MZL)[0].figures == clean(MZL)
    assert v.version == by_sup.version


def test_the_same_clerk_cannot_make_both_entries(clerks: tuple[Services, ...]) -> None:
    c1, _, _ = clerks
    v = c1.entry.enter(P1, MZL, clean(MZL), expected_version=1)
    with pytest.raises(TransitionError) as info:
        c1.entry.enter(P1, MZL, clean(MZL), expected_version=v.version)
    assert info.value.code == "same_clerk"


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.TRAINER, Role.ADMINISTRATOR])
def test_only_clerks_and_supervisors_enter(services: ServicesFactory, role: Role) -> None:
    who = services(f"someone-{role}", role)
    with pytest.raises(TransitionError) as info:
        who.entry.enter(P1, MZL, clean(MZL), expected_version=1)
    assert info.value.code == "role"
    assert who.entry.view(P1, MZL).state is State.NOT_ENTERED


def test_differing_entries_are_resolved_by_a_supervisor(clerks: tuple[Services, ...]) -> None:
    c1, c2, sup = clerks
    second = clean(MZL, 7)
    v = enter_twice(c1, c2, P1, MZL, clean(MZL), second)
    assert v.state is State.ENTRIES_DIFFER
    assert (v.figures, v.first, v.second, v.differing) == (None, None, None, ())
    seen = sup.entry.view(P1, MZL)
    assert seen.differing == ("L-A", "L-B")
    assert seen.first is not None and seen.second is not None
    assert (seen.first.figures, seen.second.figures) == (clean(MZL), second)
    with pytest.raises(TransitionError) as info:
        c1.entry.resolve(P1, MZL, EntryKind.FIRST, reason="x", expected_version=v.version)
    assert info.value.code == "role"
    with pytest.raises(TransitionError) as info:
        sup.entry.resolve(P1, MZL, EntryKind.SECOND, reason=" ", expected_version=v.version)
    assert info.value.code == "reason"
    done = sup.entry.resolve(
        P1, MZL, EntryKind.SECOND, reason="the paper says 307", expected_version=v.version
    )
    assert (done.state, done.figures) == (State.ACCEPTED, second)
    history = sup.entry.history(P1, MZL)
    assert [r.transition for r in history] == [
        Transition.FIRST_ENTRY,
        Transition.SECOND_ENTRY,
        Transition.KEEP_SECOND,
        Transition.ACCEPT,
    ]
    assert history[2].reason == "the paper says 307"
    assert history[2].actor == "sup" and history[2].role is Role.SUPERVISOR
    assert history[1].state is State.ENTRIES_DIFFER


def test_a_supervisor_corrects_differing_entries(clerks: tuple[Services, ...]) -> None:
    c1, c2, sup = clerks
    v = enter_twice(c1, c2, P1, MZL, clean(MZL, 1), clean(MZL, 2))
    corrected = clean(MZL, 3)
    done = sup.entry.resolve(
        P1, MZL, EntryKind.CORRECTION, corrected, reason="both mistyped", expected_version=v.version
    )
    assert (done.state, done.figures) == (State.ACCEPTED, corrected)
    correct = [r for r in sup.entry.history(P1, MZL) if r.transition is Transition.CORRECT]
    assert len(correct) == 1
    assert (correct[0].figures, correct[0].entry_kind, correct[0].entry_by) == (
        corrected,
        EntryKind.CORRECTION,
        "sup",
    )
    with pytest.raises(InvalidRequest):
        sup.entry.resolve(
            P2,
            MZL,
            EntryKind.CORRECTION,
            Figures((1,) * 8, (1,), 1),
            reason="r",
            expected_version=1,
        )


def test_sent_back_protocols_are_entered_anew_and_keep_their_history(
    clerks: tuple[Services, ...],
) -> None:
    c1, c2, sup = clerks
    v = enter_twice(c1, c2, P1, MZL, clean(MZL, 1), clean(MZL, 2))
    back = sup.entry.send_back(P1, MZL, reason="illegible copy", expected_version=v.version)
    assert (back.state, back.round, back.figures) == (State.NOT_ENTERED, 1, None)
    assert sup.entry.view(P1, MZL).first is None
    done = enter_twice(c2, c1, P1, MZL, clean(MZL, 1), clean(MZL, 1))
    assert done.state is State.ACCEPTED
    history = sup.entry.history(P1, MZL)
    assert [r.transition for r in history] == [
        Transition.FIRST_ENTRY,
        Transition.SECOND_ENTRY,
        Transition.SEND_BACK,
        Transition.FIRST_ENTRY,
        Transition.SECOND_ENTRY,
        Transition.ACCEPT,
    ]
    assert [r.entry_by for r in history if r.transition is Transition.FIRST_ENTRY] == ["c1", "c2"]
    assert history[2].reason == "illegible copy"


def test_broken_figures_are_recorded_and_accepted_only_as_a_breach(
    clerks: tuple[Services, ...],
) -> None:
    c1, c2, sup = clerks
    # K4: 6 + 7 = 570 but 8 + votes + against all = 575
    broken = Figures((1000, 600, 550, 20, 30, 550, 20, 10), (300, 150, 100), 15)
    v = enter_twice(c1, c2, P1, MZL, broken, broken)
    assert v.state is State.PENDING
    assert v.figures == broken
    assert codes(v) == ["K4"]
    with pytest.raises(TransitionError) as info:
        c1.entry.accept(P1, MZL, reason="r", act_reference="A-1", expected_version=v.version)
    assert info.value.code == "role"
    with pytest.raises(TransitionError) as info:
        sup.entry.accept(P1, MZL, reason="as on paper", expected_version=v.version)
    assert info.value.code == "act"
    done = sup.entry.accept(
        P1, MZL, reason="as on paper", act_reference="Act 12/2023", expected_version=v.version
    )
    assert (done.state, done.breach) == (State.ACCEPTED, True)
    last = sup.entry.history(P1, MZL)[-1]
    assert (last.transition, last.reason, last.reference, last.findings) == (
        Transition.ACCEPT_BREACH,
        "as on paper",
        "Act 12/2023",
        ("K4",),
    )
    (summary,) = [s for s in sup.entry.summaries(MZL) if s.precinct == P1]
    assert (summary.state, summary.breach, summary.figures) == (State.ACCEPTED, True, broken)


def test_an_empty_field_is_recorded_and_never_accepted(clerks: tuple[Services, ...]) -> None:
    c1, c2, sup = clerks
    empty = Figures((1000, 600, 550, 20, 30, 550, 20, None), (300, 150, 100), 15)
    v = enter_twice(c1, c2, P1, MZL, empty, empty)
    assert v.state is State.PENDING
    assert "K6" in codes(v)
    with pytest.raises(TransitionError) as info:
        sup.entry.accept(P1, MZL, reason="r", act_reference="A", expected_version=v.version)
    assert info.value.code == "breach_kind"


def test_warnings_are_accepted_with_a_written_reason(clerks: tuple[Services, ...]) -> None:
    c1, c2, sup = clerks
    # W3: 570 issued, 520 in the boxes
    w3 = Figures((1000, 600, 550, 20, 30, 500, 20, 5), (300, 150, 50), 15)
    v = enter_twice(c1, c2, P1, MZL, w3, w3)
    assert (v.state, codes(v)) == (State.PENDING, ["W3"])
    with pytest.raises(TransitionError) as info:
        sup.entry.accept(P1, MZL, reason="", expected_version=v.version)
    assert info.value.code == "reason"
    with pytest.raises(TransitionError) as info:
        c2.entry.accept(P1, MZL, reason="fine", expected_version=v.version)
    assert info.value.code == "role"
    done = sup.entry.accept(
        P1, MZL, reason="voters left with their ballots", expected_version=v.version
    )
    assert (done.state, done.breach, codes(done)) == (State.ACCEPTED, False, ["W3"])
    assert sup.entry.history(P1, MZL)[-1].transition is Transition.ACCEPT_WARNINGS


def test_cross_protocol_checks_w6_w7_and_the_electorate_w8(clerks: tuple[Services, ...]) -> None:
    c1, c2, sup = clerks
    assert enter_twice(c1, c2, P1, MZL, clean(MZL), clean(MZL)).state is State.ACCEPTED
    # W6: the same figures as P00001's
    twin = enter_twice(c1, c2, P2, MZL, clean(MZL), clean(MZL))
    assert (twin.state, codes(twin)) == (State.PENDING, ["W6"])
    assert twin.findings[0].detail["precinct"] == P1
    # W7: the SMD ballot at P00001 issued 520 where the list ballot issued 570
    smd = Figures((1000, 600, 500, 20, 80, 500, 20, 5), (350, 150), 15)
    other = enter_twice(c1, c2, P1, S01, smd, smd)
    assert (other.state, codes(other)) == (State.PENDING, ["W7"])
    assert other.findings[0].detail["contest"] == MZL
    # W8: 1200 on the list where 1000 are registered
    far = enter_twice(c1, c2, P3, MZL, clean(MZL, 3, line1=1200), clean(MZL, 3, line1=1200))
    assert (far.state, codes(far)) == (State.PENDING, ["W8"])
    # the service's check for a form shows the same before anything is saved
    assert [f.code for f in sup.entry.check(P4, MZL, clean(MZL))] == ["W6", "W6"]
    assert sup.entry.check(P4, MZL, clean(MZL, 4)) == ()


def test_recount_and_annulment_need_a_reason_and_a_decision(
    clerks: tuple[Services, ...],
) -> None:
    c1, c2, sup = clerks
    v = enter_twice(c1, c2, P1, MZL, clean(MZL), clean(MZL))
    with pytest.raises(TransitionError) as info:
        sup.entry.recount(P1, MZL, reason="", reference="D-1", expected_version=v.version)
    assert info.value.code == "reason"
    with pytest.raises(TransitionError) as info:
        sup.entry.recount(P1, MZL, reason="complaint", reference="", expected_version=v.version)
    assert info.value.code == "reference"
    with pytest.raises(TransitionError) as info:
        c1.entry.recount(P1, MZL, reason="c", reference="D", expected_version=v.version)
    assert info.value.code == "role"
    r = sup.entry.recount(
        P1, MZL, reason="complaint upheld", reference="Decision 5", expected_version=v.version
    )
    assert (r.state, r.round, r.figures) == (State.NOT_ENTERED, 2, None)
    assert sup.entry.states()[(P1, MZL)] is State.NOT_ENTERED
    recounted = clean(MZL, 9)
    v2 = enter_twice(c1, c2, P1, MZL, recounted, recounted)
    assert (v2.state, v2.round, v2.figures) == (State.ACCEPTED, 2, recounted)
    history = sup.entry.history(P1, MZL)
    assert [r.round for r in history] == [1, 1, 1, 2, 2, 2, 2]
    assert history[3].transition is Transition.RECOUNT
    assert (history[3].reason, history[3].reference) == ("complaint upheld", "Decision 5")
    assert history[0].figures == clean(MZL)  # the first round stays in the history

    with pytest.raises(TransitionError) as info:
        sup.entry.annul(P1, MZL, reason="violations", reference="", expected_version=v2.version)
    assert info.value.code == "reference"
    a = sup.entry.annul(
        P1, MZL, reason="violations", reference="Decision 9", expected_version=v2.version
    )
    assert (a.state, a.figures) == (State.ANNULLED, recounted)
    with pytest.raises(TransitionError) as info:
        sup.entry.annul(P1, MZL, reason="again", reference="D", expected_version=a.version)
    assert info.value.code == "state"
    (summary,) = [s for s in sup.entry.summaries(MZL) if s.precinct == P1]
    assert summary.state is State.ANNULLED


def test_acts_are_entered_compared_and_kept(clerks: tuple[Services, ...]) -> None:
    """The lawful mobile-box excess: 7 > 4, every mobile ballot invalid, the act drawn up."""
    c1, c2, sup = clerks
    excess = Figures((1000, 600, 550, 20, 30, 545, 25, 30), (300, 150, 75), 15)
    act = frozenset({Act.MOBILE_BOX_EXCESS})
    v = c1.entry.enter(P1, MZL, excess, act, expected_version=1)
    v = c2.entry.enter(P1, MZL, excess, expected_version=v.version)  # the act forgotten
    assert v.state is State.ENTRIES_DIFFER
    assert sup.entry.view(P1, MZL).differing == ("acts",)
    done = sup.entry.resolve(
        P1, MZL, EntryKind.FIRST, reason="act 3 seen", expected_version=v.version
    )
    assert (done.state, done.acts, done.figures) == (State.PENDING, act, excess)
    assert codes(done) == ["W1"]  # 30 invalid of 570: above 3%, no K5 with the act


# -- conflicts ---------------------------------------------------------------------------


def test_a_stale_version_is_refused_and_nothing_is_written(clerks: tuple[Services, ...]) -> None:
    c1, c2, sup = clerks
    seen = c2.entry.view(P1, MZL)
    c1.entry.enter(P1, MZL, clean(MZL), expected_version=seen.version)
    before = (c1.data_version(), sup.entry.history(P1, MZL))
    with pytest.raises(ConcurrentChange) as info:
        c2.entry.enter(P1, MZL, clean(MZL, 1), expected_version=seen.version)
    assert info.value.protocol == (P1, MZL)
    assert (info.value.expected_version, info.value.found_version) == (1, 2)
    assert "someone else" in str(info.value)
    assert (c1.data_version(), sup.entry.history(P1, MZL)) == before
    assert sup.entry.view(P1, MZL).first.figures == clean(MZL)  # type: ignore[union-attr]


def test_decisions_check_the_version_too(clerks: tuple[Services, ...]) -> None:
    c1, c2, sup = clerks
    v = enter_twice(c1, c2, P1, MZL, clean(MZL, 1), clean(MZL, 2))
    sup.entry.resolve(P1, MZL, EntryKind.FIRST, reason="paper", expected_version=v.version)
    with pytest.raises(ConcurrentChange):
        sup.entry.send_back(P1, MZL, reason="late", expected_version=v.version)
    assert sup.entry.view(P1, MZL).state is State.ACCEPTED


RACE_WORKER = """
import json, sys
from kztally.domain.protocol import Figures
from kztally.services.context import Services
from kztally.services.errors import ConcurrentChange
from kztally.storage.database import open_database
from tests.conftest import PASSWORD

url, user, keys, figures = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
f = json.loads(figures)
figures = Figures(tuple(f["lines"]), tuple(f["votes"]), f["against_all"])
db = open_database(url, migrate=False)
try:
    me = Services.sign_in(db, user, PASSWORD)
    seen = {tuple(k): me.entry.view(*k).version for k in keys}
    print("ready", flush=True)
    sys.stdin.readline()
    out = []
    for k in keys:
        try:
            me.entry.enter(k[0], k[1], figures, expected_version=seen[tuple(k)])
            out.append("won")
        except ConcurrentChange:
            out.append("conflict")
    print(json.dumps(out), flush=True)
finally:
    db.close()
"""


def test_two_processes_saving_the_same_protocols_at_once(
    db: Database, clerks: tuple[Services, ...]
) -> None:
    """Two workstations enter the same protocols at the same moment: for each exactly one
    wins, the other is told, and the winner's entry is stored whole."""
    _, _, sup = clerks
    url = db.url.render_as_string(hide_password=False)
    keys = [[p, c] for p, c in sorted(sup.entry.states()) if c != MZL]
    figures = {
        "c1": Figures((1000, 600, 550, 20, 30, 550, 20, 5), (401, 149), 15),
        "c2": Figures((1000, 600, 550, 20, 30, 550, 20, 5), (402, 148), 15),
    }
    procs = {
        user: subprocess.Popen(
            [
                sys.executable,
                "-c",
                RACE_WORKER,
                url,
                user,
                json.dumps(keys),
                json.dumps({"lines": f.lines, "votes": f.votes, "against_all": f.against_all}),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for user, f in figures.items()
    }
    results = {
        user: json.loads(out.strip().splitlines()[-1])
        for user, out in release_together(procs).items()
    }
    for i, key in enumerate(keys):
        outcome = sorted((results["c1"][i], results["c2"][i]))
        assert outcome == ["conflict", "won"], key
        winner = "c1" if results["c1"][i] == "won" else "c2"
        view = sup.entry.view(AreaCode(key[0]), ContestId(key[1]))
        assert view.state is State.FIRST_ENTRY
        assert view.first is not None
        assert (view.first.by, view.first.figures) == (winner, figures[winner])
        history = sup.entry.history(AreaCode(key[0]), ContestId(key[1]))
        assert [(r.transition, r.actor) for r in history] == [(Transition.FIRST_ENTRY, winner)]


# -- in bulk ----------------------------------------------------------------------------

AT = dt.datetime(2023, 3, 19, 21, 30, tzinfo=dt.UTC)


@pytest.fixture
def bulk(services: ServicesFactory) -> Services:
    """The administrator, with the mock's generated clerks and supervisor made (the test
    election is a training one): bulk steps are theirs."""
    admin = services("admin")
    generated_accounts(admin)
    return admin


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def stored_rows(
    db: Database, precinct: str, contest: str, labels: dict[str, Any]
) -> dict[str, Any]:
    """The rows of one protocol, with ids, times and figures made comparable: figures are
    replaced by their label, entry ids by their position."""

    def label(figures: Any) -> Any:
        f = _json(figures)
        for name, value in labels.items():
            if f == value:
                return name
        return f

    with db.session(readonly=True) as s:
        p = s.execute(
            text(
                "SELECT id, state, round, breach, line1, line2, line3, line4, line5, line6, "
                "line7, line8, votes, against_all, acts, findings, first_entry_id, "
                "second_entry_id, agreed_entry_id, figures_key IS NOT NULL "
                "FROM protocol WHERE precinct = :p AND contest = :c"
            ),
            {"p": precinct, "c": contest},
        ).one()
        entries = s.execute(
            text(
                "SELECT id, round, kind, by, figures, acts FROM entry "
                "WHERE protocol_id = :i ORDER BY id"
            ),
            {"i": p[0]},
        ).all()
        revisions = s.execute(
            text(
                "SELECT round, transition, state, reason, reference, findings, entry_id "
                "FROM revision WHERE protocol_id = :i ORDER BY id"
            ),
            {"i": p[0]},
        ).all()
    position = {e[0]: n for n, e in enumerate(entries)}
    lines_votes = {"lines": list(p[4:12]), "votes": _json(p[12]), "against_all": p[13]}
    return {
        "protocol": (
            p[1],
            p[2],
            bool(p[3]),
            label(lines_votes),
            p[14],
            p[15],
            *(position.get(i) for i in p[16:19]),
            bool(p[19]),
        ),
        "entries": [(e[1], e[2], e[3], label(e[4]), e[5]) for e in entries],
        "revisions": [(*r[:6], position.get(r[6])) for r in revisions],
    }


def as_json(f: Figures) -> dict[str, Any]:
    return {"lines": list(f.lines), "votes": list(f.votes), "against_all": f.against_all}


def test_record_many_writes_the_rows_enter_writes(
    db: Database, clerks: tuple[Services, ...], bulk: Services
) -> None:
    c1, c2, sup = clerks
    # W3 figures: the protocol waits, then is accepted with a reason
    one = Figures((1000, 600, 550, 20, 30, 500, 20, 5), (301, 149, 50), 15)
    two = Figures((1000, 600, 550, 20, 30, 500, 20, 5), (302, 148, 50), 15)
    v = enter_twice(c1, c2, P1, MZL, one, one)
    sup.entry.accept(P1, MZL, reason="counted twice", expected_version=v.version)

    admin = bulk
    start = admin.data_version()
    item = BulkItem(
        P2,
        MZL,
        (Entry(two, G1, AT), Entry(two, G2, AT)),
        accept_reason="counted twice",
        accepted_by=GSUP,
    )
    assert admin.entry.record_many([item], system="mock") == 1
    assert admin.data_version() == start + 1

    by_hand = stored_rows(db, P1, MZL, {"F": as_json(one)})
    in_bulk = stored_rows(db, P2, MZL, {"F": as_json(two)})
    named = {G1: "c1", G2: "c2"}
    in_bulk["entries"] = [(*e[:2], named[e[2]], *e[3:]) for e in in_bulk["entries"]]
    assert in_bulk == by_hand
    assert by_hand["protocol"][:6] == (State.ACCEPTED, 1, False, "F", "", "W3")
    # who: each step's person under their role, the system that recorded it, who ran it
    history = sup.entry.history(P2, MZL)
    assert [(r.actor, r.role, r.system) for r in history] == [
        (G1, Role.CLERK, "mock"),
        (G2, Role.CLERK, "mock"),
        (GSUP, Role.SUPERVISOR, "mock"),
    ]
    assert {r.provenance for r in history} == {Provenance("admin", "", "")}
    assert [r.entry_by for r in history] == [G1, G2, G2]
    assert [r.at for r in history[:2]] == [AT, AT]
    assert sup.entry.view(P2, MZL).figures == two


def test_record_many_checks_across_the_batch_and_reports_progress(
    clerks: tuple[Services, ...], bulk: Services
) -> None:
    _, _, sup = clerks
    admin = bulk
    keys = sorted(sup.entry.states())
    items = []
    for n, (p, c) in enumerate(keys):
        f = clean(c, n)
        if (p, c) == (P5, MZL):
            f = clean(MZL, keys.index((P4, MZL)))  # the same as P00004's: W6
        items.append(BulkItem(p, c, (Entry(f, G1, AT), Entry(f, G2, AT))))
    start = admin.data_version()
    calls: list[int] = []
    assert admin.entry.record_many(iter(items), chunk_size=5, progress=calls.append) == 12
    assert calls == [5, 10, 12]
    assert admin.data_version() == start + 3
    states = sup.entry.states()
    assert states[(P5, MZL)] is State.PENDING
    assert codes(sup.entry.view(P5, MZL)) == ["W6"]
    assert [s for k, s in states.items() if k != (P5, MZL)] == [State.ACCEPTED] * 11
    assert sup.entry.states(AreaCode("R01")).keys() == {
        (p, c) for p, c in keys if c in (MZL, S01) and p <= AreaCode("P00003")
    }
    assert sup.entry.states(P5) == {(P5, MZL): State.PENDING, (P5, S02): State.ACCEPTED}
    with pytest.raises(NotFound):
        sup.entry.states(AreaCode("R99"))


def test_record_many_stops_when_asked(bulk: Services) -> None:
    admin = bulk
    keys = sorted(admin.entry.states())
    items = [
        BulkItem(p, c, (Entry(clean(c, n), G1, AT), Entry(clean(c, n), G2, AT)))
        for n, (p, c) in enumerate(keys)
    ]
    assert admin.entry.record_many(items, chunk_size=4, progress=lambda done: done < 4) == 4
    assert sorted(admin.entry.states().values()).count(State.ACCEPTED) == 4


def test_record_many_refuses_what_one_by_one_refuses(
    clerks: tuple[Services, ...], bulk: Services
) -> None:
    c1, c2, sup = clerks
    admin = bulk
    item = BulkItem(P1, MZL, (Entry(clean(MZL), G1, AT), Entry(clean(MZL), G2, AT)))
    with pytest.raises(PermissionDenied):
        c1.entry.record_many([item])
    with pytest.raises(InvalidRequest, match="twice"):
        admin.entry.record_many([item, item])
    with pytest.raises(TransitionError) as info:
        admin.entry.record_many(
            [BulkItem(P1, MZL, (Entry(clean(MZL), G1, AT), Entry(clean(MZL), G1, AT)))]
        )
    assert info.value.code == "same_clerk"
    enter_twice(c1, c2, P1, MZL, clean(MZL), clean(MZL))
    before = admin.data_version()
    later = BulkItem(P2, MZL, (Entry(clean(MZL, 2), G1, AT),))
    with pytest.raises(TransitionError) as info:
        admin.entry.record_many([later, item], chunk_size=10)
    assert info.value.code == "state"
    # the failing chunk wrote nothing
    assert admin.data_version() == before
    assert sup.entry.view(P2, MZL).state is State.NOT_ENTERED
    with pytest.raises(NotFound):
        admin.entry.record_many([BulkItem(P1, S02, ())])
    with pytest.raises(InvalidRequest):
        admin.entry.record_many(
            [BulkItem(P3, MZL, (Entry(clean(S01), G1, AT),))]  # 2 vote lines, not 3
        )


def test_record_many_on_a_protocol_already_begun(
    clerks: tuple[Services, ...], services: ServicesFactory
) -> None:
    """An import may bring the second entry of a protocol whose first was typed here."""
    c1, _, sup = clerks
    c1.entry.enter(P1, MZL, clean(MZL), expected_version=1)
    source = Provenance("admin", "second.json", "0" * 64)
    item = BulkItem(P1, MZL, (Entry(clean(MZL), "qr-import", AT),), provenances=(source,))
    services("admin").entry.record_many([item])
    v = sup.entry.view(P1, MZL)
    assert (v.state, v.figures) == (State.ACCEPTED, clean(MZL))
    assert v.first is not None and v.first.by == "c1"
    assert v.second is not None and v.second.by == "qr-import"


def test_bulk_steps_are_real_peoples_under_their_roles(
    clerks: tuple[Services, ...], bulk: Services, services: ServicesFactory
) -> None:
    """No made-up supervisor: bulk entry names real clerks and acceptors, and the rule
    set's acceptors decide who accepts."""
    _, _, sup = clerks
    admin = bulk
    warned = Figures((1000, 600, 550, 20, 30, 500, 20, 5), (301, 149, 50), 15)  # W3
    before = admin.data_version()
    # an administrator cannot enter as a real clerk, nor accept as one
    for item in (
        BulkItem(P1, MZL, (Entry(clean(MZL), "c1", AT), Entry(clean(MZL), "c2", AT))),
        BulkItem(
            P1,
            MZL,
            (Entry(warned, G1, AT), Entry(warned, G2, AT)),
            accept_reason="seen",
            accepted_by="sup",
        ),
    ):
        with pytest.raises(TransitionError) as info:
            admin.entry.record_many([item])
        assert info.value.code == "actor"
    # accepting as themself: an administrator is not among the 2023 warning acceptors
    with pytest.raises(TransitionError) as info:
        admin.entry.record_many(
            [BulkItem(P1, MZL, (Entry(warned, G1, AT), Entry(warned, G2, AT)), "seen")]
        )
    assert info.value.code == "role"
    # a generated clerk cannot accept either
    with pytest.raises(TransitionError) as info:
        admin.entry.record_many(
            [
                BulkItem(
                    P1,
                    MZL,
                    (Entry(warned, G1, AT), Entry(warned, G2, AT)),
                    "seen",
                    accepted_by=G1,
                )
            ]
        )
    assert info.value.code == "role"
    assert admin.data_version() == before
    assert sup.entry.view(P1, MZL).state is State.NOT_ENTERED
    # a supervisor who runs it accepts as themself
    sup_bulk = services("sup")
    sup_bulk.entry.record_many(
        [BulkItem(P1, MZL, (Entry(warned, G1, AT), Entry(warned, G2, AT)), "seen")]
    )
    history = sup.entry.history(P1, MZL)
    assert [(r.actor, r.role) for r in history][-1] == ("sup", Role.SUPERVISOR)
    assert sup.entry.view(P1, MZL).state is State.ACCEPTED


def test_trainers_act_in_training_elections_only(
    election_maker: Callable[..., Any], db: Database, tmp_path: Path
) -> None:
    """A counting election: a trainer can neither enter in bulk nor import, and the
    generated accounts of a training election act nowhere else."""
    from kztally.services.transfer import TransferService
    from kztally.storage import accounts

    admin = Services.sign_in(db, "admin", PASSWORD)
    admin.elections.load_definition(election_maker(training=False))
    admin.users.add("t", Role.TRAINER, PASSWORD)
    trainer = Services.sign_in(db, "t", PASSWORD)
    with db.session() as s:
        accounts.add(s, G1, Role.CLERK, "x", at=AT, by="admin", generated=True)
        accounts.add(s, G2, Role.CLERK, "x", at=AT, by="admin", generated=True)
    item = BulkItem(P1, MZL, (Entry(clean(MZL), G1, AT), Entry(clean(MZL), G2, AT)))
    with pytest.raises(PermissionDenied, match="training"):
        trainer.entry.record_many([item])
    with pytest.raises(PermissionDenied, match="training"):
        TransferService(trainer).import_paths(["no-such-file.json"])
    with pytest.raises(PermissionDenied, match="training"):
        TransferService(trainer).export(tmp_path / "out")
    assert not (tmp_path / "out").exists()
    with pytest.raises(TransitionError, match="training"):
        admin.entry.record_many([item])
    with pytest.raises(InvalidRequest, match="training"):
        generated_accounts(admin)
    assert admin.entry.view(P1, MZL).state is State.NOT_ENTERED


W6_WORKER = """
import json, sys
from kztally.domain.protocol import Figures
from kztally.services.context import Services
from kztally.storage.database import open_database

url, user, work, password = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
db = open_database(url, migrate=False)
try:
    me = Services.sign_in(db, user, password)
    todo = []
    for precinct, contest, f in work:
        figures = Figures(tuple(f["lines"]), tuple(f["votes"]), f["against_all"])
        todo.append((precinct, contest, figures, me.entry.view(precinct, contest).version))
    print("ready", flush=True)
    sys.stdin.readline()
    out = []
    for precinct, contest, figures, version in todo:
        out.append(me.entry.enter(precinct, contest, figures, expected_version=version).state)
    print(json.dumps(out), flush=True)
finally:
    db.close()
"""


def test_identical_protocols_settled_at_once_on_two_workstations_give_one_acceptance(
    db: Database, clerks: tuple[Services, ...], services: ServicesFactory
) -> None:
    """Two workstations make the second entries of two precincts with identical figures
    at the same moment: at most one is accepted at once, the other waits with W6."""
    c1, _, sup = clerks
    services("c3")
    url = db.url.render_as_string(hide_password=False)
    p5, p6 = AreaCode("P00005"), AreaCode("P00006")
    pairs = [(P1, P2, MZL), (P3, P4, MZL), (p5, p6, MZL), (P1, P2, S01), (P4, p5, S02)]
    work: dict[str, list[Any]] = {"c2": [], "c3": []}
    for n, (a, b, c) in enumerate(pairs):
        f = clean(c, 10 + n)
        for p, user in ((a, "c2"), (b, "c3")):
            c1.entry.enter(p, c, f, expected_version=1)
            work[user].append([p, c, as_json(f)])
    procs = {
        user: subprocess.Popen(
            [sys.executable, "-c", W6_WORKER, url, user, json.dumps(items), PASSWORD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for user, items in work.items()
    }
    release_together(procs)
    for a, b, c in pairs:
        views = [sup.entry.view(a, c), sup.entry.view(b, c)]
        assert sorted(v.state for v in views) == [State.ACCEPTED, State.PENDING], (a, b, c)
        waiting = next(v for v in views if v.state is State.PENDING)
        assert codes(waiting) == ["W6"]


def test_a_training_rule_set_may_name_the_trainer_among_the_acceptors(
    election_maker: Callable[..., Any], db: Database
) -> None:
    """A setting of the rule set, not a bypass: where the training rules name trainers,
    a trainer accepts warnings; where they do not, a trainer cannot."""
    from dataclasses import replace

    from kztally.domain.rules import RULES_2023

    base = election_maker()
    rules = replace(RULES_2023, warning_acceptors=frozenset({Role.SUPERVISOR, Role.TRAINER}))
    admin = Services.sign_in(db, "admin", PASSWORD)
    admin.elections.load_definition(replace(base, rules=rules))
    for name, role in (("c1", Role.CLERK), ("c2", Role.CLERK), ("t", Role.TRAINER)):
        admin.users.add(name, role, PASSWORD)
    c1, c2, trainer = (Services.sign_in(db, n, PASSWORD) for n in ("c1", "c2", "t"))
    warned = Figures((1000, 600, 550, 20, 30, 500, 20, 5), (301, 149, 50), 15)  # W3
    v = enter_twice(c1, c2, P1, MZL, warned, warned)
    assert v.state is State.PENDING
    v = trainer.entry.accept(P1, MZL, reason="checked with the trainee", expected_version=v.version)
    assert v.state is State.ACCEPTED
    assert trainer.entry.history(P1, MZL)[-1].role is Role.TRAINER
    # a broken control ratio still needs a breach acceptor: the supervisor alone
    broken = Figures((1000, 600, 550, 20, 30, 500, 20, 5), (301, 149, 60), 15)  # K4
    v = enter_twice(c1, c2, P2, MZL, broken, broken)
    with pytest.raises(TransitionError) as info:
        trainer.entry.accept(P2, MZL, reason="r", act_reference="act 1", expected_version=v.version)
    assert info.value.code == "role"
