"""The 19 March 2023 election as an `Election`: public facts, and plausible generated rest.

`build_definition()` builds it deterministically (every random draw comes from
`random.Random` seeded with `SEED`), and the bundled `resources/elections/kz-2023.json` is
its output::

    python -m kztally.mockgen.definition resources/elections/kz-2023.json

regenerates that file byte for byte.

What is public and honoured exactly (see `facts_2023`): the 7 Mazhilis lists, their ballot
order and (as far as known) registration order, 281 list candidates in all; the 20 regions
in the CEC's order; 10,223 polling stations (10,146 in Kazakhstan, 77 abroad with 12,016
voters); 12,035,578 registered voters; the regions' published electorates and station
counts; the 29 Mazhilis districts and their regions; 435 district candidates, 359 of them
self-nominated; 223 maslikhats with 3,415 seats, and the published sizes of regional
maslikhats. Everything else is generated and says so, in the election's `notes` and in the
`generated` flag of the areas it concerns.

Identifiers follow docs/architecture.md. Choices are unique in the whole election: a list
is `<contest>-<party>` (`MZ-L-AMANAT`), a candidate `<contest>-C<nn>` with nn its ballot
order (`MZ-S07-C03`). Names (`name`) are in Kazakh; `names` adds kk, ru and en where
there is one (regions, districts of the three cities, bodies, parties).
"""

from __future__ import annotations

import json
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
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
    Person,
)
from kztally.domain.ids import AreaCode, BodyId, ChoiceId, ContestId, PartyId
from kztally.domain.persons import kazakh_sort_key
from kztally.domain.rules import RULES_2023
from kztally.formats.election_json import election_to_dict
from kztally.mockgen import facts_2023 as facts
from kztally.mockgen.names import NameGenerator
from kztally.mockgen.numbers import apportion, best_contiguous_split, split_contiguous

SEED = 2023
ELECTION_ID = "KZ-2023"
ABROAD_DISTRICT = "DXX"

# -- names (public) -----------------------------------------------------------------------

Names3 = tuple[str, str, str]
"""(kk, ru, en)."""

REGION_NAMES: dict[str, Names3] = {
    "R01": ("Абай облысы", "Область Абай", "Abai Region"),
    "R02": ("Ақмола облысы", "Акмолинская область", "Akmola Region"),
    "R03": ("Ақтөбе облысы", "Актюбинская область", "Aktobe Region"),
    "R04": ("Алматы облысы", "Алматинская область", "Almaty Region"),
    "R05": ("Атырау облысы", "Атырауская область", "Atyrau Region"),
    "R06": ("Батыс Қазақстан облысы", "Западно-Казахстанская область", "West Kazakhstan Region"),
    "R07": ("Жамбыл облысы", "Жамбылская область", "Zhambyl Region"),
    "R08": ("Жетісу облысы", "Область Жетісу", "Zhetysu Region"),
    "R09": ("Қарағанды облысы", "Карагандинская область", "Karaganda Region"),
    "R10": ("Қостанай облысы", "Костанайская область", "Kostanay Region"),
    "R11": ("Қызылорда облысы", "Кызылординская область", "Kyzylorda Region"),
    "R12": ("Маңғыстау облысы", "Мангистауская область", "Mangystau Region"),
    "R13": ("Павлодар облысы", "Павлодарская область", "Pavlodar Region"),
    "R14": (
        "Солтүстік Қазақстан облысы",
        "Северо-Казахстанская область",
        "North Kazakhstan Region",
    ),
    "R15": ("Түркістан облысы", "Туркестанская область", "Turkistan Region"),
    "R16": ("Ұлытау облысы", "Область Ұлытау", "Ulytau Region"),
    "R17": ("Шығыс Қазақстан облысы", "Восточно-Казахстанская область", "East Kazakhstan Region"),
    "R18": ("Астана қаласы", "Город Астана", "Astana"),
    "R19": ("Алматы қаласы", "Город Алматы", "Almaty"),
    "R20": ("Шымкент қаласы", "Город Шымкент", "Shymkent"),
}

