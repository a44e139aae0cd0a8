"""The database side of starting, without Qt: which thread runs it, and when, is the start-up budget.

SQLAlchemy, the models and the services take 0.4–1 s to import on an office PC: a file already at the
current schema is opened without them (services/sign_in.py reads the station and the user with sqlite3),
so they load on the worker after the window's first paint. Only a migration imports them (and Alembic)
before the window, under the splash. When nobody types (`--password-stdin`) the password's hash (argon2,
about 150 ms, which lets the interpreter lock go) is checked on the worker while Qt starts.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import lanes

if TYPE_CHECKING:
    from ...services.database import Database, Progress
    from ...services.sign_in import Actor, StationInfo


@dataclass(frozen=True)
class Opened:
    """The open database, and this station's office (None: a new station, first-run setup is next)."""

    db: Database
    station: StationInfo | None


def migration_due(path: Path) -> bool:
    from ...services.database import migration_due as due

    return due(path)


def open_station(path: Path, progress: Progress | None = None) -> Opened:
    from ...services import sign_in
    from ...services.database import open_station_database

    db = open_station_database(path, progress)
    try:
        return Opened(db, sign_in.station_info(db))
    except BaseException:
        db.dispose()
        raise


def log_in(db: Database, username: str, password: str) -> Actor:
    from ...services import sign_in

    return sign_in.authenticate(db, username, password)


def change_password(db: Database, username: str, old: str, new: str, repeated: str) -> Actor:
    """A temporary password replaced by the person's own (typed twice)."""
    from ...errors import ValidationError
    from ...i18n import N_
    from ...services import users

    if new != repeated:
        raise ValidationError(N_("كلمتا المرور غير متطابقتين."), field="password2")
    return users.change_password(db, username, old, new)


@dataclass(frozen=True)
class Unattended:
    """A scripted start (`--user … --password-stdin`, the benchmark's): the migration check, the file
    opened and the password checked, one after the other on the worker, started before Qt. When a
    migration is due, `opening` and `login` answer None: the splash comes first, then the ordinary way."""

    due: Future[bool]
    opening: Future[Opened | None]
    login: Future[Actor | None]

    def migrating(self) -> bool:
        """True (after waiting for the check) when the file must be migrated or could not be read."""
        return self.due.exception() is not None or self.due.result()


def begin_unattended(path: Path, username: str, password: str) -> Unattended:
    lane = lanes.lane()  # one worker, in order: each step starts once the one before has ended
    due = lane.submit(migration_due, path)

    def opening() -> Opened | None:
        return None if due.exception() is not None or due.result() else open_station(path)

    opened = lane.submit(opening)

    def login() -> Actor | None:
        ready = opened.result()
        return None if ready is None else log_in(ready.db, username, password)

    return Unattended(due, opened, lane.submit(login))
