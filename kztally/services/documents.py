"""The data of the summary protocols and the results protocols (reading only, no event).

`summary_doc(services, area, contest, lang) -> SummaryDoc`: a territorial commission's
summary protocol of one ballot: every unit just below `area` that votes on it (the
districts of a region, the regions of the country, the precincts of a district) with its
protocols and the sums of lines 1-8, the votes and against all of its accepted ones;
the total; counting progress; the precincts still missing or pending.

`results_doc(services, body, lang) -> ResultsDoc`: the results protocol of a body (the
Mazhilis `MZ`, a maslikhat `ML-...`): list shares against the threshold, the seat annex
(valid total, the Hare quota as an exact fraction, each list's votes/quota, whole seats,
remainders, remainder seats), every tie and how it was settled, the single-member
districts' winners, and the chamber's seats by party.

Both read their figures, progress, the results' status and the audit head in one
snapshot. `PrintService.summary` and `PrintService.results` call them.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

from kztally.domain.election import Area, AreaKind, Choice, ContestKind, Election, Nominator
from kztally.domain.entry import State
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.keys import grouped
from kztally.domain.results import BodyResult, Tie, contests_in_area
from kztally.domain.seats import Settlement
from kztally.domain.tally import Totals
from kztally.domain_texts import notice_text
from kztally.reports.data import (
    DistrictRow,
    ListRow,
    Marks,
    MissingRow,
    ResultsDoc,
    SeatGroup,
    SummaryDoc,
    SummaryRow,
    TieRow,
)
from kztally.reports.texts import Lang, t
from kztally.services.errors import InvalidRequest, NotFound
from kztally.services.official import status_of
from kztally.services.results import area_results, progress_by_contest
from kztally.storage.tally import precinct_totals, protocol_states, state_counts
from kztally.storage.transfer import snapshot

if TYPE_CHECKING:
    from kztally.services.context import Services

__all__ = ["PARTY_COLOURS", "cec_key", "party_colour", "results_doc", "summary_doc"]

PARTY_COLOURS = {
    "AMANAT": "#1b5fb4",
    "AUYL": "#3a9a3a",
    "RESPUBLICA": "#8e44ad",
    "PPK": "#c0392b",
    "BAYTAQ": "#16a085",
    "AQ-ZHOL": "#e0a100",
    "NSDP": "#d35400",
    "ULGI": "#7f8c8d",
    "SYNAQ": "#95a5a6",
}
"""The parties' colours in the app and on paper (others take the palette in order)."""
PALETTE = ("#2c7fb8", "#41ab5d", "#807dba", "#e6550d", "#dd1c77", "#31a354", "#756bb1")
SELF_NOMINATED = "#b0b0b0"


def name_in(names: Mapping[str, str], default: str, lang: Lang) -> str:
    return names.get(lang) or default


def _choice_name(election: Election, choice: Choice, lang: Lang, *, person: bool = False) -> str:
    """A list's name in the document's language (its party's name there, when given); a
    candidate's (`person`) as on the ballot."""
    if person:
        return choice.name
    if choice.party is not None and choice.nominator is not Nominator.SELF:
        try:
            party = election.party(choice.party)
        except KeyError:
            return choice.name
        if lang in party.names:
            return party.names[lang]
    return choice.name


def _party_label(election: Election, choice: Choice, lang: Lang) -> str:
    if choice.party is None or choice.nominator is Nominator.SELF:
        return t(lang, "self_nominated")
    try:
        party = election.party(choice.party)
    except KeyError:
        return str(choice.party)
    return name_in(party.names, party.name, lang)


def cec_key(services: Services, election: Election) -> str:
    """The CEC key's fingerprint (8 groups of four hex digits), the root of trust: the
    newest self-certified, unrevoked key of the country's commission; '' when none."""
    root = election.root.code
    found = [
        k
        for k in services.keys.list()
        if k.commission == root and k.self_certified and k.revocation is None
    ]
    if not found:
        return ""
    return grouped(max(found, key=lambda k: k.added_at).fingerprint, 8)


def _commission(election: Election, area: Area, lang: Lang) -> str:
    name = name_in(area.names, area.name, lang)
    match area.kind:
        case AreaKind.COUNTRY:
            return t(lang, "cec")
        case AreaKind.REGION:
            return t(lang, "region_commission", name=name)
        case _:
            return t(lang, "district_commission", name=name)