MASLIKHAT_NAMES: dict[str, Names3] = {
    "R01": ("Абай облыстық мәслихаты", "Маслихат области Абай", "Abai Regional Maslikhat"),
    "R02": (
        "Ақмола облыстық мәслихаты",
        "Акмолинский областной маслихат",
        "Akmola Regional Maslikhat",
    ),
    "R03": (
        "Ақтөбе облыстық мәслихаты",
        "Актюбинский областной маслихат",
        "Aktobe Regional Maslikhat",
    ),
    "R04": (
        "Алматы облыстық мәслихаты",
        "Алматинский областной маслихат",
        "Almaty Regional Maslikhat",
    ),
    "R05": (
        "Атырау облыстық мәслихаты",
        "Атырауский областной маслихат",
        "Atyrau Regional Maslikhat",
    ),
    "R06": (
        "Батыс Қазақстан облыстық мәслихаты",
        "Западно-Казахстанский областной маслихат",
        "West Kazakhstan Regional Maslikhat",
    ),
    "R07": (
        "Жамбыл облыстық мәслихаты",
        "Жамбылский областной маслихат",
        "Zhambyl Regional Maslikhat",
    ),
    "R08": ("Жетісу облыстық мәслихаты", "Маслихат области Жетісу", "Zhetysu Regional Maslikhat"),
    "R09": (
        "Қарағанды облыстық мәслихаты",
        "Карагандинский областной маслихат",
        "Karaganda Regional Maslikhat",
    ),
    "R10": (
        "Қостанай облыстық мәслихаты",
        "Костанайский областной маслихат",
        "Kostanay Regional Maslikhat",
    ),
    "R11": (
        "Қызылорда облыстық мәслихаты",
        "Кызылординский областной маслихат",
        "Kyzylorda Regional Maslikhat",
    ),
    "R12": (
        "Маңғыстау облыстық мәслихаты",
        "Мангистауский областной маслихат",
        "Mangystau Regional Maslikhat",
    ),
    "R13": (
        "Павлодар облыстық мәслихаты",
        "Павлодарский областной маслихат",
        "Pavlodar Regional Maslikhat",
    ),
    "R14": (
        "Солтүстік Қазақстан облыстық мәслихаты",
        "Северо-Казахстанский областной маслихат",
        "North Kazakhstan Regional Maslikhat",
    ),
    "R15": (
        "Түркістан облыстық мәслихаты",
        "Туркестанский областной маслихат",
        "Turkistan Regional Maslikhat",
    ),
    "R16": ("Ұлытау облыстық мәслихаты", "Маслихат области Ұлытау", "Ulytau Regional Maslikhat"),
    "R17": (
        "Шығыс Қазақстан облыстық мәслихаты",
        "Восточно-Казахстанский областной маслихат",
        "East Kazakhstan Regional Maslikhat",
    ),
    "R18": ("Астана қалалық мәслихаты", "Маслихат города Астаны", "Astana City Maslikhat"),
    "R19": ("Алматы қалалық мәслихаты", "Маслихат города Алматы", "Almaty City Maslikhat"),
    "R20": ("Шымкент қалалық мәслихаты", "Маслихат города Шымкента", "Shymkent City Maslikhat"),
}

CENTRES: dict[str, Names3] = {
    "R01": ("Семей", "Семей", "Semey"),
    "R02": ("Көкшетау", "Кокшетау", "Kokshetau"),
    "R03": ("Ақтөбе", "Актобе", "Aktobe"),
    "R04": ("Қонаев", "Конаев", "Konaev"),
    "R05": ("Атырау", "Атырау", "Atyrau"),
    "R06": ("Орал", "Уральск", "Oral"),
    "R07": ("Тараз", "Тараз", "Taraz"),
    "R08": ("Талдықорған", "Талдыкорган", "Taldykorgan"),
    "R09": ("Қарағанды", "Караганда", "Karaganda"),
    "R10": ("Қостанай", "Костанай", "Kostanay"),
    "R11": ("Қызылорда", "Кызылорда", "Kyzylorda"),
    "R12": ("Ақтау", "Актау", "Aktau"),
    "R13": ("Павлодар", "Павлодар", "Pavlodar"),
    "R14": ("Петропавл", "Петропавловск", "Petropavl"),
    "R15": ("Түркістан", "Туркестан", "Turkistan"),
    "R16": ("Жезқазған", "Жезказган", "Zhezkazgan"),
    "R17": ("Өскемен", "Усть-Каменогорск", "Oskemen"),
}
"""The administrative centre of each oblast: its city commission is the oblast's D01."""

