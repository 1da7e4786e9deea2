# ruff: noqa: E501 (a catalog of sentences: one text per line reads and diffs best)
"""The observers' cross-check overview's texts, in Kazakh, Russian and English (registered
with the screens' own texts by `kztally.ui.texts.register_texts`). Counts stand after a
colon, so no word has to agree with a number."""

from __future__ import annotations

from kztally import i18n

# id: (kk, ru, en)
TEXTS: dict[str, tuple[str, str, str]] = {
    "ui.action.crosscheck": ("Көшірмелерді салыстыру…", "Сверка копий…", "Cross-check of copies…"),
    "ui.crosscheck.title": (
        "Байқаушылар көшірмелерін салыстыру",
        "Сверка копий наблюдателей",
        "Observers' cross-check",
    ),
    "ui.crosscheck.area": ("Аумақ", "Территория", "Area"),
    "ui.crosscheck.all_areas": ("Барлық аумақтар", "Все территории", "All areas"),
    "ui.crosscheck.against_db": (
        "Көшірмелер осы дерекқордың қабылданған хаттамаларымен салыстырылады.",
        "Копии сверяются с принятыми протоколами этой базы данных.",
        "The copies are checked against this database's accepted protocols.",
    ),
    "ui.crosscheck.against_file": (
        "Көшірмелер жарияланған нәтижелермен салыстырылады: {files}",
        "Копии сверяются с опубликованными итогами: {files}",
        "The copies are checked against the published results: {files}",
    ),
    "ui.crosscheck.verdict_on_db": (
        "(Осы дерекқордың қабылданған хаттамалары бойынша.)",
        "(По принятым протоколам этой базы данных.)",
        "(On this database's accepted protocols.)",
    ),
    "ui.crosscheck.verdict_on_file": (
        "(Жарияланған нәтижелердің сандары бойынша.)",
        "(По цифрам опубликованных итогов.)",
        "(On the published results' figures.)",
    ),
    "ui.crosscheck.counts": (
        "Салыстырылған көшірмелер: {compared}. Сәйкес келмейтін сандар: {differences}. Ресми хаттамасы жоқ көшірмелер: {no_official}. Көшірмесі жоқ ресми хаттамалар: {missing}.",
        "Сверено копий: {compared}. Расходящихся цифр: {differences}. Копий без официального протокола: {no_official}. Официальных протоколов без копии: {missing}.",
        "Copies compared: {compared}. Figures that differ: {differences}. Copies with no official protocol: {no_official}. Official protocols with no copy: {missing}.",
    ),
    "ui.crosscheck.verdict_changes": (
        "Табылған сәйкессіздіктер мандатты немесе жеңімпазды өзгертеді.",
        "Найденные расхождения меняют мандаты или победителя.",
        "The differences found change a seat or a winner.",
    ),
    "ui.crosscheck.verdict_may": (
        "Табылған сәйкессіздіктер ештеңені өзгертпейді; бірақ әлі есептелмеген хаттамалар өзгерте алады.",
        "Найденные расхождения ничего не меняют; но ещё не учтённые протоколы могут изменить итоги.",
        "The differences found change nothing; but protocols not yet counted could.",
    ),
    "ui.crosscheck.verdict_cannot": (
        "Табылған сәйкессіздіктер де, есептелмеген хаттамалар да ешбір мандатты не жеңімпазды өзгерте алмайды.",
        "Ни найденные расхождения, ни неучтённые протоколы не могут изменить ни мандатов, ни победителя.",
        "Neither the differences found nor the protocols not yet counted can change a seat or a winner.",
    ),
    "ui.crosscheck.margin": (
        "{contest}: қауіпсіз шек {safe}, есептелмеген хаттамалар: {protocols} ({verdict})",
        "{contest}: запас {safe}, неучтённых протоколов: {protocols} ({verdict})",
        "{contest}: safe up to {safe}, protocols not counted: {protocols} ({verdict})",
    ),
    "ui.crosscheck.outstanding.cannot": (
        "өзгерте алмайды",
        "не могут изменить",
        "cannot change it",
    ),
    "ui.crosscheck.outstanding.may": ("өзгертуі мүмкін", "возможно, изменят", "may change it"),
    "ui.crosscheck.outstanding.can": ("өзгерте алады", "могут изменить", "can change it"),
    "ui.crosscheck.changes": ("нәтижені өзгертеді", "меняют итог", "change the outcome"),
    "ui.crosscheck.no_change": (
        "нәтижені өзгертпейді",
        "не меняют итог",
        "do not change the outcome",
    ),
    "ui.crosscheck.tab.differences": ("Айырмашылықтар", "Расхождения", "Differences"),
    "ui.crosscheck.tab.totals": (
        "Таңдау бойынша қосынды",
        "Итого по спискам и кандидатам",
        "Totals per choice",
    ),
    "ui.crosscheck.tab.missing": ("Жетіспейтіндер", "Недостающие", "Missing"),
    "ui.crosscheck.tab.copies": ("Барлық көшірмелер", "Все копии", "All copies"),
    "ui.crosscheck.col.precinct": ("Учаске", "Участок", "Precinct"),
    "ui.crosscheck.col.name": ("Атауы", "Название", "Name"),
    "ui.crosscheck.col.contest": ("Сайлау түрі", "Вид выборов", "Contest"),
    "ui.crosscheck.col.line": ("Жол", "Строка", "Line"),
    "ui.crosscheck.col.official": ("Ресми", "Официально", "Official"),
    "ui.crosscheck.col.copy": ("Көшірме", "Копия", "Copy"),
    "ui.crosscheck.col.delta": ("Айырма", "Разница", "Difference"),
    "ui.crosscheck.col.observer": ("Байқаушы", "Наблюдатель", "Observer"),
    "ui.crosscheck.col.number": ("Көшірме №", "№ копии", "Copy No."),
    "ui.crosscheck.col.sealed": ("Мөр", "Печать", "Seal"),
    "ui.crosscheck.col.origin": ("Көзі", "Источник", "From"),
    "ui.crosscheck.col.choice": ("Тізім не кандидат", "Список или кандидат", "List or candidate"),
    "ui.crosscheck.col.verdict": ("Маңызы", "Значение", "Does it matter"),
    "ui.crosscheck.col.why": ("Себебі", "Причина", "Why"),
    "ui.crosscheck.col.at": ("Енгізілді", "Внесена", "Entered"),
    "ui.crosscheck.col.source": ("Қайдан", "Откуда", "Source"),
    "ui.crosscheck.col.certified_by": ("Куәландырған", "Заверил", "Certified by"),
    "ui.crosscheck.col.received_at": ("Алынған уақыты", "Когда получена", "Received at"),
    "ui.crosscheck.col.received_where": ("Алынған жері", "Где получена", "Received where"),
    "ui.crosscheck.col.scan": ("Скан", "Скан", "Scan"),
    "ui.crosscheck.col.latest": ("Соңғысы", "Последняя", "Latest"),
    "ui.crosscheck.line_n": ("{n}-жол", "строка {n}", "line {n}"),
    "ui.crosscheck.against_all": ("Барлығына қарсы", "Против всех", "Against all"),
    "ui.crosscheck.yes": ("иә", "да", "yes"),
    "ui.crosscheck.no": ("жоқ", "нет", "no"),
    "ui.crosscheck.no_copy": ("көшірмесі жоқ", "нет копии", "no copy"),
    "ui.crosscheck.not_published": (
        "жарияланған нәтижелерде жоқ",
        "нет в опубликованных итогах",
        "not in the published results",
    ),
    "ui.crosscheck.not_accepted": (
        "ресми хаттама әлі жоқ: {state}",
        "официального протокола ещё нет: {state}",
        "no official protocol yet: {state}",
    ),
    "ui.crosscheck.source.keyboard": ("пернетақтадан", "вручную", "typed"),
    "ui.crosscheck.source.file": ("хаттама файлы", "файл протокола", "protocol file"),
    "ui.crosscheck.source.csv": ("көшірмелер CSV-і", "CSV копий", "CSV of copies"),
    "ui.crosscheck.source.qr": ("QR код", "QR-код", "QR code"),
    "ui.crosscheck.add": (
        "Файлдардан көшірмелер қосу…",
        "Добавить копии из файлов…",
        "Add copies from files…",
    ),
    "ui.crosscheck.copy_files": ("Көшірмелер", "Копии", "Copies"),
    "ui.crosscheck.kept": ("Сақталған көшірмелер: {n}", "Сохранено копий: {n}", "Copies kept: {n}"),
    "ui.crosscheck.official": (
        "Жарияланған нәтижелер…",
        "Опубликованные итоги…",
        "Published results…",
    ),
    "ui.crosscheck.results_files": ("Нәтижелер файлдары", "Файлы итогов", "Results files"),
    "ui.crosscheck.database": ("Осы дерекқор", "Эта база данных", "This database"),
    "ui.crosscheck.refresh": ("Жаңарту", "Обновить", "Refresh"),
    "ui.crosscheck.export_pdf": ("PDF есеп…", "Отчёт PDF…", "PDF report…"),
    "ui.crosscheck.export_csv": ("CSV…", "CSV…", "CSV…"),
    "ui.crosscheck.running": (
        "Көшірмелер салыстырылуда…",
        "Копии сверяются…",
        "Checking the copies…",
    ),
    "ui.crosscheck.bad_file": (
        "Файл оқылмады, ештеңе сақталмады: {detail}",
        "Файл не прочитан, ничего не сохранено: {detail}",
        "A file could not be read; nothing was kept: {detail}",
    ),
    "ui.crosscheck.exported": ("Сақталды: {path}", "Сохранено: {path}", "Saved: {path}"),
    "ui.crosscheck.export_failed": (
        "{path}: сақталмады ({error})",
        "{path}: не сохранено ({error})",
        "{path}: not saved ({error})",
    ),
    # the certification of a copy, typed in the app
    "ui.certify.open": ("Куәландыру және скан…", "Заверение и скан…", "Certification and scan…"),
    "ui.certify.title": (
        "Көшірменің куәландырылуы",
        "Заверение копии",
        "Certification of the copy",
    ),
    "ui.certify.number": ("Көшірме нөмірі", "Номер копии", "Copy number"),
    "ui.certify.by": ("Куәландырған", "Заверил", "Certified by"),
    "ui.certify.sealed": ("Мөрі", "Печать", "Seal"),
    "ui.certify.received_at": ("Алынған уақыты", "Когда получена", "Received at"),
    "ui.certify.known": ("белгілі", "известно", "known"),
    "ui.certify.received_where": ("Алынған жері", "Где получена", "Received where"),
    "ui.certify.scan": ("Скан не фото", "Скан или фото", "Scan or photo"),
    "ui.certify.scan_none": ("таңдалмаған", "не выбран", "none chosen"),
    "ui.certify.choose_scan": ("Файлды таңдау…", "Выбрать файл…", "Choose a file…"),
    "ui.certify.not_recorded": ("жазылмаған", "не указано", "not recorded"),
    "ui.certify.yes": ("бар", "есть", "yes"),
    "ui.certify.no": ("жоқ", "нет", "no"),
    "ui.certify.save": ("Сақтау", "Сохранить", "Save"),
    "ui.certify.cancel": ("Бас тарту", "Отмена", "Cancel"),
    "ui.certify.saved": (
        "Көшірменің куәландырылуы сақталды.",
        "Заверение копии сохранено.",
        "The copy's certification is saved.",
    ),
    "ui.certify.unreadable": (
        "{path}: оқылмады ({error})",
        "{path}: не прочитан ({error})",
        "{path}: cannot be read ({error})",
    ),
    "ui.certify.summary": (
        "Көшірме № {number}; куәландырған: {by}; мөрі: {sealed}; алынды: {received}; {scan}",
        "Копия № {number}; заверил: {by}; печать: {sealed}; получена: {received}; {scan}",
        "Copy No. {number}; certified by: {by}; seal: {sealed}; received: {received}; {scan}",
    ),
    "ui.certify.scan_yes": ("скан тіркелген", "скан приложен", "scan attached"),
    "ui.certify.scan_no": ("скан жоқ", "скана нет", "no scan"),
}


def register_texts() -> None:
    i18n.register(
        {key: dict(zip(i18n.LANGUAGES, values, strict=True)) for key, values in TEXTS.items()}
    )
