# ruff: noqa: E501 (a catalog of sentences: one text per line reads and diffs best)
"""The margins panel's texts, in Kazakh, Russian and English (registered with the screens'
own texts by `kztally.ui.texts.register_texts`)."""

from __future__ import annotations

from kztally import i18n

# id: (kk, ru, en)
TEXTS: dict[str, tuple[str, str, str]] = {
    "ui.margins.title": (
        "Нәтижені не өзгертер еді?",
        "Что изменило бы результат?",
        "Would it change anything?",
    ),
    "ui.margins.against_all": ("бәріне қарсы", "против всех", "against all"),
    "ui.margins.closest_seat": (
        "Ең жақын орын: {source} тізімінен {target} тізіміне {n} бюллетень ауысса ({changes})",
        "Ближайшее место: {n} бюллетеней, перенесённых от {source} к {target} ({changes})",
        "Closest seat: {target} needs {n} moved from {source} ({changes})",
    ),
    "ui.margins.stuffing": (
        "Бір таңдауға ғана қосылса: {target} үшін {n} бюллетень",
        "Добавленных за один выбор: {n} за {target}",
        "Added for one choice alone: {n} for {target}",
    ),
    "ui.margins.closest_district": (
        "Ең жақын округ: № {number}, {source} → {target}: {n} бюллетень ({after})",
        "Ближайший округ: № {number}, {n} бюллетеней от {source} к {target} ({after})",
        "Closest district: No. {number}, {n} moved from {source} to {target} ({after})",
    ),
    "ui.margins.winner": ("жеңімпаз {name}", "победитель {name}", "winner {name}"),
    "ui.margins.no_one": ("ешкім сайланбайды", "никто не избран", "no one elected"),
    "ui.margins.repeat": ("қайта сайлау", "повторные выборы", "repeat election"),
    "ui.margins.safe": (
        "Кез келген {safe} бюллетеньге дейінгі өзгеріс орындарды өзгертпейді.",
        "Любое изменение до {safe} бюллетеней мест не меняет.",
        "No change of up to {safe} ballots can change the seats.",
    ),
    "ui.margins.uncounted.cannot": (
        "Есептелмеген хаттамалар ({n}, сайлаушылар {electorate}) нәтижені өзгерте алмайды.",
        "Неучтённые протоколы ({n}, избирателей {electorate}) не могут изменить результат.",
        "Uncounted protocols ({n}, electorate {electorate}) cannot change it.",
    ),
    "ui.margins.uncounted.may": (
        "Есептелмеген хаттамалар ({n}, сайлаушылар {electorate}) нәтижені өзгертуі мүмкін.",
        "Неучтённые протоколы ({n}, избирателей {electorate}) могут изменить результат.",
        "Uncounted protocols ({n}, electorate {electorate}) may change it.",
    ),
    "ui.margins.uncounted.can": (
        "Есептелмеген хаттамалар ({n}, сайлаушылар {electorate}) нәтижені өзгерте алады.",
        "Неучтённых протоколов ({n}, избирателей {electorate}) достаточно, чтобы изменить результат.",
        "Uncounted protocols ({n}, electorate {electorate}) are enough to change it.",
    ),
    "ui.margins.none": (
        "Бұл аумақта орын немесе жеңімпаз анықталмайды.",
        "На этой территории места и победители не определяются.",
        "No seat or winner is decided within this area.",
    ),
}


def register_texts() -> None:
    i18n.register(
        {key: dict(zip(i18n.LANGUAGES, values, strict=True)) for key, values in TEXTS.items()}
    )
