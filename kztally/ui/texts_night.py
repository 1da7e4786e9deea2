# ruff: noqa: E501 (a catalog of sentences: one text per line reads and diffs best)
"""The texts of the clerk's night, in Kazakh, Russian and English: errors said as what to
do, drafts kept across a crash, leaving a protocol with typed figures, the first start's
language, the decisions the state machine allows.

Registered with the screens' own texts (`kztally.ui.texts.register_texts`). `PLURALS`
holds the messages whose words agree with a number, by form (see `kztally.i18n.text_n`).
"""

from __future__ import annotations

from kztally import i18n

# id: (kk, ru, en)
TEXTS: dict[str, tuple[str, str, str]] = {
    # -- errors ----------------------------------------------------------------------------
    "ui.error.title": ("Қате", "Ошибка", "Error"),
    "ui.error.db.refused": (
        "Дерекқор серверіне қосылу мүмкін болмады: сервер қосылымды қабылдамайды. Сервер іске қосылғанын және мекенжай мен порттың дұрыстығын тексеріңіз немесе әкімшіге хабарласыңыз.",
        "Не удалось подключиться к серверу базы данных: сервер не принимает подключение. Проверьте, что сервер запущен, а адрес и порт указаны верно, или обратитесь к администратору.",
        "The database server refused the connection. Check that the server is running and that the address and port are right, or call the administrator.",
    ),
    "ui.error.db.unknown_host": (
        "Дерекқор серверінің мекенжайы табылмады. Мекенжайдың жазылуын және желіге қосылуды тексеріңіз.",
        "Адрес сервера базы данных не найден. Проверьте написание адреса и подключение к сети.",
        "The database server's address was not found. Check how the address is spelt and that this computer is on the network.",
    ),
    "ui.error.db.authentication": (
        "Дерекқор сервері бұл пайдаланушы атын немесе құпиясөзді қабылдамады. Мекенжайдағы атты және құпиясөзді тексеріңіз немесе әкімшіден сұраңыз.",
        "Сервер базы данных не принял имя пользователя или пароль. Проверьте имя и пароль в адресе или уточните их у администратора.",
        "The database server did not accept the user name or password. Check the name and password in the address, or ask the administrator for them.",
    ),
    "ui.error.db.no_database": (
        "Серверде мұндай дерекқор жоқ. Мекенжайдағы дерекқор атауын тексеріңіз немесе әкімшіден оны құруды сұраңыз.",
        "На сервере нет такой базы данных. Проверьте имя базы в адресе или попросите администратора её создать.",
        "The server has no database of that name. Check the database's name in the address, or ask the administrator to create it.",
    ),
    "ui.error.db.timeout": (
        "Дерекқор сервері уақытында жауап бермеді. Желіні тексеріп, қайталап көріңіз.",
        "Сервер базы данных не ответил вовремя. Проверьте сеть и повторите попытку.",
        "The database server did not answer in time. Check the network and try again.",
    ),
    "ui.error.db.lost": (
        "Дерекқормен байланыс үзілді; соңғы әрекет сақталмаған болуы мүмкін. Желіні тексеріп, әрекетті қайталаңыз. Толығырақ: {log}",
        "Связь с базой данных прервалась; последнее действие могло не сохраниться. Проверьте сеть и повторите действие. Подробности: {log}",
        "The connection to the database was lost; the last action may not have been saved. Check the network and do it again. Details: {log}",
    ),
    "ui.error.db.schema": (
        "Дерекқор бағдарламаның осы нұсқасына сай емес. Әкімші оны жаңартуы керек: {command}",
        "База данных не соответствует этой версии программы. Администратор должен её обновить: {command}",
        "The database does not match this version of the program. The administrator must upgrade it: {command}",
    ),
    "ui.error.db.not_kztally": (
        "Бұл kztally дерекқоры емес. Басқа файлды немесе мекенжайды таңдаңыз.",
        "Это не база данных kztally. Выберите другой файл или адрес.",
        "This is not a kztally database. Choose another file or address.",
    ),
    "ui.error.db.other": (
        "Дерекқорды пайдалану мүмкін болмады. Әкімшіге хабарласыңыз. Толығырақ: {log}",
        "Не удалось использовать базу данных. Обратитесь к администратору. Подробности: {log}",
        "The database could not be used. Call the administrator. Details: {log}",
    ),
    "ui.error.file.full": (
        "Дискіде орын жоқ, файл жазылмады: {path}. Орын босатып, қайталаңыз.",
        "На диске нет места, файл не записан: {path}. Освободите место и повторите.",
        "The disk is full; the file was not written: {path}. Free some space and try again.",
    ),
    "ui.error.file.missing": (
        "Файл табылмады: {path}. Басқа файлды таңдаңыз.",
        "Файл не найден: {path}. Выберите другой файл.",
        "The file was not found: {path}. Choose another file.",
    ),
    "ui.error.file.permission": (
        "Бұл файлға қол жеткізу құқығы жоқ: {path}. Басқа орынды таңдаңыз немесе әкімшіден сұраңыз.",
        "Нет прав доступа к файлу: {path}. Выберите другое место или обратитесь к администратору.",
        "You may not use this file: {path}. Choose another place, or ask the administrator.",
    ),
    "ui.error.file.other": (
        "Файлды оқу немесе жазу мүмкін болмады: {path}. Толығырақ: {log}",
        "Не удалось прочитать или записать файл: {path}. Подробности: {log}",
        "The file could not be read or written: {path}. Details: {log}",
    ),
    "ui.error.definition": (
        "Бұл файлды сайлау анықтамасы ретінде оқу мүмкін емес: {path}{where}. Орталық сайлау комиссиясы берген файлды немесе бағдарламамен бірге келген сайлауды таңдаңыз. Толығырақ: {log}",
        "Этот файл не читается как описание выборов: {path}{where}. Выберите файл, выданный Центральной избирательной комиссией, или выборы, поставляемые с программой. Подробности: {log}",
        "This file cannot be read as an election definition: {path}{where}. Choose the file the Central Election Commission issued, or the election that ships with the program. Details: {log}",
    ),
    "ui.error.unexpected": (
        "Күтпеген қате орын алды; сақталған деректер жоғалмады. Әкімшіге хабарласыңыз. Толығырақ мына файлда: {log}",
        "Произошла непредвиденная ошибка; сохранённые данные не пострадали. Обратитесь к администратору. Подробности в файле: {log}",
        "Something unexpected went wrong; what was stored is kept. Call the administrator. The details are in: {log}",
    ),
    # -- the first start's language and its resumption --------------------------------------
    "ui.wizard.language_title": ("Тіл", "Язык", "Language"),
    "ui.wizard.language_subtitle": (
        "Бағдарлама тілін таңдаңыз; кейін «Тіл» мәзірінен өзгертуге болады.",
        "Выберите язык программы; его можно сменить позже в меню «Язык».",
        "Choose the program's language; you can change it later in the Language menu.",
    ),
    "ui.wizard.welcome": (
        "kztally-ге қош келдіңіз. Бұл шебер дерекқорды, әкімшінің есептік жазбасын дайындап, сайлауды жүктейді.",
        "Добро пожаловать в kztally. Этот мастер подготовит базу данных, учётную запись администратора и загрузит выборы.",
        "Welcome to kztally. This wizard prepares the database and the administrator's account, and loads the election.",
    ),
    "ui.wizard.load_title": (
        "Сайлауды жүктеу",
        "Загрузка выборов",
        "Load the election",
    ),
    "ui.wizard.load": ("Жүктеу", "Загрузить", "Load"),
    # -- drafts and leaving a protocol --------------------------------------------------------
    "ui.draft.title": ("Сақталмаған жоба", "Несохранённый черновик", "Unsaved draft"),
    "ui.draft.offer": (
        "Бұл хаттамаға {when} кезінде енгізілген сандар сақталмай қалды. Оларды қалпына келтіру керек пе?",
        "Цифры этого протокола, введённые {when}, не были сохранены. Восстановить их?",
        "Figures typed into this protocol at {when} were not saved. Restore them?",
    ),
    "ui.draft.restore": ("Қалпына келтіру", "Восстановить", "Restore"),
    "ui.draft.discard": ("Жою", "Удалить", "Discard"),
    "ui.draft.later": ("Кейінірек", "Позже", "Later"),
    "ui.draft.restored": (
        "Сақталмаған сандар қалпына келтірілді: тексеріп, сақтаңыз.",
        "Несохранённые цифры восстановлены: проверьте и сохраните.",
        "The unsaved figures are back: check them and save.",
    ),
    "ui.draft.stale": (
        "Бұл хаттамаға {when} кезінде енгізілген сандар сақталмаған, бірақ хаттама қазір «{state}» күйінде, оларды енді енгізу мүмкін емес. Сандар: {figures}",
        "Цифры этого протокола, введённые {when}, не были сохранены, но протокол теперь в состоянии «{state}», и ввести их уже нельзя. Цифры: {figures}",
        "Figures typed into this protocol at {when} were not saved, but the protocol is now “{state}” and they can no longer be entered. The figures: {figures}",
    ),
    "ui.draft.not_kept": (
        "Жоба дискіге жазылмады ({why}); сандар әзірге тек экранда.",
        "Черновик не записан на диск ({why}); цифры пока только на экране.",
        "The draft could not be written to the disk ({why}); the figures are only on screen.",
    ),
    "ui.leave.title": ("Сақталмаған сандар", "Несохранённые цифры", "Unsaved figures"),
    "ui.leave.question": (
        "№ {number} учаскенің хаттамасына енгізілген сандар сақталмаған. Не істейміз?",
        "В протокол участка № {number} введены несохранённые цифры. Что сделать?",
        "Figures typed into the protocol of precinct № {number} are not saved. What should be done?",
    ),
    "ui.leave.save": ("Сақтау", "Сохранить", "Save"),
    "ui.leave.discard": ("Сақтамау", "Не сохранять", "Discard"),
    "ui.leave.stay": ("Қалу", "Остаться", "Stay"),
    "ui.page.nothing_to_save": (
        "Сақтайтын ештеңе жоқ: бұл хаттамаға қазір сан енгізілмейді.",
        "Нечего сохранять: в этот протокол сейчас не вводятся цифры.",
        "Nothing to save: no figures are being typed into a protocol now.",
    ),
    # -- what may be done, what a save did ----------------------------------------------------
    "ui.page.not_allowed": (
        "Хаттама «{state}» күйінде: бұл әрекет қазір мүмкін емес.",
        "Протокол в состоянии «{state}»: это действие сейчас невозможно.",
        "The protocol is “{state}”: this cannot be done now.",
    ),
}

