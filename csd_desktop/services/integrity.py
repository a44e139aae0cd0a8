"""Is the file sound? The quick check after start, the full check with every backup."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..config import backups_dir
from ..db.engine import Database, copy_database
from ..errors import DatabaseUnhealthy

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    detail: str


def _check(path: Path, pragma: str) -> CheckResult:
    con = sqlite3.connect(path)
    try:
        rows = [r[0] for r in con.execute(f"PRAGMA {pragma}").fetchmany(20)]
    except sqlite3.DatabaseError as e:
        rows = [str(e)]
    finally:
        con.close()
    ok = rows == ["ok"]
    return CheckResult(ok, "\n".join(rows))


def quick_check(db: Database) -> CheckResult:
    """Reads the whole file (seconds at 1M cases): run it off the UI thread, after the window opens.
    A failure blocks saving until the database is restored."""
    result = _check(db.path, "quick_check")
    if not result.ok:
        db.mark_unhealthy(result.detail)
    return result


def backup(db: Database, dest: Path | None = None) -> Path:
    """A full integrity check, then a consistent copy into the backups folder (or `dest`)."""
    result = _check(db.path, "integrity_check")
    if not result.ok:
        db.mark_unhealthy(result.detail)
        raise DatabaseUnhealthy("فحص السلامة الكامل أظهر خللاً في قاعدة البيانات؛ لم تُؤخذ نسخة احتياطية.")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = dest or backups_dir(db.path) / f"{db.path.stem}-{stamp}.sqlite"
    copy_database(db.path, target)
    log.info("backup written to %s", target)
    return target
