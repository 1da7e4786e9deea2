# ruff: noqa: E501 (a catalog of sentences: one text per line reads and diffs best)
"""The texts of help and of the words that follow the language: the shortcuts of each
screen (F1), the user's guide, tooltips of the protocol form and its buttons, and the
forms that agree with a number.

Registered with the screens' own texts (`kztally.ui.texts.register_texts`).
"""

from __future__ import annotations

from kztally import i18n

# id: (kk, ru, en)
TEXTS: dict[str, tuple[str, str, str]] = {
    "ui.action.shortcuts": ("Пернелер тізімі", "Сочетания клавиш", "Keyboard shortcuts"),
    "ui.action.guide": ("Пайдаланушы нұсқаулығы", "Руководство пользователя", "User's guide"),
    "ui.help.shortcuts_title": (
        "Пернелер: {screen}",
        "Сочетания клавиш: {screen}",
        "Shortcuts: {screen}",
    ),
    "ui.help.screen.protocol": ("хаттама", "протокол", "the protocol"),
    "ui.help.screen.navigator": ("навигатор", "навигатор", "the navigator"),
    "ui.help.screen.results": ("нәтижелер", "результаты", "the results"),
    "ui.help.screen.missing": (
        "түспеген хаттамалар",
        "непоступившие протоколы",
        "missing protocols",
    ),
    "ui.help.this_screen": ("Осы экранда", "На этом экране", "On this screen"),
    "ui.help.everywhere": ("Барлық жерде (мәзір)", "Везде (меню)", "Everywhere (menus)"),
    "ui.help.col.keys": ("Пернелер", "Клавиши", "Keys"),
    "ui.help.col.does": ("Не істейді", "Что делает", "What it does"),
    "ui.help.guide_title": ("Пайдаланушы нұсқаулығы", "Руководство пользователя", "User's guide"),
    "ui.help.guide_missing": (
        "Нұсқаулық файлы табылмады: {path}. Бағдарламаны қайта орнатыңыз немесе әкімшіге хабарласыңыз.",
        "Файл руководства не найден: {path}. Переустановите программу или обратитесь к администратору.",
        "The guide's file was not found: {path}. Install the program again or call the administrator.",
    ),
    # what the keys do, by screen
    "ui.keys.next_line": ("келесі жолға өту", "следующая строка", "next line"),
    "ui.keys.previous_line": ("алдыңғы жолға оралу", "предыдущая строка", "previous line"),
    "ui.keys.save": ("хаттаманы сақтау", "сохранить протокол", "save the protocol"),
    "ui.keys.confirm_reason": (
        "себеп терезесінде: растау",
        "в окне причины: подтвердить",
        "in a reason dialog: confirm",
    ),
    "ui.keys.cancel": (
        "терезені жабу, өзгеріссіз",
        "закрыть окно без изменений",
        "close a dialog, changing nothing",
    ),
    "ui.keys.find": (
        "учаскені нөмірі немесе атауы бойынша іздеу",
        "найти участок по номеру или названию",
        "find a precinct by number or name",
    ),
    "ui.keys.open_row": (
        "белгіленген жолды ашу",
        "открыть выделенную строку",
        "open the highlighted row",
    ),
    "ui.keys.move_rows": ("жолдар бойынша жылжу", "перемещение по строкам", "move between rows"),
    "ui.keys.fold": ("жабу / ашу", "свернуть / развернуть", "fold / unfold"),
    "ui.keys.to_tree": (
        "іздеуден ағашқа өту",
        "из поиска — в дерево",
        "from the search to the tree",
    ),
    "ui.keys.drill": ("аумаққа кіру", "войти в территорию", "go into the area"),
    "ui.keys.shortcuts": ("осы тізім", "этот список", "this list"),
    # tooltips and accessible names
    "ui.tip.field": (
        "{line}-жол: {name}. Тек сандар; бос жол нөл емес. Enter — келесі жол.",
        "Строка {line}: {name}. Только цифры; пусто — не ноль. Enter — следующая строка.",
        "Line {line}: {name}. Digits only; empty is not zero. Enter: next line.",
    ),
    "ui.tip.save": (
        "Хаттаманы сақтау және келесісіне өту (Ctrl+S, F12)",
        "Сохранить протокол и перейти к следующему (Ctrl+S, F12)",
        "Save the protocol and go to the next one (Ctrl+S, F12)",
    ),
    "ui.tip.act_box": (
        "Тасымалданатын жәшікте жазбаша өтініштерден көп бюллетень табылғанда жасалған акт туралы белгі (K5)",
        "Отметка о составленном акте, когда в переносной урне больше бюллетеней, чем письменных заявлений (K5)",
        "Marks the act drawn up when the mobile box held more ballots than requests (K5)",
    ),
    "ui.tip.findings": (
        "Бұзылған бақылау арақатынастары мен ескертулер",
        "Нарушенные контрольные соотношения и предупреждения",
        "Broken control ratios and warnings",
    ),
    "ui.tip.accept": (
        "Хаттаманы бұзушылықпен немесе ескертулермен қабылдау (себебі жазылады)",
        "Принять протокол с нарушением или предупреждениями (с указанием причины)",
        "Accept the protocol with its breach or warnings (a reason is asked)",
    ),
    "ui.tip.correct": (
        "Сандарды түзету (себебі жазылады)",
        "Исправить цифры (с указанием причины)",
        "Correct the figures (a reason is asked)",
    ),
    "ui.tip.send_back": (
        "Хаттаманы қайта енгізуге жіберу (себебі жазылады)",
        "Вернуть протокол на повторный ввод (с указанием причины)",
        "Send the protocol back to be entered again (a reason is asked)",
    ),
    "ui.tip.history": (
        "Хаттаманың барлық нұсқалары: кім, қашан, не себепті",
        "Все редакции протокола: кто, когда, почему",
        "Every revision of the protocol: who, when, why",
    ),
    "ui.tip.filter": (
        "Учаске нөмірі, атауы немесе жер атауы мен нөмірі (мысалы, «Семей 421»); Enter — ашу немесе таңдау",
        "Номер, название участка или место и номер (например, «Семей 421»); Enter — открыть или выбрать",
        'A precinct\'s number, name, or place and number (e.g. "Semey 421"); Enter opens or lets you choose',
    ),
    "ui.tip.ballot": (
        "Ағашта көрсетілетін бюллетень түрі",
        "Вид бюллетеня, показываемый в дереве",
        "The ballot type the tree shows",
    ),
    "ui.tip.tree": (
        "Аумақтар мен хаттамалар; Enter немесе екі рет басу — ашу",
        "Территории и протоколы; Enter или двойной щелчок — открыть",
        "Areas and protocols; Enter or a double-click opens",
    ),
    "ui.tip.up": ("Жоғары деңгейдегі аумаққа", "К территории уровнем выше", "To the area above"),
}

PLURALS: dict[str, dict[str, str]] = {
    # a label, not a count: one person is a самовыдвиженец, several are самовыдвиженцы
    "ui.results.self_nominated.one": {
        "kk": "өзін-өзі ұсынған",
        "ru": "самовыдвиженец",
        "en": "self-nominated",
    },
    "ui.results.self_nominated.few": {"ru": "самовыдвиженцы"},
    "ui.results.self_nominated.many": {"ru": "самовыдвиженцы"},
    "ui.results.self_nominated.other": {
        "kk": "өзін-өзі ұсынғандар",
        "en": "self-nominated",
    },
}


def register_texts() -> None:
    i18n.register(
        {key: dict(zip(i18n.LANGUAGES, values, strict=True)) for key, values in TEXTS.items()}
    )
    i18n.register(PLURALS)