# id: {language: text}, by plural form
PLURALS: dict[str, dict[str, str]] = {
    "ui.page.saved_with_errors.one": {
        "kk": "{where} сақталды, бірақ {n} бақылау арақатынасы бұзылған:",
        "ru": "{where} сохранён, но нарушено {n} контрольное соотношение:",
        "en": "{where} saved with {n} broken control ratio:",
    },
    "ui.page.saved_with_errors.few": {
        "ru": "{where} сохранён, но нарушены {n} контрольных соотношения:",
    },
    "ui.page.saved_with_errors.many": {
        "ru": "{where} сохранён, но нарушено {n} контрольных соотношений:",
    },
    "ui.page.saved_with_errors.other": {
        "kk": "{where} сақталды, бірақ {n} бақылау арақатынасы бұзылған:",
        "en": "{where} saved with {n} broken control ratios:",
    },
    "ui.page.saved_with_warnings.one": {
        "kk": "{where} {n} ескертумен сақталды:",
        "ru": "{where} сохранён с {n} предупреждением:",
        "en": "{where} saved with {n} warning:",
    },
    "ui.page.saved_with_warnings.few": {"ru": "{where} сохранён с {n} предупреждениями:"},
    "ui.page.saved_with_warnings.many": {"ru": "{where} сохранён с {n} предупреждениями:"},
    "ui.page.saved_with_warnings.other": {
        "kk": "{where} {n} ескертумен сақталды:",
        "en": "{where} saved with {n} warnings:",
    },
    "ui.draft.at_start.one": {
        "kk": "{n} сақталмаған жоба қалды; ол ашылды.",
        "ru": "Остался {n} несохранённый черновик; открыт самый новый, остальные предлагаются при открытии их протоколов.",
        "en": "{n} unsaved draft was left; it is open.",
    },
    "ui.draft.at_start.few": {
        "ru": "Осталось {n} несохранённых черновика; открыт самый новый, остальные предлагаются при открытии их протоколов.",
    },
    "ui.draft.at_start.many": {
        "ru": "Осталось {n} несохранённых черновиков; открыт самый новый, остальные предлагаются при открытии их протоколов.",
    },
    "ui.draft.at_start.other": {
        "kk": "{n} сақталмаған жоба қалды; ең жаңасы ашылды, қалғандары өз хаттамалары ашылғанда ұсынылады.",
        "en": "{n} unsaved drafts were left; the newest is open, the others are offered when their protocols are opened.",
    },
}


def register_texts() -> None:
    i18n.register(
        {key: dict(zip(i18n.LANGUAGES, values, strict=True)) for key, values in TEXTS.items()}
    )
    i18n.register(PLURALS)
