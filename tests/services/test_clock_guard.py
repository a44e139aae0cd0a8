"""A wrong PC clock: a date far off is told at login, and reference years, registration times, the
order of a case's steps and deadlines never jump backwards (the clock moved with services.clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from csd_desktop.db.engine import Database
from csd_desktop.domain.reference import parse_reference
from csd_desktop.services import clock, followup, intake
from csd_desktop.services.cases import case_detail
from csd_desktop.services.clock_guard import clock_warning
from csd_desktop.services.users import Actor
from tests.factories import citizen_form, intake_form

RIGHT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def at(moment: datetime) -> None:
    clock.set_clock(lambda: moment)


def register(db: Database, actor: Actor, n: int) -> intake.RegisteredCase:
    form = intake_form(citizen_form(national_id=f"1990{n:08d}", phone=f"0770{n:07d}"))
    return intake.register_case(db, actor, form)


@pytest.fixture
def worked(db: Database, actor: Actor) -> intake.RegisteredCase:
    at(RIGHT)
    return register(db, actor, 1)


def test_a_right_clock_says_nothing(db: Database, worked: intake.RegisteredCase) -> None:
    at(RIGHT + timedelta(days=3))
    assert clock_warning(db) is None


@pytest.mark.parametrize(
    ("moved", "words"),
    [(timedelta(days=-365 * 6), "أقدم من آخر سجل"), (timedelta(days=365 * 3), "بأكثر من سنة")],
    ids=["battery-dead-2020", "three-years-ahead"],
)
def test_a_date_years_off_is_told_with_both_dates(
    db: Database, worked: intake.RegisteredCase, moved: timedelta, words: str
) -> None:
    at(RIGHT + moved)
    warning = clock_warning(db)
    assert warning is not None and words in warning
    assert "2026-11-30" in warning and f"{(RIGHT + moved).year}-" in warning


def test_reference_year_registration_and_deadline_do_not_go_back(
    db: Database, actor: Actor, worked: intake.RegisteredCase
) -> None:
    at(datetime(2020, 1, 1, 8, 0, tzinfo=UTC))  # the BIOS battery died over the weekend
    later = register(db, actor, 2)
    first, second = parse_reference(worked.reference), parse_reference(later.reference)
    assert first is not None and second is not None
    assert (second.reference.year, second.reference.sequence) == (
        2026,
        2,
    )  # the same year's next number, no 2020-000001
    assert later.registered_at >= worked.registered_at and later.due >= worked.due


def test_a_step_taken_with_the_clock_set_back_stays_after_the_last_one(
    db: Database, actor: Actor, worked: intake.RegisteredCase
) -> None:
    at(RIGHT + timedelta(hours=2))
    followup.add_note(db, actor, worked.reference, "اتصل المواطن")
    at(RIGHT - timedelta(days=400))
    followup.refer(
        db, actor, worked.reference, entity="baghdad_mayoralty", letter_no="5/ش", letter_date="2019-10-01"
    )
    events = case_detail(db, worked.reference).events
    assert [str(e.type) for e in events][-2:] == ["note", "referred"]
    assert events[-1].at >= events[-2].at


def test_a_case_from_another_desk_with_its_clock_ahead_does_not_move_this_desks_time(
    db: Database, actor: Actor, worked: intake.RegisteredCase
) -> None:
    # As if sync brought a case from a desk whose clock runs a year ahead: another station's case.
    from sqlalchemy import update

    from csd_desktop.db.models import Case, Station

    ahead = register(db, actor, 3)
    with db.write() as s:
        other = Station(office_id=s.scalar(select(Case.office_id).limit(1)), number=2, created_at=RIGHT)
        s.add(other)
        s.flush()
        s.execute(
            update(Case)
            .where(Case.reference == ahead.reference)
            .values(station_id=other.id, registered_at=RIGHT + timedelta(days=400))
        )
    at(RIGHT + timedelta(hours=2))
    mine = register(db, actor, 4)
    with db.read() as s:
        registered = s.scalar(select(Case.registered_at).where(Case.reference == mine.reference))
    assert registered == RIGHT + timedelta(hours=2)  # this desk's own clock, not the other desk's
    assert parse_reference(mine.reference).reference.year == 2026
