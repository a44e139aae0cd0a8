"""Render last month's ITRS report of a demo office to shots/ (PDF, PNG pages, Excel), to look at it.

The demo database (shots/report.sqlite: 30,000 cases over 24 months, services.demo) is built once
and reused. The month before last is locked and a few of its closed cases are then reopened or
corrected, so the report also shows the amendments section.

The quarter before this one is rendered too (its draft banner), and the workbook is printed to PDF with
LibreOffice Calc when it is installed, to count its pages.

    python3 scripts/render_report.py [--cases 30000] [--fresh]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from csd_desktop.db.engine import Database, open_database  # noqa: E402
from csd_desktop.db.models import Case  # noqa: E402
from csd_desktop.reports import excel  # noqa: E402
from csd_desktop.reports.monthly import pdf as monthly  # noqa: E402
from csd_desktop.services import clock, demo, followup, month_close, users  # noqa: E402
from csd_desktop.services.figures import Period  # noqa: E402


def _amend(db: Database, actor: users.Actor, locked: Period) -> None:
    """Reopen two resolved cases closed in the locked month, and correct a third."""
    start, end = locked.utc_bounds()
    with db.read() as s:
        refs = s.scalars(
            select(Case.reference)
            .where(Case.closed_at >= start, Case.closed_at < end, Case.outcome == "resolved")
            .order_by(Case.closed_at)
            .limit(3)
        ).all()
    for ref in refs[:2]:
        followup.reopen(db, actor, ref, reason="يذكر المواطن أن المشكلة عادت بعد المعالجة.")
    if len(refs) > 2:
        followup.correct(db, actor, refs[2], event_seq=1, correction="تصحيح رقم هاتف المواطن في الاستمارة.")


def _previous_quarter(today: date) -> tuple[int, int]:
    number = (today.month - 1) // 3  # the quarter that is over: 0 means the last one of last year
    return (today.year, number) if number else (today.year - 1, 4)


def _spreadsheet_pages(workbook: Path) -> None:
    """How the workbook prints from a spreadsheet program, as an office would: LibreOffice Calc turns it
    into a PDF (when it is installed) and the pages are counted."""
    soffice = shutil.which("soffice")
    if soffice is None:
        print("soffice (LibreOffice) not installed: the workbook's printed pages are not counted")
        return
    out = workbook.parent
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out / "xlsx-print"), str(workbook)],
        check=True,
        capture_output=True,
    )
    printed = out / "xlsx-print" / f"{workbook.stem}.pdf"
    info = subprocess.run(["pdfinfo", str(printed)], check=True, capture_output=True, text=True).stdout
    pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
    print(f"{printed}: the workbook printed from LibreOffice Calc, {pages} pages")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=30_000)
    parser.add_argument("--fresh", action="store_true", help="Build the demo database again.")
    args = parser.parse_args()
    shots = ROOT / "shots"
    shots.mkdir(exist_ok=True)
    path = shots / "report.sqlite"
    if args.fresh:
        for old in shots.glob("report.sqlite*"):
            old.unlink()
    fresh = not path.exists()
    db = open_database(path)
    if fresh:
        started = time.perf_counter()
        demo.create_demo_office(db, cases=args.cases)
        print(f"demo database: {args.cases:,} cases in {time.perf_counter() - started:.1f} s")
    actor = users.authenticate(db, demo.DEMO_USERNAME, demo.DEMO_PASSWORD)
    today = clock.today()
    last = Period.month(today.year, today.month).previous()
    before = last.previous()
    if month_close.locked_report(db, actor, before.month_key or "") is None:
        final = month_close.report_data(db, actor, before, final=True)
        month_close.lock_month(db, actor, final, monthly.render_report(final))
        _amend(db, actor, before)
        print(f"locked {before.month_key} and amended three of its cases")

    started = time.perf_counter()
    data = month_close.report_data(db, actor, last)
    figures_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    rendered = monthly.render(data)
    pdf_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    workbook = excel.render_workbook(data)
    xlsx_ms = (time.perf_counter() - started) * 1000
    pdf_path = shots / "report.pdf"
    pdf_path.write_bytes(rendered.pdf)
    (shots / "report.xlsx").write_bytes(workbook)
    for old in shots.glob("report-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf_path), str(shots / "report")], check=True)
    pages = len(list(shots.glob("report-*.png")))
    print(
        f"{pdf_path}: {last.label}, {data.figures.totals.received:,} cases received, {pages} pages "
        f"(figures {figures_ms:.0f} ms, PDF {pdf_ms:.0f} ms, Excel {xlsx_ms:.0f} ms)"
    )
    # The quarter before this one: its draft banner and its footer, page 1 at a readable size.
    quarter = Period.quarter(*_previous_quarter(today))
    quarter_pdf = shots / "quarter.pdf"
    quarter_pdf.write_bytes(monthly.render_report(month_close.report_data(db, actor, quarter)))
    subprocess.run(
        ["pdftoppm", "-r", "110", "-png", "-f", "1", "-l", "1", str(quarter_pdf), str(shots / "quarter")],
        check=True,
    )
    print(f"{quarter_pdf}: {quarter.label} (page 1 as PNG)")
    _spreadsheet_pages(shots / "report.xlsx")
    db.dispose()


if __name__ == "__main__":
    main()
