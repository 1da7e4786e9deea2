"""Margins from published figures (`MarginsService.published`) on both databases: the
same as this database's margins when the figures are the accepted ones; a protocol the
figures lack is uncounted, bounded by its electorate; and the cross-check against a
published file judges the differences on the published figures, not on this database's
(an observer's database with no accepted protocol at all)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kztally.domain.margins import Verdict
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.services.crosscheck import PUBLISHED
from kztally.services.transfer.tables import results_tables
from kztally.storage import protocols as protocol_store
from tests.conftest import ServicesFactory, make_election
from tests.services.test_crosscheck import MZL, P, accept_all, copies_csv, official, smd


def figures_of(leave: set[tuple[str, str]] = frozenset()) -> dict[tuple[str, str], Figures]:  # type: ignore[assignment]
    return {(p, c): official(p, c) for p in P for c in (MZL, smd(p)) if (p, c) not in leave}


def test_published_figures_equal_to_the_accepted_give_the_same_margins(
    services: ServicesFactory,
) -> None:
    accept_all(services)
    margins = services("admin").margins
    here = margins.margins()
    published = margins.published(figures_of())
    assert [m.contest.id for m in published.contests] == [m.contest.id for m in here.contests]
    for a, b in zip(published.contests, here.contests, strict=True):
        assert (a.margins, a.votes, a.outstanding, a.verdict) == (
            b.margins,
            b.votes,
            b.outstanding,
            b.verdict,
        )
    assert published.status is None


def test_a_protocol_the_published_figures_lack_is_not_counted(
    services: ServicesFactory,
) -> None:
    election = make_election()
    left = {(P[4], MZL)}
    m = {c.contest.id: c for c in services("admin").margins.published(figures_of(left)).contests}
    assert m[MZL].outstanding == 1
    assert m[MZL].outstanding_electorate == election.area(P[4]).electorate
    with_all = services("admin").margins.published(figures_of())
    (whole,) = [c for c in with_all.contests if c.contest.id == MZL]
    # the sums lack exactly that protocol's votes
    assert [v for _, v in m[MZL].votes][:3] == [
        w - x for (_, w), x in zip(whole.votes[:3], official(P[4], MZL).votes, strict=True)
    ]


def test_the_crosscheck_verdict_rests_on_the_published_figures(
    services: ServicesFactory, tmp_path: Path
) -> None:
    accept_all(services)
    election = make_election()
    with services("admin").db.session(readonly=True) as s:
        tables = dict(results_tables(election, protocol_store.summaries(s)))
    # the published MZ-L gives list L-A 100 more votes in P00001 than accepted here
    rows = list(csv.reader(io.StringIO(tables[MZL])))
    name = election.contest(MZL).choices[0].name
    column, row = rows[0].index(name), next(r for r in rows if r[0] == P[0])
    row[column] = str(int(row[column]) + 100)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    published = tmp_path / "MZ-L.csv"
    published.write_bytes(out.getvalue().encode("utf-8-sig"))

    xc = services("dana", Role.OBSERVER).crosscheck
    copies = {(p, MZL): official(p, MZL) for p in P[:2]}
    report = xc.check(xc.seen(xc.read([copies_csv(tmp_path / "c.csv", copies)])), [published])
    assert report.verdict_on == PUBLISHED
    (d,) = report.result.differences
    assert (d.precinct, d.delta) == (P[0], -100)
    (c,) = [c for c in report.contests if c.margin.contest.id == MZL]
    here = {m.contest.id: m for m in services("admin").margins.margins().contests}[MZL]
    first = here.votes[0][0]
    # the margins are those of the published sums, not of this database's
    assert dict(c.margin.votes)[first] == dict(here.votes)[first] + 100
    assert c.margin.outstanding == 0
    assert c.differences is not None and c.differences.deltas == ((first, -100),)
    # the districts are not in the published file: every protocol of theirs uncounted
    districts = {
        c.margin.contest.id: c.margin for c in report.contests if c.margin.contest.id != MZL
    }
    assert {k: m.outstanding for k, m in districts.items()} == {"MZ-S01": 3, "MZ-S02": 3}
    assert all(m.verdict is not Verdict.CANNOT for m in districts.values())
    assert report.can_matter
