"""Where things live: the database, backups, attachments, logs and the shipped resources."""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import platformdirs

from .i18n import _

APP_NAME = "csd-desktop"
DB_ENV = "CSD_DB"
SETTINGS_ENV = "CSD_SETTINGS"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "csd.sqlite"


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--db PATH` wins, then the CSD_DB environment variable, then the per-user data folder."""
    if explicit:
        return Path(explicit)
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV])
    return default_db_path()


def backups_dir(db: Path) -> Path:
    return db.parent / "backups"


def attachments_dir(db: Path) -> Path:
    return db.parent / "attachments"


@dataclass(frozen=True)
class Settings:
    """The user's own settings, declared once with their defaults; read through `load_settings`.
    (Window geometry and the last folder are Qt's, kept apart in QSettings.)"""

    language: str = "ar"  # "ar" or "en"; the window's layout follows it (documents stay Arabic)


def settings_path() -> Path:
    """CSD_SETTINGS (tests, portable installs) or settings.json in the per-user config folder."""
    if os.environ.get(SETTINGS_ENV):
        return Path(os.environ[SETTINGS_ENV])
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.json"


def load_settings() -> Settings:
    """The saved settings; a missing or unreadable file means the defaults (never a failed start)."""
    path = settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError):
        logging.getLogger(__name__).warning("settings file unreadable, defaults used: %s", path)
        return Settings()
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in data.items() if k in known and isinstance(v, str)})


def save_settings(settings: Settings) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    temporary.replace(path)  # whole or not at all: a power cut leaves the old file


def resources_dir() -> Path:
    """Inside the installed package (wheel) or beside it (editable install / source tree)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("resources folder not found")


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


# Long runs of digits are card numbers (12) and phones (11, or 13 with 964), never anything the log
# needs; hex letters around them mean a UUID or a hash, which stay.
_PERSONAL_NUMBER = re.compile(r"(?<![0-9A-Fa-f])\+?[0-9\u0660-\u0669\u06f0-\u06f9]{10,}(?![0-9A-Fa-f])")


class ScrubbingFormatter(logging.Formatter):
    """The last guard on the way to the file: citizens' card numbers and phones never reach the log
    (the engine already hides SQL parameters; this catches one that slips into a message)."""

    def format(self, record: logging.LogRecord) -> str:
        return _PERSONAL_NUMBER.sub(_("[رقم محجوب]"), super().format(record))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def setup_logging(level: int = logging.INFO) -> Path:
    """A rotating log file in the user's log folder; technical details go here, never to the clerk."""
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "csd.log"
    root = logging.getLogger()
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
