"""The handle to this station's database that screens pass to services without touching it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..db import faults
from ..db.engine import SCHEMA_HEAD, Database, busy_seconds, migrate, open_database, stored_revision

__all__ = ["Database", "Progress", "migration_due", "open_station_database"]

# progress(done, total, label): a migration's steps, for the window's splash (called on the worker).
Progress = Callable[[int, int, str], None]


def migration_due(path: Path) -> bool:
    """True when opening the file will migrate it (a new file, or one made by an older version)."""
    with faults.translated(path, busy_seconds=busy_seconds()):
        return stored_revision(path) != SCHEMA_HEAD


def open_station_database(path: Path, progress: Progress | None = None) -> Database:
    """Open (and migrate, after a copy) the station's SQLite file; a migration reports its steps."""
    if progress is not None:
        with faults.translated(path, busy_seconds=busy_seconds()):
            path.parent.mkdir(parents=True, exist_ok=True)
            migrate(path, progress)
    return open_database(path)
