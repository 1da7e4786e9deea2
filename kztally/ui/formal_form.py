"""The form for a protocol's formal parts, opened from the protocol page: the members
present and in all, when the count began and ended (local time, with the zone), and the
written requests to vote outside the room. Keyboard first, in the paper's order; an
empty field is not recorded. What cannot be so is said beside the form in the user's
language before anything is sent; the services record it (`services.formal`)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kztally.domain.formal import MEMBERS_MAX, REQUESTS_MAX, Formal, long_count
from kztally.services.context import Services
from kztally.services.errors import ServiceError
from kztally.ui.language import Language
from kztally.ui.users import refusal_text
from kztally.ui.widgets import message_line

ERROR_STYLE = "color: #b00020;"
ZONES = (5, 6)
"""Kazakhstan's zones in 2023: UTC+5 in the west, UTC+6 elsewhere."""
TIME_FORMAT = "%Y-%m-%d %H:%M"


class FormalDialog(QDialog):
    def __init__(
        self,
        lang: Language,
        services: Services,
        precinct: str,
        contest: str,
        title: str,
        *,
        may_record: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("formal-parts")
        self.lang = lang
        self.services = services
        self.precinct, self.contest = precinct, contest
        t = lang.t
        self.setWindowTitle(t("ui.formal.title", protocol=title))
        layout = QVBoxLayout(self)
        intro = QLabel(t("ui.formal.intro" if may_record else "ui.formal.read_only"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.present = self._field("formal-present", "9")
        self.total = self._field("formal-total", "11")
        self.began = self._field("formal-began", t("ui.formal.time_hint"))
        self.ended = self._field("formal-ended", t("ui.formal.time_hint"))
        self.zone = QComboBox(self)
        self.zone.setObjectName("formal-zone")
        for hours in ZONES:
            self.zone.addItem(f"UTC+{hours:02d}:00", hours)
        self.requests = self._field("formal-requests", "0")
        members = QHBoxLayout()
        members.addWidget(self.present)
        members.addWidget(QLabel("/", self))
        members.addWidget(self.total)
        form.addRow(t("ui.formal.present") + " / " + t("ui.formal.total"), members)
        form.addRow(t("ui.formal.began"), self.began)
        form.addRow(t("ui.formal.ended"), self.ended)
        form.addRow(t("ui.formal.zone"), self.zone)
        form.addRow(t("ui.formal.requests"), self.requests)
        layout.addLayout(form)
        self.message = message_line(self, "formal-message")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(
            t("ui.formal.save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("formal-save")
        close = buttons.addButton(t("ui.dialog.close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(may_record)
        for w in (self.present, self.total, self.began, self.ended, self.requests):
            w.setReadOnly(not may_record)
        self.zone.setEnabled(may_record)
        layout.addWidget(buttons)
        self.present.setFocus()
        self.show_recorded()

    def _field(self, name: str, hint: str) -> QLineEdit:
        box = QLineEdit(self)
        box.setObjectName(name)
        box.setPlaceholderText(hint)
        box.returnPressed.connect(self.focusNextChild)
        return box

    def show_recorded(self) -> None:
        view = self.services.formal.of(self.precinct, self.contest)
        f = view.formal
        for box, value in (
            (self.present, f.members_present),
            (self.total, f.members_total),
            (self.requests, f.requests),
        ):
            box.setText("" if value is None else str(value))
        at = f.count_began or f.count_ended
        if at is not None and at.utcoffset() is not None:
            offset = at.utcoffset()
            hours = int(offset.total_seconds() // 3600) if offset is not None else 6
            index = self.zone.findData(hours)
            if index >= 0:
                self.zone.setCurrentIndex(index)
        for box, when in ((self.began, f.count_began), (self.ended, f.count_ended)):
            box.setText("" if when is None else when.strftime(TIME_FORMAT))
        if view.at is None:
            self._say(self.lang.t("ui.formal.none_yet"))
        else:
            said = self.lang.t(
                "ui.formal.saved", by=view.by or "", at=view.at.astimezone().strftime(TIME_FORMAT)
            )
            if view.long_count:
                said += " " + self.lang.t("ui.formal.long_count")
            self._say(said)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def _number(self, box: QLineEdit, label: str, top: int) -> int | str | None:
        text = box.text().strip()
        if not text:
            return None
        if not text.isdigit() or int(text) > top:
            return self.lang.t("ui.formal.bad_number", field=self.lang.t(label), top=top)
        return int(text)

    def _time(self, box: QLineEdit, label: str) -> dt.datetime | str | None:
        text = " ".join(box.text().split())
        if not text:
            return None
        try:
            at = dt.datetime.strptime(text, TIME_FORMAT)
        except ValueError:
            return self.lang.t("ui.formal.bad_time", field=self.lang.t(label))
        hours = int(self.zone.currentData())
        return at.replace(tzinfo=dt.timezone(dt.timedelta(hours=hours)))

    def read(self) -> Formal | str:
        """The parts as typed, or what is wrong with them (in the user's language)."""
        present = self._number(self.present, "ui.formal.present", MEMBERS_MAX)
        total = self._number(self.total, "ui.formal.total", MEMBERS_MAX)
        began = self._time(self.began, "ui.formal.began")
        ended = self._time(self.ended, "ui.formal.ended")
        requests = self._number(self.requests, "ui.formal.requests", REQUESTS_MAX)
        for value in (present, total, began, ended, requests):
            if isinstance(value, str):
                return value
        assert not isinstance(present, str) and not isinstance(total, str)
        assert not isinstance(began, str) and not isinstance(ended, str)
        assert not isinstance(requests, str)
        if present is not None and total is not None and present > total:
            return self.lang.t("ui.formal.more_present", present=present, total=total)
        if began is not None and ended is not None and ended < began:
            return self.lang.t("ui.formal.ended_before")
        return Formal(present, total, began, ended, requests)

    def save(self) -> bool:
        found = self.read()
        if isinstance(found, str):
            self._say(found, error=True)
            return False
        try:
            self.services.formal.record(self.precinct, self.contest, found)
        except ServiceError as exc:
            self._say(refusal_text(self.lang, exc), error=True)
            return False
        self.show_recorded()
        if long_count(found):
            self.message.setStyleSheet(ERROR_STYLE)
        return True


__all__ = ["FormalDialog"]
