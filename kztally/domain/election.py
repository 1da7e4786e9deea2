"""The election as data: bodies, contests, lists, candidates and the territory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from kztally.domain.ids import AreaCode, BodyId, ChoiceId, ContestId, PartyId
from kztally.domain.rules import RULES_2023, RuleSet


class AreaKind(StrEnum):
    COUNTRY = "country"
    REGION = "region"
    DISTRICT = "district"
    PRECINCT = "precinct"


class BodyKind(StrEnum):
    MAZHILIS = "mazhilis"
    MASLIKHAT = "maslikhat"


class ContestKind(StrEnum):
    LIST = "list"
    SMD = "smd"


class Nominator(StrEnum):
    PARTY = "party"
    ASSOCIATION = "association"
    SELF = "self"


@dataclass(frozen=True, slots=True)
class Party:
    id: PartyId
    name: str
    names: Mapping[str, str] = field(default_factory=dict)
    """The name in other languages, by language code ('kk', 'ru', 'en')."""


@dataclass(frozen=True, slots=True)
class Person:
    """A candidate on a party list, with what the 30% designation check needs."""

    name: str
    woman: bool = False
    under_29: bool = False
    disability: bool = False

    @property
    def protected(self) -> bool:
        return self.woman or self.under_29 or self.disability


@dataclass(frozen=True, slots=True)
class Choice:
    """A line on a ballot: a party list, or a candidate in a single-member district."""

    id: ChoiceId
    name: str
    ballot_order: int
    registration_order: int | None = None
    """Lists only: lower registered earlier; settles equal remainders."""
    party: PartyId | None = None
    """The nominating party or association (not membership); None when self-nominated."""
    nominator: Nominator = Nominator.PARTY
    members: tuple[Person, ...] = ()
    """Lists only: the candidates in list order."""


@dataclass(frozen=True, slots=True)
class Contest:
    """One ballot type: its protocol has lines 1-8, a vote line per choice, and against all."""

    id: ContestId
    body: BodyId
    kind: ContestKind
    name: str
    area: AreaCode
    seats: int
    choices: tuple[Choice, ...]
    against_all: bool = True
    number: int | None = None
    """Single-member districts: the district's number in its body's numbering."""

    def choice(self, choice_id: ChoiceId) -> Choice:
        for c in self.choices:
            if c.id == choice_id:
                return c
        raise KeyError(choice_id)


@dataclass(frozen=True, slots=True)
class Body:
    id: BodyId
    kind: BodyKind
    name: str
    area: AreaCode
    names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Area:
    """A node of the commission hierarchy. Precincts carry electorate and ballot types."""

    code: AreaCode
    kind: AreaKind
    name: str
    parent: AreaCode | None
    names: Mapping[str, str] = field(default_factory=dict)
    number: str | None = None
    """Precincts: the polling station's number as printed on its protocols."""
    electorate: int | None = None
    """Precincts: registered voters."""
    contests: tuple[ContestId, ...] = ()
    """Precincts: the ballot types it gets, in the order of the protocols."""
    generated: bool = False
    """The figures or borders are not public: generated and marked so."""


