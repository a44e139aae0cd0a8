"""The case list in a real (offscreen) Qt model on a big database: time per page and resident memory.

    python3 -m bench.window_memory bench/data/bench-1000000.sqlite --pages 50
Prints JSON. Run by `python3 -m bench` in a child process, so the benchmark's own memory is not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from csd_desktop.app import configure_application
from csd_desktop.services.database import open_station_database
from csd_desktop.ui import workers
from csd_desktop.ui.cases.case_list_model import CaseListModel, CaseQuery


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def wait(app: QApplication, model: CaseListModel) -> None:
    while model.is_loading() or workers.pending():
        app.processEvents()
        time.sleep(0.001)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args()
    app = QApplication([])
    configure_application(app)
    db = open_station_database(args.db)
    model = CaseListModel(db)
    t = time.perf_counter()
    model.set_query(CaseQuery())
    wait(app, model)
    first = (time.perf_counter() - t) * 1000
    pages = []
    for _ in range(args.pages):
        t = time.perf_counter()
        model.fetchMore()
        wait(app, model)
        pages.append((time.perf_counter() - t) * 1000)
    print(
        json.dumps(
            {
                "first_page_ms": round(first, 1),
                "next_page_median_ms": round(statistics.median(pages), 1),
                "next_page_max_ms": round(max(pages), 1),
                "rows_held": model.rowCount(),
                "resident_mb": rss_mb(),
            }
        )
    )
    workers.shutdown()


if __name__ == "__main__":
    main()
