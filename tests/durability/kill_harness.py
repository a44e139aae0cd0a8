"""Power cuts, hundreds of them: a driver forked from this process works on one station's database and
is SIGKILLed after a random few milliseconds, round after round on the same file; then checks.py says
whether anything confirmed was lost or half-written.

    python3 -m tests.durability.kill_harness --kills 2000 [--seed 7] [--folder DIR]

Forking from a process that has imported everything (and signed in once) makes a kill cost the delay
before it, not a Python start: about 300 kills in half a minute on a busy 2-core PC.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csd_desktop.central import hub
from csd_desktop.central.store import Store
from csd_desktop.db.engine import Database, open_database
from csd_desktop.services import sign_in
from csd_desktop.services.users import Actor
from csd_desktop.sync import station
from tests.durability import checks, driver

PASSWORD = "secret-123"
MIN_DELAY, MAX_DELAY = 0.002, 0.2  # seconds from fork to kill: from mid-open to a few operations in
CHECK_EVERY = 25  # rounds between quick checks of the file (the full check runs at the end)


@dataclass(frozen=True)
class Report:
    kills: int
    seconds: float
    confirmed: int
    refused: int
    verdict: checks.Verdict

    def lines(self) -> list[str]:
        v = self.verdict
        return [
            f"kills={self.kills} in {self.seconds:.1f} s; operations confirmed={self.confirmed}, "
            f"refused={self.refused}",
            f"cases checked={v.cases_checked} events checked={v.events_checked} "
            f"attachments checked={v.attachments_checked} exports checked={v.exports_checked} "
            f"audit records={v.audit_records} "
            f"partial exports left hidden={v.partial_files}",
            f"lost={len(v.lost)} half={len(v.half)} other problems={len(v.problems)}",
            *[f"  lost: {x}" for x in v.lost[:10]],
            *[f"  half: {x}" for x in v.half[:10]],
            *[f"  problem: {x}" for x in v.problems[:10]],
        ]


def prepare(folder: Path) -> tuple[Path, Actor]:
    """An enrolled station (so it can export bundles) with its administrator signed in once."""
    db_path = folder / "desk" / "csd.sqlite"
    store = Store(f"sqlite:///{folder / 'central.sqlite'}")
    hub.init_central(store, "المكتب المركزي")
    enrolment = hub.enrol(store, office="BGDGO", name_ar="مكتب شؤون المواطنين — بغداد", governorate="BGD")
    store.dispose()
    db = open_database(db_path)
    station.enrol_station(
        db, enrolment, station=1, admin_username="admin", admin_full_name="أحمد علي", admin_password=PASSWORD
    )
    actor = sign_in.authenticate(db, "admin", PASSWORD)
    db.dispose()  # no connection may cross a fork
    return db_path, actor


def _quick_check(db_path: Path) -> str:
    """The file as the next start finds it (the WAL recovered), checked between rounds."""
    con = sqlite3.connect(db_path)
    try:
        return str(con.execute("PRAGMA quick_check").fetchone()[0])
    finally:
        con.close()  # closed before the next fork: no connection may cross it


def one_round(r: driver.Round, delay: float, db: Database) -> list[dict[str, Any]]:
    """Fork a driver, kill it after `delay`, and read what it confirmed before it died."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the driver: never returns, never runs the parent's cleanup
        os.close(read_end)
        try:
            driver.run(r, write_end, db)
        finally:
            os._exit(3)
    os.close(write_end)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(read_end, "rb") as pipe:
        text = pipe.read().decode()
    if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
        raise RuntimeError(f"the driver of round {r.number} ended by itself (status {status})")
    return [json.loads(line) for line in text.splitlines()]


def run(kills: int, seed: int, folder: Path) -> Report:
    rng = random.Random(seed)
    db_path, actor = prepare(folder)
    exports = folder / "exports"
    exports.mkdir()
    db = open_database(db_path, migrate_schema=False)
    confirmed = driver.Driver(driver.Round(db_path, actor, (), exports, seed, 0), db).warm_up()
    for engine in (db.read_engine, db.write_engine):
        engine.dispose()  # no connection may cross a fork; the engines (and compiled SQL) may
    quick_checks: list[str] = []
    known = [str(x["ref"]) for x in confirmed if x["op"] == "case"]
    start = time.perf_counter()
    for number in range(kills):
        r = driver.Round(db_path, actor, tuple(known), exports, seed, number + 1)
        lines = one_round(r, rng.uniform(MIN_DELAY, MAX_DELAY), db)
        confirmed += lines
        known += [x["ref"] for x in lines if x["op"] == "case"]
        if number % CHECK_EVERY == CHECK_EVERY - 1:
            quick_checks.append(_quick_check(db_path))
    seconds = time.perf_counter() - start
    db.dispose()
    refused = sum(1 for x in confirmed if x["op"] == "refused")
    verdict = checks.check(db_path, confirmed, exports)
    verdict.problems += [f"quick_check during the run: {x}" for x in quick_checks if x != "ok"]
    return Report(kills, seconds, len(confirmed) - refused, refused, verdict)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--folder", type=Path, help="kept afterwards; default: a temporary folder")
    args = parser.parse_args(argv)
    if args.folder is not None:
        args.folder.mkdir(parents=True, exist_ok=True)
        report = run(args.kills, args.seed, args.folder)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            report = run(args.kills, args.seed, Path(tmp))
    print("\n".join(report.lines()), flush=True)
    return 0 if report.verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main())
