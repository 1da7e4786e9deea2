"""The counting protocol: what a precinct commission writes, and the checks on it.

Lines 1-8 follow docs/rules.md (the protocol); then one vote line per choice in ballot order,
then 'against all'. An empty field is None, never zero: a protocol with empty fields is a
valid thing to hold, and K6 reports it.

Every check returns coded `Finding`s carrying the figures of both sides, so a screen or a
report can show the formula and the numbers in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from kztally.domain.election import Contest
from kztally.domain.ids import AreaCode, ChoiceId
from kztally.domain.rules import RuleSet

LINE_COUNT = 8
LINE_NAMES = tuple(str(n) for n in range(1, LINE_COUNT + 1))
AGAINST_ALL = "against_all"


class Severity(StrEnum):
    ERROR = "error"  # a control ratio (K): blocks acceptance
    WARNING = "warning"  # a plausibility warning (W): accepted with a written reason


class Act(StrEnum):
    """Acts a commission draws up that make a breach lawful."""

    MOBILE_BOX_EXCESS = "mobile_box_excess"  # mobile box held more ballots than requests


@dataclass(frozen=True, slots=True)
class Figures:
    """The numbers of one protocol as written on paper. None is an empty field."""

    lines: tuple[int | None, ...]
    votes: tuple[int | None, ...]
    against_all: int | None = None

    def __post_init__(self) -> None:
        if len(self.lines) != LINE_COUNT:
            raise ValueError(f"a protocol has {LINE_COUNT} lines, not {len(self.lines)}")

    @classmethod
    def empty(cls, contest: Contest) -> Figures:
        return cls((None,) * LINE_COUNT, (None,) * len(contest.choices), None)

    def line(self, n: int) -> int | None:
        return self.lines[n - 1]

    def fields(self, contest: Contest) -> Iterable[tuple[str, int | None]]:
        """Every field of the protocol in paper order, named as findings name them."""
        yield from zip(LINE_NAMES, self.lines, strict=True)
        yield from zip((c.id for c in contest.choices), self.votes, strict=True)
        if contest.against_all:
            yield AGAINST_ALL, self.against_all

    def is_complete(self, contest: Contest) -> bool:
        return all(v is not None for _, v in self.fields(contest))

    def differing_fields(self, other: Figures, contest: Contest) -> tuple[str, ...]:
        """The fields in which two entries of the same protocol differ."""
        mine = dict(self.fields(contest))
        return tuple(name for name, v in other.fields(contest) if mine[name] != v)


@dataclass(frozen=True, slots=True)
class Term:
    """One side's figure: `label` names a line ('3'), a choice id, 'against_all' or 'votes'."""

    label: str
    value: int


@dataclass(frozen=True, slots=True)
class Finding:
    """A broken control ratio or a plausibility warning, with the figures that show it.

    `relation` is what the figures actually show (e.g. '≠' for a broken equation, '>' for
    an excess); the text is `left relation factor x right`, e.g. "K4: 812 ≠ 12 + 790 + 8".
    """

    code: str
    severity: Severity
    relation: str
    left: tuple[Term, ...]
    right: tuple[Term, ...] = ()
    factor: Fraction | None = None
    fields: tuple[str, ...] = ()
    """The protocol fields involved, for marking them on a form."""
    detail: Mapping[str, str] = field(default_factory=dict)

    @property
    def left_value(self) -> int:
        return sum(t.value for t in self.left)

    @property
    def right_value(self) -> int:
        return sum(t.value for t in self.right)

    def figures(self) -> str:
        """The figures of both sides: '812 ≠ 12 + 790 + 8'. K6 shows each field's value,
        '∅' for an empty one: '∅, ∅, -3'."""
        if self.code == "K6":
            return ", ".join(self._k6_values())
        left = " + ".join(str(t.value) for t in self.left)
        if not self.right:
            return left
        right = " + ".join(str(t.value) for t in self.right)
        if self.factor is not None:
            pct = _percent(self.factor)
            right = f"{pct}% × ({right})" if len(self.right) > 1 else f"{pct}% × {right}"
        return f"{left} {self.relation} {right}"

    def formula(self) -> str:
        """The same in line labels: '6 + 7 ≠ 8 + votes + against_all'. K6 names the fields
        that are empty or below zero: '3, AMANAT, 5'."""
        if self.code == "K6":
            return ", ".join(t.label for t in self.left)
        left = " + ".join(t.label for t in self.left)
        if not self.right:
            return left
        right = " + ".join(t.label for t in self.right)
        if self.factor is not None:
            pct = _percent(self.factor)
            right = f"{pct}% × ({right})" if len(self.right) > 1 else f"{pct}% × {right}"
        return f"{left} {self.relation} {right}"

    def text(self) -> str:
        """'K4: 812 ≠ 12 + 790 + 8'; for K6 each field with its value: 'K6: 3 = ∅, 5 = -3'."""
        if self.code == "K6":
            pairs = zip(self.left, self._k6_values(), strict=True)
            return "K6: " + ", ".join(f"{t.label} = {v}" for t, v in pairs)
        return f"{self.code}: {self.figures()}"

    def _k6_values(self) -> list[str]:
        empty = set(self.detail.get("empty", "").split())
        return ["∅" if t.label in empty else str(t.value) for t in self.left]


