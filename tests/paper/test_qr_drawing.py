"""Drawing and reading the codes: every code encoded here is decoded again, by each
encoder (zxing-cpp's writers are marked experimental upstream; segno is the fallback)."""

from __future__ import annotations

import datetime as dt

import pytest

from kztally.domain.protocol import Act, Figures
from kztally.paper import qr
from kztally.paper.payload import CodedProtocol, decode_part, encode
from tests.paper.signing_kit import seeded

BACKENDS: list[qr.Backend] = ["zxing", "zxing-legacy", "segno"]


def codes() -> list[bytes]:
    out = []
    for choices, reference in ((2, ""), (22, ""), (50, "Акт № 7, Ә Ғ Қ Ң Ө Ұ Ү Һ І")):
        p = CodedProtocol(
            bytes(8),
            "P00421",
            "ML-R05-D03-S12",
            1,
            Figures((1500, 1200, 950, 40, 210, 930, 38, 12), tuple(range(choices)), 18),
            frozenset({Act.MOBILE_BOX_EXCESS}) if reference else frozenset(),
            reference,
            dt.datetime(2023, 3, 19, 17, 5, tzinfo=dt.UTC),
        )
        out += encode(p, seeded(1))
    return out


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_code_decodes_to_its_bytes(backend: qr.Backend) -> None:
    for data in codes():
        m = qr.matrix(data, backend)
        assert qr.read(qr.image(m, scale=4)) == [data]
        decode_part(data).check_signature(seeded(1).public_key)


def test_the_encoders_agree_on_size_and_level_m() -> None:
    for data in codes():
        sizes = {len(qr.matrix(data, b)) for b in BACKENDS}
        assert len(sizes) == 1, sizes
        assert qr.version(qr.matrix(data)) <= 11


def test_runs_cover_exactly_the_dark_modules() -> None:
    m = qr.matrix(codes()[0])
    dark = {(y, x) for y, row in enumerate(m) for x, v in enumerate(row) if v}
    covered = {(y, x + i) for y, x, n in qr.runs(m) for i in range(n)}
    assert covered == dark
    path = qr.svg_path(m)
    assert path.startswith("M4 4h7v1h-7z")  # the finder pattern's top row
    assert path.count("M") == len(qr.runs(m))


def test_a_page_with_several_codes_and_a_foreign_one() -> None:
    from PIL import Image

    data = [*codes()[-2:], b"https://example.org/"]
    tiles = [qr.image(qr.matrix(d), scale=4) for d in data]
    page = Image.new("L", (sum(t.width for t in tiles) + 40, max(t.height for t in tiles)), 255)
    x = 0
    for t in tiles:
        page.paste(t, (x, 0))
        x += t.width + 20
    assert sorted(qr.read(page)) == sorted(data)