@dataclass(frozen=True)
class Election:
    """An election event: everything needed to take in and count its protocols."""

    id: str
    name: str
    date: dt.date
    rules: RuleSet = RULES_2023
    parties: tuple[Party, ...] = ()
    bodies: tuple[Body, ...] = ()
    contests: tuple[Contest, ...] = ()
    areas: tuple[Area, ...] = ()
    training: bool = False
    """A training or mock election: every screen and report says so."""
    notes: tuple[str, ...] = ()
    """What is generated rather than public, and other remarks on the definition."""
    names: Mapping[str, str] = field(default_factory=dict)
    """The election's name in other languages, by language code (the title bar's)."""

    _areas: dict[AreaCode, Area] = field(init=False, repr=False, compare=False)
    _contests: dict[ContestId, Contest] = field(init=False, repr=False, compare=False)
    _children: dict[AreaCode, list[AreaCode]] = field(init=False, repr=False, compare=False)
    _precincts: dict[AreaCode, tuple[AreaCode, ...]] = field(init=False, repr=False, compare=False)
    _held: dict[ContestId, tuple[AreaCode, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        areas = {a.code: a for a in self.areas}
        children: dict[AreaCode, list[AreaCode]] = {}
        for a in self.areas:
            if a.parent is not None:
                children.setdefault(a.parent, []).append(a.code)
        object.__setattr__(self, "_areas", areas)
        object.__setattr__(self, "_contests", {c.id: c for c in self.contests})
        object.__setattr__(self, "_children", children)
        object.__setattr__(self, "_precincts", {})
        object.__setattr__(self, "_held", {})

    # -- look-ups ---------------------------------------------------------------
    def area(self, code: AreaCode | str) -> Area:
        return self._areas[AreaCode(code)]

    def has_area(self, code: str) -> bool:
        return code in self._areas

    def contest(self, contest_id: ContestId | str) -> Contest:
        return self._contests[ContestId(contest_id)]

    def has_contest(self, contest_id: str) -> bool:
        return contest_id in self._contests

    def body(self, body_id: BodyId | str) -> Body:
        for b in self.bodies:
            if b.id == body_id:
                return b
        raise KeyError(body_id)

    def party(self, party_id: PartyId | str) -> Party:
        for p in self.parties:
            if p.id == party_id:
                return p
        raise KeyError(party_id)

    @property
    def root(self) -> Area:
        for a in self.areas:
            if a.parent is None:
                return a
        raise ValueError("the election has no territory")

    def children(self, code: AreaCode | str) -> tuple[Area, ...]:
        return tuple(self._areas[c] for c in self._children.get(AreaCode(code), ()))

    def ancestors(self, code: AreaCode | str) -> tuple[Area, ...]:
        """The area's parents, nearest first."""
        out: list[Area] = []
        parent = self._areas[AreaCode(code)].parent
        while parent is not None:
            area = self._areas[parent]
            out.append(area)
            parent = area.parent
        return tuple(out)

    def precincts(self, under: AreaCode | str | None = None) -> tuple[Area, ...]:
        """Every precinct at or below an area (all of them when `under` is None)."""
        code = self.root.code if under is None else AreaCode(under)
        cached = self._precincts.get(code)
        if cached is None:
            found: list[AreaCode] = []
            stack = [code]
            while stack:
                c = stack.pop()
                if self._areas[c].kind is AreaKind.PRECINCT:
                    found.append(c)
                stack.extend(reversed(self._children.get(c, ())))
            cached = tuple(found)
            self._precincts[code] = cached
        return tuple(self._areas[c] for c in cached)

    def iter_protocol_keys(
        self, under: AreaCode | str | None = None
    ) -> Iterator[tuple[AreaCode, ContestId]]:
        """Every protocol expected at or below an area: (precinct, contest)."""
        for p in self.precincts(under):
            for c in p.contests:
                yield p.code, c

    def precincts_holding(self, contest_id: ContestId | str) -> tuple[AreaCode, ...]:
        """The precincts whose voters vote in a contest: its constituency, precinct by
        precinct, in the territory's order."""
        if not self._held:
            held: dict[ContestId, list[AreaCode]] = {c.id: [] for c in self.contests}
            for p in self.precincts():
                for c in p.contests:
                    held.setdefault(c, []).append(p.code)
            self._held.update({c: tuple(codes) for c, codes in held.items()})
        return self._held.get(ContestId(contest_id), ())

    def within(self, code: AreaCode | str, ancestor: AreaCode | str) -> bool:
        """Whether an area is `ancestor` or lies below it."""
        return code == ancestor or any(a.code == ancestor for a in self.ancestors(code))

    def contests_of(self, body_id: BodyId | str) -> tuple[Contest, ...]:
        return tuple(c for c in self.contests if c.body == body_id)

    def electorate(self, under: AreaCode | str | None = None) -> int:
        return sum(p.electorate or 0 for p in self.precincts(under))
