"""The command line signs in with a password: every command in these tests (in this
process or a child) takes the test accounts' password from KZTALLY_PASSWORD."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZTALLY_PASSWORD", PASSWORD)
