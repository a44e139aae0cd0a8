"""A correction made at one desk points at the same step at every desk, although the step has another
number in each file after a merge; a correction stored by number before sync is converted once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from csd_desktop.db.engine import SCHEMA_HEAD, Database, open_database
from csd_desktop.db.migrate import upgrade
from csd_desktop.services import cases, followup, users
from tests.sync.conftest import PASSWORD, World


def _detail(path: Path, reference: str) -> cases.CaseDetail:
    db = Database(path)
    try:
        return cases.case_detail(db, reference)
    finally:
        db.dispose()


def test_a_correction_points_at_the_same_step_at_both_desks_after_a_merge(world: World) -> None:
    w = world
    reference = w.add_case("BGDGO-1")
    w.send("BGDGO-1")
    w.send("BGDGO-2")
    w.receive("BGDGO-2")
    # Offline, each desk adds a note: each lands as step 2 in its own file, step 3 in the other.
    w.csd_json("BGDGO-1", "case", "note", reference, "ملاحظة المكتب الأول")
    w.csd_json("BGDGO-2", "case", "note", reference, "ملاحظة المكتب الثاني")
    for desk in ("BGDGO-1", "BGDGO-2", "BGDGO-1", "BGDGO-2"):
        w.send(desk)
        w.receive(desk)
    db = Database(w.stations["BGDGO-2"])
    admin = users.authenticate(db, "admin", PASSWORD)
    followup.correct(db, admin, reference, event_seq=2, correction="الصحيح: ملاحظة عن المحولة")
    db.dispose()
    w.send("BGDGO-2")
    w.receive("BGDGO-1")

    for desk, own_number in (("BGDGO-2", 2), ("BGDGO-1", 3)):
        detail = _detail(w.stations[desk], reference)
        by_id = {e.id: e for e in detail.events}
        (correction,) = [e for e in detail.events if e.type == "correction"]
        corrected = next(
            e for e in detail.events if e.id is not None and e.id.hex == correction.data["corrects"]
        )
        assert corrected.data["text"] == "ملاحظة المكتب الثاني", desk
        assert correction.data["corrects_seq"] == corrected.seq == own_number, desk
        assert len(by_id) == 4  # registered, two notes, the correction: nothing twice


def test_a_correction_stored_by_number_becomes_the_steps_id_on_upgrade(tmp_path: Path) -> None:
    from csd_desktop.services import demo

    path = tmp_path / "old.sqlite"
    db = open_database(path)
    login = demo.create_demo_office(db, cases=3, seed=2)
    admin = users.authenticate(db, login.username, login.password)
    reference = _any_reference(path)
    followup.correct(db, admin, reference, event_seq=1, correction="تصحيح")
    db.dispose()
    con = sqlite3.connect(path)  # as 0009 left it: the number of the step in this file
    (trigger,) = con.execute("SELECT sql FROM sqlite_master WHERE name = 'case_events_no_update'").fetchone()
    con.execute("DROP TRIGGER case_events_no_update")
    con.execute("UPDATE case_events SET data = json_set(data, '$.corrects', 1) WHERE type = 'correction'")
    con.execute(trigger)
    con.execute("UPDATE alembic_version SET version_num = '0009'")
    first = con.execute(
        "SELECT lower(hex(e.id)) FROM case_events e JOIN cases c ON c.id = e.case_id "
        "WHERE c.reference = ? AND e.seq = 1",
        (reference,),
    ).fetchone()[0]
    con.commit()
    con.close()

    upgrade(path, "0010")  # this migration alone (later ones already ran on this file)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = ?", (SCHEMA_HEAD,))
    con.commit()
    con.close()
    db = open_database(path)
    detail = cases.case_detail(db, reference)
    db.dispose()
    (correction,) = [e for e in detail.events if e.type == "correction"]
    assert correction.data["corrects"] == first and correction.data["corrects_seq"] == 1
    con = sqlite3.connect(path)
    (after,) = con.execute("SELECT sql FROM sqlite_master WHERE name = 'case_events_no_update'").fetchone()
    con.close()
    assert after == trigger and "append-only" in after  # the timeline is append-only again


def _any_reference(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("SELECT reference FROM cases ORDER BY reference LIMIT 1").fetchone()[0])
    finally:
        con.close()
