"""Drawing and reading the codes: QR code at error correction level M, in byte mode.

Encoding is zxing-cpp's (about half a millisecond a code); its writer is marked
experimental upstream, so every code the tests encode is decoded again, and segno (pure
Python, 12-16 ms a code) stays as the fallback when zxing-cpp's writer is missing.

A code is handed on as its module matrix (`Matrix`: rows of dark/light, no quiet zone);
`runs` turns it into the horizontal runs of dark modules that a PDF draws as one vector
path, `svg_path` into an SVG path. `read` decodes every QR code in an image with
zxing-cpp (a PIL image or a numpy array; at least 4 pixels a module reads well).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import Any, Literal

import zxingcpp

Matrix = tuple[bytes, ...]
"""A code's modules, row by row from the top, a byte a module: 1 dark, 0 light; no quiet
zone."""
Backend = Literal["auto", "zxing", "zxing-legacy", "segno"]
QUIET_ZONE = 4
"""Modules of light margin a code needs around it."""
_QR = zxingcpp.barcode_formats_from_str("QRCode")
_RUN = re.compile(b"\x01+")


def matrix(data: bytes, backend: Backend = "auto") -> Matrix:
    """The QR code (level M, byte mode) holding `data`. `auto` is zxing-cpp's
    `create_barcode`, else its older `write_barcode`, else segno."""
    if backend in ("auto", "zxing") and hasattr(zxingcpp, "create_barcode"):
        code = zxingcpp.create_barcode(bytes(data), zxingcpp.BarcodeFormat.QRCode, ec_level="M")
        return _from_image(code.to_image(scale=1, add_quiet_zones=False))
    if backend in ("auto", "zxing-legacy") and hasattr(zxingcpp, "write_barcode"):
        # The older writer (deprecated since zxing-cpp 2.3) numbers the error correction
        # levels 0-8; 4 and 5 give level M for a QR code (measured: 0-3 L, 6-7 Q, 8 H).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            image = zxingcpp.write_barcode(
                zxingcpp.BarcodeFormat.QRCode, bytes(data), quiet_zone=0, ec_level=4
            )
        return _from_image(image)
    if backend in ("auto", "segno"):
        return _segno(data)
    raise ValueError(f"no QR encoder {backend!r} here")


_DARK = bytes(1 if v < 128 else 0 for v in range(256))


def _from_image(image: Any) -> Matrix:
    view = memoryview(image)
    height, width = view.shape or (0, 0)
    pixels = view.tobytes().translate(_DARK)
    return tuple(pixels[y * width : (y + 1) * width] for y in range(height))


def _segno(data: bytes) -> Matrix:
    import segno

    code = segno.make_qr(bytes(data), error="m", boost_error=False, mode="byte")
    return tuple(bytes(1 if m else 0 for m in row) for row in code.matrix_iter(scale=1, border=0))


def version(m: Matrix) -> int:
    """The QR version of a matrix (21 modules: version 1; 4 more each version)."""
    return (len(m) - 17) // 4


def runs(m: Matrix) -> list[tuple[int, int, int]]:
    """The dark modules as horizontal runs (row, first column, length), top row first:
    one rectangle each in a single filled path."""
    return [
        (y, run.start(), run.end() - run.start())
        for y, row in enumerate(m)
        for run in _RUN.finditer(row)
    ]


def svg_path(m: Matrix, quiet: int = QUIET_ZONE) -> str:
    """The dark modules as one SVG path's data, a module a unit, offset by the quiet
    zone ('M4 4h7v1h-7z…')."""
    return "".join(f"M{x + quiet} {y + quiet}h{n}v1h-{n}z" for y, x, n in runs(m))


def image(m: Matrix, scale: int = 4, quiet: int = QUIET_ZONE) -> Any:
    """The code as a grayscale PIL image, `scale` pixels a module (for previews and
    tests; documents draw `runs`)."""
    from PIL import Image

    size = (len(m) + 2 * quiet) * scale
    picture = Image.new("L", (size, size), 255)
    pixels = picture.load()
    assert pixels is not None
    for y, x, n in runs(m):
        for yy in range((y + quiet) * scale, (y + quiet + 1) * scale):
            for xx in range((x + quiet) * scale, (x + quiet + n) * scale):
                pixels[xx, yy] = 0
    return picture


def read(picture: Any) -> list[bytes]:
    """The bytes of every QR code zxing-cpp finds in a picture (a PIL image or a numpy
    array), in the order it finds them."""
    found = zxingcpp.read_barcodes(picture, formats=_QR)
    return [bytes(r.bytes) for r in found if r.valid]


def read_all(pictures: Sequence[Any]) -> list[bytes]:
    return [data for p in pictures for data in read(p)]
