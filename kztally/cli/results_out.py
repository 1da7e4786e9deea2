"""Results as JSON-ready dicts and as readable text, for `kztally results`."""

from __future__ import annotations

from typing import Any

from kztally.domain.election import Election, Nominator
from kztally.domain.ids import ChoiceId
from kztally.domain.numbers import fraction_text, percent
from kztally.domain.results import BodyResult, DistrictResult, Progress
from kztally.domain.seats import Allocation, Notice
from kztally.i18n import text
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
    winner = d.result.winner
    name: str | None = None
    party: str | None = None
    if winner is not None:
        choice = d.contest.choice(ChoiceId(winner))
        name = choice.name
        if choice.nominator is Nominator.SELF or choice.party is None:
            party = SELF_NOMINATED
        else:
            party = election.party(choice.party).name
    return {
        "number": d.contest.number,
        "contest": d.contest.id,
        "winner": name,
        "party": party,
        "votes": d.result.votes,
        "against_all": d.result.against_all,
        "notices": [notice_dict(n, lang) for n in d.result.notices],
    }


def body_dict(election: Election, b: BodyResult, lang: str = "en") -> dict[str, Any]:
    out: dict[str, Any] = {"id": b.body.id, "name": b.body.name}
    if b.lists is not None:
        a = b.lists.allocation
        out["lists"] = allocation_lists(election, b.lists.contest.id, a)
        out["valid_total"] = a.valid_total
        out["quota"] = None if a.quota is None else fraction_text(a.quota)
        out["list_notices"] = [notice_dict(n, lang) for n in a.notices]
    else:
        out["lists"] = []
    out["districts"] = [district_dict(election, d, lang) for d in b.districts]
    out["progress"] = progress_dict(b.progress)
    return out


def results_dict(election: Election, r: AreaResults, lang: str = "en") -> dict[str, Any]:
    return {
        "election": election.id,
        "training": election.training,
        "area": r.area.code,
        "data_version": r.data_version,
        "mazhilis": None if r.mazhilis is None else body_dict(election, r.mazhilis, lang),
        "maslikhats": [body_dict(election, m, lang) for m in r.maslikhats],
        "progress": progress_dict(r.progress),
    }


def results_text(election: Election, r: AreaResults, lang: str = "en") -> str:
    lines: list[str] = []
    if election.training:
        lines.append("*** TRAINING / MOCK ELECTION ***")
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
            a = b.lists.allocation
            names: dict[str, str] = {c.id: c.name for c in b.lists.contest.choices}
            width = max((len(n) for n in names.values()), default=4)
            lines.append(f"  {'list':<{width}}  {'votes':>10}  {'share':>7}  qualified  seats")
            for ls in a.lists:
                lines.append(
                    f"  {names[ls.id]:<{width}}  {ls.votes:>10}  {percent(ls.share):>6}%  "
                    f"{'yes' if ls.qualified else 'no':<9}  {ls.seats:>5}"
                )
            quota = "—" if a.quota is None else fraction_text(a.quota)
            lines.append(f"  valid total {a.valid_total}, quota {quota}")
        for d in b.districts:
            dd = district_dict(election, d, lang)
            notes = "; ".join(f"{n['code']} {n['text']}" for n in dd["notices"])
            lines.append(
                f"  district {dd['number']}: {dd['winner'] or '—'} ({dd['party'] or '—'}), "
                f"{dd['votes']} votes" + (f" [{notes}]" if notes else "")
            )
    return "\n".join(lines)
