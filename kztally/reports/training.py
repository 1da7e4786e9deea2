"""The score of a training session as a PDF: the table per trainee, per group (stack)
and for the room, and a chart of speed against accuracy (clerks). Pure data in (a
`kztally.training.score.Score`), PDF bytes out; its words in kk, ru and en here."""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from kztally.reports.base import FONT, Document, styles
from kztally.reports.data import Marks
from kztally.reports.texts import Lang
from kztally.training.score import Line as ScoreLine
from kztally.training.score import Score, axis, shown_figures

_INDEX = {"kk": 0, "ru": 1, "en": 2}
WORDS: dict[str, tuple[str, str, str]] = {
    "title": (
        "Оқу-жаттығу сессиясының нәтижесі",
        "Итоги учебного занятия",
        "Training session score",
    ),
    "trainees": ("Оқушылар", "Обучающиеся", "Trainees"),
    "groups": ("Топтар мен бүкіл сынып", "Группы и весь класс", "Groups and the room"),
    "trainee": ("Оқушы", "Обучающийся", "Trainee"),
    "group_col": ("Топ", "Группа", "Group"),
    "role": ("Рөлі", "Роль", "Role"),
    "clerk": ("тіркеуші", "регистратор", "clerk"),
    "supervisor": ("жетекші", "руководитель", "supervisor"),
    "group": ("топ", "группа", "group"),
    "room": ("бүкіл сынып", "весь класс", "the room"),
    "protocols": ("Хаттамалар", "Протоколы", "Protocols"),
    "per_hour": ("Сағатына", "В час", "Per hour"),
    "keys": (
        "Пернелер / хаттама (ең азы)",
        "Нажатий / протокол (минимум)",
        "Keys / protocol (minimum)",
    ),
    "corrections": ("Түзетулер", "Исправления", "Corrections"),
    "accuracy": ("Дәлдігі", "Точность", "Accuracy"),
    "caught": ("Табылды", "Найдено", "Caught"),
    "missed": ("Өткізіп алды", "Пропущено", "Missed"),
    "alarms": ("Жалған дабыл", "Ложные тревоги", "False alarms"),
    "chart": (
        "Жылдамдық пен дәлдік (тіркеушілер)",
        "Скорость и точность (регистраторы)",
        "Speed against accuracy (clerks)",
    ),
    "x_axis": ("хаттама сағатына", "протоколов в час", "protocols per hour"),
    "y_axis": ("дәлдігі, %", "точность, %", "accuracy, %"),
    "note": (
        "Дәлдік — қағазда жазылғанмен салыстырғанда (әдейі қойылған қателерді қоса): "
        "қағазды «түзеткен» тіркеуші қате жасайды. Табылды — күтілген әрекет жасалған "
        "әдейі қойылған қателер.",
        "Точность — против того, что написано на бумаге (заложенные ошибки включительно): "
        "регистратор, «исправивший» бумагу, ошибается. Найдено — заложенные ошибки, по "
        "которым сделано ожидаемое действие.",
        "Accuracy is against what the paper says, planted errors included: a clerk who "
        "'corrects' the paper makes a fault. Caught: planted errors on which the expected "
        "action was taken.",
    ),
}


def w(lang: Lang, key: str) -> str:
    return WORDS[key][_INDEX[lang]]


def _row(x: ScoreLine, lang: Lang) -> list[str]:
    if x.role == "group":
        name = w(lang, "room") if x.name == "room" else f"{w(lang, 'group')} {x.name}"
        role = ""
    else:
        name, role = x.name, w(lang, x.role)
    return [name, role, *shown_figures(x)]


def _table(lines: list[ScoreLine], lang: Lang, first: str = "trainee") -> Table:
    st = styles()
    head = [
        Paragraph(f"<b>{w(lang, k)}</b>", st["small"])
        for k in (
            first,
            "role",
            "protocols",
            "per_hour",
            "keys",
            "corrections",
            "accuracy",
            "caught",
            "missed",
            "alarms",
        )
    ]
    body = [_row(x, lang) for x in lines]
    widths = [n * mm for n in (34, 28, 26, 22, 38, 24, 22, 20, 22, 24)]
    return Table(
        [head, *body],
        colWidths=widths,
        repeatRows=1,
        style=[
            ("FONT", (0, 1), (-1, -1), FONT, 8),
            ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ],
    )


