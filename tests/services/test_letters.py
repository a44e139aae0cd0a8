"""services/letters.py: what the referral, reminder and status letters say, built from real cases."""

from __future__ import annotations

from dataclasses import astuple
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from csd_desktop.db.engine import Database
from csd_desktop.db.models import CaseEvent, Entity
from csd_desktop.domain.enums import Outcome, Status
from csd_desktop.services import clock, followup, intake, letter_wording, letters
from csd_desktop.services.letters import Letter, LetterKind, LetterRefused
from csd_desktop.services.users import Actor
from tests.factories import citizen_form, intake_form

MONDAY = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # 09:00 in Baghdad
AFTER_REPLY_DUE = datetime(2026, 12, 9, 6, 0, tzinfo=UTC)  # the reply was due on 2026-12-07
NATIONAL_ID = "199012345678"  # tests.factories' citizen


def on(moment: datetime) -> None:
    clock.set_clock(lambda: moment)


def everything(letter: Letter) -> str:
    """Every string the letter carries, one per line."""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, tuple):
            for item in value:
                walk(item)

    walk(astuple(letter))
    return "\n".join(out)


def facts(letter: Letter) -> dict[str, str]:
    return dict(letter.facts)


def new_case(db: Database, actor: Actor, **changes: object) -> str:
    return intake.register_case(db, actor, intake_form(**changes)).reference


def referred_case(db: Database, actor: Actor) -> str:
    on(MONDAY)
    ref = new_case(db, actor)
    followup.refer(db, actor, ref, entity="baghdad_mayoralty", letter_no="12/4471", letter_date="2026-11-23")
    return ref


def escalated_case(db: Database, actor: Actor) -> str:
    ref = referred_case(db, actor)
    on(AFTER_REPLY_DUE)
    assert followup.escalate_overdue_referrals(db, actor) == [ref]
    return ref


def event_count(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(CaseEvent)) or 0


# --- referral ---------------------------------------------------------------------------------------


def test_referral_letter_is_addressed_to_the_liaison_officer_of_the_entity(
    db: Database, actor: Actor
) -> None:
    letter = letters.referral_letter(db, referred_case(db, actor))
    assert letter.kind is LetterKind.REFERRAL
    assert letter.recipient_lines == ("إلى/ السيد ضابط الارتباط في أمانة بغداد المحترم",)


def test_referral_letter_names_the_liaison_officer_when_known(db: Database, actor: Actor) -> None:
    with db.write() as s:
        s.execute(
            update(Entity).where(Entity.code == "baghdad_mayoralty").values(liaison_officer="سعد كريم مهدي")
        )
    letter = letters.referral_letter(db, referred_case(db, actor))
    assert letter.recipient_lines == ("إلى/ السيد سعد كريم مهدي المحترم", "ضابط الارتباط في أمانة بغداد")


def test_referral_letter_carries_the_number_and_date_recorded_at_referral(db: Database, actor: Actor) -> None:
    ref = referred_case(db, actor)
    on(MONDAY + timedelta(days=3))  # printed again later: still the letter that was sent
    letter = letters.referral_letter(db, ref)
    assert (letter.our_number, letter.date, letter.reference) == ("12/4471", date(2026, 11, 23), ref)


def test_referral_letter_summarises_the_case_with_the_citizens_contact(db: Database, actor: Actor) -> None:
    ref = referred_case(db, actor)
    letter = letters.referral_letter(db, ref)
    rows = facts(letter)
    assert rows["الرقم المرجعي"] == ref
    assert rows["اسم المواطن"] == "محمد جاسم كاظم الساعدي"
    assert rows["رقم الهاتف"] == "07701234567"
    assert rows["الموضوع"] == "انقطاع ماء الشرب عن المحلة منذ أسبوع"
    assert rows["التفاصيل"].startswith("المواطن يذكر أن الماء مقطوع")
    assert rows["تاريخ التسجيل"] == "2026-11-23"
    assert "حي الجهاد" in rows["العنوان"] and "قرب جامع الرحمن" in rows["العنوان"]
    assert ref in letter.paragraphs[0]
    assert "2026-12-07" in letter.after_facts[0]  # 10 working days after the referral


def test_referral_letter_masks_the_card_number_but_its_last_four_digits(db: Database, actor: Actor) -> None:
    letter = letters.referral_letter(db, referred_case(db, actor))
    assert NATIONAL_ID not in everything(letter)
    assert facts(letter)["رقم البطاقة الوطنية"].lstrip("\u200e") == "********5678"