def summary_doc(services: Services, area: str, contest: str, lang: Lang) -> SummaryDoc:
    """A territorial commission's summary protocol of one ballot (see the module)."""
    election = services.elections.require()
    if not election.has_area(area):
        raise NotFound(f"no area {area} in {election.id}")
    here = election.area(area)
    if here.kind is AreaKind.PRECINCT:
        raise InvalidRequest(
            f"{area} is a precinct: print its protocol (kztally print protocol); a summary "
            "is of a district, a region or the country"
        )
    if not election.has_contest(contest):
        raise NotFound(f"no contest {contest} in {election.id}")
    if contest not in contests_in_area(election, area):
        raise InvalidRequest(f"no precinct of {area} votes in {contest}")
    c = election.contest(contest)
    with services.db.session(readonly=True) as s:
        snapshot(s)
        by_precinct = precinct_totals(s, election, ContestId(contest), area)
        states = [st for st in protocol_states(s, election, area) if st.contest == contest]
        status = status_of(s)
    marks = Marks(election.training, status.official, status.short_head)
    state_of = {st.precinct: st.state for st in states}
    zero = Totals.zero(c)
    units: list[SummaryRow] = []
    unit_of: dict[AreaCode, str] = {}
    for child in election.children(area):
        precincts = [p for p in election.precincts(child.code) if p.code in state_of]
        if not precincts:
            continue
        totals = zero
        for p in precincts:
            unit_of[p.code] = child.code
            found = by_precinct.get(p.code)
            if found is not None:
                totals = totals + found
        accepted = sum(1 for p in precincts if state_of[p.code] is State.ACCEPTED)
        name = name_in(child.names, child.name, lang)
        if child.kind is AreaKind.PRECINCT:
            name = t(lang, "precinct", n=child.number or child.code)
        units.append(_row(child.code, name, len(precincts), accepted, totals, c.against_all))
    total = zero
    for row_totals in by_precinct.values():
        total = total + row_totals
    counts = {s: 0 for s in State}
    for st in states:
        counts[st.state] += 1
    order = {a.code: i for i, a in enumerate(election.areas)}
    outstanding = sorted(
        (st for st in states if st.state not in (State.ACCEPTED, State.ANNULLED)),
        key=lambda st: order.get(st.precinct, 0),
    )
    return SummaryDoc(
        lang=lang,
        marks=marks,
        election=name_in(election.names, election.name, lang),
        commission=_commission(election, here, lang),
        area=here.code,
        contest=c.id,
        ballot=c.name,
        choices=tuple(
            _choice_name(election, ch, lang, person=c.kind is ContestKind.SMD) for ch in c.choices
        ),
        units=tuple(units),
        total=_row(
            here.code,
            t(lang, "total"),
            len(states),
            counts[State.ACCEPTED],
            total,
            c.against_all,
        ),
        expected=len(states),
        accepted=counts[State.ACCEPTED],
        pending=counts[State.FIRST_ENTRY] + counts[State.ENTRIES_DIFFER] + counts[State.PENDING],
        missing=counts[State.NOT_ENTERED],
        annulled=counts[State.ANNULLED],
        outstanding=tuple(
            MissingRow(
                st.precinct,
                election.area(st.precinct).number or st.precinct,
                unit_of.get(st.precinct, ""),
                st.state.value,
            )
            for st in outstanding
        ),
        cec_key=cec_key(services, election),
        at=services.clock().replace(microsecond=0),
    )


def _row(
    code: str, name: str, expected: int, accepted: int, totals: Totals, against: bool
) -> SummaryRow:
    return SummaryRow(
        code,
        name,
        expected,
        accepted,
        totals.lines,
        totals.votes,
        totals.against_all if against else None,
    )


def party_colour(election: Election, party_id: str | None) -> str:
    """A party's colour, the same in the app and on paper: its own where it has one, else
    the palette's by its place among the election's parties; no party, grey."""
    if party_id is None:
        return SELF_NOMINATED
    if party_id in PARTY_COLOURS:
        return PARTY_COLOURS[party_id]
    ids: list[str] = [p.id for p in election.parties]
    return PALETTE[ids.index(party_id) % len(PALETTE)] if party_id in ids else SELF_NOMINATED


def _colours(election: Election) -> dict[str, str]:
    return {party.id: party_colour(election, party.id) for party in election.parties}


