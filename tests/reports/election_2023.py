"""A small election with the 2023 Mazhilis lists, whose accepted protocols add up to the
CEC's official list totals of 27 March 2023 (tests/fixtures/mazhilis-2023-lists.csv), so
that its results protocol must show the official quota 1990573/23 and seats
40/8/6/5/0/6/4; two single-member districts (one a tie settled by lot), Kazakh names, and
one precinct still missing.

KZ > R01 (Абай облысы) > R01-D01 > P00001, P00002; KZ > R02 (Ақмола облысы) > R02-D01 >
P00003, P00004 (not entered). MZ-L in every precinct; MZ-S01 in R01, MZ-S02 in R02.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from kztally.domain.election import (
    Area,
    AreaKind,
    Body,
    BodyKind,
    Choice,
    Contest,
    ContestKind,
    Election,
    Nominator,
    Party,
)
from kztally.domain.formal import Formal
from kztally.domain.ids import AreaCode, BodyId, ChoiceId, ContestId, PartyId
from kztally.domain.protocol import Figures
from kztally.services.context import Services
from tests.conftest import ServicesFactory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PARTIES = (
    ("AMANAT", "AMANAT", "AMANAT", "Amanat"),
    ("AUYL", "Ауыл", "Ауыл", "Auyl"),
    ("RESPUBLICA", "Respublica", "Respublica", "Respublica"),
    ("PPK", "Қазақстан Халық партиясы", "Народная партия Казахстана",
     "People's Party of Kazakhstan"),
    ("BAYTAQ", "Байтақ", "Байтак", "Baytaq"),
    ("AQ-ZHOL", "Ақ жол", "Ак жол", "Aq Zhol"),
    ("NSDP", "Жалпыұлттық социал-демократиялық партия",
     "Общенациональная социал-демократическая партия", "Nationwide Social Democratic Party"),
)  # fmt: skip
SEATS = (40, 8, 6, 5, 0, 6, 4)
QUOTA = "1990573/23"
CANDIDATES = {
    "MZ-S01": (("Әлиева Жұлдыз Жаһангерқызы", "AMANAT"), ("Ділдәбеков Мұрат Есетұлы", None)),
    "MZ-S02": (("Қасымов Ерғали Өмірұлы", None), ("Үмбетова Гүлнұр Һадиқызы", "AUYL")),
}
MZL = ContestId("MZ-L")
TZ = dt.timezone(dt.timedelta(hours=6))
FORMAL = Formal(
    9,
    11,
    dt.datetime(2023, 3, 19, 20, 0, tzinfo=TZ),
    dt.datetime(2023, 3, 19, 23, 45, tzinfo=TZ),
    17,
)


def official() -> tuple[list[int], int]:
    """The lists' votes in ballot order, and against all."""
    votes: list[int] = []
    against = 0
    with (FIXTURES / "mazhilis-2023-lists.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["list"] == "against all":
                against = int(row["votes"])
            else:
                votes.append(int(row["votes"]))
    return votes, against


def election_2023() -> Election:
    areas = [Area(AreaCode("KZ"), AreaKind.COUNTRY, "Қазақстан Республикасы", None)]
    regions = (("R01", "Абай облысы", "Абайская область", "Abai Region"),
               ("R02", "Ақмола облысы", "Акмолинская область", "Akmola Region"))  # fmt: skip
    n = 0
    for (code, kk, ru, en), smd in zip(regions, ("MZ-S01", "MZ-S02"), strict=True):
        names = {"kk": kk, "ru": ru, "en": en}
        areas.append(Area(AreaCode(code), AreaKind.REGION, kk, AreaCode("KZ"), names=names))
        d = AreaCode(f"{code}-D01")
        dn = {"kk": "Өскемен қаласы", "ru": "город Усть-Каменогорск", "en": "Oskemen city"}
        areas.append(Area(d, AreaKind.DISTRICT, dn["kk"], AreaCode(code), names=dn))
        for _ in range(2):
            n += 1
            areas.append(
                Area(
                    AreaCode(f"P{n:05d}"),
                    AreaKind.PRECINCT,
                    f"Сайлау учаскесі № {n}",
                    d,
                    number=str(400 + n),
                    electorate=4_000_000,
                    contests=(MZL, ContestId(smd)),
                )
            )
    parties = tuple(
        Party(PartyId(p), kk, {"kk": kk, "ru": ru, "en": en}) for p, kk, ru, en in PARTIES
    )
    lists = tuple(
        Choice(ChoiceId(f"MZ-L-{p}"), kk, i + 1, registration_order=i + 1, party=PartyId(p))
        for i, (p, kk, _, _) in enumerate(PARTIES)
    )

    def smd(number: int, region: str) -> Contest:
        cid = f"MZ-S{number:02d}"
        return Contest(
            ContestId(cid),
            BodyId("MZ"),
            ContestKind.SMD,
            f"№{number} бірмандатты округ",
            AreaCode(region),
            1,
            tuple(
                Choice(
                    ChoiceId(f"{cid}-C{k}"),
                    name,
                    k,
                    party=None if party is None else PartyId(party),
                    nominator=Nominator.SELF if party is None else Nominator.PARTY,
                )
                for k, (name, party) in enumerate(CANDIDATES[cid], start=1)
            ),
            number=number,
        )

    return Election(
        id="TEST-2023-LISTS",
        name="Мәжіліс сайлауы, 2023 жылғы 19 наурыз (сынақ)",
        date=dt.date(2023, 3, 19),
        parties=parties,
        bodies=(
            Body(
                BodyId("MZ"),
                BodyKind.MAZHILIS,
                "Парламент Мәжілісі",
                AreaCode("KZ"),
                names={"kk": "Парламент Мәжілісі", "ru": "Мажилис Парламента", "en": "Mazhilis"},
            ),
        ),
        contests=(
            Contest(
                MZL, BodyId("MZ"), ContestKind.LIST, "Партиялық тізімдер", AreaCode("KZ"), 69, lists
            ),
            smd(1, "R01"),
            smd(2, "R02"),
        ),
        areas=tuple(areas),
        training=True,
    )


def _figures(votes: list[int], against: int) -> Figures:
    """A clean protocol for these votes: everyone who came cast a valid ballot."""
    took_part = sum(votes) + against
    return Figures(
        (2 * took_part, took_part + 500, took_part, 0, 500, took_part, 0, 0),
        tuple(votes),
        against,
    )


def _enter(services: ServicesFactory, precinct: str, contest: str, figures: Figures) -> None:
    c1, c2, sup = services("c1"), services("c2"), services("sup")
    p, c = AreaCode(precinct), ContestId(contest)
    v = c1.entry.enter(p, c, figures, expected_version=1)
    v = c2.entry.enter(p, c, figures, expected_version=v.version)
    if v.state.value == "pending":
        v = sup.entry.accept(p, c, reason="checked against the paper", expected_version=v.version)
    assert v.state.value == "accepted", (precinct, contest, v.state)


def enter_2023(services: ServicesFactory) -> Services:
    """Every protocol but P00004's accepted (the lists' votes split over P00001-P00003),
    the MZ-S02 tie drawn by lot, formal parts recorded for P00001's MZ-L. Returns the
    supervisor."""
    from kztally.domain.rules import Role

    services("sup", Role.SUPERVISOR)
    votes, against = official()
    parts = [[v // 3 for v in votes] for _ in range(3)]
    parts[0] = [v - 2 * (v // 3) for v in votes]
    againsts = [against - 2 * (against // 3), against // 3, against // 3]
    for i, (vs, a) in enumerate(zip(parts, againsts, strict=True), start=1):
        _enter(services, f"P{i:05d}", "MZ-L", _figures(vs, a))
    _enter(services, "P00001", "MZ-S01", _figures([600, 410], 30))
    _enter(services, "P00002", "MZ-S01", _figures([500, 520], 25))
    _enter(services, "P00003", "MZ-S02", _figures([700, 700], 40))
    sup = services("sup")
    sup.lots.draw("MZ-S02", ["MZ-S02-C2", "MZ-S02-C1"], ["Сәрсенова Әйгерім"], "№ 7 акт")
    services("c1").formal.record("P00001", "MZ-L", FORMAL)
    return sup