CITY_DISTRICTS: dict[str, tuple[Names3, ...]] = {
    "R18": (
        ("Алматы ауданы", "Район Алматы", "Almaty District"),
        ("Байқоңыр ауданы", "Район Байконыр", "Baikonur District"),
        ("Есіл ауданы", "Район Есиль", "Yesil District"),
        ("Сарыарқа ауданы", "Район Сарыарка", "Saryarka District"),
        ("Нұра ауданы", "Район Нура", "Nura District"),
    ),
    "R19": (
        ("Алатау ауданы", "Алатауский район", "Alatau District"),
        ("Алмалы ауданы", "Алмалинский район", "Almaly District"),
        ("Әуезов ауданы", "Ауэзовский район", "Auezov District"),
        ("Бостандық ауданы", "Бостандыкский район", "Bostandyk District"),
        ("Жетісу ауданы", "Жетысуский район", "Zhetysu District"),
        ("Медеу ауданы", "Медеуский район", "Medeu District"),
        ("Наурызбай ауданы", "Наурызбайский район", "Nauryzbay District"),
        ("Түрксіб ауданы", "Турксибский район", "Turksib District"),
    ),
    "R20": (
        ("Абай ауданы", "Абайский район", "Abay District"),
        ("Әл-Фараби ауданы", "Аль-Фарабийский район", "Al-Farabi District"),
        ("Еңбекші ауданы", "Енбекшинский район", "Enbekshi District"),
        ("Қаратау ауданы", "Каратауский район", "Karatau District"),
        ("Тұран ауданы", "Туранский район", "Turan District"),
    ),
}
"""The districts of the three cities of republican significance (public)."""

PARTY_NAMES: dict[str, Names3] = {
    "AMANAT": ("AMANAT", "AMANAT", "Amanat"),
    "AUYL": ("Ауыл", "Ауыл", "Auyl"),
    "RESPUBLICA": ("Respublica", "Respublica", "Respublica"),
    "PPK": (
        "Қазақстан Халық партиясы",
        "Народная партия Казахстана",
        "People's Party of Kazakhstan",
    ),
    "BAYTAQ": ("Байтақ", "Байтак", "Baytaq"),
    "AQ-ZHOL": ("Ақ жол", "Ак жол", "Aq Zhol"),
    "NSDP": (
        "Жалпыұлттық социал-демократиялық партия",
        "Общенациональная социал-демократическая партия",
        "Nationwide Social Democratic Party",
    ),
}

ASSOCIATION_NAMES: dict[str, Names3] = {
    "ULGI": (
        "«Үлгі» қоғамдық бірлестігі",
        "Общественное объединение «Үлгі»",
        "Ulgi Public Association",
    ),
    "SYNAQ": (
        "«Сынақ» қоғамдық бірлестігі",
        "Общественное объединение «Сынақ»",
        "Synaq Public Association",
    ),
}
"""Generated: two public associations that nominate some maslikhat candidates (the names
mean 'sample' and 'test')."""

# -- assumptions and generated figures ------------------------------------------------------

REGISTRATION_ORDER: dict[str, int] = {
    "PPK": 1,  # 11 February
    "NSDP": 2,  # 13 February
    "AUYL": 3,  # 13-15 February: order among these four assumed
    "AQ-ZHOL": 4,
    "AMANAT": 5,  # 14 or 15 February
    "BAYTAQ": 6,
    "RESPUBLICA": 7,  # 17 February
}

MAZHILIS_LIST_SIZES: dict[str, int] = {
    "AMANAT": 90,  # public
    "AUYL": 35,
    "RESPUBLICA": 33,
    "PPK": 32,
    "BAYTAQ": 26,
    "AQ-ZHOL": 35,
    "NSDP": 30,
}
"""Generated except Amanat's 90, so that the lists hold the published 281 in all."""

GENERATED_VOTERS: dict[str, int] = {
    "R01": 435_594,
    "R02": 534_592,
    "R03": 584_092,
    "R06": 445_494,
    "R07": 692_990,
    "R08": 445_493,
    "R12": 435_594,
    "R13": 524_692,
    "R17": 504_893,
    "R19": 1_138_484,
    "R20": 613_791,
}
"""Electorates of the regions that did not publish theirs: the national figure less the
published ones and the abroad voters, shared in assumed proportions (Almaty city kept below
Turkestan, the largest)."""

GENERATED_STATIONS: dict[str, int] = {
    "R01": 488,
    "R02": 727,
    "R03": 505,
    "R04": 707,
    "R06": 499,
    "R07": 489,
    "R08": 424,
    "R09": 659,
    "R10": 660,
    "R12": 286,
    "R13": 526,
    "R15": 896,
    "R16": 146,
    "R17": 534,
    "R18": 417,
    "R19": 586,
    "R20": 324,
}
"""Polling stations in the regions that did not publish a count: 10,146 less the published
ones, shared by electorate over an assumed number of voters per station."""

GENERATED_MASLIKHAT_SEATS: dict[str, int] = {
    "R01": 32,
    "R02": 36,
    "R03": 34,
    "R04": 40,
    "R06": 32,
    "R07": 36,
    "R08": 32,
    "R11": 32,
    "R12": 30,
    "R13": 34,
    "R15": 50,
    "R16": 30,
    "R17": 34,
}
"""Seats of the regional maslikhats that were not published (even, 30-50)."""

