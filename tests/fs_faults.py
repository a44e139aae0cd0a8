"""Office-PC faults provoked for real: read-only files and folders, a full disk, a second writer,
overwritten pages. Root ignores file modes, so read-only means a read-only mount or an immutable file
(chattr +i); mounts need root (as here and in CI): without it, the test is skipped with the reason."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=30)


def _need_root(what: str) -> None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip(f"{what} needs root (a mount or chattr); run the suite as root, as CI does")


def _unmount(point: Path) -> None:
    if _run("umount", str(point)).returncode != 0:
        _run("umount", "-l", str(point))  # something still holds it: detach now, free later


@contextmanager
def read_only_folder(source: Path, point: Path) -> Iterator[Path]:
    """`source` seen through a read-only bind mount at `point` (root can write nothing there)."""
    _need_root("a read-only folder")
    point.mkdir(parents=True, exist_ok=True)
    done = _run("mount", "--bind", str(source), str(point))
    if done.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {done.stderr.strip()}")
    try:
        done = _run("mount", "-o", "remount,bind,ro", str(point))
        if done.returncode != 0:
            pytest.skip(f"cannot remount read-only here: {done.stderr.strip()}")
        yield point
    finally:
        _unmount(point)


@contextmanager
def immutable(path: Path) -> Iterator[Path]:
    """A file even root cannot open for writing (chattr +i); always made mutable again."""
    _need_root("an immutable file")
    if shutil.which("chattr") is None:
        pytest.skip("chattr (e2fsprogs) is not installed")
    done = _run("chattr", "+i", str(path))
    if done.returncode != 0:
        pytest.skip(f"this filesystem has no immutable attribute: {done.stderr.strip()}")
    try:
        yield path
    finally:
        _run("chattr", "-i", str(path))


@contextmanager
def tiny_disk(point: Path, size_kb: int) -> Iterator[Path]:
    """A small tmpfs: a real filesystem that runs out of space."""
    _need_root("a small filesystem")
    point.mkdir(parents=True, exist_ok=True)
    done = _run("mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(point))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield point
    finally:
        _unmount(point)


def fill(folder: Path, leave_kb: int = 0) -> None:
    """Fill the filesystem of `folder`, then give back `leave_kb` (a nearly full disk)."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass  # ENOSPC: full
    finally:
        os.close(fd)
    if leave_kb:
        os.truncate(filler, max(0, filler.stat().st_size - leave_kb * 1024))


HOLD_LOCK = textwrap.dedent(
    """
    import sqlite3, sys
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    sys.stdin.read()  # hold the write lock until the test closes our stdin
    """
)


@contextmanager
def second_writer(db: Path) -> Iterator[None]:
    """Another process holding the database's write lock (a real BEGIN IMMEDIATE)."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        yield
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)


def overwrite_tables(db: Path, tables: tuple[str, ...] = ("citizens", "cases")) -> None:
    """Scribble over every page at the root of these tables and their indexes (a bad sector)."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    marks = ",".join("?" * len(tables))
    roots = [
        r for (r,) in con.execute(f"SELECT rootpage FROM sqlite_master WHERE tbl_name IN ({marks})", tables)
    ]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(db.read_bytes())
    for root in roots:
        data[(root - 1) * size : root * size] = b"\xa5" * size
    db.write_bytes(bytes(data))


def copy_db(source: Path, dest: Path) -> Path:
    """The main file only (the template is checkpointed): no stale -wal or -shm beside it."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, dest)
    return dest
