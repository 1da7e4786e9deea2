"""One catalog approach for every front end: message ids looked up in Python catalogs.

A catalog maps a message id to its text in Kazakh (`kk`), Russian (`ru`) and English
(`en`); texts may hold `str.format` fields. The CLI, the reports and the desktop app all
call `text()`; the app registers its own screen texts with `register()` at start. Missing
translations fall back to English, then to the id itself, so a gap never hides a message.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "kk"

_CATALOG: dict[str, dict[str, str]] = {}


def register(entries: Mapping[str, Mapping[str, str]]) -> None:
    """Add message ids with their texts by language; a later registration wins."""
    for key, texts in entries.items():
        _CATALOG.setdefault(key, {}).update(texts)


def text(key: str, lang: str, /, **fields: object) -> str:
    texts = _CATALOG.get(key)
    if texts is None:
        return key
    template = texts.get(lang) or texts.get("en") or key
    return template.format(**fields) if fields else template


def known(key: str) -> bool:
    return key in _CATALOG


def plural_category(lang: str, n: int) -> str:
    """The plural form a number takes (CLDR's categories): Russian one/few/many
    (1, 21 протокол; 2-4, 22 протокола; 5-20, 25 протоколов); English and Kazakh one/other
    (Kazakh keeps the noun singular after a number, 3 хаттама, but a sentence about one
    thing may still differ from one about several)."""
    n = abs(n)
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    return "one" if n == 1 else "other"


def text_n(key: str, lang: str, n: int, /, **fields: object) -> str:
    """`text()` of the form that agrees with `n` (the id with ".one", ".few", ".many" or
    ".other" added, falling back to the id itself); `n` is one of the fields."""
    form = f"{key}.{plural_category(lang, n)}"
    chosen = form if form in _CATALOG and lang in _CATALOG[form] else key
    if chosen == key and f"{key}.other" in _CATALOG and lang in _CATALOG[f"{key}.other"]:
        chosen = f"{key}.other"
    return text(chosen, lang, n=n, **fields)
