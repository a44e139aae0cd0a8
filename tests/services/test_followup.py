"""Follow-up: every transition, the forbidden ones refused, the state derived from the timeline."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from csd_desktop.db.engine import Database
from csd_desktop.db.models import Case, Holiday
from csd_desktop.domain.enums import Outcome, Role, Status
from csd_desktop.errors import FormErrors, PermissionDenied, ValidationError
from csd_desktop.services import cases, clock, followup, intake, timeline
from csd_desktop.services.timeline import TransitionRefused
from csd_desktop.services.users import Actor
from tests.factories import intake_form

MONDAY = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # 09:00 in Baghdad


def on(moment: datetime) -> None:
    clock.set_clock(lambda: moment)


def new_case(db: Database, actor: Actor) -> str:
    return intake.register_case(db, actor, intake_form()).reference


def stored(db: Database, reference: str) -> Case:
    with db.read() as s:
        return s.scalars(select(Case).where(Case.reference == reference)).one()


def assert_state_agrees_with_timeline(db: Database, reference: str) -> None:
    with db.read() as s:
        case = timeline.load_case(s, reference)
        state = timeline.derive(s, case)
        assert case.status == state.status.value
        assert case.due_on == state.due
        assert case.escalation_level == state.escalation_level
        assert case.outcome == (state.outcome.value if state.outcome else None)


def test_case_walks_through_every_step(db: Database, actor: Actor) -> None:
    on(MONDAY)
    ref = new_case(db, actor)
    steps = [
        (lambda: followup.add_note(db, actor, ref, "اتصل المواطن مستفسراً"), Status.REGISTERED),
        (lambda: followup.log_call(db, actor, ref, answered=False), Status.REGISTERED),
        (
            lambda: followup.refer(
                db, actor, ref, entity="baghdad_mayoralty", letter_no="ش/١٢٣", letter_date="2026-11-23"
            ),
            Status.AWAITING_REPLY,
        ),
        (lambda: followup.escalate(db, actor, ref, reason="تأخر الرد"), Status.AWAITING_REPLY),
        (
            lambda: followup.wait_on_citizen(db, actor, ref, missing="نسخة سند الدار"),
            Status.WAITING_ON_CITIZEN,
        ),
        (lambda: followup.citizen_returned(db, actor, ref, note="جلب السند"), Status.AWAITING_REPLY),
        (
            lambda: followup.record_reply(
                db, actor, ref, letter_no="987", letter_date="2026-11-23", text="تم إصلاح الأنبوب"
            ),
            Status.REPLY_RECEIVED,
        ),
        (lambda: followup.reassign(db, actor, ref, to_username="admin"), Status.REPLY_RECEIVED),
        (
            lambda: followup.inform_citizen(db, actor, ref, how="phone_call", satisfaction=4),
            Status.REPLY_RECEIVED,
        ),
        (lambda: followup.close(db, actor, ref, outcome=Outcome.RESOLVED, summary="عولجت"), Status.CLOSED),
        (lambda: followup.reopen(db, actor, ref, reason="عاد الانقطاع"), Status.REOPENED),
        (
            lambda: followup.refer(
                db, actor, ref, entity="water_resources", letter_no="ش/200", letter_date="2026-11-23"
            ),
            Status.AWAITING_REPLY,
        ),
        (
            lambda: followup.close(db, actor, ref, outcome="withdrawn", summary="سحب المواطن طلبه"),
            Status.CLOSED,
        ),
        (
            lambda: followup.correct(db, actor, ref, event_seq=4, correction="رقم الكتاب الصحيح ش/124"),
            Status.CLOSED,
        ),
    ]
    for number, (act, expected) in enumerate(steps, start=2):
        on(MONDAY + timedelta(hours=number))
        assert act() is expected
        assert_state_agrees_with_timeline(db, ref)
    detail = cases.case_detail(db, ref)
    assert [e.seq for e in detail.events] == list(range(1, len(steps) + 2))
    assert [e.type for e in detail.events][:4] == ["registered", "note", "call", "referred"]
    case = stored(db, ref)
    assert (case.outcome, case.reopened_count, case.satisfaction) == ("withdrawn", 1, 4)
    assert detail.entity_code == "water_resources"


@pytest.mark.parametrize(
    ("prepare", "forbidden", "message"),
    [
        (
            [],
            lambda db, a, r: followup.record_reply(
                db, a, r, letter_no="1", letter_date="2026-11-23", text="رد"
            ),
            "لم يُحل",
        ),
        ([], lambda db, a, r: followup.citizen_returned(db, a, r), "غير متوقف"),
        ([], lambda db, a, r: followup.reopen(db, a, r, reason="س"), "مغلق"),
        (
            ["close"],
            lambda db, a, r: followup.close(db, a, r, outcome="resolved", summary="س"),
            "مغلق من قبل",
        ),
        (
            ["close"],
            lambda db, a, r: followup.refer(
                db, a, r, entity="health", letter_no="1", letter_date="2026-11-23"
            ),
            "مغلق",
        ),
        (["close"], lambda db, a, r: followup.escalate(db, a, r, reason="س"), "مغلق"),
        (["wait"], lambda db, a, r: followup.wait_on_citizen(db, a, r, missing="س"), "متوقف"),
        (["withdraw"], lambda db, a, r: followup.reopen(db, a, r, reason="س"), "عولج"),
    ],
)
def test_forbidden_steps_are_refused_with_their_message(
    db: Database, actor: Actor, prepare, forbidden, message
) -> None:  # type: ignore[no-untyped-def]
    on(MONDAY)
    ref = new_case(db, actor)
    for step in prepare:
        if step == "close":
            followup.close(db, actor, ref, outcome="resolved", summary="عولجت")
        elif step == "wait":
            followup.wait_on_citizen(db, actor, ref, missing="هوية")
        elif step == "withdraw":
            followup.close(db, actor, ref, outcome="withdrawn", summary="سحب")
    before = cases.case_detail(db, ref).events
    with pytest.raises(TransitionRefused) as err:
        forbidden(db, actor, ref)
    assert message in err.value.message
    assert cases.case_detail(db, ref).events == before


def test_outside_jurisdiction_says_where_the_citizen_was_guided(db: Database, actor: Actor) -> None:
    ref = new_case(db, actor)
    with pytest.raises(ValidationError) as err:
        followup.close(db, actor, ref, outcome="outside_jurisdiction", summary="ليس من اختصاصنا")
    assert err.value.field == "guidance"
    followup.close(
        db, actor, ref, outcome="outside_jurisdiction", summary="نزاع ملكية", guidance="محكمة البداءة"
    )
    detail = cases.case_detail(db, ref)
    assert detail.events[-1].data["guidance"] == "محكمة البداءة"
    assert "أُرشد المواطن" in Outcome.OUTSIDE_JURISDICTION.label


def test_bad_referral_input_changes_nothing(db: Database, actor: Actor) -> None:
    ref = new_case(db, actor)
    with pytest.raises(FormErrors) as err:
        followup.refer(db, actor, ref, entity="baghdad_mayoralty", letter_no="", letter_date="غداً")
    assert {e.field for e in err.value.errors} == {"letter_no", "letter_date"}
    with pytest.raises(FormErrors):
        followup.refer(db, actor, ref, entity="nowhere", letter_no="1", letter_date="2026-11-20")
    with pytest.raises(ValidationError):
        followup.inform_citizen(db, actor, ref, how="phone_call", satisfaction=7)
    assert [e.type for e in cases.case_detail(db, ref).events] == ["registered"]


def test_a_clerk_cannot_refer_but_may_add_a_note(db: Database, actor: Actor) -> None:
    ref = new_case(db, actor)
    clerk = Actor(actor.id, "clerk", "موظف", Role.CLERK, actor.office_id)
    with pytest.raises(PermissionDenied):
        followup.refer(db, clerk, ref, entity="electricity", letter_no="ش/1", letter_date="2026-11-01")
    assert followup.add_note(db, clerk, ref, "ملاحظة") is Status.REGISTERED


def test_waiting_on_the_citizen_pauses_the_clock(db: Database, actor: Actor) -> None:
    on(MONDAY)
    ref = new_case(db, actor)
    assert stored(db, ref).due_on == date(2026, 11, 26)  # Monday + 3 working days = Thursday
    on(MONDAY + timedelta(days=1))  # Tuesday
    followup.wait_on_citizen(db, actor, ref, missing="صورة البطاقة")
    assert stored(db, ref).due_on is None
    on(MONDAY + timedelta(days=6))  # the next Sunday: Wed, Thu and Sun stood still
    followup.citizen_returned(db, actor, ref)
    assert stored(db, ref).due_on == date(2026, 12, 1)  # Thursday + 3 working days


def test_overdue_referral_is_escalated_automatically_once(db: Database, actor: Actor) -> None:
    on(MONDAY)
    ref = new_case(db, actor)
    followup.refer(db, actor, ref, entity="health", letter_no="ش/5", letter_date="2026-11-23")
    reply_due = stored(db, ref).reply_due
    assert reply_due == date(2026, 12, 7)  # 10 working days
    on(MONDAY + timedelta(days=14))
    assert followup.escalate_overdue_referrals(db, actor) == []
    with db.write() as s:
        s.add(Holiday(day=date(2026, 12, 8), name_ar="عطلة"))
    on(datetime(2026, 12, 8, 6, 0, tzinfo=UTC))
    assert followup.escalate_overdue_referrals(db, actor) == [ref]
    assert followup.escalate_overdue_referrals(db, actor) == []
    case = stored(db, ref)
    assert case.escalation_level == 1 and case.reply_due is not None and case.reply_due > date(2026, 12, 8)
    event = cases.case_detail(db, ref).events[-1]
    assert (event.type, event.data["level"], event.data["automatic"]) == ("escalated", 1, True)


def test_reopening_keeps_all_history(db: Database, actor: Actor) -> None:
    on(MONDAY)
    ref = new_case(db, actor)
    followup.close(db, actor, ref, outcome="resolved", summary="عولجت")
    before = cases.case_detail(db, ref).events
    followup.reopen(db, actor, ref, reason="المشكلة عادت")
    after = cases.case_detail(db, ref).events
    assert after[: len(before)] == before and after[-1].type == "reopened"
    assert stored(db, ref).due_on is not None


def test_attachment_is_stored_by_hash_and_listed(db: Database, actor: Actor, tmp_path: Path) -> None:
    from csd_desktop.services import attachments

    ref = new_case(db, actor)
    scan = tmp_path / "سند.pdf"
    scan.write_bytes(b"%PDF-1.4 test")
    attachment_id = attachments.add_attachment(db, actor, ref, scan)
    detail = cases.case_detail(db, ref)
    assert [a.file_name for a in detail.attachments] == ["سند.pdf"]
    assert detail.events[-1].type == "attachment_added"
    assert attachments.attachment_path(db, attachment_id).read_bytes() == b"%PDF-1.4 test"
    program = tmp_path / "virus.exe"
    program.write_bytes(b"MZ")
    with pytest.raises(ValidationError, match="نوع الملف"):
        attachments.add_attachment(db, actor, ref, program)
