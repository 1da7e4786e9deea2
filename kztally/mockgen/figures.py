"""Deterministic mock protocol figures, with errors planted on request.

API
===

``scale_election(full, scale, seed) -> Election``
    A mock election cut from a full definition (normally the bundled 2023 one). ``scale``:

    - ``"national"``: every area and contest;
    - ``"region"``: one oblast, chosen by the seed, at full size (with the Mazhilis list
      contest, its Mazhilis districts, its regional maslikhat and its district
      maslikhats);
    - ``"small"``: one oblast district, chosen by the seed, cut to about 40 precincts
      (whole district-maslikhat constituencies, in order, until at least 40), with every
      ballot type; only the contests that keep a precinct stay.

    The result is marked ``training=True``, has the id ``<full id>-MOCK-<scale>-s<seed>``
    (e.g. ``KZ-2023-MOCK-national-s1``), a name that says mock, and a note on what was cut.

``generate(election, seed, errors=0.0) -> MockElection``
    One ``MockProtocol`` per (precinct, contest) in ``election.iter_protocol_keys()`` order,
    and an answer key. The same election and seed give the same figures, every time and on
    every machine (only ``random.Random`` is used, seeded from ``seed``).

``MockProtocol(precinct, contest, first, second, acts, planted)``
    The two entries of one protocol. Clean protocols have ``first == second`` (the same
    object), satisfy K1-K6 exactly (``check_control_ratios(contest, first, acts)`` finds
    nothing) and ``planted is None``. ``acts`` holds ``Act.MOBILE_BOX_EXCESS`` for the rare
    protocol whose mobile box held more ballots than requests (all of its ballots invalid,
    as the law says): K5 then passes only because of the act.

``MockElection(election, protocols, answers)``
    ``answers`` is JSON-ready: ``{"election", "seed", "scale", "errors", "protocols",
    "planted": [{"precinct", "contest", "kind", "field", "first", "second", "correct",
    "note", ...}]}``; ``scale`` is read from the mock id (``"full"`` for any other election).

How the figures are made
========================

Per precinct, the first ballot type (the Mazhilis list, ``MZ-L``) leads:

- line 1 = the precinct's electorate, plus voters added on the day in some precincts
  (up to ~1.2%) or minus some removed (up to ~1.2%, never near W8's 10%), balanced so
  that lines 1 add up to the electorate (12,035,578 nationally: turnout 54.19%);
- ballots issued (3 + 4) come from the region's turnout target (``facts_2023``: the CEC's
  22:10 regional turnout; regions not in the facts get the national 54.19%), perturbed per
  precinct on the logit scale (smaller precincts vote a little more), then apportioned so
  that each region's issued ballots over its lines 1 hit the target exactly (to the
  ballot); line 4 (mobile box) is 0.5-4% of them in about 60% of precincts;
- line 2 = line 1 plus a small reserve, line 5 = line 2 - 3 - 4 (K1);
- ballots in the boxes: every mobile-box ballot, and the stationary ballots less a few
  taken away (under 2% of the issued, so W3 stays quiet);
- invalid ballots about 1.9% of the ballots in the boxes, capped at 3% (W1) in all but
  about 1% of precincts;
- votes: the national shares of the lists and of against all, times a gamma
  perturbation per region (cv ~22%) and per precinct (cv ~38%), normalised to the valid
  ballots and rounded by largest remainder (K4).

At national scale (all 10,223 precincts and 12,035,578 voters of the bundled definition)
the Mazhilis list totals are the official ones exactly: the invalid ballots are
apportioned so that the valid ballots sum to 6,366,441, the precinct shares are raked
(iterative proportional fitting) to the official list and against-all totals, rounded per
precinct, and the last few votes are moved between lines inside precincts until every
column is exact; every protocol stays consistent. The national ballots issued are
exactly 6,521,860: the sum of the regional targets (22:10 turnout x lines 1) comes out
above it, so every region's
issued ballots are scaled down by the same factor, which moves each regional turnout by
at most ~0.3 percentage points below its 22:10 figure (the tests hold them within 1
point). At other scales (region, small) the same method
runs without the national fitting, so the list shares are near, not at, the national ones.

Other ballot types at the precinct: the same line 1 and line 2, ballots issued within
0.6% of the Mazhilis list ballot's (W7's 2% is never reached), their own invalid ballots
and missing ballots; regional maslikhat lists vote like the precinct's Mazhilis list with
a little noise; district candidates have a strength per contest (candidates nominated by
Amanat stronger), perturbed per precinct, and against all a few percent. About one
protocol in 3,000 of these has the lawful mobile-box excess with its act.

Abroad precincts count under Astana (R18) and share its turnout target.

Warnings are rare but present: at national scale (seed 1) W1 and W5 come up in a few
dozen of the ~49,500 protocols; W3, W6, W7 and W8 never arise in clean protocols, W2
only in a precinct pushed to the extreme.

Planted errors
==============

With ``errors=F`` in (0, 1], ``round(F x number of protocols)`` protocols, drawn by a
second generator seeded from ``seed``, get one mistake each, the kinds dealt in turn
(so every kind occurs once there are at least 4):

- ``"broken_ratio"``: the same typo in both entries, breaking K1 (line 2 or 5) or K4
  (a vote line);
- ``"transposed_digits"``: two adjacent digits of one field swapped in one entry; the
  entries differ;
- ``"second_entry_differs"``: the second entry has another figure in one field;
- ``"duplicate"``: both entries copy the figures of another precinct's protocol of the
  same contest, one that is not planted itself (W6); ``field``, ``first``, ``second``
  and ``correct`` are null and ``source`` names the copied precinct.

The clean figures do not depend on ``errors``: a protocol that is not planted is the same
with any ``errors``, and with ``errors=0`` every total is the clean one. Totals taken over
the first (or second) entries of planted protocols differ from the clean totals: compare
against the clean figures in the answer key ("correct") rather than the official totals.

Ballot stuffing
===============

With ``stuffing=S`` in (0, 1], ``round(S x districts)`` districts (at least one; a
district is the area a precinct belongs to), drawn by a generator seeded from ``seed``
alone, get ballot stuffing for the forensics to find: in about 85% of their precincts,
ballots are issued for voters who did not come, 20-100% of those that would take turnout
to 93%, and all of them counted for the leading list (the list contest's choice with the most
votes). Line 3, line 6 and the leader's votes rise together, line 5 falls, so every
control ratio still holds: the protocols are accepted like the clean ones. The answer
key then has ``"stuffing"`` and ``"stuffed": [{"district", "precincts", "ballots"}]``.
Precincts outside the stuffed districts keep their clean figures; at national scale the
list totals are no longer the official ones.

Timing: the national generation (49,480 protocols) takes about 2-3 s in CPython 3.11 on
one core. The figures are identical for the same seed on the same Python: `random`'s
algorithms are stable across CPython releases, but a change there would change them.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, Literal, get_args

from kztally.domain.election import Area, AreaKind, Contest, ContestKind, Election
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import AGAINST_ALL, LINE_COUNT, Act, Figures
from kztally.mockgen import facts_2023 as facts
from kztally.mockgen.numbers import apportion

Scale = Literal["national", "region", "small"]
SCALES: tuple[Scale, ...] = get_args(Scale)
ErrorKind = Literal["broken_ratio", "transposed_digits", "second_entry_differs", "duplicate"]
ERROR_KINDS: tuple[ErrorKind, ...] = (
    "broken_ratio",
    "transposed_digits",
    "second_entry_differs",
    "duplicate",
)

SMALL_PRECINCTS = 40
"""About how many precincts the 'small' scale keeps."""

NATIONAL_TURNOUT = Fraction(facts.BALLOTS_ISSUED, facts.REGISTERED_VOTERS)
INVALID_RATE = 0.019
"""Invalid ballots over ballots in the boxes, on average (W1 warns above 3%)."""
MISSING_MAX = 0.017
"""Ballots issued but not in the boxes: at most this share of the issued (W3: 2%)."""
OTHER_BALLOT_GAP = 0.006
"""Other ballot types' issued ballots fall short of the lead ballot's by at most this."""
STUFFED_SHARE = 0.85
"""With stuffing, the share of a stuffed district's precincts that are stuffed."""
STUFFED_FILL = (0.2, 1.0)
"""A stuffed precinct gets this share (uniform) of the ballots that would take its
turnout to STUFFED_TURNOUT."""
STUFFED_TURNOUT = 0.93
"""Stuffing takes turnout at most this high (W2 warns above 95%)."""
ACT_RATE = 1 / 3000
"""How often a non-lead protocol has the lawful mobile-box excess with its act."""

