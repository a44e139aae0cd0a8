"""One window per database: the window holds an exclusive lock on a small file beside the database for
as long as it runs, and a second copy started on the same file is told so instead of opening it.

The operating system drops the lock when the process ends, however it ends (a crash, a power cut, a
task killed), so a stale lock never keeps the office out. `csd` commands may still run beside the
window (SQLite serialises writers; a write waits up to its busy timeout); only `csd restore`, which
replaces the file under the window, checks the lock and refuses.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..db.private import private_folder
from ..errors import AlreadyOpen
from ..i18n import N_

ALREADY_OPEN = N_(
    "قاعدة البيانات {path} مفتوحة في نافذة أخرى من البرنامج على هذا الجهاز. انتقل إلى تلك النافذة "
    "(من شريط المهام)، ولا تفتح نسختين من البرنامج على الملف نفسه."
)
RESTORE_WHILE_OPEN = N_(
    "البرنامج مفتوح على قاعدة البيانات {path}: أغلق نافذته أولاً، ثم أعد الاستعادة (أو استعد النسخة من "
    "شاشة النسخ الاحتياطي داخل البرنامج)."
)


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.window-lock")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@dataclass
class WindowLock:
    """Held while the window runs; `release()` on closing (the OS releases it anyway on exit)."""

    path: Path
    fd: int | None

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor drops the lock
            self.fd = None


def hold(db_path: Path, message: str = ALREADY_OPEN) -> WindowLock:
    """Take the database's window lock, or raise AlreadyOpen if another process holds it."""
    path = lock_path(db_path)
    try:
        fd = os.open(private_folder(path.parent) / path.name, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return WindowLock(path, None)  # a read-only or missing place: opening the file names the fault
    if not _try_lock(fd):
        os.close(fd)
        raise AlreadyOpen(message, path=db_path)
    return WindowLock(path, fd)


def refuse_if_open(db_path: Path) -> None:
    """For a command that replaces the file: AlreadyOpen while a window has it (the lock is let go at once)."""
    if lock_path(db_path).exists():
        hold(db_path, RESTORE_WHILE_OPEN).release()
