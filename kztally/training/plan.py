"""A training session's papers, stacks and answer key, from a mock election.

`plan(mock, seed, clerks, supervisors, per_stack, errors) -> Plan`

- The papers: `per_stack x stacks` protocols of the mock election (list ballots first,
  then candidates' ballots, in the election's order), with the clean figures the mock
  made; `round(errors x papers)` of them, drawn by a generator seeded from `seed`, get one
  error ON THE PAPER, the kinds dealt in turn (every kind once there are at least 5):

  - `broken_ratio`: one figure off by a slip (line 2 or 5: K1; a vote line: K4);
  - `transposed_digits`: two adjacent digits of one figure swapped;
  - `wrong_line`: two neighbouring lines' figures written on each other's line;
  - `swapped_lists`: a list's (or candidate's) votes swapped with the next one's;
  - `duplicate`: the figures of another precinct's protocol of the same ballot, one that
    is clean and comes earlier in the same stack (so it is settled first: W6).

- The stacks: clerk trainees are paired in name order (`trainee-01` with `trainee-02`,
  ...); each pair enters one stack, so every paper gets two entries. A trainee left alone
  gets a stack of their own, and the trainer's reference entry (the paper's figures, by
  the generated account `REFERENCE`) is its first entry. Supervisor trainees
  (`supervisor-01`, ...) take the stacks in turn: stack g is decided by supervisor
  g mod S.

- The answer key (`Plan.answers`, JSON-ready, for the trainer only): the session's
  parameters, the stacks, and for each paper its clean figures and, when planted, the
  kind, the field(s), what the paper says, what the checks find on the paper alone, and
  the expected action of a supervisor:

  - `recount`: the paper breaks a control ratio (K);
  - `duplicate`: a copy of another precinct's protocol: W6 noticed, the commission
    queried or a recount ordered;
  - `reason_or_query`: the paper raises a warning (W): accepted with a reason, or queried;
  - `query`: no check catches it: only "query the commission" does.

The same mock, seed and parameters give the same plan, on every machine.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Literal, get_args

from kztally.domain.election import Contest, ContestKind, Election
from kztally.domain.protocol import LINE_COUNT, Act, Figures, Severity, check_protocol
from kztally.mockgen.figures import MockElection, field_names, slip, transposed
from kztally.mockgen.figures import field_value as get
from kztally.mockgen.figures import with_field as put

PaperError = Literal[
    "broken_ratio", "transposed_digits", "wrong_line", "swapped_lists", "duplicate"
]
PAPER_ERRORS: tuple[PaperError, ...] = get_args(PaperError)
Expected = Literal["recount", "duplicate", "reason_or_query", "query"]
EXPECTED: tuple[Expected, ...] = get_args(Expected)
ACCEPTED_ACTIONS: dict[Expected, frozenset[str]] = {
    "recount": frozenset({"recount"}),
    "duplicate": frozenset({"query", "recount"}),
    "reason_or_query": frozenset({"accept_warnings", "query"}),
    "query": frozenset({"query"}),
}
"""The supervisor's actions that count as catching a planted error of each expectation:
`query` is a note to the commission, the others are transitions of the protocol."""
ALARMS = frozenset({"query", "recount"})
"""Actions on a clean paper that are false alarms."""

REFERENCE = "training-reference"
"""The generated account whose entries are the trainer's reference (the paper's figures)."""
CLERK_PREFIX = "trainee-"
SUPERVISOR_PREFIX = "supervisor-"
MAX_TRAINEES = 99


@dataclass(frozen=True, slots=True)
class Paper:
    precinct: str
    contest: str
    figures: Figures
    """What the paper says (the planted error included)."""
    clean: Figures
    acts: frozenset[Act]
    stack: int
    error: PaperError | None = None
    expected: Expected | None = None


@dataclass(frozen=True, slots=True)
class Stack:
    number: int
    """From 1."""
    clerks: tuple[str, ...]
    """Two trainees, or one (then the reference entry is the first)."""
    supervisor: str | None
    papers: tuple[int, ...]
    """Indices into `Plan.papers`, in the order the stack is printed."""

    @property
    def alone(self) -> bool:
        return len(self.clerks) == 1


@dataclass(frozen=True, slots=True)
class Plan:
    election: Election
    seed: int
    errors: float
    papers: tuple[Paper, ...]
    stacks: tuple[Stack, ...]
    clerks: tuple[str, ...]
    supervisors: tuple[str, ...]
    answers: dict[str, Any]

    def stack_of(self, trainee: str) -> Stack | None:
        for s in self.stacks:
            if trainee in s.clerks:
                return s
        return None


def names(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{i:02d}" for i in range(1, count + 1))


def minimum_keystrokes(figures: Figures, contest: Contest) -> int:
    """The fewest keys the form needs for these figures: every digit, Enter after every
    field but the last, and Ctrl+S (one chord) to save."""
    values = [v for _, v in figures.fields(contest)]
    return sum(len(str(v)) for v in values if v is not None) + len(values)


def _plant(
    kind: PaperError, f: Figures, contest: Contest, rng: random.Random
) -> tuple[Figures, dict[str, Any]] | None:
    """The paper's figures with one error of `kind`, and what the key says of it; None
    when this protocol cannot carry that kind."""
    match kind:
        case "broken_ratio":
            votes = [n for n in field_names(contest) if not n.isdigit()]
            name = rng.choice(("2", "5")) if rng.random() < 0.5 else rng.choice(votes)
            correct = get(f, contest, name)
            wrong = slip(rng, correct)
            return put(f, contest, name, wrong), {
                "fields": [name],
                "paper": [wrong],
                "correct": [correct],
            }
        case "transposed_digits":
            candidates = field_names(contest)
            rng.shuffle(candidates)
            for name in candidates:
                correct = get(f, contest, name)
                swapped = transposed(rng, correct)
                if swapped is not None:
                    return put(f, contest, name, swapped), {
                        "fields": [name],
                        "paper": [swapped],
                        "correct": [correct],
                    }
            return None
        case "wrong_line":
            lines = [(n, n + 1) for n in range(1, LINE_COUNT) if f.line(n) != f.line(n + 1)]
            if not lines:
                return None
            la, lb = rng.choice(lines)
            va, vb = get(f, contest, str(la)), get(f, contest, str(lb))
            moved = put(put(f, contest, str(la), vb), contest, str(lb), va)
            return moved, {"fields": [str(la), str(lb)], "paper": [vb, va], "correct": [va, vb]}
        case "swapped_lists":
            ids = [str(c.id) for c in contest.choices]
            neighbours = [
                (ids[i], ids[i + 1])
                for i in range(len(ids) - 1)
                if get(f, contest, ids[i]) != get(f, contest, ids[i + 1])
            ]
            if not neighbours:
                return None
            a, b = rng.choice(neighbours)
            va, vb = get(f, contest, a), get(f, contest, b)
            exchanged = put(put(f, contest, a, vb), contest, b, va)
            return exchanged, {"fields": [a, b], "paper": [vb, va], "correct": [va, vb]}
        case "duplicate":
            return None  # dealt with by the caller, which knows the other papers


def expected_action(kind: PaperError, codes: list[str]) -> Expected:
    if any(c.startswith("K") for c in codes):
        return "recount"
    if kind == "duplicate":
        return "duplicate"
    if codes:
        return "reason_or_query"
    return "query"


def _figures_json(f: Figures) -> dict[str, Any]:
    return {"lines": list(f.lines), "votes": list(f.votes), "against_all": f.against_all}


def plan(
    mock: MockElection,
    seed: int,
    clerks: int,
    supervisors: int = 1,
    per_stack: int = 8,
    errors: float = 0.25,
) -> Plan:
    """The session; `ValueError` saying what is wrong for impossible parameters."""
    if not 1 <= clerks <= MAX_TRAINEES:
        raise ValueError(f"--trainees must be from 1 to {MAX_TRAINEES}, not {clerks}")
    if not 0 <= supervisors <= MAX_TRAINEES:
        raise ValueError(f"--supervisors must be from 0 to {MAX_TRAINEES}, not {supervisors}")
    if per_stack < 1:
        raise ValueError(f"--protocols must be at least 1, not {per_stack}")
    if not 0.0 <= errors <= 1.0:
        raise ValueError(f"--errors must be a share between 0 and 1, not {errors}")
    election = mock.election
    clerk_names = names(CLERK_PREFIX, clerks)
    supervisor_names = names(SUPERVISOR_PREFIX, supervisors)
    groups = [clerk_names[i : i + 2] for i in range(0, clerks, 2)]
    total = per_stack * len(groups)
    usable = [p for p in mock.protocols if len(election.contest(p.contest).choices) >= 2]
    # List ballots first (their lists can be swapped), each in the election's order.
    ordered = sorted(usable, key=lambda p: election.contest(p.contest).kind is not ContestKind.LIST)
    if total > len(ordered):
        raise ValueError(
            f"{total} protocols asked for ({per_stack} a stack x {len(groups)} stacks), "
            f"the mock election has {len(ordered)}: ask for fewer --protocols"
        )
    chosen = ordered[:total]
    # Deal the protocols to the stacks in turn, so each stack mixes precincts and ballots.
    stack_of = [i % len(groups) for i in range(total)]
    order = sorted(range(total), key=lambda i: (stack_of[i], i))
    chosen = [chosen[i] for i in order]
    stack_of = [stack_of[i] for i in order]

    rng = random.Random(f"{seed}:paper-errors")
    count = round(errors * total)
    picked = sorted(rng.sample(range(total), count))
    kinds = [PAPER_ERRORS[i % len(PAPER_ERRORS)] for i in range(count)]
    rng.shuffle(kinds)
    # A duplicate copies a paper earlier in its stack: the deepest picked papers take them.
    position = [sum(1 for j in range(i) if stack_of[j] == stack_of[i]) for i in range(total)]
    deepest = sorted(picked, key=lambda i: (-position[i], i))
    duplicates = set(deepest[: kinds.count("duplicate")])
    others = iter([k for k in kinds if k != "duplicate"])
    planted_at: dict[int, PaperError] = {
        i: "duplicate" if i in duplicates else next(others) for i in picked
    }

    papers: list[Paper] = []
    key_papers: list[dict[str, Any]] = []
    for i, mp in enumerate(chosen):
        contest = election.contest(mp.contest)
        area = election.area(mp.precinct)
        clean = mp.first
        figures = clean
        entry: dict[str, Any] = {
            "paper": i + 1,
            "stack": stack_of[i] + 1,
            "precinct": mp.precinct,
            "contest": mp.contest,
            "clean": _figures_json(clean),
            "error": None,
        }
        kind = planted_at.get(i)
        error: PaperError | None = None
        expected: Expected | None = None
        if kind is not None:
            tried = [kind] + [k for k in PAPER_ERRORS if k != kind]
            for k in tried:
                if k == "duplicate":
                    sources = [
                        j
                        for j in range(i)
                        if stack_of[j] == stack_of[i]
                        and papers[j].contest == mp.contest
                        and papers[j].precinct != mp.precinct
                        and papers[j].error is None
                    ]
                    if not sources:
                        continue
                    j = rng.choice(sources)
                    figures = papers[j].figures
                    detail: dict[str, Any] = {"fields": [], "source": papers[j].precinct}
                else:
                    made = _plant(k, clean, contest, rng)
                    if made is None:
                        continue
                    figures, detail = made
                error = k
                break
            if error is not None:
                findings = check_protocol(
                    contest, figures, election.rules, electorate=area.electorate, acts=mp.acts
                )
                codes = sorted({f.code for f in findings})
                expected = expected_action(error, codes)
                entry["error"] = {
                    "kind": error,
                    **detail,
                    "checks": codes
                    + (["W6"] if error == "duplicate" and "W6" not in codes else []),
                    "expected": expected,
                    "severity": _severity(findings),
                }
        entry["paper_figures"] = _figures_json(figures)
        entry["minimum_keystrokes"] = minimum_keystrokes(figures, contest)
        papers.append(
            Paper(
                mp.precinct, mp.contest, figures, clean, mp.acts, stack_of[i] + 1, error, expected
            )
        )
        key_papers.append(entry)

    stacks = tuple(
        Stack(
            number=g + 1,
            clerks=tuple(group),
            supervisor=supervisor_names[g % supervisors] if supervisors else None,
            papers=tuple(i for i in range(total) if stack_of[i] == g),
        )
        for g, group in enumerate(groups)
    )
    answers: dict[str, Any] = {
        "training": "kztally training session",
        "election": election.id,
        "seed": seed,
        "trainees": clerks,
        "supervisors": supervisors,
        "protocols": per_stack,
        "errors": errors,
        "reference": REFERENCE,
        "expected_actions": {k: sorted(v) for k, v in ACCEPTED_ACTIONS.items()},
        "stacks": [
            {
                "stack": s.number,
                "clerks": list(s.clerks),
                "reference_entry": s.alone,
                "supervisor": s.supervisor,
                "papers": [i + 1 for i in s.papers],
            }
            for s in stacks
        ],
        "papers": key_papers,
        "planted": sum(1 for p in papers if p.error is not None),
    }
    return Plan(
        election=election,
        seed=seed,
        errors=errors,
        papers=tuple(papers),
        stacks=stacks,
        clerks=clerk_names,
        supervisors=supervisor_names,
        answers=answers,
    )


def _severity(findings: tuple[Any, ...]) -> str | None:
    if any(f.severity is Severity.ERROR for f in findings):
        return "error"
    if findings:
        return "warning"
    return None
