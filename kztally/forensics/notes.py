"""What each forensic test can and cannot show, in plain words, in Kazakh, Russian and
English; the same texts for the command line, the panel and the reports."""

from __future__ import annotations

from kztally.forensics.analysis import ALPHA, Test

TITLES: dict[Test, dict[str, str]] = {
    "turnout_share": {
        "kk": "Қатысу мен көшбасшы үлесі",
        "ru": "Явка и доля лидера",
        "en": "Turnout against the leader's share",
    },
    "district_shift": {
        "kk": "Аудан мен облыс: қатысу да, үлес те жоғары",
        "ru": "Район выше области и по явке, и по доле",
        "en": "District above its region in turnout and share",
    },
    "turnout_spikes": {
        "kk": "Қатысудағы бүтін пайыздар",
        "ru": "Круглые проценты явки",
        "en": "Whole-percent spikes in turnout",
    },
    "share_spikes": {
        "kk": "Көшбасшы үлесіндегі бүтін пайыздар",
        "ru": "Круглые проценты доли лидера",
        "en": "Whole-percent spikes in the leader's share",
    },
    "last_digit": {
        "kk": "Соңғы цифр",
        "ru": "Последняя цифра",
        "en": "Last digit",
    },
    "zero_five": {
        "kk": "0 мен 5-ке біткен сандар",
        "ru": "Числа на 0 и 5",
        "en": "Counts ending in 0 or 5",
    },
    "twins": {
        "kk": "Егіз учаскелер",
        "ru": "Участки-близнецы",
        "en": "Twin precincts",
    },
    "outliers": {
        "kk": "Ауданынан тым алшақ учаскелер",
        "ru": "Участки вне разброса района",
        "en": "Precincts far outside their district",
    },
}

