"""Where kztally's bundled files are: fonts, the bundled 2023 election, translations.

(Named `bundle`, not `resources`, so that the module never shadows or is shadowed by the
`kztally/resources/` folder a wheel installs.)

In a wheel (and in the PyInstaller bundle) the repository's `resources/` is packaged as
`kztally/resources`; in a source checkout it stands beside the package.
"""

from __future__ import annotations

from pathlib import Path

import kztally

BUNDLED_ELECTION = ("elections", "kz-2023.json")


def resources_dir() -> Path:
    """The folder of bundled resources; raises FileNotFoundError when neither place has it."""
    package = Path(kztally.__file__).resolve().parent
    for candidate in (package / "resources", package.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kztally's resources are not installed beside {package}")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def bundled_election_path() -> Path:
    """The definition of the 19 March 2023 elections that ships with kztally."""
    return resource(*BUNDLED_ELECTION)
