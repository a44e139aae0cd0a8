"""What went wrong with the station's database file, in words a clerk can act on.

The one place where SQLite's and the operating system's errors (read-only file or folder, full disk,
a second writer holding the lock, a damaged file) become CsdErrors with their own Arabic message.
The database layer raises them, so the window (workers.show_error) and the CLI (exit 2) say the same.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import (
    CsdError,
    DatabaseBusy,
    DatabaseCorrupt,
    DatabaseFault,
    DatabaseFolderReadOnly,
    DatabaseReadOnly,
    DiskError,
    DiskFull,
)
from ..i18n import N_

log = logging.getLogger(__name__)

# SQLite's primary result codes (https://sqlite.org/rescode.html); the extended code's low byte.
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 3, 5, 6, 8, 10, 11, 13, 14, 26
# Below this much free space a failed write is a full disk (SQLite needs room for its WAL and index).
LOW_SPACE = 1 << 20


# What each fault says: what happened, then what to do.
_SAYS = {
    "busy": N_(
        "قاعدة البيانات مشغولة: برنامج آخر يحفظ فيها الآن (نسخة ثانية من البرنامج أو أمر csd) ولم "
        "ينتهِ خلال {seconds:g} ثوانٍ، فلم يُحفظ شيء.\n"
        "انتظر قليلاً ثم أعد المحاولة؛ وإن تكرر فأغلق النسخ الأخرى من البرنامج على هذا الجهاز."
    ),
    "read_only_file": N_(
        "ملف قاعدة البيانات للقراءة فقط، فلم يُحفظ شيء: {path}\n"
        "يمكنك البحث والاطلاع، أما الحفظ فيحتاج أن يمنح مسؤول النظام صلاحية الكتابة على هذا الملف "
        "(أو يلغي خاصية «للقراءة فقط»)، ثم أعد المحاولة."
    ),
    "read_only_folder": N_(
        "المجلد الذي فيه قاعدة البيانات للقراءة فقط: {folder}\n"
        "قاعدة البيانات تكتب ملفات مساعدة بجانبها حتى عند البحث، فلا يمكن فتحها ولا البحث فيها "
        "ولا الحفظ. اطلب من مسؤول النظام منح صلاحية الكتابة على هذا المجلد، أو انسخ الملف إلى "
        "مجلد قابل للكتابة وافتحه من هناك."
    ),
    "disk_full": N_(
        "القرص ممتلئ: لا توجد مساحة كافية في {folder}، فلم يُحفظ شيء من هذه العملية.\n"
        "أفرغ مساحة على القرص (احذف ملفات لا تحتاجها أو انقل النسخ الاحتياطية القديمة إلى قرص "
        "آخر)، ثم أعد المحاولة."
    ),
    "disk_error": N_(
        "تعذّرت القراءة من القرص أو الكتابة عليه (خطأ إدخال/إخراج) في {path}، فلم يُحفظ شيء.\n"
        "تأكد أن القرص أو ذاكرة USB موصولة وسليمة، ثم أعد المحاولة؛ وإن تكرر فاتصل بمسؤول النظام."
    ),
    "cannot_open": N_(
        "تعذّر فتح ملف قاعدة البيانات: {path}\n"
        "تأكد أن القرص موصول وأن المجلد والملف موجودان وأن لديك صلاحية عليهما، ثم أعد المحاولة."
    ),
    "corrupt": N_(
        "ملف قاعدة البيانات تالف: {path}\n"
        "أُوقف الحفظ فيه حتى لا يتسع الضرر. اتصل بمسؤول النظام لاستعادة آخر نسخة احتياطية سليمة "
        "(من مجلد backups بجانب الملف)، ثم يُرفع المنع بفحص ناجح (csd check)."
    ),
    "not_a_database": N_(
        "الملف ليس قاعدة بيانات لهذا البرنامج، أو أن بدايته تالفة: {path}\n"
        "تأكد أنك اخترت الملف الصحيح؛ وإن كان هو فاستعد آخر نسخة احتياطية سليمة (من مجلد "
        "backups)."
    ),
}


def busy(seconds: float) -> DatabaseBusy:
    return DatabaseBusy(_SAYS["busy"], seconds=seconds)


def read_only_file(path: Path) -> DatabaseReadOnly:
    return DatabaseReadOnly(_SAYS["read_only_file"], path=path)


def read_only_folder(folder: Path) -> DatabaseFolderReadOnly:
    return DatabaseFolderReadOnly(_SAYS["read_only_folder"], folder=folder)


def disk_full(folder: Path) -> DiskFull:
    return DiskFull(_SAYS["disk_full"], folder=folder)


def disk_error(path: Path) -> DiskError:
    return DiskError(_SAYS["disk_error"], path=path)


def cannot_open(path: Path) -> DatabaseFault:
    return DatabaseFault(_SAYS["cannot_open"], path=path, code="database_cannot_open")


def corrupt(path: Path) -> DatabaseCorrupt:
    return DatabaseCorrupt(_SAYS["corrupt"], path=path)


def not_a_database(path: Path) -> DatabaseCorrupt:
    return DatabaseCorrupt(_SAYS["not_a_database"], path=path)


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    if isinstance(exc, sqlite3.Error):
        return exc
    orig = getattr(exc, "orig", None) if _is_dbapi_error(exc) else None
    return orig if isinstance(orig, sqlite3.Error) else None


def _is_dbapi_error(exc: BaseException) -> bool:
    """SQLAlchemy's wrapper of a driver error, without importing SQLAlchemy (the start reads the file
    with sqlite3 alone): an exception of its kind means the module is loaded already."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and isinstance(exc, sa_exc.DBAPIError)


