"""Time what people wait for, on a generated database, and print the figures as JSON.

python3 -m bench --cases 100000            # builds bench/data/bench-100000.sqlite once, then reuses it
python3 -m bench --cases 100000 --only start   # the start beside a bare window, nothing else
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from csd_desktop.db.engine import Database, open_database
from csd_desktop.db.models import Case, Citizen
from csd_desktop.services import citizens, demo, intake, receipts, search, users, worklists
from csd_desktop.services.intake import CitizenForm, IntakeForm
from csd_desktop.services.search import CaseFilter
from csd_desktop.services.worklists import Worklist

from .reports import report_timings

DATA = Path(__file__).resolve().parent / "data"


def timed(fn: Callable[[], Any], repeat: int) -> dict[str, float]:
    """Median and worst of `repeat` runs, in milliseconds (after one warm-up run)."""
    fn()
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return {"median_ms": round(statistics.median(runs), 2), "max_ms": round(max(runs), 2)}


def build(path: Path, count: int, seed: int) -> Database:
    db = open_database(path)
    with db.read() as s:
        have = s.scalar(select(func.count(Case.id))) if _initialised(db) else 0
    if have < count:
        t = time.perf_counter()
        demo.generate_demo_data(db, cases=count - (have or 0), seed=seed + (have or 0))
        print(f"generated {count - (have or 0)} cases in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return db


def _initialised(db: Database) -> bool:
    from csd_desktop.services import setup

    return setup.is_initialized(db)


def _startup_ms(command: list[str], stdin: str, env: dict[str, str]) -> tuple[float, float]:
    """One process: its own startup_ms (process start to first paint) and its whole wall time."""
    t = time.perf_counter()
    r = subprocess.run(command, input=stdin, capture_output=True, text=True, env=env, timeout=120)
    wall = (time.perf_counter() - t) * 1000
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("startup_ms=")]
    if r.returncode != 0 or not lines:
        raise RuntimeError(f"{command[2]} did not start: {r.returncode} {r.stderr[-2000:]}")
    return float(lines[-1].split("=", 1)[1]), wall


def window_start(path: Path, runs: int) -> dict[str, float]:
    """Process start to the main window painted, logged in automatically (offscreen), beside a bare
    PySide6 right-to-left window painted in the same run (DESIGN.md §6: ≤ 1.0 s and ≤ 3× the bare
    window). The two alternate, app then bare, so a change in the machine's load moves both alike."""
    # An installed application has its bytecode compiled (pip compiles at install); this checkout may
    # not, where PYTHONDONTWRITEBYTECODE is set, and would measure compiling instead of starting.
    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "csd_desktop"), quiet=1)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CSD_STARTUP_TIMING": "1",
        "CSD_EXIT_AFTER_START": "1",
    }
    app = [
        sys.executable,
        "-m",
        "csd_desktop",
        "--db",
        str(path),
        "--user",
        demo.DEMO_USERNAME,
        "--password-stdin",
    ]
    bare = [sys.executable, "-m", "bench.bare_window"]
    _startup_ms(app, demo.DEMO_PASSWORD + "\n", env)  # a first start reads the files into the OS cache
    inside, wall, floor, ratios = [], [], [], []
    for _ in range(runs):
        ms, whole = _startup_ms(app, demo.DEMO_PASSWORD + "\n", env)
        bare_ms, _whole = _startup_ms(bare, "", env)
        inside.append(ms)
        wall.append(whole)
        floor.append(bare_ms)
        ratios.append(ms / bare_ms)
    return {
        "median_ms": round(statistics.median(inside), 1),
        "max_ms": round(max(inside), 1),
        "process_wall_median_ms": round(statistics.median(wall), 1),
        "bare_window_median_ms": round(statistics.median(floor), 1),
        "ratio_to_bare_median": round(statistics.median(ratios), 2),
    }


def file_size(path: Path, cases: int) -> dict[str, float]:
    """The database file per case (with its events, citizens and indexes), free pages left out."""
    con = sqlite3.connect(path)
    try:
        page = con.execute("PRAGMA page_size").fetchone()[0]
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        free = con.execute("PRAGMA freelist_count").fetchone()[0]
    finally:
        con.close()
    used = (pages - free) * page
    return {"file_bytes": used, "bytes_per_case": round(used / max(cases, 1), 1)}


