"""Sync at scale: export, import and re-import of 100,000 changes, and the bundle's bytes per case.

python3 -m bench.sync [--changes 100000]

A station enrolled at a central office (SQLite) is filled with demo cases; their citizens, cases and
steps are logged as the station's changes (demo data is written in bulk, past the outbox) up to the
number asked. Then: export (the bundle), import at central, and import of a second bundle carrying the
same changes (the sender resends what was not acknowledged: every row is found present and skipped).
Raw SQLite reading the same rows is printed beside them as the floor.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from pathlib import Path

from csd_desktop.central import hub
from csd_desktop.central.store import Store
from csd_desktop.db.engine import open_database
from csd_desktop.services import demo
from csd_desktop.sync import station


def _log_demo_rows(path: Path, changes: int) -> int:
    con = sqlite3.connect(path)
    me = con.execute("SELECT value FROM local_settings WHERE key='station_id'").fetchone()[0]
    sid = bytes.fromhex(me.replace("-", ""))
    start = con.execute("SELECT coalesce(max(seq), 0) FROM change_log WHERE station_id=?", (sid,)).fetchone()[
        0
    ]
    rows = con.execute(
        "SELECT 'citizens', id, NULL, 0 FROM citizens UNION ALL SELECT 'cases', id, NULL, 1 FROM cases "
        "UNION ALL SELECT 'case_events', id, case_id, 2 FROM case_events ORDER BY 4"
    ).fetchall()[:changes]
    con.executemany(
        "INSERT INTO change_log VALUES (?, ?, ?, ?, ?)",
        [(sid, start + i + 1, t, r, c) for i, (t, r, c, _) in enumerate(rows)],
    )
    con.commit()
    cases = sum(1 for t, *_ in rows if t == "cases")
    con.close()
    return cases


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="csd-sync-bench-"))
    store = Store(f"sqlite:///{folder / 'central.sqlite'}")
    hub.init_central(store, "المكتب المركزي")
    (folder / "o.enrol").write_bytes(
        hub.enrol(store, office="BGDGO", name_ar="مكتب بغداد", governorate="BGD")
    )
    db = open_database(folder / "desk.sqlite")
    station.enrol_station(
        db,
        (folder / "o.enrol").read_bytes(),
        station=1,
        admin_username="admin",
        admin_full_name="مدير",
        admin_password="secret-123",
    )
    demo.generate_demo_data(db, cases=args.changes // 3, seed=1, months=12)
    cases = _log_demo_rows(db.path, args.changes)
    figures: dict[str, float | int] = {"changes": args.changes, "cases": cases}

    t = time.perf_counter()
    first = station.export_bundle(db)
    figures["export_s"] = round(time.perf_counter() - t, 2)
    figures["bundle_bytes"] = len(first.data)
    figures["bundle_bytes_per_case"] = round(len(first.data) / max(cases, 1))
    t = time.perf_counter()
    hub.accept(store, first.data)
    figures["import_s"] = round(time.perf_counter() - t, 2)
    again = station.export_bundle(db)  # no answer yet: the same changes again
    t = time.perf_counter()
    hub.accept(store, again.data)
    figures["reimport_s"] = round(time.perf_counter() - t, 2)
    con = sqlite3.connect(db.path)
    t = time.perf_counter()
    for table in ("citizens", "cases", "case_events"):
        con.execute(f"SELECT * FROM {table}").fetchall()
    figures["floor_raw_read_s"] = round(time.perf_counter() - t, 2)
    con.close()
    db.dispose()
    store.dispose()
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
