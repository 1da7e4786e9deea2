"""`kztally export --format nist|eml|openelections -o FILE` as a user runs it: what it
says, the file it leaves, and bad input (an unknown format, a folder for a file) ending
in one line and exit status 2 with nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kztally.cli.transfer import STANDARD_FORMATS
from kztally.domain.election import Election
from kztally.domain.ids import AreaCode, ContestId
from kztally.domain.protocol import Figures
from kztally.domain.rules import Role
from kztally.entry import main
from kztally.formats.published import read_published
from kztally.services.context import Services
from kztally.services.publish import FORMATS

ServicesFactory = Callable[..., Services]
P1, P2, MZL = AreaCode("P00001"), AreaCode("P00002"), ContestId("MZ-L")
CLEAN = Figures((1000, 1000, 600, 10, 390, 590, 10, 10), (300, 200, 80), 10)
W3 = Figures((1000, 600, 550, 20, 30, 500, 20, 5), (300, 150, 50), 15)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def url(db_url: str, services: ServicesFactory) -> str:
    """P00001 MZ-L accepted, P00002 MZ-L pending; an observer `obs`."""
    for clerk in ("c1", "c2"):
        s = services(clerk, Role.CLERK)
        for key, figures in (((P1, MZL), CLEAN), ((P2, MZL), W3)):
            s.entry.enter(*key, figures, expected_version=s.entry.view(*key).version)
    services("obs", Role.OBSERVER)
    return db_url


@pytest.mark.parametrize("fmt", ["nist", "eml", "openelections"])
def test_export_in_a_standard_format(
    fmt: str, url: str, election: Election, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"results.{fmt}"
    code, out, err = run(
        capsys, "--db", url, "--user", "obs", "export", "--format", fmt, "-o", str(path)
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith(
        f"{path}: 1 accepted protocol(s) in {fmt}, results unofficial, audit head "
    )
    assert lines[1] == "1 protocol(s) not yet accepted left out"
    name, found = read_published(path, election)
    assert (name, [(p.precinct, p.contest, p.figures) for p in found]) == (
        fmt,
        [(P1, MZL, CLEAN)],
    )


def test_the_command_offers_the_services_formats() -> None:
    assert STANDARD_FORMATS == FORMATS


def test_bad_format_or_a_folder_exit_2(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "--db", url, "--user", "obs", "export", "--format", "xml", "-o", str(tmp_path / "x")
    )
    assert code == 2
    assert "argument --format: invalid choice: 'xml'" in err
    code, out, err = run(
        capsys, "--db", url, "--user", "obs", "export", "--format", "eml", "-o", str(tmp_path)
    )
    assert (code, out) == (2, "")
    assert err == f"kztally export: {tmp_path} is a folder: name a file for the eml results\n"
    assert list(tmp_path.iterdir()) == []
