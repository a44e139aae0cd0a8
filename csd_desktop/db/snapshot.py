"""A copy of a database file that is whole or absent: written under a temporary name, checked, flushed
to the disk, and only then given its real name, which it never takes from another file.

A full disk or a pulled USB drive leaves no file that looks like a backup; two copies made in the same
moment both survive (the second takes the name with `-2`).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from uuid import uuid4

from . import faults
from .private import create_private_file, private_folder

# (done pages, total pages) as the copy goes.
PageProgress = Callable[[int, int], None]
_HELPERS = ("-journal", "-wal", "-shm")


class CopyDamaged(Exception):
    """The copy failed its integrity check: the source file is damaged (the copy is removed)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def check_file(path: Path, pragma: str = "integrity_check") -> list[str]:
    """SQLite's verdict on a file (["ok"] when sound); a file that is not a database says so."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [str(r[0]) for r in con.execute(f"PRAGMA {pragma}").fetchmany(20)]
    except sqlite3.DatabaseError as e:
        return [str(e)]
    finally:
        con.close()


def write_copy(source: Path, dest: Path, *, check: bool = True, progress: PageProgress | None = None) -> Path:
    """Copy `source` (live, in WAL mode, other connections open) to `dest` or, if that name is taken,
    `dest` with -2, -3 …; returns the name it got. Faults of the destination (full disk, read-only
    folder) surface as their CsdError; nothing is left behind."""
    with faults.translated(dest):
        private_folder(dest.parent)
        tmp = dest.with_name(f".{dest.name}.{uuid4().hex[:12]}.partial")
        try:
            os.close(create_private_file(tmp))
            _copy_pages(source, tmp, progress)
            if check:
                verdict = check_file(tmp)
                if verdict != ["ok"]:
                    raise CopyDamaged("\n".join(verdict))
            _fsync(tmp)
            final = _claim_name(tmp, dest)
            fsync_folder(dest.parent)
            return final
        finally:
            for leftover in (tmp, *(Path(f"{tmp}{s}") for s in _HELPERS)):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()


def _copy_pages(source: Path, dest: Path, progress: PageProgress | None) -> None:
    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    src = sqlite3.connect(source)
    try:
        out = sqlite3.connect(dest, isolation_level=None)
        try:
            # 64 MB at a time (in 4 KB pages): a progress bar moves, a live writer is not starved.
            src.backup(out, pages=16_384 if progress is not None else -1, progress=step)
            # One self-contained file: no -wal beside the copy that could be lost or mixed up.
            out.execute("PRAGMA journal_mode=DELETE")
        finally:
            out.close()
    finally:
        src.close()


def _fsync(path: Path) -> None:
    """Flush a file, or a folder's entry for a renamed file (where the system allows opening one)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except (IsADirectoryError, PermissionError):
        return  # Windows opens no folder: its rename is already durable enough
    try:
        os.fsync(fd)
    except OSError:
        if not path.is_dir():
            raise
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a power cut must not undo it)."""
    _fsync(folder)


def _claim_name(tmp: Path, dest: Path) -> Path:
    """Give `tmp` the first free name among dest, dest-2, dest-3 …; a hard link claims it atomically,
    so a copy made in the same moment by another process is never overwritten."""
    for n in itertools.count(1):
        candidate = dest if n == 1 else dest.with_name(f"{dest.stem}-{n}{dest.suffix}")
        try:
            os.link(tmp, candidate)
        except FileExistsError:
            continue
        except OSError:  # no hard links here (a FAT-formatted USB drive): rename if the name is free
            if candidate.exists():
                continue
            os.replace(tmp, candidate)
            return candidate
        os.unlink(tmp)
        return candidate
    raise AssertionError("unreachable")