_MOCK_ID = re.compile(r"-MOCK-(national|region|small)-s(-?\d+)$")


def mock_seed(election: Election) -> int | None:
    """The seed a mock election was cut with (from its id); None for any other election."""
    m = _MOCK_ID.search(election.id)
    return int(m.group(2)) if m else None


@dataclass(frozen=True, slots=True)
class MockProtocol:
    precinct: AreaCode
    contest: ContestId
    first: Figures
    second: Figures
    acts: frozenset[Act]
    planted: str | None
    """The kind of error planted (one of `ERROR_KINDS`), or None for a clean protocol."""


@dataclass(frozen=True)
class MockElection:
    election: Election
    protocols: tuple[MockProtocol, ...]
    answers: dict[str, Any]
    """JSON-ready answer key: seed, scale, errors and the planted mistakes."""


# -- scaling --------------------------------------------------------------------------------


def _oblasts(full: Election) -> list[Area]:
    """Regions with district maslikhats (bodies on their districts)."""
    body_areas = {b.area for b in full.bodies}
    return [
        r
        for r in full.children(full.root.code)
        if r.kind is AreaKind.REGION and any(d.code in body_areas for d in full.children(r.code))
    ]


def _cut(full: Election, precincts: Sequence[Area], scale: str, seed: int, note: str) -> Election:
    keep_precincts = {p.code for p in precincts}
    keep_areas: set[AreaCode] = set(keep_precincts)
    for p in precincts:
        keep_areas.update(a.code for a in full.ancestors(p.code))
    used = {c for p in precincts for c in p.contests}
    contests = tuple(c for c in full.contests if c.id in used)
    bodies_used = {c.body for c in contests}
    return _mock(
        full,
        scale,
        seed,
        note,
        areas=tuple(a for a in full.areas if a.code in keep_areas),
        contests=contests,
        bodies=tuple(b for b in full.bodies if b.id in bodies_used),
    )


