"""The domain's words: every code, state, transition and line in kk, ru and en."""

from __future__ import annotations

import re
import string

import pytest

from kztally import domain_texts, i18n
from kztally.domain.entry import EntryKind, State, Transition
from kztally.domain.protocol import Act
from kztally.domain.seats import Notice, Settlement

KAZAKH_LETTERS = set("әғқңөұүһі")
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)

# The detail fields each notice carries (kztally.domain.seats and persons)
NOTICE_FIELDS = {
    "L1": set(), "L2": {"list"}, "L3": {"lists"},
    "S1": {"candidates", "settled"}, "S2": {"against_all", "top"}, "S3": set(), "S4": set(),
    "P1": {"share"}, "P2": set(), "P3": set(), "P4": {"name"}, "P5": {"vacant"},
}  # fmt: skip


def keys() -> list[str]:
    out = [
        f"finding.{c}.{part}"
        for c in domain_texts.FINDING_CODES
        for part in ("name", "description")
    ]
    out += [f"notice.{c}" for c in domain_texts.NOTICE_CODES]
    out += [f"notice.{c}.name" for c in domain_texts.NOTICE_CODES]
    out += [f"state.{s.value}" for s in State]
    out += [f"transition.{t.value}" for t in Transition]
    out += [f"entry_kind.{k.value}" for k in EntryKind]
    out += [f"line.{n}" for n in range(1, 9)] + ["line.against_all", "line.votes"]
    out += [f"act.{a.value}" for a in Act]
    out += [f"settlement.{s.value}" for s in Settlement]
    return [*out, "severity.error", "severity.warning"]


@pytest.mark.parametrize("key", keys())
def test_every_key_is_in_three_languages(key: str) -> None:
    assert i18n.known(key)
    kk, ru, en = (i18n.text(key, lang) for lang in ("kk", "ru", "en"))
    assert len({kk, ru, en}) >= 2 or kk.startswith("QR"), key
    assert not CYRILLIC.search(en), key
    assert CYRILLIC.search(ru), key
    assert CYRILLIC.search(kk) or "QR" in kk, key
    # the three say it with the same fields
    fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in (kk, ru, en)]
    assert fields[0] == fields[1] == fields[2], key


def test_kazakh_texts_are_kazakh() -> None:
    """Enough of the Kazakh texts use the letters only Kazakh has (a Russian text in the
    Kazakh slot would not)."""
    kazakh = [i18n.text(k, "kk") for k in keys()]
    with_letters = [t for t in kazakh if KAZAKH_LETTERS & set(t.lower())]
    assert len(with_letters) > 0.6 * len(kazakh)
    for code in domain_texts.FINDING_CODES:
        assert KAZAKH_LETTERS & set(domain_texts.finding_description(code, "kk").lower()), code


@pytest.mark.parametrize("code", domain_texts.NOTICE_CODES)
def test_notices_use_exactly_the_details_the_domain_gives(code: str) -> None:
    for lang in i18n.LANGUAGES:
        template = i18n.text(f"notice.{code}", lang)
        used = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        assert used <= NOTICE_FIELDS[code], (code, lang)
        detail = {f: "X" for f in NOTICE_FIELDS[code]}
        assert "{" not in domain_texts.notice_text(Notice(code, detail), lang)


def test_examples_of_the_brief() -> None:
    assert domain_texts.line_name(1, "en") == "Number of voters on the list"
    assert (
        domain_texts.line_name(1, "ru")
        == "Общее число избирателей на участке (по спискам избирателей)"
    )
    assert domain_texts.line_name(1, "kk") == (
        "Учаскедегі сайлаушылардың жалпы саны (сайлаушылар тізімдері бойынша)"
    )
    assert domain_texts.finding_name("K4", "en") == "ballots in the boxes ≠ invalid + votes"
    assert i18n.text("finding.K4", "ru") == domain_texts.finding_name("K4", "ru")
    assert i18n.text("state.pending", "en") == "awaiting a decision"
    assert domain_texts.notice_text(Notice("S2", {"against_all": "450", "top": "300"}), "en") == (
        "'Against all' has more votes (450) than the leading candidate (300)."
    )


def test_a_missing_detail_stays_visible() -> None:
    assert "{list}" in domain_texts.notice_text(Notice("L2"), "en")


def test_registering_again_changes_nothing() -> None:
    before = i18n.text("finding.K1.name", "kk")
    domain_texts.register_texts()
    assert i18n.text("finding.K1.name", "kk") == before