NOTES: dict[Test, dict[str, str]] = {
    "turnout_share": {
        "kk": "Әр аудан ішінде қатысуы жоғары учаскелерде көшбасшы тізімнің үлесі де жоғары "
        "ма (Спирменнің ранг корреляциясы). Бюллетень салу қатысуды да, бір тізімнің "
        "дауысын да бірге көтереді. Бірақ бұл заңды себептен де болады: бір тізімді "
        "жақтайтын ауылдар көбірек дауыс береді. Тест алаяқтықты дәлелдемейді, тек қай "
        "жерге қарау керегін көрсетеді.",
        "ru": "Растёт ли доля лидирующего списка вместе с явкой внутри каждого района "
        "(ранговая корреляция Спирмена). Вброс поднимает явку и голоса одного списка "
        "вместе. Но такая связь бывает и честной: сёла, где больше голосуют, могут "
        "чаще поддерживать один список. Тест не доказывает фальсификацию, а показывает, "
        "куда смотреть.",
        "en": "Whether the leading list's share rises with turnout within each district "
        "(Spearman's rank correlation). Ballot stuffing pushes turnout and one list's "
        "votes up together. But the same link arises honestly when the precincts that "
        "vote more also favour one list. The test proves no fraud; it shows where to "
        "look.",
    },
    "district_shift": {
        "kk": "Ауданның учаскелерінде облыстың қалған учаскелерімен салыстырғанда қатысу "
        "да, көшбасшы үлесі де жоғары ма (екі бір жақты Манн–Уитни тесті, екеуі де "
        "орындалуы керек). Бүкіл ауданға бюллетень салу Шпилькин суретінде осындай 'құйрық' "
        "қалдырады. Бірақ аудан заңды түрде де ерекше болуы мүмкін (ауыл мен қала); "
        "ауданды білетін адам қарауы керек.",
        "ru": "Выше ли на участках района, чем на остальных участках области, и явка, и "
        "доля лидера (два односторонних теста Манна–Уитни, нужны оба). Вброс по "
        "всему району оставляет такой «хвост кометы» на картинке Шпилькина. Но район "
        "может отличаться и честно (село и город); судить должен тот, кто знает район.",
        "en": "Whether a district's precincts have both a higher turnout and a higher "
        "leader's share than the rest of its region (two one-sided Mann-Whitney tests, "
        "both must hold). Stuffing across a district leaves this comet's tail on the "
        "Shpilkin picture. But a district can differ honestly (country and town); "
        "someone who knows the district must judge.",
    },
    "turnout_spikes": {
        "kk": "Қатысуы дәл бүтін пайызға (мысалы 70,0%) тең учаскелер кездейсоқтықтан "
        "көп пе (Кобак, Шпилькин, Пшеничников). Күтілетін сан Монте-Карло моделінен "
        "(әр учаске биномдық) алынады. Жоғарыдан берілген 'дөңгелек' межені көрсетуі "
        "мүмкін. Шағын учаскелерде бүтін пайыз жиі кездеседі, модель оны ескереді; "
        "нәтиже нақты қай хаттаманың жалған екенін айтпайды.",
        "ru": "Больше ли, чем случайно, участков с явкой ровно на целом проценте "
        "(например 70,0%) (Кобак, Шпилькин, Пшеничников). Ожидание — из модели "
        "Монте-Карло (каждый участок биномиальный). Может выдать «круглую» цифру, "
        "спущенную сверху. Малые участки попадают на целые проценты чаще, модель это "
        "учитывает; тест не говорит, какой именно протокол неверен.",
        "en": "Whether more precincts than chance would give have a turnout exactly at a "
        "whole percentage, such as 70.0% (Kobak, Shpilkin and Pshenichnikov). The "
        "expectation comes from their Monte-Carlo model (each precinct binomial). It "
        "can reveal a round target handed down. Small precincts hit whole percentages "
        "more often, and the model allows for it; it does not say which protocol is "
        "wrong.",
    },
    "share_spikes": {
        "kk": "Көшбасшы тізімнің үлесі дәл бүтін пайызға тең учаскелер кездейсоқтықтан "
        "көп пе. Қатысудағыдай Монте-Карло моделімен салыстырылады. Қолдан жазылған "
        "'дөңгелек' нәтижені көрсетуі мүмкін; адал учаскелерді ажырата алмайды.",
        "ru": "Больше ли, чем случайно, участков, где доля лидера ровно на целом "
        "проценте. Сравнение с той же моделью Монте-Карло, что и для явки. Может выдать "
        "вписанный «круглый» результат; честные участки от нечестных не отличает.",
        "en": "Whether more precincts than chance would give have the leader's share "
        "exactly at a whole percentage. Compared with the same Monte-Carlo model as "
        "turnout. It can reveal a round result written in; it cannot tell honest "
        "precincts from the others.",
    },
    "last_digit": {
        "kk": "100-ден кем емес дауыс сандарының соңғы цифры біркелкі ме (хи-квадрат, 9 "
        "еркіндік дәрежесі). Ойдан шығарылған сандарда адамдар кейбір цифрларды жиі "
        "таңдайды. Нақты сандар да кейде біркелкі болмайды; тест сандардың қалай "
        "жазылғанын ғана тексереді, кімге берілгенін емес.",
        "ru": "Равномерна ли последняя цифра числа голосов от 100 и выше (хи-квадрат, 9 "
        "степеней свободы). Придумывая числа, люди чаще выбирают одни цифры. Честные "
        "числа тоже бывают неравномерны; тест проверяет лишь то, как записаны числа, а "
        "не кому отданы голоса.",
        "en": "Whether the last digits of vote counts of 100 or more are uniform "
        "(chi-square, 9 degrees of freedom). People who make numbers up favour some "
        "digits. Honest counts can be uneven too; the test looks only at how the "
        "numbers were written, not at whom the votes went to.",
    },
    "zero_five": {
        "kk": "100-ден кем емес дауыс сандарының 0 немесе 5-ке біткені бестен бірден көп "
        "пе (дәл биномдық тест). Ойдан шығарылған сандар көбіне дөңгелек болады. "
        "Адал сандарда да кездейсоқ артық болуы мүмкін; жалғыз өзі ештеңені дәлелдемейді.",
        "ru": "Больше ли пятой части чисел голосов от 100 и выше оканчиваются на 0 или 5 "
        "(точный биномиальный тест). Придуманные числа чаще круглые. В честных числах "
        "избыток тоже бывает случайно; сам по себе тест ничего не доказывает.",
        "en": "Whether more than one in five vote counts of 100 or more end in 0 or 5 "
        "(exact binomial test). Invented numbers tend to be round. Honest counts can "
        "show an excess by chance; on its own it proves nothing.",
    },
    "twins": {
        "kk": "Екі учаскенің хаттамалары (берілген бюллетеньдер, жарамсыздар, әр "
        "таңдаудың дауысы) бірдей немесе 6-дан аспайтын айырмамен бірдей. Тәуелсіз екі "
        "учаскенің осылай сәйкес келу ықтималдығы салыстырылған жұптар санына "
        "көбейтіледі. Көшірілген немесе бір қолмен жазылған хаттаманы көрсетуі мүмкін; "
        "қай хаттама дұрыс екенін айтпайды — қағаз нұсқаларын қараңыз.",
        "ru": "Протоколы двух участков (выданные бюллетени, недействительные, голоса за "
        "каждый выбор) совпадают или отличаются не больше чем на 6. Вероятность такого "
        "совпадения двух независимых участков умножается на число сравнённых пар. Может "
        "выдать скопированный или написанный одной рукой протокол; какой из двух верен, "
        "не говорит — смотрите бумажные копии.",
        "en": "Two precincts whose protocols (ballots issued, invalid ballots, each "
        "choice's votes) are identical or differ by 6 at most in all. The chance of two "
        "independent precincts coming this close is multiplied by the number of pairs "
        "compared. It can reveal a protocol copied or written by one hand; it does not "
        "say which of the two is right: look at the paper copies.",
    },
    "outliers": {
        "kk": "Учаскенің қатысуы немесе көшбасшы үлесі өз ауданының шашырауынан тым "
        "алыс (медиана мен MAD бойынша робаст z, логит шкаласында; учаскелер санына "
        "Бонферрони түзетуі). Аурухана, әскери бөлім сияқты ерекше учаскелер заңды "
        "түрде де осындай болады; бұл тексеру керек учаскелердің тізімі ғана.",
        "ru": "Явка или доля лидера участка далеко за разбросом его района (робастный z "
        "по медиане и MAD в логит-шкале; поправка Бонферрони на число участков). "
        "Особые участки — больницы, воинские части — бывают такими законно; это лишь "
        "список участков для проверки.",
        "en": "A precinct whose turnout or leader's share lies far outside its "
        "district's spread (robust z from the median and MAD on the logit scale; "
        "Bonferroni over the precincts). Special precincts, such as hospitals and "
        "military units, lawfully look like this; it is only a list of precincts to "
        "check.",
    },
}

