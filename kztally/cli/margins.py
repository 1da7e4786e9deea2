"""`kztally margins`: how few ballots would change each list seat and district winner
(docs/margins.md).

Services are imported when the command runs, not when the parser is built.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kztally.cli.errors import CliError

if TYPE_CHECKING:
    from kztally.domain.margins import Flip
    from kztally.services.context import Services
    from kztally.services.margins import ContestMargin, Difference, DifferenceVerdict

DIFFERENCE_COLUMNS = ("precinct", "contest", "choice", "delta")


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "margins",
        parents=[common],
        help="the fewest ballots moved or added that would change a seat or a winner",
        description="For every list contest and district decided in the area: the fewest "
        "ballots that, moved from one choice to another, change any list's seats or the "
        "winner, the fewest added for one choice alone that do, the weight of changes "
        "proven to change nothing, and whether the protocols still missing, pending or "
        "annulled could change it (docs/margins.md).",
    )
    p.add_argument("--area", metavar="CODE", help="an area code (default: the country)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--differences",
        metavar="CSV",
        type=Path,
        help="differences found (columns precinct,contest,choice,delta: copy - official; "
        "choice against_all for against all): does any change a seat or a winner?",
    )
    p.set_defaults(func=run_margins)


def run_margins(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    differences = None if args.differences is None else read_differences(args.differences)
    with signed_in(args) as services, service_errors():
        return _margins(services, args, differences)


def read_differences(path: Path) -> list[Difference]:
    """The differences' CSV: a header naming the four columns, then one row each."""
    from kztally.services.margins import Difference

    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            missing = [c for c in DIFFERENCE_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise CliError(f"{path}: no column {', '.join(missing)} in the header")
            out: list[Difference] = []
            for row in reader:
                where = f"{path}, line {reader.line_num}"
                try:
                    delta = int(row["delta"])
                except (TypeError, ValueError):
                    raise CliError(
                        f"{where}: delta {row['delta']!r} is not a whole number"
                    ) from None
                out.append(Difference(row["precinct"], row["contest"], row["choice"], delta))
            return out
    except UnicodeDecodeError as exc:
        raise CliError(f"{path}: not UTF-8 text ({exc.reason})") from None


def _margins(
    services: Services, args: argparse.Namespace, differences: list[Difference] | None
) -> int:
    from kztally.cli.results import _area, _election
    from kztally.cli.results_out import status_dict, status_line

    election = _election(services)
    area = _area(election, args.area)
    result = services.margins.margins(area)
    verdicts = None if differences is None else services.margins.matter(differences, area)
    if args.json:
        out: dict[str, Any] = {
            "election": election.id,
            "area": area,
            "data_version": result.data_version,
            "contests": [contest_dict(m) for m in result.contests],
            **status_dict(result.status),
        }
        if verdicts is not None:
            out["differences"] = [verdict_dict(v) for v in verdicts]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(status_line(result.status))
    print(f"{election.name}: margins, {election.area(area).name} ({area})")
    if not result.contests:
        print("no seat or winner is decided within this area")
    for m in result.contests:
        print(contest_line(m))
    for v in verdicts or ():
        print(verdict_line(v))
    return 0


def flip_dict(m: ContestMargin, f: Flip | None) -> dict[str, Any] | None:
    if f is None:
        return None
    out: dict[str, Any] = {
        "ballots": f.ballots,
        "from": f.source,
        "to": f.target,
        "from_name": None if f.source is None else m.name(f.source),
        "to_name": m.name(f.target),
    }
    if m.margins.lists:
        out["seats"] = [
            {"list": i, "name": m.name(i), "before": b, "after": a} for i, b, a in f.seats
        ]
    else:
        out["winner"] = f.winner
        out["winner_name"] = None if f.winner is None else m.name(f.winner)
        out["repeat_election"] = f.repeat
    return out


def contest_dict(m: ContestMargin) -> dict[str, Any]:
    """One contest: `moved` and `added` (ballots, from, to, and the seats or winner
    after), `safe`, per list `gain`/`lose` (list contests), and the uncounted protocols
    with their `verdict` (cannot, may, can)."""
    mm = m.margins
    out: dict[str, Any] = {
        "contest": m.contest.id,
        "body": m.body.id,
        "kind": m.contest.kind.value,
        "number": m.contest.number,
        "name": m.contest.name,
        "moved": flip_dict(m, mm.moved),
        "added": flip_dict(m, mm.added),
        "safe": mm.safe,
        "outstanding": {
            "protocols": m.outstanding,
            "electorate": m.outstanding_electorate,
            "verdict": m.verdict.value,
        },
    }
    if mm.lists:
        out["lists"] = [
            {
                "list": lm.id,
                "name": m.name(lm.id),
                "seats": lm.seats,
                "gain": flip_dict(m, lm.gain),
                "lose": flip_dict(m, lm.lose),
            }
            for lm in mm.lists
        ]
    else:
        out["winner"] = mm.winner
        out["winner_name"] = None if mm.winner is None else m.name(mm.winner)
    return out


def flip_text(m: ContestMargin, f: Flip | None) -> str:
    """'312 moved from A to B (B 5→6, C 4→3)'; 'none' when nothing can."""
    if f is None:
        return "none"
    how = (
        f"{f.ballots} added for {m.name(f.target)}"
        if f.source is None
        else f"{f.ballots} moved from {m.name(f.source)} to {m.name(f.target)}"
    )
    if m.margins.lists:
        what = ", ".join(f"{m.name(i)} {b}→{a}" for i, b, a in f.seats)
    elif f.repeat:
        what = "repeat election"
    else:
        what = f"winner {m.name(f.winner)}" if f.winner is not None else "no one elected"
    return f"{how} ({what})"


def contest_line(m: ContestMargin) -> str:
    mm = m.margins
    where = f"{m.body.id} lists" if mm.lists else f"{m.body.id} district {m.contest.number or '?'}"
    return (
        f"{where} [{m.contest.id}]: closest {flip_text(m, mm.moved)}; "
        f"stuffing {flip_text(m, mm.added)}; safe up to {mm.safe}; "
        f"uncounted {m.outstanding} protocols, electorate {m.outstanding_electorate}: "
        f"{m.verdict.value} change it"
    )


def verdict_dict(v: DifferenceVerdict) -> dict[str, Any]:
    return {
        "contest": v.contest.contest.id,
        "deltas": [{"choice": c, "delta": d} for c, d in v.deltas],
        "weight": v.weight,
        "safe": v.contest.margins.safe,
        "changes": v.changes,
    }


def verdict_line(v: DifferenceVerdict) -> str:
    deltas = ", ".join(f"{v.contest.name(c)} {d:+d}" for c, d in v.deltas)
    word = "CHANGE" if v.changes else "do not change"
    return (
        f"differences in {v.contest.contest.id}: {deltas} (weight {v.weight}, safe up to "
        f"{v.contest.margins.safe}): they {word} the outcome"
    )