def _percent(f: Fraction) -> str:
    p = f * 100
    return str(p.numerator) if p.denominator == 1 else f"{float(p):g}"


def _over(value: int, share: Fraction, total: int) -> bool:
    """value > share x total, exactly, in integers (this runs for every protocol)."""
    return value * share.denominator > share.numerator * total


def _under(value: int, share: Fraction, total: int) -> bool:
    """value < share x total, exactly."""
    return value * share.denominator < share.numerator * total


def _t(figures: Figures, n: int) -> Term | None:
    v = figures.line(n)
    return None if v is None else Term(str(n), v)


def _terms(figures: Figures, *lines: int) -> tuple[Term, ...] | None:
    out = []
    for n in lines:
        t = _t(figures, n)
        if t is None:
            return None
        out.append(t)
    return tuple(out)


def vote_terms(contest: Contest, figures: Figures) -> tuple[Term, ...] | None:
    """Every vote line and against all as terms; None when any is empty."""
    terms = []
    for choice, v in zip(contest.choices, figures.votes, strict=True):
        if v is None:
            return None
        terms.append(Term(choice.id, v))
    if contest.against_all:
        if figures.against_all is None:
            return None
        terms.append(Term(AGAINST_ALL, figures.against_all))
    return tuple(terms)


def _labels(terms: Sequence[Term]) -> tuple[str, ...]:
    return tuple(t.label for t in terms)


