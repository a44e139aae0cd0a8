"""One window per database: a second copy started on a file a running window holds is told so (and
exits 2), `csd restore` is refused beside it while ordinary `csd` commands still run, and a window that
was killed leaves no lock behind."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from csd_desktop import app
from csd_desktop.errors import AlreadyOpen
from csd_desktop.services import instance
from tests.cli.test_faults import add_case, cases_in, csd, refused
from tests.conftest import ADMIN, PASSWORD
from tests.fs_faults import copy_db


def _locked(db: Path) -> bool:
    try:
        instance.hold(db).release()
    except AlreadyOpen:
        return True
    return False


@pytest.fixture
def office(template_db: Path, tmp_path: Path) -> Path:
    return copy_db(template_db, tmp_path / "office" / "csd.sqlite")


def desktop_command() -> list[str]:
    exe = Path(sys.executable).parent / "csd-desktop"
    return [str(exe)] if exe.exists() else [shutil.which("csd-desktop") or "csd-desktop"]


@pytest.fixture
def first_window(office: Path) -> Iterator[subprocess.Popen[bytes]]:
    """The real application, logged in and showing its window (offscreen), in its own process."""
    window = subprocess.Popen(
        [*desktop_command(), "--db", str(office), "--user", ADMIN, "--password-stdin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert window.stdin is not None
    window.stdin.write(f"{PASSWORD}\n".encode())
    window.stdin.close()
    deadline = time.monotonic() + 60
    while not _locked(office):
        assert window.poll() is None, "the first window ended by itself"
        assert time.monotonic() < deadline, "the first window never took its lock"
        time.sleep(0.05)
    yield window
    window.kill()
    window.wait(timeout=30)


def test_a_second_window_on_the_same_database_is_told_and_exits_2(
    office: Path,
    first_window: subprocess.Popen[bytes],
    shown_errors: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # main() installs its exception hooks and its log file: give pytest its own back afterwards.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    monkeypatch.setattr(root, "level", root.level)
    assert app.main(["--db", str(office)]) == 2
    assert len(shown_errors) == 1
    assert "مفتوحة في نافذة أخرى" in shown_errors[0] and str(office) in shown_errors[0]
    assert first_window.poll() is None  # the first copy goes on


def test_a_scripted_second_start_says_so_on_stderr_and_exits_2(
    office: Path, first_window: subprocess.Popen[bytes]
) -> None:
    second = subprocess.run(
        [*desktop_command(), "--db", str(office), "--user", ADMIN, "--password-stdin"],
        input=f"{PASSWORD}\n",
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
    )
    assert second.returncode == 2 and "مفتوحة في نافذة أخرى" in second.stderr
    assert "Traceback" not in second.stderr and first_window.poll() is None


def test_restore_is_refused_beside_the_window_but_other_commands_run(
    office: Path, first_window: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    before = cases_in(office)
    r = add_case(office)  # the window and a script write the same file: SQLite takes turns
    assert r.returncode == 0, r.stderr
    assert cases_in(office) == before + 1
    r = csd(office, "--json", "backup", "--out", str(tmp_path / "usb"))
    assert r.returncode == 0, r.stderr
    copy = next((tmp_path / "usb").iterdir())
    refused(csd(office, "restore", str(copy)), "أغلق نافذته أولاً")
    assert cases_in(office) == before + 1


def test_a_killed_window_leaves_no_lock(office: Path, first_window: subprocess.Popen[bytes]) -> None:
    os.kill(first_window.pid, signal.SIGKILL)
    first_window.wait(timeout=30)
    assert instance.lock_path(office).exists() and not _locked(office)
