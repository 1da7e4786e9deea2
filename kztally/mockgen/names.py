"""Generated Kazakh personal names for mock candidates (never real people's records).

Names are 'Surname Given-name Patronymic' in Kazakh Cyrillic, drawn from common Kazakh
given names and surnames; the patronymic is the father's given name with -ұлы / -қызы.
Every name a `NameGenerator` gives is unique within that generator.
"""

from __future__ import annotations

import random

MALE_NAMES = (
    "Әлібек", "Ғалым", "Қайрат", "Нұрлан", "Асқар", "Бауыржан", "Дәурен", "Ерлан",
    "Мұрат", "Серік", "Нұрсұлтан", "Жаңабек", "Өмірзақ", "Ұлан", "Үсен", "Ғабит",
    "Құдайберген", "Мұхтар", "Ерболат", "Талғат", "Болат", "Дархан", "Әділет", "Айбек",
    "Ержан", "Жәнібек", "Қанат", "Марат", "Нұржан", "Рүстем", "Сағынтай", "Тұрсын",
    "Шыңғыс", "Ілияс", "Абылай", "Жаһангер", "Шаһмұрат", "Бақытжан", "Ақжол", "Өркен",
    "Төлеген", "Есет", "Дәулет", "Қуаныш", "Мейрам", "Самат", "Тимур", "Әсет",
)  # fmt: skip

FEMALE_NAMES = (
    "Әлия", "Гүлнұр", "Айгүл", "Ақмарал", "Сәуле", "Үміт", "Жаңыл", "Гүлмира",
    "Динара", "Мәдина", "Нұрсұлу", "Әйгерім", "Ақбота", "Жұлдыз", "Қарлығаш", "Салтанат",
    "Гүлжан", "Ләззат", "Меруерт", "Раушан", "Сәбира", "Толқын", "Ұлжан", "Шаһизада",
    "Айнұр", "Баян", "Дана", "Інжу", "Ғалия", "Аружан", "Бибігүл", "Жанар",
    "Қымбат", "Маржан", "Өмірбану", "Перизат", "Сымбат", "Томирис",
)  # fmt: skip

SURNAMES = (
    "Әбдірахманов", "Қасымов", "Нұрғалиев", "Төлеуов", "Сейітов", "Жақыпов", "Өтебаев",
    "Құдайбергенов", "Ахметов", "Байжанов", "Ғабдуллин", "Ермеков", "Жұмабаев",
    "Қожахметов", "Мұқанов", "Омаров", "Сәрсенов", "Тоқтаров", "Үмбетәлиев", "Шәкенов",
    "Ыбыраев", "Ісмағұлов", "Дүйсенов", "Есенов", "Көшербаев", "Қалиасқаров",
    "Рахымжанов", "Тәжібаев", "Бекмұхамбетов", "Сұлтанбеков", "Оспанов", "Әуезов",
    "Байтұрсынов", "Жансүгіров", "Нұрпейісов", "Смағұлов", "Тұрлыбеков", "Үкібаев",
    "Шалабаев", "Ділдәбеков", "Серікбаев", "Ержанов", "Қанатов", "Мұратов", "Әлиев",
    "Бөкейханов", "Досмағамбетов", "Ғалымжанов",
)  # fmt: skip


class NameGenerator:
    """Draws unique names from a `random.Random` the caller owns (so the caller's seed
    decides every name)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def name(self, woman: bool) -> str:
        rng = self._rng
        for _ in range(1000):
            surname = rng.choice(SURNAMES)
            given = rng.choice(FEMALE_NAMES if woman else MALE_NAMES)
            father = rng.choice(MALE_NAMES)
            if woman:
                surname += "а"
                patronymic = father + "қызы"
            else:
                patronymic = father + "ұлы"
            full = f"{surname} {given} {patronymic}"
            if full not in self._used:
                self._used.add(full)
                return full
        raise RuntimeError("ran out of distinct names")  # pragma: no cover