OBLAST_COMMISSIONS: dict[str, tuple[int, int]] = {
    "R01": (2, 12),
    "R02": (2, 18),
    "R03": (1, 13),
    "R04": (2, 11),
    "R05": (1, 8),
    "R06": (1, 13),
    "R07": (1, 11),
    "R08": (2, 10),
    "R09": (5, 14),
    "R10": (4, 18),
    "R11": (1, 8),
    "R12": (2, 7),
    "R13": (3, 13),
    "R14": (1, 14),
    "R15": (3, 16),
    "R16": (3, 5),
    "R17": (3, 12),
}
"""(city commissions, all commissions) per oblast: 37 cities of oblast significance and 166
districts, one maslikhat each (the counts per oblast are generated)."""

MAZHILIS_SMD_PARTY_NOMINEES: dict[str, int] = {
    "AMANAT": 29,
    "AUYL": 10,
    "RESPUBLICA": 8,
    "PPK": 10,
    "AQ-ZHOL": 9,
    "NSDP": 6,
    "BAYTAQ": 4,
}
"""Generated split of the 76 party-nominated district candidates (435 less 359 self)."""

PRECINCT_MIN, PRECINCT_MAX = 40, 3000
"""Bounds of a generated precinct electorate (the law's ceiling is 3,000 voters)."""

NOTES: tuple[str, ...] = (
    "Public: the 7 Mazhilis lists and their ballot order; 281 list candidates; 20 regions "
    "in the CEC's order; 10,223 polling stations (10,146 + 77 abroad, 12,016 voters abroad); "
    "12,035,578 registered voters; the 29 Mazhilis districts by region; 435 district "
    "candidates (359 self-nominated); 223 maslikhats with 3,415 seats.",
    "Public where published: regional electorates (Almaty region, Atyrau, Karaganda, "
    "Kostanay, Kyzylorda, North Kazakhstan, Turkestan, Ulytau, Astana), polling station "
    "counts (Atyrau, Kyzylorda, North Kazakhstan), regional maslikhat seats (Atyrau, "
    "Karaganda, Kostanay, North Kazakhstan, Astana, Almaty, Shymkent).",
    "generated: the electorates of the other regions, and every precinct's electorate "
    "(40 to 3,000 voters; precincts are marked generated).",
    "generated: the polling station counts of the regions that did not publish them, and "
    "the precincts' station numbers (numbered from 1 in each region; abroad stations follow "
    "Astana's own).",
    "generated: the district and city commissions of the oblasts (how many per oblast, "
    "their borders, their names except each administrative centre); districts are marked "
    "generated. The districts of Astana, Almaty and Shymkent are the real ones with "
    "generated borders.",
    "Abroad: 77 stations in district R18-DXX under Astana's commission, giving the "
    "Mazhilis list ballot only (kztally's default; not in the sources). Astana's published "
    "electorate is taken to cover its own territory, the 12,016 abroad voters come on top.",
    "generated: the borders of the 29 Mazhilis districts (whole district commissions of "
    "their region, electorates balanced) and of every maslikhat district (whole precincts).",
    "generated: the seats of the regional maslikhats that were not published, and of every "
    "district and city maslikhat (totals honour 3,415).",
    "generated: the candidates' names, sex, age and disability flags, the list members "
    "beyond their published number, how many candidates each district has, and who "
    "nominated them; every personal name is generated and belongs to no real person.",
    "generated: the public associations «Үлгі» and «Сынақ» that nominate some maslikhat "
    "candidates.",
    "Registration order: People's Party 11 February, NSDP 13 February, Respublica 17 "
    "February are known; Auyl, Aq Zhol, Amanat, Baytaq (13-15 February) are assumed in that "
    "order.",
    "Maslikhat lists: all 7 parties run for every regional maslikhat, in the Mazhilis "
    "ballot and registration order (a simplification).",
    "Polling stations for voters without a registered address (188) are not modelled separately.",
)


# -- building -------------------------------------------------------------------------------


def _names(n: Names3) -> dict[str, str]:
    return {"kk": n[0], "ru": n[1], "en": n[2]}


@dataclass
class _District:
    code: str
    names: Names3
    city: bool
    maslikhat: Names3 | None = None
    """The district or city maslikhat's names (oblasts only)."""
    precincts: list[tuple[str, int]] = field(default_factory=list)
    """(precinct code, electorate)."""

    @property
    def electorate(self) -> int:
        return sum(e for _, e in self.precincts)


