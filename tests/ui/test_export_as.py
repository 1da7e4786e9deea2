"""The one save-as step of the cross-check's and the forensics' exports
(`kztally.ui.widgets.export_as`): the suffix added, the file written, and where it went
or why it did not said on the status line, in the user's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kztally.ui.language import Language
from kztally.ui.widgets import export_as


def _answer(monkeypatch: pytest.MonkeyPatch, path: str) -> list[str]:
    asked: list[str] = []

    def get_save_file_name(_parent: QWidget, title: str, *_: object) -> tuple[str, str]:
        asked.append(title)
        return path, ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
    return asked


def test_the_suffix_is_added_and_the_place_said(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    parent, status, lang = QWidget(), QLabel(), Language("ru")
    qtbot.addWidget(parent)
    asked = _answer(monkeypatch, str(tmp_path / "chart"))
    written: list[Path] = []

    def write(target: Path) -> None:
        target.write_bytes(b"png")
        written.append(target)

    export_as(parent, lang, status, "ui.forensics", "png", "x.png", write)
    assert asked == ["Как PNG…"]
    assert written == [tmp_path / "chart.png"]
    assert status.text() == f"Сохранено: {tmp_path / 'chart.png'}"


def test_a_failed_write_is_said_and_a_cancel_writes_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    parent, status, lang = QWidget(), QLabel(), Language("en")
    qtbot.addWidget(parent)

    def fail(target: Path) -> None:
        raise PermissionError(13, "Permission denied", str(target))

    _answer(monkeypatch, str(tmp_path / "r.csv"))
    export_as(parent, lang, status, "ui.crosscheck", "csv", "x.csv", fail)
    assert str(tmp_path / "r.csv") in status.text()
    assert "Permission denied" in status.text()

    status.setText("before")
    _answer(monkeypatch, "")
    export_as(parent, lang, status, "ui.crosscheck", "csv", "x.csv", fail)
    assert status.text() == "before"
