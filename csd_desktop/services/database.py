"""The handle to this station's database that screens pass to services without touching it."""

from __future__ import annotations

from pathlib import Path

from ..db.engine import Database, Progress, open_database

__all__ = ["Database", "Progress", "open_station_database"]


def open_station_database(path: Path, progress: Progress | None = None) -> Database:
    """Open (and migrate, after a copy) the station's SQLite file; a migration tells `progress`
    (done, total, step) as it goes."""
    return open_database(path, progress=progress)