def _mock(full: Election, scale: str, seed: int, note: str, **changes: Any) -> Election:
    return replace(
        full,
        id=f"{full.id}-MOCK-{scale}-s{seed}",
        name=f"{full.name} — MOCK ({scale}, seed {seed})",
        training=True,
        notes=(*full.notes, note),
        **changes,
    )


def scale_election(full: Election, scale: Scale, seed: int) -> Election:
    """A training copy of `full` at the given scale (see the module docstring)."""
    rng = random.Random(f"{seed}:scale:{scale}")
    match scale:
        case "national":
            return _mock(full, scale, seed, f"mock: training copy of {full.id} at national scale")
        case "region":
            region = rng.choice(_oblasts(full))
            return _cut(
                full,
                full.precincts(region.code),
                scale,
                seed,
                f"mock: training copy of {full.id}, region {region.code} only",
            )
        case "small":
            body_areas = {b.area for b in full.bodies}
            districts = [
                d for r in _oblasts(full) for d in full.children(r.code) if d.code in body_areas
            ]
            big = [d for d in districts if len(full.precincts(d.code)) >= SMALL_PRECINCTS]
            district = rng.choice(big or districts)
            kept: list[Area] = []
            last: ContestId | None = None
            for p in full.precincts(district.code):
                smd = p.contests[-1]
                if len(kept) >= SMALL_PRECINCTS and smd != last:
                    break
                kept.append(p)
                last = smd
            return _cut(
                full,
                kept,
                scale,
                seed,
                f"mock: training copy of {full.id}, {len(kept)} precincts of district "
                f"{district.code} only",
            )
    raise AssertionError(scale)  # pragma: no cover


# -- helpers --------------------------------------------------------------------------------


def _largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Whole numbers proportional to weights, summing to total (ties to the earlier)."""
    s = sum(weights)
    if total == 0 or s <= 0:
        out = [0] * len(weights)
        if total and out:
            out[0] = total
        return out
    exact = [total * w / s for w in weights]
    out = [int(x) for x in exact]
    left = total - sum(out)
    if left:
        order = sorted(range(len(exact)), key=lambda i: out[i] - exact[i])
        for i in order[:left]:
            out[i] += 1
    return out


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


@dataclass(slots=True)
class _Lead:
    """The lead ballot's common figures at one precinct."""

    l1: int
    l2: int
    issued: int
    l4: int


def _national_targets(election: Election) -> list[int] | None:
    """The official MZ-L column totals (lists in ballot order, then against all) when the
    election is the whole 2023 country; None otherwise."""
    if not election.has_contest("MZ-L"):
        return None
    contest = election.contest("MZ-L")
    parties = [c.party for c in contest.choices]
    if parties != [r.party for r in facts.MAZHILIS_LISTS] or not contest.against_all:
        return None
    precincts = election.precincts()
    if len(precincts) != facts.POLLING_STATIONS:
        return None
    if election.electorate() != facts.REGISTERED_VOTERS:
        return None
    if any(not p.contests or p.contests[0] != "MZ-L" for p in precincts):
        return None
    return [facts.LIST_VOTES[str(p)] for p in parties] + [facts.AGAINST_ALL_VOTES]