def results_doc(services: Services, body: str | None, lang: Lang) -> ResultsDoc:
    """The results protocol of a body (the Mazhilis by default; see the module)."""
    election = services.elections.require()
    if body is None:
        found = next((b for b in election.bodies if b.id == "MZ"), None)
        if found is None:
            raise NotFound(f"{election.id} has no Mazhilis: give --body")
        body = found.id
    try:
        b = election.body(body)
    except KeyError:
        raise NotFound(f"no body {body} in {election.id}") from None
    with services.db.session(readonly=True) as s:
        snapshot(s)
        results = area_results(s, election, b.area)
        by_contest = progress_by_contest(state_counts(s, election, b.area))
    status = results.status
    marks = Marks(
        election.training,
        bool(status and status.official),
        status.short_head if status is not None else "",
    )
    result = next(
        (r for r in (results.mazhilis, *results.maslikhats) if r is not None and r.body.id == b.id),
        None,
    )
    if result is None:
        raise NotFound(f"no protocol of {b.id} is expected in {election.id}")
    colours = _colours(election)
    lists: list[ListRow] = []
    chamber: dict[str, SeatGroup] = {}
    valid = against = qualifying = list_seats = 0
    quota: Fraction | None = None
    notices: tuple[str, ...] = ()
    contest_id = ""
    lr = result.lists
    if lr is not None:
        contest_id = lr.contest.id
        valid, against, list_seats = lr.valid_total, lr.against_all, lr.contest.seats
        alloc = lr.allocation
        if alloc is not None:
            qualifying, quota = alloc.qualifying_total, alloc.quota
            notices = tuple(f"{n.code}: {notice_text(n, lang)}" for n in alloc.notices)
        for choice, share in zip(lr.contest.choices, lr.shares, strict=True):
            seat = None if alloc is None else next(x for x in alloc.lists if x.id == choice.id)
            q = None if seat is None else seat.quotient
            whole = 0 if q is None else q.numerator // q.denominator
            seats = 0 if seat is None else seat.seats
            colour = colours.get(choice.party or "", SELF_NOMINATED)
            lists.append(
                ListRow(
                    name=_choice_name(election, choice, lang),
                    colour=colour,
                    votes=share.votes,
                    share=share.share,
                    qualified=bool(seat and (seat.qualified or seat.runner_up)),
                    quotient=q,
                    whole=whole,
                    remainder=None if q is None else q - whole,
                    remainder_seats=seats - whole if q is not None else 0,
                    seats=seats,
                    runner_up=bool(seat and seat.runner_up),
                )
            )
            if seats:
                label = _party_label(election, choice, lang)
                g = chamber.get(label)
                chamber[label] = SeatGroup(label, colour, (g.seats if g else 0) + seats)
    districts: list[DistrictRow] = []
    for d in result.districts:
        winner = d.result.winner if d.result is not None else None
        w = None if winner is None else d.contest.choice(winner)  # type: ignore[arg-type]
        party = "" if w is None else _party_label(election, w, lang)
        votes = 0 if d.result is None else d.result.votes
        p = by_contest.get(d.contest.id)
        districts.append(
            DistrictRow(
                number=d.contest.number or 0,
                contest=d.contest.id,
                name=d.contest.name,
                winner=None if w is None else w.name,
                party=party,
                votes=votes,
                against_all=d.totals.against_all,
                complete=p is not None and p.accepted + p.annulled == p.expected,
            )
        )
        if w is not None:
            colour = SELF_NOMINATED if w.party is None else colours.get(w.party, SELF_NOMINATED)
            g = chamber.get(party)
            chamber[party] = SeatGroup(party, colour, (g.seats if g else 0) + 1)
    seats_total = list_seats + sum(d.contest.seats for d in result.districts)
    ties = tuple(_tie_row(election, tie, lang) for tie in results.ties if _of_body(tie, result))
    return ResultsDoc(
        lang=lang,
        marks=marks,
        election=name_in(election.names, election.name, lang),
        body=name_in(b.names, b.name, lang),
        body_id=b.id,
        contest=contest_id,
        expected=result.progress.expected,
        accepted=result.progress.accepted,
        threshold=election.rules.threshold,
        list_seats=list_seats,
        valid_total=valid,
        against_all=against,
        qualifying_total=qualifying,
        quota=quota,
        lists=tuple(lists),
        ties=ties,
        districts=tuple(districts),
        chamber=_seating(chamber),
        seats_total=seats_total,
        notices=notices,
        cec_key=cec_key(services, election),
        at=services.clock().replace(microsecond=0),
    )


def _of_body(tie: Tie, result: BodyResult) -> bool:
    ids = {result.lists.contest.id} if result.lists is not None else set()
    ids |= {d.contest.id for d in result.districts}
    return tie.contest.id in ids


def _tie_row(election: Election, tie: Tie, lang: Lang) -> TieRow:
    c = tie.contest

    def name(i: str) -> str:
        person = c.kind is ContestKind.SMD
        return _choice_name(election, c.choice(i), lang, person=person)  # type: ignore[arg-type]

    lot = tie.lot
    return TieRow(
        contest=c.id,
        names=tuple(name(i) for i in tie.tied),
        votes=tie.votes,
        remainder=tie.remainder,
        seats=tie.seats,
        settled_by=Settlement(tie.settled_by).value,
        winners=tuple(name(i) for i in tie.winners),
        reference="" if lot is None else lot.reference,
        witnesses=() if lot is None else lot.witnesses,
    )


def _seating(chamber: dict[str, SeatGroup]) -> tuple[SeatGroup, ...]:
    """The groups as they sit, left to right: most seats first; the self-nominated
    last."""
    groups = sorted(chamber.values(), key=lambda g: (g.colour == SELF_NOMINATED, -g.seats))
    return tuple(groups)
