"""The documents' words in Kazakh, Russian and English, and figures in words.

One catalog, keyed by a stable name, each entry (kk, ru, en); no Qt (the GUI's own
strings are Qt's). `t(lang, key, **values)` formats an entry. `in_words(n, lang)` is
num2words, whose Kazakh is `kz` (`kk` raises NotImplementedError there).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

Lang = Literal["kk", "ru", "en"]
LANGS: tuple[Lang, ...] = ("kk", "ru", "en")
_INDEX = {"kk": 0, "ru": 1, "en": 2}
_NUM2WORDS = {"kk": "kz", "ru": "ru", "en": "en"}

CATALOG: dict[str, tuple[str, str, str]] = {
    # marks on every page
    "training": ("ОҚУ-ЖАТТЫҒУ САЙЛАУЫ", "УЧЕБНЫЕ ВЫБОРЫ", "TRAINING ELECTION"),
    "official": ("РЕСМИ НӘТИЖЕЛЕР", "ОФИЦИАЛЬНЫЕ ИТОГИ", "OFFICIAL RESULTS"),
    "unofficial": ("РЕСМИ ЕМЕС НӘТИЖЕЛЕР", "НЕОФИЦИАЛЬНЫЕ ИТОГИ", "UNOFFICIAL RESULTS"),
    "audit_head": ("Аудит журналы: {head}", "Журнал аудита: {head}", "Audit log: {head}"),
    "page": ("{n}-бет", "стр. {n}", "page {n}"),
    # the precinct protocol
    "protocol_title": (
        "Учаскелік сайлау комиссиясының дауыс беру қорытындылары туралы хаттамасы",
        "Протокол участковой избирательной комиссии об итогах голосования",
        "Protocol of the precinct election commission on the results of the vote",
    ),
    "certified_copy": (
        "КУӘЛАНДЫРЫЛҒАН КӨШІРМЕ № {n}",
        "ЗАВЕРЕННАЯ КОПИЯ № {n}",
        "CERTIFIED COPY No. {n}",
    ),
    "original": ("ТҮПНҰСҚА", "ПОДЛИННИК", "ORIGINAL"),
    "election": ("Сайлау", "Выборы", "Election"),
    "commission": ("Комиссия", "Комиссия", "Commission"),
    "precinct": ("Сайлау учаскесі № {n}", "Избирательный участок № {n}", "Polling station No. {n}"),
    "precinct_commission": (
        "№{n} учаскелік сайлау комиссиясы",
        "Участковая избирательная комиссия № {n}",
        "Precinct election commission No. {n}",
    ),
    "location": ("Мекенжайы", "Адрес", "Address"),
    "ballot": ("Бюллетень", "Бюллетень", "Ballot"),
    "round": ("Санау кезеңі: {n}", "Подсчёт: {n}-й", "Count round: {n}"),
    "formal": ("Ресми бөлігі", "Формальная часть", "Formal parts"),
    "members_present": (
        "Қатысқан комиссия мүшелері",
        "Присутствовало членов комиссии",
        "Commission members present",
    ),
    "count_began": ("Санау басталды", "Подсчёт начат", "Count began"),
    "count_ended": ("Санау аяқталды", "Подсчёт окончен", "Count ended"),
    "requests": (
        "Үй-жайдан тыс дауыс беруге жазбаша өтініштер",
        "Письменных заявлений о голосовании вне помещения",
        "Written requests to vote outside the room",
    ),
    "not_recorded": ("жазылмаған", "не внесено", "not recorded"),
    "col_line": ("№", "№", "No."),
    "col_what": ("Көрсеткіш", "Строка", "Line"),
    "col_figure": ("Санмен", "Цифрами", "Figure"),
    "col_words": ("Жазбаша", "Прописью", "In words"),
    "line_1": (
        "Учаскенің тізіміне енгізілген сайлаушылар саны",
        "Число избирателей, внесённых в список избирателей на участке",
        "Voters on the precinct's list",
    ),
    "line_2": (
        "Учаскелік комиссия алған бюллетеньдер саны",
        "Число бюллетеней, полученных участковой комиссией",
        "Ballots received by the precinct commission",
    ),
    "line_3": (
        "Дауыс беру үй-жайында берілген бюллетеньдер саны",
        "Число бюллетеней, выданных в помещении для голосования",
        "Ballots issued in the polling room",
    ),
    "line_4": (
        "Дауыс беру үй-жайынан тыс берілген бюллетеньдер саны",
        "Число бюллетеней, выданных вне помещения для голосования",
        "Ballots issued outside the polling room",
    ),
    "line_5": (
        "Пайдаланылмаған, өтелген бюллетеньдер саны",
        "Число неиспользованных погашенных бюллетеней",
        "Unused ballots, cancelled",
    ),
    "line_6": (
        "Тұрақты жәшіктердегі бюллетеньдер саны",
        "Число бюллетеней в стационарных ящиках",
        "Ballots in the stationary boxes",
    ),
    "line_7": (
        "Жылжымалы жәшіктердегі бюллетеньдер саны",
        "Число бюллетеней в переносных ящиках",
        "Ballots in the mobile boxes",
    ),
    "line_8": (
        "Жарамсыз деп танылған бюллетеньдер саны",
        "Число недействительных бюллетеней",
        "Invalid ballots",
    ),
    "received": (
        "Бюллетень алған сайлаушылар саны (3 + 4)",
        "Число избирателей, получивших бюллетени (3 + 4)",
        "Voters who received ballots (3 + 4)",
    ),
    "took_part": (
        "Дауыс беруге қатысқан сайлаушылар саны (6 + 7)",
        "Число избирателей, принявших участие в голосовании (6 + 7)",
        "Voters who took part (6 + 7)",
    ),
    "votes_for": ("Дауыс берілді", "Голоса", "Votes"),
    "against_all": ("Барлығына қарсы", "Против всех", "Against all"),
    "warnings": (
        "Қабылданған ескертулер және себептері",
        "Принятые предупреждения и их причины",
        "Warnings accepted, with their reasons",
    ),
    "breach": (
        "Бақылау арақатынасының бұзылуы, акт: {ref}",
        "Нарушение контрольного соотношения, акт: {ref}",
        "Control ratio breached, act: {ref}",
    ),
    "reason": ("Себебі", "Причина", "Reason"),
    "signatures": ("Қолдар", "Подписи", "Signatures"),
    "chair": ("Төраға", "Председатель", "Chair"),
    "deputy": ("Төрағаның орынбасары", "Заместитель председателя", "Deputy chair"),
    "secretary": ("Хатшы", "Секретарь", "Secretary"),
    "member": ("Комиссия мүшесі", "Член комиссии", "Member"),
    "signed_on": (
        "Хаттамаға қол қойылды: {at}",
        "Протокол подписан: {at}",
        "Protocol signed: {at}",
    ),
    "seal": ("М.О.", "М.П.", "Seal"),
    "code_note": (
        "Қол қойылған код: {parts} бөлік, кілт {key}",
        "Подписанный код: частей {parts}, ключ {key}",
        "Signed code: {parts} part(s), key {key}",
    ),
    "digest": (
        "Хаттаманың SHA-256 (код оқылмаса):",
        "SHA-256 протокола (если код не читается):",
        "The protocol's SHA-256 (when the code cannot be read):",
    ),
    # summaries
    "summary_title": (
        "Дауыс беру қорытындылары туралы жиынтық хаттама",
        "Сводный протокол об итогах голосования",
        "Summary protocol of the results of the vote",
    ),
    "unit": ("Бөлімше", "Единица", "Unit"),
    "total": ("Барлығы", "Итого", "Total"),
    "progress": (
        "Хаттамалар: күтілген {expected}, қабылданған {accepted}, күтуде {pending}, "
        "жоқ {missing}, жойылған {annulled}",
        "Протоколы: ожидается {expected}, принято {accepted}, в работе {pending}, "
        "нет {missing}, аннулировано {annulled}",
        "Protocols: expected {expected}, accepted {accepted}, pending {pending}, "
        "missing {missing}, annulled {annulled}",
    ),
    "missing_list": (
        "Әлі қабылданбаған учаскелер",
        "Участки, протоколы которых ещё не приняты",
        "Precincts whose protocols are not accepted yet",
    ),
    "none_missing": (
        "Барлық хаттамалар қабылданды.",
        "Все протоколы приняты.",
        "Every protocol is accepted.",
    ),
    "votes_table": ("Дауыстар", "Голоса", "Votes"),
    "key_root": (
        "ОСК кілтінің іздері: {fp}",
        "Отпечаток ключа ЦИК: {fp}",
        "CEC key fingerprint: {fp}",
    ),
    # results
    "results_title": (
        "Сайлау қорытындылары туралы хаттама: {body}",
        "Протокол о результатах выборов: {body}",
        "Protocol of the results of the election: {body}",
    ),
    "shares": ("Тізімдердің үлестері", "Доли списков", "Shares of the lists"),
    "threshold": ("Шек {pct}%", "Барьер {pct}%", "Threshold {pct}%"),
    "list": ("Тізім", "Список", "List"),
    "votes": ("Дауыстар", "Голоса", "Votes"),
    "share": ("Үлесі", "Доля", "Share"),
    "passes": ("Өтті", "Прошёл", "Passes"),
    "yes": ("иә", "да", "yes"),
    "no": ("жоқ", "нет", "no"),
    "seat_annex": ("Орындарды бөлу", "Распределение мандатов", "The seat annex"),
    "valid_total": (
        "Жарамды бюллетеньдер (тізімдер + барлығына қарсы): {n}",
        "Действительные бюллетени (списки + против всех): {n}",
        "Valid total (lists + against all): {n}",
    ),
    "quota": (
        "Квота = {num} / {seats} = {value}",
        "Квота = {num} / {seats} = {value}",
        "Quota = {num} / {seats} = {value}",
    ),
    "votes_quota": ("Дауыс / квота", "Голоса / квота", "Votes / quota"),
    "whole": ("Бүтін", "Целые", "Whole"),
    "remainder": ("Қалдық", "Остаток", "Remainder"),
    "rem_seats": ("Қалдық бойынша", "По остатку", "By remainder"),
    "seats": ("Орындар", "Мандаты", "Seats"),
    "ties": (
        "Тең жағдайлар және шешімі",
        "Равенства и их разрешение",
        "Ties and how they were settled",
    ),
    "no_ties": ("Тең жағдай жоқ.", "Равенств нет.", "No ties."),
    "smd_winners": (
        "Бір мандатты округтерде сайланғандар",
        "Избранные по одномандатным округам",
        "Single-member districts: the elected",
    ),
    "district": ("Округ", "Округ", "District"),
    "winner": ("Сайланды", "Избран", "Elected"),
    "open": ("анықталмаған", "не определён", "not yet established"),
    "chamber": ("Палата", "Палата", "The chamber"),
    "partial": (
        "Толық емес: барлық хаттамалар қабылданбаған",
        "Неполные: приняты не все протоколы",
        "Partial: not every protocol is accepted",
    ),
    "against_all_leads": (
        "барлығына қарсы бірінші орында",
        "«против всех» на первом месте",
        "against all leads",
    ),
}


def t(lang: Lang, name: str, /, **values: object) -> str:
    text = CATALOG[name][_INDEX[lang]]
    return text.format(**values) if values else text


@lru_cache(maxsize=20_000)
def in_words(n: int, lang: Lang) -> str:
    """A whole number in words in the document's language."""
    from num2words import num2words  # loaded when first printed, not at the app's start

    return str(num2words(n, lang=_NUM2WORDS[lang]))


def number(n: int) -> str:
    """A figure with thin groups: 12 035 578."""
    return f"{n:,}".replace(",", "\u202f")
