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
