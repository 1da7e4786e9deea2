"""`kztally intake` and `kztally papers` on both databases: each file reported, exit 1
when any is refused, the typed fallback, the register and the papers missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.rules import Role
from kztally.entry import main
from kztally.paper import digest
from tests.conftest import ServicesFactory
from tests.services.test_intake import Desk, clean, flipped

P1, P2 = AreaCode("P00001"), AreaCode("P00002")
MZL = ContestId("MZ-L")


def kztally(db_url: str, user: str, *args: object) -> int:
    return main(["--db", db_url, "--user", user, *(str(a) for a in args)])


def test_a_folder_is_taken_in_file_by_file(
    services: ServicesFactory, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = Desk(services)
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "a.png").write_bytes(desk.png(desk.codes(P1, clean())))
    (folder / "b.png").write_bytes(desk.png(flipped(desk.codes(P2, clean(1)))))
    (folder / "notes.txt").write_text("not a scan")
    assert kztally(db_url, "clerk1", "intake", folder) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "a.png: taken in P00001/MZ-L (accepted)"
    assert out[1].startswith("b.png: refused: altered: the signature does not match")
    assert out[2] == "2 files: 1 taken in, 0 unchanged, 1 refused"
    assert kztally(db_url, "clerk1", "intake", folder / "a.png") == 0
    assert "unchanged P00001/MZ-L" in capsys.readouterr().out
    assert kztally(db_url, "clerk1", "papers") == 0
    out = capsys.readouterr().out
    assert "P00001\tMZ-L\tround 1\tcode\ttaken_in" in out
    assert "P00001\tMZ-L\tround 1\tcode\tunchanged" in out
    assert "missing\tP00002\tMZ-L\tround 1" in out


def test_bad_input_and_roles(
    services: ServicesFactory, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = Desk(services)
    services("watcher", Role.OBSERVER)
    page = tmp_path / "a.png"
    page.write_bytes(desk.png(desk.codes(P1, clean())))
    assert kztally(db_url, "clerk1", "intake", tmp_path / "nowhere.pdf") == 2
    assert "nowhere.pdf: no such file or folder" in capsys.readouterr().err
    services("teacher", Role.TRAINER)
    assert kztally(db_url, "teacher", "intake", page) == 3
    assert kztally(db_url, "clerk1", "intake") == 2
    # an observer's intake keeps the certified copy as theirs, never as an official entry
    capsys.readouterr()
    assert kztally(db_url, "watcher", "intake", page) == 0
    assert "P00001/MZ-L: kept as your certified copy" in capsys.readouterr().out
    assert services("admin").entry.view(P1, MZL).first is None
    (copy,) = services("watcher").observers.list_copies()
    assert (copy.precinct, copy.contest, copy.figures, copy.source.value) == (
        P1,
        MZL,
        clean(),
        "qr",
    )


def test_typed_figures_with_two_groups(
    services: ServicesFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = Desk(services)
    g = digest.groups(digest.of_protocol(desk.protocol(P1, clean())))
    figures = ["--lines", "1000,600,550,20,30,550,20,5", "--votes", "300,150,100"]
    typed = ["intake", "--typed", "--precinct", P1, "--contest", MZL, *figures]
    assert kztally(db_url, "clerk1", *typed, "--against-all", "15", "--groups", "0000,1111") == 2
    assert "not the paper's" in capsys.readouterr().err
    groups = f"3:{g[2]},7:{g[6]}"
    assert kztally(db_url, "clerk1", *typed, "--against-all", "15", "--groups", groups) == 0
    assert "bound to its paper (first_entry)" in capsys.readouterr().out
    assert kztally(db_url, "clerk1", "intake", "--missing") == 0
    assert "P00001\tMZ-L" not in capsys.readouterr().out