def chart(result: Score, lang: Lang, width: float = 240 * mm, height: float = 55 * mm) -> Drawing:
    """Each clerk a dot: protocols per hour across, accuracy up (from 80% or lower)."""
    d = Drawing(width, height)
    left, bottom, right, top = 16 * mm, 11 * mm, 6 * mm, 9 * mm
    pw, ph = width - left - right, height - bottom - top
    clerks = [x for x in result.trainees if x.role == "clerk" and x.accuracy is not None]
    speeds = [float(x.per_hour) for x in clerks if x.per_hour is not None]
    top_speed, step = axis(max([10.0, *speeds]))
    low = min([0.8, *(float(x.accuracy) for x in clerks if x.accuracy is not None)])
    low = max(0.0, (int(low * 20) / 20))

    def at(speed: float, accuracy: float) -> tuple[float, float]:
        return (left + pw * speed / top_speed, bottom + ph * (accuracy - low) / (1 - low))

    d.add(Rect(left, bottom, pw, ph, strokeColor=colors.grey, fillColor=None, strokeWidth=0.5))
    for i in range(5):
        acc = low + (1 - low) * i / 4
        y = at(0, acc)[1]
        d.add(
            Line(left, y, left + pw, y, strokeColor=colors.Color(0.85, 0.85, 0.85), strokeWidth=0.3)
        )
        d.add(
            String(
                left - 2, y - 2.5, f"{acc * 100:.0f}", fontName=FONT, fontSize=7, textAnchor="end"
            )
        )
    for i in range(int(top_speed // step) + 1):
        speed = step * i
        x = at(speed, low)[0]
        d.add(String(x, bottom - 9, f"{speed:.0f}", fontName=FONT, fontSize=7, textAnchor="middle"))
    d.add(
        String(
            left + pw / 2, 1, w(lang, "x_axis"), fontName=FONT, fontSize=7.5, textAnchor="middle"
        )
    )
    d.add(String(2, bottom + ph + 4, w(lang, "y_axis"), fontName=FONT, fontSize=7.5))
    # by speed, the names above and below their dots in turn, so neighbours do not overlap
    ordered = sorted(clerks, key=lambda x: float(x.per_hour or 0))
    for n, one in enumerate(ordered):
        assert one.accuracy is not None
        speed = 0.0 if one.per_hour is None else float(one.per_hour)
        cx, cy = at(speed, float(one.accuracy))
        d.add(Circle(cx, cy, 3, fillColor=colors.Color(0.1, 0.35, 0.7), strokeColor=None))
        d.add(String(cx + 5, cy + (4 if n % 2 else -9), one.name, fontName=FONT, fontSize=7))
    return d


class _Chart(Flowable):  # type: ignore[misc]
    def __init__(self, drawing: Drawing) -> None:
        super().__init__()
        self.drawing = drawing
        self.width, self.height = drawing.width, drawing.height

    def draw(self) -> None:
        self.drawing.drawOn(self.canv, 0, 0)


def render_score(result: Score, lang: Lang, election: str = "") -> bytes:
    document = Document(lang, Marks(training=True, official=False, head=""), landscape_pages=True)
    st = styles()
    flow: list[Flowable] = [
        Paragraph(w(lang, "title"), st["title"]),
        Paragraph(election, st["small"]),
        Spacer(0, 3 * mm),
        Paragraph(f"<b>{w(lang, 'trainees')}</b>", st["h2"]),
        _table(list(result.trainees), lang),
        Spacer(0, 3 * mm),
        Paragraph(f"<b>{w(lang, 'groups')}</b>", st["h2"]),
        _table([*result.groups, result.room], lang, "group_col"),
        Spacer(0, 3 * mm),
        KeepTogether(
            [Paragraph(f"<b>{w(lang, 'chart')}</b>", st["h2"]), _Chart(chart(result, lang))]
        ),
        Spacer(0, 2 * mm),
        Paragraph(w(lang, "note"), st["small"]),
    ]
    return document.build(flow)
