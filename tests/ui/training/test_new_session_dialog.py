"""The trainer makes a training session from the app: the New training session dialog runs
the same service as `kztally training new` in the background, says where the papers, the
answer key and the accounts are, and opens the session's score; what is typed wrong is a
sentence naming the field, and a failed job leaves nothing in the folder.

`KZTALLY_SCREENSHOTS=docs/screenshots` saves the dialog (training-new-*.png) there."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kztally.domain.rules import Role
from kztally.services.context import Services
from kztally.services.training import answers_json
from kztally.services.training_new import make_plan
from kztally.storage.database import Database, open_database
from kztally.ui.language import Language
from kztally.ui.main_window import Hooks, MainWindow
from kztally.ui.training.new_session import NewSessionDialog
from tests.conftest import PASSWORD
from tests.ui.test_every_word import foreign_words

SHOTS = os.environ.get("KZTALLY_SCREENSHOTS")
# words of the files' names (English in every language, as on disk)
FILE_WORDS = {"trainees", "trainer", "answer", "accounts", "training", "sqlite", "json"}


def dialog(qtbot: QtBot, lang: Language, out: Path | str, **typed: str) -> NewSessionDialog:
    d = NewSessionDialog(lang, "trainer")
    qtbot.addWidget(d)
    fields = {
        "seed": "3",
        "trainees": "3",
        "supervisors": "1",
        "protocols": "2",
        "errors": "0.5",
        "folder": str(out),
        "password": PASSWORD,
        **typed,
    }
    for name, value in fields.items():
        getattr(d, name).setText(value)
    d.show()
    return d


def run(qtbot: QtBot, d: NewSessionDialog) -> None:
    assert d.start()
    assert d.job is not None and not d.make_button.isEnabled()
    qtbot.waitUntil(lambda: d.job is None, timeout=120_000)


def test_a_session_made_from_the_app(
    qtbot: QtBot, lang: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the sentence names the folder as typed
    election = make_plan(3, 3, 1, 2, 0.5).election
    found = {}
    for code in ("kk", "ru", "en"):
        lang.set(code, remember=False)
        d = dialog(qtbot, lang, f"s3-{code}")
        d.paper_lang.setCurrentIndex(d.paper_lang.findData(code))
        if SHOTS and code != "en":
            qtbot.wait(50)
            d.grab().save(str(Path(SHOTS) / f"training-new-{code}.png"))
        run(qtbot, d)
        made = d.made
        assert made is not None, d.status.text()
        room = tmp_path / f"s3-{code}"
        assert made.folder == Path(f"s3-{code}")
        # two clerks pair up on stack 1, the third is alone on stack 2
        for name in ("trainee-01", "trainee-02", "trainee-03", "supervisor-01"):
            assert (room / "trainees" / f"{name}.pdf").read_bytes().startswith(b"%PDF")
        assert (room / "training.sqlite").is_file()
        key = (room / "trainer" / "answer-key.json").read_text(encoding="utf-8")
        assert key == answers_json(make_plan(3, 3, 1, 2, 0.5))  # what the command writes
        assert json.loads(key)["planted"] == 2
        sheet = (room / "trainer" / "accounts.txt").read_text(encoding="utf-8")
        assert "trainee-03" in sheet and "supervisor-01" in sheet
        assert not (tmp_path / f".s3-{code}.partial").exists()
        said = d.status.text()
        for path in (made.trainees, made.answers, made.sheet, room / "training.sqlite"):
            assert str(path.relative_to(tmp_path) if path.is_absolute() else path) in said
        assert d.score_button.isVisible()
        if SHOTS and code != "en":
            qtbot.wait(50)
            d.grab().save(str(Path(SHOTS) / f"training-new-done-{code}.png"))
        words = [x for x in foreign_words(d, code, election) if x[1].casefold() not in FILE_WORDS]  # type: ignore[arg-type]
        if words:
            found[code] = words
        # the score screen opens the session just made: nobody has entered yet
        score = d.open_score()
        assert score is not None and score.score is not None
        assert score.table.rowCount() == 4  # three clerks and a supervisor
        names = [x.name for x in score.score.trainees]
        assert names == ["trainee-01", "trainee-02", "trainee-03", "supervisor-01"]
        assert score.score.room.protocols == 0  # a paper nobody entered is not counted yet
        d.close()
    lang.set("en", remember=False)
    assert found == {}


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ({"trainees": "0"}, "“Clerk trainees”: a whole number from 1 to 99 is needed, not “0”."),
        ({"errors": "1.5"}, "“Share with planted errors (0–1)”: a number from 0 to 1"),
        ({"protocols": "eight"}, "“Protocols a stack”: a whole number from 1 to 999"),
        ({"folder": ""}, "Choose the session folder"),
        ({"db": "mysql://x"}, "must be a PostgreSQL address"),
        ({"password": ""}, "Type your password"),
    ],
)
def test_what_is_typed_wrong_is_said(
    qtbot: QtBot, lang: Language, tmp_path: Path, typed: dict[str, str], said: str
) -> None:
    d = dialog(qtbot, lang, tmp_path / "room", **typed)
    assert not d.start()
    assert d.job is None and said in d.status.text()
    assert not (tmp_path / "room").exists()


def test_a_folder_that_cannot_take_the_session(
    qtbot: QtBot, lang: Language, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("x")
    d = dialog(qtbot, lang, tmp_path / "a-file" / "room")
    assert not d.start()
    assert (
        d.status.text()
        == f"{tmp_path / 'a-file' / 'room'}: cannot write here; choose another folder."
    )
    full = tmp_path / "full"
    full.mkdir()
    (full / "x").write_text("x")
    d = dialog(qtbot, lang, full)
    assert not d.start()
    assert "is not empty" in d.status.text()


def test_a_failed_session_leaves_nothing(qtbot: QtBot, lang: Language, tmp_path: Path) -> None:
    # a shared database nobody answers at: the job fails after the folder was begun
    d = dialog(qtbot, lang, tmp_path / "room", db="postgresql://postgres@127.0.0.1:9/none")
    run(qtbot, d)
    assert d.made is None
    said = d.status.text()
    assert said.startswith("The session was not made; nothing is left in the folder.")
    assert "Traceback" not in said and len(said) > 70
    assert sorted(tmp_path.iterdir()) == []
    assert d.make_button.isEnabled() and not d.score_button.isVisible()


def test_the_view_menu_offers_it_to_trainers_only(
    qtbot: QtBot, lang: Language, db: Database
) -> None:
    trainer = Services.sign_in(db, "trainer", PASSWORD)  # the first account: administrator
    the_plan = make_plan(3, 2, 1, 2, 0.5)
    trainer.training.create(
        the_plan, dict.fromkeys((*the_plan.clerks, *the_plan.supervisors), PASSWORD)
    )
    trainer.users.add("boss", Role.SUPERVISOR, PASSWORD)
    shown = {}
    for name in ("trainer", "trainee-01", "boss"):
        w = MainWindow(lang, Services.sign_in(db, name, PASSWORD), Hooks())
        qtbot.addWidget(w)
        w.timer.stop()
        w.results.timer.stop()
        shown[name] = w.training_new_action.isVisible()
        if name == "trainer":
            d = w.new_training_session()
            assert d.labels["password"].text() == "trainer: your password in the session's database"
            d.close()
    assert shown == {"trainer": True, "trainee-01": False, "boss": False}


def test_cancel_leaves_nothing(qtbot: QtBot, lang: Language, tmp_path: Path) -> None:
    d = dialog(qtbot, lang, tmp_path / "room")
    assert d.start()
    d.cancel()  # the job stops at its next step, or it had made the whole session
    qtbot.waitUntil(lambda: d.job is None, timeout=120_000)
    if d.made is None:
        assert d.status.text() == "Cancelled: nothing was made."
        assert sorted(tmp_path.iterdir()) == []
    else:
        assert (tmp_path / "room" / "trainer" / "answer-key.json").is_file()


@pytest.mark.postgres
def test_a_session_on_a_shared_postgresql_database(
    qtbot: QtBot, lang: Language, tmp_path: Path, postgres_url: str
) -> None:
    open_database(postgres_url, migrate=True).close()  # `kztally db upgrade --db URL`
    d = dialog(qtbot, lang, tmp_path / "room", db=postgres_url)
    run(qtbot, d)
    assert d.made is not None, d.status.text()
    assert not (tmp_path / "room" / "training.sqlite").exists()  # the session is on the server
    assert (tmp_path / "room" / "trainees" / "trainee-03.pdf").is_file()
    assert postgres_url.rsplit("@", maxsplit=1)[-1] in d.status.text()
    score = d.open_score()
    assert score is not None and score.table.rowCount() == 4
    d.close()
    # a database holds one session: a second is refused, and its folder is not left
    again = dialog(qtbot, lang, tmp_path / "again", db=postgres_url)
    run(qtbot, again)
    assert again.made is None
    assert again.status.text() == (
        "The session was not made; nothing is left in the folder. "
        "This database holds a training session already: open its score, "
        "or give another database."
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["room"]
