"""Small elections built in code for the screen tests, and a national-size one for timing."""

from __future__ import annotations

import datetime as dt

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
from kztally.domain.ids import AreaCode, BodyId, ChoiceId, ContestId, PartyId

PARTIES = (
    ("amanat", "Amanat", "AMANAT", "АМАНАТ"),
    ("auyl", "Auyl", "Ауыл", "Ауыл"),
    ("respublica", "Respublica", "Respublica", "Respublica"),
    (
        "qhp",
        "People's Party of Kazakhstan",
        "Қазақстан Халық партиясы",
        "Народная партия Казахстана",
    ),
    ("baytaq", "Baytaq", "Байтақ", "Байтак"),
    ("aqzhol", "Aq Zhol", "Ақ жол", "Ак жол"),
    (
        "ossdp",
        "Nationwide Social Democratic Party",
        "Жалпыұлттық социал-демократиялық партия",
        "Общенациональная социал-демократическая партия",
    ),
)
REGION_NAMES = (
    "Абай облысы", "Ақмола облысы", "Ақтөбе облысы", "Алматы облысы", "Атырау облысы",
    "Батыс Қазақстан облысы", "Жамбыл облысы", "Жетісу облысы", "Қарағанды облысы",
    "Қостанай облысы", "Қызылорда облысы", "Маңғыстау облысы", "Павлодар облысы",
    "Солтүстік Қазақстан облысы", "Түркістан облысы", "Ұлытау облысы",
    "Шығыс Қазақстан облысы", "Астана", "Алматы", "Шымкент",
)  # fmt: skip


def build_election(
    regions: int = 2, districts: int = 2, precincts: int = 3, training: bool = False
) -> Election:
    parties = tuple(
        Party(PartyId(pid), en, {"en": en, "kk": kk, "ru": ru}) for pid, en, kk, ru in PARTIES
    )
    lists = tuple(
        Choice(ChoiceId(f"MZ-L-{p.id}"), p.name, i + 1, registration_order=i + 1, party=p.id)
        for i, p in enumerate(parties)
    )
    contests = [
        Contest(ContestId("MZ-L"), BodyId("MZ"), ContestKind.LIST, "Mazhilis", AreaCode("KZ"), 69,
                lists)
    ]  # fmt: skip
    areas = [Area(AreaCode("KZ"), AreaKind.COUNTRY, "Қазақстан", None)]
    number = 1
    for r in range(regions):
        rcode = AreaCode(f"R{r + 1:02d}")
        areas.append(Area(rcode, AreaKind.REGION, REGION_NAMES[r % 20], AreaCode("KZ")))
        smd = r + 1
        smd_id = ContestId(f"MZ-S{smd:02d}")
        contests.append(
            Contest(
                smd_id,
                BodyId("MZ"),
                ContestKind.SMD,
                f"№{smd}",
                rcode,
                1,
                tuple(
                    Choice(
                        ChoiceId(f"{smd_id}-C{k}"),
                        name,
                        k,
                        party=PartyId("amanat") if k == 1 else None,
                        nominator=Nominator.PARTY if k == 1 else Nominator.SELF,
                    )
                    for k, name in enumerate(
                        ("Әлібек Нұрланұлы", "Гүлнар Қайратқызы", "Іңкәр Өмірзақова"), start=1
                    )
                ),
                number=smd,
            )
        )
        for d in range(districts):
            dcode = AreaCode(f"{rcode}-D{d + 1:02d}")
            areas.append(Area(dcode, AreaKind.DISTRICT, f"Аудан {d + 1} ({rcode})", rcode))
            for _ in range(precincts):
                areas.append(
                    Area(
                        AreaCode(f"P{number:05d}"),
                        AreaKind.PRECINCT,
                        f"Мектеп №{number}, Құрманғазы көшесі",
                        dcode,
                        number=str(number),
                        electorate=1000 + number,
                        contests=(ContestId("MZ-L"), smd_id),
                    )
                )
                number += 1
    return Election(
        id="test-2023",
        name="Test election",
        date=dt.date(2023, 3, 19),
        parties=parties,
        bodies=(Body(BodyId("MZ"), BodyKind.MAZHILIS, "Mazhilis", AreaCode("KZ")),),
        contests=tuple(contests),
        areas=tuple(areas),
        training=training,
    )
