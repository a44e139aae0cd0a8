"""Closing a month: one lock per month, only once it is over; later changes become amendments."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from csd_desktop.db.engine import Database
from csd_desktop.db.models import Amendment, MonthLock
from csd_desktop.domain.enums import EventType, Role
from csd_desktop.errors import PermissionDenied, ValidationError
from csd_desktop.services import figures, followup, month_close, users
from csd_desktop.services.figures import Period
from csd_desktop.services.users import Actor
from tests import report_scenario
from tests.report_scenario import Scenario, local, stand_on, step

scenario = report_scenario.scenario
scenario_db = report_scenario.scenario_db

OCTOBER = Period.month(2026, 10)
PDF = b"%PDF-1.4 the final report"


def lock(db: Database, period: Period = OCTOBER) -> month_close.LockInfo:
    admin = users.first_admin(db)
    data = month_close.report_data(db, admin, period, final=True)
    return month_close.lock_month(db, admin, data, PDF)


def test_locking_a_month_stores_its_figures_and_the_pdf_hash(scenario_db: Database) -> None:
    info = lock(scenario_db)
    assert (info.month, info.pdf_sha256, info.synced_at) == ("2026-10", hashlib.sha256(PDF).hexdigest(), None)
    assert info.locked_by == "أحمد علي حسين الربيعي"
    with scenario_db.read() as s:
        stored = s.scalars(select(MonthLock)).one()
    assert stored.figures["figures"]["totals"]["received"] == 5
    assert stored.figures["final"] is True
    assert stored.figures["kpis"][0]["kpi"]["code"] == "complaints_within_sla"


def test_a_month_is_locked_once(scenario_db: Database) -> None:
    lock(scenario_db)
    with pytest.raises(ValidationError) as e:
        lock(scenario_db)
    assert "مقفل من قبل" in e.value.message


@pytest.mark.parametrize("month", [11, 12])
def test_the_current_or_a_future_month_cannot_be_locked(scenario_db: Database, month: int) -> None:
    with pytest.raises(ValidationError) as e:
        lock(scenario_db, Period.month(2026, month))  # today is 10 November
    assert "قبل انتهائه" in e.value.message


def test_only_whole_months_are_locked(scenario_db: Database) -> None:
    admin = users.first_admin(scenario_db)
    with pytest.raises(ValidationError) as e:
        month_close.check_lockable(scenario_db, admin, Period.quarter(2026, 3))
    assert "شهر كامل" in e.value.message


def test_a_clerk_cannot_lock(scenario_db: Database) -> None:
    admin = users.first_admin(scenario_db)
    clerk = users.create_user(
        scenario_db,
        admin,
        username="clerk",
        full_name="موظف الاستقبال",
        role=Role.CLERK,
        password="long-password",
    )
    with pytest.raises(PermissionDenied):
        month_close.check_lockable(scenario_db, clerk, OCTOBER)


def amend(db: Database, scenario: Scenario) -> Actor:
    """After October is locked: reopen A, correct D (both closed in October), note and correct F
    (registered in October, closed in November), note E (registered in September)."""
    admin = users.first_admin(db)
    refs = scenario.refs
    actions = [
        lambda: followup.reopen(db, admin, refs["A"], reason="عاد الانقطاع"),
        lambda: followup.correct(db, admin, refs["D"], event_seq=2, correction="تصحيح تاريخ الإبلاغ"),
        lambda: followup.add_note(db, admin, refs["F"], "اتصل المواطن شاكراً"),
        lambda: followup.correct(db, admin, refs["F"], event_seq=2, correction="رقم الكتاب ش/91"),
        lambda: followup.add_note(db, admin, refs["E"], "متابعة"),
    ]
    for minute, act in enumerate(actions):
        stand_on(local(11, 11, 10, minute))
        act()
    return admin


def test_changes_to_cases_of_a_locked_month_become_amendments(
    scenario: Scenario, scenario_db: Database
) -> None:
    lock(scenario_db)
    admin = amend(scenario_db, scenario)
    pending = month_close.pending_amendments(scenario_db, admin)
    refs = scenario.refs
    assert [(a.reference, a.month, a.event) for a in pending] == [
        (refs["A"], "2026-10", "إعادة فتح الطلب"),
        (refs["D"], "2026-10", "تصحيح"),
        (refs["F"], "2026-10", "تصحيح"),
    ]
    assert pending[0].user == "أحمد علي حسين الربيعي"
    assert pending[0].at.utcoffset().total_seconds() == 3 * 3600  # shown in Iraqi time


def test_the_locked_figures_do_not_change_and_the_next_report_lists_the_amendments(
    scenario: Scenario, scenario_db: Database
) -> None:
    lock(scenario_db)
    admin = amend(scenario_db, scenario)
    october = month_close.report_data(scenario_db, admin, OCTOBER)
    assert october.final and october.lock is not None
    assert october.figures.totals.closed == 3  # as locked, though A is open again
    assert october.amendments == ()  # nothing was amended before October's own lock
    november = month_close.report_data(scenario_db, admin, Period.month(2026, 11))
    assert [a.reference for a in november.amendments] == [scenario.refs[n] for n in ("A", "D", "F")]
    assert not november.final and november.lock is None
    # Recomputed now, October would differ only where the timeline says so: A was closed on 31 Oct.
    office = figures.Scope(office_id=admin.office_id)
    assert figures.compute(scenario_db, office, OCTOBER).totals.closed == 3


def test_events_before_a_lock_are_not_amendments(scenario: Scenario, scenario_db: Database) -> None:
    admin = users.first_admin(scenario_db)
    stand_on(local(11, 5))
    followup.add_note(scenario_db, admin, scenario.refs["A"], "قبل الإقفال")
    stand_on(local(11, 10))
    lock(scenario_db)
    with scenario_db.read() as s:
        assert s.scalars(select(Amendment)).all() == []


def test_a_correction_to_a_case_registered_in_a_locked_month(
    scenario: Scenario, scenario_db: Database
) -> None:
    lock(scenario_db, Period.month(2026, 9))  # C was registered in September and closed in November
    admin = users.first_admin(scenario_db)
    c = scenario.refs["C"]
    step(scenario_db, admin, c, local(11, 12), EventType.NOTE, {"text": "متابعة"})
    step(scenario_db, admin, c, local(11, 12, 10), EventType.CORRECTION, {"corrects": 2, "text": "تصحيح"})
    pending = month_close.pending_amendments(scenario_db, admin)
    assert [(a.reference, a.month, a.event) for a in pending] == [(c, "2026-09", "تصحيح")]


def test_a_locked_report_is_stored_whole_and_read_back(scenario_db: Database) -> None:
    admin = users.first_admin(scenario_db)
    before = month_close.report_data(scenario_db, admin, OCTOBER, final=True)
    month_close.lock_month(scenario_db, admin, before, PDF)
    stored = month_close.locked_report(scenario_db, admin, "2026-10")
    assert stored is not None
    info, data = stored
    assert data == before and info.month == "2026-10"
    assert month_close.locked_report(scenario_db, admin, "2026-09") is None


def render(data: month_close.ReportData) -> bytes:
    return PDF + data.figures.period_label.encode()


def test_closing_a_month_writes_and_checks_the_pdf_before_it_locks(
    scenario_db: Database, tmp_path: Path
) -> None:
    admin = users.first_admin(scenario_db)
    out = tmp_path / "final.pdf"
    closed = month_close.close_month(scenario_db, admin, OCTOBER, render_pdf=render, pdf_out=out)
    assert out.read_bytes() == closed.pdf
    assert closed.lock.pdf_sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert closed.data.lock == closed.lock and closed.data.final


def test_a_pdf_that_cannot_be_written_leaves_the_month_open(scenario_db: Database, tmp_path: Path) -> None:
    from csd_desktop.errors import FileWriteFailed

    admin = users.first_admin(scenario_db)
    with pytest.raises(FileWriteFailed) as e:
        month_close.close_month(
            scenario_db, admin, OCTOBER, render_pdf=render, pdf_out=tmp_path / "missing" / "final.pdf"
        )
    assert "غير موجود" in e.value.message
    assert month_close.locked_report(scenario_db, admin, "2026-10") is None


def test_a_month_locked_meanwhile_leaves_the_old_file_and_no_partial_one(
    scenario_db: Database, tmp_path: Path
) -> None:
    admin = users.first_admin(scenario_db)
    folder = tmp_path / "reports"
    folder.mkdir()
    out = folder / "final.pdf"
    out.write_bytes(b"the copy kept from last time")

    def render_while_another_manager_locks(data: month_close.ReportData) -> bytes:
        lock(scenario_db)  # at another desk, between the early check and this lock
        return render(data)

    with pytest.raises(ValidationError, match="مقفل من قبل"):
        month_close.close_month(
            scenario_db, admin, OCTOBER, render_pdf=render_while_another_manager_locks, pdf_out=out
        )
    assert out.read_bytes() == b"the copy kept from last time"
    assert [p.name for p in folder.iterdir()] == ["final.pdf"]
