"""The signed code of a precinct protocol: a compact binary form, one or more parts.

docs/formats.md ("The protocol's signed code") describes it field by field, with a
worked example. In short, each part is

    "KZ", version, part, parts, election (8), key id (8), signed at (4),
    precinct, contest, round, [digest (16) when parts > 1], a piece of the content,
    Ed25519 signature (64) over the label and everything before it

and the content (lines 1-8, the vote lines, against all, the acts and their reference)
is cut into as many pieces as there are parts. A figure is a varint of value + 1, so an
empty field (None) is 0.

Pure: bytes in, bytes out. Decoding checks the structure (`decode_part`, `assemble`);
the signature is checked with the key the caller looks up (`Part.check_signature`), and
who may sign what is `kztally.paper.trust`'s.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kztally.domain.keys import KEY_ID_BYTES, SIGNATURE_BYTES
from kztally.domain.limits import CODE_MAX, FIGURE_MAX, REFERENCE_MAX
from kztally.domain.protocol import LINE_COUNT, Act, Figures
from kztally.paper.errors import CodeError, Problem
from kztally.paper.signing import PROTOCOL_LABEL, Signer, moment, seconds, verify

MAGIC = b"KZ"
VERSION = 1
ELECTION_BYTES = 8
DIGEST_BYTES = 16
MAX_CHOICES = 50
"""Vote lines a code holds at most (the bundled election's longest ballot has 22)."""
MAX_PARTS = 16
PART_MAX = 251
"""Bytes of one part, at most: a QR code of version 11 (61 x 61 modules) at error
correction level M holds 251 bytes."""

ACT_BITS: tuple[Act, ...] = (Act.MOBILE_BOX_EXCESS,)
"""Each act's bit in the acts field, by position (bit 0 first). New acts are added at
the end; a bit this version does not know is refused."""


@dataclass(frozen=True, slots=True)
class CodedProtocol:
    """What a protocol's code says."""

    election: bytes
    """The first 8 bytes of the election's content hash (`election_prefix`)."""
    precinct: str
    contest: str
    round: int
    figures: Figures
    acts: frozenset[Act]
    reference: str
    """The act's reference ("" when there is no act)."""
    signed_at: dt.datetime


def election_prefix(content_hash: str) -> bytes:
    """The 8 bytes of an election's content hash ('sha256:<hex>') a code carries."""
    digits = content_hash.removeprefix("sha256:")
    return bytes.fromhex(digits[: 2 * ELECTION_BYTES])


# -- writing ------------------------------------------------------------------------------


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        low = n & 0x7F
        n >>= 7
        if n:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _text(s: str) -> bytes:
    b = s.encode("utf-8")
    return _varint(len(b)) + b


varint_bytes = _varint
text_bytes = _text


def _figure(v: int | None) -> bytes:
    if v is None:
        return b"\x00"
    if isinstance(v, bool) or not 0 <= v <= FIGURE_MAX:
        raise ValueError(f"a figure from 0 to {FIGURE_MAX}, not {v!r}")
    return _varint(v + 1)


def content_bytes(p: CodedProtocol) -> bytes:
    """The protocol's content as the parts carry it (before cutting)."""
    if len(p.figures.votes) > MAX_CHOICES:
        raise ValueError(f"a code holds at most {MAX_CHOICES} vote lines")
    if len(p.reference) > REFERENCE_MAX:
        raise ValueError(f"an act's reference has at most {REFERENCE_MAX} characters")
    bits = 0
    for act in p.acts:
        bits |= 1 << ACT_BITS.index(act)
    return b"".join(
        [
            *(_figure(v) for v in p.figures.lines),
            _varint(len(p.figures.votes)),
            *(_figure(v) for v in p.figures.votes),
            _figure(p.figures.against_all),
            _varint(bits),
            _text(p.reference),
        ]
    )


def _header(p: CodedProtocol, index: int, count: int, key_id: bytes) -> bytes:
    for what, code in (("precinct", p.precinct), ("contest", p.contest)):
        if not 0 < len(code) <= CODE_MAX or not code.isascii():
            raise ValueError(f"a {what} code is 1 to {CODE_MAX} ASCII characters, not {code!r}")
    if len(p.election) != ELECTION_BYTES:
        raise ValueError(f"the election is named by {ELECTION_BYTES} bytes")
    if p.round < 1:
        raise ValueError("rounds count from 1")
    return (
        MAGIC
        + bytes([VERSION, index, count])
        + p.election
        + key_id
        + struct.pack(">I", seconds(p.signed_at))
        + _text(p.precinct)
        + _text(p.contest)
        + _varint(p.round)
    )


def encode(p: CodedProtocol, signer: Signer, part_max: int = PART_MAX) -> list[bytes]:
    """The protocol's code, signed: one part when it fits `part_max` bytes, else as few
    parts of about equal size as hold it (at most 16)."""
    content = content_bytes(p)
    whole = _header(p, 1, 1, signer.key_id) + content
    if len(whole) + SIGNATURE_BYTES <= part_max:
        return [_signed(whole, signer)]
    overhead = len(_header(p, 1, 2, signer.key_id)) + DIGEST_BYTES + SIGNATURE_BYTES
    room = part_max - overhead
    if room < 1:
        raise ValueError(f"{part_max} bytes do not hold a part's header")
    count = -(-len(content) // room)
    if count > MAX_PARTS:
        raise ValueError(f"the protocol needs {count} codes; at most {MAX_PARTS}")
    digest = hashlib.sha256(content).digest()[:DIGEST_BYTES]
    size = -(-len(content) // count)
    return [
        _signed(
            _header(p, n + 1, count, signer.key_id) + digest + content[n * size : (n + 1) * size],
            signer,
        )
        for n in range(count)
    ]


def _signed(body: bytes, signer: Signer) -> bytes:
    return body + signer.sign(PROTOCOL_LABEL + body)


# -- reading ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Part:
    """One code as read, its structure checked, its signature not yet."""

    index: int
    count: int
    election: bytes
    key_id: bytes
    signed_at: dt.datetime
    precinct: str
    contest: str
    round: int
    digest: bytes | None
    piece: bytes
    body: bytes
    """Every byte before the signature (what was signed, after the label)."""
    signature: bytes

    @property
    def name(self) -> str:
        """How messages name it: 'P00421/MZ-L, part 2 of 3'."""
        where = f"{self.precinct}/{self.contest}"
        return where if self.count == 1 else f"{where}, part {self.index} of {self.count}"

    def signed_by(self, public_key: bytes) -> bool:
        return verify(public_key, self.signature, PROTOCOL_LABEL + self.body)

    def check_signature(self, public_key: bytes) -> None:
        """Refuse the part unless `public_key` signed exactly these bytes."""
        if not self.signed_by(public_key):
            raise bad_signature(self)


def bad_signature(part: Part) -> CodeError:
    return CodeError(
        Problem.BAD_SIGNATURE,
        f"{part.name}: the signature does not match: the code was altered after signing, "
        "or signed with another key",
    )


class _Reader:
    def __init__(self, data: bytes, where: str) -> None:
        self.data = data
        self.at = 0
        self.where = where

    def take(self, n: int, field: str) -> bytes:
        if self.at + n > len(self.data):
            raise CodeError(
                Problem.TRUNCATED,
                f"{self.where}ends at byte {len(self.data)}, inside the {field}",
            )
        out = self.data[self.at : self.at + n]
        self.at += n
        return out

    def varint(self, field: str, bound: int) -> int:
        value = shift = 0
        start = self.at
        while True:
            (b,) = self.take(1, field)
            value |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
            if shift > 35:
                raise CodeError(Problem.MALFORMED, f"{self.where}{field}: too long a number")
        if self.at - start > 1 and b == 0:
            raise CodeError(Problem.MALFORMED, f"{self.where}{field}: a number padded with zeros")
        if value > bound:
            raise CodeError(
                Problem.MALFORMED, f"{self.where}{field}: {value} is above the bound {bound}"
            )
        return value

    def text(self, field: str, bound: int) -> str:
        n = self.varint(f"{field}'s length", 4 * bound)
        raw = self.take(n, field)
        try:
            s = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise CodeError(Problem.MALFORMED, f"{self.where}{field}: not UTF-8 text") from None
        if len(s) > bound or "\x00" in s:
            raise CodeError(
                Problem.MALFORMED, f"{self.where}{field}: more than {bound} characters or a NUL"
            )
        return s

    def figure(self, field: str) -> int | None:
        v = self.varint(field, FIGURE_MAX + 1)
        return None if v == 0 else v - 1


def decode_part(data: bytes) -> Part:
    """One code's bytes as a `Part`; `CodeError` names what is wrong (its signature is
    checked by `Part.check_signature`, with the key its `key_id` names)."""
    r = _Reader(bytes(data), "the code ")
    if r.take(len(MAGIC), "mark") != MAGIC:
        raise CodeError(Problem.NOT_A_PROTOCOL, "not a kztally protocol's code")
    (version,) = r.take(1, "format version")
    if version != VERSION:
        raise CodeError(
            Problem.VERSION, f"format version {version}; this kztally reads version {VERSION}"
        )
    index, count = r.take(2, "part number")
    if not 1 <= count <= MAX_PARTS or not 1 <= index <= count:
        raise CodeError(Problem.MALFORMED, f"the code says it is part {index} of {count}")
    r.where = "the code " if count == 1 else f"part {index} of {count} "
    election = r.take(ELECTION_BYTES, "election")
    key_id = r.take(KEY_ID_BYTES, "key id")
    (secs,) = struct.unpack(">I", r.take(4, "signing time"))
    precinct = r.text("precinct", CODE_MAX)
    contest = r.text("contest", CODE_MAX)
    round_ = r.varint("round", 1_000_000)
    if round_ < 1:
        raise CodeError(Problem.MALFORMED, f"{r.where}says round 0; rounds count from 1")
    digest = r.take(DIGEST_BYTES, "digest") if count > 1 else None
    end = len(r.data) - SIGNATURE_BYTES
    if end < r.at:
        raise CodeError(
            Problem.TRUNCATED, f"{r.where}ends at byte {len(r.data)}, inside the signature"
        )
    return Part(
        index,
        count,
        election,
        key_id,
        moment(secs),
        precinct,
        contest,
        round_,
        digest,
        r.data[r.at : end],
        r.data[:end],
        r.data[end:],
    )


def _same(a: Part, b: Part) -> bool:
    """Whether two parts belong to one protocol: every header field alike (a protocol
    in one code is one code: two different ones are two protocols)."""
    if a.count == 1 and a.body != b.body:
        return False
    return (a.count, a.election, a.key_id, a.signed_at, a.precinct, a.contest, a.round) == (
        b.count,
        b.election,
        b.key_id,
        b.signed_at,
        b.precinct,
        b.contest,
        b.round,
    ) and a.digest == b.digest


def assemble(parts: Iterable[Part]) -> CodedProtocol:
    """The protocol from all the parts of its code (in any order; a part read twice is
    taken once). The parts must be one protocol's: `group` sorts a page's codes."""
    got: dict[int, Part] = {}
    first: Part | None = None
    for part in parts:
        if first is None:
            first = part
        elif not _same(first, part):
            raise CodeError(
                Problem.MALFORMED, f"{part.name} belongs to another protocol than {first.name}"
            )
        seen = got.get(part.index)
        if seen is not None and seen.body != part.body:
            raise CodeError(Problem.MALFORMED, f"{part.name} was read twice, different")
        got[part.index] = part
    if first is None:
        raise CodeError(Problem.MISSING_PARTS, "no code to read")
    missing = [n for n in range(1, first.count + 1) if n not in got]
    if missing:
        where = f"{first.precinct}/{first.contest}"
        raise CodeError(
            Problem.MISSING_PARTS,
            f"{where}: part {', '.join(map(str, missing))} of {first.count} "
            f"{'is' if len(missing) == 1 else 'are'} missing",
        )
    content = b"".join(got[n].piece for n in range(1, first.count + 1))
    if first.digest is not None and hashlib.sha256(content).digest()[:DIGEST_BYTES] != first.digest:
        raise CodeError(
            Problem.MALFORMED,
            f"{first.precinct}/{first.contest}: the parts together do not make the content "
            "they were signed for",
        )
    return _content(first, content)


def _content(head: Part, content: bytes) -> CodedProtocol:
    r = _Reader(content, f"{head.precinct}/{head.contest}: ")
    lines = tuple(r.figure(f"line {n}") for n in range(1, LINE_COUNT + 1))
    n = r.varint("number of vote lines", MAX_CHOICES)
    votes = tuple(r.figure(f"vote line {i}") for i in range(1, n + 1))
    against = r.figure("against all")
    bits = r.varint("acts", (1 << len(ACT_BITS)) - 1)
    reference = r.text("act's reference", REFERENCE_MAX)
    if r.at != len(content):
        raise CodeError(
            Problem.MALFORMED, f"{r.where}{len(content) - r.at} bytes after the last field"
        )
    acts = frozenset(a for i, a in enumerate(ACT_BITS) if bits >> i & 1)
    return CodedProtocol(
        head.election,
        head.precinct,
        head.contest,
        head.round,
        Figures(lines, votes, against),
        acts,
        reference,
        head.signed_at,
    )


def group(parts: Sequence[Part]) -> list[list[Part]]:
    """A page's (or a batch's) parts sorted into protocols: the parts of one code share
    every header field; in the order each protocol's first part was met."""
    out: list[list[Part]] = []
    for part in parts:
        for g in out:
            if _same(g[0], part):
                g.append(part)
                break
        else:
            out.append([part])
    return out
