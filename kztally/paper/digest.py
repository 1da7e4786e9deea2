"""The paper's hash: what a clerk checks when a code cannot be read.

Every printed precinct protocol carries, beside its code, the SHA-256 of its canonical
content in 16 groups of four hex digits (`groups`, `printed`). When the code cannot be
read, a clerk types the figures by hand plus two of the groups; if the groups match the
hash of the figures typed (`matches`), the entry is bound to that paper. It counts as one
entry, never both: a hash proves what the paper says, not who made it.

What is hashed (docs/formats.md, "The paper's hash"): the label `kztally paper` and a
NUL byte, the election (the 8 bytes a code carries), the precinct and the contest (as
text: a varint length, then UTF-8), the round (varint), then the content exactly as the
code carries it (`payload.content_bytes`: lines 1-8, the vote lines, against all, the
acts, the act's reference). No key, no signing time: the same figures on the same paper
give the same hash, whoever signed it and whenever.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable

from kztally.domain.protocol import Act, Figures
from kztally.paper.payload import CodedProtocol, content_bytes, text_bytes, varint_bytes

PAPER_LABEL = b"kztally paper\x00"
GROUP_DIGITS = 4
GROUPS = 16
GROUPS_TO_TYPE = 2
"""Groups a clerk types with the figures."""
_GROUP = re.compile(r"^(?:(\d{1,2})[:=])?([0-9A-Fa-f]{4})$")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def paper_bytes(
    election: bytes,
    precinct: str,
    contest: str,
    round_: int,
    figures: Figures,
    acts: Iterable[Act] = (),
    reference: str = "",
) -> bytes:
    """The bytes the paper's hash covers."""
    coded = CodedProtocol(
        election, precinct, contest, round_, figures, frozenset(acts), reference, _EPOCH
    )
    return (
        PAPER_LABEL
        + election
        + text_bytes(precinct)
        + text_bytes(contest)
        + varint_bytes(round_)
        + content_bytes(coded)
    )


def of_protocol(p: CodedProtocol) -> str:
    """The paper's SHA-256 (hex, lower case) of a protocol as its code says it."""
    return paper_sha256(p.election, p.precinct, p.contest, p.round, p.figures, p.acts, p.reference)


def paper_sha256(
    election: bytes,
    precinct: str,
    contest: str,
    round_: int,
    figures: Figures,
    acts: Iterable[Act] = (),
    reference: str = "",
) -> str:
    data = paper_bytes(election, precinct, contest, round_, figures, acts, reference)
    return hashlib.sha256(data).hexdigest()


def groups(sha256: str) -> tuple[str, ...]:
    """The hash in 16 groups of four hex digits, upper case, first to last."""
    digits = sha256.upper()
    return tuple(digits[i : i + GROUP_DIGITS] for i in range(0, len(digits), GROUP_DIGITS))


def printed(p: CodedProtocol) -> str:
    """The line the printer puts under the code: the groups numbered from 1, four to a
    block ('1 5E3A 2 09B1 3 …'), so a clerk can say which groups they typed."""
    return "  ".join(f"{n} {g}" for n, g in enumerate(groups(of_protocol(p)), start=1))


def parse_groups(text: str) -> list[tuple[int | None, str]]:
    """Groups as a clerk types them: '5E3A 09B1', '1:5E3A,2:09B1' (with their numbers).
    Raises ValueError naming the piece that is not a group."""
    out: list[tuple[int | None, str]] = []
    for piece in re.split(r"[\s,;]+", text.strip()):
        if not piece:
            continue
        m = _GROUP.match(piece)
        if m is None:
            raise ValueError(f"{piece!r} is not a group of four hex digits (or N:XXXX)")
        number = int(m.group(1)) if m.group(1) else None
        if number is not None and not 1 <= number <= GROUPS:
            raise ValueError(f"{piece!r}: groups are numbered 1 to {GROUPS}")
        out.append((number, m.group(2).upper()))
    return out


def matches(sha256: str, typed: Iterable[tuple[int | None, str]]) -> bool:
    """Whether the typed groups are at least two different groups of this hash (each at
    the number given, or anywhere when no number is given)."""
    mine = groups(sha256)
    used: set[int] = set()
    for number, group in typed:
        places = [number - 1] if number is not None else range(GROUPS)
        found = next((i for i in places if i not in used and mine[i] == group), None)
        if found is None:
            return False
        used.add(found)
    return len(used) >= GROUPS_TO_TYPE
