"""Is the file sound? The quick check after start, the full check on demand (`csd check`)."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..db import faults
from ..db.engine import Database, busy_seconds
from ..errors import DatabaseCorrupt

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    detail: str


def _check(path: Path, pragma: str) -> CheckResult:
    """The check's verdict. A damaged file is a failed check; a file that cannot be read at all
    (read-only folder, unplugged disk) is not a verdict on its contents: that fault is raised."""
    try:
        con = sqlite3.connect(path)
        try:
            rows = [r[0] for r in con.execute(f"PRAGMA {pragma}").fetchmany(20)]
        finally:
            con.close()
    except sqlite3.Error as e:
        fault = faults.translate(e, path, busy_seconds=busy_seconds())
        if fault is not None and not isinstance(fault, DatabaseCorrupt):
            log.warning("%s could not run on %s", pragma, path, exc_info=True)
            raise fault from e
        rows = [str(e)]
    ok = rows == ["ok"]
    return CheckResult(ok, "\n".join(rows))


def run_check(db: Database, *, full: bool) -> CheckResult:
    """A quick or full check; its verdict is remembered beside the file (a failure blocks saving in
    every process, window or CLI, until a check as thorough passes after the file is restored)."""
    pragma = "integrity_check" if full else "quick_check"
    result = _check(db.path, pragma)
    if not result.ok:
        db.mark_unhealthy(result.detail, check=pragma)
    elif not db.mark_healthy(pragma):
        remembered = f"{db.unhealthy_check} failed earlier: {db.unhealthy_reason}"
        return CheckResult(False, remembered)
    return result


def quick_check(db: Database) -> CheckResult:
    """Reads the whole file (seconds at 1M cases): run it off the UI thread, after the window opens.
    A failure blocks saving until the database is restored. When the full check failed last time,
    the full check runs instead: only it can tell that the restored file is sound."""
    return run_check(db, full=db.unhealthy_check == "integrity_check")
