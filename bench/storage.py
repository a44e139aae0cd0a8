"""Storage measurements on a copy of a generated database: bytes per case, the schema migration's
time, the month's figures, the dashboard, searches and worklists (issue 9, point 3).

python3 -m bench.storage --db bench/data/bench-1000000.sqlite --migrate --figures --search --size

Work on a copy: --migrate upgrades the file in place (after the usual safety copy, which this
script deletes again to spare the disk) and --size runs VACUUM on it.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from .__main__ import timed


def size(path: Path, *, vacuum: bool) -> dict[str, Any]:
    """File size per case; after VACUUM when asked (what a freshly written file would take)."""
    con = sqlite3.connect(path)
    try:
        took = None
        if vacuum:
            started = time.perf_counter()
            con.execute("PRAGMA journal_mode=DELETE")
            con.execute("VACUUM")
            took = round(time.perf_counter() - started, 1)
        cases = con.execute("SELECT count(*) FROM cases").fetchone()[0]
        events = con.execute("SELECT count(*) FROM case_events").fetchone()[0]
        tables = con.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 25"
        ).fetchall()
    finally:
        con.close()
    total = path.stat().st_size
    return {
        "file_bytes": total,
        "cases": cases,
        "events": events,
        "bytes_per_case": round(total / cases) if cases else None,
        "vacuum_s": took,
        "largest_mb": {name: round(n / 1_048_576, 1) for name, n in tables},
    }


def migrate(path: Path) -> dict[str, Any]:
    from csd_desktop.db import engine

    steps: list[tuple[float, int, int, str]] = []
    started = time.perf_counter()

    def progress(done: int, total: int, what: str) -> None:
        steps.append((round(time.perf_counter() - started, 1), done, total, what))
        print(f"{steps[-1][0]:7.1f} s  {done}/{total}  {what}", file=sys.stderr)

    backup = engine.migrate(path, progress=progress)
    took = round(time.perf_counter() - started, 1)
    if backup is not None:
        backup.unlink()  # the safety copy of a benchmark file: disk is limited
    return {"migration_s": took, "progress_reports": len(steps)}


def figures(path: Path, month: date, runs: int) -> dict[str, Any]:
    from csd_desktop.db.engine import open_database
    from csd_desktop.services import dashboard, users
    from csd_desktop.services.figures import Period, Scope, compute

    db = open_database(path)
    actor = users.first_admin(db)
    period = Period.month(month.year, month.month)
    scope = Scope(office_id=actor.office_id)
    out = {
        "month": f"{month:%Y-%m}",
        "figures": timed(lambda: compute(db, scope, period), runs),
        "dashboard": timed(lambda: dashboard.count_figures(db), runs),
    }
    db.dispose()
    return out


def searches(path: Path, runs: int) -> dict[str, Any]:
    from sqlalchemy import func, select

    from csd_desktop.db.engine import open_database
    from csd_desktop.db.models import Case, Citizen
    from csd_desktop.services import citizens, demo, search, users, worklists
    from csd_desktop.services.search import CaseFilter
    from csd_desktop.services.worklists import Worklist

    db = open_database(path)
    actor = users.authenticate(db, demo.DEMO_USERNAME, demo.DEMO_PASSWORD)
    with db.read() as s:
        total = s.scalar(select(func.count(Case.id))) or 0
        reference, phone, card, name = s.execute(
            select(Case.reference, Citizen.phone, Citizen.national_id, Citizen.full_name)
            .join(Citizen, Case.citizen_id == Citizen.id)
            .order_by(Case.registered_at)
            .offset(total // 2)
            .limit(1)
        ).one()
    out: dict[str, Any] = {
        "find_by_reference": timed(lambda: search.find_cases(db, reference), runs),
        "find_by_phone": timed(lambda: search.find_cases(db, phone), runs),
        "find_by_card_number": timed(lambda: search.find_cases(db, card), runs),
        "find_returning_citizen": timed(lambda: citizens.find_citizen(db, phone), runs),
        "name_search_first_page": timed(lambda: search.find_cases(db, " ".join(name.split()[:2])), runs),
        "full_text_search_first_page": timed(lambda: search.find_cases(db, "انقطاع الكهرباء"), runs),
        "rare_word_search_first_page": timed(lambda: search.find_cases(db, "منهول"), runs),
        "two_letter_prefix_first_page": timed(lambda: search.find_cases(db, "مح"), runs),
        "worklist_counts": timed(lambda: worklists.counts(db, actor), runs),
        "open_by_entity": timed(lambda: worklists.open_by_entity(db), runs),
        "case_list_first_page": timed(lambda: search.search(db, "", limit=100), runs),
        "case_list_filtered_first_page": timed(
            lambda: search.search(db, "", CaseFilter(category="water", open_only=True), limit=100), runs
        ),
        "case_list_count": timed(lambda: search.count(db, ""), runs),
        "case_list_deep_scroll_page": timed(
            lambda: search.search(db, "", offset=total // 2, limit=100), max(3, runs // 4)
        ),
    }
    for worklist in Worklist:
        out[f"worklist_{worklist.value}_first_page"] = timed(
            lambda w=worklist: worklists.page(db, actor, w, entity="health"), runs
        )
    db.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--migrate", action="store_true", help="upgrade the file to the head schema")
    parser.add_argument("--size", action="store_true", help="VACUUM, then bytes per case")
    parser.add_argument("--size-only", action="store_true", help="bytes per case without VACUUM")
    parser.add_argument("--figures", action="store_true")
    parser.add_argument("--search", action="store_true")
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    out: dict[str, Any] = {}
    if args.migrate:
        out["migrate"] = migrate(args.db)
    if args.size or args.size_only:
        out["size"] = size(args.db, vacuum=args.size)
    if args.figures:
        year, month = (int(p) for p in args.month.split("-"))
        out["figures"] = figures(args.db, date(year, month, 1), args.runs)
    if args.search:
        out["search"] = searches(args.db, args.runs)
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
