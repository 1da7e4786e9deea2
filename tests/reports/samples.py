"""Fixed documents for snapshots, pictures and the benchmark: the same bytes every run
(a key from a fixed seed, a fixed signing time)."""

from __future__ import annotations

import datetime as dt

from kztally.domain.protocol import Act, Figures
from kztally.paper import digest as paper_digest
from kztally.paper.payload import CodedProtocol, encode
from kztally.reports.data import Formal, Marks, ProtocolDoc
from kztally.reports.texts import Lang
from tests.paper.signing_kit import seeded

AT = dt.datetime(2023, 3, 19, 23, 50, tzinfo=dt.UTC)
NAMES = {
    "kk": (
        "Мәжіліс депутаттарын сайлау, 2023",
        "Мәжіліс: партиялық тізімдер",
        "№421 сайлау учаскесі, Есіл ауданы, Астана қаласы",
    ),
    "ru": (
        "Выборы депутатов Мажилиса, 2023",
        "Мажилис: партийные списки",
        "Избирательный участок № 421, район Есиль, город Астана",
    ),
    "en": (
        "Election of the Mazhilis, 2023",
        "Mazhilis: party lists",
        "Polling station No. 421, Yesil District, Astana",
    ),
}
LISTS = ("AMANAT", "«Ауыл» ХДПП", "Respublica", "«Ақ жол» ДП", "Халық партиясы", "ЖСДП", "«Байтақ»")
COMMISSION = {
    "kk": "№421 учаскелік сайлау комиссиясы",
    "ru": "Участковая избирательная комиссия № 421",
    "en": "Precinct election commission No. 421",
}
FIGURES = Figures((1483, 1100, 905, 31, 164, 902, 31, 14), (512, 96, 71, 66, 55, 41, 28), 46)


def protocol_doc(lang: Lang, copy: int | None = None, training: bool = True) -> ProtocolDoc:
    election, ballot, address = NAMES[lang]
    coded = CodedProtocol(
        bytes.fromhex("9f86d081884c7d65"), "P00421", "MZ-L", 1, FIGURES,
        frozenset({Act.MOBILE_BOX_EXCESS}), "Акт № 3, 19.03.2023", AT,
    )  # fmt: skip
    signer = seeded(1)
    return ProtocolDoc(
        lang=lang,
        marks=Marks(training, False, "5120:3f2a91c0be4d7a11"),
        election=election,
        commission=COMMISSION[lang],
        precinct="P00421",
        number="421",
        address=address,
        contest="MZ-L",
        ballot=ballot,
        round=1,
        lines=tuple(v for v in FIGURES.lines if v is not None),
        choices=LISTS,
        votes=tuple(v for v in FIGURES.votes if v is not None),
        against_all=FIGURES.against_all,
        formal=Formal(9, 11, dt.datetime(2023, 3, 19, 20, 0, tzinfo=dt.UTC), AT, 31),
        warnings=(("W1", "Сиямен былғанған 14 бюллетень / 14 ballots smeared with ink"),),
        breach=None,
        codes=tuple(encode(coded, signer)),
        key=" ".join(signer.fingerprint.upper()[i : i + 4] for i in range(0, 16, 4)),
        digest=paper_digest.groups(paper_digest.of_protocol(coded)),
        signed_at=AT,
        copy=copy,
    )
