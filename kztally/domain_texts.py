"""The domain's words in Kazakh, Russian and English, registered in `kztally.i18n`.

The domain speaks in codes (K4, W3, S2, `pending`, line 6); people read these texts. Importing
this module registers them; the helpers below look them up for one language.

Message ids:

- `finding.<code>.name` a short name of the check, written as the broken relation where there
  is one ("ballots in the boxes ≠ invalid + votes"); `finding.<code>` is the same text;
  `finding.<code>.description` the rule in a sentence (thresholds as the 2023 defaults).
- `notice.<code>` what a seat or designation notice says; it may use the notice's detail
  fields (`{list}`, `{lists}`, `{candidates}`, `{against_all}`, `{top}`, `{share}`, `{name}`,
  `{vacant}`); `notice.<code>.name` a short title without fields.
- `state.<state>`, `transition.<transition>`, `entry_kind.<kind>` of the double entry.
- `line.1` ... `line.8` the protocol's lines as the paper protocol prints them;
  `line.against_all`, `line.votes`.
- `severity.error`, `severity.warning`, `act.<act>`, `settlement.<how a tie was settled>`.
"""

from __future__ import annotations

from collections.abc import Mapping

from kztally import i18n
from kztally.domain.seats import Notice

# id: (kk, ru, en)
TEXTS: dict[str, tuple[str, str, str]] = {
    # -- control ratios (errors) ------------------------------------------------------------
    "finding.K1.name": (
        "алынған бюллетеньдер ≠ берілген + жойылған",
        "получено бюллетеней ≠ выдано + погашено",
        "ballots received ≠ issued + cancelled",
    ),
    "finding.K1.description": (
        "Алынған әрбір бюллетень берілген немесе жойылған: 2-жол = 3-жол + 4-жол + 5-жол.",
        "Каждый полученный бюллетень выдан или погашен: строка 2 = строка 3 + строка 4 + строка 5.",
        "Every ballot received is issued or cancelled: line 2 = line 3 + line 4 + line 5.",
    ),
    "finding.K2.name": (
        "берілген бюллетеньдер > тізімдегі сайлаушылар",
        "выдано бюллетеней > избирателей по спискам",
        "ballots issued > voters on the list",
    ),
    "finding.K2.description": (
        "Тізімдегі сайлаушылардан артық бюллетень берілмейді: 3-жол + 4-жол ≤ 1-жол.",
        "Бюллетеней выдано не больше, чем избирателей по спискам: строка 3 + строка 4 ≤ строка 1.",
        "No more ballots are issued than there are voters on the list: line 3 + line 4 ≤ line 1.",
    ),
    "finding.K3.name": (
        "жәшіктердегі бюллетеньдер > берілген бюллетеньдер",
        "бюллетеней в урнах > выдано бюллетеней",
        "ballots in the boxes > ballots issued",
    ),
    "finding.K3.description": (
        "Жәшіктерде берілгеннен артық бюллетень болмайды: 6-жол + 7-жол ≤ 3-жол + 4-жол.",
        "В урнах для голосования бюллетеней не больше, чем выдано: строка 6 + строка 7 "
        "≤ строка 3 + строка 4.",
        "No more ballots are found in the boxes than were issued: "
        "line 6 + line 7 ≤ line 3 + line 4.",
    ),
    "finding.K4.name": (
        "жәшіктердегі бюллетеньдер ≠ жарамсыз + дауыстар",
        "бюллетеней в урнах ≠ недействительные + голоса",
        "ballots in the boxes ≠ invalid + votes",
    ),
    "finding.K4.description": (
        "Жәшіктердегі әрбір бюллетень не жарамсыз, не бір рет есептелген: 6-жол + 7-жол "
        "= 8-жол + барлық дауыстар + «Барлығына қарсы».",
        "Каждый бюллетень из урн либо недействителен, либо учтён один раз: строка 6 "
        "+ строка 7 = строка 8 + все голоса + «против всех».",
        "Every ballot in the boxes is invalid or counted once: line 6 + line 7 = line 8 "
        "+ all votes + against all.",
    ),
    "finding.K5.name": (
        "тасымалданатын жәшіктердегі бюллетеньдер > үй-жайдан тыс берілген",
        "бюллетеней в переносных урнах > выдано вне помещения",
        "ballots in the mobile boxes > issued outside the polling room",
    ),
    "finding.K5.description": (
        "Тасымалданатын жәшіктерде үй-жайдан тыс берілгеннен артық бюллетень болмайды "
        "(7-жол ≤ 4-жол); тек олардың бәрі жарамсыз деп танылып (8-жол ≥ 7-жол), ол туралы "
        "акт жасалса ғана рұқсат.",
        "В переносных урнах бюллетеней не больше, чем выдано вне помещения для голосования "
        "(строка 7 ≤ строка 4), если только все бюллетени из них не признаны "
        "недействительными (строка 8 ≥ строка 7) и об этом не составлен акт.",
        "The mobile boxes hold no more ballots than were issued outside the polling room "
        "(line 7 ≤ line 4), unless every mobile-box ballot was counted invalid "
        "(line 8 ≥ line 7) and the act on it is recorded.",
    ),
    "finding.K6.name": (
        "жол толтырылмаған немесе бүтін сан ≥ 0 емес",
        "поле не заполнено или не целое число ≥ 0",
        "field empty or not a whole number ≥ 0",
    ),
    "finding.K6.description": (
        "Әрбір жол бүтін санмен (≥ 0) толтырылады; бос жол нөл емес. Бұл ешқашан "
        "қабылданбайды: түзетіңіз немесе қайта санаңыз.",
        "Каждая строка заполнена целым числом ≥ 0; пустое поле — не ноль. Такой протокол "
        "не принимается никогда: исправьте или пересчитайте.",
        "Every line is filled in as a whole number ≥ 0; an empty field is not a zero. "
        "Never accepted as it stands: correct or recount.",
    ),
    # -- plausibility warnings ------------------------------------------------------------
    "finding.W1.name": (
        "жарамсыз бюллетеньдер тым көп",
        "слишком много недействительных бюллетеней",
        "many invalid ballots",
    ),
    "finding.W1.description": (
        "Жарамсыз бюллетеньдер (8-жол) жәшіктердегі бюллетеньдердің (6 + 7-жолдар) 3%-ынан "
        "асады (әдепкі шек).",
        "Недействительных бюллетеней (строка 8) больше 3% бюллетеней в урнах "
        "(строки 6 + 7; порог по умолчанию).",
        "Invalid ballots (line 8) are above 3% of the ballots in the boxes "
        "(lines 6 + 7; the default threshold).",
    ),
    "finding.W2.name": ("әдеттен тыс қатысу", "необычная явка", "unusual turnout"),
    "finding.W2.description": (
        "Жәшіктердегі бюллетеньдер (6 + 7-жолдар) тізімдегі сайлаушылардың (1-жол) 95%-ынан "
        "көп немесе 5%-ынан аз (әдепкі шектер).",
        "Бюллетеней в урнах (строки 6 + 7) больше 95% или меньше 5% от числа избирателей "
        "по спискам (строка 1; пороги по умолчанию).",
        "Ballots in the boxes (lines 6 + 7) are above 95% or below 5% of the voters on the "
        "list (line 1; the default thresholds).",
    ),
    "finding.W3.name": (
        "берілген бюллетеньдер жәшіктерде жоқ",
        "выданные бюллетени не найдены в урнах",
        "ballots missing from the boxes",
    ),
    "finding.W3.description": (
        "Берілген, бірақ жәшіктерден табылмаған бюллетеньдер, (3 + 4) − (6 + 7), берілгендердің "
        "кемінде 2%-ы және кемінде 15 (әдепкі шектер).",
        "Выданных, но не обнаруженных в урнах бюллетеней, (3 + 4) − (6 + 7), не меньше 2% "
        "выданных и не меньше 15 (пороги по умолчанию).",
        "Ballots issued but not found in the boxes, (3 + 4) − (6 + 7), are at least 2% of the "
        "ballots issued and at least 15 (the default thresholds).",
    ),
    "finding.W4.name": ("бірде-бір дауыс жоқ", "нет ни одного голоса", "no votes at all"),
    "finding.W4.description": (
        "Барлық дауыс жолдары нөлге тең, «Барлығына қарсы» жолы да.",
        "Все строки голосов равны нулю, включая «против всех».",
        "Every vote line is zero, 'against all' included.",
    ),
    "finding.W5.name": (
        "бір таңдау 90%-дан асады",
        "один список или кандидат выше 90%",
        "one choice above 90%",
    ),
    "finding.W5.description": (
        "Бір тізім немесе кандидат жарамды бюллетеньдердің (6 + 7 − 8) 90%-ынан астамын алды "
        "(әдепкі шек).",
        "Один список или кандидат получил более 90% действительных бюллетеней "
        "(6 + 7 − 8; порог по умолчанию).",
        "One list or candidate has more than 90% of the valid ballots "
        "(6 + 7 − 8; the default threshold).",
    ),
    "finding.W6.name": (
        "басқа учаскенің сандарымен бірдей",
        "те же цифры, что у другого участка",
        "same figures as another precinct",
    ),
    "finding.W6.description": (
        "1–8-жолдар мен барлық дауыс жолдары осы бюллетень бойынша басқа учаскенің "
        "хаттамасымен бірдей.",
        "Строки 1–8 и все строки голосов совпадают с протоколом другого участка по тому же "
        "бюллетеню.",
        "Lines 1–8 and every vote line equal another precinct's protocol of the same contest.",
    ),
    "finding.W7.name": (
        "бюллетень түрлері бойынша берілгені сәйкес емес",
        "выдача бюллетеней разных видов расходится",
        "ballot types issued differ",
    ),
    "finding.W7.description": (
        "Бір түрдегі берілген бюллетеньдер (3 + 4) сол учаскедегі басқа түрдегіден үлкенінің "
        "2%-ынан астамға өзгеше (әдепкі шек).",
        "Число выданных бюллетеней (3 + 4) одного вида отличается от другого вида на том же "
        "участке более чем на 2% от большего (порог по умолчанию).",
        "Ballots issued (3 + 4) for one ballot type differ from another ballot type's at the "
        "same precinct by more than 2% of the larger (the default threshold).",
    ),
    "finding.W8.name": (
        "тізімдегі сайлаушылар тіркелгеннен өзгеше",
        "число избирателей расходится с регистром",
        "voters on the list differ from the register",
    ),
    "finding.W8.description": (
        "Тізімдегі сайлаушылар саны (1-жол) учаскеде тіркелген сайлаушылар санынан 10%-дан "
        "астамға өзгеше (әдепкі шек).",
        "Число избирателей по спискам (строка 1) отличается от числа зарегистрированных "
        "избирателей участка более чем на 10% (порог по умолчанию).",
        "Voters on the list (line 1) differ from the precinct's registered electorate by "
        "more than 10% (the default threshold).",
    ),
    # -- notices of the seat allocation -----------------------------------------------------
    "notice.L1.name": ("шектен ешкім өтпеді", "порог не преодолён", "no list qualifies"),
    "notice.L1": (
        "Бірде-бір тізім шектен өтпеді: мандаттар бөлінбейді.",
        "Ни один список не преодолел порог: мандаты не распределяются.",
        "No list reached the threshold: no seats are allocated.",
    ),
    "notice.L2.name": (
        "келесі тізім жіберілді",
        "допущен следующий список",
        "runner-up list admitted",
    ),
    "notice.L2": (
        "{list} тізімі дауыс саны бойынша келесі тізім ретінде мандат бөлуге жіберілді: "
        "шектен екіден аз тізім өтті.",
        "Список {list} допущен к распределению мандатов как следующий по числу голосов: "
        "порог преодолели менее двух списков.",
        "List {list} is admitted to the allocation as the runner-up: fewer than two lists "
        "reached the threshold.",
    ),
    "notice.L3.name": (
        "тең қалдықтар: жеребе керек",
        "равные остатки: нужна жеребьёвка",
        "equal remainders: a lot is needed",
    ),
    "notice.L3": (
        "{lists} тізімдерінің қалдықтары тең және мандатты шешеді, тіркелу реті оларды "
        "ажырата алмайды: жеребе тартылып, нәтижесі жазылуы керек.",
        "У списков {lists} равные остатки решают судьбу мандата, и порядок регистрации их "
        "не различает: нужна жеребьёвка с записью её результата.",
        "Equal remainders of {lists} decide a seat and registration order cannot separate "
        "them: a drawing of lots must be held and recorded.",
    ),
    # -- notices of single-member districts -------------------------------------------------
    "notice.S1.name": (
        "бірінші орында тең дауыс",
        "равенство голосов на первом месте",
        "tie for first place",
    ),
    "notice.S1": (
        "Бірінші орында дауыстар тең: {candidates}. Тек жазылған жеребемен шешіледі.",
        "Равенство голосов на первом месте: {candidates}. Решается только записанной жеребьёвкой.",
        "A tie for first place: {candidates}. Only a recorded drawing of lots settles it.",
    ),
    "notice.S2.name": (
        "«Барлығына қарсы» алда",
        "«против всех» впереди",
        "'against all' leads",
    ),
    "notice.S2": (
        "«Барлығына қарсы» дауыстары ({against_all}) алда тұрған кандидаттың дауыстарынан "
        "({top}) көп.",
        "Голосов «против всех» ({against_all}) больше, чем у лидирующего кандидата ({top}).",
        "'Against all' has more votes ({against_all}) than the leading candidate ({top}).",
    ),
    "notice.S3.name": ("қайта сайлау қажет", "нужны повторные выборы", "repeat election needed"),
    "notice.S3": (
        "Ешкім сайланған жоқ: «Барлығына қарсы» алда болғанда ережелер қайта сайлауды талап етеді.",
        "Никто не избран: правила требуют повторных выборов, если впереди «против всех».",
        "No one is elected: the rules require a repeat election where 'against all' leads.",
    ),
    "notice.S4.name": ("дауыс жоқ", "нет голосов", "no votes"),
    "notice.S4": (
        "Бірде-бір кандидат дауыс алмады: ешкім сайланған жоқ.",
        "Ни один кандидат не получил голосов: никто не избран.",
        "No candidate has a vote: no one is elected.",
    ),
    # -- notices of the designation of deputies ---------------------------------------------
    "notice.P1.name": (
        "30% талабы орындалмады",
        "требование 30% не выполнено",
        "30% requirement not met",
    ),
    "notice.P1": (
        "Белгіленген депутаттардың тек {share}%-ы әйелдер, 29 жасқа толмаған адамдар немесе "
        "мүгедектігі бар адамдар; бұл ережелер талап ететіннен аз.",
        "Только {share}% назначенных депутатов — женщины, лица моложе 29 лет или лица "
        "с инвалидностью; это меньше, чем требуют правила.",
        "Only {share}% of the designated deputies are women, people under 29 or people "
        "with disabilities: fewer than the rules require.",
    ),
    "notice.P2.name": (
        "әліпби ретімен берілді",
        "в алфавитном порядке",
        "in alphabetical order",
    ),
    "notice.P2": (
        "Партия депутаттарды мерзімінде белгілемеді: мандаттар тізімдегілерге қазақ әліпбиі "
        "ретімен берілді.",
        "Партия не определила депутатов в срок: мандаты переданы по списку в порядке "
        "казахского алфавита.",
        "The party did not designate its deputies in time: the seats go to its list in "
        "Kazakh alphabetical order.",
    ),
    "notice.P3.name": ("шешім күтілуде", "ожидается решение", "decision awaited"),
    "notice.P3": (
        "Партия депутаттарды әлі белгілеген жоқ, ал ережелерде басқа тәртіп қарастырылмаған: "
        "мандаттар партияның шешімін күтеді.",
        "Партия ещё не определила депутатов, а иного порядка правила не предусматривают: "
        "мандаты ждут её решения.",
        "The party has not designated its deputies yet and the rules have no fallback: the "
        "seats wait for its decision.",
    ),
    "notice.P4.name": (
        "тізімде жоқ есім",
        "имя не из списка",
        "name not on the list",
    ),
    "notice.P4": (
        "{name} партия тізімінде жоқ немесе екі рет аталған: есепке алынбады.",
        "{name}: нет в списке партии или названо дважды; не учтено.",
        "{name} is not on the party's list or is named twice: left out.",
    ),
    "notice.P5.name": ("бос мандаттар", "вакантные мандаты", "vacant seats"),
    "notice.P5": (
        "Тізімде адамдар мандаттардан аз: бос қалатын мандаттар саны — {vacant}.",
        "Лиц в списке меньше, чем мандатов: остаются вакантными — {vacant}.",
        "Fewer persons than seats: {vacant} seat(s) stay vacant.",
    ),
    # -- double entry: states -------------------------------------------------------------
    "state.not_entered": ("енгізілмеген", "не введён", "not entered"),
    "state.first_entry": ("бірінші рет енгізілді", "введён один раз", "first entry made"),
    "state.entries_differ": ("енгізулер сәйкес емес", "вводы расходятся", "entries differ"),
    "state.pending": ("шешім күтуде", "ожидает решения", "awaiting a decision"),
    "state.accepted": ("қабылданды", "принят", "accepted"),
    "state.annulled": ("күші жойылды", "аннулирован", "annulled"),
    # -- double entry: transitions --------------------------------------------------------
    "transition.first_entry": ("бірінші енгізу", "первый ввод", "first entry"),
    "transition.second_entry": ("екінші енгізу", "второй ввод", "second entry"),
    "transition.keep_first": (
        "бірінші енгізуді қалдыру",
        "оставить первый ввод",
        "keep the first entry",
    ),
    "transition.keep_second": (
        "екінші енгізуді қалдыру",
        "оставить второй ввод",
        "keep the second entry",
    ),
    "transition.correct": ("түзету", "исправление", "correction"),
    "transition.send_back": ("қайта енгізуге қайтару", "вернуть на ввод", "send back for entry"),
    "transition.accept": ("қабылдау", "принятие", "acceptance"),
    "transition.accept_warnings": (
        "ескертулермен қабылдау",
        "принятие с предупреждениями",
        "acceptance with warnings",
    ),
    "transition.accept_breach": (
        "бұзушылықпен қабылдау (акт бойынша)",
        "принятие с нарушением (по акту)",
        "acceptance with a breach (on an act)",
    ),
    "transition.recount": ("қайта санау", "пересчёт", "recount"),
    "transition.annul": ("нәтижелердің күшін жою", "аннулирование итогов", "annulment"),
    "transition.take_in": (
        "қол қойылған кодтан қабылдау",
        "приём по подписанному коду",
        "taken in from the signed code",
    ),
    "transition.revise_first": (
        "бірінші енгізуді өз енгізушісі түзетті",
        "первый ввод исправлен тем, кто его сделал",
        "first entry corrected by its own clerk",
    ),
    # -- kinds of entry -------------------------------------------------------------------
    "entry_kind.first": ("бірінші енгізу", "первый ввод", "first entry"),
    "entry_kind.second": ("екінші енгізу", "второй ввод", "second entry"),
    "entry_kind.correction": ("түзету", "исправление", "correction"),
    "entry_kind.observer": (
        "байқаушының көшірмесі",
        "копия наблюдателя",
        "observer's copy",
    ),
    "entry_kind.qr": ("қол қойылған код бойынша", "по подписанному коду", "from a signed code"),
    # -- the protocol's lines, as printed on the paper protocol -----------------------------
    "line.1": (
        "Учаскедегі сайлаушылардың жалпы саны (сайлаушылар тізімдері бойынша)",
        "Общее число избирателей на участке (по спискам избирателей)",
        "Number of voters on the list",
    ),
    "line.2": (
        "Учаскелік сайлау комиссиясы алған сайлау бюллетеньдерінің саны",
        "Число избирательных бюллетеней, полученных участковой избирательной комиссией",
        "Number of ballots received by the precinct election commission",
    ),
    "line.3": (
        "Дауыс беруге арналған үй-жайда сайлаушыларға берілген сайлау бюллетеньдерінің саны",
        "Число избирательных бюллетеней, выданных избирателям в помещении для голосования",
        "Number of ballots issued to voters in the polling room",
    ),
    "line.4": (
        "Дауыс беруге арналған үй-жайдан тыс жерде сайлаушыларға берілген сайлау "
        "бюллетеньдерінің саны",
        "Число избирательных бюллетеней, выданных избирателям вне помещения для голосования",
        "Number of ballots issued to voters outside the polling room",
    ),
    "line.5": (
        "Жойылған пайдаланылмаған сайлау бюллетеньдерінің саны",
        "Число погашенных неиспользованных избирательных бюллетеней",
        "Number of unused ballots, cancelled",
    ),
    "line.6": (
        "Дауыс беруге арналған тұрақты жәшіктерден алынған сайлау бюллетеньдерінің саны",
        "Число избирательных бюллетеней, извлечённых из стационарных урн для голосования",
        "Number of ballots found in the stationary ballot boxes",
    ),
    "line.7": (
        "Тасымалданатын сайлау жәшіктерінен алынған сайлау бюллетеньдерінің саны",
        "Число избирательных бюллетеней, извлечённых из переносных избирательных урн",
        "Number of ballots found in the mobile ballot boxes",
    ),
    "line.8": (
        "Жарамсыз деп танылған сайлау бюллетеньдерінің саны",
        "Число избирательных бюллетеней, признанных недействительными",
        "Number of invalid ballots",
    ),
    "line.against_all": ("Барлығына қарсы", "Против всех", "Against all"),
    "line.votes": ("дауыстар", "голоса", "votes"),
    # -- other words ------------------------------------------------------------------------
    "severity.error": ("қате", "ошибка", "error"),
    "severity.warning": ("ескерту", "предупреждение", "warning"),
    "act.mobile_box_excess": (
        "акт: тасымалданатын жәшікте жазбаша өтініштерден көп бюллетень болды",
        "акт: в переносной урне бюллетеней больше, чем письменных заявлений",
        "act: the mobile box held more ballots than written requests",
    ),
    "settlement.registration": (
        "тіркелу реті бойынша",
        "по порядку регистрации",
        "by registration order",
    ),
    "settlement.lot": ("жеребе бойынша", "жеребьёвкой", "by lot"),
    "settlement.unresolved": (
        "шешілмеді: жеребе тарту керек",
        "не решено: нужна жеребьёвка",
        "not settled: a lot must be drawn",
    ),
}

