"""The documents' words in Kazakh, Russian and English, and figures in words.

One catalog, keyed by a stable name, each entry (kk, ru, en); no Qt (the GUI's own
strings are Qt's). `t(lang, key, **values)` formats an entry. `in_words(n, lang)` is
num2words, whose Kazakh is `kz` (`kk` raises NotImplementedError there).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from kztally.i18n import plural_category

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
        "Учаскелік сайлау комиссиясының дауыс беру нәтижелері туралы хаттамасы",
        "Протокол участковой избирательной комиссии о результатах голосования",
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
    "long_count": (
        "заңдағы 12 сағаттан ұзақ",
        "дольше 12 часов, установленных законом",
        "longer than the law's 12 hours",
    ),
    "not_recorded": ("жазылмаған", "не внесено", "not recorded"),
    "col_line": ("№", "№", "No."),
    "col_what": ("Көрсеткіш", "Строка", "Line"),
    "col_figure": ("Санмен", "Цифрами", "Figure"),
    "col_words": ("Жазбаша", "Прописью", "In words"),
    "line_1": (
        "Учаскедегі сайлаушылардың жалпы саны (тізімдер бойынша)",
        "Общее число избирателей на участке (по спискам)",
        "Voters on the precinct's list",
    ),
    "line_2": (
        "Учаскелік комиссия алған бюллетеньдер саны",
        "Число бюллетеней, полученных участковой комиссией",
        "Ballots received by the precinct commission",
    ),
    "line_3": (
        "Дауыс беруге арналған үй-жайда берілген бюллетеньдер саны",
        "Число бюллетеней, выданных в помещении для голосования",
        "Ballots issued in the polling room",
    ),
    "line_4": (
        "Дауыс беруге арналған үй-жайдан тыс берілген бюллетеньдер саны",
        "Число бюллетеней, выданных вне помещения для голосования",
        "Ballots issued outside the polling room",
    ),
    "line_5": (
        "Пайдаланылмаған, жойылған бюллетеньдер саны",
        "Число неиспользованных погашенных бюллетеней",
        "Unused ballots, cancelled",
    ),
    "line_6": (
        "Тұрақты жәшіктерден алынған бюллетеньдер саны",
        "Число бюллетеней из стационарных урн",
        "Ballots in the stationary boxes",
    ),
    "line_7": (
        "Тасымалданатын жәшіктерден алынған бюллетеньдер саны",
        "Число бюллетеней из переносных урн",
        "Ballots in the mobile boxes",
    ),
    "line_8": (
        "Жарамсыз деп танылған бюллетеньдер саны",
        "Число бюллетеней, признанных недействительными",
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
        "Квота = {num} / {seats} = {fraction} ≈ {value}",
        "Квота = {num} / {seats} = {fraction} ≈ {value}",
        "Quota = {num} / {seats} = {fraction} ≈ {value}",
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
    "cec": (
        "Қазақстан Республикасының Орталық сайлау комиссиясы",
        "Центральная избирательная комиссия Республики Казахстан",
        "Central Election Commission of the Republic of Kazakhstan",
    ),
    "region_commission": (
        "{name}: аумақтық сайлау комиссиясы",
        "{name}: территориальная избирательная комиссия",
        "{name}: territorial election commission",
    ),
    "district_commission": (
        "{name}: аудандық (қалалық) сайлау комиссиясы",
        "{name}: районная (городская) избирательная комиссия",
        "{name}: district (city) election commission",
    ),
    "self_nominated": ("Өзін-өзі ұсынғандар", "Самовыдвиженцы", "Self-nominated"),
    "undecided": ("Әлі анықталмаған", "Ещё не определены", "Not yet decided"),
    "state_not_entered": ("енгізілмеген", "не введён", "not entered"),
    "state_first_entry": ("бірінші енгізу", "первый ввод", "first entry"),
    "state_entries_differ": ("енгізулер әртүрлі", "вводы расходятся", "entries differ"),
    "state_pending": ("шешім күтуде", "ожидает решения", "awaiting a decision"),
    "col_protocols": ("Хаттамалар", "Протоколы", "Protocols"),
    "col_state": ("Күйі", "Состояние", "State"),
    "col_unit": ("Бөлімше", "Входит в", "Part of"),
    "legend": ("Жолдар", "Строки", "Lines"),
    "made_at": ("Жасалды: {at}", "Составлен: {at}", "Made: {at}"),
    "progress_title": ("Санау барысы", "Ход подсчёта", "Counting progress"),
    "summary_of": (
        "{ballot} ({contest}): {area}",
        "{ballot} ({contest}): {area}",
        "{ballot} ({contest}): {area}",
    ),
    "list_seats_line": (
        "Тізімдер бойынша орындар: {seats}; шек: {pct}%",
        "Мандатов по спискам: {seats}; барьер: {pct}%",
        "List seats: {seats}; threshold: {pct}%",
    ),
    "qualifying_total": (
        "Бөлуге қатысатын тізімдердің дауыстары: {n}",
        "Голоса списков, участвующих в распределении: {n}",
        "Votes of the lists in the allocation: {n}",
    ),
    "no_quota": (
        "Квота жоқ: бөлуге қатысатын тізім жоқ",
        "Квоты нет: ни один список не участвует в распределении",
        "No quota: no list takes part in the allocation",
    ),
    "tie_registration": (
        "тіркелу реті бойынша шешілді: {winners}",
        "разрешено очерёдностью регистрации: {winners}",
        "settled by registration order: {winners}",
    ),
    "tie_lot": (
        "жеребе бойынша шешілді: {winners}; акт {ref}; куәлар: {witnesses}",
        "разрешено жребием: {winners}; акт {ref}; свидетели: {witnesses}",
        "settled by lot: {winners}; act {ref}; witnesses: {witnesses}",
    ),
    "tie_open": (
        "жеребе күтілуде: орын әлі бөлінбеген",
        "ожидает жребия: мандат ещё не распределён",
        "awaits a drawing of lots: the seat is not allocated yet",
    ),
    "tie_remainder": (
        "тең қалдық {rem}, {seats} орын үшін",
        "равные остатки {rem}, за {seats} {word}",
        "equal remainders {rem}, for {seats} {word}",
    ),
    "tie_votes": (
        "тең дауыс {votes}, {seats} орын үшін",
        "равные голоса {votes}, за {seats} {word}",
        "equal votes {votes}, for {seats} {word}",
    ),
    "chamber_seats": (
        "Барлығы {n} орын: тізімдер бойынша {lists}, округтер бойынша {districts}",
        "Всего мандатов: {n}; по спискам: {lists}, по округам: {districts}",
        "{n} seats in all: {lists} by lists, {districts} by districts",
    ),
    "shares_chart": (
        "Тізімдердің үлестері, %",
        "Доли списков, %",
        "Shares of the lists, %",
    ),
    "incomplete": ("толық емес", "не все протоколы", "incomplete"),
    "party": ("Ұсынған", "Выдвинут", "Nominated by"),
    "notices": ("Ескертпелер", "Примечания", "Notices"),
    "against_all_leads": (
        "барлығына қарсы бірінші орында",
        "«против всех» на первом месте",
        "against all leads",
    ),
}


_SEAT_WORDS = {
    "ru": {"one": "мандат", "few": "мандата", "many": "мандатов"},
    "en": {"one": "seat", "other": "seats"},
    "kk": {"one": "орын", "other": "орын"},
}


def seats_word(lang: Lang, n: int) -> str:
    """'seat' in the form that agrees with n (мандат, мандата, мандатов; орын; seats)."""
    return _SEAT_WORDS[lang][plural_category(lang, n)]


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
