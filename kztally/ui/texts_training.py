# ruff: noqa: E501 (a catalog of sentences: one text per line reads and diffs best)
"""The trainers' and trainees' screens' texts, in Kazakh, Russian and English (registered
with the screens' own texts by `kztally.ui.texts.register_texts`)."""

from __future__ import annotations

from kztally import i18n

# id: (kk, ru, en)
TEXTS: dict[str, tuple[str, str, str]] = {
    "ui.action.query": (
        "Комиссияға сұрау…",
        "Запрос в комиссию…",
        "Query the commission…",
    ),
    "ui.action.training_score": (
        "Оқу-жаттығу нәтижесі…",
        "Итоги учебного занятия…",
        "Training score…",
    ),
    "ui.action.practice": (
        "Пернетақта жаттығуы…",
        "Упражнение с клавиатурой…",
        "Keyboard practice…",
    ),
    # -- the query to the commission
    "ui.query.title": ("Комиссияға сұрау", "Запрос в комиссию", "Query the commission"),
    "ui.query.intro": (
        "{where}: учаскелік комиссиядан не сұралатынын жазыңыз. Сұрау жазылады және аудит журналына түседі; ешбір сан өзгермейді.",
        "{where}: напишите, что спросить у участковой комиссии. Запрос записывается в журнал аудита; ни одна цифра не меняется.",
        "{where}: write what to ask the precinct commission. The query is recorded in the audit log; no figure changes.",
    ),
    "ui.query.earlier": ("Бұрынғы сұраулар:", "Прежние запросы:", "Earlier queries:"),
    "ui.query.send": ("Жазу", "Записать", "Record"),
    "ui.query.cancel": ("Бас тарту", "Отмена", "Cancel"),
    "ui.query.empty": (
        "Сұраудың мәтіні бос: комиссиядан не сұралатынын жазыңыз.",
        "Текст запроса пуст: напишите, что спросить у комиссии.",
        "The query is empty: write what to ask the commission.",
    ),
    "ui.query.long": (
        "Сұрау тым ұзын: ең көбі {n} таңба.",
        "Запрос слишком длинный: не более {n} знаков.",
        "The query is too long: {n} characters at most.",
    ),
    "ui.query.none": (
        "Алдымен хаттаманы ашыңыз.",
        "Сначала откройте протокол.",
        "Open a protocol first.",
    ),
    "ui.query.recorded": (
        "{where}: комиссияға сұрау жазылды.",
        "{where}: запрос в комиссию записан.",
        "{where}: the query to the commission is recorded.",
    ),
    # -- the trainer's screen
    "ui.trainer.title": ("Оқу-жаттығу нәтижесі", "Итоги учебного занятия", "Training score"),
    "ui.trainer.trainees": ("Оқушылар", "Обучающиеся", "Trainees"),
    "ui.trainer.groups": ("Топтар мен бүкіл сынып", "Группы и весь класс", "Groups and the room"),
    "ui.trainer.chart": (
        "Жылдамдық пен дәлдік (тіркеушілер)",
        "Скорость и точность (регистраторы)",
        "Speed against accuracy (clerks)",
    ),
    "ui.trainer.x_axis": ("хаттама сағатына", "протоколов в час", "protocols per hour"),
    "ui.trainer.y_axis": ("дәлдігі, %", "точность, %", "accuracy, %"),
    "ui.trainer.refresh": ("Жаңарту", "Обновить", "Refresh"),
    "ui.trainer.export_pdf": ("PDF есеп…", "Отчёт PDF…", "PDF report…"),
    "ui.trainer.export_csv": ("CSV…", "CSV…", "CSV…"),
    "ui.trainer.room": ("Бүкіл сынып", "Весь класс", "The room"),
    "ui.trainer.group": ("Топ {n}", "Группа {n}", "Group {n}"),
    "ui.trainer.summary": (
        "{election}. Оқушылар: {trainees}; енгізілген хаттамалар: {protocols}; дәлдігі: {accuracy}; табылған әдейі қателер: {caught} / {planted}.",
        "{election}. Обучающихся: {trainees}; введено протоколов: {protocols}; точность: {accuracy}; найдено заложенных ошибок: {caught} из {planted}.",
        "{election}. Trainees: {trainees}; protocols entered: {protocols}; accuracy: {accuracy}; planted errors caught: {caught} of {planted}.",
    ),
    "ui.trainer.saved": ("Сақталды: {path}", "Сохранено: {path}", "Saved: {path}"),
    "ui.trainer.not_saved": (
        "{path}: сақталмады ({error})",
        "{path}: не сохранено ({error})",
        "{path}: not saved ({error})",
    ),
    "ui.trainer.col.trainee": ("Оқушы", "Обучающийся", "Trainee"),
    "ui.trainer.col.group": ("Топ", "Группа", "Group"),
    "ui.trainer.col.role": ("Рөлі", "Роль", "Role"),
    "ui.trainer.col.protocols": ("Хаттамалар", "Протоколы", "Protocols"),
    "ui.trainer.col.per_hour": ("Сағатына", "В час", "Per hour"),
    "ui.trainer.col.keys": (
        "Пернелер / хаттама (ең азы)",
        "Нажатий / протокол (минимум)",
        "Keys / protocol (fewest)",
    ),
    "ui.trainer.col.corrections": ("Түзетулер", "Исправления", "Corrections"),
    "ui.trainer.col.accuracy": ("Дәлдігі", "Точность", "Accuracy"),
    "ui.trainer.col.caught": ("Табылды", "Найдено", "Caught"),
    "ui.trainer.col.missed": ("Өткізіп алды", "Пропущено", "Missed"),
    "ui.trainer.col.alarms": ("Жалған дабыл", "Ложные тревоги", "False alarms"),
    # -- keyboard practice
    "ui.practice.title": ("Пернетақта жаттығуы", "Упражнение с клавиатурой", "Keyboard practice"),
    "ui.practice.start": ("Жаттығуды бастау", "Начать упражнение", "Start the practice"),
    "ui.practice.offer": (
        "Бұл сіздің алғашқы кіруіңіз. Пішіннің пернелерін (Enter, Ctrl+S, Ctrl+F, сандық пернетақта) үш хаттамада үйренесіз бе? Оны кейін «Анықтама» мәзірінен де ашуға болады.",
        "Это ваш первый вход. Освоить клавиши формы (Enter, Ctrl+S, Ctrl+F, цифровой блок) на трёх протоколах? Упражнение можно открыть и позже из меню «Справка».",
        "This is your first sign-in. Learn the form's keys (Enter, Ctrl+S, Ctrl+F, the keypad) on three protocols? You can also open it later from the Help menu.",
    ),
    "ui.practice.filter": (
        "Учаске нөмірі (Ctrl+F)",
        "Номер участка (Ctrl+F)",
        "Precinct number (Ctrl+F)",
    ),
    "ui.practice.find": (
        "<b>{step} / {steps}.</b> Ctrl+F басып, <b>{number}</b> учаскесінің нөмірін теріңіз, сосын Enter: хаттама ашылады.",
        "<b>{step} из {steps}.</b> Нажмите Ctrl+F, наберите номер участка <b>{number}</b> и Enter: протокол откроется.",
        "<b>{step} of {steps}.</b> Press Ctrl+F, type the precinct number <b>{number}</b>, then Enter: the protocol opens.",
    ),
    "ui.practice.wrong_number": (
        "Бұл нөмір емес: <b>{number}</b> деп теріп, Enter басыңыз.",
        "Не тот номер: наберите <b>{number}</b> и нажмите Enter.",
        "Not that number: type <b>{number}</b> and press Enter.",
    ),
    "ui.practice.type": (
        "<b>{step} / {steps}.</b> Әр жолды қағаздағыдай теріңіз (бар болса, сандық пернетақтамен), әр жолдан кейін Enter. Соңында Ctrl+S: сақтау.",
        "<b>{step} из {steps}.</b> Наберите каждую строку, как на бумаге (на цифровом блоке, если он есть), Enter после каждой. В конце Ctrl+S: сохранить.",
        "<b>{step} of {steps}.</b> Type each line as the paper says (on the keypad if there is one), Enter after each. Then Ctrl+S to save.",
    ),
    "ui.practice.paper": (
        "№ {number} қағаз хаттама",
        "Бумажный протокол № {number}",
        "Paper protocol No. {number}",
    ),
    "ui.practice.against_all": ("Барлығына қарсы", "Против всех", "Against all"),
    "ui.practice.done": (
        "<b>Нәтиже: {score} / 100.</b> Дұрыс жолдар: {right} / {fields}. Пернелер: {keys} (ең азы {minimum}). Ctrl+F: {finds} / {protocols}, Ctrl+S: {saves} / {protocols}. Сандық пернетақтадағы цифрлар: {keypad} / {digits}.",
        "<b>Итог: {score} из 100.</b> Верных строк: {right} из {fields}. Нажатий: {keys} (минимум {minimum}). Ctrl+F: {finds} из {protocols}, Ctrl+S: {saves} из {protocols}. Цифр на цифровом блоке: {keypad} из {digits}.",
        "<b>Score: {score} of 100.</b> Lines right: {right} of {fields}. Keys: {keys} (fewest {minimum}). Ctrl+F: {finds} of {protocols}, Ctrl+S: {saves} of {protocols}. Digits on the keypad: {keypad} of {digits}.",
    ),
    "ui.practice.close": ("Жабу", "Закрыть", "Close"),
}


def register_texts() -> None:
    i18n.register(
        {key: dict(zip(i18n.LANGUAGES, values, strict=True)) for key, values in TEXTS.items()}
    )
