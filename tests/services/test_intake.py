"""Registering a case: validation, reference numbers, answer dates, returning citizens, duplicates."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from csd_desktop.db.engine import Database
from csd_desktop.db.models import AuditEntry, Base, Case, CaseEvent, Citizen, Holiday, SlaRule
from csd_desktop.domain.reference import parse_reference
from csd_desktop.errors import CitizenDetailsDiffer, FormErrors, PermissionDenied
from csd_desktop.services import cases, citizens, clock, intake, receipts, search
from csd_desktop.services.users import Actor, Role
from tests.factories import citizen_form, intake_form


def _count(db: Database, model: type[Base]) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def _stand_on(moment: datetime) -> None:
    clock.set_clock(lambda: moment)


def test_register_saves_case_citizen_and_first_event(db: Database, actor: Actor) -> None:
    saved = intake.register_case(db, actor, intake_form())
    detail = cases.case_detail(db, saved.reference)
    assert detail.citizen_name == "محمد جاسم كاظم الساعدي"
    assert [e.type for e in detail.events] == ["registered"]
    assert detail.events[0].user == "أحمد علي حسين الربيعي"
    assert detail.status.value == "registered"


def test_references_are_consecutive_per_station_and_year(db: Database, actor: Actor) -> None:
    _stand_on(datetime(2026, 12, 30, 8, 0, tzinfo=UTC))
    refs = [intake.register_case(db, actor, intake_form()).reference for _ in range(3)]
    _stand_on(datetime(2027, 1, 3, 8, 0, tzinfo=UTC))
    refs += [intake.register_case(db, actor, intake_form()).reference for _ in range(2)]
    parsed = [parse_reference(r) for r in refs]
    assert all(p is not None and p.check_ok for p in parsed)
    assert [(p.reference.year, p.reference.sequence) for p in parsed if p] == [
        (2026, 1),
        (2026, 2),
        (2026, 3),
        (2027, 1),
        (2027, 2),
    ]
    assert len(set(refs)) == 5


def test_answer_date_skips_friday_saturday_and_holidays(db: Database, actor: Actor) -> None:
    with db.write() as s:
        s.add(Holiday(day=date(2026, 11, 29), name_ar="عطلة رسمية"))
    _stand_on(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))  # a Wednesday
    saved = intake.register_case(db, actor, intake_form())
    # Thursday 26, (Fri, Sat, Sunday 29 holiday), Monday 30, Tuesday 1 December.
    assert saved.due == date(2026, 12, 1)


def test_answer_date_follows_the_category_rule(db: Database, actor: Actor) -> None:
    from csd_desktop.db.models import Category

    with db.write() as s:
        water = s.scalar(select(Category.id).where(Category.code == "water"))
        s.add(SlaRule(kind=None, category_id=water, first_answer_days=1))
    _stand_on(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))  # a Thursday
    assert intake.register_case(db, actor, intake_form()).due == date(2026, 11, 29)


def test_arabic_digits_and_direction_marks_are_normalised(db: Database, actor: Actor) -> None:
    form = intake_form(
        citizen_form(
            national_id="١٩٩٠١٢٣٤٥٦٧٨", phone="+964 ٧٧٠ ١٢٣ ٤٥٦٧", full_name="\u200fمحمد جاسم\u200e كاظم"
        ),
        subject="\u202bانقطاع الماء\u202c",
    )
    saved = intake.register_case(db, actor, form)
    detail = cases.case_detail(db, saved.reference)
    assert (detail.national_id, detail.phone) == ("199012345678", "07701234567")
    assert detail.citizen_name == "محمد جاسم كاظم"
    assert detail.subject == "انقطاع الماء"


def test_wrong_card_number_saves_nothing(db: Database, actor: Actor) -> None:
    with pytest.raises(FormErrors) as err:
        intake.register_case(db, actor, intake_form(citizen_form(national_id="12345")))
    assert {e.field for e in err.value.errors} == {"national_id"}
    assert "12" in err.value.errors[0].message
    assert (_count(db, Case), _count(db, Citizen), _count(db, CaseEvent)) == (0, 0, 0)


def test_all_broken_rules_are_reported_at_once(db: Database, actor: Actor) -> None:
    form = intake_form(citizen_form(full_name="علي", phone="123"), kind="", subject="", category="")
    with pytest.raises(FormErrors) as err:
        intake.register_case(db, actor, form)
    assert {e.field for e in err.value.errors} == {"full_name", "phone", "kind", "subject", "category"}


def test_unknown_category_is_refused(db: Database, actor: Actor) -> None:
    with pytest.raises(FormErrors) as err:
        intake.register_case(db, actor, intake_form(category="nonsense"))
    assert err.value.errors[0].field == "category"
    assert _count(db, Case) == 0


def test_overlong_details_are_refused(db: Database, actor: Actor) -> None:
    with pytest.raises(FormErrors):
        intake.register_case(db, actor, intake_form(details="ت" * 5001))
    assert _count(db, Case) == 0


def test_returning_citizen_is_one_row_and_found_by_phone(db: Database, actor: Actor) -> None:
    first = intake.register_case(db, actor, intake_form())
    intake.register_case(db, actor, intake_form(category="electricity", entity="electricity"))
    assert _count(db, Citizen) == 1
    found = citizens.find_citizen(db, "٠٧٧٠١٢٣٤٥٦٧")
    assert found is not None and found.id == first.citizen_id
    assert found.district == "BGD-05" and len(found.cases) == 2
    assert citizens.find_citizen(db, "199012345678") == found
    assert citizens.find_citizen(db, "07809999999") is None
    assert citizens.find_citizen(db, "not a number") is None


def test_changed_citizen_details_wait_for_the_clerks_confirmation(db: Database, actor: Actor) -> None:
    first = intake.register_case(db, actor, intake_form())
    with pytest.raises(CitizenDetailsDiffer) as refused:
        intake.register_case(db, actor, intake_form(citizen_form(address="حي العامل")))
    assert refused.value.changes == (("العنوان", "حي الجهاد، محلة 887، زقاق 12", "حي العامل"),)
    assert "محمد جاسم كاظم الساعدي" in refused.value.message
    assert _count(db, Case) == 1 and _count(db, Citizen) == 1  # nothing saved

    second = intake.register_case(
        db, actor, intake_form(citizen_form(address="حي العامل"), confirm_citizen_update=True)
    )
    with db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "citizen_updated")).one()
    assert entry.user_id == actor.id
    assert entry.detail["before"] == {"address": "حي الجهاد، محلة 887، زقاق 12"}
    assert entry.detail["after"] == {"address": "حي العامل"}
    assert cases.case_detail(db, first.reference).address == "حي الجهاد، محلة 887، زقاق 12"
    assert cases.case_detail(db, second.reference).address == "حي العامل"


def test_a_returning_citizens_new_name_and_phone_leave_earlier_cases_as_registered(
    db: Database, actor: Actor
) -> None:
    first = intake.register_case(db, actor, intake_form())
    renamed = citizen_form(full_name="محمد جاسم كاظم البغدادي", phone="07811112222")
    second = intake.register_case(db, actor, intake_form(renamed, confirm_citizen_update=True))
    old, new = cases.case_detail(db, first.reference), cases.case_detail(db, second.reference)
    assert (old.citizen_name, old.phone) == ("محمد جاسم كاظم الساعدي", "07701234567")
    assert (new.citizen_name, new.phone) == ("محمد جاسم كاظم البغدادي", "07811112222")
    assert receipts.receipt_for(db, actor, first.reference, reprint=True).citizen_name == old.citizen_name
    # Found under every name and every phone the citizen was registered with.
    both = {first.reference, second.reference}
    for query in ("الساعدي", "البغدادي", "07701234567", "07811112222", "199012345678"):
        assert {b.reference for b in search.find_cases(db, query)} == both, query
    # The lookup fills the form with the newest details, and lists both cases.
    record = citizens.find_citizen(db, "199012345678")
    assert record is not None and record.full_name == "محمد جاسم كاظم البغدادي"
    assert {c.reference for c in record.cases} == both


def test_the_same_name_spelt_another_way_is_no_change(db: Database, actor: Actor) -> None:
    intake.register_case(db, actor, intake_form(citizen_form(full_name="عبد الله جاسم كاظم")))
    intake.register_case(db, actor, intake_form(citizen_form(full_name="عبدالله جاسم كاظم")))
    assert _count(db, Citizen) == 1


def test_details_given_for_the_first_time_need_no_confirmation(db: Database, actor: Actor) -> None:
    intake.register_case(db, actor, intake_form(citizen_form(landmark="")))
    intake.register_case(db, actor, intake_form(citizen_form(landmark="قرب المدرسة")))
    record = citizens.find_citizen(db, "199012345678")
    assert record is not None and record.landmark == "قرب المدرسة"
    with db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "citizen_updated")).one()
    assert entry.detail["after"] == {"landmark": "قرب المدرسة"}


def test_a_blank_field_keeps_what_is_on_file(db: Database, actor: Actor) -> None:
    intake.register_case(db, actor, intake_form())
    again = intake.register_case(db, actor, intake_form(citizen_form(address="", landmark="")))
    detail = cases.case_detail(db, again.reference)
    assert detail.address == "حي الجهاد، محلة 887، زقاق 12" and detail.landmark == "قرب جامع الرحمن"
    assert _count(db, Citizen) == 1


def test_duplicate_warning_for_same_citizen_same_category_still_open(db: Database, actor: Actor) -> None:
    first = intake.register_case(db, actor, intake_form())
    dups = intake.possible_duplicates(db, national_id="199012345678", phone="", category="water")
    assert [d.reference for d in dups] == [first.reference]
    second = intake.register_case(db, actor, intake_form())
    assert [d.reference for d in second.duplicates] == [first.reference]
    assert intake.possible_duplicates(db, national_id="199012345678", phone="", category="roads") == []
    other = replace(citizen_form(), national_id="288812345678", phone="07811111111", full_name="زينب علي حسن")
    assert (
        intake.possible_duplicates(db, national_id=other.national_id, phone=other.phone, category="water")
        == []
    )


def test_a_clerk_without_the_permission_cannot_register(db: Database, actor: Actor) -> None:
    reader = Actor(actor.id, "x", "x", Role.CLERK, actor.office_id)
    assert intake.register_case(db, reader, intake_form()).reference  # clerks register
    from csd_desktop.services.users import Permission, require

    with pytest.raises(PermissionDenied):
        require(reader, Permission.MANAGE_USERS)


def test_timeline_refuses_edits_and_deletions(db: Database, actor: Actor) -> None:
    import sqlalchemy.exc

    intake.register_case(db, actor, intake_form())
    with pytest.raises(sqlalchemy.exc.DatabaseError, match="append-only"), db.write() as s:
        s.execute(CaseEvent.__table__.update().values(type="note"))
    with pytest.raises(sqlalchemy.exc.DatabaseError, match="append-only"), db.write() as s:
        s.execute(CaseEvent.__table__.delete())
    assert _count(db, CaseEvent) == 1


def test_find_cases_by_reference_phone_card_and_name(db: Database, actor: Actor) -> None:
    saved = intake.register_case(db, actor, intake_form())
    intake.register_case(
        db,
        actor,
        intake_form(citizen_form(full_name="زينب علي حسن", national_id="288812345678", phone="07811111111")),
    )
    compact = saved.reference.replace("-", "")
    for query in (saved.reference, compact, compact[:-1], "07701234567", "١٩٩٠١٢٣٤٥٦٧٨", "جاسم كاظم", "محمد"):
        assert [b.reference for b in search.find_cases(db, query)] == [saved.reference], query
    assert search.find_cases(db, "حسين") == []
