"""Fuzzing import and check with mutated real export files.

Each case takes one record file of a real export (a regional mock with planted errors),
mutates it (figures flipped or out of range, history steps dropped, repeated or swapped,
actors and transitions swapped, broken text) and imports it, as a supervisor, into a
SQLite and a PostgreSQL database that have taken every earlier case. Every case must be
taken in lawfully or refused with its file and place: never a traceback; never a stored
protocol that the state machine could not reach (an accepted protocol breaking a control
ratio without a lawful breach, one clerk making both entries, an acceptance by a role the
rule set does not name); and both databases give the same verdict. `kztally check` on the
same file ends with a status, not a traceback.

CI runs a couple of hundred cases (KZTALLY_FUZZ_EXAMPLES to change it);
KZTALLY_FUZZ_DEPTH=1 runs the slow variant with thousands.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kztally.domain.entry import State, Transition
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.limits import FIGURE_MAX
from kztally.domain.protocol import Severity
from kztally.domain.rules import Role
from kztally.entry import main
from kztally.formats.load import load_election
from kztally.services.context import Services
from kztally.services.mock import run_mock
from kztally.services.transfer import ImportReport, TransferService
from kztally.storage.database import Database, open_database
from tests.chained import seal

Key = tuple[AreaCode, ContestId]
TRANSITIONS = [t.value for t in Transition]
NAMES = [
    "mock-clerk-1",
    "mock-clerk-2",
    "mock-supervisor",
    "sup",
    "admin",
    "",
    "dana",
    "x" * 65,
    "nul\x00name",
    "lone \ud800 surrogate",
]

PASSWORD = "correct horse battery"
"""Every account these tests make signs in with it (the rules need one)."""


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """A regional mock's export: its election file and every record as JSON."""
    base = tmp_path_factory.mktemp("fuzz-source")
    db = open_database(f"sqlite:///{base / 'source.sqlite'}", migrate=True)
    try:
        admin = Services.sign_in(db, "admin", PASSWORD)
        run_mock(admin, 3, "region", 0.05, answers=base / "answers.json")
        TransferService(admin).export(base / "export")
    finally:
        db.close()
    export = base / "export"
    docs = [json.loads(p.read_text("utf-8")) for p in sorted((export / "protocols").iterdir())]
    return export / "election.json", docs


@dataclass
class Target:
    """One database that takes every case in turn, as a supervisor."""

    db: Database
    sup: Services
    used: set[Key] = field(default_factory=set)


def _target(url: str, election_file: Path) -> Target:
    db = open_database(url, migrate=True)
    admin = Services.sign_in(db, "admin", PASSWORD)
    assert TransferService(admin).import_paths([election_file]).status == 0
    admin.users.add("sup", Role.SUPERVISOR, PASSWORD)
    return Target(db, Services.sign_in(db, "sup", PASSWORD))


@pytest.fixture
def targets(
    documents: tuple[Path, list[dict[str, Any]]], postgres_url: str, tmp_path: Path
) -> Iterator[tuple[Target, Target]]:
    election_file, _ = documents
    lite = _target(f"sqlite:///{tmp_path / 'fuzz.sqlite'}", election_file)
    pg = _target(postgres_url, election_file)
    try:
        yield lite, pg
    finally:
        lite.db.close()
        pg.db.close()


# -- mutations -------------------------------------------------------------------------


def _figure_paths(doc: dict[str, Any]) -> list[tuple[Any, Any]]:
    """(container, key) of every figure in a record document."""
    out: list[tuple[Any, Any]] = []
    holders = [doc.get(k) for k in ("first", "second", "agreed")]
    holders += [r.get("figures") for r in doc.get("revisions", [])]
    for h in holders:
        if not isinstance(h, dict):
            continue
        lines = h.get("lines")
        if isinstance(lines, list):
            out += [(lines, i) for i in range(len(lines))]
        votes = h.get("votes")
        if isinstance(votes, dict):
            out += [(votes, k) for k in votes]
        if "against_all" in h:
            out.append((h, "against_all"))
    return out


VALUES = st.one_of(
    st.integers(0, 5000),
    st.integers(5000, 10**6),
    st.none(),
    st.just("12"),
    st.sampled_from([-1, -(10**6), FIGURE_MAX, FIGURE_MAX + 1, 2**31, 2**63, 10**30]),
    st.just(1.5),
)
"""Figures as a paper could say them, figures out of the documented bounds (refused at the
boundary with the place), or not a figure at all."""


def _encoded(doc: dict[str, Any]) -> bytes:
    """A document as a file's bytes: UTF-8, or with escapes where a lone surrogate (which
    UTF-8 cannot hold) was put in."""
    try:
        return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(doc, indent=1).encode("ascii")


