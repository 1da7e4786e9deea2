# ruff: noqa: E501 (a catalog of sentences: one text per line reads and diffs best)
"""The formal parts form's texts, in Kazakh, Russian and English (registered with the
screens' own texts by `kztally.ui.texts.register_texts`)."""

from __future__ import annotations

from kztally import i18n

# id: (kk, ru, en)
TEXTS: dict[str, tuple[str, str, str]] = {
    "ui.page.formal": ("Ресми бөлігі…", "Формальная часть…", "Formal parts…"),
    "ui.tip.formal": (
        "Қатысқан мүшелер, санаудың басталуы мен аяқталуы, үй-жайдан тыс дауыс беруге өтініштер",
        "Присутствовавшие члены комиссии, начало и конец подсчёта, заявления о голосовании вне помещения",
        "Members present, when the count began and ended, requests to vote outside the room",
    ),
    "ui.formal.title": (
        "Хаттаманың ресми бөлігі: {protocol}",
        "Формальная часть протокола: {protocol}",
        "The protocol's formal parts: {protocol}",
    ),
    "ui.formal.intro": (
        "Қағаз хаттамада жазылғандай толтырыңыз. Бос өріс — жазылмаған.",
        "Заполните так, как записано в бумажном протоколе. Пустое поле — не внесено.",
        "Fill in as the paper protocol says. An empty field is not recorded.",
    ),
    "ui.formal.present": (
        "Қатысқан комиссия мүшелері",
        "Присутствовало членов комиссии",
        "Commission members present",
    ),
    "ui.formal.total": (
        "Комиссия мүшелерінің саны",
        "Всего членов комиссии",
        "Commission members in all",
    ),
    "ui.formal.began": ("Санау басталды", "Подсчёт начат", "Count began"),
    "ui.formal.ended": ("Санау аяқталды", "Подсчёт окончен", "Count ended"),
    "ui.formal.zone": ("Уақыт белдеуі", "Часовой пояс", "Time zone"),
    "ui.formal.requests": (
        "Үй-жайдан тыс дауыс беруге жазбаша өтініштер",
        "Письменных заявлений о голосовании вне помещения",
        "Written requests to vote outside the room",
    ),
    "ui.formal.time_hint": ("ЖЖЖЖ-АА-КК СС:ММ", "ГГГГ-ММ-ДД ЧЧ:ММ", "YYYY-MM-DD HH:MM"),
    "ui.formal.save": ("Сақтау", "Сохранить", "Save"),
    "ui.formal.saved": (
        "Сақталды: {by}, {at}",
        "Сохранено: {by}, {at}",
        "Recorded by {by} at {at}",
    ),
    "ui.formal.none_yet": (
        "Әлі ештеңе жазылмаған.",
        "Пока ничего не внесено.",
        "Nothing recorded yet.",
    ),
    "ui.formal.read_only": (
        "Сіздің рөліңіз ресми бөлігін тек оқи алады.",
        "Ваша роль может только читать формальную часть.",
        "Your role may only read the formal parts.",
    ),
    "ui.formal.bad_number": (
        "{field}: 0-ден {top}-ға дейінгі бүтін сан жазыңыз",
        "{field}: введите целое число от 0 до {top}",
        "{field}: type a whole number from 0 to {top}",
    ),
    "ui.formal.bad_time": (
        "{field}: уақытты 2023-03-19 20:00 түрінде жазыңыз",
        "{field}: введите время в виде 2023-03-19 20:00",
        "{field}: type the time as 2023-03-19 20:00",
    ),
    "ui.formal.more_present": (
        "Қатысқан мүшелер ({present}) комиссия мүшелерінен ({total}) көп",
        "Присутствовавших ({present}) больше, чем членов комиссии ({total})",
        "More members present ({present}) than the commission has ({total})",
    ),
    "ui.formal.ended_before": (
        "Санау басталмай тұрып аяқталған",
        "Подсчёт окончен раньше, чем начат",
        "The count ended before it began",
    ),
    "ui.formal.long_count": (
        "Санау заңдағы 12 сағаттан ұзаққа созылды",
        "Подсчёт длился дольше 12 часов, установленных законом",
        "The count lasted longer than the law's 12 hours",
    ),
}


def register_texts() -> None:
    i18n.register(
        {key: dict(zip(i18n.LANGUAGES, values, strict=True)) for key, values in TEXTS.items()}
    )
