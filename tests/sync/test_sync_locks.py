"""A month locked at desk 1 is locked at desk 2, and an amendment made at desk 2 reaches desk 1's next
report; two desks that lock the same month offline each keep one lock of it and sync on."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from csd_desktop.db.engine import Database
from csd_desktop.services import clock, followup, users
from tests.sync.conftest import PASSWORD, World

BAGHDAD = clock.IRAQ_TZ


@pytest.fixture
def standing() -> Iterator[None]:
    yield
    clock.set_clock(None)


def stand_on(month: int, day: int) -> None:
    moment = datetime(2026, month, day, 10, 0, tzinfo=BAGHDAD).astimezone(UTC)
    clock.set_clock(lambda: moment)


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_lock_and_its_amendment_reach_the_other_desk(world: World, standing: None, tmp_path: Path) -> None:
    w = world
    stand_on(10, 15)
    reference = w.add_case("BGDGO-1")
    w.csd_json("BGDGO-1", "case", "close", reference, "--outcome", "resolved", "--summary", "أُصلحت المحولة.")
    stand_on(11, 2)
    assert (
        w.csd("BGDGO-1", "report", "lock", "--month", "2026-10", "--out", str(tmp_path / "oct.pdf")).exit_code
        == 0
    )
    for desk in ("BGDGO-1", "BGDGO-2", "BGDGO-2"):
        w.send(desk)
        w.receive(desk)

    again = w.csd("BGDGO-2", "report", "lock", "--month", "2026-10", "--out", str(tmp_path / "oct-2.pdf"))
    assert again.exit_code == 2 and "مقفل من قبل" in again.output
    lock = "SELECT hex(id), month, synced_at IS NOT NULL FROM month_locks"
    (desk1_lock,) = rows(w.stations["BGDGO-1"], lock)
    assert rows(w.stations["BGDGO-2"], lock) == [(desk1_lock[0], "2026-10", 1)]

    stand_on(11, 3)  # desk 2 reopens a case that the locked report counted as closed
    db = Database(w.stations["BGDGO-2"])
    followup.reopen(db, users.authenticate(db, "admin", PASSWORD), reference, reason="عاد الانقطاع")
    db.dispose()
    w.send("BGDGO-2")
    w.receive("BGDGO-1")
    amendment = "SELECT hex(a.id), hex(a.lock_id), a.month FROM amendments a"
    assert rows(w.stations["BGDGO-1"], amendment) == rows(w.stations["BGDGO-2"], amendment)
    (found,) = rows(w.stations["BGDGO-1"], amendment)
    assert found[1:] == (desk1_lock[0], "2026-10")


def test_a_month_locked_at_both_desks_offline_keeps_one_lock_at_each(
    world: World, standing: None, tmp_path: Path
) -> None:
    w = world
    stand_on(11, 2)
    for desk in ("BGDGO-1", "BGDGO-2"):
        out = str(tmp_path / f"{desk}.pdf")
        assert w.csd(desk, "report", "lock", "--month", "2026-10", "--out", out).exit_code == 0
    for desk in ("BGDGO-1", "BGDGO-2", "BGDGO-1", "BGDGO-2"):
        w.send(desk)
        w.receive(desk)
    for desk in ("BGDGO-1", "BGDGO-2"):
        assert [r[0] for r in rows(w.stations[desk], "SELECT month FROM month_locks")] == ["2026-10"]
        assert w.csd_json(desk, "sync", "status")["waiting"] == 0