@dataclass
class _Region:
    facts: facts.RegionFacts
    districts: list[_District]
    abroad: _District | None


def _region_voters(r: facts.RegionFacts) -> int:
    return r.registered_voters if r.registered_voters is not None else GENERATED_VOTERS[r.code]


def _region_stations(r: facts.RegionFacts) -> int:
    return r.polling_stations if r.polling_stations is not None else GENERATED_STATIONS[r.code]


def _regional_seats(r: facts.RegionFacts) -> int:
    if r.regional_maslikhat_seats is not None:
        return r.regional_maslikhat_seats
    return GENERATED_MASLIKHAT_SEATS[r.code]


def _precinct_sizes(total: int, raw: Sequence[float], lo: int, hi: int) -> list[int]:
    """Electorates proportional to `raw` but bending smoothly below `hi` (no pile of
    precincts at the ceiling), at least `lo`, summing to `total`."""

    def soft(x: float) -> float:
        return max(float(lo), x / float((1 + (x / hi) ** 4) ** 0.25))

    low, high = 0.0, 1.0
    while sum(soft(high * w) for w in raw) < total:
        high *= 2
    for _ in range(100):
        mid = (low + high) / 2
        if sum(soft(mid * w) for w in raw) < total:
            low = mid
        else:
            high = mid
    return apportion(total, [soft(high * w) for w in raw], lo=lo, hi=hi)


def _territory(rng: random.Random) -> list[_Region]:
    """Regions, their commissions, and precinct codes with electorates."""
    regions: list[_Region] = []
    for rf in facts.REGIONS:
        districts: list[_District] = []
        kk, ru, en = REGION_NAMES[rf.code]
        if rf.city:
            for i, city_names in enumerate(CITY_DISTRICTS[rf.code], start=1):
                districts.append(_District(f"{rf.code}-D{i:02d}", city_names, True))
            weights = [rng.gammavariate(8, 1 / 8) for _ in districts]
        else:
            cities, total = OBLAST_COMMISSIONS[rf.code]
            ckk, cru, cen = CENTRES[rf.code]
            for i in range(1, total + 1):
                code = f"{rf.code}-D{i:02d}"
                if i == 1:
                    names: Names3 = (f"{ckk} қаласы", f"Город {cru}", f"{cen} City")
                    body: Names3 = (
                        f"{ckk} қалалық мәслихаты",
                        f"Маслихат города {cru}",
                        f"{cen} City Maslikhat",
                    )
                elif i <= cities:
                    names = (f"{kk}, №{i} қала", f"{ru}, город №{i}", f"{en}, City {i}")
                    body = (
                        f"{kk}, №{i} қалалық мәслихат",
                        f"{ru}, маслихат города №{i}",
                        f"{en}, City {i} Maslikhat",
                    )
                else:
                    names = (f"{kk}, №{i} аудан", f"{ru}, район №{i}", f"{en}, District {i}")
                    body = (
                        f"{kk}, №{i} аудандық мәслихат",
                        f"{ru}, маслихат района №{i}",
                        f"{en}, District {i} Maslikhat",
                    )
                districts.append(_District(code, names, i <= cities, body))
            weights = [
                0.25 * total if i == 0 else (0.6 if d.city else 1.0) * rng.gammavariate(4, 1 / 4)
                for i, d in enumerate(districts)
            ]
        counts = apportion(_region_stations(rf), weights, lo=8 if not rf.city else 20)
        raw: list[float] = []
        for d, n in zip(districts, counts, strict=True):
            for _ in range(n):
                if d.city:
                    raw.append(rng.lognormvariate(math.log(1700), 0.35))
                else:
                    raw.append(rng.lognormvariate(math.log(550), 0.85))
        sizes = _precinct_sizes(_region_voters(rf), raw, PRECINCT_MIN, PRECINCT_MAX)
        it = iter(sizes)
        for d, n in zip(districts, counts, strict=True):
            d.precincts = [("", next(it)) for _ in range(n)]
        abroad: _District | None = None
        if rf.code == facts.ABROAD_REGION:
            abroad = _District(
                f"{rf.code}-{ABROAD_DISTRICT}",
                ("Шетелдегі сайлау учаскелері", "Избирательные участки за рубежом", "Abroad"),
                False,
            )
            raw = [
                rng.lognormvariate(math.log(120), 0.8) for _ in range(facts.POLLING_STATIONS_ABROAD)
            ]
            sizes = _precinct_sizes(facts.VOTERS_ABROAD, raw, 10, 1500)
            abroad.precincts = [("", s) for s in sizes]
        regions.append(_Region(rf, districts, abroad))
    # Precinct codes in territorial order.
    n = 0
    for region in regions:
        for d in [*region.districts, *([region.abroad] if region.abroad else [])]:
            coded = []
            for _, e in d.precincts:
                n += 1
                coded.append((f"P{n:05d}", e))
            d.precincts = coded
    return regions


