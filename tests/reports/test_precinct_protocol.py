"""The precinct protocol printed through the services: what its text says in each
language, and its drawn code read back from a page image to the same protocol."""

from __future__ import annotations

import pytest

from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.paper import qr
from kztally.paper.digest import of_protocol
from kztally.paper.payload import assemble, decode_part
from kztally.paper.signing import Signer
from kztally.paper.trust import verify_parts
from kztally.reports.protocol import render
from kztally.reports.texts import LANGS, Lang, in_words, t
from kztally.services.errors import InvalidRequest
from tests.conftest import ServicesFactory
from tests.reports import pdftext
from tests.services.test_keys import build_chain

P1, MZL = AreaCode("P00001"), ContestId("MZ-L")
FIGURES = Figures((1000, 700, 600, 20, 80, 590, 20, 10), (300, 200, 80), 20)
KAZAKH = "ӘҒҚҢӨҰҮҺІ"


def accepted(services: ServicesFactory) -> dict[str, Signer]:
    signers = build_chain(services)
    c1, c2 = services("c1"), services("c2")
    v = c1.entry.enter(P1, MZL, FIGURES, expected_version=1)
    v = c2.entry.enter(P1, MZL, FIGURES, expected_version=v.version)
    assert v.state.value == "accepted"
    return signers


@pytest.mark.parametrize("lang", LANGS)
def test_the_text_holds_every_line_figure_word_and_name(
    services: ServicesFactory, lang: Lang
) -> None:
    signers = accepted(services)
    printing = services("admin").printing
    doc = printing.protocol(P1, MZL, lang, signers["P00001"], copy=3)
    pdf = render([doc])
    text = pdftext.text(pdf)
    flat = " ".join(text.split())
    for n in range(1, 9):
        assert " ".join(t(lang, f"line_{n}").split()) in flat, n
    for key in ("received", "took_part", "against_all", "protocol_title", "training", "unofficial"):
        assert " ".join(t(lang, key).split()) in flat, key
    assert t(lang, "certified_copy", n=3) in flat
    values = [*FIGURES.lines, 600 + 20, 590 + 20, *FIGURES.votes, 20]
    for v in values:
        assert str(v) in flat
        assert in_words(v, lang) in flat, (v, in_words(v, lang))
    for name in ("List A", "List B", "List C", "Test election", "Polling station 1"):
        assert name in flat
    head = services("admin").official.status().short_head
    assert t(lang, "audit_head", head=head) in flat
    for group in doc.digest:
        assert group in flat


def test_kazakh_letters_come_back_from_the_pdf(services: ServicesFactory) -> None:
    signers = accepted(services)
    doc = services("admin").printing.protocol(P1, MZL, "kk", signers["P00001"])
    from dataclasses import replace

    doc = replace(doc, choices=(f"{KAZAKH} {KAZAKH.lower()}", "Ұлттық", "Әділет"))
    flat = pdftext.text(render([doc]))
    assert f"{KAZAKH} {KAZAKH.lower()}" in flat
    assert "Ұлттық" in flat and "Әділет" in flat
    assert "Қатысқан комиссия мүшелері" in flat


def test_the_drawn_code_reads_back_to_the_same_protocol_and_verifies(
    services: ServicesFactory,
) -> None:
    signers = accepted(services)
    admin = services("admin")
    doc = admin.printing.protocol(P1, MZL, "ru", signers["P00001"])
    (page,) = pdftext.pages(render([doc]), dpi=150)
    found = qr.read(page)
    assert found == list(doc.codes)
    parts = [decode_part(b) for b in found]
    election = admin.elections.require()
    verify_parts(parts, admin.keys.ring(), election, parts[0].election)
    back = assemble(parts)
    assert (back.precinct, back.contest, back.round, back.figures) == ("P00001", "MZ-L", 1, FIGURES)
    groups = of_protocol(back).upper()
    assert "".join(doc.digest) == groups


def test_another_commissions_key_or_an_unaccepted_protocol_is_refused(
    services: ServicesFactory,
) -> None:
    signers = accepted(services)
    printing = services("admin").printing
    with pytest.raises(InvalidRequest, match="key of R01-D01"):
        printing.protocol(P1, MZL, "en", signers["R01-D01"])
    with pytest.raises(InvalidRequest, match="not on the key list"):
        printing.protocol(P1, MZL, "en", Signer.generate())
    with pytest.raises(InvalidRequest, match="only an accepted protocol"):
        printing.protocol(P1, ContestId("MZ-S01"), "en", signers["P00001"])


def test_an_observer_may_print_and_a_batch_holds_one_protocol_a_page(
    services: ServicesFactory,
) -> None:
    signers = accepted(services)
    observer = services("obs", Role.OBSERVER)
    printing = observer.printing
    docs = list(printing.protocols("R01-D01", None, "en", {"P00001": signers["P00001"]}))
    assert [(d.precinct, d.contest) for d in docs] == [("P00001", "MZ-L")]
    assert pdftext.page_count(render(docs * 3)) == 3
    with pytest.raises(InvalidRequest, match="no key for 1 precinct"):
        list(printing.protocols("R01", "MZ-L", "en", {}))
