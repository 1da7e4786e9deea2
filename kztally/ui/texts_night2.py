# ruff: noqa: E501 (a catalog of sentences: one text per line reads and diffs best)
"""The texts of a clerk's correction of their own first entry (before the second entry
is made), and of the navigator's mark for a first entry that breaks a control ratio, in
Kazakh, Russian and English.

Registered with the screens' own texts (`kztally.ui.texts.register_texts`).
"""

from __future__ import annotations

from kztally import i18n

# id: (kk, ru, en)
TEXTS: dict[str, tuple[str, str, str]] = {
    "ui.page.mode.revise": (
        "бірінші енгізуіңізді түзету",
        "исправление вашего первого ввода",
        "correcting your first entry",
    ),
    "ui.page.revise.banner": (
        "Сіз өз бірінші енгізуіңізді түзетіп жатырсыз. Екінші енгізуді басқа тіркеуші бұл сандарды көрмей жасайды. Ctrl+S түзетуді сақтайды; бұрынғы сандар тарихта қалады.",
        "Вы исправляете свой первый ввод. Второй ввод сделает другой регистратор, не видя этих цифр. Ctrl+S сохраняет исправление; прежние цифры остаются в истории.",
        "You are correcting your own first entry. Another clerk makes the second entry without seeing these figures. Ctrl+S saves the correction; the old figures stay in the history.",
    ),
    "ui.page.revise.hint": (
        "Оны қағазбен салыстырып түзету үшін хаттаманы қайта ашыңыз.",
        "Чтобы сверить его с бумажным протоколом и исправить, откройте протокол снова.",
        "To check it against the paper and correct it, open the protocol again.",
    ),
    "ui.page.after.revised": (
        "Бірінші енгізу түзетілді: екінші тіркеуші оны көрмей енгізеді",
        "Первый ввод исправлен: второй регистратор вводит его вслепую",
        "First entry corrected: a second clerk enters it blind",
    ),
    "ui.page.revise.unchanged": (
        "Сандар бірінші енгізуіңіздегідей: сақтайтын түзету жоқ.",
        "Цифры те же, что в вашем первом вводе: исправлять нечего.",
        "The figures are those of your first entry: there is no correction to save.",
    ),
    "ui.error.own_first": (
        "Бірінші енгізуді оны жасаған тіркеуші ғана түзете алады.",
        "Первый ввод может исправить только тот регистратор, который его сделал.",
        "Only the clerk who made the first entry may correct it.",
    ),
    "ui.error.unchanged": (
        "Сандар бірінші енгізудегідей: түзететін ештеңе жоқ.",
        "Цифры те же, что в первом вводе: исправлять нечего.",
        "The figures are those of the first entry: there is nothing to correct.",
    ),
    "ui.nav.first_broken": (
        "Бірінші енгізу: қате",
        "Первый ввод: ошибка",
        "First entry: ratio broken",
    ),
    "ui.nav.first_broken.tip": (
        "Бірінші енгізу бақылау арақатынасын бұзады ({codes}). Оны жасаған тіркеуші екінші енгізуге дейін хаттаманы қағазбен салыстырып, түзете алады.",
        "Первый ввод нарушает контрольное соотношение ({codes}). Сделавший его регистратор может до второго ввода сверить его с бумажным протоколом и исправить.",
        "The first entry breaks a control ratio ({codes}). The clerk who made it may check it against the paper and correct it before the second entry.",
    ),
}


def register_texts() -> None:
    i18n.register(
        {key: dict(zip(i18n.LANGUAGES, values, strict=True)) for key, values in TEXTS.items()}
    )
