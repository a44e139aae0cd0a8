"""The handle to this station's database that screens pass to services without touching it."""

from __future__ import annotations

from pathlib import Path

from ..db import faults
from ..db.engine import SCHEMA_HEAD, Database, Progress, busy_seconds, open_database, stored_revision

__all__ = ["Database", "Progress", "migration_due", "open_station_database"]


def migration_due(path: Path) -> bool:
    """True when opening the file will migrate it (a new file, or one made by an older version)."""
    with faults.translated(path, busy_seconds=busy_seconds()):
        return stored_revision(path) != SCHEMA_HEAD


def open_station_database(path: Path, progress: Progress | None = None) -> Database:
    """Open (and migrate, after a copy) the station's SQLite file; a migration tells `progress`
    (done, total, step) as it goes, on the thread that opens it (the window's splash shows it)."""
    return open_database(path, progress=progress)
