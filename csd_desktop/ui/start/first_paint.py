"""The start-up budget's end: the main window painted for the first time, and the benchmark hook.

CSD_STARTUP_TIMING=1 prints `startup_ms=N` (process start to that paint) to stderr;
CSD_EXIT_AFTER_START=1 quits right after it (bench/ and tests/ui/test_app.py start the app this way);
CSD_STARTUP_MODULES=1 prints `startup_modules=a,b,…` (every module loaded by then, sorted), so a test
can tell what was imported before the first paint.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

_IMPORTED = time.perf_counter()  # the fallback start mark where the OS cannot tell the process's age


def since_process_start_ms() -> int:
    """Milliseconds since the process started (Linux reads it from /proc; elsewhere since import)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            started_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return round((uptime - started_ticks / os.sysconf("SC_CLK_TCK")) * 1000)
    except (OSError, ValueError, IndexError):
        return round((time.perf_counter() - _IMPORTED) * 1000)


class FirstPaint(QObject):
    """Calls back once the window has been painted for the first time."""

    def __init__(self, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self._callback: Callable[[], None] | None = callback
        window.installEventFilter(self)
        QTimer.singleShot(3000, self._fire)  # a platform that never paints must not hang a benchmark

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            QTimer.singleShot(0, self._fire)  # after this paint has been delivered
        return False

    def _fire(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()


def report_start(what: str = "main window") -> bool:
    """Log (and, for the benchmark, print) the start-up time; True when the benchmark wants out now."""
    elapsed = since_process_start_ms()
    log.info("startup_ms=%d (process start to %s painted)", elapsed, what)
    if os.environ.get("CSD_STARTUP_TIMING") == "1":
        sys.stderr.write(f"startup_ms={elapsed}\n")
        sys.stderr.flush()
    if os.environ.get("CSD_STARTUP_MODULES") == "1":
        sys.stderr.write(f"startup_modules={','.join(sorted(sys.modules))}\n")
        sys.stderr.flush()
    return os.environ.get("CSD_EXIT_AFTER_START") == "1"
