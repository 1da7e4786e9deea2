"""`kztally check --election DEF FILE...`: check protocol files against an election.

Each file is read as a protocol of the election (kztally.protocol version 1) and its
figures are checked with the election's rules: the control ratios K1-K6, the warnings
W1-W5 and W8 (against the precinct's registered electorate), W6 across the given files of
the same contest and W7 across the given files of the same precinct. A record file is
checked on its agreed figures (its latest entry while nothing is agreed).

Output: per file a heading, then one line per finding: the precinct and contest, the code,
the check's name in words, the formula and the figures. Exit status 2 when a file cannot
be read as a protocol of the election (the others are still checked), else 1 when any
control ratio fails, else 0 (warnings do not fail).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any

from kztally import i18n
from kztally.cli.errors import CliError
from kztally.cli.textout import add_lang_argument, finding_line, out
from kztally.domain.context import findings_at
from kztally.domain.election import Area, Contest, Election
from kztally.domain.entry import Actor, Checker, Entry
from kztally.domain.ids import AreaCode
from kztally.domain.protocol import Act, Figures, Finding, Severity, check_ballot_types
from kztally.domain.rules import Role, RuleSet
from kztally.formats.load import FormatError, load_election, load_protocol
from kztally.formats.protocol_json import ProtocolFile


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "check",
        parents=[common],
        help="check protocol files against an election and its rules",
        description="Check protocol files (kztally.protocol) against an election definition: "
        "control ratios K1-K6 and warnings W1-W8. Exit status 2 if a file cannot be read "
        "as a protocol of the election, 1 if a control ratio fails, 0 otherwise.",
    )
    p.add_argument(
        "--election", required=True, metavar="DEF", help="the election definition (JSON)"
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="protocol files (JSON)")
    add_lang_argument(p)
    p.set_defaults(func=run)


@dataclass(frozen=True, slots=True)
class Checked:
    path: str
    protocol: ProtocolFile
    entry: Entry | None
    findings: tuple[Finding, ...]
    history: str | None = None
    """Where and why a record's history would be refused by an import (None: it holds)."""


def _checker(
    rules: RuleSet,
    area: Area,
    contest: Contest,
    same: dict[AreaCode, Figures],
    others: list[tuple[Contest, Figures]],
) -> Checker:
    def check(figures: Figures, acts: frozenset[Act]) -> tuple[Finding, ...]:
        return findings_at(rules, area, contest, figures, acts, same, others)

    return check


def history_problem(election: Election, protocol: ProtocolFile, check: Checker) -> str | None:
    """Where and why `kztally import` would refuse a record file's history, replayed by
    the same code as an import's (as a supervisor running it, the file's clerks entering):
    a record that contradicts itself, or a step the state machine would not take."""
    if protocol.record is None:
        return None
    from kztally.services.transfer.replay import HistoryError, check_structure, replay
    from kztally.storage.protocols import Provenance

    try:
        check_structure(protocol.record)
        done = replay(
            protocol.record,
            deciding=Actor("kztally check", Role.SUPERVISOR),
            entering=lambda name: Actor(name, Role.CLERK),
            rules=election.rules,
            check=check,
            provenance=Provenance("kztally check", "", ""),
        )
    except HistoryError as exc:
        return f"{exc.where}: {exc.message}"
    if done.refused is not None:
        where, why = done.refused
        return f"{where}: {why}"
    return None


def _entry_words(protocol: ProtocolFile, lang: str) -> str:
    record = protocol.record
    if record is None:
        entry = protocol.entry
        assert entry is not None
        kind = i18n.text(f"entry_kind.{entry.kind.value}", lang)
        return f"{kind} by {entry.by}, {entry.at.isoformat()}"
    state = i18n.text(f"state.{record.case.state.value}", lang)
    breach = ", accepted with a breach" if record.case.breach else ""
    return f"record, round {record.case.round}, {state}{breach}"


def check_files(election: Election, protocols: list[tuple[str, ProtocolFile]]) -> list[Checked]:
    """Findings of every file: its own checks, then W6 and W7 across the other files (the
    same composition of checks as the services', `kztally.domain.context.findings_at`)."""
    rules = election.rules
    standing = [(path, p, p.latest()) for path, p in protocols]
    out: list[Checked] = []
    for path, protocol, entry in standing:
        if entry is None:
            out.append(Checked(path, protocol, None, ()))
            continue
        contest = election.contest(protocol.contest)
        area = election.area(protocol.precinct)
        # per other precinct of the contest, one file that has the same figures (W6); per
        # other ballot type of the precinct, the first file, or the first that differs (W7)
        same: dict[AreaCode, Figures] = {}
        others: dict[str, tuple[Contest, Figures]] = {}
        for _, other, other_entry in standing:
            if other is protocol or other_entry is None:
                continue
            if other.contest == protocol.contest and other.precinct != protocol.precinct:
                if other_entry.figures == entry.figures:
                    same.setdefault(other.precinct, other_entry.figures)
            elif other.precinct == protocol.precinct and other.contest != protocol.contest:
                pair = (election.contest(other.contest), other_entry.figures)
                if other.contest not in others or (
                    not check_ballot_types(rules, contest, entry.figures, [others[other.contest]])
                    and check_ballot_types(rules, contest, entry.figures, [pair])
                ):
                    others[other.contest] = pair
        check = _checker(rules, area, contest, same, list(others.values()))
        findings = check(entry.figures, entry.acts)
        history = history_problem(election, protocol, check)
        out.append(Checked(path, protocol, entry, findings, history))
    return out


def _summary(findings: tuple[Finding, ...]) -> str:
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return "no findings"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


def run(args: argparse.Namespace) -> int:
    try:
        election = load_election(args.election)
    except FormatError as exc:
        raise CliError(f"--election {exc}") from None
    protocols: list[tuple[str, ProtocolFile]] = []
    unreadable = 0
    for path in args.files:
        try:
            protocols.append((path, load_protocol(path, election)))
        except FormatError as exc:
            unreadable += 1
            print(f"kztally check: {exc}", file=sys.stderr)
    failed = False
    for checked in check_files(election, protocols):
        protocol = checked.protocol
        where = f"{protocol.precinct} {protocol.contest}"
        if checked.history is not None:  # refused by an import, so not a lawful record
            unreadable += 1
            print(f"kztally check: {checked.path}: {checked.history}", file=sys.stderr)
        if checked.entry is None:
            out(f"{checked.path}: {where} ({_entry_words(protocol, args.lang)}): nothing entered")
            continue
        heading = f"{checked.path}: {where} ({_entry_words(protocol, args.lang)})"
        out(f"{heading}: {_summary(checked.findings)}")
        for finding in checked.findings:
            out(f"  {where}: {finding_line(finding, args.lang)}")
            failed = failed or finding.severity is Severity.ERROR
    if unreadable:
        return 2
    return 1 if failed else 0