def test_referral_letter_follows_the_latest_referral(db: Database, actor: Actor) -> None:
    ref = referred_case(db, actor)
    followup.refer(db, actor, ref, entity="water_resources", letter_no="13/5002", letter_date="2026-11-23")
    letter = letters.referral_letter(db, ref)
    assert letter.our_number == "13/5002"
    assert "وزارة الموارد المائية" in letter.recipient_lines[0]
    assert "أمانة بغداد" not in everything(letter)


def test_referral_letter_of_a_case_never_referred_is_refused_in_arabic(db: Database, actor: Actor) -> None:
    on(MONDAY)
    ref = new_case(db, actor)
    with pytest.raises(LetterRefused) as refused:
        letters.referral_letter(db, ref)
    assert refused.value.message.startswith(f"لم يُحَل الطلب {ref} إلى أي جهة بعد، فلا كتاب إحالة له.")
    assert refused.value.code == "letter_refused"


def test_building_letters_writes_nothing(db: Database, actor: Actor) -> None:
    ref = escalated_case(db, actor)
    before = event_count(db)
    letters.referral_letter(db, ref)
    letters.reminder_letter(db, ref)
    letters.status_letter(db, ref)
    assert event_count(db) == before


# --- reminder ---------------------------------------------------------------------------------------


def test_reminder_cites_the_original_letter_the_days_passed_and_the_level(db: Database, actor: Actor) -> None:
    ref = escalated_case(db, actor)
    letter = letters.reminder_letter(db, ref)
    assert letter.kind is LetterKind.REMINDER
    assert letter.date == date(2026, 12, 9) and letter.our_number is None
    assert letter.subject_line == "تعقيب على كتابنا المرقم 12/4471 في 2026-11-23"
    rows = facts(letter)
    assert rows["كتابنا الأصلي"] == "12/4471 في 2026-11-23"
    assert rows["المدة المنقضية"] == "16 يوماً"
    assert rows["انتهت مدة الرد في"] == "2026-12-07"
    assert rows["مستوى التصعيد"] == "المستوى الأول (من 4)"
    assert "إلحاقاً بكتابنا المرقم 12/4471 في 2026-11-23" in letter.paragraphs[0]
    assert "المستوى الأول" in letter.paragraphs[0]
    assert "يرجى التفضل بالإيعاز" in letter.after_facts[0]
    assert letter.recipient_lines == ("إلى/ السيد ضابط الارتباط في أمانة بغداد المحترم",)


def test_reminder_after_a_second_escalation_says_the_second_level(db: Database, actor: Actor) -> None:
    ref = escalated_case(db, actor)
    followup.escalate(db, actor, ref, reason="لم يرد جواب بعد التعقيب الأول")
    assert facts(letters.reminder_letter(db, ref))["مستوى التصعيد"] == "المستوى الثاني (من 4)"


def test_reminder_does_not_show_the_card_number(db: Database, actor: Actor) -> None:
    assert NATIONAL_ID not in everything(letters.reminder_letter(db, escalated_case(db, actor)))


def test_reminder_for_a_case_never_referred_is_refused(db: Database, actor: Actor) -> None:
    on(MONDAY)
    ref = new_case(db, actor)
    with pytest.raises(LetterRefused, match="فلا كتاب تعقيب له"):
        letters.reminder_letter(db, ref)


def test_reminder_is_refused_once_the_entity_has_replied(db: Database, actor: Actor) -> None:
    ref = escalated_case(db, actor)
    followup.record_reply(db, actor, ref, letter_no="88", letter_date="2026-12-09", text="تم الإصلاح")
    with pytest.raises(LetterRefused) as refused:
        letters.reminder_letter(db, ref)
    assert "لا يُكتب تعقيب إلا لطلب ينتظر رد الجهة المعنية" in refused.value.message
    assert Status.REPLY_RECEIVED.label in refused.value.message


def test_reminder_is_refused_before_any_escalation(db: Database, actor: Actor) -> None:
    ref = referred_case(db, actor)
    with pytest.raises(LetterRefused, match="بعد إحالته: كتاب التعقيب يُطبع بعد التصعيد"):
        letters.reminder_letter(db, ref)


# --- status -----------------------------------------------------------------------------------------


