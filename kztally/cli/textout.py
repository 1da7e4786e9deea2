"""Formatting shared by the commands: tables, exact figures, findings in words, JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import kztally.domain_texts  # noqa: F401  (registers the domain's words)
from kztally import i18n
from kztally.domain.protocol import Finding

CLI_LANGUAGE = "en"


def add_lang_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=i18n.LANGUAGES,
        default=CLI_LANGUAGE,
        help=f"language of the texts (default {CLI_LANGUAGE})",
    )


def fraction_text(f: Fraction) -> str:
    """An exact fraction in lowest terms: '1990573/23' (a whole number is 'n/1')."""
    return f"{f.numerator}/{f.denominator}"


def percent_text(share: Fraction, decimals: int = 2) -> str:
    """A share as a percentage rounded half up: Fraction(539, 1000) -> '53.90'."""
    if share < 0:
        return "-" + percent_text(-share, decimals)
    scale = 10**decimals
    scaled = share * 100 * scale
    n = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)
    whole, part = divmod(n, scale)
    return f"{whole}.{part:0{decimals}d}" if decimals else str(whole)


def decimal_text(f: Fraction, decimals: int = 2) -> str:
    """A fraction as a decimal rounded half up: Fraction(1990573, 23) -> '86546.65'."""
    return percent_text(f / 100, decimals)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool] = ()) -> str:
    """Columns padded to their widest cell; `right[i]` aligns column i to the right."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: Sequence[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            align_right = i < len(right) and right[i]
            out.append(cell.rjust(widths[i]) if align_right else cell.ljust(widths[i]))
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def finding_line(finding: Finding, lang: str = CLI_LANGUAGE) -> str:
    """'K4 ballots in the boxes ≠ invalid + votes: 6 + 7 ≠ 8 + votes + against_all:
    812 ≠ 12 + 790 + 8' — the code, its name in words, the formula and the figures."""
    name = i18n.text(f"finding.{finding.code}.name", lang)
    return f"{finding.code} {name}: {finding.formula()}: {finding.figures()}"


def out(text: str = "") -> None:
    """Print a line, replacing what the terminal's encoding cannot show."""
    stream = sys.stdout
    encoding = stream.encoding or "utf-8"
    safe = text.encode(encoding, errors="replace").decode(encoding, errors="replace")
    print(safe, file=stream)


def print_json(document: Any) -> None:
    """One JSON document on stdout; non-ASCII is escaped when stdout cannot take UTF-8."""
    encoding = (sys.stdout.encoding or "").lower().replace("-", "")
    print(json.dumps(document, ensure_ascii=encoding != "utf8", indent=2))