CORRECTION: dict[str, str] = {
    "kk": "Әр тест үшін маңыздылық деңгейі {alpha}; тексерілген аймақтар саны бойынша "
    "Бенджамини–Хохберг түзетуі қолданылады. Адал сайлауда да мың тесттің біреуі "
    "кездейсоқ белгіленуі мүмкін.",
    "ru": "Уровень значимости {alpha} на тест, с поправкой Бенджамини–Хохберга на число "
    "проверенных территорий. И в честных выборах примерно один тест из тысячи сработает "
    "случайно.",
    "en": "Significance {alpha} per test, with the Benjamini-Hochberg correction for the "
    "number of areas tested. Even in an honest election about one test in a thousand "
    "fires by chance.",
}


TWINS_CORRECTION: dict[str, str] = {
    "kk": "Әр жұп үшін маңыздылық деңгейі {alpha}; салыстырылған жұптар саны бойынша "
    "Бонферрони түзетуі қолданылады.",
    "ru": "Уровень значимости {alpha} на пару, с поправкой Бонферрони на число сравнённых пар.",
    "en": "Significance {alpha} per pair, with the Bonferroni correction for the number of "
    "pairs compared.",
}
"""Twins are looked for once over all precincts: their correction is over the pairs."""


def title(test: Test, lang: str) -> str:
    texts = TITLES[test]
    return texts.get(lang) or texts["en"]


def note(test: Test, lang: str) -> str:
    """The test's note and the correction, in one paragraph."""
    texts = NOTES[test]
    corrections = TWINS_CORRECTION if test == "twins" else CORRECTION
    correction = corrections.get(lang) or corrections["en"]
    return f"{texts.get(lang) or texts['en']} {correction.format(alpha=ALPHA)}"
