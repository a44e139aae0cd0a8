"""The floor for the start-up figure: a bare PySide6 right-to-left main window, painted once, then exit.

    QT_QPA_PLATFORM=offscreen python3 -m bench.bare_window      # prints startup_ms=N to stderr

Measured the same way as the application's own start (CSD_STARTUP_TIMING=1): from the process's
start to the first paint of a maximised QMainWindow, so the two figures can be compared in one run.
Imports nothing of the application's, on purpose.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

_IMPORTED = time.perf_counter()


def since_process_start_ms() -> int:
    """Milliseconds since the process started (Linux /proc; elsewhere since this module's import)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            started_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return round((uptime - started_ticks / os.sysconf("SC_CLK_TCK")) * 1000)
    except (OSError, ValueError, IndexError):
        return round((time.perf_counter() - _IMPORTED) * 1000)


class _FirstPaint(QObject):
    def __init__(self, window: QMainWindow, app: QApplication) -> None:
        super().__init__(window)
        self._app = app
        self._done = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            QTimer.singleShot(0, self._finish)  # after this paint has been delivered, as the app does
        return False

    def _finish(self) -> None:
        sys.stderr.write(f"startup_ms={since_process_start_ms()}\n")
        sys.stderr.flush()
        self._app.quit()


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    window = QMainWindow()
    window.setWindowTitle("شؤون المواطنين")
    window.setCentralWidget(QLabel("نافذة فارغة", window))
    window.statusBar().showMessage("جاهز")
    window.showMaximized()
    _FirstPaint(window, app)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
