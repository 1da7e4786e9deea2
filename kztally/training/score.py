"""The score of a training session, from what the services recorded (pure).

For each clerk trainee (the papers of their stack):

- `protocols`: papers they saved an entry of; `per_hour`: protocols x 3600 over the time
  the form counted on their saves (first key to save, summed);
- `keystrokes` and `minimum`: the keys the form counted, and the fewest the paper's figures
  need (`plan.minimum_keystrokes`), over the same saves; `corrections`: Backspace and
  Delete presses;
- `fields` and `faults`: fields entered, and those that differ from the PAPER (the planted
  error included; the last entry of each paper counts); `accuracy` = 1 - faults/fields;
  `corrected_paper`: faults where the clerk typed the clean figure the paper did not say
  (a clerk records the paper, the checks catch it).

For each supervisor trainee (the papers of the stacks in their charge that a trainee
entered: a paper nobody entered never came to them):

- `caught`: planted papers on which they took an expected action (`ACCEPTED_ACTIONS`);
- `missed`: planted papers in their charge without one (errors let through);
- `false_alarms`: clean papers on which they queried the commission or ordered a recount;
- `protocols`: papers they acted on; `per_hour`: those over the time from their first to
  their last action (none when that is under a minute: too short to tell).

Groups: one per stack (its clerks' figures, its planted papers as its supervisor handled
them), and the room (everyone).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from kztally.domain.protocol import Figures
from kztally.training.plan import ACCEPTED_ACTIONS, ALARMS, Plan, minimum_keystrokes

MIN_SPAN_MS = 60_000


@dataclass(frozen=True, slots=True)
class Saved:
    paper: int
    by: str
    figures: Figures
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Action:
    paper: int
    by: str
    action: str
    """A decision's transition (`keep_first`, `send_back`, `recount`, ...) or `query`."""
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Work:
    paper: int
    by: str
    keystrokes: int
    corrections: int
    milliseconds: int


@dataclass(frozen=True, slots=True)
class Facts:
    saves: tuple[Saved, ...] = ()
    actions: tuple[Action, ...] = ()
    work: tuple[Work, ...] = ()


@dataclass(frozen=True, slots=True)
class Line:
    """One trainee's score, or a group's totals."""

    name: str
    role: str
    """clerk, supervisor, or group."""
    trainees: tuple[str, ...] = ()
    protocols: int = 0
    milliseconds: int = 0
    keystrokes: int = 0
    minimum: int = 0
    corrections: int = 0
    fields: int = 0
    faults: int = 0
    corrected_paper: int = 0
    caught: int = 0
    missed: int = 0
    false_alarms: int = 0
    planted: int = 0
    """Planted papers in the charge (supervisors, groups)."""
    faulty_papers: tuple[int, ...] = field(default=())
    """Papers (from 1) with a fault (clerks)."""

    @property
    def per_hour(self) -> Fraction | None:
        if self.milliseconds <= 0 or self.protocols == 0:
            return None
        return Fraction(self.protocols * 3_600_000, self.milliseconds)

    @property
    def accuracy(self) -> Fraction | None:
        if self.fields == 0:
            return None
        return 1 - Fraction(self.faults, self.fields)

    @property
    def keystrokes_per_protocol(self) -> Fraction | None:
        return Fraction(self.keystrokes, self.protocols) if self.protocols else None

    @property
    def minimum_per_protocol(self) -> Fraction | None:
        return Fraction(self.minimum, self.protocols) if self.protocols else None


@dataclass(frozen=True, slots=True)
class Score:
    trainees: tuple[Line, ...]
    groups: tuple[Line, ...]
    room: Line


def _last_saves(saves: Iterable[Saved]) -> dict[tuple[int, str], Saved]:
    out: dict[tuple[int, str], Saved] = {}
    for s in sorted(saves, key=lambda s: s.at):
        out[(s.paper, s.by)] = s
    return out


