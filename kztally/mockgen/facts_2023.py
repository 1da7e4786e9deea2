"""Published figures of the 19 March 2023 elections, copied into the code.

Sources: the Central Election Commission's releases and the national press (Kazinform,
Astana Times, vlast.kz, Interfax, regional commissions' announcements). `None` is a figure
that was not found in public sources; the definition builder generates a plausible value
for it and marks it as generated.

These constants are what the bundled definition and the national mock are built to match;
tests compare against them. Nothing here is read from outside the package at run time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

ELECTION_DATE = dt.date(2023, 3, 19)

# -- national figures (national-2023.csv) ---------------------------------------------------

REGISTERED_VOTERS = 12_035_578
"""Final CEC figure, abroad included."""
BALLOTS_ISSUED = 6_521_860
"""Voters who received ballots (turnout 54.19%)."""
VALID_LIST_VOTES = 6_366_441
"""Lists + against all on the Mazhilis list ballot."""
POLLING_STATIONS = 10_223
POLLING_STATIONS_IN_COUNTRY = 10_146
POLLING_STATIONS_ABROAD = 77
COUNTRIES_ABROAD = 62
VOTERS_ABROAD = 12_016
POLLING_STATIONS_NO_ADDRESS = 188
"""Stations for voters without a registered address (not modelled separately)."""
MAZHILIS_LIST_CANDIDATES = 281
MAZHILIS_LIST_SEATS = 69
MAZHILIS_SMD_SEATS = 29
SMD_CANDIDATES_NOMINATED = 609
SMD_CANDIDATES_REGISTERED = 435
SMD_CANDIDATES_SELF_NOMINATED = 359
MASLIKHATS = 223
MASLIKHATS_REGIONAL = 20
MASLIKHATS_CITY = 37
"""Maslikhats of cities of oblast significance."""
MASLIKHATS_DISTRICT = 166
MASLIKHAT_SEATS = 3_415


# -- the Mazhilis party-list result (mazhilis-2023-lists.csv) -------------------------------


@dataclass(frozen=True, slots=True)
class ListResult:
    party: str
    """The party id used in the bundled definition."""
    name_en: str
    ballot_order: int
    """Drawn by lot at the CEC on 18 February 2023; the same on the regional maslikhat
    list ballots."""
    registered_on: str
    """As far as known; a range where the exact day is not known."""
    votes: int
    seats: int


MAZHILIS_LISTS: tuple[ListResult, ...] = (
    ListResult("AMANAT", "Amanat", 1, "2023-02-14 or 15", 3_431_510, 40),
    ListResult("AUYL", "Auyl", 2, "2023-02-13..15", 693_938, 8),
    ListResult("RESPUBLICA", "Respublica", 3, "2023-02-17", 547_154, 6),
    ListResult("PPK", "People's Party of Kazakhstan", 4, "2023-02-11", 432_920, 5),
    ListResult("BAYTAQ", "Baytaq", 5, "2023-02-13..15", 146_431, 0),
    ListResult("AQ-ZHOL", "Aq Zhol", 6, "2023-02-13..15", 535_139, 6),
    ListResult("NSDP", "Nationwide Social Democratic Party", 7, "2023-02-13", 331_058, 4),
)
AGAINST_ALL_VOTES = 248_291

LIST_VOTES: dict[str, int] = {r.party: r.votes for r in MAZHILIS_LISTS}
LIST_SEATS: dict[str, int] = {r.party: r.seats for r in MAZHILIS_LISTS}


# -- the regions (regions-2023.csv) ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegionFacts:
    code: str
    """R01..R20 in the CEC's order."""
    name_en: str
    city: bool
    """A city of republican significance (no district maslikhats)."""
    mazhilis_districts: tuple[int, ...]
    """Numbers of the Mazhilis single-member districts in the region (13, 14, 15, 22, 24
    and 29 are inferred from the neighbours)."""
    turnout_pct_2210: Fraction
    """The CEC's last published turnout, at 22:10 on election day (no final regional
    turnout was published)."""
    registered_voters: int | None
    polling_stations: int | None
    regional_maslikhat_seats: int | None
    """Half list, half single-member seats."""


def _r(
    n: int,
    name: str,
    city: bool,
    districts: tuple[int, ...],
    turnout: str,
    voters: int | None = None,
    stations: int | None = None,
    seats: int | None = None,
) -> RegionFacts:
    return RegionFacts(
        f"R{n:02d}", name, city, districts, Fraction(turnout), voters, stations, seats
    )


REGIONS: tuple[RegionFacts, ...] = (
    _r(1, "Abai", False, (8,), "57.02"),
    _r(2, "Akmola", False, (9,), "60.01"),
    _r(3, "Aktobe", False, (10,), "58.00"),
    _r(4, "Almaty region", False, (11, 12), "60.03", voters=966_304),
    _r(5, "Atyrau", False, (13,), "51.23", voters=412_165, stations=269, seats=30),
    _r(6, "West Kazakhstan", False, (14,), "59.20"),
    _r(7, "Zhambyl", False, (15, 16), "65.21"),
    _r(8, "Zhetysu", False, (17,), "55.32"),
    _r(9, "Karaganda", False, (18, 19), "59.48", voters=761_673, seats=36),
    _r(10, "Kostanay", False, (20,), "65.10", voters=554_655, seats=32),
    _r(11, "Kyzylorda", False, (21,), "67.21", voters=486_034, stations=373),
    _r(12, "Mangystau", False, (22,), "54.10"),
    _r(13, "Pavlodar", False, (23,), "58.68"),
    _r(14, "North Kazakhstan", False, (24,), "65.25", voters=382_307, stations=631, seats=30),
    _r(15, "Turkestan", False, (25, 26, 27), "53.01", voters=1_177_507),
    _r(16, "Ulytau", False, (28,), "58.99", voters=138_277),
    _r(17, "East Kazakhstan", False, (29,), "64.15"),
    _r(18, "Astana", True, (1, 2), "42.91", voters=788_931, seats=34),
    _r(19, "Almaty", True, (3, 4, 5), "25.82", seats=42),
    _r(20, "Shymkent", True, (6, 7), "45.46", seats=32),
)

REGION_BY_CODE: dict[str, RegionFacts] = {r.code: r for r in REGIONS}

ABROAD_REGION = "R18"
"""Where the abroad stations report: Astana's commission (kztally's default, a setting; the
sources do not say). Astana's published electorate is taken to cover its own territory:
the abroad voters come on top of it."""

LARGEST_REGION = "R15"
"""Turkestan, by electorate."""
SMALLEST_REGION = "R16"
"""Ulytau, by electorate."""
