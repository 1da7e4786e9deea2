"""The protocol's signed code: it round-trips, splits, and every kind of bad input is
refused with its own problem."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kztally.domain.limits import FIGURE_MAX
from kztally.domain.protocol import Act, Figures
from kztally.paper import payload
from kztally.paper.errors import CodeError, Problem
from kztally.paper.payload import CodedProtocol, assemble, decode_part, encode
from tests.paper.signing_kit import seeded

SIGNER = seeded(7)
AT = dt.datetime(2023, 3, 19, 16, 30, tzinfo=dt.UTC)
DOC = Path(__file__).resolve().parents[2] / "docs" / "formats.md"


def protocol(choices: int = 3, reference: str = "", **kw: object) -> CodedProtocol:
    acts = frozenset({Act.MOBILE_BOX_EXCESS}) if reference else frozenset()
    fields: dict[str, object] = {
        "election": bytes.fromhex("5a1c0ffee0ddba11"),
        "precinct": "P00001",
        "contest": "MZ-L",
        "round": 1,
        "figures": Figures(
            (1000, 700, 600, 20, 80, 590, 20, 10), tuple(range(100, 100 + choices)), 7
        ),
        "acts": acts,
        "reference": reference,
        "signed_at": AT,
    }
    fields.update(kw)
    return CodedProtocol(**fields)  # type: ignore[arg-type]


def read(parts: list[bytes]) -> CodedProtocol:
    decoded = [decode_part(p) for p in parts]
    for d in decoded:
        d.check_signature(SIGNER.public_key)
    return assemble(decoded)


def test_a_protocol_round_trips_in_one_small_code() -> None:
    p = protocol()
    (code,) = encode(p, SIGNER)
    assert len(code) < 130
    assert read([code]) == p


def test_empty_fields_and_zero_stay_apart() -> None:
    p = protocol(figures=Figures((None, 0, 0, None, 1, 2, 3, FIGURE_MAX), (None, 0), None))
    assert read(encode(p, SIGNER)) == p


def test_fifty_choices_with_an_act_split_over_parts_each_signed() -> None:
    p = protocol(50, "Акт № 12 от 19.03.2023: передвижной ящик, комиссия участка № 421")
    parts = encode(p, SIGNER)
    assert len(parts) == 2
    assert all(len(x) <= payload.PART_MAX for x in parts)
    assert read(list(reversed(parts))) == p
    assert read(parts + parts[:1]) == p  # a part read twice counts once


def test_a_missing_part_is_named() -> None:
    parts = encode(protocol(50, "A" * 200), SIGNER)
    assert len(parts) >= 3
    with pytest.raises(CodeError) as e:
        read(parts[:1] + parts[2:])
    assert e.value.problem is Problem.MISSING_PARTS
    assert "P00001/MZ-L: part 2 of" in str(e.value)


def test_parts_of_two_protocols_do_not_mix() -> None:
    one = encode(protocol(50, "A" * 200), SIGNER)
    other = encode(protocol(50, "B" * 200), SIGNER)
    with pytest.raises(CodeError) as e:
        read([one[0], other[1], one[2]])
    assert e.value.problem is Problem.MALFORMED


def test_every_flipped_byte_is_refused() -> None:
    (code,) = encode(protocol(), SIGNER)
    for i in range(len(code)):
        for bit in (0x01, 0x80):
            bad = bytearray(code)
            bad[i] ^= bit
            with pytest.raises(CodeError) as e:
                read([bytes(bad)])
            assert e.value.problem in {
                Problem.BAD_SIGNATURE,
                Problem.NOT_A_PROTOCOL,
                Problem.VERSION,
                Problem.MALFORMED,
                Problem.TRUNCATED,
            }, (i, bit, e.value)


def test_a_flipped_figure_is_a_bad_signature() -> None:
    (code,) = encode(protocol(), SIGNER)
    bad = bytearray(code)
    bad[len(code) - 64 - 5] ^= 0x02  # inside the vote lines
    with pytest.raises(CodeError, match="bad_signature: P00001/MZ-L: the signature"):
        read([bytes(bad)])


def test_another_key_is_a_bad_signature() -> None:
    (code,) = encode(protocol(), seeded(8))
    with pytest.raises(CodeError) as e:
        read([code])
    assert e.value.problem is Problem.BAD_SIGNATURE


def test_every_truncation_is_refused_with_what_is_wrong() -> None:
    (code,) = encode(protocol(), SIGNER)
    for n in range(len(code)):
        with pytest.raises(CodeError) as e:
            read([code[:n]])
        assert e.value.problem in {
            Problem.TRUNCATED,
            Problem.BAD_SIGNATURE,
            Problem.NOT_A_PROTOCOL,
        }
    with pytest.raises(CodeError, match="truncated: the code ends at byte 10, inside the election"):
        decode_part(code[:10])


def test_a_wrong_version_and_a_foreign_code() -> None:
    (code,) = encode(protocol(), SIGNER)
    with pytest.raises(CodeError, match="version: format version 2; this kztally reads version 1"):
        decode_part(code[:2] + b"\x02" + code[3:])
    with pytest.raises(CodeError) as e:
        decode_part(b"https://example.org/")
    assert e.value.problem is Problem.NOT_A_PROTOCOL


def test_bounds_are_refused_when_writing() -> None:
    with pytest.raises(ValueError, match="at most 50 vote lines"):
        encode(protocol(51), SIGNER)
    with pytest.raises(ValueError, match="a figure from 0"):
        encode(protocol(figures=Figures((-1,) + (0,) * 7, (), None)), SIGNER)


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(st.none() | st.integers(0, FIGURE_MAX), min_size=8, max_size=8),
    votes=st.lists(st.none() | st.integers(0, FIGURE_MAX), max_size=50),
    against=st.none() | st.integers(0, FIGURE_MAX),
    reference=st.text(max_size=200).filter(lambda s: "\x00" not in s),
    round_=st.integers(1, 1000),
)
def test_any_protocol_round_trips(
    lines: list[int | None],
    votes: list[int | None],
    against: int | None,
    reference: str,
    round_: int,
) -> None:
    try:
        reference.encode("utf-8")
    except UnicodeEncodeError:
        return
    p = protocol(
        figures=Figures(tuple(lines), tuple(votes), against),
        reference=reference,
        acts=frozenset({Act.MOBILE_BOX_EXCESS}) if reference else frozenset(),
        round=round_,
    )
    parts = encode(p, SIGNER)
    assert all(len(x) <= payload.PART_MAX for x in parts)
    assert read(parts) == p


def test_the_worked_example_in_formats_md_decodes() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```hex\n(.*?)\n```", text, re.DOTALL)
    assert block is not None
    code = bytes.fromhex("".join(block.group(1).split()))
    (expected,) = encode(_example(), seeded(1))
    assert code == expected
    part = decode_part(code)
    part.check_signature(seeded(1).public_key)
    assert assemble([part]) == _example()
    assert seeded(1).fingerprint.upper()[:16] in text.replace(" ", "")


def _example() -> CodedProtocol:
    return CodedProtocol(
        bytes.fromhex("9f86d081884c7d65"),
        "P00421",
        "MZ-S07",
        1,
        Figures((1500, 1200, 950, 40, 210, 930, 38, 12), (500, 300, 140), 18),
        frozenset(),
        "",
        dt.datetime(2023, 3, 19, 17, 5, tzinfo=dt.UTC),
    )
