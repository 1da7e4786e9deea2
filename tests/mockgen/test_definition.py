"""The bundled 2023 definition: public facts honoured, generated rest plausible and marked."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import pytest

from kztally.domain.election import AreaKind, BodyKind, ContestKind, Election, Nominator
from kztally.domain.rules import RULES_2023
from kztally.formats.election_json import content_hash, election_from_dict
from kztally.formats.load import load_election
from kztally.mockgen.definition import build_definition, definition_json, main

BUNDLED = Path(__file__).resolve().parents[2] / "resources" / "elections" / "kz-2023.json"

REGIONS_EN = (
    "Abai Region",
    "Akmola Region",
    "Aktobe Region",
    "Almaty Region",
    "Atyrau Region",
    "West Kazakhstan Region",
    "Zhambyl Region",
    "Zhetysu Region",
    "Karaganda Region",
    "Kostanay Region",
    "Kyzylorda Region",
    "Mangystau Region",
    "Pavlodar Region",
    "North Kazakhstan Region",
    "Turkistan Region",
    "Ulytau Region",
    "East Kazakhstan Region",
    "Astana",
    "Almaty",
    "Shymkent",
)
CITIES = {"R18", "R19", "R20"}

# Mazhilis district number -> region (regions-2023.csv).
MZ_DISTRICT_REGION = {
    1: "R18", 2: "R18", 3: "R19", 4: "R19", 5: "R19", 6: "R20", 7: "R20", 8: "R01",
    9: "R02", 10: "R03", 11: "R04", 12: "R04", 13: "R05", 14: "R06", 15: "R07", 16: "R07",
    17: "R08", 18: "R09", 19: "R09", 20: "R10", 21: "R11", 22: "R12", 23: "R13", 24: "R14",
    25: "R15", 26: "R15", 27: "R15", 28: "R16", 29: "R17",
}  # fmt: skip

PUBLISHED_VOTERS = {
    "R04": 966_304,
    "R05": 412_165,
    "R09": 761_673,
    "R10": 554_655,
    "R11": 486_034,
    "R14": 382_307,
    "R15": 1_177_507,
    "R16": 138_277,
    "R18": 788_931,  # Astana's own territory; the abroad district comes on top
}
PUBLISHED_STATIONS = {"R05": 269, "R11": 373, "R14": 631}
PUBLISHED_MASLIKHAT_SEATS = {
    "R05": 30,
    "R09": 36,
    "R10": 32,
    "R14": 30,
    "R18": 34,
    "R19": 42,
    "R20": 32,
}


@pytest.fixture(scope="module")
def election() -> Election:
    return build_definition()


def _region_of(e: Election, code: str) -> str:
    return next(a.code for a in e.ancestors(code) if a.kind is AreaKind.REGION)


def test_identity_and_rules(election: Election) -> None:
    assert election.id == "KZ-2023"
    assert election.date.isoformat() == "2023-03-19"
    assert election.rules == RULES_2023
    assert election.training is False
    generated_notes = [n for n in election.notes if "generated" in n]
    assert len(generated_notes) >= 6


def test_parties(election: Election) -> None:
    assert {p.id: p.names["kk"] for p in election.parties[:7]} == {
        "AMANAT": "AMANAT",
        "AUYL": "Ауыл",
        "RESPUBLICA": "Respublica",
        "PPK": "Қазақстан Халық партиясы",
        "BAYTAQ": "Байтақ",
        "AQ-ZHOL": "Ақ жол",
        "NSDP": "Жалпыұлттық социал-демократиялық партия",
    }
    for p in election.parties:
        assert set(p.names) == {"kk", "ru", "en"}


def test_territory_counts(election: Election) -> None:
    regions = election.children("KZ")
    assert [r.code for r in regions] == [f"R{i:02d}" for i in range(1, 21)]
    assert [r.names["en"] for r in regions] == list(REGIONS_EN)
    assert all(set(r.names) == {"kk", "ru", "en"} for r in regions)
    precincts = election.precincts()
    assert len(precincts) == 10_223
    abroad = election.precincts("R18-DXX")
    assert len(abroad) == 77
    assert election.area("R18-DXX").names["en"] == "Abroad"
    oblast_districts = [
        d for r in regions if r.code not in CITIES for d in election.children(r.code)
    ]
    assert len(oblast_districts) == 203
    assert len({p.code for p in precincts}) == 10_223
    assert all(p.code.startswith("P") and len(p.code) == 6 for p in precincts)


def test_electorates(election: Election) -> None:
    assert election.electorate() == 12_035_578
    assert election.electorate("R18-DXX") == 12_016
    own = {r: election.electorate(r) for r in PUBLISHED_VOTERS}
    own["R18"] -= election.electorate("R18-DXX")
    assert own == PUBLISHED_VOTERS
    by_region = {r.code: election.electorate(r.code) for r in election.children("KZ")}
    assert max(by_region, key=by_region.__getitem__) == "R15"  # Turkestan
    assert min(by_region, key=by_region.__getitem__) == "R16"  # Ulytau
    stations = {r: len(election.precincts(r)) for r in PUBLISHED_STATIONS}
    assert stations == PUBLISHED_STATIONS
    home = [p for p in election.precincts() if p.parent != "R18-DXX"]
    sizes = sorted(p.electorate or 0 for p in home)
    assert sizes[0] >= 40 and sizes[-1] <= 3000
    assert sizes[len(sizes) // 2] < sum(sizes) / len(sizes) * 1.1  # skewed, not uniform
    assert sum(1 for s in sizes if s < 200) > 200
    assert sum(1 for s in sizes if s > 2500) > 200
    assert all(p.generated for p in election.precincts())


def test_ballot_types_per_precinct(election: Election) -> None:
    for p in election.precincts():
        region = _region_of(election, p.code)
        if p.parent == "R18-DXX":
            assert p.contests == ("MZ-L",)
            continue
        district = p.parent
        assert p.contests[0] == "MZ-L"
        assert p.contests[1].startswith("MZ-S")
        assert p.contests[2] == f"ML-{region}-L"
        assert p.contests[3].startswith(f"ML-{region}-S")
        if region in CITIES:
            assert len(p.contests) == 4
        else:
            assert len(p.contests) == 5
            assert p.contests[4].startswith(f"ML-{district}-S")
        for cid in p.contests:
            assert election.has_contest(cid)


def test_mazhilis_districts(election: Election) -> None:
    smds = [c for c in election.contests_of("MZ") if c.kind is ContestKind.SMD]
    assert {c.number: c.area for c in smds} == MZ_DISTRICT_REGION
    assert [c.id for c in smds] == [f"MZ-S{n:02d}" for n in range(1, 30)]
    # Each covers whole district commissions of its region.
    for d in (a for a in election.areas if a.kind is AreaKind.DISTRICT):
        ballots = {p.contests[1] for p in election.precincts(d.code) if len(p.contests) > 1}
        if d.code.endswith("DXX"):
            assert ballots == set()
            continue
        assert len(ballots) == 1
        (smd,) = ballots
        assert election.contest(smd).area == d.parent
    # Roughly balanced inside each region.
    electorate: Counter[str] = Counter()
    for p in election.precincts():
        if len(p.contests) > 1:
            electorate[p.contests[1]] += p.electorate or 0
    for region in {c.area for c in smds}:
        own = [electorate[c.id] for c in smds if c.area == region]
        if len(own) > 1:
            assert max(own) < 1.6 * min(own)
    candidates = [ch for c in smds for ch in c.choices]
    assert len(candidates) == 435
    assert Counter(ch.nominator for ch in candidates)[Nominator.SELF] == 359
    assert all(ch.party is None for ch in candidates if ch.nominator is Nominator.SELF)
    assert all(ch.party is not None for ch in candidates if ch.nominator is Nominator.PARTY)
    assert all(8 <= len(c.choices) <= 24 for c in smds)


def test_mazhilis_lists(election: Election) -> None:
    mz = election.contest("MZ-L")
    assert (mz.kind, mz.seats, mz.area, mz.against_all) == (ContestKind.LIST, 69, "KZ", True)
    assert [(c.id, c.ballot_order, c.registration_order, len(c.members)) for c in mz.choices] == [
        ("MZ-L-AMANAT", 1, 5, 90),
        ("MZ-L-AUYL", 2, 3, 35),
        ("MZ-L-RESPUBLICA", 3, 7, 33),
        ("MZ-L-PPK", 4, 1, 32),
        ("MZ-L-BAYTAQ", 5, 6, 26),
        ("MZ-L-AQ-ZHOL", 6, 4, 35),
        ("MZ-L-NSDP", 7, 2, 30),
    ]
    assert sum(len(c.members) for c in mz.choices) == 281


def test_maslikhats(election: Election) -> None:
    maslikhats = [b for b in election.bodies if b.kind is BodyKind.MASLIKHAT]
    assert len(maslikhats) == 223
    regional = [b for b in maslikhats if b.id.count("-") == 1]
    assert [b.id for b in regional] == [f"ML-R{i:02d}" for i in range(1, 21)]
    assert all(set(b.names) == {"kk", "ru", "en"} for b in maslikhats)
    seats = {str(b.id): sum(c.seats for c in election.contests_of(b.id)) for b in maslikhats}
    assert sum(seats.values()) == 3_415
    assert {r: seats[f"ML-{r}"] for r in PUBLISHED_MASLIKHAT_SEATS} == PUBLISHED_MASLIKHAT_SEATS
    for b in regional:
        contests = election.contests_of(b.id)
        lists = [c for c in contests if c.kind is ContestKind.LIST]
        smds = [c for c in contests if c.kind is ContestKind.SMD]
        assert [c.id for c in lists] == [f"{b.id}-L"]
        assert seats[b.id] % 2 == 0 and 30 <= seats[b.id] <= 50
        assert lists[0].seats == len(smds) == seats[b.id] // 2
        assert [ch.party for ch in lists[0].choices] == [
            ch.party for ch in election.contest("MZ-L").choices
        ]
        cap = math.ceil(1.3 * lists[0].seats)
        assert all(0 < len(ch.members) <= cap for ch in lists[0].choices)
    for b in maslikhats:
        if b.id.count("-") == 2:
            assert all(c.kind is ContestKind.SMD for c in election.contests_of(b.id))
            assert election.area(b.area).kind is AreaKind.DISTRICT


def test_smd_contests_cover_whole_precincts_of_their_territory(election: Election) -> None:
    precincts_of: dict[str, list[str]] = {}
    for p in election.precincts():
        for cid in p.contests:
            precincts_of.setdefault(cid, []).append(p.code)
    for c in election.contests:
        assert precincts_of.get(c.id), c.id
        if c.kind is ContestKind.SMD:
            assert c.seats == 1 and c.against_all
            if c.body != "MZ":
                assert 2 <= len(c.choices) <= 5
                assert [ch.ballot_order for ch in c.choices] == list(range(1, len(c.choices) + 1))
            body_area = election.body(c.body).area
            for code in precincts_of[c.id]:
                assert body_area == "KZ" or any(
                    a.code == body_area for a in election.ancestors(code)
                )


def test_people(election: Election) -> None:
    ids = [ch.id for c in election.contests for ch in c.choices]
    assert len(ids) == len(set(ids))
    lists = [ch for c in election.contests if c.kind is ContestKind.LIST for ch in c.choices]
    for lst in lists:
        assert len({m.name for m in lst.members}) == len(lst.members)
        assert sum(m.protected for m in lst.members) >= 0.3 * len(lst.members)
    letters = {ch for lst in lists for m in lst.members for ch in m.name.upper()}
    assert set("ӘҒҚҢӨҰҮҺІ") <= letters
    nominators = Counter(
        ch.nominator for c in election.contests if c.kind is ContestKind.SMD for ch in c.choices
    )
    assert set(nominators) == set(Nominator)


def test_bundled_file_is_a_fresh_build(election: Election) -> None:
    assert BUNDLED.read_bytes() == definition_json(election).encode("utf-8")


def test_build_is_deterministic(election: Election) -> None:
    assert content_hash(build_definition()) == content_hash(election)


def test_json_round_trip_keeps_the_hash(election: Election) -> None:
    data = json.loads(BUNDLED.read_text(encoding="utf-8"))
    again = election_from_dict(data)
    assert content_hash(again) == content_hash(election) == data["identity"]["hash"]
    assert again.precincts()[-1] == election.precincts()[-1]


def test_bundled_file_loads(election: Election) -> None:
    loaded = load_election(BUNDLED)
    assert content_hash(loaded) == content_hash(election)


def test_script_writes_the_same_bytes(tmp_path: Path) -> None:
    out = tmp_path / "kz-2023.json"
    assert main([str(out)]) == 0
    assert out.read_bytes() == BUNDLED.read_bytes()
    assert main([]) == 2
