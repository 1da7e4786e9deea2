"""Each test's note names the correction its findings get, in the three languages."""

from __future__ import annotations

import pytest

from kztally.forensics import notes
from kztally.forensics.analysis import TESTS


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_note_says_its_correction(lang: str) -> None:
    for test in TESTS:
        text = notes.note(test, lang)
        assert notes.NOTES[test][lang] in text
        assert "0.001" in text
        bh = {"kk": "Бенджамини", "ru": "Бенджамини", "en": "Benjamini-Hochberg"}[lang]
        bonferroni = {"kk": "Бонферрони", "ru": "Бонферрони", "en": "Bonferroni"}[lang]
        if test == "twins":  # corrected over the pairs compared, not over the areas
            assert bh not in text
            assert bonferroni in text.removeprefix(notes.NOTES[test][lang])
        else:
            assert bh in text
