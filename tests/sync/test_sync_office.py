"""Two desks of one office and a desk of another, syncing through the central office by file and (desk 2,
at the end) over HTTP on loopback: every side ends with the same cases, steps and states, nothing twice,
and each desk counts the whole office."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from sqlalchemy import select

from csd_desktop.central.server import HubOverStore
from csd_desktop.central.store import Store
from csd_desktop.db.engine import Database
from csd_desktop.db.models import Case
from csd_desktop.domain.enums import Kind
from csd_desktop.services import clock, signing
from tests.central.conftest import running
from tests.sync.conftest import CASE, World, dump


def cases_and_steps(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    con = sqlite3.connect(path)
    try:
        cases = con.execute(
            "SELECT reference, status, outcome, due_on, reply_due, closed_at, first_answer_at, reopened_count, "
            "status_changed_at, hex(entity_id) FROM cases ORDER BY reference"
        ).fetchall()
        steps = con.execute(
            "SELECT c.reference, hex(e.id), e.type, e.at FROM case_events e JOIN cases c ON c.id = e.case_id "
            "ORDER BY c.reference, e.at, e.id"
        ).fetchall()
        return cases, steps
    finally:
        con.close()


def test_two_desks_and_another_office_end_with_the_same_cases_steps_and_states(world: World) -> None:
    w = world
    ref1 = w.add_case("BGDGO-1")
    ref2 = w.add_case("BGDGO-2", subject="تجمع النفايات في الشارع الرئيسي", category="waste", entity=None)
    w.add_case("NJFGO-1", citizen={**w_citizen(), "governorate": "NJF"})
    # Offline, desk 2 cannot see desk 1's case yet; both sync, and desk 2 follows desk 1's case up.
    for desk in ("BGDGO-1", "BGDGO-2", "NJFGO-1"):
        w.send(desk)
    w.receive("BGDGO-2")
    assert (
        w.csd_json(
            "BGDGO-2",
            "case",
            "refer",
            ref1,
            "--entity",
            "electricity",
            "--letter-no",
            "12",
            "--letter-date",
            date.today().isoformat(),
        )["status"]
        == "awaiting_reply"
    )
    # Meanwhile desk 1 adds a note to its own case, and closes desk 2's case after receiving it.
    w.csd_json("BGDGO-1", "case", "note", ref1, "اتصل المواطن مستفسراً.")
    w.send("BGDGO-2")
    w.receive("BGDGO-1")
    w.csd_json("BGDGO-1", "case", "close", ref2, "--outcome", "resolved", "--summary", "رُفعت النفايات.")
    # The last rounds: desk 2 over the network (the real server on loopback), the others by file.
    with running(HubOverStore(Store(w.url)), w.folder / "transfers") as server:
        for _ in range(2):  # a round for everything to reach everyone
            for desk in ("BGDGO-1", "BGDGO-2", "NJFGO-1"):
                if desk == "BGDGO-2":
                    assert w.csd_json(desk, "sync", "now", "--server", server)["pushed_bytes"] > 0
                else:
                    w.send(desk)
                    w.receive(desk)

    one, two = cases_and_steps(w.stations["BGDGO-1"]), cases_and_steps(w.stations["BGDGO-2"])
    assert one == two
    cases, steps = one
    assert [c[0] for c in cases] == sorted([ref1, ref2])
    assert len(steps) == len(set(steps)) == 5  # registered ×2, referral, note, closing: nothing twice
    assert {c[0]: c[1] for c in cases} == {ref1: "awaiting_reply", ref2: "closed"}
    other_cases, _steps = cases_and_steps(w.stations["NJFGO-1"])
    assert [c[0] for c in other_cases if c[0].startswith("BGDGO")] == []  # another office's cases stay home
    month = date.today().strftime("%Y-%m")
    for desk in ("BGDGO-1", "BGDGO-2"):
        figures = w.csd_json(desk, "report", "figures", "--month", month)
        assert figures["figures"]["totals"]["received"] == 2 and figures["figures"]["totals"]["closed"] == 1
    status = w.csd_json("BGDGO-1", "sync", "status")
    assert status["waiting"] == 0 and status["delivered"] == status["last_seq"] > 0


def test_a_receipt_from_desk_1_verifies_at_desk_2_and_at_another_office(world: World, tmp_path: Path) -> None:
    w = world
    reference = w.add_case("BGDGO-1")
    pdf = tmp_path / "receipt.pdf"
    assert w.csd("BGDGO-1", "receipt", reference, "--out", str(pdf)).exit_code == 0
    db = Database(w.stations["BGDGO-1"])
    with db.read() as s:
        registered = s.scalar(select(Case.registered_at).where(Case.reference == reference))
        assert registered is not None
        day = clock.to_local(registered).date()
        said = signing.ReceiptContent(CASE["citizen"]["full_name"], day, Kind.COMPLAINT, CASE["subject"])
        qr = signing.qr_text(s, reference, said)
    db.dispose()
    on_paper = ["--name", said.citizen_name, "--date", day.isoformat(), "--kind", "complaint"]
    for desk in ("BGDGO-1", "BGDGO-2", "NJFGO-1"):
        checked = w.csd_json(desk, "receipt", "verify", qr, *on_paper, "--subject", said.subject)
        assert checked["valid"] and checked["reference"] == reference and checked["content_checked"]
    doctored = w.csd("BGDGO-2", "receipt", "verify", qr, *on_paper, "--subject", "موضوع آخر")
    assert doctored.exit_code == 2 and "ليس ما سُجّل" in doctored.stderr


def test_a_refused_answer_changes_nothing_and_says_why(world: World) -> None:
    w = world
    w.send("BGDGO-1")
    answer = w.answer("BGDGO-1")
    before = dump(w.stations["BGDGO-2"])
    wrong = w.csd("BGDGO-2", "sync", "import", str(answer))
    assert wrong.exit_code == 2 and "موجهة إلى" in wrong.stderr
    assert dump(w.stations["BGDGO-2"]) == before


def w_citizen() -> dict[str, str]:
    from tests.sync.conftest import CASE

    return dict(CASE["citizen"], national_id="199112345678", phone="07801234567")
