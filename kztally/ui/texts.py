# ruff: noqa: E501 (a catalog of sentences: one text per line reads and diffs best)
"""Every text the desktop app shows, in Kazakh, Russian and English.

Registered into kztally.i18n's one catalog under `ui.` ids (the domain's own words, such
as the names of the checks, come from kztally.domain_texts when it is installed).
"""

from __future__ import annotations

from kztally import domain_texts, i18n
from kztally.ui import (
    texts_crosscheck,
    texts_forensics,
    texts_formal,
    texts_margins,
    texts_night,
    texts_night2,
    texts_paper,
    texts_polish,
    texts_training,
)

# id: (kk, ru, en)
TEXTS: dict[str, tuple[str, str, str]] = {
    "ui.term.electorate": (
        "тіркелген сайлаушылар",
        "зарегистрированные избиратели",
        "registered voters",
    ),
    # -- the form -----------------------------------------------------------------------
    "ui.form.save": ("Сақтау (Ctrl+S)", "Сохранить (Ctrl+S)", "Save (Ctrl+S)"),
    "ui.form.act_mobile_box": (
        "Акт жасалды: тасымалданатын жәшікте жазбаша өтініштерден көп бюллетень болды",
        "Составлен акт: в переносной урне бюллетеней больше, чем письменных заявлений",
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
    # -- main window ------------------------------------------------------------------------
    "ui.menu.file": ("Файл", "Файл", "File"),
    "ui.menu.protocol": ("Хаттама", "Протокол", "Protocol"),
    "ui.menu.view": ("Көрініс", "Вид", "View"),
    "ui.menu.language": ("Тіл", "Язык", "Language"),
    "ui.menu.help": ("Анықтама", "Справка", "Help"),
    "ui.action.import": ("Файлдарды импорттау…", "Импорт файлов…", "Import files…"),
    "ui.action.export": ("Экспорттау…", "Экспорт…", "Export…"),
    "ui.main.import_title": ("Импортталатын файлдар", "Файлы для импорта", "Files to import"),
    "ui.main.import_running": ("Импорт…", "Импорт…", "Importing…"),
    "ui.main.import_done": (
        "Файлдар: {files}; енгізілді {imported}, өзгеріссіз {unchanged}, қайшылық {conflicts}, қате {errors}",
        "Файлов: {files}; загружено {imported}, без изменений {unchanged}, конфликтов {conflicts}, ошибок {errors}",
        "Files: {files}; imported {imported}, unchanged {unchanged}, conflicts {conflicts}, errors {errors}",
    ),
    "ui.main.export_title": ("Экспорт қалтасы", "Папка для экспорта", "Folder to export to"),
    "ui.main.export_running": ("Экспорт…", "Экспорт…", "Exporting…"),
    "ui.main.export_done": (
        "{folder}: {protocols} хаттама жазылды",
        "{folder}: записано протоколов {protocols}",
        "{folder}: {protocols} protocols written",
    ),
    "ui.action.backup": (
        "Дерекқордың сақтық көшірмесі…",
        "Резервная копия базы…",
        "Back up the database…",
    ),
    "ui.action.lots": ("Теңдік пен жеребе…", "Равенство и жеребьёвка…", "Ties and lots…"),
    # -- ties and lots ----------------------------------------------------------------------
    "ui.lots.title": ("Теңдік пен жеребе", "Равенство и жеребьёвка", "Ties and lots"),
    "ui.lots.none": (
        "Қазіргі нәтижелерде теңдік жоқ.",
        "В нынешних итогах равенства нет.",
        "No tie in the results as they stand.",
    ),
    "ui.lots.tie_lists": (
        "{contest}: {tied} — {seats} мандат үшін тең қалдықтар; {how}",
        "{contest}: {tied} — равные остатки за {seats} мандат(а); {how}",
        "{contest}: {tied} — equal remainders for {seats} seat(s); {how}",
    ),
    "ui.lots.tie_district": (
        "{contest}: {tied} — бірінші орында тең дауыс; {how}",
        "{contest}: {tied} — равенство голосов на первом месте; {how}",
        "{contest}: {tied} — equal votes for first place; {how}",
    ),
    "ui.lots.by_lot": (
        "жеребе бойынша ({reference} акті)",
        "жеребьёвкой (акт {reference})",
        "by lot (act {reference})",
    ),
    "ui.lots.col.name": ("Тізім немесе кандидат", "Список или кандидат", "List or candidate"),
    "ui.lots.col.votes": ("Дауыстар", "Голоса", "Votes"),
    "ui.lots.col.remainder": ("Қалдық", "Остаток", "Remainder"),
    "ui.lots.order_hint": (
        "Жеребе тартылған ретпен қойыңыз (біріншісі жеңеді): біреуін таңдап, батырмалармен жылжытыңыз.",
        "Расставьте в порядке, вытянутом по жребию (первый побеждает): выберите строку и двигайте её кнопками.",
        "Put them in the order drawn (the first wins): select one and move it with the buttons.",
    ),
    "ui.lots.up": ("Жоғары", "Выше", "Up"),
    "ui.lots.down": ("Төмен", "Ниже", "Down"),
    "ui.lots.witnesses": (
        "Куәлар (әр жолға біреу)",
        "Свидетели (по одному в строке)",
        "Witnesses (one a line)",
    ),
    "ui.lots.reference": ("Актінің нөмірі", "Номер акта", "Act's reference"),
    "ui.lots.record": ("Жеребені жазу", "Записать жеребьёвку", "Record the drawing"),
    "ui.lots.recorded": (
        "Жеребе №{id} жазылды.",
        "Жеребьёвка №{id} записана.",
        "Drawing of lots #{id} recorded.",
    ),
    "ui.lots.read_only": (
        "Жеребені тек супервайзер немесе әкімші жазады.",
        "Жеребьёвку записывает только супервайзер или администратор.",
        "Only a supervisor or an administrator records a drawing of lots.",
    ),
    "ui.lots.history": ("Жазылған жеребелер", "Записанные жеребьёвки", "Drawings recorded"),
    "ui.lots.draw_line": (
        "№{id} {contest}: {order}; акт {reference}; куәлар {witnesses}; {by}, {at}",
        "№{id} {contest}: {order}; акт {reference}; свидетели {witnesses}; {by}, {at}",
        "#{id} {contest}: {order}; act {reference}; witnesses {witnesses}; {by}, {at}",
    ),
    "ui.lots.need_witness": (
        "Жеребенің кемінде бір куәсін жазыңыз.",
        "Укажите хотя бы одного свидетеля жеребьёвки.",
        "Name at least one witness of the drawing.",
    ),
    "ui.lots.need_reference": (
        "Жеребе актісінің нөмірін жазыңыз.",
        "Укажите номер акта жеребьёвки.",
        "Give the reference of the drawing's act.",
    ),
    "ui.lots.superseded": ("(ауыстырылды)", "(заменена)", "(superseded)"),
    # -- designations of deputies ----------------------------------------------------------
    "ui.action.designations": (
        "Депутаттарды белгілеу…",
        "Определение депутатов…",
        "Designations of deputies…",
    ),
    "ui.desig.title": (
        "Партиялардың депутаттарды белгілеуі",
        "Определение депутатов партиями",
        "Designations of deputies",
    ),
    "ui.desig.none": (
        "Қазіргі нәтижелерде бірде-бір тізім мандат алған жоқ.",
        "В нынешних итогах ни один список не получил мандатов.",
        "No list has a seat in the results as they stand.",
    ),
    "ui.desig.col.contest": ("Сайлау", "Выборы", "Contest"),
    "ui.desig.col.list": ("Партиялық тізім", "Партийный список", "Party list"),
    "ui.desig.col.seats": ("Мандат", "Мандаты", "Seats"),
    "ui.desig.col.persons": ("Мандат алатындар", "Получают мандаты", "Who takes them"),
    "ui.desig.col.source": ("Негізі", "Основание", "On what basis"),
    "ui.desig.by_decision": (
        "партия шешімі {reference}",
        "решение партии {reference}",
        "party decision {reference}",
    ),
    "ui.desig.fallback": (
        "шешім жоқ: әліпби ретімен",
        "решения нет: по алфавиту",
        "no decision: alphabetical order",
    ),
    "ui.desig.awaited": ("шешім күтілуде", "ожидается решение", "decision awaited"),
    "ui.desig.heading": ("{list} — {contest}", "{list} — {contest}", "{list} — {contest}"),
    "ui.desig.seats": ("({seats} мандат)", "(мандатов: {seats})", "({seats} seat(s))"),
    "ui.desig.recorded_by": (
        "Партия шешімі {reference}; жазған {by}, {at}.",
        "Решение партии {reference}; записал(а) {by}, {at}.",
        "Party decision {reference}; recorded by {by}, {at}.",
    ),
    "ui.desig.protected": (
        "Әйелдер, 29 жасқа толмағандар, мүгедектігі бар адамдар: {protected} / {persons} ({share}); кемінде {minimum} қажет.",
        "Женщины, лица моложе 29 лет, лица с инвалидностью: {protected} из {persons} ({share}); требуется не менее {minimum}.",
        "Women, people under 29, people with disabilities: {protected} of {persons} ({share}); at least {minimum} required.",
    ),
    "ui.desig.hint": (
        "Партия шешімі бойынша адамдарды тізімнен таңдап, партия белгілеген ретпен қойыңыз; шешімнің нөмірін жазыңыз.",
        "Выберите лиц из списка по решению партии и расставьте их в порядке, определённом партией; укажите номер решения.",
        "Pick the persons from the list as the party decided and put them in the party's order; give the decision's reference.",
    ),
    "ui.desig.on_list": ("Партия тізімінде", "В списке партии", "On the party's list"),
    "ui.desig.chosen": (
        "Белгіленгендер, ретімен",
        "Определённые, по порядку",
        "Designated, in order",
    ),
    "ui.desig.add": ("Қосу ›", "Добавить ›", "Add ›"),
    "ui.desig.remove": ("‹ Алып тастау", "‹ Убрать", "‹ Remove"),
    "ui.desig.up": ("Жоғары", "Выше", "Up"),
    "ui.desig.down": ("Төмен", "Ниже", "Down"),
    "ui.desig.woman": ("әйел", "женщина", "woman"),
    "ui.desig.under_29": ("29 жасқа толмаған", "моложе 29 лет", "under 29"),
    "ui.desig.disability": ("мүгедектігі бар", "с инвалидностью", "with a disability"),
    "ui.desig.draft": (
        "Мандат саны: {seats}; белгіленгені: {persons}; 30% ережесі бойынша: {protected} ({share}), кемінде {minimum} қажет.",
        "{persons} лиц на {seats} мандат(ов); из них {protected} ({share}) по правилу 30% (не менее {minimum}).",
        "{persons} person(s) for {seats} seat(s); {protected} of them ({share}) count for the 30% rule (at least {minimum}).",
    ),
    "ui.desig.reference": (
        "Партия шешімінің нөмірі",
        "Номер решения партии",
        "Party decision's reference",
    ),
    "ui.desig.record": ("Белгілеуді жазу", "Записать определение", "Record the designation"),
    "ui.desig.recorded": (
        "№{id} белгілеу жазылды.",
        "Определение №{id} записано.",
        "Designation #{id} recorded.",
    ),
    "ui.desig.read_only": (
        "Белгілеуді тек супервайзер немесе әкімші жазады.",
        "Определение записывает только супервайзер или администратор.",
        "Only a supervisor or an administrator records a designation.",
    ),
    "ui.desig.history": (
        "Осы тізімнің белгілеулері",
        "Определения по этому списку",
        "Designations of this list",
    ),
    "ui.desig.no_history": (
        "Әлі ешқандай шешім жазылған жоқ.",
        "Решений ещё не записано.",
        "No decision recorded yet.",
    ),
    "ui.desig.history_line": (
        "№{id}: {persons}; шешім {reference}; {by}, {at}",
        "№{id}: {persons}; решение {reference}; {by}, {at}",
        "#{id}: {persons}; decision {reference}; {by}, {at}",
    ),
    "ui.desig.superseded": ("(ауыстырылды)", "(заменено)", "(superseded)"),
    "ui.results.designations_button": (
        "Депутаттарды белгілеу…",
        "Определение депутатов…",
        "Designations of deputies…",
    ),
    "ui.results.lots_button": ("Теңдік пен жеребе…", "Равенство и жеребьёвка…", "Ties and lots…"),
    "ui.results.tie_open": (
        "Теңдік: {tie} («Теңдік пен жеребе…»).",
        "Равенство: {tie} («Равенство и жеребьёвка…»).",
        "Tie: {tie} (“Ties and lots…”).",
    ),
    "ui.results.tie": ("Теңдік: {tie}.", "Равенство: {tie}.", "Tie: {tie}."),
    "ui.action.users": ("Пайдаланушылар…", "Пользователи…", "Users…"),
    "ui.action.mock": (
        "Оқу хаттамаларымен толтыру",
        "Заполнить учебными протоколами",
        "Fill with mock protocols",
    ),
    "ui.action.sign_out": ("Шығу (басқа пайдаланушы)", "Выйти (сменить пользователя)", "Sign out"),
    "ui.action.quit": ("Жабу", "Выход", "Quit"),
    "ui.action.save": ("Хаттаманы сақтау", "Сохранить протокол", "Save the protocol"),
    "ui.action.next": ("Келесі хаттама", "Следующий протокол", "Next protocol"),
    "ui.action.accept": ("Қабылдау…", "Принять…", "Accept…"),
    "ui.action.correct": ("Түзету…", "Исправить…", "Correct…"),
    "ui.action.send_back": ("Қайта енгізуге қайтару…", "Вернуть на ввод…", "Send back…"),
    "ui.action.recount": ("Қайта санау…", "Пересчёт…", "Recount…"),
    "ui.action.annul": ("Нәтижесінің күшін жою…", "Аннулировать…", "Annul…"),
    "ui.action.history": ("Хаттама тарихы", "История протокола", "Protocol history"),
    "ui.action.attach": (
        "Скан немесе фото тіркеу…",
        "Прикрепить скан или фото…",
        "Attach a scan or photo…",
    ),
    "ui.action.find": ("Учаскені табу", "Найти участок", "Find a precinct"),
    "ui.action.tab0": ("Хаттама", "Протокол", "Protocol"),
    "ui.action.tab1": ("Нәтижелер", "Итоги", "Results"),
    "ui.action.tab2": ("Жетіспейтін хаттамалар", "Недостающие протоколы", "Missing protocols"),
    "ui.action.refresh": ("Жаңарту", "Обновить", "Refresh"),
    "ui.action.about": ("kztally туралы", "О kztally", "About kztally"),
    "ui.action.about_qt": ("Qt туралы", "О Qt", "About Qt"),
    "ui.tab.protocol": ("Хаттама", "Протокол", "Protocol"),
    "ui.tab.results": ("Нәтижелер", "Итоги", "Results"),
    "ui.tab.missing": (
        "Жетіспейтін және күтудегі",
        "Недостающие и ожидающие",
        "Missing and pending",
    ),
    "ui.main.navigator": ("Учаскелер", "Участки", "Precincts"),
    "ui.main.signed_in": ("{user} — {role}", "{user} — {role}", "{user} — {role}"),
    "ui.main.nothing_next": (
        "Енгізуді күтетін хаттама қалмады",
        "Протоколов, ожидающих ввода, не осталось",
        "No protocol is waiting for an entry",
    ),
    "ui.main.backup_title": (
        "Сақтық көшірме қайда сақталады",
        "Куда сохранить резервную копию",
        "Where to save the backup",
    ),
    "ui.main.backup_running": (
        "Сақтық көшірме жасалуда…",
        "Создаётся резервная копия…",
        "Backing up…",
    ),
    "ui.main.backup_done": (
        "Сақтық көшірме сақталды: {path}",
        "Резервная копия сохранена: {path}",
        "Backup saved: {path}",
    ),
    "ui.main.mock_running": (
        "Оқу хаттамалары жазылуда…",
        "Записываются учебные протоколы…",
        "Recording mock protocols…",
    ),
    "ui.main.cancelled": ("Тоқтатылды", "Отменено", "Cancelled"),
    "ui.main.job_failed": ("Жұмыс аяқталмады", "Работа не завершена", "The work failed"),
    "ui.banner.training": (
        "ОҚУ-ЖАТТЫҒУ САЙЛАУЫ — бұл сандар нақты емес",
        "УЧЕБНЫЕ ВЫБОРЫ — эти цифры не настоящие",
        "TRAINING ELECTION — these figures are not real",
    ),
    "ui.banner.short": ("ОҚУ", "УЧЕБНЫЕ", "TRAINING"),
    # -- the audit log (kztally.ui.audit_log) ----------------------------------------------
    "ui.action.audit_log": ("Аудит журналы", "Журнал аудита", "Audit log"),
    "ui.audit.banner": (
        "АУДИТ ЖУРНАЛЫ БҰЗЫЛҒАН: №{event} оқиға өз мазмұнынан немесе алдындағы оқиғадан шықпайды.",
        "ЖУРНАЛ АУДИТА НАРУШЕН: событие № {event} не следует из своего содержания или из предыдущего события.",
        "AUDIT LOG BROKEN: event {event} does not follow from its content or from the event before it.",
    ),
    "ui.audit.banner_verify": (
        "АУДИТ ЖУРНАЛЫ БҰЗЫЛҒАН: толық тексеру kztally жазбаған өзгерісті тапты. {first}",
        "ЖУРНАЛ АУДИТА НАРУШЕН: полная проверка нашла изменение, которое не вносил kztally. {first}",
        "AUDIT LOG BROKEN: the full check found a change kztally did not make. {first}",
    ),
    "ui.audit.banner_what": (
        "Дерекқор kztally-ден тыс өзгертілген болуы мүмкін. Әкімшіге хабарлаңыз: «Аудит журналы» → «Қазір тексеру».",
        "База данных могла быть изменена в обход kztally. Сообщите администратору: «Журнал аудита» → «Проверить сейчас».",
        "The database may have been changed behind kztally's back. Tell an administrator: Audit log → Verify now.",
    ),
    "ui.audit.title": ("Аудит журналы", "Журнал аудита", "Audit log"),
    "ui.audit.head": (
        "Журнал басы (оны жазып алыңыз): {head}",
        "Голова журнала (запишите её): {head}",
        "The log's head (write it down): {head}",
    ),
    "ui.audit.column.seq": ("№", "№", "No."),
    "ui.audit.column.at": ("Уақыты", "Время", "Time"),
    "ui.audit.column.code": ("Оқиға", "Событие", "Event"),
    "ui.audit.column.actor": ("Кім", "Кто", "Who"),
    "ui.audit.column.role": ("Рөлі", "Роль", "Role"),
    "ui.audit.column.workstation": ("Жұмыс орны", "Рабочее место", "Workstation"),
    "ui.audit.column.hash": ("Хэш", "Хеш", "Hash"),
    "ui.audit.page": (
        "{count} оқиғаның {first}–{last}",
        "{first}–{last} из {count} событий",
        "{first}–{last} of {count} events",
    ),
    "ui.audit.newer": ("← Жаңалары", "← Более новые", "← Newer"),
    "ui.audit.older": ("Ескілері →", "Более старые →", "Older →"),
    "ui.audit.verify": ("Қазір тексеру", "Проверить сейчас", "Verify now"),
    "ui.audit.verifying": ("Журнал тексерілуде…", "Журнал проверяется…", "Verifying the log…"),
    "ui.audit.at_sign_in": (
        "Әр кіруден кейін фонда тексеру",
        "Проверять в фоне после каждого входа",
        "Verify in the background after each sign-in",
    ),
    "ui.audit.holds": (
        "Бәрі сәйкес: {count} оқиға, әр кесте журналмен келіседі.",
        "Всё сходится: событий {count}, каждая таблица согласуется с журналом.",
        "All holds: {count} events, every table agrees with the log.",
    ),
    "ui.audit.first_break": (
        "Бірінші бұзушылық — {first}",
        "Первое нарушение — {first}",
        "First break — {first}",
    ),
    "ui.audit.break": (
        "№{event} оқиға, {table} кестесі: {what}",
        "событие № {event}, таблица {table}: {what}",
        "event {event}, table {table}: {what}",
    ),
    "ui.audit.break_table": (
        "{table} кестесі: {what}",
        "таблица {table}: {what}",
        "table {table}: {what}",
    ),
    "ui.audit.more": (
        "Тағы {count} бұзушылық бар.",
        "Есть ещё нарушений: {count}.",
        "And {count} more.",
    ),
    # -- official results -------------------------------------------------------------------
    "ui.official.unofficial": (
        "РЕСМИ ЕМЕС ҚОРЫТЫНДЫЛАР",
        "НЕОФИЦИАЛЬНЫЕ ИТОГИ",
        "UNOFFICIAL RESULTS",
    ),
    "ui.official.official": ("РЕСМИ ҚОРЫТЫНДЫЛАР", "ОФИЦИАЛЬНЫЕ ИТОГИ", "OFFICIAL RESULTS"),
    "ui.official.since": (
        "{when} бастап, белгілеген: {by}",
        "с {when}, отметил(а): {by}",
        "since {when}, marked by {by}",
    ),
    "ui.official.head": (
        "аудит журналының басы {head}",
        "вершина журнала аудита {head}",
        "audit head {head}",
    ),
    "ui.action.mark_official": (
        "Қорытындыларды ресми деп белгілеу…",
        "Отметить итоги как официальные…",
        "Mark results official…",
    ),
    "ui.action.unlock_official": (
        "Қорытындылардың бұғатын ашу…",
        "Разблокировать итоги…",
        "Unlock results…",
    ),
    "ui.official.mark_title": (
        "Қорытындыларды ресми деп белгілеу",
        "Отметить итоги как официальные",
        "Mark results official",
    ),
    "ui.official.mark_question": (
        "Қорытындылар ресми деп белгіленеді. Содан кейін хаттамаларды енгізу, шешімдер, қайта санау, күшін жою және импорт әкімші себебін жазып бұғатын ашқанға дейін тоқтатылады. Жалғастыру керек пе?",
        "Итоги будут отмечены как официальные. После этого ввод протоколов, решения, пересчёт, отмена и импорт запрещены, пока администратор не разблокирует итоги, указав причину. Продолжить?",
        "The results will be marked official. From then on entry, decisions, recounts, annulments and imports are refused until an administrator unlocks them with a reason. Go on?",
    ),
    "ui.official.unlock_title": (
        "Қорытындылардың бұғатын ашу",
        "Разблокировать итоги",
        "Unlock results",
    ),
    "ui.official.marked": (
        "Қорытындылар ресми деп белгіленді",
        "Итоги отмечены как официальные",
        "The results are marked official",
    ),
    "ui.official.unlocked": (
        "Қорытындылардың бұғаты ашылды",
        "Итоги разблокированы",
        "The results are unlocked",
    ),
    "ui.role.clerk": ("тіркеуші", "регистратор", "clerk"),
    "ui.role.supervisor": ("жетекші", "руководитель", "supervisor"),
    "ui.role.observer": ("байқаушы", "наблюдатель", "observer"),
    "ui.role.trainer": ("жаттықтырушы", "тренер", "trainer"),
    "ui.role.administrator": ("әкімші", "администратор", "administrator"),
    "ui.about.title": ("kztally туралы", "О kztally", "About kztally"),
    "ui.about.text": (
        "Мәжіліс пен мәслихаттар сайлауының учаскелік хаттамаларын екі рет енгізу, бақылау арақатынастарын тексеру және нәтижелерді есептеу.",
        "Двойной ввод участковых протоколов выборов в Мажилис и маслихаты, проверка контрольных соотношений и подсчёт итогов.",
        "Double entry of the precinct protocols of the Mazhilis and maslikhat elections, control ratio checks and the tally.",
    ),
    "ui.about.fonts": (
        "DejaVu Sans қарпі бағдарламамен бірге жеткізіледі (Bitstream Vera лицензиясы).",
        "Шрифт DejaVu Sans поставляется с программой (лицензия Bitstream Vera).",
        "The DejaVu Sans font ships with the program (Bitstream Vera licence).",
    ),
    # -- the protocol page --------------------------------------------------------------------
    "ui.page.precinct": ("Учаске", "Участок", "Precinct"),
    "ui.page.round": ("{round}-айналым", "раунд {round}", "round {round}"),
    "ui.page.mode.enter": ("енгізу", "ввод", "entering"),
    "ui.page.mode.read": ("қарау", "просмотр", "reading"),
    "ui.page.mode.compare": ("салыстыру", "сравнение", "comparing"),
    "ui.page.mode.correct": ("түзету", "исправление", "correcting"),
    "ui.page.choose": (
        "Сол жақтан учаскені таңдаңыз (Ctrl+F — іздеу, F8 — келесі хаттама)",
        "Выберите участок слева (Ctrl+F — поиск, F8 — следующий протокол)",
        "Choose a precinct on the left (Ctrl+F to find, F8 for the next protocol)",
    ),
    "ui.page.second_by_other": (
        "Бірінші енгізуді сіз жасадыңыз: екінші енгізуді басқа тіркеуші жасайды.",
        "Первый ввод сделали вы: второй ввод делает другой регистратор.",
        "You made the first entry: another clerk makes the second.",
    ),
    "ui.page.awaiting_supervisor": (
        "Екі енгізу сәйкес келмейді: жетекшінің шешімін күтуде.",
        "Два ввода расходятся: ожидается решение руководителя.",
        "The two entries differ: awaiting the supervisor's decision.",
    ),
    "ui.page.not_accepted_yet": (
        "Бұл хаттама әлі қабылданған жоқ: ресми сандар кейін көрінеді.",
        "Этот протокол ещё не принят: официальные цифры появятся позже.",
        "This protocol is not accepted yet: the official figures show once it is.",
    ),
    "ui.page.nothing_to_do": (
        "Бұл хаттамамен сізге әрекет жоқ.",
        "С этим протоколом вам действовать не нужно.",
        "Nothing for you to do on this protocol.",
    ),
    "ui.page.history": ("Тарихы", "История", "History"),
    "ui.page.accept_warnings": (
        "Ескертулермен қабылдау…",
        "Принять с предупреждениями…",
        "Accept with warnings…",
    ),
    "ui.page.accept_breach": (
        "Бұзушылықпен қабылдау (акт бойынша)…",
        "Принять с нарушением (по акту)…",
        "Accept with a breach (on an act)…",
    ),
    "ui.page.cannot_accept": (
        "{codes} қабылдауға болмайды: қайта санаңыз немесе түзетіңіз",
        "{codes} принять нельзя: пересчитайте или исправьте",
        "{codes} cannot be accepted: recount or correct",
    ),
    "ui.page.empty_title": ("Бос жолдар", "Пустые строки", "Empty lines"),
    "ui.page.empty_question": (
        "Кейбір жолдар бос (бос — нөл емес). Қағаз хаттамада да бос па? Солай сақтау керек пе?",
        "Некоторые строки пусты (пусто — не ноль). На бумаге они тоже пусты? Сохранить так?",
        "Some lines are empty (empty is not zero). Are they empty on the paper too? Save as it is?",
    ),
    "ui.page.correct_title": ("Түзету себебі", "Причина исправления", "Why the correction"),
    "ui.page.send_back_title": ("Қайта енгізуге қайтару", "Вернуть на ввод", "Send back for entry"),
    "ui.page.recount_title": (
        "Қайта санау туралы шешім",
        "Решение о пересчёте",
        "Recount decision",
    ),
    "ui.page.annul_title": (
        "Нәтиженің күшін жою туралы шешім",
        "Решение об аннулировании",
        "Annulment decision",
    ),
    "ui.page.refused": ("Орындалмады", "Не выполнено", "Not done"),
    "ui.page.after.not_entered": (
        "Хаттама қайта енгізуге қайтарылды",
        "Протокол возвращён на ввод",
        "The protocol is back for entry",
    ),
    "ui.page.after.first_entry": (
        "Бірінші енгізу сақталды: екінші тіркеуші оны көрмей енгізеді",
        "Первый ввод сохранён: второй регистратор вводит его вслепую",
        "First entry saved: a second clerk enters it blind",
    ),
    "ui.page.after.entries_differ": (
        "Енгізулер сәйкес емес: жетекшіге жіберілді",
        "Вводы расходятся: передано руководителю",
        "The entries differ: passed to the supervisor",
    ),
    "ui.page.after.pending": (
        "Сандар келісілді, бірақ ескерту немесе қате бар: жетекшінің шешімін күтеді",
        "Цифры совпали, но есть предупреждения или ошибки: ждёт решения руководителя",
        "The figures agree but raise warnings or errors: awaiting a supervisor",
    ),
    "ui.page.after.accepted": ("Хаттама қабылданды", "Протокол принят", "The protocol is accepted"),
    "ui.page.after.annulled": (
        "Нәтиженің күші жойылды",
        "Итоги аннулированы",
        "The result is annulled",
    ),
    # -- comparison ---------------------------------------------------------------------------
    "ui.compare.line": ("Жол", "Строка", "Line"),
    "ui.compare.name": ("Атауы", "Название", "Name"),
    "ui.compare.first": ("1-енгізу ({user})", "1-й ввод ({user})", "First entry ({user})"),
    "ui.compare.second": ("2-енгізу ({user})", "2-й ввод ({user})", "Second entry ({user})"),
    "ui.compare.differs": ("айырмашылық бар", "расхождение", "differs"),
    "ui.compare.summary": (
        "Екі енгізу мына жолдарда сәйкес емес: {lines}",
        "Вводы расходятся в строках: {lines}",
        "The entries differ in lines: {lines}",
    ),
    "ui.compare.keep_first": (
        "Бірінші енгізуді қалдыру",
        "Оставить первый ввод",
        "Keep the first entry",
    ),
    "ui.compare.keep_second": (
        "Екінші енгізуді қалдыру",
        "Оставить второй ввод",
        "Keep the second entry",
    ),
    "ui.compare.correct": ("Түзету", "Исправить", "Correct"),
    "ui.compare.send_back": ("Қайта енгізуге қайтару", "Вернуть на ввод", "Send back"),
    # -- dialogs ------------------------------------------------------------------------------
    "ui.dialog.reason": ("Себебі (жазбаша):", "Причина (письменно):", "Reason (in writing):"),
    "ui.dialog.act_reference": (
        "Актінің нөмірі мен күні:",
        "Номер и дата акта:",
        "The act's reference:",
    ),
    "ui.dialog.decision_reference": (
        "Шешімнің нөмірі мен күні:",
        "Номер и дата решения:",
        "The decision's reference:",
    ),
    "ui.dialog.reference_placeholder": (
        "мысалы: № 12, 19.03.2023",
        "например: № 12 от 19.03.2023",
        "e.g. No. 12 of 19.03.2023",
    ),
    "ui.dialog.ok": ("Растау", "Подтвердить", "Confirm"),
    "ui.dialog.cancel": ("Болдырмау", "Отмена", "Cancel"),
    "ui.dialog.close": ("Жабу", "Закрыть", "Close"),
    "ui.dialog.yes": ("Иә", "Да", "Yes"),
    "ui.dialog.no": ("Жоқ", "Нет", "No"),
    # -- history ------------------------------------------------------------------------------
    "ui.history.title": (
        "Хаттама тарихы: {protocol}",
        "История протокола: {protocol}",
        "Protocol history: {protocol}",
    ),
    "ui.history.when": ("Уақыты", "Время", "When"),
    "ui.history.who": ("Кім", "Кто", "Who"),
    "ui.history.what": ("Не істелді", "Действие", "What"),
    "ui.history.round": ("Айналым", "Раунд", "Round"),
    "ui.history.reason": ("Себебі", "Причина", "Reason"),
    "ui.history.act": ("Акт / шешім", "Акт / решение", "Act / decision"),
    "ui.history.figures": ("Сандар", "Цифры", "Figures"),
    # -- attachments --------------------------------------------------------------------------
    "ui.attach.title": (
        "Қағаз хаттаманың сканы мен актілер",
        "Скан бумажного протокола и акты",
        "Scans of the paper protocol and acts",
    ),
    "ui.attach.add": ("Тіркеу…", "Прикрепить…", "Attach…"),
    "ui.attach.fit": ("Енге сыйғызу", "По ширине", "Fit"),
    "ui.attach.none": ("Тіркелген файл жоқ", "Нет прикреплённых файлов", "Nothing attached"),
    "ui.attach.choose": (
        "Скан немесе фото таңдаңыз",
        "Выберите скан или фото",
        "Choose a scan or photo",
    ),
    "ui.attach.filter": ("Суреттер мен PDF", "Изображения и PDF", "Images and PDF"),
    "ui.attach.open": ("Ашу", "Открыть", "Open"),
    "ui.attach.open_hint": (
        "Бұл файл осы жерде көрсетілмейді: «Ашу» оны басқа бағдарламада ашады.",
        "Этот файл здесь не показывается: «Открыть» откроет его в другой программе.",
        "This file is not shown here: Open shows it in another program.",
    ),
    "ui.attach.refused": ("Файл тіркелмеді", "Файл не прикреплён", "The file was not attached"),
    # -- observers' copies ----------------------------------------------------------------
    "ui.page.mode.observe": ("байқаушы көшірмесі", "копия наблюдателя", "observer's copy"),
    "ui.page.mode.observed": (
        "менің көшірмем мен ресми сандар",
        "моя копия и официальные цифры",
        "my copy and the official figures",
    ),
    "ui.observer.mine": ("Менің көшірмем ({user})", "Моя копия ({user})", "My copy ({user})"),
    "ui.observer.official": ("Ресми сандар", "Официальные цифры", "Official figures"),
    "ui.observer.edit": (
        "Көшірмені қайта енгізу…",
        "Ввести копию заново…",
        "Enter my copy again…",
    ),
    "ui.observer.saved": (
        "Көшірмеңіз сақталды",
        "Ваша копия сохранена",
        "Your copy is saved",
    ),
    "ui.observer.same": (
        "Көшірмеңіз ресми сандармен сәйкес келеді.",
        "Ваша копия совпадает с официальными цифрами.",
        "Your copy agrees with the official figures.",
    ),
    "ui.observer.differs": (
        "Көшірмеңіз ресми сандардан мына жолдарда өзгеше: {lines}",
        "Ваша копия расходится с официальными цифрами в строках: {lines}",
        "Your copy differs from the official figures in lines: {lines}",
    ),
    "ui.observer.waiting": (
        "Хаттама әлі қабылданған жоқ: ресми сандар қабылданғаннан кейін осы жерде көрінеді.",
        "Протокол ещё не принят: официальные цифры появятся здесь после принятия.",
        "The protocol is not accepted yet: the official figures show here once it is.",
    ),
    "ui.observer.checks": (
        "Көшірменің өз тексерулері:",
        "Проверки самой копии:",
        "Checks of the copy itself:",
    ),
    # -- missing ------------------------------------------------------------------------------
    "ui.missing.title": (
        "{area}: {count} хаттама",
        "{area}: протоколов {count}",
        "{area}: {count} protocols",
    ),
    "ui.missing.col.precinct": ("Учаске", "Участок", "Precinct"),
    "ui.missing.col.area": ("Аумақ", "Территория", "Area"),
    "ui.missing.col.ballot": ("Бюллетень", "Бюллетень", "Ballot"),
    "ui.missing.col.state": ("Күйі", "Состояние", "State"),
    "ui.missing.filter.open": ("Қабылданбағанның бәрі", "Все непринятые", "All not accepted"),
    "ui.missing.filter.missing": ("Енгізілмегендер", "Не введённые", "Not entered"),
    "ui.missing.filter.pending": ("Енгізу басталғандар", "Начатые", "In progress"),
    "ui.missing.filter.decision": ("Шешім күтетіндер", "Ждут решения", "Awaiting a decision"),
    # -- results ------------------------------------------------------------------------------
    "ui.results.computing": ("есептелуде…", "подсчёт…", "computing…"),
    "ui.results.up": ("↑ Жоғары", "↑ Выше", "↑ Up"),
    "ui.results.progress_bar": ("хаттамалар: {share}", "протоколы: {share}", "protocols: {share}"),
    "ui.results.progress": (
        "Қабылданды {done} / {expected}; енгізілуде {pending}; енгізілмеген {missing}; бұзушылықпен {breach}; күші жойылған {annulled}; сайлаушылардың {covered} қамтылды",
        "Принято {done} из {expected}; в работе {pending}; не введено {missing}; с нарушением {breach}; аннулировано {annulled}; охвачено {covered} избирателей",
        "Accepted {done} of {expected}; in progress {pending}; not entered {missing}; with a breach {breach}; annulled {annulled}; {covered} of voters covered",
    ),
    "ui.results.lists_title": (
        "Партиялық тізімдер: {threshold} шегі (қызыл сызық); жарамды {valid}, оның ішінде барлығына қарсы {against}",
        "Партийные списки: порог {threshold} (красная линия); действительных {valid}, из них против всех {against}",
        "Party lists: the {threshold} threshold (red line); valid {valid}, of which against all {against}",
    ),
    "ui.results.no_lists": (
        "Бұл органда партиялық тізім жоқ",
        "В этом органе нет партийных списков",
        "This body has no party lists",
    ),
    "ui.results.districts_title": (
        "Бірмандатты округтер: {count}",
        "Одномандатные округа: {count}",
        "Single-member districts: {count}",
    ),
    "ui.results.chamber_title": ("{body}: орындар", "{body}: места", "{body}: seats"),
    "ui.results.children_title": (
        "Аумақтар бойынша (екі рет басу — ішіне кіру)",
        "По территориям (двойной щелчок — вглубь)",
        "By area (double-click to drill down)",
    ),
    "ui.results.undecided": ("әлі анықталмаған", "ещё не определены", "not decided yet"),
    "ui.results.self_nominated": ("өзін-өзі ұсынған", "самовыдвиженцы", "self-nominated"),
    "ui.results.no_protocols": ("хаттама жоқ", "нет протоколов", "no protocols"),
    "ui.results.no_winner": ("жеңімпаз жоқ", "победителя нет", "no winner"),
    "ui.results.qualified": (
        "{threshold} шегінен өтті",
        "преодолел порог {threshold}",
        "passed the {threshold} threshold",
    ),
    "ui.results.below_threshold": (
        "{threshold} шегінен төмен",
        "ниже порога {threshold}",
        "below the {threshold} threshold",
    ),
    "ui.results.lists_title_part": (
        "Партиялық тізімдер осы аумақта: жарамды {valid}, оның ішінде барлығына қарсы {against}",
        "Партийные списки на этой территории: действительных {valid}, из них против всех {against}",
        "Party lists in this area: valid {valid}, of which against all {against}",
    ),
    "ui.results.seats_elsewhere": (
        "Орындар тек бүкіл сайлау округі бойынша бөлінеді ({where}). Бұл аумақ — оның бөлігі ({here} / {all} учаске): мұнда өту шегі мен орындар жоқ.",
        "Места распределяются только по всему избирательному округу ({where}). Эта территория — его часть ({here} из {all} участков): порога и мест здесь нет.",
        "Seats are allocated over the whole constituency only ({where}). This area is a part of it ({here} of {all} precincts): no threshold and no seats here.",
    ),
    "ui.results.part_share": (
        "Осы аумақтағы үлес; өту шегі бүкіл округке қолданылады",
        "Доля на этой территории; порог применяется ко всему округу",
        "The share in this area; the threshold applies to the whole constituency",
    ),
    "ui.results.partial": (
        "ішінара: {here} / {all} учаске осында; жеңімпаз бүкіл округ бойынша анықталады",
        "частично: {here} из {all} участков здесь; победитель определяется по всему округу",
        "partial: {here} of {all} precincts here; the winner is decided over the whole district",
    ),
    "ui.results.chamber_title_whole": (
        "{body}: бүкіл округ бойынша орындар ({where})",
        "{body}: места по всему округу ({where})",
        "{body}: seats over the whole constituency ({where})",
    ),
    "ui.results.col.list": ("Тізім", "Список", "List"),
    "ui.results.col.votes": ("Дауыстар", "Голоса", "Votes"),
    "ui.results.col.share": ("Үлесі", "Доля", "Share"),
    "ui.results.col.seats": ("Орын", "Мест", "Seats"),
    "ui.results.col.district": ("Округ", "Округ", "District"),
    "ui.results.col.winner": ("Жеңімпаз", "Победитель", "Winner"),
    "ui.results.col.nominated": ("Ұсынған", "Выдвинут", "Nominated by"),
    "ui.results.col.notices": ("Ескерту", "Отметки", "Notices"),
    "ui.results.col.area": ("Аумақ", "Территория", "Area"),
    "ui.results.col.protocols": ("Хаттамалар", "Протоколы", "Protocols"),
    "ui.results.col.turnout": ("Қатысу", "Явка", "Turnout"),
    "ui.results.col.leader": ("Алда", "Лидер", "Leading"),
    # -- sign-in, users -----------------------------------------------------------------------
    "ui.signin.title": ("kztally — кіру", "kztally — вход", "kztally — sign in"),
    "ui.signin.heading": ("Жүйеге кіру", "Вход в систему", "Sign in"),
    "ui.signin.name": ("Пайдаланушы:", "Пользователь:", "Account:"),
    "ui.signin.password": ("Құпиясөз:", "Пароль:", "Password:"),
    "ui.signin.language": ("Тіл:", "Язык:", "Language:"),
    "ui.signin.ok": ("Кіру", "Войти", "Sign in"),
    "ui.users.title": ("Пайдаланушылар", "Пользователи", "Users"),
    "ui.users.role": ("Рөлі:", "Роль:", "Role:"),
    "ui.users.add": ("Қосу", "Добавить", "Add"),
    "ui.users.password_again": ("Құпиясөз (қайта):", "Пароль (ещё раз):", "Password again:"),
    "ui.users.new_password": ("Жаңа құпиясөз:", "Новый пароль:", "New password:"),
    "ui.users.reset": ("Құпиясөзді ауыстыру…", "Сменить пароль…", "Reset password…"),
    "ui.users.reset_title": (
        "{name}: жаңа құпиясөз",
        "{name}: новый пароль",
        "{name}: new password",
    ),
    "ui.users.set_role": ("Рөлді өзгерту", "Изменить роль", "Change role"),
    "ui.users.deactivate": ("Өшіру", "Отключить", "Deactivate"),
    "ui.users.activate": ("Қосу (белсенді ету)", "Включить", "Activate"),
    "ui.users.inactive": ("өшірілген", "отключена", "deactivated"),
    "ui.users.locked": (
        "{until} дейін бұғатталған",
        "заблокирована до {until}",
        "locked until {until}",
    ),
    "ui.users.no_password": ("құпиясөзі жоқ", "нет пароля", "no password"),
    "ui.users.done": ("Сақталды.", "Сохранено.", "Saved."),
    "ui.users.not_permitted": (
        "Бұл жұмыс орнының дерекқор логині есептік жазбаларды өзгерте алмайды: "
        "әкімшінің дерекқор логинімен кіріңіз.",
        "Логин базы данных этого рабочего места не может изменять учётные записи: "
        "войдите с логином администратора базы данных.",
        "This workstation's database login may not change accounts: "
        "connect with the administrator's database login.",
    ),
    "ui.lock.title": ("kztally — бұғатталған", "kztally — заблокировано", "kztally — locked"),
    "ui.lock.heading": (
        "Жұмыс орны бос тұрғандықтан бұғатталды",
        "Рабочее место заблокировано из-за бездействия",
        "This workstation is locked after being left idle",
    ),
    "ui.lock.hint": (
        "{name} құпиясөзін (немесе әкімшінің атын және құпиясөзін) енгізіңіз.",
        "Введите пароль {name} (или имя и пароль администратора).",
        "Enter {name}'s password (or an administrator's name and password).",
    ),
    "ui.lock.unlock": ("Ашу", "Разблокировать", "Unlock"),
    # -- refusals (service codes) -------------------------------------------------------------
    "ui.error.permission": (
        "Сіздің рөліңіз бұған рұқсат бермейді.",
        "Ваша роль этого не позволяет.",
        "Your role does not allow this.",
    ),
    "ui.error.role": (
        "Сіздің рөліңіз бұған рұқсат бермейді.",
        "Ваша роль этого не позволяет.",
        "Your role does not allow this.",
    ),
    "ui.error.state": (
        "Хаттаманың қазіргі күйінде бұл мүмкін емес.",
        "В текущем состоянии протокола это невозможно.",
        "The protocol's state does not allow this.",
    ),
    "ui.error.same_clerk": (
        "Екінші енгізуді бірінші енгізген тіркеуші емес, басқа тіркеуші жасауы керек.",
        "Второй ввод должен сделать другой регистратор, не тот, кто делал первый.",
        "The second entry must be made by another clerk than the first.",
    ),
    "ui.error.reason": (
        "Жазбаша себеп қажет.",
        "Нужна письменная причина.",
        "A written reason is needed.",
    ),
    "ui.error.act": (
        "Актінің нөмірі қажет.",
        "Нужен номер акта.",
        "The act's reference is needed.",
    ),
    "ui.error.reference": (
        "Шешімнің нөмірі қажет.",
        "Нужен номер решения.",
        "The decision's reference is needed.",
    ),
    "ui.error.breach_kind": (
        "Бұл бұзушылықты қабылдауға болмайды: қайта санаңыз немесе түзетіңіз.",
        "Это нарушение принять нельзя: пересчитайте или исправьте.",
        "This breach cannot be accepted: recount or correct.",
    ),
    "ui.error.concurrent_change": (
        "Бұл хаттаманы басқа біреу өзгертті. Қазіргі күйі көрсетілді — қайта әрекет етіңіз.",
        "Этот протокол изменил кто-то другой. Показано текущее состояние — повторите действие.",
        "Someone else changed this protocol. Its current state is shown: act again.",
    ),
    "ui.error.official": (
        "Қорытындылар ресми: әкімші себебін жазып бұғатын ашқанға дейін ештеңе өзгертілмейді.",
        "Итоги официальные: ничего нельзя изменить, пока администратор не разблокирует их, указав причину.",
        "The results are official: nothing can be changed until an administrator unlocks them with a reason.",
    ),
    "ui.error.not_found": ("Табылмады.", "Не найдено.", "Not found."),
    "ui.error.invalid": ("Сұрау дұрыс емес.", "Неверный запрос.", "The request is not valid."),
    "ui.error.no_election": (
        "Бұл дерекқорда сайлау жүктелмеген. Әкімші сайлауды жүктеуі керек.",
        "В этой базе нет выборов. Администратор должен загрузить выборы.",
        "No election is loaded in this database. An administrator must load one.",
    ),
    "ui.error.election_mismatch": (
        "Бұл дерекқорда басқа сайлау бар.",
        "В этой базе другие выборы.",
        "This database holds another election.",
    ),
    "ui.error.election_altered": (
        "Сақталған сайлау анықтамасы өзінің хэшіне сәйкес келмейді: ол kztally-ден тыс "
        "өзгертілген. kztally audit verify іске қосыңыз.",
        "Сохранённое описание выборов не совпадает со своим хэшем: его изменили в обход "
        "kztally. Запустите kztally audit verify.",
        "The stored election does not match its hash: it was changed outside kztally. "
        "Run kztally audit verify.",
    ),
    "ui.error.authentication": (
        "Пайдаланушы аты немесе құпиясөз қате.",
        "Неверное имя или пароль.",
        "Wrong account name or password.",
    ),
    "ui.error.password_required": (
        "Құпиясөзді енгізіңіз.",
        "Введите пароль.",
        "Enter the password.",
    ),
    "ui.error.weak_password.too_short": (
        "Құпиясөз кемінде {min} таңбадан тұрады.",
        "Пароль должен быть не короче {min} символов.",
        "A password has at least {min} characters.",
    ),
    "ui.error.weak_password.too_long": (
        "Құпиясөз тым ұзын.",
        "Пароль слишком длинный.",
        "The password is too long.",
    ),
    "ui.error.weak_password.is_name": (
        "Құпиясөз пайдаланушы атымен бірдей болмауы керек.",
        "Пароль не может совпадать с именем пользователя.",
        "A password cannot be the account's name.",
    ),
    "ui.error.weak_password.characters": (
        "Құпиясөзде рұқсат етілмеген таңбалар бар.",
        "Пароль содержит недопустимые символы.",
        "The password holds characters that are not allowed.",
    ),
    "ui.error.locked": (
        "Қате құпиясөздер көп болғандықтан тіркелгі {until} дейін бұғатталды.",
        "После нескольких неверных паролей учётная запись заблокирована до {until}.",
        "After repeated wrong passwords the account is locked until {until}.",
    ),
    "ui.error.last_administrator": (
        "Бұл соңғы белсенді әкімші: алдымен басқа әкімші тағайындаңыз.",
        "Это последний активный администратор: сначала назначьте другого.",
        "This is the last active administrator: make another one first.",
    ),
    "ui.error.inactive": (
        "Бұл тіркелгі өшірілген.",
        "Эта учётная запись отключена.",
        "This account is deactivated.",
    ),
    "ui.error.no_password": (
        "Бұл тіркелгінің құпиясөзі әлі жоқ: оны әкімші орнатады.",
        "У этой учётной записи ещё нет пароля: его задаёт администратор.",
        "This account has no password yet: an administrator sets one.",
    ),
    "ui.error.session_ended": (
        "Сеанс аяқталды: қайта кіріңіз.",
        "Сеанс завершён: войдите снова.",
        "The session has ended: sign in again.",
    ),
    # -- first start --------------------------------------------------------------------------
    "ui.wizard.title": (
        "kztally — алғашқы іске қосу",
        "kztally — первый запуск",
        "kztally — first start",
    ),
    "ui.wizard.next": ("Келесі >", "Далее >", "Next >"),
    "ui.wizard.back": ("< Артқа", "< Назад", "< Back"),
    "ui.wizard.finish": ("Дайын", "Готово", "Finish"),
    "ui.wizard.browse": ("Шолу…", "Обзор…", "Browse…"),
    "ui.wizard.db_title": ("Дерекқор", "База данных", "Database"),
    "ui.wizard.db_subtitle": (
        "Хаттамалар қайда сақталады?",
        "Где будут храниться протоколы?",
        "Where are the protocols kept?",
    ),
    "ui.wizard.sqlite": (
        "Осы компьютердегі файл (SQLite)",
        "Файл на этом компьютере (SQLite)",
        "A file on this computer (SQLite)",
    ),
    "ui.wizard.postgres": (
        "PostgreSQL сервері (бірнеше жұмыс орны)",
        "Сервер PostgreSQL (несколько рабочих мест)",
        "A PostgreSQL server (several workstations)",
    ),
    "ui.wizard.db_hint": (
        "Бірнеше компьютер бір уақытта жұмыс істесе, PostgreSQL таңдаңыз.",
        "Если одновременно работают несколько компьютеров, выберите PostgreSQL.",
        "Choose PostgreSQL when several computers work at the same time.",
    ),
    "ui.wizard.db_file": ("Дерекқор файлы", "Файл базы данных", "Database file"),
    "ui.wizard.admin_title": ("Әкімші", "Администратор", "Administrator"),
    "ui.wizard.admin_subtitle": (
        "Пайдаланушыларды және сайлауды басқаратын тіркелгі",
        "Учётная запись, которая управляет пользователями и выборами",
        "The account that manages users and the election",
    ),
    "ui.wizard.repeat": ("Құпиясөзді қайталаңыз:", "Повторите пароль:", "Repeat the password:"),
    "ui.wizard.mismatch": (
        "Құпиясөздер сәйкес емес",
        "Пароли не совпадают",
        "The passwords differ",
    ),
    "ui.wizard.election_title": ("Сайлау", "Выборы", "Election"),
    "ui.wizard.election_subtitle": (
        "Қай сайлау есептеледі?",
        "Какие выборы считаются?",
        "Which election is counted?",
    ),
    "ui.wizard.bundled": (
        "2023 жылғы 19 наурыздағы сайлау (бағдарламамен бірге)",
        "Выборы 19 марта 2023 года (поставляются с программой)",
        "The election of 19 March 2023 (ships with the program)",
    ),
    "ui.wizard.mock": ("Оқу-жаттығу сайлауы", "Учебные выборы", "A mock election for training"),
    "ui.wizard.file": (
        "Сайлау анықтамасының файлы",
        "Файл описания выборов",
        "An election definition file",
    ),
    "ui.wizard.definition": ("Сайлау анықтамасы", "Описание выборов", "Election definition"),
    "ui.wizard.scale": ("Көлемі:", "Масштаб:", "Scale:"),
    "ui.wizard.seed": ("Нұсқа:", "Вариант:", "Variant:"),
    "ui.wizard.scale.small": (
        "бір аудан (~40 учаске)",
        "один район (~40 участков)",
        "one district (~40 precincts)",
    ),
    "ui.wizard.scale.region": ("бір облыс", "одна область", "one region"),
    "ui.wizard.scale.national": (
        "бүкіл ел (10 223 учаске)",
        "вся страна (10 223 участка)",
        "the whole country (10,223 precincts)",
    ),
    "ui.wizard.election_hint": (
        "Оқу сайлауы әр экранда қызыл жолақпен белгіленеді.",
        "Учебные выборы отмечены красной полосой на каждом экране.",
        "A mock election is marked by a red band on every screen.",
    ),
    "ui.wizard.creating": (
        "Дерекқор дайындалуда…",
        "Готовится база данных…",
        "Preparing the database…",
    ),
}


def register_texts() -> None:
    """Put the screen texts (and the domain's, when installed) into the catalog."""
    i18n.register(
        {key: dict(zip(i18n.LANGUAGES, values, strict=True)) for key, values in TEXTS.items()}
    )
    domain_texts.register_texts()
    texts_night.register_texts()
    texts_night2.register_texts()
    texts_margins.register_texts()
    texts_polish.register_texts()
    texts_forensics.register_texts()
    texts_paper.register_texts()
    texts_crosscheck.register_texts()
    texts_formal.register_texts()
    texts_training.register_texts()
