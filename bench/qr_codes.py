"""The signed code's cost per protocol: `python -m bench.qr_codes`.

Prints, per code, the time to encode and sign the payload, to make the QR module matrix
with zxing-cpp (and with segno, the fallback), to turn it into the runs a PDF draws as
one path, and to read a code back from an image at 4 pixels a module. Ballots of 3, 22
(the bundled election's longest) and 50 choices, the last with an act's reference.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from kztally.domain.protocol import Act, Figures
from kztally.paper import qr
from kztally.paper.payload import CodedProtocol, decode_part, encode
from kztally.paper.signing import Signer


def per_call(f: Callable[[], object], n: int) -> float:
    """Milliseconds a call, the best of three runs of n calls."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(n):
            f()
        best = min(best, (time.perf_counter() - start) / n)
    return best * 1000


def main() -> None:
    signer = Signer.generate()
    at = dt.datetime(2023, 3, 19, 17, 5, tzinfo=dt.UTC)
    print(
        f"{'choices':>7} {'parts':>5} {'bytes':>5} {'ver':>3}  {'sign':>7} {'zxing':>7} "
        f"{'runs':>7} {'segno':>7} {'read':>7}  (ms a code)"
    )
    for choices, reference in ((3, ""), (22, ""), (50, "Акт № 12 от 19.03.2023")):
        p = CodedProtocol(
            bytes(8),
            "P00421",
            "ML-R05-D03-S12",
            1,
            Figures((1500, 1200, 950, 40, 210, 930, 38, 12), tuple(range(900, 900 + choices)), 18),
            frozenset({Act.MOBILE_BOX_EXCESS}) if reference else frozenset(),
            reference,
            at,
        )
        parts = encode(p, signer)
        data = parts[0]
        m = qr.matrix(data)
        picture = qr.image(m, scale=4)
        assert qr.read(picture) == [data]
        decode_part(data).check_signature(signer.public_key)
        sign = per_call(lambda p=p: encode(p, signer), 300) / len(parts)  # type: ignore[misc]
        zx = per_call(lambda d=data: qr.matrix(d, "zxing"), 300)  # type: ignore[misc]
        rn = per_call(lambda m=m: qr.runs(m), 300)  # type: ignore[misc]
        sg = per_call(lambda d=data: qr.matrix(d, "segno"), 20)  # type: ignore[misc]
        rd = per_call(lambda i=picture: qr.read(i), 100)  # type: ignore[misc]
        print(
            f"{choices:>7} {len(parts):>5} {len(data):>5} {qr.version(m):>3}  "
            f"{sign:7.3f} {zx:7.3f} {rn:7.3f} {sg:7.3f} {rd:7.3f}"
        )


if __name__ == "__main__":
    main()