def _clerk(plan: Plan, name: str, papers: Sequence[int], facts: Facts) -> Line:
    last = _last_saves(s for s in facts.saves if s.by == name and s.paper in papers)
    fields = faults = corrected = minimum = 0
    faulty: list[int] = []
    for i in papers:
        saved = last.get((i, name))
        if saved is None:
            continue
        paper = plan.papers[i]
        contest = plan.election.contest(paper.contest)
        minimum += minimum_keystrokes(paper.figures, contest)
        said = dict(paper.figures.fields(contest))
        clean = dict(paper.clean.fields(contest))
        bad = 0
        for fname, value in saved.figures.fields(contest):
            fields += 1
            if value != said[fname]:
                bad += 1
                if value == clean[fname] and said[fname] != clean[fname]:
                    corrected += 1
        faults += bad
        if bad:
            faulty.append(i + 1)
    work = [w for w in facts.work if w.by == name and w.paper in papers]
    return Line(
        name=name,
        role="clerk",
        trainees=(name,),
        protocols=len({i for i, _ in last}),
        milliseconds=sum(w.milliseconds for w in work),
        keystrokes=sum(w.keystrokes for w in work),
        minimum=minimum,
        corrections=sum(w.corrections for w in work),
        fields=fields,
        faults=faults,
        corrected_paper=corrected,
        faulty_papers=tuple(faulty),
    )


def _decisions(plan: Plan, name: str, papers: Sequence[int], facts: Facts) -> Line:
    mine = [a for a in facts.actions if a.by == name and a.paper in papers]
    done: dict[int, set[str]] = {}
    for a in mine:
        done.setdefault(a.paper, set()).add(a.action)
    caught = missed = alarms = planted = 0
    reached = {s.paper for s in facts.saves}
    for i in papers:
        if i not in reached:
            continue  # no trainee entered it: it never came to the supervisor
        paper = plan.papers[i]
        taken = done.get(i, set())
        if paper.expected is not None:
            planted += 1
            if taken & ACCEPTED_ACTIONS[paper.expected]:
                caught += 1
            else:
                missed += 1
        elif taken & ALARMS:
            alarms += 1
    times = sorted(a.at for a in mine)
    span = int((times[-1] - times[0]).total_seconds() * 1000) if len(times) > 1 else 0
    if span < MIN_SPAN_MS:
        span = 0  # too short a time to tell a speed
    return Line(
        name=name,
        role="supervisor",
        trainees=(name,),
        protocols=len(done),
        milliseconds=span,
        caught=caught,
        missed=missed,
        false_alarms=alarms,
        planted=planted,
    )


def _sum(name: str, lines: Sequence[Line], decisions: Sequence[Line]) -> Line:
    clerks = [x for x in lines if x.role == "clerk"]
    return Line(
        name=name,
        role="group",
        trainees=tuple(x.name for x in (*clerks, *decisions)),
        protocols=sum(x.protocols for x in clerks),
        milliseconds=sum(x.milliseconds for x in clerks),
        keystrokes=sum(x.keystrokes for x in clerks),
        minimum=sum(x.minimum for x in clerks),
        corrections=sum(x.corrections for x in clerks),
        fields=sum(x.fields for x in clerks),
        faults=sum(x.faults for x in clerks),
        corrected_paper=sum(x.corrected_paper for x in clerks),
        caught=sum(x.caught for x in decisions),
        missed=sum(x.missed for x in decisions),
        false_alarms=sum(x.false_alarms for x in decisions),
        planted=sum(x.planted for x in decisions),
    )


