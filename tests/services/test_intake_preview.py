"""What taking a file in would do, read before the receiver confirms
(`IntakeService.preview_file`), on both databases: each case of the `take_in`
transition foreseen as `take_in_file` then does it, the refusals with their reasons, the
page each protocol was read on, and nothing stored by looking."""

from __future__ import annotations

import pytest

from kztally.domain.rules import Role
from kztally.paper.payload import encode
from kztally.paper.signing import Signer
from kztally.services.errors import PermissionDenied
from kztally.services.intake import FilePreview
from tests.conftest import ServicesFactory
from tests.services.test_intake import MZL, P1, P2, Desk, clean, flipped, stored


@pytest.fixture
def desk(services: ServicesFactory) -> Desk:
    return Desk(services)


def foresee(desk: Desk, data: bytes) -> FilePreview:
    before = stored(desk.services)
    version = desk.supervisor.entry.view(P1, MZL).version
    preview = desk.clerk.intake.preview_file(data, "page.png")
    assert stored(desk.services) == before  # looking stores nothing
    assert desk.supervisor.entry.view(P1, MZL).version == version
    return preview


def case(preview: FilePreview) -> tuple[str, str, str, str]:
    (f,) = preview.protocols
    return f.outcome.status, f.before, f.outcome.state, f.outcome.reason


def test_each_case_is_foreseen_as_it_then_happens(desk: Desk) -> None:
    picture = desk.png(desk.codes(P1, clean()))
    preview = foresee(desk, picture)
    assert case(preview) == ("taken_in", "not_entered", "accepted", "")
    (f,) = preview.protocols
    assert f.page == 0 and f.figures == clean() and preview.pages == 1
    assert len(preview.pictures) == 1
    (done,) = desk.take(picture).outcomes
    assert (done.status, done.state) == ("taken_in", "accepted")
    # the same again: unchanged; other figures: a conflict
    assert case(foresee(desk, picture)) == ("unchanged", "accepted", "accepted", "")
    other = desk.png(desk.codes(P1, clean(4)))
    assert case(foresee(desk, other)) == ("refused", "", "", "conflict")
    assert desk.take(other).outcomes[0].reason == "conflict"


def test_agrees_and_differs_with_a_typed_entry(desk: Desk) -> None:
    desk.clerk2.entry.enter(P1, MZL, clean(), expected_version=desk.version(P1))
    desk.clerk2.entry.enter(P2, MZL, clean(3), expected_version=desk.version(P2))
    agrees = foresee(desk, desk.png(desk.codes(P1, clean())))
    assert case(agrees) == ("taken_in", "first_entry", "accepted", "")
    differs = foresee(desk, desk.png(desk.codes(P2, clean())))
    assert case(differs) == ("taken_in", "first_entry", "entries_differ", "")


def test_a_stale_code_is_foreseen_refused(desk: Desk) -> None:
    picture = desk.png(desk.codes(P1, clean()))
    desk.take(picture)
    version = desk.supervisor.entry.view(P1, MZL).version
    desk.supervisor.entry.recount(
        P1, MZL, reason="recount ordered", reference="decision 7", expected_version=version
    )
    assert case(foresee(desk, picture)) == ("refused", "", "", "stale")


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("flipped", "bad_signature"),
        ("unknown_key", "unknown_key"),
        ("other_commission", "other_commission"),
        ("not_a_picture", "unreadable"),
    ],
)
def test_a_bad_code_is_foreseen_refused_with_its_reason(
    desk: Desk, damage: str, reason: str
) -> None:
    p = desk.protocol(P1, clean())
    match damage:
        case "flipped":
            data = desk.png(flipped(encode(p, desk.signers[P1])))
        case "unknown_key":
            data = desk.png(encode(p, Signer.generate()))
        case "other_commission":
            data = desk.png(encode(p, desk.signers[P2]))
        case _:
            data = b"not a picture"
    (f,) = foresee(desk, data).protocols
    assert (f.outcome.status, f.outcome.reason) == ("refused", reason)
    assert f.outcome.message


def test_only_those_who_take_protocols_in_may_look(desk: Desk) -> None:
    observer = desk.services("watcher", Role.OBSERVER)
    with pytest.raises(PermissionDenied):
        observer.intake.preview_file(desk.png(desk.codes(P1, clean())), "page.png")
