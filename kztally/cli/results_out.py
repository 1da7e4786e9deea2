"""Results as JSON-ready dicts and as readable text, for `kztally results`."""

from __future__ import annotations

from typing import Any

from kztally.domain.election import Election, Nominator
from kztally.domain.ids import ChoiceId
from kztally.domain.numbers import fraction_text, percent
from kztally.domain.results import (
    BodyResult,
    Constituency,
    DistrictResult,
    ListResult,
    Progress,
    Tie,
)
from kztally.domain.seats import Allocation, Notice
from kztally.i18n import text
from kztally.services.official import OfficialStatus
from kztally.services.results import AreaResults

SELF_NOMINATED = "self-nominated"


def notice_dict(notice: Notice, lang: str = "en") -> dict[str, str]:
    return {"code": notice.code, "text": text(f"notice.{notice.code}", lang, **notice.detail)}


def allocation_lists(election: Election, contest_id: str, a: Allocation) -> list[dict[str, Any]]:
    contest = election.contest(contest_id)
    names: dict[str, str] = {c.id: c.name for c in contest.choices}
    return [
        {
            "list": names[r.id],
            "votes": r.votes,
            "share": percent(r.share),
            "qualified": r.qualified,
            "seats": r.seats,
        }
        for r in a.lists
    ]


def part_lists(lr: ListResult) -> list[dict[str, Any]]:
    """A part of a constituency: votes and shares, no threshold and no seats (null)."""
    names: dict[str, str] = {c.id: c.name for c in lr.contest.choices}
    return [
        {
            "list": names[r.id],
            "votes": r.votes,
            "share": percent(r.share),
            "qualified": None,
            "seats": None,
        }
        for r in lr.shares
    ]


def constituency_dict(election: Election, c: Constituency) -> dict[str, Any]:
    return {
        "area": c.area,
        "name": election.area(c.area).name,
        "whole": c.whole,
        "precincts": c.precincts,
        "precincts_here": c.precincts_here,
    }


def seats_note(election: Election, c: Constituency) -> str:
    """Says where a part's seats are decided."""
    return (
        f"seats: allocated over the whole constituency, {election.area(c.area).name} "
        f"({c.area}), never over a part of it (here {c.precincts_here} of its "
        f"{c.precincts} precincts)"
    )


def progress_dict(p: Progress) -> dict[str, Any]:
    return {
        "accepted": p.accepted,
        "expected": p.expected,
        "breach": p.breach,
        "annulled": p.annulled,
        "pending": p.pending,
        "missing": p.missing,
        "electorate_covered": percent(p.share_covered),
    }


def district_dict(election: Election, d: DistrictResult, lang: str) -> dict[str, Any]:
    name: str | None = None
    party: str | None = None
    result = d.result
    if result is not None and result.winner is not None:
        choice = d.contest.choice(ChoiceId(result.winner))
        name = choice.name
        if choice.nominator is Nominator.SELF or choice.party is None:
            party = SELF_NOMINATED
        else:
            party = election.party(choice.party).name
    return {
        "number": d.contest.number,
        "contest": d.contest.id,
        "partial": not d.whole,
        "constituency": constituency_dict(election, d.constituency),
        "winner": name,
        "party": party,
        "votes": None if result is None else result.votes,
        "against_all": d.totals.against_all if d.contest.against_all else 0,
        "candidates": [
            {"name": c.name, "votes": v}
            for c, v in zip(d.contest.choices, d.totals.votes, strict=True)
        ],
        "notices": [] if result is None else [notice_dict(n, lang) for n in result.notices],
    }


