"""Opening the database: pragmas, migrations with a backup first, and read/write transactions."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from ..errors import DatabaseUnhealthy

log = logging.getLogger(__name__)

# The newest migration in db/migrations/versions; a test checks it equals Alembic's head, so start-up
# can compare it with the file's stored revision without importing Alembic (≈0.25 s).
SCHEMA_HEAD = "0005"


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own handling is too lazy).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(path: Path, *, immediate: bool) -> Engine:
    engine = create_engine(f"sqlite+pysqlite:///{path}")
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


def copy_database(source: Path, dest: Path) -> Path:
    """A consistent copy through SQLite's backup API (safe with WAL and a live writer)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    try:
        out = sqlite3.connect(dest)
        try:
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()
    return dest


def migrate(path: Path) -> Path | None:
    """Bring the file to SCHEMA_HEAD; an existing database is copied aside first. Returns the copy."""
    current = stored_revision(path)
    if current == SCHEMA_HEAD:
        return None
    backup: Path | None = None
    if current is not None or (path.exists() and path.stat().st_size > 0):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        name = f"{path.stem}-before-{SCHEMA_HEAD}-{stamp}.sqlite"
        backup = copy_database(path, path.parent / "backups" / name)
        log.info("database copied to %s before migrating from %s", backup, current)
    from .migrate import upgrade  # Alembic is imported only when an upgrade is due

    upgrade(path)
    return backup


class Database:
    """One station's SQLite file. Services ask it for a read or a write transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.read_engine = make_engine(path, immediate=False)
        self.write_engine = make_engine(path, immediate=True)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)
        self._writer = sessionmaker(self.write_engine, expire_on_commit=False)
        self.unhealthy_reason: str | None = None

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction for one thing a person does: all of it is saved, or none of it."""
        if self.unhealthy_reason is not None:
            raise DatabaseUnhealthy(
                "تعذّر الحفظ: فحص سلامة قاعدة البيانات أظهر خللاً. "
                "اتصل بمسؤول النظام لاستعادة آخر نسخة احتياطية."
            )
        with self._writer() as session, session.begin():
            yield session

    def mark_unhealthy(self, reason: str) -> None:
        log.error("database marked unhealthy: %s", reason)
        self.unhealthy_reason = reason

    def dispose(self) -> None:
        self.read_engine.dispose()
        self.write_engine.dispose()


def open_database(path: Path, *, migrate_schema: bool = True) -> Database:
    path.parent.mkdir(parents=True, exist_ok=True)
    if migrate_schema:
        migrate(path)
    return Database(path)
