"""The paper's hash: the worked example of docs/formats.md, and the groups a clerk types."""

from __future__ import annotations

from pathlib import Path

from kztally.domain.protocol import Figures
from kztally.paper import digest
from kztally.paper.payload import CodedProtocol
from tests.paper.signing_kit import T0

FIGURES = Figures((1500, 1200, 950, 40, 210, 930, 38, 12), (500, 300, 140), 18)
ELECTION = bytes.fromhex("9f86d081884c7d65")
DOCS = Path(__file__).resolve().parents[2] / "docs" / "formats.md"


def test_the_worked_example_of_the_docs() -> None:
    data = digest.paper_bytes(ELECTION, "P00421", "MZ-S07", 1, FIGURES)
    sha = digest.paper_sha256(ELECTION, "P00421", "MZ-S07", 1, FIGURES)
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## The paper's hash") : text.index("## The register of papers")]
    block = section.split("```hex")[1].split("```")[0]
    assert bytes.fromhex(block.replace("\n", " ")) == data
    assert f"hash `{sha}`" in section
    assert " ".join(digest.groups(sha)) in section.replace("\n", " ")


def test_it_is_the_protocol_content_without_key_or_time() -> None:
    p = CodedProtocol(ELECTION, "P00421", "MZ-S07", 1, FIGURES, frozenset(), "", T0)
    assert digest.of_protocol(p) == digest.paper_sha256(ELECTION, "P00421", "MZ-S07", 1, FIGURES)
    other = digest.paper_sha256(ELECTION, "P00421", "MZ-S07", 2, FIGURES)
    assert other != digest.of_protocol(p)
    assert digest.printed(p).startswith("1 " + digest.groups(digest.of_protocol(p))[0])


def test_two_groups_must_match_at_their_places() -> None:
    sha = digest.paper_sha256(ELECTION, "P00421", "MZ-S07", 1, FIGURES)
    g = digest.groups(sha)
    assert digest.matches(sha, digest.parse_groups(f"{g[3]} {g[9]}"))
    assert digest.matches(sha, digest.parse_groups(f"4:{g[3]},10:{g[9].lower()}"))
    assert not digest.matches(sha, digest.parse_groups(f"5:{g[3]} 10:{g[9]}"))
    assert not digest.matches(sha, digest.parse_groups(g[3]))  # one group is not enough
    assert not digest.matches(sha, digest.parse_groups(f"{g[3]} {g[3]}"))  # nor one twice
    assert not digest.matches(sha, digest.parse_groups("0000 FFFF"))