def _people(
    rng: random.Random, gen: NameGenerator, count: int, woman_share: float
) -> tuple[Person, ...]:
    """List members with at least 30% women, people under 29 or with disabilities."""
    people = []
    for _ in range(count):
        woman = rng.random() < woman_share
        people.append(
            Person(
                gen.name(woman),
                woman=woman,
                under_29=rng.random() < 0.07,
                disability=rng.random() < 0.02,
            )
        )
    minimum = math.ceil(0.3 * count)
    while sum(p.protected for p in people) < minimum:
        i = rng.choice([i for i, p in enumerate(people) if not p.protected])
        p = people[i]
        people[i] = Person(p.name, woman=p.woman, under_29=True, disability=p.disability)
    return tuple(people)


def _list_choices(
    rng: random.Random, gen: NameGenerator, contest: str, sizes: dict[str, int]
) -> tuple[Choice, ...]:
    out = []
    for lr in facts.MAZHILIS_LISTS:
        out.append(
            Choice(
                id=ChoiceId(f"{contest}-{lr.party}"),
                name=PARTY_NAMES[lr.party][0],
                ballot_order=lr.ballot_order,
                registration_order=REGISTRATION_ORDER[lr.party],
                party=PartyId(lr.party),
                nominator=Nominator.PARTY,
                members=_people(rng, gen, sizes[lr.party], 0.36),
            )
        )
    return tuple(out)


def _candidates(
    rng: random.Random,
    gen: NameGenerator,
    contest: str,
    nominators: Sequence[tuple[Nominator, str | None]],
) -> tuple[Choice, ...]:
    """District candidates, in Kazakh alphabetical order on the ballot."""
    people = [(gen.name(rng.random() < 0.22), nom, party) for nom, party in nominators]
    people.sort(key=lambda p: kazakh_sort_key(p[0]))
    return tuple(
        Choice(
            id=ChoiceId(f"{contest}-C{i:02d}"),
            name=name,
            ballot_order=i,
            party=PartyId(party) if party is not None else None,
            nominator=nom,
        )
        for i, (name, nom, party) in enumerate(people, start=1)
    )


def _maslikhat_nominators(rng: random.Random) -> list[tuple[Nominator, str | None]]:
    count = rng.choices((2, 3, 4, 5), weights=(30, 35, 22, 13))[0]
    noms: list[tuple[Nominator, str | None]] = []
    if rng.random() < 0.85:
        noms.append((Nominator.PARTY, "AMANAT"))
    for lr in facts.MAZHILIS_LISTS[1:]:
        if len(noms) < count and rng.random() < 0.08:
            noms.append((Nominator.PARTY, lr.party))
    if len(noms) < count and rng.random() < 0.05:
        noms.append((Nominator.ASSOCIATION, rng.choice(sorted(ASSOCIATION_NAMES))))
    while len(noms) < count:
        noms.append((Nominator.SELF, None))
    rng.shuffle(noms)
    return noms