def score(plan: Plan, facts: Facts) -> Score:
    trainees: list[Line] = []
    groups: list[Line] = []
    by_clerk: dict[str, Line] = {}
    for stack in plan.stacks:
        for name in stack.clerks:
            by_clerk[name] = _clerk(plan, name, stack.papers, facts)
    supervisors: list[Line] = []
    for name in plan.supervisors:
        charge = [i for s in plan.stacks if s.supervisor == name for i in s.papers]
        supervisors.append(_decisions(plan, name, charge, facts))
    trainees = [by_clerk[n] for n in plan.clerks] + supervisors
    for stack in plan.stacks:
        part = (
            [_decisions(plan, stack.supervisor, stack.papers, facts)]
            if stack.supervisor is not None
            else []
        )
        groups.append(_sum(f"{stack.number}", [by_clerk[n] for n in stack.clerks], part))
    room = _sum("room", list(by_clerk.values()), supervisors)
    return Score(tuple(trainees), tuple(groups), room)


def axis(top: float) -> tuple[float, float]:
    """A round end for an axis from 0 that holds `top` a little inside, and its step."""
    for step in (2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if top * 1.05 <= step * 6:
            break
    end = step * (int(top * 1.05 // step) + 1)
    return float(end), float(step)


def as_json(result: Score) -> dict[str, Any]:
    """JSON-ready: `trainees` (each `trainee`, `role`, `protocols`, `per_hour`, `caught`,
    `missed`, `false_alarms`, ...), `groups` and `room` with the same fields."""

    def one(x: Line, key: str) -> dict[str, object]:
        return {
            key: x.name,
            "role": x.role,
            "trainees": list(x.trainees),
            "protocols": x.protocols,
            "seconds": round(x.milliseconds / 1000, 1),
            "per_hour": _num(x.per_hour),
            "keystrokes": x.keystrokes,
            "keystrokes_per_protocol": _num(x.keystrokes_per_protocol),
            "minimum_per_protocol": _num(x.minimum_per_protocol),
            "corrections": x.corrections,
            "fields": x.fields,
            "faults": x.faults,
            "accuracy": _num(x.accuracy, 4),
            "corrected_paper": x.corrected_paper,
            "planted": x.planted,
            "caught": x.caught,
            "missed": x.missed,
            "false_alarms": x.false_alarms,
        }

    return {
        "trainees": [one(x, "trainee") for x in result.trainees],
        "groups": [one(x, "group") for x in result.groups],
        "room": one(result.room, "group"),
    }


def _num(value: Fraction | None, places: int = 2) -> float | None:
    return None if value is None else round(float(value), places)


def _shown(value: Fraction | None) -> str:
    return "–" if value is None else f"{float(value):.1f}"


def shown_pct(value: Fraction | None) -> str:
    return "–" if value is None else f"{float(value) * 100:.1f}%"


def shown_figures(x: Line) -> list[str]:
    """A line's figures as the trainer's screen and the PDF report show them, from
    protocols to false alarms ("–" where the figure is not the role's): the callers put
    the name and the role, in their own words, before them."""
    clerkish = x.role != "supervisor"
    decided = x.role != "clerk"
    return [
        str(x.protocols),
        _shown(x.per_hour),
        f"{_shown(x.keystrokes_per_protocol)} ({_shown(x.minimum_per_protocol)})"
        if clerkish
        else "–",
        str(x.corrections) if clerkish else "–",
        shown_pct(x.accuracy),
        str(x.caught) if decided else "–",
        str(x.missed) if decided else "–",
        str(x.false_alarms) if decided else "–",
    ]


CSV_FIELDS = (
    "trainee",
    "role",
    "protocols",
    "seconds",
    "per_hour",
    "keystrokes",
    "keystrokes_per_protocol",
    "minimum_per_protocol",
    "corrections",
    "fields",
    "faults",
    "accuracy",
    "corrected_paper",
    "planted",
    "caught",
    "missed",
    "false_alarms",
)


def csv_text(result: Score) -> str:
    """One line per trainee, then one per group and the room's (`trainee` holds the
    group's number, or `room`)."""
    data = as_json(result)
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(CSV_FIELDS)
    rows: list[Any] = [*data["trainees"], *data["groups"], data["room"]]
    for row in rows:
        name = row.get("trainee", row.get("group"))
        out.writerow([name, *("" if row[k] is None else row[k] for k in CSV_FIELDS[1:])])
    return buf.getvalue()
