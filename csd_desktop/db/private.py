"""Files only their owner may read: citizens' complaints are confidential, and an office PC is shared.

Folders are made 0700 and files 0600 whatever the umask says (a umask of 022 would leave them readable
by every local account). SQLite gives its -wal and -shm files the main file's mode, so a database
created here keeps its helpers private too.
"""

from __future__ import annotations

import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(folder: Path) -> Path:
    """Create `folder` and any missing parents, each owner-only; a folder that already exists is left
    as it is (it may be a shared place the administrator chose, such as a USB drive)."""
    missing: list[Path] = []
    for part in (folder, *folder.parents):
        if part.exists():
            break
        missing.append(part)
    for part in reversed(missing):
        try:
            part.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            continue  # made meanwhile by another process: its mode is that process's business
        os.chmod(part, FOLDER_MODE)  # mkdir's mode passes through the umask; chmod does not
    return folder


def tighten_folder(folder: Path) -> None:
    """Make one of our own folders (the default data folder) owner-only, even one made by an older
    version as 0755."""
    private_folder(folder)
    if (folder.stat().st_mode & 0o777) != FOLDER_MODE:
        os.chmod(folder, FOLDER_MODE)


def create_private_file(path: Path) -> int:
    """Create `path` (it must not exist) owner-only and return its open descriptor."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    if hasattr(os, "fchmod"):  # POSIX; on Windows the user's profile folders are private already
        try:
            os.fchmod(fd, FILE_MODE)
        except BaseException:
            os.close(fd)
            raise
    return fd


def ensure_private_database(path: Path) -> None:
    """Before SQLite creates a new database: an empty owner-only file, whose mode its helpers copy."""
    if path.exists():
        return
    try:
        os.close(create_private_file(path))
    except FileExistsError:
        pass
