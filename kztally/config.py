"""Where kztally keeps its database and settings, and which database a run uses.

The database URL is chosen in this order: `--db URL` on the command line, then the
`KZTALLY_DB_URL` environment variable, then the saved setting, then the default SQLite
file in the user's data folder.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

ENV_DB_URL = "KZTALLY_DB_URL"
ENV_HOME = "KZTALLY_HOME"
"""Overrides the data folder (tests and portable installs use it)."""


def data_dir() -> Path:
    """The user's data folder for kztally, by platform convention."""
    override = os.environ.get(ENV_HOME)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "kztally"


def settings_path() -> Path:
    return data_dir() / "settings.json"


ERROR_LOG = "errors.log"
"""The file in the data folder that keeps the traceback of an unexpected error."""


def error_log_path() -> Path:
    return data_dir() / ERROR_LOG


def log_exception(exc: BaseException, context: str) -> Path:
    """Append `exc`'s traceback to the error log under a dated heading naming `context`
    (a command's or a screen's name, never its arguments: a database URL may hold a
    password); returns the log's path. Raises OSError when it cannot be written."""
    from kztally import __version__

    log = error_log_path()
    log.parent.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with log.open("a", encoding="utf-8", errors="backslashreplace") as f:
        f.write(f"--- {stamp} kztally {__version__} {context}\n")
        f.write("".join(traceback.format_exception(exc)))
    return log


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'kztally.sqlite'}"


def load_settings() -> dict[str, object]:
    path = settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: the settings file cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the settings file is not a JSON object")
    return data


def save_setting(key: str, value: object) -> None:
    """Write one setting, keeping the others; the file is replaced atomically."""
    data = load_settings()
    data[key] = value
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)


class ConfigError(Exception):
    """A setting is unreadable or invalid; the message says which and where."""


@dataclass(frozen=True, slots=True)
class DbChoice:
    url: str
    source: str
    """'option', 'environment', 'settings' or 'default': said on screen when it matters."""


def resolve_db_url(option: str | None) -> DbChoice:
    if option:
        return DbChoice(option, "option")
    env = os.environ.get(ENV_DB_URL)
    if env:
        return DbChoice(env, "environment")
    saved = load_settings().get("db_url")
    if isinstance(saved, str) and saved:
        return DbChoice(saved, "settings")
    return DbChoice(default_db_url(), "default")