@st.composite
def mutated(draw: st.DrawFn, docs: list[dict[str, Any]]) -> tuple[Key, bytes]:
    """One record document, changed in one to three ways, as the bytes of a file."""
    doc = json.loads(json.dumps(draw(st.sampled_from(docs))))
    key = (AreaCode(doc["precinct"]), ContestId(doc["contest"]))
    revisions: list[dict[str, Any]] = doc["revisions"]
    broken: bytes | None = None
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(
                ["figure", "drop", "repeat", "swap", "actor", "transition", "state", "text"]
            )
        )
        n = len(revisions)
        if kind == "figure":
            places = _figure_paths(doc)
            if places:
                where, k = draw(st.sampled_from(places))
                where[k] = draw(VALUES)
                if draw(st.booleans()):  # the same change in every copy of those figures
                    for other, k2 in places:
                        if k2 == k and other is not where and type(other) is type(where):
                            other[k2] = where[k]
        elif kind == "drop" and n:
            del revisions[draw(st.integers(0, n - 1))]
        elif kind == "repeat" and n:
            i = draw(st.integers(0, n - 1))
            revisions.insert(i, json.loads(json.dumps(revisions[i])))
        elif kind == "swap" and n > 1:
            i, j = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
            revisions[i], revisions[j] = revisions[j], revisions[i]
        elif kind == "actor" and n:
            i = draw(st.integers(0, n - 1))
            revisions[i]["by"] = draw(st.sampled_from([*NAMES, *(r["by"] for r in revisions)]))
            for holder in ("first", "second", "agreed"):
                if isinstance(doc.get(holder), dict) and draw(st.booleans()):
                    doc[holder]["by"] = revisions[i]["by"]
        elif kind == "transition" and n:
            revisions[draw(st.integers(0, n - 1))]["transition"] = draw(
                st.sampled_from(TRANSITIONS)
            )
        elif kind == "state":
            doc["state"] = draw(st.sampled_from([s.value for s in State]))
            if draw(st.booleans()):
                doc["breach"] = not doc.get("breach", False)
        elif kind == "text":
            text = _encoded(doc)
            at = draw(st.integers(0, len(text)))
            junk = draw(st.sampled_from([b"", b"\x00", b"\xff\xfe", b"{", b"]]]", "\ud800".encode(
                "utf-8", "surrogatepass"), b'"\\ud800"', b"[" * 40]))  # fmt: skip
            broken = text[:at] + junk + (text[at:] if draw(st.booleans()) else b"")
        if draw(st.booleans()):  # renumber, so that the numbering is not what gives it away
            for i, r in enumerate(revisions, start=1):
                r["number"] = i
    if broken is None:
        broken = _encoded(doc)
    return key, broken


# -- the verdict and what must hold --------------------------------------------------------


def verdict(report: ImportReport, path: Path) -> tuple[Any, ...]:
    assert report.files == 1
    done = report.imported + report.unchanged + len(report.conflicts) + len(report.errors)
    assert done == 1, report
    for problem in (*report.errors, *report.conflicts):
        assert problem.path == str(path)
        assert problem.message and "Traceback" not in problem.message
    return (
        report.status,
        report.imported,
        tuple((p.where, p.message) for p in report.errors),
        len(report.conflicts),
    )


def lawful(target: Target, key: Key) -> tuple[Any, ...]:
    """What is stored for the protocol, after checking the state machine could reach it."""
    sup = target.sup
    rules = sup.elections.require().rules
    view = sup.entry.view(*key)
    history = sup.entry.history(*key)
    errors = {f.code for f in view.findings if f.severity is Severity.ERROR}
    if view.state is State.ACCEPTED:
        if view.breach:
            assert errors and errors <= rules.breach_acceptable, (key, errors)
        else:
            assert not errors, (key, errors)
    entered: dict[int, list[str]] = {}
    for r in history:
        if r.transition in (Transition.FIRST_ENTRY, Transition.SECOND_ENTRY):
            assert r.role is Role.CLERK
            entered.setdefault(r.round, []).append(r.entry_by or "")
        if r.transition is Transition.SEND_BACK:
            entered[r.round] = []
        if r.transition is Transition.ACCEPT_WARNINGS:
            assert r.role in rules.warning_acceptors
        if r.transition is Transition.ACCEPT_BREACH:
            assert r.role in rules.breach_acceptors
        assert r.provenance is not None and r.provenance.run_by == "sup"
    for names in entered.values():
        assert len(names) == len(set(names)), (key, names)
    return (view.state, view.round, view.breach, view.figures, len(history))


def run_cases(
    documents: tuple[Path, list[dict[str, Any]]],
    targets: tuple[Target, Target],
    tmp_path: Path,
    examples: int,
    *,
    derandomize: bool,
) -> None:
    election_file, docs = documents
    election = load_election(election_file)
    lite, pg = targets
    counter = [0]

    @settings(
        max_examples=examples,
        derandomize=derandomize,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(mutated(docs))
    def case(made: tuple[Key, bytes]) -> None:
        key, data = made  # a protocol an earlier case touched: a conflict, or unchanged
        counter[0] += 1
        path = tmp_path / f"case-{counter[0]}" / f"{key[0]}_{key[1]}.json"
        path.parent.mkdir()
        path.write_bytes(data)
        seal(path.parent, election)  # whoever made the file can write its chain too
        verdicts = []
        for target in (lite, pg):
            target.used.add(key)
            report = TransferService(target.sup).import_paths([path])
            verdicts.append((verdict(report, path), lawful(target, key)))
        assert verdicts[0] == verdicts[1]
        status = main(["check", "--election", str(election_file), str(path)])
        assert status in (0, 1, 2)

    case()


@pytest.mark.postgres
def test_mutated_exports_are_taken_in_lawfully_or_refused(
    documents: tuple[Path, list[dict[str, Any]]],
    targets: tuple[Target, Target],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The same cases on every run, so that a run's verdict does not depend on chance; the
    # in-depth run below draws new ones each time.
    examples = int(os.environ.get("KZTALLY_FUZZ_EXAMPLES", "200"))
    run_cases(documents, targets, tmp_path, examples, derandomize=True)
    capsys.readouterr()


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.skipif(
    os.environ.get("KZTALLY_FUZZ_DEPTH") != "1",
    reason="fuzzing in depth (thousands of cases): set KZTALLY_FUZZ_DEPTH=1",
)
def test_mutated_exports_in_depth(
    documents: tuple[Path, list[dict[str, Any]]],
    targets: tuple[Target, Target],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    run_cases(documents, targets, tmp_path, 3000, derandomize=False)
    capsys.readouterr()
