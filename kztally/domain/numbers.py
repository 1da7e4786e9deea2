"""Formatting exact figures for people: the one place where rounding happens."""

from __future__ import annotations

from fractions import Fraction


def percent(value: Fraction, places: int = 2) -> str:
    """A fraction as a percentage with `places` decimals, rounded half up: 0.539 -> '53.90'.

    Exact: the rounding is done on the fraction, never on a float.
    """
    if value < 0:
        return "-" + percent(-value, places)
    scaled = value * 100 * 10**places
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    if places == 0:
        return str(whole)
    digits = str(whole).rjust(places + 1, "0")
    return f"{digits[:-places]}.{digits[-places:]}"


def fraction_text(value: Fraction) -> str:
    """A fraction in lowest terms as 'numerator/denominator'."""
    return f"{value.numerator}/{value.denominator}"
