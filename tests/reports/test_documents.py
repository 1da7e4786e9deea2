"""The summary protocols and the results protocol printed through the services, read back
(pypdfium2) in each language: lines, figures, names, Kazakh letters, the marks; the 2023
figures give the official quota and seats."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from fractions import Fraction

import pytest

from kztally.domain.election import Election
from kztally.reports import results as results_pdf
from kztally.reports import summary as summary_pdf
from kztally.reports.texts import LANGS, Lang, in_words, number, t
from kztally.services.errors import InvalidRequest, NotFound
from tests.conftest import ServicesFactory
from tests.reports import pdftext
from tests.reports.election_2023 import (
    FORMAL,
    PARTIES,
    QUOTA,
    SEATS,
    election_2023,
    enter_2023,
    official,
)
from tests.services.test_keys import build_chain

KAZAKH = "ӘҒҚҢӨҰҮҺІ"


@pytest.fixture
def election() -> Election:
    return election_2023()


def flat(pdf: bytes) -> str:
    """The text with its line breaks as spaces (the thin spaces in figures kept)."""
    return re.sub(r"[ \t\r\n]+", " ", pdftext.text(pdf))


def test_the_seat_annex_of_the_2023_figures(services: ServicesFactory) -> None:
    enter_2023(services)
    doc = services("admin").printing.results(None, "en")
    assert doc.quota == Fraction(1990573, 23)
    assert tuple(r.seats for r in doc.lists) == SEATS
    assert doc.valid_total == 6_366_441 and doc.against_all == 248_291
    assert doc.qualifying_total == 5_971_719
    assert [r.qualified for r in doc.lists] == [True, True, True, True, False, True, True]
    assert sum(r.whole for r in doc.lists) + sum(r.remainder_seats for r in doc.lists) == 69
    for r in doc.lists:
        if r.quotient is not None:
            assert r.quotient == Fraction(r.votes) / doc.quota
            assert r.whole + r.remainder == r.quotient
    text = flat(results_pdf.render(doc))
    assert f"= {QUOTA} ≈ 86546.6522" in text
    assert "Quota = 5971719 / 69" in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_results_protocol_says_it_all(services: ServicesFactory, lang: Lang) -> None:
    enter_2023(services)
    build_chain(services)
    admin = services("admin")
    doc = admin.printing.results("MZ", lang)
    text = flat(results_pdf.render(doc))
    for key in ("shares", "seat_annex", "ties", "smd_winners", "chamber", "training"):
        assert " ".join(t(lang, key).split()) in text, key
    assert t(lang, "unofficial") in text
    assert t(lang, "audit_head", head=admin.official.status().short_head) in text
    assert t(lang, "key_root", fp=doc.cec_key) in text and len(doc.cec_key) == 39
    votes, against = official()
    index = {"kk": 1, "ru": 2, "en": 3}[lang]
    for party, v in zip(PARTIES, votes, strict=True):
        assert party[index][:20] in text, party
        assert number(v) in text
    assert number(against) in text
    for share in ("53.90", "10.90", "8.59", "2.30"):
        assert share in text, share
    # the districts: a winner by votes, and a tie settled by lot (witness and act named)
    assert "Әлиева Жұлдыз Жаһангерқызы" in text  # 1100 to 930
    assert "Үмбетова Гүлнұр Һадиқызы" in text and "№ 7 акт" in text
    assert "Сәрсенова Әйгерім" in text
    letters = KAZAKH if lang == "kk" else "ӘҚҮҰҺІ"  # the names' own (kk: the texts' too)
    assert all(letter in text.upper() for letter in letters), "Kazakh letters"
    assert t(lang, "chamber_seats", n=71, lists=69, districts=2) in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_protocol_of_each_level(services: ServicesFactory, lang: Lang) -> None:
    enter_2023(services)
    build_chain(services)
    printing = services("admin").printing
    votes, against = official()
    # the CEC: the regions with their lines and totals
    doc = printing.summary("KZ", "MZ-L", lang)
    assert [u.code for u in doc.units] == ["R01", "R02"]
    assert doc.total.votes == tuple(votes) and doc.total.against_all == against
    assert (doc.expected, doc.accepted, doc.missing) == (4, 3, 1)
    assert [m.precinct for m in doc.outstanding] == ["P00004"]
    text = flat(summary_pdf.render(doc))
    for n in range(1, 9):
        assert " ".join(t(lang, f"line_{n}").split()) in text, n
    for v in (*votes, against, *doc.total.lines, *doc.units[0].votes):
        assert number(v) in text, v
    assert {"kk": "Абай облысы", "ru": "Абайская область", "en": "Abai Region"}[lang] in text
    assert "P00004 (№ 404)" in text and t(lang, "state_not_entered") in text
    assert t(lang, "missing_list") in text and t(lang, "cec") in text
    assert t(lang, "key_root", fp=doc.cec_key) in text
    assert t(lang, "training") in text and t(lang, "unofficial") in text
    if lang == "kk":
        assert all(letter in text.upper() for letter in "ӘҒҚҢӨҰҮІ"), "Kazakh letters"
    # a district: its precincts
    doc = printing.summary("R01-D01", "MZ-L", lang)
    assert [u.code for u in doc.units] == ["P00001", "P00002"]
    assert doc.outstanding == () and doc.accepted == 2
    text = flat(summary_pdf.render(doc))
    assert t(lang, "none_missing") in text
    assert t(lang, "precinct", n="401") in text
    # a region, another ballot
    doc = printing.summary("R02", "MZ-S02", lang)
    assert [u.code for u in doc.units] == ["R02-D01"] and doc.total.votes == (700, 700)


def test_what_cannot_be_summed_is_refused(services: ServicesFactory) -> None:
    printing = services("admin").printing
    with pytest.raises(NotFound, match="no area R99"):
        printing.summary("R99", "MZ-L", "en")
    with pytest.raises(InvalidRequest, match="P00001 is a precinct"):
        printing.summary("P00001", "MZ-L", "en")
    with pytest.raises(InvalidRequest, match="no precinct of R01 votes in MZ-S02"):
        printing.summary("R01", "MZ-S02", "en")
    with pytest.raises(NotFound, match="no body ML-R77"):
        printing.results("ML-R77", "en")
    # nothing accepted yet: every precinct missing, no quota
    doc = printing.summary("KZ", "MZ-L", "ru")
    assert doc.accepted == 0 and len(doc.outstanding) == 4
    result = printing.results(None, "ru")
    assert result.quota is None and all(r.seats == 0 for r in result.lists)
    assert t("ru", "no_quota") in flat(results_pdf.render(result))


def test_every_page_says_official_once_marked(services: ServicesFactory) -> None:
    enter_2023(services)
    admin = services("admin")
    admin.official.mark()
    head = admin.official.status().short_head
    for pdf in (
        results_pdf.render(admin.printing.results(None, "kk")),
        summary_pdf.render(admin.printing.summary("KZ", "MZ-L", "ru")),
    ):
        text = flat(pdf)
        assert t("kk", "official") in text or t("ru", "official") in text
        assert t("kk", "unofficial") not in text and t("ru", "unofficial") not in text
        assert head in text
        count = pdftext.page_count(pdf)
        assert text.count(head) == count  # the audit head on every page


def test_the_precinct_protocol_prints_the_recorded_formal_parts(
    services: ServicesFactory,
) -> None:
    from kztally.reports.protocol import render

    enter_2023(services)
    signers = build_chain(services)
    admin = services("admin")
    for lang in LANGS:
        doc = admin.printing.protocol("P00001", "MZ-L", lang, signers["P00001"])
        assert doc.formal == FORMAL
        text = flat(render([doc]))
        assert t(lang, "formal") in text
        assert "9 / 11" in text and "2023-03-19 20:00" in text and "2023-03-19 23:45" in text
        assert f"17 ({in_words(17, lang)})" in text
        assert t(lang, "long_count") not in text
    # a count over the law's 12 hours says so
    longer = replace(FORMAL, count_ended=FORMAL.count_began + dt.timedelta(hours=13))  # type: ignore[operator]
    services("c1").formal.record("P00001", "MZ-L", longer)
    doc = admin.printing.protocol("P00001", "MZ-L", "ru", signers["P00001"])
    assert t("ru", "long_count") in flat(render([doc]))
