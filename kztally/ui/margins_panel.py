"""The results screen's margins panel: how few ballots would change the body's seats or a
district's winner, and whether the uncounted protocols could (docs/margins.md).

Computed off the GUI thread by the margins service, for the area and body on screen.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kztally.domain.election import Election
from kztally.domain.ids import ChoiceId
from kztally.domain.margins import AGAINST_ALL, Flip
from kztally.services.context import Services
from kztally.services.margins import AreaMargins, ContestMargin
from kztally.ui.jobs import Job
from kztally.ui.language import Language
from kztally.ui.results import choice_name


def _n(n: int) -> str:
    return f"{n:,}".replace(",", " ")


class MarginsPanel(QWidget):
    def __init__(self, lang: Language, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("results-margins")
        self.lang = lang
        self.services = services
        self.title = QLabel(self)
        self.body = QLabel(self)
        self.body.setObjectName("results-margins-text")
        self.body.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        self._job: Job | None = None
        self._wanted: tuple[str, str] | None = None
        self.shown: tuple[str, str] | None = None

    def show_for(self, body: str, area: str) -> None:
        """Compute the margins of the body's contests decided within the area (that body's
        alone: the national maslikhats' thousands of districts wait until asked)."""
        self.title.setText(f"<b>{html.escape(self.lang.t('ui.margins.title'))}</b>")
        self._wanted = (body, area)
        if self._job is not None:
            return
        job = Job(lambda _report: (body, area, self.services.margins.margins(area, body)))
        job.signals.finished.connect(self._done)
        job.signals.failed.connect(self._failed)
        self._job = job
        QThreadPool.globalInstance().start(job)

    def _failed(self, message: str) -> None:
        self._job = None
        self.body.setText(html.escape(message.splitlines()[0] if message else ""))

    def _done(self, found: object) -> None:
        self._job = None
        assert isinstance(found, tuple)
        body, area, margins = found
        if (body, area) != self._wanted and self._wanted is not None:
            self.show_for(*self._wanted)
            return
        assert isinstance(margins, AreaMargins)
        self.body.setText(self.text(body, margins))
        self.shown = (body, area)

    def text(self, body: str, margins: AreaMargins) -> str:
        t = self.lang.t
        election = self.services.elections.require()
        mine = [m for m in margins.contests if m.body.id == body]
        if not mine:
            return html.escape(t("ui.margins.none"))
        lines: list[str] = []
        for m in mine:
            if not m.margins.lists:
                continue
            moved, added = m.margins.moved, m.margins.added
            if moved is not None:
                lines.append(
                    t(
                        "ui.margins.closest_seat",
                        n=_n(moved.ballots),
                        source=self._name(election, m, moved.source or ""),
                        target=self._name(election, m, moved.target),
                        changes=", ".join(
                            f"{self._name(election, m, i)} {b}→{a}" for i, b, a in moved.seats
                        ),
                    )
                )
            if added is not None:
                lines.append(
                    t(
                        "ui.margins.stuffing",
                        n=_n(added.ballots),
                        target=self._name(election, m, added.target),
                    )
                )
            lines.append(t("ui.margins.safe", safe=_n(m.margins.safe)))
            lines.append(self._uncounted(m))
        districts = [m for m in mine if not m.margins.lists and m.margins.moved is not None]
        if districts:
            m = min(districts, key=lambda d: d.margins.moved.ballots if d.margins.moved else 0)
            f = m.margins.moved
            assert f is not None
            lines.append(
                t(
                    "ui.margins.closest_district",
                    number=m.contest.number or "?",
                    n=_n(f.ballots),
                    source=self._name(election, m, f.source or ""),
                    target=self._name(election, m, f.target),
                    after=self._after(election, m, f),
                )
            )
            lines.append(self._uncounted(m))
        return "<br>".join(html.escape(line) for line in lines)

    def _uncounted(self, m: ContestMargin) -> str:
        return self.lang.t(
            f"ui.margins.uncounted.{m.verdict.value}",
            n=m.outstanding,
            electorate=_n(m.outstanding_electorate),
        )

    def _after(self, election: Election, m: ContestMargin, f: Flip) -> str:
        t = self.lang.t
        if f.repeat:
            return t("ui.margins.repeat")
        if f.winner is None:
            return t("ui.margins.no_one")
        return t("ui.margins.winner", name=self._name(election, m, f.winner))

    def _name(self, election: Election, m: ContestMargin, choice: str) -> str:
        if choice == AGAINST_ALL:
            return self.lang.t("ui.margins.against_all")
        return choice_name(election, m.contest.choice(ChoiceId(choice)), self.lang)