def _can_create_in(folder: Path) -> bool:
    """Modes do not stop root: only trying tells a read-only mount or an immutable folder."""
    try:
        fd, name = tempfile.mkstemp(prefix=".csd-probe-", dir=folder)
    except OSError:
        return False
    os.close(fd)
    os.unlink(name)
    return True


def _can_write(path: Path) -> bool:
    """Opening for append changes nothing in the file, yet fails on a read-only or immutable one."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    except OSError:
        return False
    os.close(fd)
    return True


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def diagnose(path: Path) -> DatabaseFault | None:
    """Look at the file and its folder for the usual reason a database cannot be written."""
    folder = path.parent
    if not folder.is_dir():
        return cannot_open(path)
    if not _can_create_in(folder):
        free = _free_bytes(folder)
        return disk_full(folder) if free is not None and free < LOW_SPACE else read_only_folder(folder)
    for f in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if f.exists() and not _can_write(f):
            return read_only_file(f)
    free = _free_bytes(folder)
    if free is not None and free < LOW_SPACE:
        return disk_full(folder)
    return None


def translate(exc: BaseException, path: Path, *, busy_seconds: float = 10) -> DatabaseFault | None:
    """The CsdError that says what `exc` (raised while using the database at `path`) means, or None
    when it is not a fault of the file, the folder or the disk (a bug: the caller re-raises it)."""
    path = Path(os.path.abspath(path))  # the message names the file wherever it was opened from
    error = _sqlite_error(exc)
    if error is not None:
        code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
        text = str(error).lower()
        if code in (_BUSY, _LOCKED) or "database is locked" in text:
            return busy(busy_seconds)
        if code == _CORRUPT or "malformed" in text:
            return corrupt(path)
        if code == _NOTADB or "not a database" in text:
            return not_a_database(path)
        if code == _FULL or "database or disk is full" in text:
            return disk_full(path.parent)
        if code == _READONLY or "readonly database" in text:
            return diagnose(path) or read_only_file(path)
        if code in (_PERM, _CANTOPEN) or "unable to open" in text:
            return diagnose(path) or cannot_open(path)
        if code == _IOERR or "disk i/o error" in text:
            return diagnose(path) or disk_error(path)
        return None
    if isinstance(exc, OSError) and _about(exc, path):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return disk_full(path.parent)
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO, errno.ENOENT):
            return diagnose(path) or (disk_error(path) if exc.errno == errno.EIO else cannot_open(path))
    return None


def _about(exc: OSError, path: Path) -> bool:
    """An OSError about the database, its helper files or its folder (not, say, an attachment)."""
    if exc.filename is None:
        return False
    name = Path(os.fsdecode(exc.filename))
    return name == path.parent or (name.parent == path.parent and name.name.startswith(path.name))


@contextmanager
def translated(
    path: Path, *, busy_seconds: float = 10, on_corrupt: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Inside it, a fault of the database file surfaces as its CsdError; the detail goes to the log."""
    try:
        yield
    except CsdError:
        raise
    except Exception as e:
        if not isinstance(e, sqlite3.Error | OSError) and not _is_dbapi_error(e):
            raise
        fault = translate(e, path, busy_seconds=busy_seconds)
        if fault is None:
            raise
        # The engine hides SQL parameters, so this traceback carries no citizen's data.
        log.warning("database fault %s on %s", fault.code, path, exc_info=True)
        if isinstance(fault, DatabaseCorrupt) and on_corrupt is not None:
            on_corrupt(f"{fault.code}: {_sqlite_error(e) or e}")
        raise fault from e
