"""Putting a backup back: checked first, copied in under a temporary name, the current file (with its
-wal) kept aside under a dated name, and only then the backup given the database's name.

Copying a backup over a database whose leftover -wal stays beside it corrupts it: SQLite would replay
the old file's changes onto the backup's pages. Here the -wal travels with the file it belongs to.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from ..db import faults, snapshot
from ..db.engine import SCHEMA_HEAD, Database, unhealthy_marker
from ..errors import DatabaseBusy, ValidationError
from ..i18n import _
from . import clock
from .audit import audit
from .backup import list_backups
from .permissions import Permission, require
from .sign_in import Actor

log = logging.getLogger(__name__)

# Tables every CSD database has had since its first version: a file without them is not ours.
_OURS = {"alembic_version", "offices", "stations", "users", "cases", "case_events"}


@dataclass(frozen=True)
class Restored:
    database: Path
    restored_from: Path
    kept_aside: Path | None  # the file that was there before, under its dated name


class BackupRefused(ValidationError):
    code = "backup_refused"


def check_backup(path: Path) -> str:
    """Refuse a missing, damaged, foreign or too new file; returns the backup's schema revision."""
    if not path.is_file():
        raise BackupRefused(_("ملف النسخة الاحتياطية غير موجود: {path}").format(path=path))
    if snapshot.check_file(path) != ["ok"]:
        raise BackupRefused(
            _(
                "النسخة الاحتياطية تالفة أو ليست قاعدة بيانات، فلم تُستعد ولم يتغير شيء: {path}\n"
                "اختر نسخة أخرى (الأحدث فالأقدم) من مجلد النسخ الاحتياطية."
            ).format(path=path)
        )
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        row = con.execute("SELECT version_num FROM alembic_version").fetchone() if _OURS <= tables else None
    finally:
        con.close()
    if row is None:
        raise BackupRefused(
            _("الملف ليس نسخة احتياطية لهذا البرنامج، فلم يُستعد ولم يتغير شيء: {path}").format(path=path)
        )
    revision = str(row[0])
    if revision > SCHEMA_HEAD:
        raise BackupRefused(
            _(
                "النسخة الاحتياطية صنعها إصدار أحدث من البرنامج، فلم تُستعد ولم يتغير شيء: {path}\n"
                "حدّث البرنامج ثم أعد المحاولة."
            ).format(path=path)
        )
    return revision


def in_use(path: Path) -> DatabaseBusy:
    return DatabaseBusy(
        _(
            "قاعدة البيانات مفتوحة الآن في نافذة البرنامج أو في أمر csd آخر، فلم تُستعد النسخة ولم يتغير شيء.\n"
            "أغلق البرنامج على هذا الجهاز ثم أعد المحاولة: {path}"
        ).format(path=path),
        code="database_in_use",
    )


def restore_as(actor: Actor, db_path: Path, backup: Path) -> Restored:
    """A restore someone asked for: the administrator's work, checked before anything is touched."""
    require(actor, Permission.RESTORE)
    return restore(db_path, backup)


def restore(db_path: Path, backup: Path) -> Restored:
    """Put `backup` in place of the database at `db_path`. Refused with nothing changed when the backup
    is not a sound CSD database or another program has the database open."""
    check_backup(backup)
    if db_path.exists() and backup.resolve() == db_path.resolve():
        raise BackupRefused(_("هذا هو ملف قاعدة البيانات نفسه، وليس نسخة احتياطية منه."))
    # The copy first: a full disk stops here, with the current file untouched.
    staged = snapshot.write_copy(backup, db_path.with_name(f".{db_path.name}.restoring"))
    try:
        with faults.translated(db_path):
            _ensure_alone(db_path)
            aside = _set_aside(db_path)
            os.replace(staged, db_path)
            snapshot.fsync_folder(db_path.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
    # The restored file passed the full check: saving may resume.
    unhealthy_marker(db_path).unlink(missing_ok=True)
    log.info("restored %s from %s (the previous file kept as %s)", db_path, backup, aside)
    return Restored(db_path, backup, aside)


def record_restore(db: Database, by: UUID | None, done: Restored) -> None:
    """The restore in the restored file's audit trail (its own history ends at the backup's moment)."""
    with db.write() as s:
        audit(
            s,
            by,
            "database_restored",
            None,
            backup=str(done.restored_from),
            kept_aside=str(done.kept_aside) if done.kept_aside else None,
        )


def _ensure_alone(db_path: Path) -> None:
    """Leaving write-ahead mode needs every other connection closed: the one test that tells whether a
    window or another command still has the file open. It also folds the file's -wal into it."""
    if not db_path.exists():
        return
    con = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.OperationalError as e:
        if (getattr(e, "sqlite_errorcode", 0) or 0) & 0xFF in (5, 6):  # BUSY, LOCKED
            raise in_use(db_path) from None
        log.warning("could not leave WAL mode on %s; moving its helpers aside", db_path, exc_info=True)
    except sqlite3.DatabaseError:
        log.warning("the database being replaced is damaged: %s", db_path, exc_info=True)
    finally:
        con.close()


def _set_aside(db_path: Path) -> Path | None:
    """Move the current file and its -wal and -journal to a dated name (they stay a pair there); drop
    the -shm, an index SQLite rebuilds. Afterwards nothing with the database's name is left."""
    helpers = {s: Path(f"{db_path}{s}") for s in ("-wal", "-journal")}
    if not db_path.exists() and not any(p.exists() for p in helpers.values()):
        Path(f"{db_path}-shm").unlink(missing_ok=True)
        return None
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.stem}-before-restore-{stamp}{db_path.suffix}")
    n = 1
    while aside.exists() or Path(f"{aside}-wal").exists():
        n += 1
        aside = db_path.with_name(f"{db_path.stem}-before-restore-{stamp}-{n}{db_path.suffix}")
    if db_path.exists():
        os.replace(db_path, aside)
    for suffix, helper in helpers.items():
        if helper.exists():
            os.replace(helper, Path(f"{aside}{suffix}"))
    Path(f"{db_path}-shm").unlink(missing_ok=True)
    return aside


def newest_good_backup(db_path: Path, folder: Path) -> Path | None:
    """The newest backup in `folder` that passes the quick check, or None."""
    for _moment, path in list_backups(folder, db_path.stem):
        if snapshot.check_file(path, "quick_check") == ["ok"]:
            return path
    return None
