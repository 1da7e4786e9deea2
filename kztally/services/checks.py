"""The one checker of protocols' figures for every path that changes a protocol's state.

`Checks` computes the findings of figures as they would be settled at a protocol: the
protocol's own (K1-K6, W1-W5, W8, with the precinct's electorate and the acts), W6
against the contest's other precincts' settled figures and W7 against the precinct's
other ballot types. It reads what it compares with from the database, once per key, in
the transaction it is given, and keeps up with what that transaction settles itself
(`record`), so that a batch (bulk entry, an import) compares its protocols with each
other as one-by-one entry would. The screen, bulk entry, the mock and imports all use it.

On PostgreSQL the caller holds `storage.protocols.serialize_settling` for the contests
before the first check, so two transactions cannot settle identical figures unseen.
"""

from __future__ import annotations

from collections.abc import Iterable

from kztally.domain.context import findings_at
from kztally.domain.election import Area, Contest, Election
from kztally.domain.entry import Case, Checker
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Act, Figures, Finding
from kztally.storage import protocols as store
from kztally.storage.database import Session
from kztally.storage.protocols import COUNTED_STATES, figures_key


class Checks:
    """Findings of figures at protocols of `election`, within one transaction."""

    def __init__(self, session: Session, election: Election) -> None:
        self._s = session
        self._election = election
        self._same: dict[tuple[str, str], dict[AreaCode, Figures]] = {}
        self._at: dict[str, dict[ContestId, Figures]] = {}

    def preload(self, wanted: Iterable[tuple[str, str, Figures]]) -> None:
        """Read at once what checking these (precinct, contest, figures) compares with."""
        wanted = list(wanted)
        keys = {(c, figures_key(f)) for _, c, f in wanted} - self._same.keys()
        found = store.agreed_with_keys(self._s, keys)
        for key in keys:
            self._same[key] = dict(found.get(key, {}))
        precincts = sorted({p for p, _, _ in wanted} - self._at.keys())
        if precincts:
            found_at = store.agreed_at_precincts(self._s, precincts)
            for p in precincts:
                self._at[p] = dict(found_at.get(AreaCode(p), {}))

    def _twins(self, contest: Contest, figures: Figures) -> dict[AreaCode, Figures]:
        key = (contest.id, figures_key(figures))
        found = self._same.get(key)
        if found is None:
            found = self._same[key] = dict(store.agreed_with_keys(self._s, [key]).get(key, {}))
        return found

    def _others(self, area: Area) -> dict[ContestId, Figures]:
        found = self._at.get(area.code)
        if found is None:
            found = self._at[area.code] = dict(
                store.agreed_at_precincts(self._s, [area.code]).get(area.code, {})
            )
        return found

    def findings(
        self, area: Area, contest: Contest, figures: Figures, acts: frozenset[Act]
    ) -> tuple[Finding, ...]:
        election = self._election
        twins = self._twins(contest, figures) if figures.is_complete(contest) else {}
        return findings_at(
            election.rules,
            area,
            contest,
            figures,
            acts,
            twins,
            [(election.contest(c), f) for c, f in self._others(area).items()],
        )

    def checker(self, area: Area, contest: Contest) -> Checker:
        """The state machine's checker for one protocol."""

        def check(figures: Figures, acts: frozenset[Act]) -> tuple[Finding, ...]:
            return self.findings(area, contest, figures, acts)

        return check

    def record(self, area: Area, contest: Contest, case: Case) -> None:
        """The protocol now stands at `case`: later checks compare with its agreed figures
        while it counts, and no longer once it does not."""
        for key in [k for k in self._same if k[0] == contest.id]:
            self._same[key].pop(area.code, None)
        self._others(area).pop(contest.id, None)
        if case.state in COUNTED_STATES and case.agreed is not None:
            f = case.agreed.figures
            self._twins(contest, f)[area.code] = f
            self._others(area)[contest.id] = f
