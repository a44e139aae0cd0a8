"""Opening the database: pragmas, migrations with a backup first, and read/write transactions.

SQLAlchemy is imported when the first transaction asks for an engine, not with this module: the
window's start reads what it needs with sqlite3 (services/sign_in.py) and paints before it loads.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import config
from ..errors import DatabaseUnhealthy
from ..i18n import N_, _
from . import faults, snapshot
from .private import ensure_private_database, private_folder, tighten_folder

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

# The newest migration in db/migrations/versions; a test checks it equals Alembic's head, so start-up
# can compare it with the file's stored revision without importing Alembic (≈0.25 s).
SCHEMA_HEAD = "0011"

# What a long step reports as it goes: (done, total, step), `step` a short Arabic description marked
# with i18n.N_ (translate it where it is shown). `total` is 0 when the step cannot tell its size.
# Called on the thread that runs the migration; a window hands it to its UI thread.
Progress = Callable[[int, int, str], None]
COPYING = N_("نسخ قاعدة البيانات احتياطياً قبل تحديثها")
COMPACTING = N_("ضغط ملف قاعدة البيانات بعد تحديثها")

# How long a write waits for another writer (a second window or a `csd` command) before it gives up.
BUSY_TIMEOUT_MS = 10_000


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own handling is too lazy).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    cur.close()


def make_engine(path: Path, *, immediate: bool) -> Engine:
    from sqlalchemy import create_engine, event

    # No SQL parameters in error messages: they hold citizens' names, card numbers and phones,
    # and error messages end up in the log file.
    engine = create_engine(f"sqlite+pysqlite:///{path}", hide_parameters=True)
    event.listen(engine, "connect", _set_pragmas)
    # Writes take the write lock up front, so a reference number is never allocated twice and a
    # transaction never fails half-way upgrading its lock.
    begin_sql = "BEGIN IMMEDIATE" if immediate else "BEGIN"
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql(begin_sql))
    return engine


def stored_revision(path: Path) -> str | None:
    """The Alembic revision recorded in the file, read with the standard library (cheap at start)."""
    if not path.exists():
        return None
    con = sqlite3.connect(path)
    try:
        row = con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if row is None:
            return None
        rev = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return rev[0] if rev else None
    finally:
        con.close()


def copy_database(source: Path, dest: Path, progress: Progress | None = None) -> Path:
    """A consistent copy through SQLite's backup API (safe with WAL and a live writer), whole or absent.
    Returns its name (`dest`, or `dest` with -2 if that name is taken)."""

    def step(done: int, total: int) -> None:
        if progress is not None:
            progress(done, total, _(COPYING))

    return snapshot.write_copy(source, dest, check=False, progress=step)


def busy_seconds() -> float:
    return BUSY_TIMEOUT_MS / 1000


def migrate(path: Path, progress: Progress | None = None) -> Path | None:
    """Bring the file to SCHEMA_HEAD; an existing database is copied aside first. Returns the copy.

    `progress` hears of the copy and of each long step of the migrations (0007 rewrites every table:
    about two minutes at 1,000,000 cases), so a splash can show a moving bar."""
    current = stored_revision(path)
    if current == SCHEMA_HEAD:
        return None
    backup: Path | None = None
    if current is not None or (path.exists() and path.stat().st_size > 0):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        name = f"{path.stem}-before-{SCHEMA_HEAD}-{stamp}.sqlite"
        backup = copy_database(path, path.parent / "backups" / name, progress)
        log.info("database copied to %s before migrating from %s", backup, current)
    from .migrate import upgrade  # Alembic is imported only when an upgrade is due

    upgrade(path, progress=progress)
    _compact(path, progress)
    return backup


def _compact(path: Path, progress: Progress | None) -> None:
    """Give back the pages a migration freed (0007 rewrites every table: the old ones, twice the size,
    would stay in the file as free pages). Seconds at a million cases; skipped, not failed, if another
    program holds the file."""
    con = sqlite3.connect(path)
    try:
        con.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
        free = con.execute("PRAGMA freelist_count").fetchone()[0]
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        if free * 4 <= pages:
            return
        if progress is not None:
            progress(0, 0, _(COMPACTING))
        con.execute("VACUUM")
    except sqlite3.OperationalError:
        log.warning("could not compact %s after migrating", path, exc_info=True)
    finally:
        con.close()


def unhealthy_marker(path: Path) -> Path:
    """Beside the database, not inside it: a damaged file may refuse the very write that records it."""
    return path.with_name(f"{path.name}.integrity-failed")


# Which check found the fault; a passing check clears what a check as thorough found (a quick check
# does not clear what only the full check sees). A damaged page met by a query counts as quick.
CHECKS = {"quick_check": 1, "query": 1, "integrity_check": 2}


class Database:
    """One station's SQLite file. Services ask it for a read or a write transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._engines: tuple[Engine, Engine] | None = None
        self._sessions: tuple[sessionmaker[Session], sessionmaker[Session]] | None = None
        self._engines_lock = threading.Lock()
        self.unhealthy_reason: str | None = None
        self.unhealthy_check: str | None = None
        self._remember_failed_check()

    def _made(self) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
        """The engines and session factories, made (and SQLAlchemy imported) by the first caller."""
        with self._engines_lock:
            if self._sessions is None:
                from sqlalchemy.orm import sessionmaker

                read = make_engine(self.path, immediate=False)
                write = make_engine(self.path, immediate=True)
                self._engines = (read, write)
                self._sessions = (
                    sessionmaker(read, expire_on_commit=False),
                    sessionmaker(write, expire_on_commit=False),
                )
            return self._sessions

    @property
    def read_engine(self) -> Engine:
        self._made()
        assert self._engines is not None
        return self._engines[0]

    @property
    def write_engine(self) -> Engine:
        self._made()
        assert self._engines is not None
        return self._engines[1]

    def _faults(self) -> AbstractContextManager[None]:
        return faults.translated(
            self.path,
            busy_seconds=busy_seconds(),
            on_corrupt=lambda reason: self.mark_unhealthy(reason, check="query"),
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        reader = self._made()[0]
        with self._faults(), reader() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction for one thing a person does: all of it is saved, or none of it."""
        if self.unhealthy_reason is not None:
            raise DatabaseUnhealthy(
                N_(
                    "تعذّر الحفظ: فحص سلامة قاعدة البيانات أظهر خللاً، والحفظ موقوف حتى يُصلح. "
                    "اتصل بمسؤول النظام لاستعادة آخر نسخة احتياطية؛ بعدها يرفع فحصٌ ناجح (csd check) هذا المنع."
                )
            )
        writer = self._made()[1]
        with self._faults(), writer() as session, session.begin():
            yield session

    @contextmanager
    def plain_read(self) -> Iterator[sqlite3.Connection]:
        """A read with the standard library's sqlite3, before SQLAlchemy is loaded (the start's few
        rows: services/sign_in.py). Faults are translated as for any read; the connection is closed."""
        with self._faults():
            con = sqlite3.connect(self.path)
            try:
                con.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
                con.execute("PRAGMA query_only=ON")
                yield con
            finally:
                con.close()

    def mark_unhealthy(self, reason: str, *, check: str = "quick_check") -> None:
        """Saving stops here and in every later process (window or CLI) until a check passes."""
        log.error("database marked unhealthy by %s: %s", check, reason)
        if self.unhealthy_check is None or CHECKS.get(check, 2) >= CHECKS.get(self.unhealthy_check, 2):
            self.unhealthy_check = check
        self.unhealthy_reason = reason
        record = {"check": self.unhealthy_check, "at": datetime.now(UTC).isoformat(), "reason": reason}
        try:
            unhealthy_marker(self.path).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        except OSError:
            log.exception("could not record the failed check beside %s", self.path)

    def mark_healthy(self, check: str) -> bool:
        """A check passed: lift the block if it was as thorough as the one that failed. True if lifted."""
        if self.unhealthy_check is not None and CHECKS[check] < CHECKS.get(self.unhealthy_check, 2):
            return False
        if self.unhealthy_reason is not None:
            log.info("database healthy again (%s passed)", check)
        self.unhealthy_reason = self.unhealthy_check = None
        try:
            unhealthy_marker(self.path).unlink(missing_ok=True)
        except OSError:
            log.exception("could not clear the failed check beside %s", self.path)
        return True

    def _remember_failed_check(self) -> None:
        marker = unhealthy_marker(self.path)
        try:
            record = json.loads(marker.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError):
            record = {}  # unreadable: still a failed check
        if not isinstance(record, dict):
            record = {}
        self.unhealthy_check = str(record.get("check") or "integrity_check")
        self.unhealthy_reason = str(record.get("reason") or "a failed integrity check is on record")

    def dispose(self) -> None:
        with self._engines_lock:
            engines, self._engines, self._sessions = self._engines, None, None
        for engine in engines or ():
            engine.dispose()


def open_database(path: Path, *, migrate_schema: bool = True, progress: Progress | None = None) -> Database:
    """Open the file (and bring it to the current schema, telling `progress` how it goes); a fault of
    the file, the folder or the disk is raised as its CsdError (db.faults), before any screen is
    built on it."""
    with faults.translated(path, busy_seconds=busy_seconds()):
        if path.parent == config.data_dir():
            tighten_folder(path.parent)  # ours: owner-only, even if an older version made it 0755
        private_folder(path.parent)
        ensure_private_database(path)
        if migrate_schema:
            migrate(path, progress)
    return Database(path)