def test_status_letter_says_the_status_and_lists_the_main_steps_with_dates(
    db: Database, actor: Actor
) -> None:
    ref = escalated_case(db, actor)
    followup.add_note(db, actor, ref, "ملاحظة داخلية لا تخص المواطن")
    on(AFTER_REPLY_DUE + timedelta(days=1))
    letter = letters.status_letter(db, ref)
    assert letter.kind is LetterKind.STATUS
    assert letter.recipient_lines == ("إلى/ المواطن محمد جاسم كاظم الساعدي المحترم",)
    assert facts(letter)["حالة الطلب"] == Status.AWAITING_REPLY.label
    assert letter.steps == (
        ("2026-11-23", "سُجّل الطلب في المكتب"),
        ("2026-11-23", "أُحيل إلى أمانة بغداد بكتابنا المرقم 12/4471 في 2026-11-23"),
        ("2026-12-09", "صُعِّدت متابعة الطلب إلى المستوى الأول"),
    )
    assert "ملاحظة داخلية" not in everything(letter)
    assert letter.date == date(2026, 12, 10)


def test_status_letter_gives_the_nearest_date_still_ahead(db: Database, actor: Actor) -> None:
    on(MONDAY)
    ref = new_case(db, actor)
    assert facts(letters.status_letter(db, ref))["الموعد المتوقع للإجابة"] == "2026-11-26"
    on(MONDAY + timedelta(days=10))  # the first answer's date has passed; the resolution's has not
    assert facts(letters.status_letter(db, ref))["الموعد المتوقع للإجابة"] == "2027-01-04"


def test_status_letter_of_a_closed_case_gives_the_outcome_in_plain_words(db: Database, actor: Actor) -> None:
    on(MONDAY)
    ref = new_case(db, actor)
    followup.close(
        db,
        actor,
        ref,
        outcome=Outcome.OUTSIDE_JURISDICTION,
        summary="الموضوع من اختصاص القضاء",
        guidance="محكمة بداءة الكرخ",
    )
    letter = letters.status_letter(db, ref)
    rows = facts(letter)
    assert rows["حالة الطلب"] == Outcome.OUTSIDE_JURISDICTION.label
    assert rows["خلاصة المعالجة"] == "الموضوع من اختصاص القضاء"
    assert rows["الجهة المختصة"] == "محكمة بداءة الكرخ"
    assert rows["تاريخ الإغلاق"] == "2026-11-23"
    assert "الموعد المتوقع للإجابة" not in rows
    assert letter.steps[-1] == ("2026-11-23", Outcome.OUTSIDE_JURISDICTION.label)


def test_status_letter_says_what_the_citizen_must_bring(db: Database, actor: Actor) -> None:
    on(MONDAY)
    ref = new_case(db, actor)
    followup.wait_on_citizen(db, actor, ref, missing="نسخة سند الدار")
    letter = letters.status_letter(db, ref)
    assert facts(letter)["المطلوب منكم"].startswith("نسخة سند الدار")
    assert facts(letter)["حالة الطلب"] == Status.WAITING_ON_CITIZEN.label


def test_status_letter_addresses_a_woman_in_the_feminine(db: Database, actor: Actor) -> None:
    on(MONDAY)
    citizen = citizen_form(
        full_name="زينب كاظم عباس الموسوي", national_id="199187654321", phone="07811112222", gender="female"
    )
    ref = new_case(db, actor, citizen=citizen)
    assert letters.status_letter(db, ref).recipient_lines == (
        "إلى/ المواطنة زينب كاظم عباس الموسوي المحترمة",
    )


def test_status_letter_shows_nothing_of_other_citizens_or_the_card_number(db: Database, actor: Actor) -> None:
    on(MONDAY)
    other = citizen_form(full_name="سعاد حميد ناصر العبيدي", national_id="198011112222", phone="07901112233")
    other_ref = new_case(db, actor, citizen=other, subject="طلب تبليط شارع المدرسة")
    ref = new_case(db, actor)
    text = everything(letters.status_letter(db, ref))
    for foreign in (other_ref, "سعاد", "07901112233", "198011112222", "تبليط"):
        assert foreign not in text
    assert NATIONAL_ID not in text and "5678" not in text


@pytest.mark.parametrize(
    ("n", "working", "text"),
    [
        (1, False, "يوم واحد"),
        (2, False, "يومان"),
        (7, False, "7 أيام"),
        (16, False, "16 يوماً"),
        (1, True, "يوم عمل واحد"),
        (2, True, "يومي عمل"),
        (10, True, "10 أيام عمل"),
        (15, True, "15 يوم عمل"),
    ],
)
def test_days_are_counted_in_agreeing_arabic(n: int, working: bool, text: str) -> None:
    assert letter_wording.days_text(n, working=working) == text