def body_dict(election: Election, b: BodyResult, lang: str = "en") -> dict[str, Any]:
    out: dict[str, Any] = {"id": b.body.id, "name": b.body.name}
    lr = b.lists
    if lr is not None:
        a = lr.allocation
        out["lists_constituency"] = constituency_dict(election, lr.constituency)
        out["lists"] = part_lists(lr) if a is None else allocation_lists(election, lr.contest.id, a)
        out["valid_total"] = lr.valid_total
        out["against_all"] = lr.against_all
        out["quota"] = None if a is None or a.quota is None else fraction_text(a.quota)
        out["list_notices"] = [] if a is None else [notice_dict(n, lang) for n in a.notices]
        out["seats_note"] = None if a is not None else seats_note(election, lr.constituency)
    else:
        out["lists"] = []
    out["districts"] = [district_dict(election, d, lang) for d in b.districts]
    out["progress"] = progress_dict(b.progress)
    return out


def status_dict(status: OfficialStatus | None) -> dict[str, Any]:
    """`results` ("official" or "unofficial"), `official` (since when, by whom; null while
    unofficial) and `audit_head` (count, hash, and `short`: COUNT:16 hex digits)."""
    if status is None:
        return {"results": None, "official": None, "audit_head": None}
    official = None
    if status.official and status.marked_at is not None:
        official = {"since": status.marked_at.isoformat(), "by": status.marked_by}
    return {
        "results": status.word,
        "official": official,
        "audit_head": {
            "count": status.head.count,
            "hash": status.head.hash,
            "short": status.short_head,
        },
    }


def status_line(status: OfficialStatus | None) -> str:
    """'UNOFFICIAL RESULTS · audit head 49532:3fa2c9e01b7d44a0', or 'OFFICIAL RESULTS
    since 2023-03-20 10:00 UTC (marked by admin) · audit head ...'."""
    if status is None:
        return "UNOFFICIAL RESULTS"
    if status.official:
        since = "" if status.marked_at is None else f" since {status.marked_at:%Y-%m-%d %H:%M} UTC"
        by = "" if status.marked_by is None else f" (marked by {status.marked_by})"
        word = f"OFFICIAL RESULTS{since}{by}"
    else:
        word = "UNOFFICIAL RESULTS"
    return f"{word} · audit head {status.short_head}"


def results_dict(election: Election, r: AreaResults, lang: str = "en") -> dict[str, Any]:
    return {
        "election": election.id,
        "training": election.training,
        "area": r.area.code,
        "data_version": r.data_version,
        "mazhilis": None if r.mazhilis is None else body_dict(election, r.mazhilis, lang),
        "maslikhats": [body_dict(election, m, lang) for m in r.maslikhats],
        "progress": progress_dict(r.progress),
        "ties": [tie_dict(t, lang) for t in r.ties],
        **status_dict(r.status),
    }


def draw_command(tie: Tie) -> str:
    """The command that records a lot for an open tie."""
    return (
        f"kztally lots draw --contest {tie.contest.id} --order {','.join(tie.drawn)} "
        "--witness NAME --reference ACT"
    )


def tie_dict(tie: Tie, lang: str = "en") -> dict[str, Any]:
    """A tie as `--json` shows it: who was level, for how many seats, how it was settled
    (registration, lot, unresolved), who won, the lot with its act's reference."""
    names: dict[str, str] = {c.id: c.name for c in tie.contest.choices}
    lot = tie.lot
    return {
        "contest": tie.contest.id,
        "tied": [
            {"id": i, "name": names[i], "votes": v}
            for i, v in zip(tie.tied, tie.votes, strict=True)
        ],
        "remainder": None if tie.remainder is None else fraction_text(tie.remainder),
        "seats": tie.seats,
        "drawn": list(tie.drawn),
        "settled_by": tie.settled_by.value,
        "settled": text(f"settlement.{tie.settled_by.value}", lang),
        "winners": list(tie.winners),
        "lot": None
        if lot is None
        else {
            "order": list(lot.order),
            "witnesses": list(lot.witnesses),
            "reference": lot.reference,
        },
        "record_with": draw_command(tie) if tie.open else None,
    }


