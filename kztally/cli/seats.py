"""`kztally seats VOTES.csv --seats N [--threshold PCT] [--json]`: the list seat calculator.

VOTES.csv has a header row with at least the columns `list` and `votes` (any letter case,
in any order; other columns are ignored). An optional whole-number column `registered`
orders the lists by registration (lower registered earlier); without it, the row order is
the registration order. A row whose list is `against all` counts in the valid total and
never gets a seat. Seats go by the Hare quota and largest remainders among the lists with
at least the threshold's share of the valid total (docs/rules.md, party-list seats), exactly.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from kztally.cli.errors import CliError
from kztally.cli.textout import (
    add_lang_argument,
    decimal_text,
    fraction_text,
    out,
    percent_text,
    print_json,
    table,
)
from kztally.domain.limits import FIGURE_MAX, TOTAL_MAX, figure_problem
from kztally.domain.rules import RULES_2023
from kztally.domain.seats import Allocation, ListVotes, allocate_list_seats
from kztally.formats.load import FormatError, read_bytes

AGAINST_ALL = "against all"
_WHOLE = re.compile(r"[0-9]+", re.ASCII)
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", re.ASCII)
_DELIMITERS = (",", ";", "\t")


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "seats",
        parents=[common],
        help="allocate list seats from a CSV of votes",
        description="Allocate party-list seats: lists at or over the threshold share of the "
        "valid total (lists + against all) share the seats by Hare quota and largest "
        "remainders; equal remainders go to the list registered earlier.",
    )
    p.add_argument("votes", metavar="VOTES.csv", help="CSV with a header and columns list,votes")
    p.add_argument("--seats", type=_seats, required=True, metavar="N", help="seats on offer")
    p.add_argument(
        "--threshold",
        default="5",
        metavar="PCT",
        help="share of the valid total a list needs, in percent (default 5; decimals allowed)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_lang_argument(p)
    p.set_defaults(func=run)


@dataclass(frozen=True, slots=True)
class VotesFile:
    lists: tuple[ListVotes, ...]
    against_all: int
    has_against_all: bool


def _seats(text: str) -> int:
    value = text.strip()
    digits = value.lstrip("-").lstrip("0")
    if re.fullmatch(r"-?[0-9]+", value, re.ASCII) and len(digits) > 12:
        raise argparse.ArgumentTypeError(f"{len(digits)} digits, above the bound {FIGURE_MAX}")
    if not re.fullmatch(r"-?[0-9]+", value, re.ASCII):
        shown = value if len(value) <= 20 else value[:17] + "..."
        raise argparse.ArgumentTypeError(f"{shown!r} is not a whole number of seats")
    return int(value)


def parse_threshold(text: str) -> Fraction:
    """A percentage written as a decimal ('5', '7', '5.5'), as an exact share."""
    value = text.strip()
    if len(value) > 40 or not _DECIMAL.fullmatch(value):
        shown = text if len(text) <= 20 else text[:17] + "..."
        raise CliError(f"argument --threshold: {shown!r} is not a percentage such as 5 or 5.5")
    pct = Fraction(value.rstrip("."))
    if not 0 <= pct <= 100:
        raise CliError(f"argument --threshold: {text} is outside 0-100")
    return pct / 100


def read_votes(path: str) -> VotesFile:
    """The lists and against all of a votes CSV, or a CliError naming the file and line."""
    try:
        data = read_bytes(path)
    except FormatError as exc:
        raise CliError(str(exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CliError(f"{path}, line {line}: not UTF-8 text") from None

    def fail(line: int, message: str) -> CliError:
        return CliError(f"{path}, line {line}: {message}")

    lines = text.splitlines()
    header_index = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if header_index is None:
        raise fail(1, "the file is empty (expected a header with the columns list,votes)")
    header_line = lines[header_index]
    delimiter = next((d for d in _DELIMITERS if d in header_line), ",")
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def each_row() -> Iterator[list[str]]:
        while True:
            try:
                yield next(rows)
            except StopIteration:
                return
            except csv.Error as exc:
                raise fail(rows.line_num, f"not readable as CSV: {exc}") from None

    header: list[str] | None = None
    col: dict[str, int] = {}
    lists: list[ListVotes] = []
    seen: dict[str, int] = {}
    against_all = 0
    has_against_all = False
    for row in each_row():
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if header is None:
            header = [h.strip().lower() for h in row]
            for name in ("list", "votes", "registered"):
                if header.count(name) > 1:
                    raise fail(line, f"the column {name!r} is named twice")
                if name in header:
                    col[name] = header.index(name)
            missing = [n for n in ("list", "votes") if n not in col]
            if missing:
                have = ", ".join(h for h in header if h) or "nothing"
                raise fail(
                    line,
                    f"no column {' or '.join(repr(m) for m in missing)} in the header "
                    f"(it has: {have}; expected at least list,votes)",
                )
            continue

        def cell(name: str, row: list[str] = row) -> str:
            i = col[name]
            return row[i].strip() if i < len(row) else ""

        name = cell("list")
        if not name:
            raise fail(line, "the list has no name")
        raw = cell("votes")
        if not _WHOLE.fullmatch(raw):
            shown = f"{raw!r}" if raw else "nothing"
            raise fail(line, f"votes for {name} must be a whole number ≥ 0, found {shown}")
        votes = _bounded(raw, TOTAL_MAX)
        if isinstance(votes, str):
            raise fail(line, f"votes for {name}: {votes}")
        key = name.casefold()
        if key in seen:
            raise fail(line, f"{name} is named twice (first on line {seen[key]})")
        seen[key] = line
        if key == AGAINST_ALL:
            against_all, has_against_all = votes, True
            continue
        registration = len(lists) + 1
        if "registered" in col:
            raw_reg = cell("registered")
            if not re.fullmatch(r"-?[0-9]+", raw_reg, re.ASCII):
                shown = f"{raw_reg!r}" if raw_reg else "nothing"
                raise fail(line, f"registered for {name} must be a whole number, found {shown}")
            bounded = _bounded(raw_reg.lstrip("-"), FIGURE_MAX)
            if isinstance(bounded, str):
                raise fail(line, f"registered for {name}: {bounded}")
            registration = -bounded if raw_reg.startswith("-") else bounded
        lists.append(ListVotes(name, votes, registration))
    if header is None:  # pragma: no cover - the blank check above catches it
        raise fail(1, "the file is empty")
    if not lists:
        last = len(lines) if lines else 1
        raise fail(last, "no lists after the header")
    return VotesFile(tuple(lists), against_all, has_against_all)


def _bounded(digits: str, bound: int) -> int | str:
    """Whole-number digits as a number up to `bound`, or why not (without converting
    thousands of digits: Python refuses more than 4300)."""
    stripped = digits.lstrip("0") or "0"
    if len(stripped) > len(str(bound)):
        return f"{len(stripped)} digits, above the bound {bound}"
    value = int(stripped)
    problem = figure_problem(value, bound)
    return value if problem is None else problem


def result_document(allocation: Allocation) -> dict[str, Any]:
    """What `--json` prints: valid total, exact quota, lists in input order, ties."""
    return {
        "valid_total": allocation.valid_total,
        "quota": None if allocation.quota is None else fraction_text(allocation.quota),
        "lists": [
            {
                "list": r.id,
                "votes": r.votes,
                "share": percent_text(r.share),
                "qualified": r.qualified,
                "seats": r.seats,
            }
            for r in allocation.lists
        ],
        "ties": [
            {
                "lists": list(t.lists),
                "remainder": fraction_text(t.remainder),
                "seats": t.seats,
                "settled_by": t.settled_by.value,
                "winners": list(t.winners),
            }
            for t in allocation.ties
        ],
    }


def render(allocation: Allocation, votes: VotesFile, threshold: Fraction, lang: str) -> str:
    import kztally.domain_texts as texts
    from kztally import i18n

    def share(v: int) -> str:
        total = allocation.valid_total
        return percent_text(Fraction(v, total) if total else Fraction(0)) + "%"

    rows = [
        [r.id, str(r.votes), share(r.votes), "yes" if r.qualified else "no", str(r.seats)]
        for r in allocation.lists
    ]
    if votes.has_against_all:
        rows.append([AGAINST_ALL, str(votes.against_all), share(votes.against_all), "", ""])
    rows.append(["total", str(allocation.valid_total), "", "", str(allocation.allocated)])
    lines = [
        table(
            ["list", "votes", "share", "qualified", "seats"],
            rows,
            right=[False, True, True, False, True],
        ),
        "",
        f"valid total: {allocation.valid_total} (lists + against all)",
        f"threshold: {_plain_percent(threshold)}% "
        f"of the valid total = {decimal_text(threshold * allocation.valid_total)} votes",
    ]
    if allocation.quota is None:
        lines.append("quota: none")
    else:
        lines.append(
            f"quota: {fraction_text(allocation.quota)} = {decimal_text(allocation.quota)} "
            f"(votes of the qualifying lists {allocation.qualifying_total} / "
            f"{allocation.seats} seats)"
        )
    lines.append(f"seats: {allocation.allocated} of {allocation.seats}")
    for t in allocation.ties:
        how = i18n.text(f"settlement.{t.settled_by.value}", lang)
        won = ", ".join(t.winners) or "no one"
        lines.append(
            f"tie: {', '.join(t.lists)} have equal remainders for {t.seats} seat(s); {how}: {won}"
        )
    for notice in allocation.notices:
        lines.append(f"notice {notice.code}: {texts.notice_text(notice, lang)}")
    return "\n".join(lines)


def _plain_percent(share: Fraction) -> str:
    """5 for 5%, 5.5 for 5.5%: the threshold as it was given."""
    pct = share * 100
    if pct.denominator == 1:
        return str(pct.numerator)
    return decimal_text(pct, 4).rstrip("0").rstrip(".")


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.seats <= FIGURE_MAX:
        raise CliError(f"argument --seats: must be from 1 to {FIGURE_MAX}, not {args.seats}")
    threshold = parse_threshold(args.threshold)
    votes = read_votes(args.votes)
    rules = replace(RULES_2023, threshold=threshold)
    allocation = allocate_list_seats(votes.lists, args.seats, rules, votes.against_all)
    if args.json:
        print_json(result_document(allocation))
    else:
        out(render(allocation, votes, threshold, args.lang))
    return 0