def case_list_window(path: Path) -> dict[str, Any]:
    """The Qt case list model in its own process: first page, 50 more pages, resident memory."""
    r = subprocess.run(
        [sys.executable, "-m", "bench.window_memory", str(path), "--pages", "50"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    if r.returncode != 0:
        raise RuntimeError(f"case list window failed: {r.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(r.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", type=Path, help="Use this database instead of bench/data/bench-N.sqlite")
    parser.add_argument("--skip-window", action="store_true")
    parser.add_argument("--only", choices=["start"], help="time only this (the start: --runs of it)")
    parser.add_argument("--runs", type=int, default=7, help="starts of the app and of the bare window")
    args = parser.parse_args()
    path = args.db or DATA / f"bench-{args.cases}.sqlite"
    db = build(path, args.cases, args.seed)
    if args.only == "start":
        with db.read() as s:
            total = s.scalar(select(func.count(Case.id)))
        figures = {"cases_in_database": total, "start_to_usable_window": window_start(path, args.runs)}
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    actor = users.authenticate(db, demo.DEMO_USERNAME, demo.DEMO_PASSWORD)
    with db.read() as s:
        total = s.scalar(select(func.count(Case.id)))
        sample = s.execute(
            select(Case.reference, Citizen.phone, Citizen.national_id, Citizen.full_name)
            .join(Citizen, Case.citizen_id == Citizen.id)
            .order_by(Case.registered_at)
            .offset(total // 2)
            .limit(1)
        ).one()
    reference, phone, card, name = sample
    from csd_desktop.reports.receipt import render_receipt

    def save_and_receipt() -> None:
        form = IntakeForm(
            citizen=CitizenForm(full_name="حيدر كاظم جواد الموسوي", phone="07901112233", gender="male"),
            kind="complaint",
            category="water",
            subject="انقطاع الماء عن المحلة",
        )
        saved = intake.register_case(db, actor, form)
        render_receipt(receipts.receipt_for(db, actor, saved.reference))

    figures: dict[str, Any] = {"cases_in_database": total, "database": file_size(path, total)}
    if not args.skip_window:
        figures["start_to_usable_window"] = window_start(path, args.runs)
    figures["save_case_and_receipt_pdf"] = timed(save_and_receipt, args.repeat)
    figures["find_by_reference"] = timed(lambda: search.find_cases(db, reference), args.repeat)
    figures["find_by_phone"] = timed(lambda: search.find_cases(db, phone), args.repeat)
    figures["find_by_card_number"] = timed(lambda: search.find_cases(db, card), args.repeat)
    figures["find_returning_citizen"] = timed(lambda: citizens.find_citizen(db, phone), args.repeat)
    figures["name_search_first_page"] = timed(
        lambda: search.find_cases(db, " ".join(name.split()[:2])), args.repeat
    )
    figures["full_text_search_first_page"] = timed(
        lambda: search.find_cases(db, "انقطاع الكهرباء"), args.repeat
    )
    figures["rare_word_search_first_page"] = timed(lambda: search.find_cases(db, "منهول"), args.repeat)
    figures["worklist_counts"] = timed(lambda: worklists.counts(db, actor), args.repeat)
    for worklist in Worklist:
        figures[f"worklist_{worklist.value}_first_page"] = timed(
            lambda w=worklist: worklists.page(db, actor, w, entity="health"), args.repeat
        )
    figures["case_list_first_page"] = timed(lambda: search.search(db, "", limit=100), args.repeat)
    figures["case_list_filtered_first_page"] = timed(
        lambda: search.search(db, "", CaseFilter(category="water", open_only=True), limit=100), args.repeat
    )
    figures["case_list_count"] = timed(lambda: search.count(db, ""), args.repeat)
    figures["case_list_deep_scroll_page"] = timed(
        lambda: search.search(db, "", offset=total // 2, limit=100), max(3, args.repeat // 4)
    )
    # The monthly report of the last complete month (PDF + Excel), as a manager prints it.
    first_of_this_month = date.today().replace(day=1)
    figures["monthly_report"] = report_timings(db, (first_of_this_month - timedelta(days=1)).replace(day=1))
    if not args.skip_window:
        figures["case_list_window"] = case_list_window(path)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
