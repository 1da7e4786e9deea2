"""Fixed summary and results protocols for snapshots and pictures: the same bytes every
run. The results protocol carries the CEC's official 2023 list totals (tests/fixtures),
allocated by kztally's own rules; its districts' winners are generated names."""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction

from kztally.domain.rules import RULES_2023
from kztally.domain.seats import ListVotes, allocate_list_seats
from kztally.mockgen.names import NameGenerator
from kztally.reports.data import (
    DistrictRow,
    ListRow,
    Marks,
    MissingRow,
    ResultsDoc,
    SeatGroup,
    SummaryDoc,
    SummaryRow,
    TieRow,
)
from kztally.reports.texts import Lang, t
from tests.reports.election_2023 import PARTIES, official

AT = dt.datetime(2023, 3, 20, 6, 15, tzinfo=dt.UTC)
MARKS = Marks(True, False, "51230:3f2a91c0be4d7a11")
CEC_KEY = "3B57 D53C E575 4BED EBF8 F097 F2F2 FF82"
COLOURS = ("#1b5fb4", "#3a9a3a", "#8e44ad", "#c0392b", "#16a085", "#e0a100", "#d35400")
ELECTION = {
    "kk": "Мәжіліс депутаттарын сайлау, 2023",
    "ru": "Выборы депутатов Мажилиса, 2023",
    "en": "Election of the Mazhilis, 2023",
}
DISTRICT = {
    "kk": "Астана қаласы, Есіл ауданы: аудандық (қалалық) сайлау комиссиясы",
    "ru": "Город Астана, район Есиль: районная (городская) избирательная комиссия",
    "en": "Astana, Yesil District: district (city) election commission",
}
BALLOT = {
    "kk": "Мәжіліс: партиялық тізімдер",
    "ru": "Мажилис: партийные списки",
    "en": "Mazhilis: party lists",
}


def _names(lang: Lang) -> tuple[str, ...]:
    index = {"kk": 1, "ru": 2, "en": 3}[lang]
    return tuple(p[index] for p in PARTIES)


def summary_doc(lang: Lang) -> SummaryDoc:
    rng = random.Random(7)
    units: list[SummaryRow] = []
    missing: list[MissingRow] = []
    totals = [0] * 8
    votes_total = [0] * 7
    against_total = 0
    accepted = 0
    shares = (0.54, 0.11, 0.09, 0.07, 0.02, 0.08, 0.05)
    for n in range(1, 15):
        code = f"P{420 + n:05d}"
        if n in (6, 11):
            missing.append(
                MissingRow(code, str(420 + n), "R18-D02", "not_entered" if n == 6 else "pending")
            )
            units.append(
                SummaryRow(code, t(lang, "precinct", n=420 + n), 1, 0, (0,) * 8, (0,) * 7, 0)
            )
            continue
        voters = rng.randint(900, 2400)
        came = int(voters * rng.uniform(0.45, 0.62))
        outside = rng.randint(5, 40)
        invalid = rng.randint(3, 20)
        valid = came - invalid
        votes = [int(valid * s * rng.uniform(0.85, 1.15)) for s in shares]
        against = valid - sum(votes)
        if against < 0:
            votes[0] += against
            against = 0
        received = came + rng.randint(80, 200)
        lines = (
            voters,
            received,
            came - outside,
            outside,
            received - came,
            came - outside,
            outside,
            invalid,
        )
        units.append(
            SummaryRow(code, t(lang, "precinct", n=420 + n), 1, 1, lines, tuple(votes), against)
        )
        accepted += 1
        totals = [a + b for a, b in zip(totals, lines, strict=True)]
        votes_total = [a + b for a, b in zip(votes_total, votes, strict=True)]
        against_total += against
    return SummaryDoc(
        lang=lang,
        marks=MARKS,
        election=ELECTION[lang],
        commission=DISTRICT[lang],
        area="R18-D02",
        contest="MZ-L",
        ballot=BALLOT[lang],
        choices=_names(lang),
        units=tuple(units),
        total=SummaryRow(
            "R18-D02",
            t(lang, "total"),
            14,
            accepted,
            tuple(totals),
            tuple(votes_total),
            against_total,
        ),
        expected=14,
        accepted=accepted,
        pending=1,
        missing=1,
        annulled=0,
        outstanding=tuple(missing),
        cec_key=CEC_KEY,
        at=AT,
    )


def results_doc(lang: Lang) -> ResultsDoc:
    votes, against = official()
    ids = [p[0] for p in PARTIES]
    alloc = allocate_list_seats(
        [ListVotes(i, v, n) for n, (i, v) in enumerate(zip(ids, votes, strict=True), start=1)],
        69,
        RULES_2023,
        against,
    )
    names = _names(lang)
    lists = []
    for r, name, colour in zip(alloc.lists, names, COLOURS, strict=True):
        q = r.quotient
        whole = 0 if q is None else q.numerator // q.denominator
        lists.append(
            ListRow(name, colour, r.votes, r.share, r.qualified, q, whole,
                    None if q is None else q - whole, r.seats - whole if q else 0, r.seats)
        )  # fmt: skip
    gen = NameGenerator(random.Random(2023))
    self_nominated = t(lang, "self_nominated")
    districts = []
    for n in range(1, 30):
        party = names[0] if n % 4 else self_nominated
        districts.append(
            DistrictRow(n, f"MZ-S{n:02d}", f"№{n}", gen.name(n % 3 == 0), party,
                        20_000 + 731 * n, 1_500 + 37 * n, True)
        )  # fmt: skip
    won = {self_nominated: 0, names[0]: 0}
    for d in districts:
        won[d.party] += 1
    chamber = [SeatGroup(names[0], COLOURS[0], lists[0].seats + won[names[0]])]
    chamber += [SeatGroup(r.name, r.colour, r.seats) for r in lists[1:] if r.seats]
    chamber.append(SeatGroup(self_nominated, "#b0b0b0", won[self_nominated]))
    tie = TieRow("MZ-S30", (gen.name(True), gen.name(False)), (18_204, 18_204), None, 1, "lot",
                 (), "№ 12 акт", ("Сәрсенова Әйгерім", "Ким Виктор"))  # fmt: skip
    tie = TieRow(
        tie.contest,
        tie.names,
        tie.votes,
        None,
        1,
        "lot",
        (tie.names[1],),
        tie.reference,
        tie.witnesses,
    )
    return ResultsDoc(
        lang=lang,
        marks=MARKS,
        election=ELECTION[lang],
        body={"kk": "Парламент Мәжілісі", "ru": "Мажилис Парламента", "en": "the Mazhilis"}[lang],
        body_id="MZ",
        contest="MZ-L",
        expected=10_223 * 4,
        accepted=10_223 * 4,
        threshold=Fraction(1, 20),
        list_seats=69,
        valid_total=alloc.valid_total,
        against_all=against,
        qualifying_total=alloc.qualifying_total,
        quota=alloc.quota,
        lists=tuple(lists),
        ties=(tie,),
        districts=tuple(districts),
        chamber=tuple(chamber),
        seats_total=98,
        cec_key=CEC_KEY,
        at=AT,
    )
