"""Rule sets as data: what differs between elections is a setting, never new code.

Every rule the law leaves unsettled (docs/rules.md names them) is a field here with the
2023 default, so a screen or report can say which variant was applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from fractions import Fraction


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    OBSERVER = "observer"
    TRAINER = "trainer"
    ADMINISTRATOR = "administrator"

    @property
    def a(self) -> str:
        """The role with its article, for messages: "a clerk", "an administrator"."""
        return f"{'an' if self.value[0] in 'aeiou' else 'a'} {self.value}"


class TieRule(StrEnum):
    """How equal remainders in the list seat allocation are settled."""

    REGISTRATION_THEN_LOT = "registration_then_lot"
    LOT = "lot"


class AgainstAllLead(StrEnum):
    """What happens in a single-member district where 'against all' has the most votes."""

    NOTICE = "notice"  # the top candidate wins; the result carries a notice
    REPEAT_ELECTION = "repeat_election"  # no one is elected; a repeat election is required


@dataclass(frozen=True, slots=True)
class WarningThresholds:
    """Thresholds of the plausibility warnings W1-W8 (docs/rules.md)."""

    w1_invalid_share: Fraction = Fraction(3, 100)
    w2_low: Fraction = Fraction(5, 100)
    w2_high: Fraction = Fraction(95, 100)
    w3_share: Fraction = Fraction(2, 100)
    w3_minimum: int = 15
    w5_share: Fraction = Fraction(90, 100)
    w7_share: Fraction = Fraction(2, 100)
    w8_share: Fraction = Fraction(10, 100)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Everything about counting that is a setting of an election."""

    id: str
    name: str
    threshold: Fraction = Fraction(5, 100)
    """A list qualifies when votes >= threshold x valid total (compared exactly)."""
    valid_total_includes_against_all: bool = True
    tie_rule: TieRule = TieRule.REGISTRATION_THEN_LOT
    runner_up: bool = False
    """When fewer than `minimum_qualifying` lists pass the threshold, admit the next ones."""
    minimum_qualifying: int = 2
    smd_against_all_lead: AgainstAllLead = AgainstAllLead.NOTICE
    warnings: WarningThresholds = field(default_factory=WarningThresholds)
    warning_acceptors: frozenset[Role] = frozenset({Role.SUPERVISOR})
    breach_acceptors: frozenset[Role] = frozenset({Role.SUPERVISOR})
    breach_acceptable: frozenset[str] = frozenset({"K1", "K2", "K3", "K4", "K5"})
    """Control ratios a supervisor may accept as a lawful breach with an act (never K6)."""
    designation_minimum_share: Fraction = Fraction(30, 100)
    """Share of a party's designated deputies who must be women, under 29 or disabled."""
    alphabetical_fallback: bool = True
    """A party that does not designate its deputies in time gets them in Kazakh
    alphabetical order."""


RULES_2023 = RuleSet(id="KZ-2023", name="Mazhilis and maslikhats, 2023")
"""The rules of the 19 March 2023 elections: 5%, against all counted in the valid total."""

RULES_2021 = replace(
    RULES_2023,
    id="KZ-2021",
    name="Mazhilis and maslikhats, 2021",
    threshold=Fraction(7, 100),
    valid_total_includes_against_all=False,
)
"""The rules of 2021: 7% threshold, no 'against all'. Its 98 list seats are the contest's seats."""

RULE_SETS: dict[str, RuleSet] = {r.id: r for r in (RULES_2023, RULES_2021)}
