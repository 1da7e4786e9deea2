"""Printing: the services build the documents' data, `kztally.reports` draws them.

`PrintService` (`services.printing`):
    `protocol(precinct, contest, lang, signer, *, copy=None) -> ProtocolDoc`: an accepted
    protocol, signed with its own precinct commission's key. A key that is not on the
    key list, that is another commission's, or that is not trusted now (uncertified,
    revoked, a training key in a real election) is refused (`InvalidRequest`): a
    district commission that typed a precinct's paper in prints nothing in that
    precinct's name. `protocols(area, contest, lang, signers)` for a batch.
    `summary(area, contest, lang) -> SummaryDoc`: a territorial commission's summary
    protocol of one ballot (the units below with their lines and totals, counting
    progress, the precincts still missing, the CEC key's fingerprint);
    `results(body, lang) -> ResultsDoc`: a body's results protocol (shares against the
    threshold, the seat annex with the exact quota and every tie, district winners,
    the chamber). Both: `kztally.services.documents`.
    Draw them with `kztally.reports.protocol.render`, `.summary.render`,
    `.results.render` (each: document data in, PDF bytes out).

Reading only: printing changes nothing and leaves no event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from kztally.domain.election import Area, AreaKind, Contest, Election
from kztally.domain.entry import State, Transition
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.keys import grouped
from kztally.paper import digest as paper_digest
from kztally.paper.errors import CodeError
from kztally.paper.payload import CodedProtocol, election_prefix, encode
from kztally.paper.signing import Signer
from kztally.paper.trust import check_signer
from kztally.reports.data import Formal, Marks, ProtocolDoc, ResultsDoc, SummaryDoc
from kztally.reports.texts import Lang, t
from kztally.services.entry import ProtocolView, RevisionView
from kztally.services.errors import InvalidRequest, NotFound
from kztally.services.locate import locate_ballot

if TYPE_CHECKING:
    from kztally.services.context import Services

Clock = Callable[[], dt.datetime]


def name_in(names: Mapping[str, str], default: str, lang: Lang) -> str:
    return names.get(lang) or default


class PrintService:
    def __init__(self, services: Services) -> None:
        self._s = services
        self._prefix: bytes | None = None

    # -- shared ---------------------------------------------------------------------------

    def marks(self) -> Marks:
        election = self._s.elections.require()
        status = self._s.official.status()
        return Marks(election.training, status.official, status.short_head)

    def _election_prefix(self) -> bytes:
        if self._prefix is None:
            from kztally.storage import elections as stored

            with self._s.db.session(readonly=True) as s:
                found = stored.stored(s)
            if found is None:
                raise NotFound("no election is loaded")
            self._prefix = election_prefix(found.content_hash)
        return self._prefix

    # -- summaries and results ------------------------------------------------------------

    def summary(self, area: str, contest: str, lang: Lang) -> SummaryDoc:
        """The summary protocol of the commission of `area` (a district or city, a
        region, the country) for one ballot."""
        from kztally.services.documents import summary_doc

        return summary_doc(self._s, area, contest, lang)

    def results(self, body: str | None, lang: Lang) -> ResultsDoc:
        """The results protocol of a body (`MZ` the Mazhilis by default, `ML-R05` ...)."""
        from kztally.services.documents import results_doc

        return results_doc(self._s, body, lang)

    # -- the precinct protocol ------------------------------------------------------------

    def formal(self, precinct: str, contest: str) -> Formal:
        """The protocol's formal parts as recorded (`services.formal`); each part not
        recorded prints as such."""
        return self._s.formal.of(precinct, contest).formal

    def check_signer(self, precinct: str, signer: Signer) -> str:
        """The signer's fingerprint, grouped, if its key may sign the precinct's
        protocols now; else `InvalidRequest` saying why."""
        election = self._s.elections.require()
        ring = self._s.keys.ring()
        key = ring.get(signer.fingerprint)
        if key is None:
            raise InvalidRequest(
                f"the key {grouped(signer.fingerprint, 4)} is not on the key list: "
                "make it with `kztally keys new` and have it certified"
            )
        try:
            check_signer(key, precinct, self._s.clock(), ring, election)
        except CodeError as e:
            raise InvalidRequest(f"{precinct} cannot be signed with this key: {e}") from e
        return grouped(signer.fingerprint, 4)

    def protocol(
        self,
        precinct: str,
        contest: str,
        lang: Lang,
        signer: Signer,
        *,
        copy: int | None = None,
        marks: Marks | None = None,
    ) -> ProtocolDoc:
        election = self._s.elections.require()
        locate_ballot(election, precinct, contest)
        if copy is not None and copy < 1:
            raise InvalidRequest(f"a certified copy is numbered from 1, not {copy}")
        key = self.check_signer(precinct, signer)
        view = self._s.entry.view(AreaCode(precinct), ContestId(contest))
        history = self._s.entry.history(AreaCode(precinct), ContestId(contest))
        formal = self.formal(precinct, contest)
        return self.build(
            election, view, history, formal, lang, signer, key, copy, marks or self.marks()
        )

    def build(
        self,
        election: Election,
        view: ProtocolView,
        history: tuple[RevisionView, ...],
        formal: Formal,
        lang: Lang,
        signer: Signer,
        key: str,
        copy: int | None,
        marks: Marks,
    ) -> ProtocolDoc:
        where = f"{view.precinct}/{view.contest}"
        if view.state is not State.ACCEPTED or view.figures is None:
            raise InvalidRequest(
                f"{where} is {view.state.value.replace('_', ' ')}: only an accepted "
                "protocol is printed"
            )
        figures = view.figures
        if any(v is None for v in (*figures.lines, *figures.votes)):
            raise InvalidRequest(f"{where} has empty fields")
        signed_at = self._s.clock().replace(microsecond=0)
        reference = ""
        warnings: list[tuple[str, str]] = []
        breach: tuple[str, str] | None = None
        for r in history:
            if r.round != view.round:
                continue
            if r.transition is Transition.ACCEPT_WARNINGS:
                codes = sorted({f.split(":")[0] for f in r.findings if f.startswith("W")})
                warnings = [(c, r.reason) for c in codes] or [("W", r.reason)]
            elif r.transition is Transition.ACCEPT_BREACH:
                breach = (r.reference, r.reason)
                reference = r.reference
        coded = CodedProtocol(
            self._election_prefix(),
            view.precinct,
            view.contest,
            view.round,
            figures,
            view.acts,
            reference if view.acts else "",
            signed_at,
        )
        return signed_doc(
            election,
            coded,
            signer,
            key,
            lang,
            marks,
            formal=formal,
            warnings=tuple(warnings),
            breach=breach,
            copy=copy,
        )

    def protocols(
        self,
        area: str,
        contest: str | None,
        lang: Lang,
        signers: Mapping[str, Signer],
    ) -> Iterator[ProtocolDoc]:
        """Every accepted protocol under `area` (of one contest, or every ballot), in
        precinct order, each signed with its precinct's key from `signers`; a precinct
        without a key is refused before anything is drawn."""
        election = self._s.elections.require()
        if not election.has_area(area):
            raise NotFound(f"no area {area}")
        if contest is not None and not election.has_contest(contest):
            raise NotFound(f"no contest {contest}")
        marks = self.marks()
        wanted = [
            (p, c)
            for p in precincts_under(election, area)
            for c in election.area(p).contests
            if contest is None or c == contest
        ]
        views = [self._s.entry.view(AreaCode(p), ContestId(c)) for p, c in wanted]
        ready = [v for v in views if v.state is State.ACCEPTED]
        missing = sorted({v.precinct for v in ready if v.precinct not in signers})
        if missing:
            shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
            raise InvalidRequest(f"no key for {len(missing)} precinct(s): {shown}")
        keys = {p: self.check_signer(p, signers[p]) for p in {v.precinct for v in ready}}
        recorded = self._s.formal.current([(v.precinct, v.contest) for v in ready])
        for view in ready:
            p, c = view.precinct, view.contest
            history = self._s.entry.history(p, c)
            found = recorded.get((p, c))
            formal = Formal() if found is None else found.formal
            yield self.build(
                election, view, history, formal, lang, signers[p], keys[p], None, marks
            )


def precincts_under(election: Election, code: str) -> list[AreaCode]:
    area = election.area(code)
    if area.kind is AreaKind.PRECINCT:
        return [area.code]
    return [
        a.code for a in election.areas if a.kind is AreaKind.PRECINCT and _under(election, a, code)
    ]


def _under(election: Election, area: Area, code: str) -> bool:
    parent = area.parent
    while parent is not None:
        if parent == code:
            return True
        parent = election.area(parent).parent
    return False


def signed_doc(
    election: Election,
    coded: CodedProtocol,
    signer: Signer,
    key: str,
    lang: Lang,
    marks: Marks,
    *,
    formal: Formal | None = None,
    warnings: tuple[tuple[str, str], ...] = (),
    breach: tuple[str, str] | None = None,
    copy: int | None = None,
) -> ProtocolDoc:
    """The precinct protocol of `coded` as printed: its figures, its code signed by
    `signer` (whose fingerprint, grouped, is `key`) and the paper's hash groups."""
    area = election.area(coded.precinct)
    contest = election.contest(coded.contest)
    figures = coded.figures
    return ProtocolDoc(
        lang=lang,
        marks=marks,
        election=election.name,
        commission=t(lang, "precinct_commission", n=area.number or area.code),
        precinct=area.code,
        number=area.number or area.code,
        address=address(election, area, lang),
        contest=contest.id,
        ballot=contest.name,
        round=coded.round,
        lines=tuple(v for v in figures.lines if v is not None),
        choices=tuple(c.name for c in contest.choices),
        votes=tuple(v for v in figures.votes if v is not None),
        against_all=figures.against_all if contest.against_all else None,
        formal=formal if formal is not None else Formal(),
        warnings=warnings,
        breach=breach,
        codes=tuple(encode(coded, signer)),
        key=key,
        digest=paper_digest.groups(paper_digest.of_protocol(coded)),
        signed_at=coded.signed_at,
        copy=copy,
    )


def address(election: Election, area: Area, lang: Lang) -> str:
    """Where the precinct is: its own name and the areas above it, nearest first (the
    definition holds no street address)."""
    parts = [name_in(area.names, area.name, lang)]
    parent = area.parent
    while parent is not None:
        up = election.area(parent)
        if up.kind is not AreaKind.COUNTRY:
            parts.append(name_in(up.names, up.name, lang))
        parent = up.parent
    return ", ".join(parts)


def contest_of(election: Election, code: str) -> Contest:
    if not election.has_contest(code):
        raise NotFound(f"no contest {code}")
    return election.contest(code)