def check_control_ratios(
    contest: Contest, figures: Figures, acts: frozenset[Act] = frozenset()
) -> tuple[Finding, ...]:
    """K1-K6. A ratio whose fields are empty is not judged; K6 reports the empty fields."""
    out: list[Finding] = []
    err = Severity.ERROR

    # K1: 2 = 3 + 4 + 5
    left, right = _terms(figures, 2), _terms(figures, 3, 4, 5)
    if left and right and sum(t.value for t in left) != sum(t.value for t in right):
        out.append(Finding("K1", err, "≠", left, right, fields=_labels(left + right)))

    # K2: 3 + 4 <= 1
    left, right = _terms(figures, 3, 4), _terms(figures, 1)
    if left and right and sum(t.value for t in left) > sum(t.value for t in right):
        out.append(Finding("K2", err, ">", left, right, fields=_labels(left + right)))

    # K3: 6 + 7 <= 3 + 4
    left, right = _terms(figures, 6, 7), _terms(figures, 3, 4)
    if left and right and sum(t.value for t in left) > sum(t.value for t in right):
        out.append(Finding("K3", err, ">", left, right, fields=_labels(left + right)))

    # K4: 6 + 7 = 8 + votes + against all, shown as the ballots in the boxes against invalid,
    # the votes for the choices and against all: "K4: 812 ≠ 12 + 790 + 8"
    boxes, line8, votes = _terms(figures, 6, 7), _terms(figures, 8), vote_terms(contest, figures)
    if boxes and line8 and votes is not None:
        counted = tuple(t for t in votes if t.label != AGAINST_ALL)
        left = (Term("6 + 7", sum(t.value for t in boxes)),)
        right = (*line8, Term("votes", sum(t.value for t in counted)))
        if contest.against_all:
            right += tuple(t for t in votes if t.label == AGAINST_ALL)
        if left[0].value != sum(t.value for t in right):
            involved = _labels(boxes + line8 + votes)
            out.append(Finding("K4", err, "≠", left, right, fields=involved))

    # K5: 7 <= 4, unless every mobile-box ballot was invalid (8 >= 7) and the act is recorded
    l7, l4, l8 = figures.line(7), figures.line(4), figures.line(8)
    if l7 is not None and l4 is not None and l7 > l4:
        lawful = Act.MOBILE_BOX_EXCESS in acts and l8 is not None and l8 >= l7
        if not lawful:
            out.append(
                Finding(
                    "K5",
                    err,
                    ">",
                    (Term("7", l7),),
                    (Term("4", l4),),
                    fields=("7", "4", "8"),
                    detail={"act": "recorded" if Act.MOBILE_BOX_EXCESS in acts else "missing"},
                )
            )

    # K6: every field filled in, as a whole number >= 0 (negative terms keep their value)
    empty = tuple(name for name, v in figures.fields(contest) if v is None)
    negative = tuple((name, v) for name, v in figures.fields(contest) if v is not None and v < 0)
    if empty or negative:
        out.append(
            Finding(
                "K6",
                err,
                "empty" if empty else "< 0",
                tuple(Term(n, 0) for n in empty) + tuple(Term(n, v) for n, v in negative),
                fields=empty + tuple(n for n, _ in negative),
                detail={"empty": " ".join(empty), "negative": " ".join(n for n, _ in negative)},
            )
        )
    return tuple(out)


def check_warnings(
    contest: Contest, figures: Figures, rules: RuleSet, electorate: int | None = None
) -> tuple[Finding, ...]:
    """W1-W5 and W8: what one protocol shows on its own (W6 and W7 compare protocols)."""
    out: list[Finding] = []
    th = rules.warnings
    w = Severity.WARNING
    boxes = _terms(figures, 6, 7)
    l8 = _t(figures, 8)
    l1 = _t(figures, 1)
    issued = _terms(figures, 3, 4)

    # W1: 8 > 3% x (6 + 7)
    if boxes and l8 and _over(l8.value, th.w1_invalid_share, sum(t.value for t in boxes)):
        out.append(Finding("W1", w, ">", (l8,), boxes, th.w1_invalid_share, ("8", "6", "7")))

    # W2: (6 + 7) / 1 above 95% or below 5%
    if boxes and l1 and l1.value > 0:
        in_boxes = sum(t.value for t in boxes)
        if _over(in_boxes, th.w2_high, l1.value):
            out.append(Finding("W2", w, ">", boxes, (l1,), th.w2_high, ("6", "7", "1")))
        elif _under(in_boxes, th.w2_low, l1.value):
            out.append(Finding("W2", w, "<", boxes, (l1,), th.w2_low, ("6", "7", "1")))

    # W3: (3 + 4) - (6 + 7) >= 2% of (3 + 4) and >= 15
    if boxes and issued:
        n_issued = sum(t.value for t in issued)
        missing = n_issued - sum(t.value for t in boxes)
        if missing >= th.w3_minimum and not _under(missing, th.w3_share, n_issued):
            out.append(
                Finding(
                    "W3",
                    w,
                    "≥",
                    (Term("3 + 4 − (6 + 7)", missing),),
                    issued,
                    th.w3_share,
                    ("3", "4", "6", "7"),
                    {"minimum": str(th.w3_minimum)},
                )
            )

    votes = vote_terms(contest, figures)
    if votes is not None:
        # W4: every vote line zero, against all included
        if votes and all(t.value == 0 for t in votes):
            out.append(Finding("W4", w, "=", votes, (Term("0", 0),), fields=_labels(votes)))
        # W5: one choice above 90% of valid ballots (6 + 7 - 8)
        if boxes and l8:
            valid = sum(t.value for t in boxes) - l8.value
            for t in votes:
                if t.label != AGAINST_ALL and valid > 0 and _over(t.value, th.w5_share, valid):
                    out.append(
                        Finding(
                            "W5",
                            w,
                            ">",
                            (t,),
                            (Term("6 + 7 − 8", valid),),
                            th.w5_share,
                            (t.label, "6", "7", "8"),
                        )
                    )

    # W8: 1 differs from the precinct's registered electorate by more than 10%
    if l1 and electorate is not None and electorate > 0:
        diff = abs(l1.value - electorate)
        if _over(diff, th.w8_share, electorate):
            out.append(
                Finding(
                    "W8",
                    w,
                    ">",
                    (Term("|1 − electorate|", diff),),
                    (Term("electorate", electorate),),
                    th.w8_share,
                    ("1",),
                )
            )
    return tuple(out)


