"""The audit log's arithmetic: canonical JSON, the hashes written out by hand for speed
held to it, the chain, heads, and replaying revisions."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kztally.domain import audit
from kztally.domain.audit import (
    GENESIS,
    Draft,
    EventCode,
    Head,
    NotCanonicalError,
    ReplayError,
    RevisionFacts,
    canonical,
    chain_break,
    derive,
    extend,
)
from kztally.domain.entry import EntryKind, State, Transition

AT = dt.datetime(2023, 3, 19, 20, 15, 1, 123456, tzinfo=dt.UTC)
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
maybe = st.none() | texts


def test_canonical_json() -> None:
    assert canonical({"b": [1, None, True], "a": "қазақ"}) == '{"a":"қазақ","b":[1,null,true]}'
    for bad in ({"x": 1.5}, {1: "x"}, {"x": object()}):
        with pytest.raises(NotCanonicalError):
            canonical(bad)


@given(texts, texts, texts, st.lists(texts, max_size=3), maybe, st.integers(0, 10**9), maybe)
def test_hashes_written_by_hand_are_those_of_canonical_json(
    a: str, b: str, c: str, acts: list[str], d: str | None, n: int, e: str | None
) -> None:
    assert audit.entry_digest(a, b, AT, acts, c) == audit.sha256(
        canonical({"kind": a, "by": b, "at": audit.moment(AT), "acts": sorted(acts), "figures": c})
    )
    fields = {
        "round": n,
        "transition": a,
        "state": b,
        "actor": c,
        "role": a,
        "system": d,
        "reason": c,
        "reference": b,
        "findings": a,
        "run_by": e,
        "source": d,
        "source_sha256": e,
        "entry": d,
    }
    assert audit.revision_digest(at=AT, **fields) == audit.sha256(
        canonical(fields | {"at": audit.moment(AT)})
    )
    assert audit.copy_digest(a, AT, acts, b, c) == audit.sha256(
        canonical(
            {"observer": a, "at": audit.moment(AT), "acts": sorted(acts), "figures": b, "note": c}
        )
    )
    votes = [n, None]
    assert audit.figures_digest([n] * 8, votes, None) == audit.sha256(
        canonical({"lines": [n] * 8, "votes": votes, "against_all": None})
    )
    content = canonical({"x": a, "n": n})
    assert audit.event_hash(n, a, b, d, c, AT, content, e or GENESIS) == audit.sha256(
        canonical(
            {
                "seq": n,
                "code": a,
                "actor": b,
                "role": d,
                "workstation": c,
                "at": audit.moment(AT),
                "content": json.loads(content),
                "prev": e or GENESIS,
            }
        )
    )


def _chain(n: int) -> list[audit.Event]:
    drafts = [
        Draft(EventCode.SIGN_IN, f"u{k}", "clerk", "ws", AT, {"session": k}) for k in range(n)
    ]
    return extend(drafts, 0, GENESIS)


def test_a_chain_holds_and_names_its_first_break() -> None:
    events = _chain(4)
    assert chain_break(events) is None
    assert [e.seq for e in events] == [1, 2, 3, 4]
    more = extend([Draft(EventCode.SIGN_OUT, "u", None, "", AT, {})], 4, events[-1].hash)
    assert chain_break(events + more) is None
    gap = events[:1] + events[2:]
    assert chain_break(gap) == audit.Break(2, "audit_event", "event 2 is missing (next: 3)")
    changed = list(events)
    changed[2] = audit.Event(**{**_fields(events[2]), "actor": "mallory"})
    broken = chain_break(changed)
    assert broken is not None and broken.event == 3
    spaced = list(events)
    spaced[1] = audit.Event(**{**_fields(events[1]), "content": '{"session": 1}'})
    broken = chain_break(spaced)
    assert broken is not None and (broken.event, broken.what) == (
        2,
        "its content is not canonical JSON",
    )


def _fields(e: audit.Event) -> dict[str, object]:
    return {k: getattr(e, k) for k in audit.Event.__slots__}


def test_heads() -> None:
    events = _chain(3)
    head = Head(3, events[-1].hash[:16])
    assert head.matches(3, events[-1].hash)
    assert not head.matches(2, events[-1].hash)
    assert Head.parse(f" 3:{events[-1].hash.upper()} ") == Head(3, events[-1].hash)


def _rev(
    n: int,
    t: Transition,
    s: State,
    entry: int | None = None,
    kind: EntryKind | None = None,
    round: int = 1,
) -> RevisionFacts:
    return RevisionFacts(n, round, t, s, "", entry, kind)


def test_derive_replays_the_state_machine() -> None:
    clean = derive(
        [
            _rev(1, Transition.FIRST_ENTRY, State.FIRST_ENTRY, 10, EntryKind.FIRST),
            _rev(2, Transition.SECOND_ENTRY, State.ACCEPTED, 11, EntryKind.SECOND),
            _rev(3, Transition.ACCEPT, State.ACCEPTED, 11, EntryKind.SECOND),
        ]
    )
    assert (clean.state, clean.first, clean.second, clean.agreed) == (State.ACCEPTED, 10, 11, 11)
    recounted = derive(
        [
            _rev(1, Transition.FIRST_ENTRY, State.FIRST_ENTRY, 10, EntryKind.FIRST),
            _rev(2, Transition.RECOUNT, State.NOT_ENTERED, round=2),
        ]
    )
    assert (recounted.state, recounted.round, recounted.first) == (State.NOT_ENTERED, 2, None)
    with pytest.raises(ReplayError):
        derive([_rev(1, Transition.ACCEPT, State.ACCEPTED, 10, EntryKind.FIRST)])
    with pytest.raises(ReplayError):  # a second entry the state machine would not make
        derive([_rev(1, Transition.SECOND_ENTRY, State.ACCEPTED, 11, EntryKind.SECOND)])


def test_every_code_is_documented() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "audit.md").read_text("utf-8")
    missing = [c.value for c in EventCode if f"| `{c.value}` |" not in doc]
    assert missing == []
