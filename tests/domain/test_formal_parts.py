"""The formal parts' checks, the mock's formal parts, and the hemicycle's geometry."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from kztally.domain.formal import Formal, format_time, long_count, parse_time, problems
from kztally.domain.hemicycle import INNER_RADIUS, dot_radius, seat_positions
from kztally.domain.protocol import Figures
from kztally.mockgen.formal import formal_parts, zone_of
from tests.conftest import make_election

TZ = dt.timezone(dt.timedelta(hours=6))
BEGAN = dt.datetime(2023, 3, 19, 20, tzinfo=TZ)


def test_what_holds_and_what_cannot_be_so() -> None:
    assert problems(Formal()) == []
    assert problems(Formal(9, 11, BEGAN, BEGAN + dt.timedelta(hours=3), 0)) == []
    assert [f for f, _ in problems(Formal(members_present=12, members_total=11))] == [
        "members_present"
    ]
    assert [f for f, _ in problems(Formal(requests=-1))] == ["requests"]
    assert [f for f, _ in problems(Formal(members_total=100))] == ["members_total"]
    assert [f for f, _ in problems(Formal(count_began=BEGAN.replace(tzinfo=None)))] == [
        "count_began"
    ]
    before = Formal(count_began=BEGAN, count_ended=BEGAN - dt.timedelta(seconds=60))
    assert [f for f, _ in problems(before)] == ["count_ended"]
    # in another zone the same moment is not earlier
    same = BEGAN.astimezone(dt.timezone(dt.timedelta(hours=5)))
    assert problems(Formal(count_began=BEGAN, count_ended=same)) == []


def test_a_long_count_is_a_finding_not_a_problem() -> None:
    long = Formal(count_began=BEGAN, count_ended=BEGAN + dt.timedelta(hours=12, minutes=1))
    assert long_count(long) and problems(long) == []
    assert not long_count(Formal(count_began=BEGAN, count_ended=BEGAN + dt.timedelta(hours=12)))


def test_times_keep_their_zone() -> None:
    assert format_time(BEGAN) == "2023-03-19T20:00+06:00"
    assert parse_time("2023-03-19T20:00+06:00") == BEGAN
    assert parse_time("2023-03-19T14:00Z") == BEGAN
    with pytest.raises(ValueError, match="no zone"):
        parse_time("2023-03-19T20:00")


def test_the_mock_makes_plausible_lasting_parts() -> None:
    election = make_election()
    figures = Figures((1000, 900, 560, 20, 320, 560, 20, 10), (300, 200, 50), 20)
    seen = set()
    for p in election.precincts():
        for c in p.contests:
            f = formal_parts(election, 7, p.code, c, figures)
            assert problems(f) == [] and not long_count(f)
            assert f == formal_parts(election, 7, p.code, c, figures)  # deterministic
            assert f.members_present is not None and f.members_total is not None
            assert 5 <= f.members_total <= 11 and f.members_present >= f.members_total - 2
            assert f.count_began is not None and f.count_began.hour == 20
            assert f.requests is not None and f.requests >= 20
            seen.add((f.members_total, f.count_ended))
    assert len(seen) > 1
    assert zone_of(election, "P00001").utcoffset(None) == dt.timedelta(hours=6)


@pytest.mark.parametrize("total", [1, 2, 29, 69, 98, 300])
def test_every_seat_has_its_place_in_the_half_ring(total: int) -> None:
    seats = seat_positions(total)
    assert len(seats) == total
    for x, y in seats:
        r = math.hypot(x, y)
        assert INNER_RADIUS - 1e-9 <= r <= 1 + 1e-9 and y >= -1e-9
    dot = dot_radius(total)
    for i, a in enumerate(seats):
        for b in seats[i + 1 :]:
            assert math.dist(a, b) >= 2 * dot - 1e-9  # no two dots overlap
    assert seats[0][0] <= seats[-1][0]  # left to right
