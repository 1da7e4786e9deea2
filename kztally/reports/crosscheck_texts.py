# ruff: noqa: E501 (a catalog of sentences: one text per line reads and diffs best)
"""The discrepancy report's words in Kazakh, Russian and English (a catalog of its own
beside `kztally.reports.texts`, whose marks and line names it shares)."""

from __future__ import annotations

from kztally.reports.texts import CATALOG, Lang, t

WORDS: dict[str, tuple[str, str, str]] = {
    "xc_title": (
        "Сәйкессіздіктер туралы есеп",
        "Отчёт о расхождениях",
        "Discrepancy report",
    ),
    "xc_against_db": (
        "Осы дерекқордың қабылданған хаттамаларымен салыстырылды",
        "Сверено с принятыми протоколами этой базы данных",
        "Checked against this database's accepted protocols",
    ),
    "xc_against_file": (
        "Жарияланған нәтижелермен салыстырылды: {files}",
        "Сверено с опубликованными итогами: {files}",
        "Checked against the published results: {files}",
    ),
    "xc_verdict_on_db": (
        "Шектер мен қорытынды осы дерекқордың қабылданған хаттамаларының сандарына негізделген.",
        "Запас и вывод рассчитаны по цифрам принятых протоколов этой базы данных.",
        "The margins and the verdict rest on this database's accepted protocols.",
    ),
    "xc_verdict_on_file": (
        "Шектер мен қорытынды жарияланған нәтижелердің сандарына негізделген (осында қосылған): {files}",
        "Запас и вывод рассчитаны по опубликованным цифрам (сложены здесь): {files}",
        "The margins and the verdict rest on the published figures (summed here): {files}",
    ),
    "xc_compared": ("Салыстырылған көшірмелер", "Сверено копий", "Copies compared"),
    "xc_differing": ("Сәйкес келмейтін сандар", "Расходящихся цифр", "Figures that differ"),
    "xc_protocols": (
        "Айырмашылығы бар хаттамалар",
        "Протоколов с расхождениями",
        "Protocols that differ",
    ),
    "xc_no_official": (
        "Ресми хаттамасы жоқ көшірмелер",
        "Копии без официального протокола",
        "Copies with no official protocol",
    ),
    "xc_missing": (
        "Көшірмесі жоқ ресми хаттамалар",
        "Официальные протоколы без копии",
        "Official protocols with no copy",
    ),
    "xc_none": ("жоқ", "нет", "none"),
    "xc_changes": (
        "Табылған сәйкессіздіктер мандатты немесе жеңімпазды өзгертеді.",
        "Найденные расхождения меняют мандаты или победителя.",
        "The differences found change a seat or a winner.",
    ),
    "xc_may": (
        "Табылған сәйкессіздіктер ешбір мандатты не жеңімпазды өзгертпейді; бірақ әлі "
        "есептелмеген хаттамалар өзгерте алады.",
        "Найденные расхождения не меняют ни мандатов, ни победителя; но ещё не учтённые "
        "протоколы могут их изменить.",
        "The differences found change no seat and no winner; but protocols not yet counted could.",
    ),
    "xc_cannot": (
        "Табылған сәйкессіздіктер де, есептелмеген хаттамалар да ешбір мандатты не "
        "жеңімпазды өзгерте алмайды.",
        "Ни найденные расхождения, ни неучтённые протоколы не могут изменить ни мандатов, "
        "ни победителя.",
        "Neither the differences found nor the protocols not yet counted can change a "
        "seat or a winner.",
    ),
    "xc_nothing": ("Сәйкессіздік табылмады.", "Расхождений не найдено.", "No figure differs."),
    "xc_can_it_matter": (
        "Нәтижеге әсер ете ме?",
        "Может ли это изменить итоги?",
        "Can it matter?",
    ),
    "xc_margin": (
        "Нәтижені өзгертетін ең аз ауыстырылған бюллетеньдер: {moved}; қосылған: {added}; "
        "қауіпсіз шек: {safe}",
        "Наименьшее число перенесённых бюллетеней, меняющее итог: {moved}; добавленных: "
        "{added}; запас: {safe}",
        "Fewest ballots moved that change it: {moved}; added: {added}; safe up to: {safe}",
    ),
    "xc_totals": (
        "Айырмашылықтар қосындысы (көшірме − ресми)",
        "Сумма расхождений (копия − официально)",
        "Differences summed (copy − official)",
    ),
    "xc_diff_yes": (
        "Сәйкессіздіктер нәтижені өзгертеді",
        "Расхождения меняют итог",
        "The differences change the outcome",
    ),
    "xc_diff_no": (
        "Сәйкессіздіктер нәтижені өзгертпейді",
        "Расхождения не меняют итог",
        "The differences do not change the outcome",
    ),
    "xc_diff_none": ("Сәйкессіздік жоқ", "Расхождений нет", "No differences"),
    "xc_outstanding": (
        "Есептелмеген хаттамалар: {n} (сайлаушылар: {electorate}) — {verdict}",
        "Неучтённые протоколы: {n} (избирателей: {electorate}) — {verdict}",
        "Protocols not counted: {n} (electorate {electorate}) — {verdict}",
    ),
    "xc_cannot_word": ("өзгерте алмайды", "не могут изменить итог", "cannot change it"),
    "xc_may_word": (
        "өзгертуі мүмкін (дәлелденбеген)",
        "возможно, могут изменить итог (не доказано)",
        "may change it (not proven either way)",
    ),
    "xc_can_word": ("өзгерте алады", "могут изменить итог", "can change it"),
    "xc_contest": ("Сайлау түрі", "Вид выборов", "Contest"),
    "xc_line": ("Жол", "Строка", "Line"),
    "xc_official": ("Ресми", "Официально", "Official"),
    "xc_copy": ("Көшірме", "Копия", "Copy"),
    "xc_delta": ("Айырма", "Разница", "Difference"),
    "xc_observer": ("Байқаушы", "Наблюдатель", "Observer"),
    "xc_origin": ("Көзі", "Источник", "Source"),
    "xc_number": ("Көшірме нөмірі", "Номер копии", "Copy number"),
    "xc_certified_by": ("Куәландырған", "Заверил", "Certified by"),
    "xc_sealed": ("Мөрі", "Печать", "Seal"),
    "xc_received_at": ("Алынған уақыты", "Когда получена", "Received at"),
    "xc_received_where": ("Алынған жері", "Где получена", "Received where"),
    "xc_scan": ("Көшірменің сканы", "Скан копии", "Scan of the copy"),
    "xc_context": (
        "{contest}: нәтижені өзгертетін ең аз ауыстырылған бюллетеньдер: {moved}; қауіпсіз шек: {safe}",
        "{contest}: наименьшее число перенесённых бюллетеней, меняющее итог: {moved}; запас: {safe}",
        "{contest}: fewest ballots moved that change the outcome: {moved}; safe up to: {safe}",
    ),
    "xc_scan_pdf": (
        "Көшірменің сканы тіркелген, бірақ көрсетілмейді ({name})",
        "Скан копии приложен, но не может быть показан ({name})",
        "A scan of the copy is attached but cannot be shown ({name})",
    ),
    "xc_src_keyboard": ("пернетақтадан", "введена вручную", "typed"),
    "xc_src_file": ("хаттама файлы", "файл протокола", "protocol file"),
    "xc_src_csv": ("көшірмелер CSV-і", "CSV копий", "CSV of copies"),
    "xc_src_qr": (
        "куәландырылған көшірменің QR коды",
        "QR-код заверенной копии",
        "QR code of the certified copy",
    ),
    "xc_state": (
        "{what} — күйі: {state}",
        "{what} — состояние: {state}",
        "{what} — state: {state}",
    ),
}


def w(lang: Lang, name: str, /, **values: object) -> str:
    """A word of this report's catalog, or of the documents' shared one."""
    entry = WORDS.get(name)
    if entry is None:
        return t(lang, name, **values)
    text = entry[("kk", "ru", "en").index(lang)]
    return text.format(**values) if values else text


assert not set(WORDS) & set(CATALOG), "the report's words must not shadow the shared ones"