def _mazhilis_smd_nominators(rng: random.Random) -> list[list[tuple[Nominator, str | None]]]:
    counts = [facts.SMD_CANDIDATES_REGISTERED // facts.MAZHILIS_SMD_SEATS] * 29
    for _ in range(80):
        i, j = rng.randrange(29), rng.randrange(29)
        if counts[i] > 8 and counts[j] < 24:
            counts[i] -= 1
            counts[j] += 1
    assert sum(counts) == facts.SMD_CANDIDATES_REGISTERED
    noms: list[list[tuple[Nominator, str | None]]] = [[] for _ in range(29)]
    for party, n in MAZHILIS_SMD_PARTY_NOMINEES.items():
        for i in sorted(rng.sample(range(29), n)):
            noms[i].append((Nominator.PARTY, party))
    for i, n in enumerate(counts):
        noms[i].extend([(Nominator.SELF, None)] * (n - len(noms[i])))
        rng.shuffle(noms[i])
    return noms


def build_definition() -> Election:
    """The bundled 2023 election: deterministic, the same on every run and machine."""
    territory = _territory(random.Random(f"{SEED}:territory"))
    rng = random.Random(f"{SEED}:contests")
    gen = NameGenerator(random.Random(f"{SEED}:names"))

    parties = tuple(
        Party(PartyId(lr.party), PARTY_NAMES[lr.party][0], _names(PARTY_NAMES[lr.party]))
        for lr in facts.MAZHILIS_LISTS
    ) + tuple(
        Party(PartyId(pid), names[0], _names(names)) for pid, names in ASSOCIATION_NAMES.items()
    )

    # District maslikhat seats: 3,415 less the regional maslikhats, over the 203 bodies.
    oblast_districts = [d for reg in territory if not reg.facts.city for d in reg.districts]
    regional_total = sum(_regional_seats(reg.facts) for reg in territory)
    district_seats = apportion(
        facts.MASLIKHAT_SEATS - regional_total,
        [math.sqrt(d.electorate) for d in oblast_districts],
        lo=[min(7, len(d.precincts)) for d in oblast_districts],
        hi=[min(35, len(d.precincts)) for d in oblast_districts],
    )
    seats_of_district = {d.code: s for d, s in zip(oblast_districts, district_seats, strict=True)}

    bodies: list[Body] = [
        Body(
            BodyId("MZ"),
            BodyKind.MAZHILIS,
            "Қазақстан Республикасы Парламентінің Мәжілісі",
            AreaCode("KZ"),
            {
                "kk": "Қазақстан Республикасы Парламентінің Мәжілісі",
                "ru": "Мажилис Парламента Республики Казахстан",
                "en": "Mazhilis of the Parliament of the Republic of Kazakhstan",
            },
        )
    ]
    mz_list = Contest(
        id=ContestId("MZ-L"),
        body=BodyId("MZ"),
        kind=ContestKind.LIST,
        name="Мәжіліс: партиялық тізімдер",
        area=AreaCode("KZ"),
        seats=facts.MAZHILIS_LIST_SEATS,
        choices=_list_choices(rng, gen, "MZ-L", MAZHILIS_LIST_SIZES),
    )
    mz_noms = _mazhilis_smd_nominators(rng)
    mz_smds: dict[int, Contest] = {}
    maslikhat_contests: list[Contest] = []
    areas: list[Area] = [
        Area(
            AreaCode("KZ"),
            AreaKind.COUNTRY,
            "Қазақстан Республикасы",
            None,
            {"kk": "Қазақстан Республикасы", "ru": "Республика Казахстан", "en": "Kazakhstan"},
        )
    ]
    for reg in territory:
        rf = reg.facts
        rcode = rf.code
        # Mazhilis districts: whole commissions, electorates balanced.
        smd_of = best_contiguous_split(
            [d.electorate for d in reg.districts], len(rf.mazhilis_districts)
        )
        mz_of_district = {
            d.code: f"MZ-S{rf.mazhilis_districts[g]:02d}"
            for d, g in zip(reg.districts, smd_of, strict=True)
        }
        for number in rf.mazhilis_districts:
            cid = f"MZ-S{number:02d}"
            mz_smds[number] = Contest(
                id=ContestId(cid),
                body=BodyId("MZ"),
                kind=ContestKind.SMD,
                name=f"Мәжіліс: №{number} бірмандатты сайлау округі",
                area=AreaCode(rcode),
                seats=1,
                choices=_candidates(rng, gen, cid, mz_noms[number - 1]),
                number=number,
            )
        # The regional maslikhat: half list, half districts of whole precincts.
        seats = _regional_seats(rf)
        body_id = f"ML-{rcode}"
        mnames = MASLIKHAT_NAMES[rcode]
        bodies.append(
            Body(BodyId(body_id), BodyKind.MASLIKHAT, mnames[0], AreaCode(rcode), _names(mnames))
        )
        list_seats = seats // 2
        cap = math.ceil(1.3 * list_seats)
        sizes = {
            lr.party: cap if lr.party == "AMANAT" else rng.randint(max(3, list_seats // 3), cap)
            for lr in facts.MAZHILIS_LISTS
        }
        maslikhat_contests.append(
            Contest(
                id=ContestId(f"{body_id}-L"),
                body=BodyId(body_id),
                kind=ContestKind.LIST,
                name=f"{mnames[0]}: партиялық тізімдер",
                area=AreaCode(rcode),
                seats=list_seats,
                choices=_list_choices(rng, gen, f"{body_id}-L", sizes),
            )
        )
        home = [p for d in reg.districts for p in d.precincts]
        smd_count = seats - list_seats
        regional_smd = split_contiguous([e for _, e in home], smd_count)
        rsmd_of_precinct = {
            code: f"{body_id}-S{g + 1:02d}" for (code, _), g in zip(home, regional_smd, strict=True)
        }
        for number in range(1, smd_count + 1):
            cid = f"{body_id}-S{number:02d}"
            maslikhat_contests.append(
                Contest(
                    id=ContestId(cid),
                    body=BodyId(body_id),
                    kind=ContestKind.SMD,
                    name=f"{mnames[0]}: №{number} бірмандатты сайлау округі",
                    area=AreaCode(rcode),
                    seats=1,
                    choices=_candidates(rng, gen, cid, _maslikhat_nominators(rng)),
                    number=number,
                )
            )
        areas.append(
            Area(
                AreaCode(rcode),
                AreaKind.REGION,
                REGION_NAMES[rcode][0],
                AreaCode("KZ"),
                _names(REGION_NAMES[rcode]),
                generated=rf.registered_voters is None or rf.polling_stations is None,
            )
        )
        station = 0
        for d in reg.districts:
            areas.append(
                Area(
                    AreaCode(d.code),
                    AreaKind.DISTRICT,
                    d.names[0],
                    AreaCode(rcode),
                    _names(d.names),
                    generated=True,
                )
            )
            dsmd_of_precinct: dict[str, str] = {}
            if d.maslikhat is not None:
                dbody = f"ML-{d.code}"
                dnames = d.maslikhat
                bodies.append(
                    Body(
                        BodyId(dbody),
                        BodyKind.MASLIKHAT,
                        dnames[0],
                        AreaCode(d.code),
                        _names(dnames),
                    )
                )
                dseats = seats_of_district[d.code]
                split = split_contiguous([e for _, e in d.precincts], dseats)
                for (code, _), g in zip(d.precincts, split, strict=True):
                    dsmd_of_precinct[code] = f"{dbody}-S{g + 1:02d}"
                for number in range(1, dseats + 1):
                    cid = f"{dbody}-S{number:02d}"
                    maslikhat_contests.append(
                        Contest(
                            id=ContestId(cid),
                            body=BodyId(dbody),
                            kind=ContestKind.SMD,
                            name=f"{dnames[0]}: №{number} бірмандатты сайлау округі",
                            area=AreaCode(d.code),
                            seats=1,
                            choices=_candidates(rng, gen, cid, _maslikhat_nominators(rng)),
                            number=number,
                        )
                    )
            for code, electorate in d.precincts:
                station += 1
                ballots = [
                    ContestId("MZ-L"),
                    ContestId(mz_of_district[d.code]),
                    ContestId(f"{body_id}-L"),
                    ContestId(rsmd_of_precinct[code]),
                ]
                if code in dsmd_of_precinct:
                    ballots.append(ContestId(dsmd_of_precinct[code]))
                areas.append(
                    Area(
                        AreaCode(code),
                        AreaKind.PRECINCT,
                        f"№{station} сайлау учаскесі",
                        AreaCode(d.code),
                        number=str(station),
                        electorate=electorate,
                        contests=tuple(ballots),
                        generated=True,
                    )
                )
        if reg.abroad is not None:
            d = reg.abroad
            areas.append(
                Area(
                    AreaCode(d.code),
                    AreaKind.DISTRICT,
                    d.names[0],
                    AreaCode(rcode),
                    _names(d.names),
                    generated=True,
                )
            )
            for code, electorate in d.precincts:
                station += 1
                areas.append(
                    Area(
                        AreaCode(code),
                        AreaKind.PRECINCT,
                        f"№{station} сайлау учаскесі (шетелде)",
                        AreaCode(d.code),
                        number=str(station),
                        electorate=electorate,
                        contests=(ContestId("MZ-L"),),
                        generated=True,
                    )
                )

    contests = (mz_list, *(mz_smds[n] for n in sorted(mz_smds)), *maslikhat_contests)
    return Election(
        id=ELECTION_ID,
        name="Мәжіліс және мәслихаттар депутаттарын сайлау, 2023 жылғы 19 наурыз",
        date=facts.ELECTION_DATE,
        rules=RULES_2023,
        parties=parties,
        bodies=tuple(bodies),
        contests=contests,
        areas=tuple(areas),
        training=False,
        notes=NOTES,
    )


def definition_json(election: Election) -> str:
    """The definition file's text: pretty-printed, UTF-8 letters kept, newline at the end."""
    return json.dumps(election_to_dict(election), ensure_ascii=False, indent=2) + "\n"


def write_definition(path: Path, election: Election | None = None) -> None:
    text = definition_json(build_definition() if election is None else election)
    path.write_bytes(text.encode("utf-8"))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m kztally.mockgen.definition OUTFILE", file=sys.stderr)
        return 2
    write_definition(Path(args[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
