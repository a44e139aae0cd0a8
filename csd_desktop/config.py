"""Where things live: the database, backups, attachments, logs and the shipped resources."""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

import platformdirs

APP_NAME = "csd-desktop"
DB_ENV = "CSD_DB"


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
        return _PERSONAL_NUMBER.sub("[رقم محجوب]", super().format(record))


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
