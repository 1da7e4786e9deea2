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
    # -- a new training session, made from the app
    "ui.action.training_new": (
        "Жаңа оқу-жаттығу сабағы…",
        "Новое учебное занятие…",
        "New training session…",
    ),
    "ui.training_new.title": (
        "Жаңа оқу-жаттығу сабағы",
        "Новое учебное занятие",
        "New training session",
    ),
    "ui.training_new.intro": (
        "Шағын жалған сайлаудан әдейі қателері бар қағаз хаттамалар, жауаптар кілті және оқушылардың тіркелгілері жасалады.",
        "Из малых учебных выборов печатаются бумажные протоколы с заложенными ошибками, ключ ответов и учётные записи обучающихся.",
        "Paper protocols with planted errors, the answer key and the trainees' accounts are made from the small mock election.",
    ),
    "ui.training_new.seed": ("Генератор дәні", "Зерно генератора", "Seed"),
    "ui.training_new.trainees": (
        "Тіркеуші оқушылар",
        "Обучающихся-регистраторов",
        "Clerk trainees",
    ),
    "ui.training_new.supervisors": (
        "Жетекші оқушылар",
        "Обучающихся-руководителей",
        "Supervisor trainees",
    ),
    "ui.training_new.protocols": ("Бумадағы хаттамалар", "Протоколов в пачке", "Protocols a stack"),
    "ui.training_new.errors": (
        "Қателі хаттамалар үлесі (0–1)",
        "Доля протоколов с ошибками (0–1)",
        "Share with planted errors (0–1)",
    ),
    "ui.training_new.lang": ("Қағаздардың тілі", "Язык бумаг", "The papers' language"),
    "ui.training_new.folder": ("Сабақтың қалтасы", "Папка занятия", "Session folder"),
    "ui.training_new.choose": ("Таңдау…", "Выбрать…", "Choose…"),
    "ui.training_new.db": (
        "Ортақ PostgreSQL дерекқоры (міндетті емес)",
        "Общая база PostgreSQL (необязательно)",
        "Shared PostgreSQL database (optional)",
    ),
    "ui.training_new.db_hint": (
        "бос: қалтадағы өз дерекқоры",
        "пусто: своя база в папке",
        "empty: its own database in the folder",
    ),
    "ui.training_new.password": (
        "{name}: сабақтың дерекқорындағы құпиясөзіңіз",
        "{name}: ваш пароль в базе занятия",
        "{name}: your password in the session's database",
    ),
    "ui.training_new.password_hint": (
        "жаңа дерекқорда сіз оның әкімшісі боласыз, осы құпиясөзбен",
        "в новой базе вы станете её администратором с этим паролем",
        "in a new database you become its administrator with this password",
    ),
    "ui.training_new.make": ("Жасау", "Создать", "Make"),
    "ui.training_new.cancel": ("Бас тарту", "Отмена", "Cancel"),
    "ui.training_new.close": ("Жабу", "Закрыть", "Close"),
    "ui.training_new.score": ("Нәтижесін ашу…", "Открыть итоги…", "Open the score…"),
    "ui.training_new.working": (
        "Сабақ жасалып жатыр: хаттамалар басылады…",
        "Занятие создаётся: печатаются протоколы…",
        "Making the session: printing the protocols…",
    ),
    "ui.training_new.cancelled": (
        "Тоқтатылды: ештеңе жасалған жоқ.",
        "Отменено: ничего не создано.",
        "Cancelled: nothing was made.",
    ),
    "ui.training_new.failed": (
        "Сабақ жасалмады, қалтада ештеңе қалған жоқ. {error}",
        "Занятие не создано, в папке ничего не осталось. {error}",
        "The session was not made; nothing is left in the folder. {error}",
    ),
    "ui.training_new.done": (
        "{election}: хаттамалар: {papers}, бумалар: {stacks}, әдейі қатесі барлары: {planted}.\nОқушылардың қағаздары: {trainees}\nЖауаптар кілті (тек жаттықтырушыға): {answers}\nТіркелгілер мен құпиясөздер: {sheet}\nДерекқор: {db}",
        "{election}: протоколов: {papers}, пачек: {stacks}, с заложенными ошибками: {planted}.\nБумаги обучающихся: {trainees}\nКлюч ответов (только тренеру): {answers}\nУчётные записи и пароли: {sheet}\nБаза: {db}",
        "{election}: protocols: {papers}, stacks: {stacks}, with planted errors: {planted}.\nThe trainees' papers: {trainees}\nThe answer key (the trainer's only): {answers}\nAccounts and passwords: {sheet}\nDatabase: {db}",
    ),
    "ui.training_new.bad_number": (
        "«{field}»: {low}…{high} аралығындағы бүтін сан керек, «{value}» емес.",
        "«{field}»: нужно целое число от {low} до {high}, а не «{value}».",
        "“{field}”: a whole number from {low} to {high} is needed, not “{value}”.",
    ),
    "ui.training_new.bad_share": (
        "«{field}»: 0-ден 1-ге дейінгі сан керек (мысалы, 0,25), «{value}» емес.",
        "«{field}»: нужно число от 0 до 1 (например, 0,25), а не «{value}».",
        "“{field}”: a number from 0 to 1 is needed (such as 0.25), not “{value}”.",
    ),
    "ui.training_new.no_folder": (
        "Сабақтың қалтасын таңдаңыз: жаңа немесе бос қалта.",
        "Выберите папку занятия: новую или пустую.",
        "Choose the session folder: a new or empty one.",
    ),
    "ui.training_new.unwritable": (
        "{path}: мұнда жазуға болмайды; басқа қалтаны таңдаңыз.",
        "{path}: сюда нельзя записать; выберите другую папку.",
        "{path}: cannot write here; choose another folder.",
    ),
    "ui.training_new.bad_url": (
        "Ортақ дерекқор postgresql:// деп басталатын PostgreSQL мекенжайы болуы керек.",
        "Общая база должна быть адресом PostgreSQL, начинающимся с postgresql://.",
        "The shared database must be a PostgreSQL address starting with postgresql://.",
    ),
    "ui.training_new.no_password": (
        "Сабақтың дерекқорындағы құпиясөзіңізді жазыңыз.",
        "Введите ваш пароль в базе занятия.",
        "Type your password in the session's database.",
    ),
    "ui.error.training_folder": (
        "Сабақтың қалтасы бос емес: жаңа немесе бос қалтаны таңдаңыз.",
        "Папка занятия не пуста: выберите новую или пустую.",
        "The session folder is not empty: choose a new or empty one.",
    ),
    "ui.error.training_exists": (
        "Бұл дерекқорда оқу-жаттығу сабағы бар: оның нәтижесін ашыңыз немесе басқа дерекқорды беріңіз.",
        "В этой базе уже есть учебное занятие: откройте его итоги или укажите другую базу.",
        "This database holds a training session already: open its score, or give another database.",
    ),
    "ui.error.training_parameters": (
        "Жалған сайлауда мұнша хаттама жоқ: бумадағы хаттамаларды азайтыңыз.",
        "В учебных выборах нет столько протоколов: уменьшите число протоколов в пачке.",
        "The mock election has not that many protocols: ask for fewer protocols a stack.",
    ),
}


def register_texts() -> None:
    i18n.register(
        {key: dict(zip(i18n.LANGUAGES, values, strict=True)) for key, values in TEXTS.items()}
    )