def _base_shares(contest: Contest) -> list[float] | None:
    """National shares of the Mazhilis lists (and against all), by party; None when the
    contest's lists are not those parties."""
    by_party = {r.party: r.votes for r in facts.MAZHILIS_LISTS}
    out = []
    for c in contest.choices:
        if c.party is None or c.party not in by_party:
            return None
        out.append(by_party[c.party] / facts.VALID_LIST_VOTES)
    return [*out, facts.AGAINST_ALL_VOTES / facts.VALID_LIST_VOTES]


# -- generation -----------------------------------------------------------------------------


class _Generator:
    def __init__(self, election: Election, seed: int, stuffing: float = 0.0) -> None:
        self.election = election
        self.rng = random.Random(seed)
        self.seed = seed
        self.stuffing = stuffing
        self.stuffed: list[dict[str, Any]] = []
        self.precincts = election.precincts()
        self.region_of: dict[AreaCode, str | None] = {}
        for p in self.precincts:
            region = next(
                (a.code for a in election.ancestors(p.code) if a.kind is AreaKind.REGION), None
            )
            self.region_of[p.code] = region
        self.region_noise: dict[tuple[str | None, ContestId], list[float]] = {}
        self.smd_strength: dict[ContestId, list[float]] = {}

    # lead ballot ------------------------------------------------------------------------
    def leads(self, exact: bool) -> list[_Lead]:
        rng = self.rng
        l1s: list[int] = []
        weights: list[float] = []
        shifts: list[float] = []
        for p in self.precincts:
            e = p.electorate or 0
            u = rng.random()
            if u < 0.3:
                e += round(e * rng.uniform(0, 0.012))
            elif u < 0.6:
                e -= round(e * rng.uniform(0, 0.012))
            l1 = max(e, 1)
            l1s.append(l1)
            shifts.append(rng.gauss(0, 0.35) + 0.12 * math.log(1000 / max(l1, 20)))
            weights.append(0.0)
        # Voters added on the day and removed balance out: lines 1 sum to the electorate,
        # as the CEC's final figure of registered voters is the sum of the lists.
        self._balance(l1s, [p.electorate or 0 for p in self.precincts])
        for i, l1 in enumerate(l1s):
            target = self._turnout(self.region_of[self.precincts[i].code])
            weights[i] = l1 * min(0.93, max(0.07, _sigmoid(_logit(target) + shifts[i])))
        # Issued ballots per region: 22:10 turnout x lines 1, scaled to the national figure.
        regions: dict[str | None, list[int]] = {}
        for i, p in enumerate(self.precincts):
            regions.setdefault(self.region_of[p.code], []).append(i)
        order = list(regions)
        caps = [sum(math.floor(0.95 * l1s[i]) for i in regions[r]) for r in order]
        raw = [self._turnout(r) * sum(l1s[i] for i in regions[r]) for r in order]
        if exact:
            region_issued = apportion(facts.BALLOTS_ISSUED, raw, lo=0, hi=caps)
        else:
            region_issued = [min(round(x), c) for x, c in zip(raw, caps, strict=True)]
        issued = [0] * len(self.precincts)
        for r, total in zip(order, region_issued, strict=True):
            idx = regions[r]
            shares = apportion(
                total,
                [weights[i] for i in idx],
                lo=[min(1, l1s[i]) for i in idx],
                hi=[math.floor(0.95 * l1s[i]) for i in idx],
            )
            for i, v in zip(idx, shares, strict=True):
                issued[i] = v
        out = []
        for l1, n in zip(l1s, issued, strict=True):
            l4 = 0
            if n >= 20 and rng.random() < 0.6:
                l4 = max(1, round(n * rng.uniform(0.005, 0.04)))
            reserve = math.ceil(l1 * rng.uniform(0, 0.015)) if rng.random() < 0.7 else 0
            out.append(_Lead(l1, l1 + reserve, n, l4))
        return out

    def _balance(self, l1s: list[int], electorates: list[int]) -> None:
        """Move lines 1 by one voter at a time, in precincts chosen by the seed and never
        below 1 or further than 1.2% from the electorate, until they sum to the
        electorate."""
        excess = sum(l1s) - sum(electorates)
        if not l1s:
            return
        order = list(range(len(l1s)))
        self.rng.shuffle(order)
        step = -1 if excess > 0 else 1
        while excess != 0:
            moved = False
            for i in order:
                if excess == 0:
                    break
                new = l1s[i] + step
                limit = max(1, round(electorates[i] * 0.012))
                if new >= 1 and abs(new - electorates[i]) <= limit:
                    l1s[i] = new
                    excess += step
                    moved = True
            if not moved:
                break

    def _turnout(self, region: str | None) -> float:
        rf = facts.REGION_BY_CODE.get(region or "")
        return float((rf.turnout_pct_2210 / 100) if rf else NATIONAL_TURNOUT)

    # one protocol -----------------------------------------------------------------------
    def boxes(self, issued: int, l4: int) -> tuple[int, int, int, int]:
        """Lines 3, 4, 6, 7 for `issued` ballots, `l4` of them in the mobile box."""
        l3 = issued - l4
        missing = 0
        if self.rng.random() < 0.55:
            missing = min(l3, round(issued * self.rng.uniform(0, MISSING_MAX)))
        return l3, l4, l3 - missing, l4

    def invalid(self, in_boxes: int, rate: float) -> int:
        rng = self.rng
        n = round(in_boxes * rate * rng.gammavariate(25, 1 / 25))
        if rng.random() > 0.01:
            n = min(n, math.floor(0.03 * in_boxes))
        return max(0, min(n, in_boxes))

    def noise(self, region: str | None, contest: ContestId, n: int, shape: float) -> list[float]:
        key = (region, contest)
        noise = self.region_noise.get(key)
        if noise is None:
            noise = [self.rng.gammavariate(shape, 1 / shape) for _ in range(n)]
            self.region_noise[key] = noise
        return noise

    def list_weights(self, contest: Contest, region: str | None) -> list[float]:
        base = _base_shares(contest)
        if base is None:
            base = self._strengths(contest)
        rnoise = self.noise(region, contest.id, len(base), 20)
        g = self.rng.gammavariate
        return [b * r * g(7, 1 / 7) for b, r in zip(base, rnoise, strict=True)]

    def _strengths(self, contest: Contest) -> list[float]:
        """Per-contest strengths of the choices, then against all (fixed per contest)."""
        s = self.smd_strength.get(contest.id)
        if s is None:
            rng = self.rng
            s = [
                rng.gammavariate(1.5, 1) * (2.5 if c.party == "AMANAT" else 1.0)
                for c in contest.choices
            ]
            total = sum(s) or 1.0
            s = [x / total for x in s]
            top = max(s, default=0)
            if top > 0.8:  # keep W5 (one choice above 90%) rare
                mix = (top - 0.8) / (top - 1 / len(s))
                s = [(1 - mix) * x + mix / len(s) for x in s]
            s.append(rng.uniform(0.02, 0.07))
            self.smd_strength[contest.id] = s
        return s

    def other(
        self,
        contest: Contest,
        lead: _Lead,
        lead_votes: dict[str, float] | None,
        region: str | None,
    ) -> tuple[Figures, frozenset[Act]]:
        rng = self.rng
        gap = round(lead.issued * rng.uniform(0, OTHER_BALLOT_GAP)) if rng.random() < 0.5 else 0
        issued = lead.issued - gap
        l3, l4, l6, l7 = self.boxes(issued, min(lead.l4, issued))
        acts: frozenset[Act] = frozenset()
        rate = INVALID_RATE * (1.15 if contest.kind is ContestKind.SMD else 1.0)
        invalid = self.invalid(l6 + l7, rate)
        if l4 >= 1 and l6 >= 3 and rng.random() < ACT_RATE:
            excess = rng.randint(1, 2)
            l6 -= excess
            l7 += excess
            invalid = max(invalid, l7 + rng.randint(0, 2))
            invalid = min(invalid, l6 + l7)
            acts = frozenset({Act.MOBILE_BOX_EXCESS})
        valid = l6 + l7 - invalid
        weights: list[float]
        if contest.kind is ContestKind.LIST and lead_votes is not None:
            g = rng.gammavariate
            aa = lead_votes.get(AGAINST_ALL, 1.0)
            weights = [
                (lead_votes.get(str(c.party), 0.0) + 0.5) * g(30, 1 / 30) for c in contest.choices
            ]
            weights.append((aa + 0.5) * g(30, 1 / 30))
        elif contest.kind is ContestKind.LIST:
            weights = self.list_weights(contest, region)
        else:
            g = rng.gammavariate
            weights = [s * g(10, 1 / 10) for s in self._strengths(contest)]
        if not contest.against_all:
            weights = weights[:-1]
        votes = _largest_remainder(valid, weights)
        return _figures(contest, lead, l3, l4, l6, l7, invalid, votes), acts

    # the whole election -----------------------------------------------------------------
    def run(self) -> list[MockProtocol]:
        election = self.election
        targets = _national_targets(election)
        exact = targets is not None
        leads = self.leads(exact)
        n = len(self.precincts)
        lead_contests = [
            election.contest(p.contests[0]) if p.contests else None for p in self.precincts
        ]
        # Lines 3, 4, 6, 7 and the invalid ballots of the lead ballots.
        lines = [self.boxes(ld.issued, ld.l4) for ld in leads]
        in_boxes = [b[2] + b[3] for b in lines]
        if exact:
            assert targets is not None
            budget = sum(in_boxes) - sum(targets)
            rates = [self.rng.gammavariate(25, 1 / 25) for _ in range(n)]
            caps = [math.floor(0.03 * b) if self.rng.random() > 0.01 else b // 10 for b in in_boxes]
            invalid = apportion(budget, [b * r for b, r in zip(in_boxes, rates, strict=True)],
                                lo=0, hi=caps)  # fmt: skip
        else:
            invalid = [self.invalid(b, INVALID_RATE) for b in in_boxes]
        # Votes of the lead ballots.
        rows: list[list[float]] = []
        for p, c, b, inv in zip(self.precincts, lead_contests, in_boxes, invalid, strict=True):
            if c is None:
                rows.append([])
                continue
            w = (
                self.list_weights(c, self.region_of[p.code])
                if c.kind is ContestKind.LIST
                else [s * self.rng.gammavariate(10, 1 / 10) for s in self._strengths(c)]
            )
            if not c.against_all:
                w = w[:-1]
            total = sum(w) or 1.0
            rows.append([(b - inv) * x / total for x in w])
        if exact:
            assert targets is not None
            votes = _fit(rows, [b - i for b, i in zip(in_boxes, invalid, strict=True)], targets,
                         self.rng)  # fmt: skip
        else:
            votes = [
                _largest_remainder(b - i, row) if row else []
                for row, b, i in zip(rows, in_boxes, invalid, strict=True)
            ]
        if self.stuffing > 0:
            self.stuff(leads, lines, votes, lead_contests)
        # Every protocol, in iter_protocol_keys order.
        out: list[MockProtocol] = []
        none: frozenset[Act] = frozenset()
        for k, p in enumerate(self.precincts):
            c = lead_contests[k]
            if c is None:
                continue
            ld = leads[k]
            l3, l4, l6, l7 = lines[k]
            f = _figures(c, ld, l3, l4, l6, l7, invalid[k], votes[k])
            out.append(MockProtocol(p.code, c.id, f, f, none, None))
            lead_votes: dict[str, float] | None = None
            if c.kind is ContestKind.LIST:
                lead_votes = {
                    str(ch.party): float(v) for ch, v in zip(c.choices, votes[k], strict=False)
                }
                if c.against_all:
                    lead_votes[AGAINST_ALL] = float(votes[k][-1])
            for cid in p.contests[1:]:
                other = election.contest(cid)
                f, acts = self.other(other, ld, lead_votes, self.region_of[p.code])
                out.append(MockProtocol(p.code, other.id, f, f, acts, None))
        return out

    def stuff(
        self,
        leads: list[_Lead],
        lines: list[tuple[int, int, int, int]],
        votes: list[list[int]],
        lead_contests: list[Contest | None],
    ) -> None:
        """Ballot stuffing in round(stuffing x districts) districts (at least one), drawn by
        a generator of its own: in about STUFFED_SHARE of their precincts, a share of the
        voters who did not come get ballots issued in their name (STUFFED_FILL of those that
        would take turnout to STUFFED_TURNOUT), put in the
        stationary box and counted for the leading list (the list with the most votes
        overall). Lines 3, 6 and the leader's votes rise together; line 5 falls (K1 holds),
        turnout stays at most 93% (W2 quiet), and the precinct's other ballot types follow
        its ballots issued as usual."""
        rng = random.Random(f"{self.seed}:stuffing")
        districts: dict[AreaCode, list[int]] = {}
        for k, p in enumerate(self.precincts):
            c = lead_contests[k]
            if c is not None and c.kind is ContestKind.LIST and p.parent is not None:
                districts.setdefault(p.parent, []).append(k)
        if not districts:
            return
        width = max(len(votes[k]) for ks in districts.values() for k in ks)
        sums = [0] * width
        for ks in districts.values():
            for k in ks:
                for j, v in enumerate(votes[k]):
                    sums[j] += v
        choices = len(next(c for c in lead_contests if c is not None).choices)
        leader = max(range(min(choices, width)), key=lambda j: (sums[j], -j))
        codes = sorted(districts)
        count = max(1, round(self.stuffing * len(codes)))
        for code in sorted(rng.sample(codes, min(count, len(codes)))):
            added = 0
            stuffed: list[str] = []
            for k in districts[code]:
                if rng.random() >= STUFFED_SHARE:
                    continue
                ld = leads[k]
                room = math.floor(STUFFED_TURNOUT * ld.l1) - ld.issued
                s = round(room * rng.uniform(*STUFFED_FILL))
                if s <= 0 or leader >= len(votes[k]):
                    continue
                l3, l4, l6, l7 = lines[k]
                lines[k] = (l3 + s, l4, l6 + s, l7)
                ld.issued += s
                votes[k][leader] += s
                added += s
                stuffed.append(self.precincts[k].code)
            self.stuffed.append({"district": code, "precincts": stuffed, "ballots": added})


def _figures(
    contest: Contest,
    lead: _Lead,
    l3: int,
    l4: int,
    l6: int,
    l7: int,
    invalid: int,
    votes: Sequence[int],
) -> Figures:
    issued = l3 + l4
    lines = (lead.l1, lead.l2, l3, l4, lead.l2 - issued, l6, l7, invalid)
    if contest.against_all:
        return Figures(lines, tuple(votes[:-1]), votes[-1])
    return Figures(lines, tuple(votes), None)


def _fit(
    rows: list[list[float]], totals: list[int], targets: list[int], rng: random.Random
) -> list[list[int]]:
    """Integer votes with the given row totals and exactly the given column totals.

    Rakes the expected votes (iterative proportional fitting), rounds each row by largest
    remainder, then moves single votes between columns inside random precincts until
    every column is exact. Rows keep their totals throughout.
    """
    if sum(totals) != sum(targets):
        raise ValueError("row and column totals differ")
    cols = len(targets)
    for _ in range(50):
        sums = [0.0] * cols
        for row in rows:
            for j, v in enumerate(row):
                sums[j] += v
        if all(abs(s - t) < 0.01 for s, t in zip(sums, targets, strict=True)):
            break
        factors = [t / s if s else 0.0 for s, t in zip(sums, targets, strict=True)]
        for i, row in enumerate(rows):
            scaled = [v * f for v, f in zip(row, factors, strict=True)]
            s = sum(scaled)
            k = totals[i] / s if s else 0.0
            rows[i] = [v * k for v in scaled]
    out = [_largest_remainder(t, row) for row, t in zip(rows, totals, strict=True)]
    diff = list(targets)
    for ints in out:
        for j, v in enumerate(ints):
            diff[j] -= v
    n = len(out)
    while any(diff):
        to = next(j for j in range(cols) if diff[j] > 0)
        frm = next(j for j in range(cols) if diff[j] < 0)
        i = rng.randrange(n)
        if out[i][frm] > 0:
            out[i][frm] -= 1
            out[i][to] += 1
            diff[to] -= 1
            diff[frm] += 1
    return out


# -- planted errors -------------------------------------------------------------------------


def field_names(contest: Contest) -> list[str]:
    names = [str(n) for n in range(1, LINE_COUNT + 1)] + [c.id for c in contest.choices]
    if contest.against_all:
        names.append(AGAINST_ALL)
    return names


def field_value(f: Figures, contest: Contest, name: str) -> int:
    value = dict(f.fields(contest))[name]
    assert value is not None
    return value


def with_field(f: Figures, contest: Contest, name: str, value: int) -> Figures:
    if name.isdigit():
        lines = list(f.lines)
        lines[int(name) - 1] = value
        return Figures(tuple(lines), f.votes, f.against_all)
    if name == AGAINST_ALL:
        return Figures(f.lines, f.votes, value)
    votes = list(f.votes)
    votes[[str(c.id) for c in contest.choices].index(name)] = value
    return Figures(f.lines, tuple(votes), f.against_all)


def slip(rng: random.Random, value: int) -> int:
    """Another plausible figure for a field: a slip of a few, or a digit off by tens."""
    while True:
        d = rng.choice((1, 2, 3, 5, 9, 10, 20, 100)) * rng.choice((-1, 1))
        if value + d >= 0:
            return value + d


def transposed(rng: random.Random, value: int) -> int | None:
    digits = str(value)
    pairs = [
        i
        for i in range(len(digits) - 1)
        if digits[i] != digits[i + 1] and not (i == 0 and digits[1] == "0")
    ]
    if not pairs:
        return None
    i = rng.choice(pairs)
    swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    return int(swapped)


def _transposition(rng: random.Random, f: Figures, contest: Contest) -> tuple[str, int, int]:
    """A field with two adjacent different digits, its value, and the value swapped."""
    names = field_names(contest)
    rng.shuffle(names)
    for name in names:
        correct = field_value(f, contest, name)
        wrong = transposed(rng, correct)
        if wrong is not None:
            return name, correct, wrong
    # Every field a single digit or repeated digits: a slip instead.
    name = names[0]
    correct = field_value(f, contest, name)
    return name, correct, slip(rng, correct)


def _plant(
    election: Election,
    clean: list[MockProtocol],
    fraction: float,
    rng: random.Random,
) -> tuple[list[MockProtocol], list[dict[str, Any]]]:
    protocols = list(clean)
    count = round(fraction * len(clean))
    chosen = sorted(rng.sample(range(len(clean)), count))
    chosen_set = set(chosen)
    kinds = [ERROR_KINDS[i % len(ERROR_KINDS)] for i in range(count)]
    rng.shuffle(kinds)
    by_contest: dict[ContestId, list[int]] = {}
    for i, mp in enumerate(clean):
        by_contest.setdefault(mp.contest, []).append(i)
    planted: list[dict[str, Any]] = []
    for i, kind in zip(chosen, kinds, strict=True):
        mp = clean[i]
        contest = election.contest(mp.contest)
        f = mp.first
        entry: dict[str, Any] = {"precinct": mp.precinct, "contest": mp.contest, "kind": kind}
        sources = [
            j
            for j in by_contest[mp.contest]
            if clean[j].precinct != mp.precinct and j not in chosen_set
        ]
        actual: ErrorKind = kind
        if kind == "duplicate" and not sources:
            actual = "broken_ratio"
            entry["kind"] = actual
        match actual:
            case "broken_ratio":
                votes_fields = [c.id for c in contest.choices] + (
                    [AGAINST_ALL] if contest.against_all else []
                )
                if rng.random() < 0.5 or not votes_fields:
                    name, ratio = rng.choice(("2", "5")), "K1"
                else:
                    name, ratio = rng.choice(votes_fields), "K4"
                correct = field_value(f, contest, name)
                wrong = slip(rng, correct)
                bad = with_field(f, contest, name, wrong)
                first = second = bad
                entry.update(field=name, first=wrong, second=wrong, correct=correct)
                entry["note"] = f"{ratio} broken: {name} is {correct}, both entries say {wrong}"
            case "transposed_digits":
                name, correct, wrong = _transposition(rng, f, contest)
                bad = with_field(f, contest, name, wrong)
                which = rng.choice(("first", "second"))
                first, second = (bad, f) if which == "first" else (f, bad)
                entry.update(
                    field=name,
                    first=field_value(first, contest, name),
                    second=field_value(second, contest, name),
                    correct=correct,
                )
                entry["note"] = f"digits swapped in the {which} entry: {correct} → {wrong}"
            case "second_entry_differs":
                name = rng.choice(field_names(contest))
                correct = field_value(f, contest, name)
                wrong = slip(rng, correct)
                first, second = f, with_field(f, contest, name, wrong)
                entry.update(field=name, first=correct, second=wrong, correct=correct)
                entry["note"] = f"the second entry says {wrong} where the paper says {correct}"
            case "duplicate":
                j = rng.choice(sources)
                first = second = clean[j].first
                entry.update(field=None, first=None, second=None, correct=None)
                entry["source"] = clean[j].precinct
                entry["note"] = f"copies the protocol of {clean[j].precinct} (W6)"
            case _:  # pragma: no cover
                raise AssertionError(actual)
        protocols[i] = MockProtocol(mp.precinct, mp.contest, first, second, mp.acts, actual)
        planted.append(entry)
    return protocols, planted


# -- entry point ----------------------------------------------------------------------------


def generate(
    election: Election, seed: int, errors: float = 0.0, stuffing: float = 0.0
) -> MockElection:
    """Mock protocols for every (precinct, contest) of `election`; see the module docstring."""
    if not 0.0 <= errors <= 1.0:
        raise ValueError("errors must be a share between 0 and 1")
    if not 0.0 <= stuffing <= 1.0:
        raise ValueError("stuffing must be a share between 0 and 1")
    generator = _Generator(election, seed, stuffing)
    clean = generator.run()
    protocols: list[MockProtocol] = clean
    planted: list[dict[str, Any]] = []
    if errors > 0:
        protocols, planted = _plant(election, clean, errors, random.Random(f"{seed}:errors"))
    m = _MOCK_ID.search(election.id)
    answers: dict[str, Any] = {
        "election": election.id,
        "seed": seed,
        "scale": m.group(1) if m else "full",
        "errors": errors,
        "protocols": len(protocols),
        "planted": planted,
    }
    if stuffing > 0:
        answers["stuffing"] = stuffing
        answers["stuffed"] = generator.stuffed
    return MockElection(election, tuple(protocols), answers)