FINDING_CODES: tuple[str, ...] = (
    *(f"K{n}" for n in range(1, 7)),
    *(f"W{n}" for n in range(1, 9)),
)
NOTICE_CODES: tuple[str, ...] = (
    "L1",
    "L2",
    "L3",
    "S1",
    "S2",
    "S3",
    "S4",
    "P1",
    "P2",
    "P3",
    "P4",
    "P5",
)


def register_texts() -> None:
    """Put the texts into the catalog (done on import; calling again changes nothing)."""
    entries = {key: dict(zip(i18n.LANGUAGES, texts, strict=True)) for key, texts in TEXTS.items()}
    # `finding.K4` is the name too, for callers that look a check up by its code alone.
    for code in FINDING_CODES:
        entries[f"finding.{code}"] = entries[f"finding.{code}.name"]
    i18n.register(entries)


class _Fields(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(key: str, lang: str, detail: Mapping[str, str]) -> str:
    return i18n.text(key, lang).format_map(_Fields(detail))


def finding_name(code: str, lang: str) -> str:
    return i18n.text(f"finding.{code}.name", lang)


def finding_description(code: str, lang: str) -> str:
    return i18n.text(f"finding.{code}.description", lang)


def notice_text(notice: Notice, lang: str) -> str:
    """The notice in words with its details filled in (a missing detail stays `{name}`)."""
    return _fill(f"notice.{notice.code}", lang, notice.detail)


def line_name(line: int | str, lang: str) -> str:
    """A protocol line's name: 1-8, 'against_all' or 'votes'."""
    return i18n.text(f"line.{line}", lang)


register_texts()
