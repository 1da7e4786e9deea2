"""The observers' cross-check on both databases: copies with planted differences (in
several precincts, lines and choices) from a CSV of copies, protocol files and a
certified copy's code, kept as the observer's with their certification and scan; every
difference found and no other; the published kztally CSV as the official side; the
discrepancy report read back from its PDF."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from kztally.domain.crosscheck import Certification, CopySource
from kztally.domain.entry import Entry, EntryKind, State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.formats.load import write_json
from kztally.formats.protocol_json import entry_file, protocol_to_dict
from kztally.formats.published import read_published
from kztally.reports.crosscheck import render
from kztally.services.audit import verify
from kztally.services.crosscheck import CSV_COLUMNS, report_csv, report_document
from kztally.services.errors import InvalidRequest
from kztally.services.transfer.tables import results_tables
from kztally.storage import protocols as protocol_store
from tests.conftest import ServicesFactory, make_election
from tests.services.test_intake import Desk

MZL = ContestId("MZ-L")
S01, S02 = ContestId("MZ-S01"), ContestId("MZ-S02")
P = [AreaCode(f"P{n:05d}") for n in range(1, 7)]
"""P00001-P00003 vote in MZ-S01, P00004-P00006 in MZ-S02."""
LINES = (1000, 1000, 600, 10, 390, 590, 10, 10)
AT = dt.datetime(2023, 3, 19, 23, 40, tzinfo=dt.timezone(dt.timedelta(hours=6)))


def official(precinct: str, contest: str) -> Figures:
    k = int(precinct[1:])
    if contest == MZL:
        return Figures(LINES, (300 + k, 200 - k, 80), 10)
    return Figures(LINES, (350 + k, 230 - k), 10)


def smd(precinct: str) -> ContestId:
    return S01 if int(precinct[1:]) <= 3 else S02


def accept_all(services: ServicesFactory, leave: set[tuple[str, str]] = frozenset()) -> None:  # type: ignore[assignment]
    for p in P:
        for c in (MZL, smd(p)):
            if (p, c) in leave:
                continue
            for clerk in ("c1", "c2"):
                s = services(clerk, Role.CLERK)
                s.entry.enter(p, c, official(p, c), expected_version=s.entry.view(p, c).version)
            assert services("admin").entry.view(p, c).state is State.ACCEPTED


def with_changes(
    f: Figures,
    lines: dict[int, int] | None = None,
    votes: dict[int, int] | None = None,
    against: int | None = None,
) -> Figures:
    ls = list(f.lines)
    for n, v in (lines or {}).items():
        ls[n - 1] = v
    vs = list(f.votes)
    for i, v in (votes or {}).items():
        vs[i] = v
    return Figures(tuple(ls), tuple(vs), f.against_all if against is None else against)


# the planted copies: (precinct, contest) -> figures
PLANTED = {
    (P[0], MZL): with_changes(official(P[0], MZL), lines={3: 610}, votes={0: 311}),
    (P[0], S01): official(P[0], S01),
    (P[1], S01): with_changes(official(P[1], S01), votes={1: 200}, against=40),
    (P[3], MZL): with_changes(official(P[3], MZL), lines={8: 12, 6: 588}),
    (P[4], S02): official(P[4], S02),
    (P[4], MZL): with_changes(official(P[4], MZL), votes={0: 250, 2: 130}),
}
EXPECTED = {
    (P[0], MZL, "3", 600, 610),
    (P[0], MZL, "L-A", 301, 311),
    (P[1], S01, "S01-2", 228, 200),
    (P[1], S01, "against_all", 10, 40),
    (P[3], MZL, "6", 590, 588),
    (P[3], MZL, "8", 10, 12),
    (P[4], MZL, "L-A", 305, 250),
    (P[4], MZL, "L-C", 80, 130),
}


def copies_csv(path: Path, rows: dict[tuple[str, str], Figures], scan: str = "") -> Path:
    election = make_election()
    ids = [ch.id for c in election.contests for ch in c.choices]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            [
                *("precinct", "contest", *(f"line {n}" for n in range(1, 9)), *ids),
                *("against all", "copy number", "certified by", "sealed", "received at"),
                *("received where", "scan"),
            ]
        )
        for n, ((p, c), fig) in enumerate(rows.items(), start=1):
            contest = election.contest(ContestId(c))
            votes = dict(zip((ch.id for ch in contest.choices), fig.votes, strict=True))
            w.writerow(
                [
                    *(p, c, *fig.lines, *(votes.get(i, "") for i in ids), fig.against_all),
                    *(str(n), "Хатшы Әлиева Б.", "иә", AT.isoformat(), f"УСК № {p[-1]}", scan),
                ]
            )
    return path


def found(report) -> set[tuple[str, str, str, int | None, int | None]]:  # type: ignore[no-untyped-def]
    return {(d.precinct, d.contest, d.line, d.official, d.copy) for d in report.result.differences}


def test_every_planted_difference_is_found_and_no_other(
    services: ServicesFactory, tmp_path: Path
) -> None:
    accept_all(services, leave={(P[5], MZL)})
    rows = dict(PLANTED) | {(P[5], MZL): official(P[5], MZL)}  # not accepted: no official
    obs = services("dana", Role.OBSERVER)
    xc = obs.crosscheck
    report = xc.check(xc.seen(xc.read([copies_csv(tmp_path / "copies.csv", rows)])))
    assert found(report) == EXPECTED
    assert len(report.result.differences) == len(EXPECTED)
    assert [(s.precinct, s.contest) for s in report.result.no_official] == [(P[5], MZL)]
    assert report.states[(P[5], MZL)] is State.NOT_ENTERED
    # official protocols with no copy: every accepted one not copied
    copied = set(rows)
    want = {(p, c) for p in P for c in (MZL, smd(p))} - copied - {(P[5], MZL)}
    assert set(report.result.missing) == want
    assert report.result.missing_precincts == (P[2],)
    totals = {(t.contest, t.choice): t.delta for t in report.result.totals}
    assert totals == {
        (MZL, "L-A"): 10 - 55,
        (MZL, "L-C"): 50,
        (S01, "S01-2"): -28,
        (S01, "against_all"): 30,
    }
    by_contest = {c.margin.contest.id: c for c in report.contests}
    assert set(by_contest) == {MZL, S01}
    assert by_contest[S01].differences is not None
    assert dict(by_contest[S01].differences.deltas) == {"S01-2": -28, "against_all": 30}
    # S01's candidate 2 had 228 against 353 and 354 (P1, P3): moving 28 away cannot
    # give them the seat; the single-member district keeps its winner
    assert by_contest[S01].changes is False
    # a copy whose line 3 says 610 in P1 is one difference, the certification with it
    (d,) = [d for d in report.result.differences if d.line == "3"]
    assert d.seen.source is CopySource.CSV
    assert d.seen.certification == Certification("1", "Хатшы Әлиева Б.", True, AT, "УСК № 1")
    assert d.seen.origin == "copies.csv:2"

    # the same copies as nothing differs: no difference, nothing else changes
    same = {k: official(*k) for k in PLANTED}
    clean = xc.check(xc.seen(xc.read([copies_csv(tmp_path / "same.csv", same)])))
    assert clean.result.differences == () and clean.result.totals == ()


def test_differences_that_change_a_winner_say_so(services: ServicesFactory, tmp_path: Path) -> None:
    accept_all(services)
    # S02: candidate 1 has 354..356, candidate 2 226..224 in each of P4-P6; a copy of
    # P4 with 300 votes moved is enough to change the district's winner
    moved = with_changes(official(P[3], S02), votes={0: 54, 1: 526})
    xc = services("dana", Role.OBSERVER).crosscheck
    report = xc.check(xc.seen(xc.read([copies_csv(tmp_path / "c.csv", {(P[3], S02): moved})])))
    (c,) = [c for c in report.contests if c.margin.contest.id == S02]
    assert c.changes and report.differences_change and report.can_matter


def test_copies_from_csv_json_and_a_certified_copys_code_land_as_the_observers(
    services: ServicesFactory, tmp_path: Path
) -> None:
    desk = Desk(services)
    accept_all(services)
    election = make_election()
    obs = services("dana", Role.OBSERVER)
    png = desk.png(desk.codes(P[2], with_changes(official(P[2], MZL), votes={1: 190})))
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "p3.png").write_bytes(png)
    (tmp_path / "scan.png").write_bytes(png)
    csv_path = copies_csv(tmp_path / "copies.csv", {(P[0], MZL): PLANTED[(P[0], MZL)]}, "scan.png")
    entry = Entry(PLANTED[(P[1], S01)], "dana", AT, kind=EntryKind.OBSERVER)
    json_path = tmp_path / "p2.json"
    contest = election.contest(S01)
    write_json(json_path, protocol_to_dict(entry_file(election, P[1], S01, entry), contest))

    kept = obs.crosscheck.keep([csv_path, json_path, tmp_path / "photos"])
    assert [(k.precinct, k.contest) for k in kept] == [(P[0], MZL), (P[1], S01), (P[2], MZL)]
    listed = {(c.precinct, c.contest): c for c in obs.observers.list_copies()}
    assert listed[(P[0], MZL)].source is CopySource.CSV
    assert listed[(P[0], MZL)].certification.number == "1"
    assert listed[(P[0], MZL)].scan is not None
    assert listed[(P[1], S01)].source is CopySource.FILE
    assert listed[(P[2], MZL)].source is CopySource.QR
    assert obs.observers.scan(listed[(P[2], MZL)].id) == ("image/png", png)
    # the stored copies are what the cross-check takes with no file given
    report = obs.crosscheck.check()
    assert found(report) == {e for e in EXPECTED if (e[0], e[1]) in {(P[0], MZL), (P[1], S01)}} | {
        (P[2], MZL, "L-B", 197, 190)
    }
    # kept apart from the official protocols: no entry changed, no scan among theirs
    assert services("admin").entry.view(P[2], MZL).figures == official(P[2], MZL)
    assert services("admin").attachments.list(P[0], MZL) == ()
    # a supervisor lists every observer's copies; another observer sees none of dana's
    assert len(services("sup", Role.SUPERVISOR).observers.list_copies()) == 3
    assert services("erlan", Role.OBSERVER).observers.list_copies() == ()
    with services("admin").db.session(readonly=True) as s:
        assert not verify(s).breaks


def test_bad_copies_are_refused_with_the_place_and_nothing_is_kept(
    services: ServicesFactory, tmp_path: Path
) -> None:
    accept_all(services)
    obs = services("dana", Role.OBSERVER)
    good = copies_csv(tmp_path / "good.csv", {(P[0], MZL): official(P[0], MZL)})
    bad = tmp_path / "bad.csv"
    text = good.read_text(encoding="utf-8").splitlines()
    bad.write_text(text[0] + "\n" + text[1].replace(",600,", ",6OO,", 1) + "\n", encoding="utf-8")
    with pytest.raises(InvalidRequest, match=r"bad.csv, line 2, column 'line 3': '6OO'"):
        obs.crosscheck.keep([good, bad])
    assert obs.observers.list_copies() == ()
    wrong = tmp_path / "wrong.csv"
    wrong.write_text(text[0] + "\n" + text[1].replace("MZ-L", "MZ-S02", 1) + "\n", encoding="utf-8")
    with pytest.raises(
        InvalidRequest, match=r"wrong.csv, line 2: P00001 is not a precinct voting in MZ-S02"
    ):
        obs.crosscheck.read([wrong])
    (tmp_path / "blank.png").write_bytes(Desk(services).png([]))
    with pytest.raises(InvalidRequest, match=r"blank.png: no code on it"):
        obs.crosscheck.read([tmp_path / "blank.png"])


def test_against_the_published_kztally_csv(services: ServicesFactory, tmp_path: Path) -> None:
    accept_all(services, leave={(P[4], MZL)})
    election = make_election()
    with services("admin").db.session(readonly=True) as s:
        tables = dict(results_tables(election, protocol_store.summaries(s)))
    published = tmp_path / "MZ-L.csv"
    published.write_bytes(tables[MZL].encode("utf-8-sig"))
    fmt, protocols = read_published(published, election)
    assert fmt == "kztally-csv"
    assert {p.precinct for p in protocols} == set(P) - {P[4]}
    assert all(p.figures == official(p.precinct, MZL) for p in protocols)

    xc = services("dana", Role.OBSERVER).crosscheck
    copies = xc.seen(xc.read([copies_csv(tmp_path / "c.csv", PLANTED)]))
    report = xc.check(copies, [published])
    assert found(report) == {e for e in EXPECTED if e[1] == MZL and e[0] != P[4]}
    assert {(s.precinct, s.contest) for s in report.result.no_official} == {
        (P[0], S01),
        (P[1], S01),
        (P[4], S02),
        (P[4], MZL),
    }
    assert "MZ-L.csv (kztally-csv)" in report.against
    with pytest.raises(InvalidRequest, match="not a CSV of copies: give it with --official"):
        xc.read([published])  # the results table given as copies

    # the file's problems name the place
    text = tables[MZL].replace(",accepted,1000,", ",accepted,1000.5,", 1)
    published.write_bytes(text.encode("utf-8"))
    with pytest.raises(InvalidRequest, match=r"MZ-L.csv, line 2, column 'line 1': '1000.5'"):
        xc.check(copies, [published])


def test_the_report_pdf_and_csv_say_every_difference(
    services: ServicesFactory, tmp_path: Path
) -> None:
    accept_all(services)
    png = Desk(services).png([])
    (tmp_path / "scan.png").write_bytes(png)
    xc = services("dana", Role.OBSERVER).crosscheck
    rows = {k: PLANTED[k] for k in [(P[0], MZL), (P[1], S01)]}
    report = xc.check(xc.seen(xc.read([copies_csv(tmp_path / "c.csv", rows, "scan.png")])))
    for lang, words in (
        ("kk", ("Сәйкессіздіктер туралы есеп", "Куәландырған", "ОҚУ-ЖАТТЫҒУ САЙЛАУЫ")),
        ("ru", ("Отчёт о расхождениях", "Заверил", "УЧЕБНЫЕ ВЫБОРЫ")),
        ("en", ("Discrepancy report", "Certified by", "TRAINING ELECTION")),
    ):
        pdf = pdfium.PdfDocument(render(report_document(report, lang)))  # type: ignore[arg-type]
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        images = sum(
            1
            for i in range(len(pdf))
            for o in pdf[i].get_objects()
            if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE
        )
        pdf.close()
        for word in words:
            assert word in text, (lang, word)
        for p, c, _, off, copy in EXPECTED:
            if (p, c) in rows:
                assert f"{off}" in text and f"{copy}" in text
        assert "Хатшы Әлиева Б." in text and "УСК № 1" in text
        assert "P00001" in text and "P00002" in text
        assert images == 2  # each copy's scan
    table = list(csv.reader(io.StringIO(report_csv(report))))
    assert tuple(table[0]) == CSV_COLUMNS
    assert {(r[0], r[2], r[3], int(r[5]), int(r[6])) for r in table[1:]} == {
        e for e in EXPECTED if (e[0], e[1]) in rows
    }


def test_a_pdf_scan_is_drawn_as_its_first_page() -> None:
    from kztally.services.crosscheck import _drawable

    report = render_empty()
    png = _drawable(("application/pdf", report))
    assert png is not None and png.startswith(b"\x89PNG")
    assert _drawable(("application/pdf", b"%PDF-1.4 broken")) is None
    assert _drawable(("image/png", b"\x89PNG-as-is")) == b"\x89PNG-as-is"


def render_empty() -> bytes:
    from kztally.reports.crosscheck_data import DiscrepancyDoc
    from kztally.reports.data import Marks

    doc = DiscrepancyDoc("en", Marks(True, False, ""), "E", "against", (), "v", (), (), (), ())
    return render(doc)
