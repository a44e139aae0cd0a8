"""The handle to this station's database that screens pass to services without touching it."""

from __future__ import annotations

from pathlib import Path

from ..db.engine import Database, open_database

__all__ = ["Database", "open_station_database"]


def open_station_database(path: Path) -> Database:
    """Open (and migrate, after a copy) the station's SQLite file."""
    return open_database(path)