def tie_text(tie: Tie, lang: str = "en") -> list[str]:
    """A tie in words: one line, and the command to record its lot when it awaits one."""
    names: dict[str, str] = {c.id: c.name for c in tie.contest.choices}
    level = ", ".join(f"{names[i]} {v}" for i, v in zip(tie.tied, tie.votes, strict=True))
    what = (
        f"equal remainders ({fraction_text(tie.remainder)})"
        if tie.remainder is not None
        else "equal votes for first place"
    )
    how = text(f"settlement.{tie.settled_by.value}", lang)
    won = ", ".join(names[w] for w in tie.winners)
    line = f"  tie in {tie.contest.id}: {level}: {what} for {tie.seats} seat(s); {how}"
    if tie.lot is not None:
        line += f" (act {tie.lot.reference}; witnesses {', '.join(tie.lot.witnesses)})"
    if won:
        line += f": {won}"
    out = [line]
    if tie.open:
        out.append(f"    record the lot drawn: {draw_command(tie)}")
    return out


def results_text(election: Election, r: AreaResults, lang: str = "en") -> str:
    lines: list[str] = []
    if election.training:
        lines.append("*** TRAINING / MOCK ELECTION ***")
    lines.append(status_line(r.status))
    p = r.progress
    lines.append(f"{election.name}: {r.area.name} ({r.area.code})")
    lines.append(
        f"Protocols accepted {p.accepted} of {p.expected} "
        f"(electorate covered {percent(p.share_covered)}%), with a breach {p.breach}, "
        f"annulled {p.annulled}, pending {p.pending}, missing {p.missing}"
    )
    bodies = ([r.mazhilis] if r.mazhilis else []) + list(r.maslikhats)
    for b in bodies:
        lines.append("")
        lines.append(f"{b.body.name} [{b.body.id}]")
        if b.lists is not None:
            lines.extend(_lists_text(election, b.lists))
        for d in b.districts:
            lines.append(_district_text(election, d, lang))
    if r.ties:
        lines.append("")
        lines.append("Ties")
        for t in r.ties:
            lines.extend(tie_text(t, lang))
    return "\n".join(lines)


def _lists_text(election: Election, lr: ListResult) -> list[str]:
    names: dict[str, str] = {c.id: c.name for c in lr.contest.choices}
    width = max((len(n) for n in names.values()), default=4)
    a = lr.allocation
    if a is None:
        out = [f"  {'list':<{width}}  {'votes':>10}  {'share':>7}"]
        out += [
            f"  {names[s.id]:<{width}}  {s.votes:>10}  {percent(s.share):>6}%" for s in lr.shares
        ]
        out.append(f"  valid total {lr.valid_total} in this area")
        out.append(f"  {seats_note(election, lr.constituency)}")
        return out
    out = [f"  {'list':<{width}}  {'votes':>10}  {'share':>7}  qualified  seats"]
    for ls in a.lists:
        out.append(
            f"  {names[ls.id]:<{width}}  {ls.votes:>10}  {percent(ls.share):>6}%  "
            f"{'yes' if ls.qualified else 'no':<9}  {ls.seats:>5}"
        )
    quota = "—" if a.quota is None else fraction_text(a.quota)
    out.append(f"  valid total {a.valid_total}, quota {quota}")
    return out


def _district_text(election: Election, d: DistrictResult, lang: str) -> str:
    dd = district_dict(election, d, lang)
    if d.result is None:
        c = d.constituency
        votes = ", ".join(f"{x['name']} {x['votes']}" for x in dd["candidates"])
        return (
            f"  district {dd['number']}: partial sums ({c.precincts_here} of {c.precincts} "
            f"precincts; the winner is decided over the whole district, "
            f"{election.area(c.area).name} ({c.area})): {votes}"
        )
    notes = "; ".join(f"{n['code']} {n['text']}" for n in dd["notices"])
    return (
        f"  district {dd['number']}: {dd['winner'] or '—'} ({dd['party'] or '—'}), "
        f"{dd['votes']} votes" + (f" [{notes}]" if notes else "")
    )