def check_protocol(
    contest: Contest,
    figures: Figures,
    rules: RuleSet,
    *,
    electorate: int | None = None,
    acts: frozenset[Act] = frozenset(),
) -> tuple[Finding, ...]:
    """All checks one protocol can make on its own: K1-K6, then W1-W5 and W8."""
    return check_control_ratios(contest, figures, acts) + check_warnings(
        contest, figures, rules, electorate
    )


def check_duplicate(
    contest: Contest,
    figures: Figures,
    others: Mapping[AreaCode, Figures],
) -> tuple[Finding, ...]:
    """W6: lines 1-8 and every vote line equal another precinct's protocol of the contest."""
    if not figures.is_complete(contest):
        return ()
    out = []
    for precinct, other in sorted(others.items()):
        if other == figures:
            total = sum(v or 0 for _, v in figures.fields(contest))
            out.append(
                Finding(
                    "W6",
                    Severity.WARNING,
                    "=",
                    (Term("1–8 + votes", total),),
                    (Term(str(precinct), total),),
                    fields=tuple(name for name, _ in figures.fields(contest)),
                    detail={"precinct": precinct},
                )
            )
    return tuple(out)


def check_ballot_types(
    rules: RuleSet,
    contest: Contest,
    figures: Figures,
    others: Iterable[tuple[Contest, Figures]],
) -> tuple[Finding, ...]:
    """W7: ballots issued (3 + 4) differ from another ballot type's at the precinct by > 2%.

    `others` are pairs of the precinct's other ballot types and their figures (pairs, not
    a mapping: hashing a Contest walks its whole ballot)."""
    issued = _terms(figures, 3, 4)
    if not issued:
        return ()
    mine = sum(t.value for t in issued)
    out = []
    for other_contest, other in others:
        if other_contest.id == contest.id:
            continue
        theirs_terms = _terms(other, 3, 4)
        if not theirs_terms:
            continue
        theirs = sum(t.value for t in theirs_terms)
        larger = max(mine, theirs)
        if _over(abs(mine - theirs), rules.warnings.w7_share, larger):
            out.append(
                Finding(
                    "W7",
                    Severity.WARNING,
                    "≠",
                    issued,
                    tuple(Term(f"{other_contest.id}:{t.label}", t.value) for t in theirs_terms),
                    fields=("3", "4"),
                    detail={"contest": other_contest.id},
                )
            )
    return tuple(out)


def errors(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(f for f in findings if f.severity is Severity.ERROR)


def warnings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(f for f in findings if f.severity is Severity.WARNING)


def choice_votes(contest: Contest, figures: Figures) -> dict[ChoiceId, int]:
    """Votes per choice, empty fields as 0 (only for complete, accepted protocols)."""
    return {c.id: v or 0 for c, v in zip(contest.choices, figures.votes, strict=True)}
