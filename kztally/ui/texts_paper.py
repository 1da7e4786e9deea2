# ruff: noqa: E501 (a catalog of sentences: one text per line reads and diffs best)
"""The paper screens' texts (printing, taking protocols in, commission keys), in Kazakh,
Russian and English (registered with the screens' own texts by
`kztally.ui.texts.register_texts`). Counts are shown after a colon ("Files saved: 3"),
so the words need not agree with the number."""

from __future__ import annotations

from kztally import i18n

# id: (kk, ru, en)
TEXTS: dict[str, tuple[str, str, str]] = {
    # -- the menu ------------------------------------------------------------------------
    "ui.menu.paper": ("Қағаз", "Бумага", "Paper"),
    "ui.action.print": ("Хаттаманы басып шығару…", "Печать протокола…", "Print the protocol…"),
    "ui.action.print_area": (
        "Аумақтың хаттамаларын басып шығару…",
        "Печать протоколов территории…",
        "Print an area's protocols…",
    ),
    "ui.action.print_summary": (
        "Жиынтық хаттаманы басып шығару…",
        "Печать сводного протокола…",
        "Print the summary…",
    ),
    "ui.action.print_results": (
        "Қорытындылар хаттамасын басып шығару…",
        "Печать протокола о результатах…",
        "Print the results protocol…",
    ),
    "ui.tip.print_results": (
        "Көрсетілген органның сайлау қорытындылары туралы хаттамасы: алдын ала қарау, басып шығару, PDF",
        "Протокол о результатах выборов показанного органа: предпросмотр, печать, PDF",
        "The results protocol of the body shown: preview, print, PDF",
    ),
    "ui.action.intake": ("Хаттамаларды қабылдау…", "Приём протоколов…", "Take in protocols…"),
    "ui.action.keys": ("Комиссиялардың кілттері…", "Ключи комиссий…", "Commission keys…"),
    # -- F1 --------------------------------------------------------------------------------
    "ui.help.screen.print": ("басып шығару", "печать", "printing"),
    "ui.help.screen.intake": ("хаттамаларды қабылдау", "приём протоколов", "taking protocols in"),
    "ui.help.screen.keys": ("комиссиялардың кілттері", "ключи комиссий", "commission keys"),
    "ui.keys.print_preview": ("Алдын ала қарау", "Предпросмотр", "Preview"),
    "ui.keys.print_print": ("Принтерге басып шығару", "Печать на принтере", "Print on a printer"),
    "ui.keys.print_save": ("PDF ретінде сақтау", "Сохранить как PDF", "Save as PDF"),
    "ui.keys.close": ("Терезені жабу", "Закрыть окно", "Close the window"),
    "ui.keys.intake_choose": ("Файлдарды таңдау", "Выбрать файлы", "Choose files"),
    "ui.keys.intake_take": (
        "Оқылған хаттамаларды қабылдау",
        "Принять прочитанные протоколы",
        "Take in the protocols read",
    ),
    "ui.keys.intake_rows": (
        "Хаттама мен оның бетін көрсету",
        "Показать протокол и его страницу",
        "Show a protocol and its page",
    ),
    "ui.keys.keyring_new": ("Жаңа кілт", "Новый ключ", "A new key"),
    # -- shared ----------------------------------------------------------------------------
    "ui.paper.browse": ("Шолу…", "Обзор…", "Browse…"),
    "ui.paper.key_file": ("Жабық кілт файлы", "Файл закрытого ключа", "Private key file"),
    "ui.paper.passphrase": ("Құпия фраза", "Парольная фраза", "Passphrase"),
    "ui.paper.passphrase_again": (
        "Құпия фраза (қайтадан)",
        "Парольная фраза (ещё раз)",
        "Passphrase (again)",
    ),
    "ui.paper.passphrases_differ": (
        "Екі құпия фраза сәйкес емес: қайта теріңіз.",
        "Парольные фразы не совпадают: введите их снова.",
        "The two passphrases differ: type them again.",
    ),
    "ui.paper.key_file_missing": (
        "Жабық кілт файлын таңдаңыз.",
        "Выберите файл закрытого ключа.",
        "Choose the private key file.",
    ),
    "ui.paper.key_file_exists": (
        "{path} бар: кілт файлы ешқашан қайта жазылмайды. Басқа атау таңдаңыз.",
        "{path} уже существует: файл ключа никогда не перезаписывается. Выберите другое имя.",
        "{path} exists: a key file is never overwritten. Choose another name.",
    ),
    "ui.paper.key_file_error": (
        "Кілт файлын ашу мүмкін емес: құпия фраза қате немесе бұл kztally кілті емес ({detail}).",
        "Файл ключа не открывается: неверная парольная фраза или это не ключ kztally ({detail}).",
        "The key file cannot be opened: a wrong passphrase, or not a kztally key ({detail}).",
    ),
    "ui.paper.page_n": ("{n}-бет", "Страница {n}", "Page {n}"),
    # -- printing --------------------------------------------------------------------------
    "ui.print.title": ("Басып шығару", "Печать", "Print"),
    "ui.print.kind.protocol": (
        "Учаскелік комиссияның хаттамасы",
        "Протокол участковой комиссии",
        "Precinct protocol",
    ),
    "ui.print.kind.area": (
        "Аумақтың барлық учаскелік хаттамалары",
        "Все протоколы участков территории",
        "An area's precinct protocols",
    ),
    "ui.print.kind.summary": (
        "Жиынтық хаттама (аумақтық комиссия, ОСК)",
        "Сводный протокол (территориальная комиссия, ЦИК)",
        "Summary protocol (territorial commission, CEC)",
    ),
    "ui.print.kind.results": (
        "Сайлау қорытындылары туралы хаттама",
        "Протокол о результатах выборов",
        "Results protocol",
    ),
    "ui.print.field.body": ("Сайланатын орган", "Избираемый орган", "Elected body"),
    "ui.print.tip.body": (
        "Қорытындылары басылатын орган: Мәжіліс немесе мәслихат",
        "Орган, результаты выборов которого печатаются: Мажилис или маслихат",
        "The body whose results are printed: the Mazhilis or a maslikhat",
    ),
    "ui.print.field.kind": ("Құжат", "Документ", "Document"),
    "ui.print.field.language": ("Құжаттың тілі", "Язык документа", "Document language"),
    "ui.print.field.precinct": ("Учаске", "Участок", "Precinct"),
    "ui.print.field.area": (
        "Аумақ (аудан, облыс)",
        "Территория (район, область)",
        "Area (district, region)",
    ),
    "ui.print.field.contest": ("Бюллетень", "Бюллетень", "Ballot"),
    "ui.print.field.copy": ("Данасы", "Экземпляр", "Copy"),
    "ui.print.field.key": ("Комиссияның кілті", "Ключ комиссии", "Commission's key"),
    "ui.print.field.keys": (
        "Учаскелердің кілттері (бума)",
        "Ключи участков (папка)",
        "Precincts' keys (folder)",
    ),
    "ui.print.field.passphrase": ("Құпия фраза", "Парольная фраза", "Passphrase"),
    "ui.print.field.each": ("Файлдар", "Файлы", "Files"),
    "ui.print.tip.kind": (
        "Қандай құжат басылады",
        "Какой документ печатается",
        "Which document is printed",
    ),
    "ui.print.tip.language": (
        "Құжат басылатын тіл (экрандағы тілден бөлек)",
        "Язык, на котором печатается документ (независимо от языка экрана)",
        "The language the document is printed in (whatever the screen's)",
    ),
    "ui.print.tip.precinct": (
        "Учаскенің коды, мысалы P00421",
        "Код участка, например P00421",
        "The precinct's code, e.g. P00421",
    ),
    "ui.print.tip.area": (
        "Аумақтың коды (аумақтық комиссия, облыс), мысалы R18-D02",
        "Код территории (территориальная комиссия, область), например R18-D02",
        "The area's code (a territorial commission, a region), e.g. R18-D02",
    ),
    "ui.print.tip.contest": (
        "Бюллетеннің түрі",
        "Вид бюллетеня",
        "The ballot type",
    ),
    "ui.print.tip.copy": (
        "Түпнұсқа немесе бақылаушыға арналған нөмірлі куәландырылған көшірме",
        "Подлинник или заверенная копия с номером для наблюдателя",
        "The original, or a certified copy numbered for an observer",
    ),
    "ui.print.tip.key": (
        "Учаскелік комиссияның жабық кілті: хаттаманың коды онымен қол қойылады",
        "Закрытый ключ участковой комиссии: им подписывается код протокола",
        "The precinct commission's private key: it signs the protocol's code",
    ),
    "ui.print.tip.keys": (
        "Учаскелердің кілт файлдары салынған бума (CODE.key), бәрі бір құпия фразамен",
        "Папка с файлами ключей участков (CODE.key), все с одной парольной фразой",
        "A folder of the precincts' key files (CODE.key), all with one passphrase",
    ),
    "ui.print.tip.passphrase": (
        "Кілт файлының құпия фразасы",
        "Парольная фраза файла ключа",
        "The key file's passphrase",
    ),
    "ui.print.tip.each": (
        "Әр хаттама бөлек файлға",
        "Каждый протокол в отдельный файл",
        "Each protocol in a file of its own",
    ),
    "ui.print.every_ballot": ("барлық бюллетеньдер", "все бюллетени", "every ballot"),
    "ui.print.original": ("түпнұсқа", "подлинник", "original"),
    "ui.print.certified_copy": (
        "куәландырылған көшірме №",
        "заверенная копия №",
        "certified copy No.",
    ),
    "ui.print.copy_number": ("Көшірменің нөмірі", "Номер копии", "Copy number"),
    "ui.print.each": (
        "әр хаттама бөлек файлға",
        "каждый протокол в свой файл",
        "one file per protocol",
    ),
    "ui.print.each_tip": (
        "Белгіленсе — бумаға әр хаттамаға бір PDF; белгіленбесе — бәрі бір PDF-те",
        "Отмечено — по одному PDF на протокол в папку; нет — все в одном PDF",
        "Checked: one PDF per protocol into a folder; unchecked: all in one PDF",
    ),
    "ui.print.preview": ("Алдын ала қарау (F5)", "Предпросмотр (F5)", "Preview (F5)"),
    "ui.print.print": ("Басып шығару… (Ctrl+P)", "Печать… (Ctrl+P)", "Print… (Ctrl+P)"),
    "ui.print.save": (
        "PDF ретінде сақтау… (Ctrl+S)",
        "Сохранить как PDF… (Ctrl+S)",
        "Save as PDF… (Ctrl+S)",
    ),
    "ui.print.preview_tip": (
        "Құжатты жасап, беттерін осы жерде көрсету",
        "Составить документ и показать его страницы здесь",
        "Make the document and show its pages here",
    ),
    "ui.print.print_tip": (
        "Жүйенің басып шығару терезесі, содан кейін барлық беттер",
        "Системное окно печати, затем все страницы",
        "The system's print dialog, then every page",
    ),
    "ui.print.save_tip": (
        "Құжатты PDF файлға жазу (таңбаланған мәтінмен және қол қойылған кодпен)",
        "Записать документ в файл PDF (с текстом и подписанным кодом)",
        "Write the document to a PDF file (with its text and signed code)",
    ),
    "ui.print.pages": ("Құжаттың беттері", "Страницы документа", "The document's pages"),
    "ui.print.need": ("Толтырыңыз: {field}.", "Заполните: {field}.", "Fill in: {field}."),
    "ui.print.making": ("Құжат жасалуда…", "Составляется документ…", "Making the document…"),
    "ui.print.saving": ("Құжат сақталуда…", "Сохраняется документ…", "Saving the document…"),
    "ui.print.cancelled": (
        "Тоқтатылды: ешқандай файл жазылған жоқ.",
        "Отменено: ни один файл не записан.",
        "Cancelled: no file was written.",
    ),
    "ui.print.shown": (
        "{name} — беттер: {pages}.",
        "{name} — страниц: {pages}.",
        "{name} — pages: {pages}.",
    ),
    "ui.print.first_pages": (
        "Алғашқы {n} бет көрсетілген.",
        "Показаны первые {n} стр.",
        "The first {n} are shown.",
    ),
    "ui.print.first_only": (
        "Тек бірінші хаттама көрсетілген; сақтағанда бәрі басылады.",
        "Показан только первый протокол; при сохранении печатаются все.",
        "Only the first protocol is shown; saving prints them all.",
    ),
    "ui.print.print_each": (
        "Принтерге бір құжат жіберіледі: «әр хаттама бөлек файлға» белгісін алып тастаңыз.",
        "На принтер отправляется один документ: снимите отметку «каждый протокол в свой файл».",
        "A printer takes one document: uncheck “one file per protocol”.",
    ),
    "ui.print.printed": (
        "Басып шығарылды, беттер: {pages}.",
        "Напечатано страниц: {pages}.",
        "Printed, pages: {pages}.",
    ),
    "ui.print.saved": (
        "Сақталған файлдар: {n} — {path}",
        "Сохранено файлов: {n} — {path}",
        "Files saved: {n} — {path}",
    ),
    # -- taking in -------------------------------------------------------------------------
    "ui.intake.title": ("Хаттамаларды қабылдау", "Приём протоколов", "Take in protocols"),
    "ui.intake.tab.desk": ("Оқу және қабылдау", "Чтение и приём", "Read and take in"),
    "ui.intake.tab.register": ("Қағаздар тізілімі", "Реестр бумаг", "Register of papers"),
    "ui.intake.choose": (
        "Файлдарды таңдау… (Ctrl+O)",
        "Выбрать файлы… (Ctrl+O)",
        "Choose files… (Ctrl+O)",
    ),
    "ui.intake.choose_tip": (
        "PDF, сканер суреттері немесе фотолар (PNG, JPEG): кодтары оқылады, әлі ештеңе қабылданбайды",
        "PDF, сканы или фото (PNG, JPEG): коды читаются, пока ничего не принимается",
        "PDFs, scans or photos (PNG, JPEG): their codes are read; nothing is taken in yet",
    ),
    "ui.intake.watch": (
        "Сканер бумасын бақылау",
        "Следить за папкой сканера",
        "Watch a scanner folder",
    ),
    "ui.intake.watch_tip": (
        "Бумаға түскен әр жаңа файл өздігінен оқылады",
        "Каждый новый файл в папке читается сам",
        "Every new file landing in the folder is read by itself",
    ),
    "ui.intake.watching": (
        "Бақыланатын бума: {path}",
        "Папка под наблюдением: {path}",
        "Watching: {path}",
    ),
    "ui.intake.take": ("Қабылдау (Ctrl+Enter)", "Принять (Ctrl+Enter)", "Take in (Ctrl+Enter)"),
    "ui.intake.take_tip": (
        "Растау: оқылған хаттамалар күй машинасы арқылы қабылданады, әрқайсысы аудит журналына жазылады",
        "Подтвердить: прочитанные протоколы принимаются через машину состояний, каждый пишется в журнал аудита",
        "Confirm: the protocols read go through the state machine, each written to the audit log",
    ),
    "ui.intake.typed": ("Қағаздан теру…", "Ввести с бумаги…", "Type from the paper…"),
    "ui.intake.typed_tip": (
        "Коды оқылмайтын қағаз: сандарды және хэштің екі тобын теріңіз",
        "Код не читается: введите цифры и две группы хеша с бумаги",
        "A code that cannot be read: type the figures and two of the paper's hash groups",
    ),
    "ui.intake.clear": ("Тізімді тазарту", "Очистить список", "Clear the list"),
    "ui.intake.clear_tip": (
        "Оқылған файлдарды тізімнен алып тастау (ештеңе өзгермейді)",
        "Убрать прочитанные файлы из списка (ничего не меняется)",
        "Take the files read off the list (nothing changes)",
    ),
    "ui.intake.refresh": ("Жаңарту", "Обновить", "Refresh"),
    "ui.intake.refresh_tip": (
        "Тізілімді дерекқордан қайта оқу",
        "Перечитать реестр из базы данных",
        "Read the register again from the database",
    ),
    "ui.intake.table": ("Оқылған хаттамалар", "Прочитанные протоколы", "Protocols read"),
    "ui.intake.page": ("Қағаздың беті", "Страница бумаги", "The paper's page"),
    "ui.intake.col.file": ("Файл", "Файл", "File"),
    "ui.intake.col.precinct": ("Учаске", "Участок", "Precinct"),
    "ui.intake.col.contest": ("Бюллетень", "Бюллетень", "Ballot"),
    "ui.intake.col.case": ("Не болады", "Что произойдёт", "What will happen"),
    "ui.intake.col.done": ("Нәтиже", "Итог", "Outcome"),
    "ui.intake.col.round": ("Кезең", "Тур", "Round"),
    "ui.intake.col.how": ("Қалай", "Как", "How"),
    "ui.intake.col.outcome": ("Нәтиже", "Итог", "Outcome"),
    "ui.intake.col.at": ("Уақыты", "Время", "When"),
    "ui.intake.col.by": ("Кім", "Кто", "By"),
    "ui.intake.case.new": (
        "жаңа: код екі енгізудің орнына жүреді → {state}",
        "новый: код заменяет оба ввода → {state}",
        "new: the code stands for both entries → {state}",
    ),
    "ui.intake.case.agrees": (
        "терілген енгізумен сәйкес → {state}",
        "совпадает с введённым → {state}",
        "agrees with the typed entry → {state}",
    ),
    "ui.intake.case.differs": (
        "терілген енгізуден өзгеше → супервайзерге",
        "расходится с введённым → супервайзеру",
        "differs from the typed entry → to the supervisor",
    ),
    "ui.intake.case.unchanged": (
        "дәл осы сандармен қабылданған: ештеңе өзгермейді",
        "уже принят с теми же цифрами: ничего не изменится",
        "already accepted with the same figures: nothing changes",
    ),
    "ui.intake.case.refused": (
        "қабылданбайды: {reason}",
        "будет отклонён: {reason}",
        "refused: {reason}",
    ),
    "ui.intake.waiting": ("растауды күтуде", "ждёт подтверждения", "waiting for confirmation"),
    "ui.intake.done.taken_in": ("қабылданды ({state})", "принят ({state})", "taken in ({state})"),
    "ui.intake.done.unchanged": ("өзгеріссіз", "без изменений", "unchanged"),
    "ui.intake.done.refused": ("қабылданбады: {reason}", "отклонён: {reason}", "refused: {reason}"),
    "ui.intake.reading": ("Файлдар оқылуда…", "Читаются файлы…", "Reading the files…"),
    "ui.intake.taking": (
        "Хаттамалар қабылдануда…",
        "Принимаются протоколы…",
        "Taking the protocols in…",
    ),
    "ui.intake.summary": (
        "Қабылданды: {taken}; өзгеріссіз: {unchanged}; қабылданбады: {refused}.",
        "Принято: {taken}; без изменений: {unchanged}; отклонено: {refused}.",
        "Taken in: {taken}; unchanged: {unchanged}; refused: {refused}.",
    ),
    "ui.intake.lines": ("1–8 жолдар: {numbers}", "Строки 1–8: {numbers}", "Lines 1–8: {numbers}"),
    "ui.intake.votes": ("Дауыстар: {numbers}", "Голоса: {numbers}", "Votes: {numbers}"),
    "ui.intake.against_all": ("Бәріне қарсы: {n}", "Против всех: {n}", "Against all: {n}"),
    "ui.intake.arrived": ("Келген қағаздар: {n}", "Поступило бумаг: {n}", "Papers arrived: {n}"),
    "ui.intake.missing": (
        "Әлі жоқ қағаздар: {n}",
        "Ещё не поступило бумаг: {n}",
        "Papers still missing: {n}",
    ),
    "ui.intake.how.code": ("қол қойылған код", "подписанный код", "signed code"),
    "ui.intake.how.typed": ("қағаздан терілген", "введено с бумаги", "typed from the paper"),
    "ui.intake.outcome.taken_in": ("қабылданды", "принят", "taken in"),
    "ui.intake.outcome.unchanged": ("өзгеріссіз", "без изменений", "unchanged"),
    "ui.intake.reason.unreadable": (
        "оқылмайды: код табылмады",
        "не читается: код не найден",
        "unreadable: no code could be read",
    ),
    "ui.intake.reason.truncated": (
        "оқылмайды: код қысқартылған",
        "не читается: код обрезан",
        "unreadable: the code is cut short",
    ),
    "ui.intake.reason.malformed": (
        "оқылмайды: код пішімге сай емес",
        "не читается: код не соответствует формату",
        "unreadable: the code does not fit the format",
    ),
    "ui.intake.reason.not_a_protocol": (
        "хаттаманың коды емес",
        "это не код протокола",
        "not a protocol's code",
    ),
    "ui.intake.reason.version": (
        "бұл kztally оқымайтын пішім нұсқасы",
        "версия формата, которую эта kztally не читает",
        "a format version this kztally does not read",
    ),
    "ui.intake.reason.missing_parts": (
        "толық емес: кодтың бөліктері жоқ",
        "неполный: нет частей кода",
        "incomplete: parts of the code are missing",
    ),
    "ui.intake.reason.bad_signature": (
        "өзгертілген: қолтаңба сәйкес емес",
        "изменён: подпись не совпадает",
        "altered: the signature does not match",
    ),
    "ui.intake.reason.unknown_key": (
        "белгісіз кілт: кілттер тізімінде жоқ",
        "неизвестный ключ: его нет в списке ключей",
        "unknown key: not on the key list",
    ),
    "ui.intake.reason.uncertified": (
        "кілт ОСК-ға дейін куәландырылмаған",
        "ключ не заверен вплоть до ЦИК",
        "the key is not certified up to the CEC",
    ),
    "ui.intake.reason.revoked": ("кілт кері қайтарылған", "ключ отозван", "the key was revoked"),
    "ui.intake.reason.other_commission": (
        "басқа комиссияның кілтімен қол қойылған",
        "подписан ключом другой комиссии",
        "signed by another commission's key",
    ),
    "ui.intake.reason.training_key": (
        "есептелетін сайлаудағы оқу кілті",
        "учебный ключ на настоящих выборах",
        "a training key in an election that counts",
    ),
    "ui.intake.reason.other_election": (
        "басқа сайлауға қол қойылған",
        "подписан для других выборов",
        "signed for another election",
    ),
    "ui.intake.reason.unknown_protocol": (
        "бұл сайлауда мұндай хаттама жоқ",
        "такого протокола нет в этих выборах",
        "no such protocol in this election",
    ),
    "ui.intake.reason.stale": (
        "ескірген: қайта санау оны ауыстырды",
        "устарел: его заменил пересчёт",
        "stale: a recount superseded it",
    ),
    "ui.intake.reason.round": (
        "мұнда жазылғаннан кейінгі кезеңдікі",
        "более позднего тура, чем записан здесь",
        "of a later round than recorded here",
    ),
    "ui.intake.reason.conflict": (
        "қайшылық: хаттамада басқа сандар бар",
        "конфликт: в протоколе другие цифры",
        "conflict: the protocol holds other figures",
    ),
    "ui.intake.reason.state": (
        "хаттаманың күйі бұған жол бермейді",
        "состояние протокола этого не допускает",
        "the protocol's state does not allow it",
    ),
    "ui.intake.reason.concurrent_change": (
        "осы уақытта басқа біреу өзгертті",
        "тем временем изменён кем-то другим",
        "changed by someone else meanwhile",
    ),
    "ui.intake.reason.invalid": (
        "бюллетеньге сай емес сандар",
        "цифры не подходят к бюллетеню",
        "figures that do not fit the ballot",
    ),
    "ui.intake.reason.not_found": (
        "мұндай хаттама жоқ",
        "такого протокола нет",
        "no such protocol",
    ),
    "ui.intake.reason.official": (
        "нәтижелер ресми деп белгіленген",
        "итоги отмечены как официальные",
        "the results are marked official",
    ),
    "ui.intake.reason.role": (
        "сіздің рөліңіз хаттама қабылдамайды",
        "ваша роль не принимает протоколы",
        "your role does not take protocols in",
    ),
    "ui.intake.reason.other": ("себебі: {reason}", "причина: {reason}", "reason: {reason}"),
    "ui.intake.typed_load": (
        "Бюллетеньнің жолдарын көрсету",
        "Показать строки бюллетеня",
        "Show the ballot's lines",
    ),
    "ui.intake.typed_groups": ("Хэштің екі тобы", "Две группы хеша", "Two hash groups"),
    "ui.intake.typed_groups_tip": (
        "Кодтың астында басылған төрт таңбалы топтардың екеуі, мысалы 3F2A 91C0",
        "Две из групп по четыре знака, напечатанных под кодом, например 3F2A 91C0",
        "Two of the four-digit groups printed under the code, e.g. 3F2A 91C0",
    ),
    "ui.intake.typed_no_contest": (
        "«{contest}» бюллетені жоқ: бюллетеньнің кодын тексеріңіз.",
        "Бюллетеня «{contest}» нет: проверьте код бюллетеня.",
        "There is no ballot “{contest}”: check the ballot's code.",
    ),
    "ui.intake.typed_not_number": (
        "{field}: «{text}» бүтін сан емес.",
        "{field}: «{text}» — не целое число.",
        "{field}: “{text}” is not a whole number.",
    ),
    "ui.intake.typed_done": (
        "{where} енгізілді, өз қағазымен байланыстырылды ({state}).",
        "{where} введён и привязан к своей бумаге ({state}).",
        "{where} entered, bound to its paper ({state}).",
    ),
    "ui.intake.typed_act_tip": (
        "Қағазда акт болса ғана: оның нөмірі мен күні қағаздағыдай",
        "Только если на бумаге есть акт: его номер и дата, как на бумаге",
        "Only when the paper names an act: its reference as printed",
    ),
    "ui.intake.line": ("{n}-жол", "Строка {n}", "Line {n}"),
    "ui.intake.against_all_field": ("Бәріне қарсы", "Против всех", "Against all"),
    # -- commission keys ---------------------------------------------------------------------
    "ui.keyring.title": ("Комиссиялардың кілттері", "Ключи комиссий", "Commission keys"),
    "ui.keyring.intro": (
        "Әр комиссияның кілті басылған хаттамалардың кодтарына қол қояды. Саусақ ізін телефон арқылы төрт таңбадан топтап оқыңыз. Жабық кілт тек құпия фразамен қорғалған файлда сақталады.",
        "Ключ каждой комиссии подписывает коды напечатанных протоколов. Отпечаток читается по телефону группами по четыре знака. Закрытый ключ хранится только в файле, защищённом парольной фразой.",
        "Each commission's key signs the codes on its printed protocols. Read fingerprints over the phone in groups of four. A private key lives only in its passphrase-protected file.",
    ),
    "ui.keyring.col.commission": ("Комиссия", "Комиссия", "Commission"),
    "ui.keyring.col.fingerprint": ("Саусақ ізі", "Отпечаток", "Fingerprint"),
    "ui.keyring.col.state": ("Күйі", "Состояние", "State"),
    "ui.keyring.col.certified_by": ("Куәландырған", "Заверил", "Certified by"),
    "ui.keyring.col.added": ("Қосылған", "Добавлен", "Added"),
    "ui.keyring.state.certified": ("куәландырылған", "заверен", "certified"),
    "ui.keyring.state.uncertified": ("куәландырылмаған", "не заверен", "not certified"),
    "ui.keyring.state.revoked": ("кері қайтарылған", "отозван", "revoked"),
    "ui.keyring.training": ("оқу", "учебный", "training"),
    "ui.keyring.self": ("өзі (түбір)", "сам (корень)", "itself (the root)"),
    "ui.keyring.revoked_tip": (
        "{since} бастап кері қайтарылған: {reason}",
        "Отозван с {since}: {reason}",
        "Revoked from {since}: {reason}",
    ),
    "ui.keyring.new": ("Жаңа кілт… (Ctrl+N)", "Новый ключ… (Ctrl+N)", "New key… (Ctrl+N)"),
    "ui.keyring.new_tip": (
        "Комиссияға кілттер жұбын жасау: жабық кілт файлға, ашық кілт тізімге",
        "Создать пару ключей комиссии: закрытый — в файл, открытый — в список",
        "Make a commission's key pair: the private key to a file, the public key to the list",
    ),
    "ui.keyring.certify": ("Куәландыру…", "Заверить…", "Certify…"),
    "ui.keyring.certify_tip": (
        "Таңдалған кілтке жоғары тұрған комиссияның кілтімен қол қою",
        "Подписать выбранный ключ ключом вышестоящей комиссии",
        "Sign the selected key with the key of the commission above",
    ),
    "ui.keyring.revoke": ("Кері қайтару…", "Отозвать…", "Revoke…"),
    "ui.keyring.revoke_tip": (
        "Жоғалған немесе ұрланған кілт: оның осы сәттен кейінгі кодтары қабылданбайды",
        "Потерянный или украденный ключ: его коды с этого момента отклоняются",
        "A lost or stolen key: its codes from now on are refused",
    ),
    "ui.keyring.export": ("Экспорттау…", "Экспорт…", "Export…"),
    "ui.keyring.export_tip": (
        "Кілттер тізімін файлға жазу (тек ашық кілттер)",
        "Записать список ключей в файл (только открытые ключи)",
        "Write the key list to a file (public keys only)",
    ),
    "ui.keyring.import": ("Импорттау…", "Импорт…", "Import…"),
    "ui.keyring.import_tip": (
        "Басқа комиссияның кілттер тізімін қабылдау: әр куәландыру тексеріледі",
        "Принять список ключей другой комиссии: каждое заверение проверяется",
        "Take in another commission's key list: every certification is checked",
    ),
    "ui.keyring.which_commission": (
        "Комиссияның коды (мысалы P00421, R18-D02):",
        "Код комиссии (например P00421, R18-D02):",
        "The commission's code (e.g. P00421, R18-D02):",
    ),
    "ui.keyring.made": (
        "{commission} кілті жасалды: {fingerprint}. Жабық кілт: {path}",
        "Ключ {commission} создан: {fingerprint}. Закрытый ключ: {path}",
        "Key of {commission} made: {fingerprint}. Private key: {path}",
    ),
    "ui.keyring.certify_with": (
        "{commission} кілтімен куәландыру",
        "Заверить ключом {commission}",
        "Certify with the key of {commission}",
    ),
    "ui.keyring.certified": (
        "{commission} кілті куәландырылды: {fingerprint}",
        "Ключ {commission} заверен: {fingerprint}",
        "Key of {commission} certified: {fingerprint}",
    ),
    "ui.keyring.revoke_title": ("Кілтті кері қайтару", "Отзыв ключа", "Revoke the key"),
    "ui.keyring.revoked": (
        "{commission} кілті кері қайтарылды: {fingerprint}",
        "Ключ {commission} отозван: {fingerprint}",
        "Key of {commission} revoked: {fingerprint}",
    ),
    "ui.keyring.exported": (
        "Жазылған кілттер: {n} — {path}",
        "Записано ключей: {n} — {path}",
        "Keys written: {n} — {path}",
    ),
    "ui.keyring.imported": (
        "Қабылданған немесе өзгерген кілттер: {n}",
        "Принято или изменено ключей: {n}",
        "Keys taken in or changed: {n}",
    ),
    "ui.keyring.root": (
        "ОСК түбір кілтінің саусақ ізі",
        "Отпечаток корневого ключа ЦИК",
        "The CEC root key's fingerprint",
    ),
    "ui.keyring.root_hint": (
        "Файлда ОСК-ның түбір кілті болса, ОСК телефонмен оқыған саусақ ізін теріңіз (кемінде 32 таңба). Әйтпесе бос қалдырыңыз.",
        "Если в файле корневой ключ ЦИК, введите его отпечаток, прочитанный ЦИК по телефону (не менее 32 знаков). Иначе оставьте пустым.",
        "If the file holds the CEC's root key, type its fingerprint as the CEC read it out (at least 32 digits). Otherwise leave it empty.",
    ),
}


def register_texts() -> None:
    i18n.register(
        {key: dict(zip(i18n.LANGUAGES, values, strict=True)) for key, values in TEXTS.items()}
    )
