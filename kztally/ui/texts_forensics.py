# ruff: noqa: E501 (a catalog of sentences: one text per line reads and diffs best)
"""The forensics panel's texts, in Kazakh, Russian and English (registered with the screens'
own texts by `kztally.ui.texts.register_texts`; each test's title and note come from
kztally.forensics.notes)."""

from __future__ import annotations

from kztally import i18n

# id: (kk, ru, en)
TEXTS: dict[str, tuple[str, str, str]] = {
    "ui.action.forensics": (
        "Сайлаудың статистикалық сараптамасы…",
        "Статистическая экспертиза выборов…",
        "Election forensics…",
    ),
    "ui.forensics.title": (
        "Сайлаудың статистикалық сараптамасы",
        "Статистическая экспертиза выборов",
        "Election forensics",
    ),
    "ui.forensics.region": ("Облыс", "Область", "Region"),
    "ui.forensics.district": ("Аудан", "Район", "District"),
    "ui.forensics.whole_country": ("Бүкіл ел", "Вся страна", "The whole country"),
    "ui.forensics.whole_region": ("Бүкіл облыс", "Вся область", "The whole region"),
    "ui.forensics.refresh": ("Жаңарту", "Обновить", "Refresh"),
    "ui.forensics.running": (
        "{area}: қабылданған хаттамалар тексерілуде…",
        "{area}: проверяются принятые протоколы…",
        "{area}: testing the accepted protocols…",
    ),
    "ui.forensics.summary": (
        "{area}: {contest}, қабылданған {precincts} хаттама; {areas} аумақ тексерілді; белгіленгені: {flagged}. Тек қабылданған хаттамалар қаралады.",
        "{area}: {contest}, принятых протоколов {precincts}; проверено территорий {areas}; отмечено: {flagged}. Учитываются только принятые протоколы.",
        "{area}: {contest}, {precincts} accepted protocols; {areas} areas tested; flagged: {flagged}. Only accepted protocols are looked at.",
    ),
    "ui.forensics.no_contest": (
        "{area}: бұл аумақта партиялық тізім бойынша сайлау жоқ.",
        "{area}: на этой территории нет выборов по партийным спискам.",
        "{area}: no party-list contest is held in this area.",
    ),
    "ui.forensics.tab.scatter": ("Қатысу мен үлес", "Явка и доля", "Turnout and share"),
    "ui.forensics.tab.spikes": ("0,1% аралықтар", "Интервалы 0,1%", "0.1% bins"),
    "ui.forensics.tab.flagged": ("Белгіленгендер", "Отмеченное", "Flagged"),
    "ui.forensics.turnout": ("Қатысу, %", "Явка, %", "Turnout, %"),
    "ui.forensics.share": (
        "{name}: дауыс үлесі, %",
        "{name}: доля голосов, %",
        "{name}: share of the votes, %",
    ),
    "ui.forensics.precincts": ("Учаскелер", "Участки", "Precincts"),
    "ui.forensics.flagged_points": (
        "Белгіленген аумақтардың учаскелері",
        "Участки отмеченных территорий",
        "Precincts of flagged areas",
    ),
    "ui.forensics.other_points": ("Басқа учаскелер", "Остальные участки", "Other precincts"),
    "ui.forensics.scatter_title": (
        "Әр нүкте — бір учаске",
        "Каждая точка — участок",
        "One point per precinct",
    ),
    "ui.forensics.distributions": (
        "Екі үлестірім (1% аралықтар)",
        "Два распределения (интервалы 1%)",
        "The two distributions (1% bins)",
    ),
    "ui.forensics.turnout_legend": ("Қатысу", "Явка", "Turnout"),
    "ui.forensics.share_legend": ("Көшбасшы үлесі", "Доля лидера", "Leader's share"),
    "ui.forensics.percent": ("Пайыз", "Процент", "Percent"),
    "ui.forensics.spikes_title": (
        "{what}, 0,1% аралықтар (бүтін пайыздағы шыңдар)",
        "{what}, интервалы 0,1% (пики на целых процентах)",
        "{what}, 0.1% bins (spikes at whole percentages)",
    ),
    "ui.forensics.col.area": ("Аумақ", "Территория", "Area"),
    "ui.forensics.col.test": ("Тест", "Тест", "Test"),
    "ui.forensics.col.statistic": ("Статистика", "Статистика", "Statistic"),
    "ui.forensics.col.p": ("p", "p", "p"),
    "ui.forensics.col.p_adjusted": ("Түзетілген p", "p с поправкой", "Adjusted p"),
    "ui.forensics.col.precincts": ("Учаскелер", "Участки", "Precincts"),
    "ui.forensics.none_flagged": (
        "Ешбір тест белгі бермеді (әр тест үшін 0,001, тексерілген аумақтар санына түзетілген).",
        "Ни один тест не сработал (0,001 на тест с поправкой на число проверенных территорий).",
        "No test is flagged (0.001 per test, corrected for the number of areas tested).",
    ),
    "ui.forensics.pick": (
        "Тесттің не көрсете алатынын және не көрсете алмайтынын оқу үшін жолды таңдаңыз.",
        "Выберите строку, чтобы прочитать, что тест может и чего не может показать.",
        "Select a row to read what its test can and cannot show.",
    ),
    "ui.forensics.export_png": ("PNG ретінде…", "Как PNG…", "Export PNG…"),
    "ui.forensics.export_pdf": ("PDF ретінде…", "Как PDF…", "Export PDF…"),
    "ui.forensics.exported": ("Сақталды: {path}", "Сохранено: {path}", "Saved: {path}"),
    "ui.forensics.export_failed": (
        "{path}: сақталмады ({error})",
        "{path}: не сохранено ({error})",
        "{path}: not saved ({error})",
    ),
}


def register_texts() -> None:
    i18n.register(
        {key: dict(zip(i18n.LANGUAGES, values, strict=True)) for key, values in TEXTS.items()}
    )
