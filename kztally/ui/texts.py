"""Every text the desktop app shows, in Kazakh, Russian and English.

Registered into kztally.i18n's one catalog under `ui.` ids (the domain's own words, such
as the names of the checks, come from kztally.domain_texts when it is installed).
"""

from __future__ import annotations

from kztally import domain_texts, i18n

# id: (kk, ru, en)
TEXTS: dict[str, tuple[str, str, str]] = {
    "ui.term.electorate": ("тіркелген сайлаушылар", "зарегистрировано", "registered voters"),
    # -- the form -----------------------------------------------------------------------
    "ui.form.save": ("Сақтау (Ctrl+S)", "Сохранить (Ctrl+S)", "Save (Ctrl+S)"),
    "ui.form.act_mobile_box": (
        "Акт жасалды: жылжымалы жәшікте өтініштерден көп бюллетень болды",
        "Составлен акт: в переносном ящике бюллетеней больше, чем заявлений",
        "Act drawn up: the mobile box held more ballots than requests",
    ),
    "ui.form.votes_lists": (
        "Партиялық тізімдер үшін берілген дауыстар",
        "Голоса за партийные списки",
        "Votes for the party lists",
    ),
    "ui.form.votes_candidates": (
        "Кандидаттар үшін берілген дауыстар",
        "Голоса за кандидатов",
        "Votes for the candidates",
    ),
    "ui.form.empty_fields": (
        "бос жолдар: {lines} (бос жол нөл емес)",
        "пустые строки: {lines} (пусто — не ноль)",
        "empty lines: {lines} (empty is not zero)",
    ),
    "ui.form.summary": (
        "Қателер: {errors}, ескертулер: {warnings}",
        "Ошибок: {errors}, предупреждений: {warnings}",
        "Errors: {errors}, warnings: {warnings}",
    ),
    "ui.form.all_checks_pass": (
        "Барлық бақылау арақатынастары орындалды",
        "Все контрольные соотношения выполнены",
        "Every control ratio holds",
    ),
    # -- states of a protocol -------------------------------------------------------------
    "ui.state.breach": ("Бұзушылықпен қабылданды", "Принят с нарушением", "Accepted with a breach"),
    "ui.state.short.entries_differ": ("айырма", "расхожд.", "differ"),
    "ui.state.short.pending": ("ескерту", "предупр.", "warnings"),
    # -- ballot types ---------------------------------------------------------------------
    "ui.ballot.all": ("Барлық бюллетеньдер", "Все бюллетени", "All ballot types"),
    "ui.ballot.mz_list": (
        "Мәжіліс, партиялық тізім",
        "Мажилис, партийный список",
        "Mazhilis, party list",
    ),
    "ui.ballot.mz_smd": ("Мәжіліс, округ", "Мажилис, округ", "Mazhilis, district"),
    "ui.ballot.ml_region_list": (
        "Облыс мәслихаты, тізім",
        "Областной маслихат, список",
        "Regional maslikhat, list",
    ),
    "ui.ballot.ml_region_smd": (
        "Облыс мәслихаты, округ",
        "Областной маслихат, округ",
        "Regional maslikhat, district",
    ),
    "ui.ballot.ml_district_smd": (
        "Аудан мәслихаты, округ",
        "Районный маслихат, округ",
        "District maslikhat, district",
    ),
    # -- navigator ------------------------------------------------------------------------
    "ui.nav.column.area": ("Аумақ / бюллетень", "Территория / бюллетень", "Area / ballot"),
    "ui.nav.column.state": ("Күйі", "Состояние", "State"),
    "ui.nav.filter": (
        "Учаске нөмірі немесе атауы (Ctrl+F)",
        "Номер или название участка (Ctrl+F)",
        "Precinct number or name (Ctrl+F)",
    ),
    "ui.nav.matches": (
        "Табылған учаскелер: {count}",
        "Найдено участков: {count}",
        "Precincts found: {count}",
    ),
}


def register_texts() -> None:
    """Put the screen texts (and the domain's, when installed) into the catalog."""
    i18n.register(
        {key: dict(zip(i18n.LANGUAGES, values, strict=True)) for key, values in TEXTS.items()}
    )
    domain_texts.register_texts()
