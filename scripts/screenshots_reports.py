"""Render the dashboard and the reports screen (month, quarter with its preview, custom period, year) offscreen
into shots/*.png, on a demo office of a few thousand cases, at 1366×768."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import shot_options  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from csd_desktop.app import configure_application  # noqa: E402
from csd_desktop.db.engine import open_database  # noqa: E402
from csd_desktop.services import clock, demo, users  # noqa: E402
from csd_desktop.ui import dialogs, workers  # noqa: E402
from csd_desktop.ui.dashboard.dashboard_screen import DashboardScreen  # noqa: E402
from csd_desktop.ui.reports.reports_screen import ReportsScreen, open_report_preview  # noqa: E402

SHOTS = ROOT / "shots"
SIZE = (1366, 768)


def pump(ms: int = 50) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("condition not met")
        pump(20)


def shoot(widget: QWidget, name: str) -> None:
    widget.show()
    pump(200)
    path = SHOTS / f"{name}.png"
    widget.grab().save(str(path))
    print(f"{path} {widget.width()}x{widget.height()}")


def main() -> None:
    global SHOTS, SIZE
    SHOTS, SIZE = shot_options.parse(__doc__ or "")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    dialogs.show_error = lambda _parent, message: print("error dialog:", message)
    db = open_database(Path(tempfile.mkdtemp(prefix="csd-shots-")) / "csd.sqlite")
    started = time.perf_counter()
    login = demo.create_demo_office(db, cases=4000, seed=11)
    print(f"demo office: 4000 cases in {time.perf_counter() - started:.1f} s")
    actor = users.authenticate(db, login.username, login.password)

    dashboard = DashboardScreen(db)
    dashboard.resize(*SIZE)
    dashboard.show()
    wait_until(lambda: dashboard.figures is not None and workers.pending() == 0)
    shoot(dashboard, "20-dashboard")

    screen = ReportsScreen(db, actor)
    screen.resize(*SIZE)
    previews: list[QWidget] = []
    screen.preview_factory = lambda title, name, pdf: previews.append(
        open_report_preview(screen, title, name, pdf)
    )
    screen.confirm = lambda _title, _text: True
    shoot(screen, "21-reports-empty")
    screen.preview()
    wait_until(lambda: bool(previews) and workers.pending() == 0)
    shoot(screen, "22-reports-figures")
    preview = previews[-1]
    preview.resize(820, 740)
    shoot(preview, "23-report-preview")
    preview.close()

    today = clock.today()
    screen.set_month(today.year, today.month)
    screen.lock_month()  # refused: the month is not over
    wait_until(lambda: workers.pending() == 0)
    screen.kind.setCurrentIndex(screen.kind.findData("quarter"))
    screen.preview()
    wait_until(lambda: len(previews) == 2 and workers.pending() == 0)
    previews[-1].resize(820, 740)
    shoot(previews[-1], "24b-report-preview-quarter")  # the draft banner names the quarter
    previews[-1].close()
    shoot(screen, "24-reports-quarter")
    screen.kind.setCurrentIndex(screen.kind.findData("custom"))  # the quarter's figures leave the screen
    shoot(screen, "25-reports-custom-period")
    screen.kind.setCurrentIndex(screen.kind.findData("year"))
    shoot(screen, "26-reports-year")  # the year box with its arrows
    workers.shutdown()
    db.dispose()


if __name__ == "__main__":
    main()
