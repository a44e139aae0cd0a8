"""The database side of starting, without Qt: which thread runs it, and when, is the start-up budget.

SQLAlchemy, the models and the services take 0.4–1 s to import on an office PC: these functions import
them when first called, on whichever thread calls them, so that the window can be up before they are
(a clerk types the password meanwhile). Measured here: two threads importing at once (SQLAlchemy on one,
Qt on the other) take longer than one after the other — one interpreter lock — so when nobody types
(`--password-stdin`) the database side goes first, alone, and the password's hash (argon2, which lets
the lock go) is checked on the worker while Qt starts.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import lanes

if TYPE_CHECKING:  # annotations only: importing them is the cost this module spreads out
    from ...services.database import Database, Progress
    from ...services.setup import StationInfo
    from ...services.users import Actor


@dataclass(frozen=True)
class Opened:
    """The open database, and this station's office (None: a new station, first-run setup is next)."""

    db: Database
    station: StationInfo | None


def migration_due(path: Path) -> bool:
    from ...services.database import migration_due as due

    return due(path)


def open_station(path: Path, progress: Progress | None = None) -> Opened:
    from ...services import setup
    from ...services.database import open_station_database

    db = open_station_database(path, progress)
    try:
        return Opened(db, setup.station_info(db) if setup.is_initialized(db) else None)
    except BaseException:
        db.dispose()
        raise


def log_in(db: Database, username: str, password: str) -> Actor:
    from ...services import users

    return users.authenticate(db, username, password)


@dataclass(frozen=True)
class Unattended:
    """A scripted start (`--user … --password-stdin`, the benchmark's): the file opened and the password
    checked on the worker, started before Qt. `opening` is None when a migration is due: the splash
    comes first, then the ordinary way."""

    due: Future[bool]
    opening: Future[Opened] | None = None
    login: Future[Actor] | None = None


def begin_unattended(path: Path, username: str, password: str) -> Unattended:
    lane = lanes.lane()
    due = lane.submit(migration_due, path)
    if due.exception() is not None or due.result():  # waits: alone is faster (see above)
        return Unattended(due)
    opening = lane.submit(open_station, path)
    opening.exception()  # waits too: the models and services load alone, then argon2 overlaps Qt
    login = lane.submit(lambda: log_in(opening.result().db, username, password))
    return Unattended(due, opening, login)
