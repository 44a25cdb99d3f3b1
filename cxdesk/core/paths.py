"""Where the desk keeps its files: one module on platformdirs, movable with CXDESK_HOME."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import PlatformDirs

APP = "cxdesk"
PORTABLE_MARKER = "cxdesk-portable.txt"


def _home_override() -> Path | None:
    home = os.environ.get("CXDESK_HOME")
    if home:
        return Path(home).expanduser()
    # Portable mode: a marker file beside the frozen executable keeps data on the stick.
    if getattr(sys, "frozen", False):
        exe_dir = Path(sys.executable).resolve().parent
        if (exe_dir / PORTABLE_MARKER).exists():
            return exe_dir / "cxdesk-data"
    return None


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    home = _home_override()
    if home is not None:
        return _ensure(home / "data")
    return _ensure(Path(PlatformDirs(APP, appauthor=False).user_data_dir))


def config_dir() -> Path:
    home = _home_override()
    if home is not None:
        return _ensure(home / "config")
    return _ensure(Path(PlatformDirs(APP, appauthor=False).user_config_dir))


def log_dir() -> Path:
    home = _home_override()
    if home is not None:
        return _ensure(home / "logs")
    return _ensure(Path(PlatformDirs(APP, appauthor=False).user_log_dir))


def backups_dir() -> Path:
    return _ensure(data_dir() / "backups")


def default_db_path() -> Path:
    return data_dir() / "cxdesk.sqlite3"


def log_file() -> Path:
    return log_dir() / "cxdesk.log"


def resource_root() -> Path:
    """The folder holding resources/ and translations/: the bundle when frozen, the package's
    _data/ when installed from a wheel, else the source tree."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    installed = Path(__file__).resolve().parent.parent / "_data"
    if installed.is_dir():  # a wheel: compiled catalogs and resources inside the package
        return installed
    return Path(__file__).resolve().parent.parent.parent


def resources_dir() -> Path:
    return resource_root() / "resources"


def translations_dir() -> Path:
    return resource_root() / "translations"
