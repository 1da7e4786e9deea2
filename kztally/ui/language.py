"""The app's language: one object handed to every screen, which retranslates on `changed`.

Texts come from kztally.i18n's one catalog (screen texts registered by kztally.ui.texts,
domain texts by kztally.domain_texts when present). The choice is remembered in the
settings file under "language".
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kztally import config, i18n
from kztally.ui import texts


class Language(QObject):
    changed = Signal(str)

    def __init__(self, code: str = i18n.DEFAULT_LANGUAGE, parent: QObject | None = None) -> None:
        super().__init__(parent)
        texts.register_texts()
        self._code = code if code in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE

    @property
    def code(self) -> str:
        return self._code

    def t(self, key: str, /, **fields: object) -> str:
        return i18n.text(key, self._code, **fields)

    def set(self, code: str, *, remember: bool = True) -> None:
        if code not in i18n.LANGUAGES:
            raise ValueError(f"unknown language {code!r}")
        if remember:
            config.save_setting("language", code)
        if code != self._code:
            self._code = code
            self.changed.emit(code)

    @classmethod
    def remembered(cls, parent: QObject | None = None) -> Language:
        try:
            saved = config.load_settings().get("language")
        except config.ConfigError:
            saved = None
        return cls(saved if isinstance(saved, str) else i18n.DEFAULT_LANGUAGE, parent)
