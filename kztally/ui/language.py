"""The app's language: one object handed to every screen, which retranslates on `changed`.

Texts come from kztally.i18n's one catalog (screen texts registered by kztally.ui.texts,
domain texts by kztally.domain_texts when present). The choice is remembered in the
settings file under "language".
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QObject, Signal

from kztally import config, i18n
from kztally.ui import qt_texts, texts

LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
"""Each language by its own name, as the choosers show it."""


def system_language(locale: QLocale | None = None) -> str:
    """The system's language when it is one of ours (kk, ru, en), else the default."""
    name = (locale if locale is not None else QLocale.system()).name()
    code = name.split("_")[0].lower()
    return code if code in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


class Language(QObject):
    changed = Signal(str)

    def __init__(self, code: str = i18n.DEFAULT_LANGUAGE, parent: QObject | None = None) -> None:
        super().__init__(parent)
        texts.register_texts()
        self._code = code if code in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
        qt_texts.install(self._code)  # Qt's own dialogs and buttons speak it too

    @property
    def code(self) -> str:
        return self._code

    def t(self, key: str, /, **fields: object) -> str:
        return i18n.text(key, self._code, **fields)

    def tn(self, key: str, n: int, /, **fields: object) -> str:
        """The text whose words agree with the number `n` (`i18n.text_n`)."""
        return i18n.text_n(key, self._code, n, **fields)

    def set(self, code: str, *, remember: bool = True) -> None:
        if code not in i18n.LANGUAGES:
            raise ValueError(f"unknown language {code!r}")
        if remember:
            config.save_setting("language", code)
        if code != self._code:
            self._code = code
            qt_texts.install(code)
            self.changed.emit(code)

    @classmethod
    def remembered(cls, parent: QObject | None = None, *, system: str | None = None) -> Language:
        """The language chosen last; on a first start the system's (`system_language`,
        or `system` when given)."""
        try:
            saved = config.load_settings().get("language")
        except config.ConfigError:
            saved = None
        if isinstance(saved, str) and saved in i18n.LANGUAGES:
            return cls(saved, parent)
        return cls(system if system is not None else system_language(), parent)
