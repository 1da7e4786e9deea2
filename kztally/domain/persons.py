"""Who takes a party's list seats (docs/rules.md, party-list seats).

A party's governing body designates the persons from its list; at least a share of them
(30% by default) must be women, people under 29 or people with disabilities. A party that
does not decide in time gets its seats in Kazakh alphabetical order of the list when the
rule set keeps that fallback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from kztally.domain.election import Choice, Person
from kztally.domain.rules import RuleSet
from kztally.domain.seats import Notice

KAZAKH_ALPHABET = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"
_RANK = {ch: i for i, ch in enumerate(KAZAKH_ALPHABET)}


def kazakh_sort_key(name: str) -> tuple[tuple[int, int], ...]:
    """Collation in the order of the Kazakh Cyrillic alphabet; other letters after it.

    A space or hyphen between words sorts before every letter, as in a dictionary, so
    "Әлиев Асан" comes before "Әлиева Бота"; runs of spaces count as one.
    """
    key: list[tuple[int, int]] = []
    for word in name.upper().replace("-", " ").split():
        if key:
            key.append((-1, 0))
        for ch in word:
            rank = _RANK.get(ch)
            key.append((0, rank) if rank is not None else (1, ord(ch)))
    return tuple(key)


@dataclass(frozen=True, slots=True)
class Designation:
    list_id: str
    seats: int
    persons: tuple[Person, ...]
    protected_share: Fraction | None
    notices: tuple[Notice, ...]
    """P1 fewer than the minimum share protected; P2 the alphabetical fallback applied;
    P3 no decision yet and no fallback; P4 a designated name is not on the list or twice;
    P5 fewer persons than seats: the rest stay vacant."""


def designate(
    lst: Choice, seats: int, rules: RuleSet, decision: Sequence[str] | None = None
) -> Designation:
    notices: list[Notice] = []
    by_name = {p.name: p for p in lst.members}
    persons: list[Person]
    if decision is None:
        if not rules.alphabetical_fallback:
            return Designation(lst.id, seats, (), None, (Notice("P3"),))
        persons = sorted(lst.members, key=lambda p: kazakh_sort_key(p.name))[:seats]
        notices.append(Notice("P2"))
    else:
        persons = []
        seen: set[str] = set()
        for name in decision:
            if name not in by_name or name in seen:
                notices.append(Notice("P4", {"name": name}))
                continue
            seen.add(name)
            persons.append(by_name[name])
        persons = persons[:seats]
    if len(persons) < seats:
        notices.append(Notice("P5", {"vacant": str(seats - len(persons))}))
    share = Fraction(sum(p.protected for p in persons), len(persons)) if persons else None
    if share is not None and decision is not None and share < rules.designation_minimum_share:
        notices.append(Notice("P1", {"share": f"{float(share) * 100:.1f}"}))
    return Designation(lst.id, seats, tuple(persons), share, tuple(notices))
