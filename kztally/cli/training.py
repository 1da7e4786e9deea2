"""`kztally training new|score` (trainers) and `kztally query` (supervisors)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kztally.cli.errors import CliError
from kztally.cli.mock import _fraction
from kztally.reports.texts import LANGS
from kztally.services.training_new import ANSWERS, DATABASE

if TYPE_CHECKING:
    from kztally.services.context import Services
    from kztally.training.score import Score


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "training",
        parents=[common],
        help="practice sessions on paper with planted errors, and their score (trainers)",
        description="`new` prints a session: each trainee's stack of protocols with "
        "planted errors, the answer key, the accounts; `score` marks the work recorded.",
    )
    tsub = p.add_subparsers(dest="training_command", metavar="COMMAND", required=True)
    new = tsub.add_parser(
        "new",
        parents=[common],
        help="make a session in DIR (its SQLite database, unless --db names a shared one)",
    )
    new.add_argument("--seed", type=int, required=True, help="same seed, same papers")
    new.add_argument("--trainees", type=int, required=True, metavar="K", help="clerk trainees")
    new.add_argument(
        "--supervisors", type=int, default=1, metavar="S", help="supervisor trainees (default 1)"
    )
    new.add_argument(
        "--protocols", type=int, default=8, metavar="M", help="protocols in a stack (default 8)"
    )
    new.add_argument(
        "--errors",
        type=_fraction,
        default=0.25,
        metavar="FRACTION",
        help="share (0-1) of the papers with a planted error (default 0.25)",
    )
    new.add_argument("--lang", choices=LANGS, default="kk", help="the papers' language")
    new.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    new.set_defaults(func=run_new)
    score = tsub.add_parser(
        "score",
        parents=[common],
        help="each trainee's score and the groups' (DIR, or --db URL of a shared session)",
    )
    score.add_argument("folder", type=Path, nargs="?", metavar="DIR")
    score.add_argument("--json", action="store_true", help="print JSON")
    score.add_argument("--pdf", type=Path, metavar="FILE", help="write the group report")
    score.add_argument("--csv", type=Path, metavar="FILE", help="write one line per trainee")
    score.add_argument("--lang", choices=LANGS, default="kk", help="the report's language")
    score.set_defaults(func=run_score)

    q = sub.add_parser(
        "query",
        parents=[common],
        help="a supervisor's query to a precinct commission on a protocol (changes no figure)",
    )
    q.add_argument("--precinct", required=True)
    q.add_argument("--contest", required=True)
    q.add_argument("--text", help="what to ask the commission (without it: list the queries)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=run_query)


# -- new ------------------------------------------------------------------------------------


def run_new(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, sign_in
    from kztally.services.training_new import check_folder, make_plan, make_session

    with service_errors():
        check_folder(args.output)
        the_plan = make_plan(
            args.seed, args.trainees, args.supervisors, args.protocols, args.errors
        )
        made = make_session(
            args.output,
            the_plan,
            args.lang,
            getattr(args, "db", None),
            lambda db: sign_in(db, args),
        )
    print(
        f"{made.election}: {made.papers} papers in {made.stacks} "
        f"stacks, {made.planted} with planted errors; "
        f"{made.clerks} clerk and {made.supervisors} supervisor trainees"
    )
    print(f"papers: {made.trainees}; answer key and accounts: {made.folder / 'trainer'}")
    return 0


# -- score ----------------------------------------------------------------------------------


def run_score(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    folder: Path | None = args.folder
    answers: dict[str, Any] | None = None
    if folder is not None:
        if getattr(args, "db", None) is not None:
            raise CliError("give the session's folder or --db URL, not both")
        key = folder / ANSWERS
        if not (folder / DATABASE).is_file():
            raise CliError(f"{folder}: no {DATABASE} here: not a training session's folder")
        try:
            answers = json.loads(key.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CliError(f"{key}: cannot read the answer key: {exc}") from exc
        args.db = f"sqlite:///{(folder / DATABASE).resolve()}"
    elif getattr(args, "db", None) is None:
        raise CliError("give the session's folder, or --db URL of a shared training database")
    with signed_in(args) as services, service_errors():
        result = session_score(services, answers)
    if args.json:
        from kztally.training.score import as_json

        print(json.dumps(as_json(result), ensure_ascii=False, indent=1))
    else:
        print(score_text(result))
    if args.csv is not None:
        write_csv(result, args.csv)
    if args.pdf is not None:
        from kztally.reports.training import render_score

        args.pdf.write_bytes(render_score(result, args.lang, services_name(answers)))
    return 0


def services_name(answers: dict[str, Any] | None) -> str:
    return "" if answers is None else str(answers.get("election", ""))


def session_score(services: Services, answers: dict[str, Any] | None) -> Score:
    return services.training.score(services.training.plan(answers))


def _fmt(value: Any, places: int = 1) -> str:
    if value is None:
        return "–"
    return f"{float(value):.{places}f}"


def score_text(result: Score) -> str:
    head = (
        f"{'trainee':<16} {'role':<10} {'prot.':>5} {'per h':>6} {'keys/p':>6} {'min/p':>6} "
        f"{'corr':>4} {'accuracy':>8} {'caught':>6} {'missed':>6} {'alarms':>6}"
    )
    rows = [head]
    for x in (*result.trainees, *result.groups, result.room):
        name = x.name if x.role != "group" or x.name == "room" else f"group {x.name}"
        accuracy = "–" if x.accuracy is None else f"{float(x.accuracy) * 100:.1f}%"
        rows.append(
            f"{name:<16} {x.role:<10} {x.protocols:>5} {_fmt(x.per_hour):>6} "
            f"{_fmt(x.keystrokes_per_protocol):>6} {_fmt(x.minimum_per_protocol):>6} "
            f"{x.corrections:>4} {accuracy:>8} {x.caught:>6} {x.missed:>6} {x.false_alarms:>6}"
        )
    return "\n".join(rows)


def write_csv(result: Score, path: Path) -> None:
    try:
        tmp = path.with_name(path.name + ".tmp")
        from kztally.training.score import csv_text

        tmp.write_text(csv_text(result), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise CliError(f"{path}: cannot write: {exc.strerror}") from exc


# -- query ----------------------------------------------------------------------------------


def run_query(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        if args.text is not None:
            q = services.training.query(args.precinct, args.contest, args.text)
            print(f"{q.precinct}/{q.contest}: query recorded by {q.by} at {q.at:%Y-%m-%d %H:%M}")
            return 0
        found = services.training.queries(args.precinct, args.contest)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "precinct": q.precinct,
                        "contest": q.contest,
                        "round": q.round,
                        "by": q.by,
                        "at": q.at.isoformat(),
                        "text": q.text,
                    }
                    for q in found
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        for q in found:
            print(f"{q.at:%Y-%m-%d %H:%M} {q.by}: {q.text}")
        if not found:
            print(f"{args.precinct}/{args.contest}: no query", file=sys.stderr)
    return 0
