"""Report timings for the benchmark: a month's figures, its PDF and its Excel workbook (DESIGN.md §6:
the monthly report, PDF + Excel, within 3 s at 1,000,000 cases)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, select

from csd_desktop.db.engine import Database
from csd_desktop.db.models import Case
from csd_desktop.services import month_close, users
from csd_desktop.services.figures import Period


def _median_ms(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median of `runs` timed runs after one warm-up, in milliseconds, and the last result."""
    result = fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1), result


def report_timings(db: Database, month: date, *, runs: int = 3) -> dict[str, Any]:
    """Time the monthly report of `month` (any day in it): figures (SQL), PDF, Excel, and the whole
    of it as `csd report monthly --xlsx` does it. Acts as the station's first administrator."""
    from csd_desktop.reports import documents  # the one place the window and `csd report` make them

    actor = users.first_admin(db)
    period = Period.month(month.year, month.month)
    start, end = period.utc_bounds()
    with db.read() as s:
        in_month = s.scalar(
            select(func.count(Case.id)).where(Case.registered_at >= start, Case.registered_at < end)
        )
    figures_ms, data = _median_ms(lambda: month_close.report_data(db, actor, period), runs)
    pdf_ms, pdf = _median_ms(lambda: documents.report_pdf(data), runs)
    xlsx_ms, xlsx = _median_ms(lambda: documents.workbook(data), runs)

    def whole() -> None:
        d = month_close.report_data(db, actor, period)
        documents.report_pdf(d)
        documents.workbook(d)

    total_ms, _ = _median_ms(whole, runs)
    return {
        "month": f"{month:%Y-%m}",
        "cases_in_month": in_month,
        "figures_median_ms": figures_ms,
        "pdf_median_ms": pdf_ms,
        "xlsx_median_ms": xlsx_ms,
        "monthly_report_pdf_and_xlsx_median_ms": total_ms,
        "pdf_bytes": len(pdf),
        "xlsx_bytes": len(xlsx),
    }
