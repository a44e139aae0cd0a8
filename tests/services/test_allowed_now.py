"""What is allowed now: the services answer for the case page's buttons, with the words the steps and
letters themselves refuse with, so a button and the service never disagree."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from csd_desktop.db.engine import Database
from csd_desktop.domain.enums import EventType, Outcome, Role, Status
from csd_desktop.domain.lifecycle import MAX_ESCALATION, refusal
from csd_desktop.errors import CsdError
from csd_desktop.services import cases, clock, followup, intake, letters, reference_data
from csd_desktop.services.database import migration_due, open_station_database
from csd_desktop.services.letters import LetterKind
from csd_desktop.services.users import Actor
from tests.factories import intake_form


def new_case(db: Database, actor: Actor) -> str:
    return intake.register_case(db, actor, intake_form()).reference


def refer(db: Database, actor: Actor, reference: str) -> None:
    followup.refer(
        db, actor, reference, entity="baghdad_mayoralty", letter_no="12", letter_date=clock.today()
    )


def test_a_new_case_may_be_referred_but_no_reply_recorded_yet(db: Database, actor: Actor) -> None:
    allowed = followup.allowed_steps(actor, cases.case_detail(db, new_case(db, actor)))
    assert set(allowed) == set(followup.STEPS)
    assert allowed[EventType.REFERRED] is None and allowed[EventType.NOTE] is None
    assert allowed[EventType.REPLY_RECEIVED] == refusal(EventType.REPLY_RECEIVED, Status.REGISTERED)


def test_a_clerk_is_told_each_follow_up_step_but_the_note_is_not_theirs(db: Database, actor: Actor) -> None:
    clerk = Actor(actor.id, "clerk", "موظف الاستقبال", Role.CLERK, actor.office_id)
    allowed = followup.allowed_steps(clerk, cases.case_detail(db, new_case(db, actor)))
    assert allowed.pop(EventType.NOTE) is None
    assert {m.split(":")[0] for m in allowed.values() if m} == {
        "ليست لديك صلاحية متابعة الطلبات (الإحالة والردود والإغلاق)"
    }
    assert all(allowed.values())


def test_the_top_escalation_level_is_refused_in_the_words_escalate_refuses_with(
    db: Database, actor: Actor
) -> None:
    reference = new_case(db, actor)
    for _ in range(MAX_ESCALATION):
        followup.escalate(db, actor, reference, reason="لم ترد الجهة")
    reason = followup.step_refusal(actor, cases.case_detail(db, reference), EventType.ESCALATED)
    assert reason is not None and str(MAX_ESCALATION) in reason
    with pytest.raises(CsdError) as refused:
        followup.escalate(db, actor, reference, reason="مرة خامسة")
    assert refused.value.message == reason


def test_only_a_case_closed_as_resolved_may_be_reopened(db: Database, actor: Actor) -> None:
    resolved, rejected = new_case(db, actor), new_case(db, actor)
    followup.close(db, actor, resolved, outcome=Outcome.RESOLVED, summary="عولج")
    followup.close(db, actor, rejected, outcome=Outcome.WITHDRAWN, summary="سحب المواطن طلبه")
    assert followup.step_refusal(actor, cases.case_detail(db, resolved), EventType.REOPENED) is None
    reason = followup.step_refusal(actor, cases.case_detail(db, rejected), EventType.REOPENED)
    with pytest.raises(CsdError) as refused:
        followup.reopen(db, actor, rejected, reason="يقول لم يُحل")
    assert reason == refused.value.message


@pytest.mark.parametrize(
    ("kind", "build"),
    [(LetterKind.REFERRAL, letters.referral_letter), (LetterKind.REMINDER, letters.reminder_letter)],
)
def test_a_letter_button_says_what_the_letter_refuses_with(
    db: Database, actor: Actor, kind: LetterKind, build: object
) -> None:
    reference = new_case(db, actor)
    reason = letters.letter_refusal(kind, cases.case_detail(db, reference))
    assert reason is not None and reference in reason
    with pytest.raises(letters.LetterRefused) as refused:
        build(db, reference)  # type: ignore[operator]
    assert refused.value.message == reason


def test_a_reminder_waits_for_an_escalation_after_the_referral(db: Database, actor: Actor) -> None:
    reference = new_case(db, actor)
    refer(db, actor, reference)
    assert "بعد التصعيد" in (letters.letter_refusal("reminder", cases.case_detail(db, reference)) or "")
    assert letters.letter_refusal("referral", cases.case_detail(db, reference)) is None
    followup.escalate(db, actor, reference, reason="لم ترد الجهة")
    assert letters.letter_refusal("reminder", cases.case_detail(db, reference)) is None
    assert letters.letter_refusal("status", cases.case_detail(db, reference)) is None


def test_the_office_lists_come_in_one_read_with_every_governorates_districts(db: Database) -> None:
    lists = reference_data.office_lists(db)
    assert [g.code for g in lists.governorates] == [g.code for g in reference_data.governorates(db)]
    assert list(lists.districts["BGD"]) == reference_data.districts(db, "BGD")
    assert set(lists.districts) == {g.code for g in lists.governorates}
    assert list(lists.categories) == reference_data.categories(db)
    assert list(lists.entities) == reference_data.entities(db)


def test_a_new_file_reports_its_migration_steps_to_the_last(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    steps: list[tuple[int, int, str]] = []
    assert migration_due(path)
    db = open_station_database(path, lambda done, total, label: steps.append((done, total, label)))
    db.dispose()
    # Each step names what it does; a counted step goes up to its total, an uncounted one says 0.
    assert steps and all(label for _done, _total, label in steps)
    assert all(total == 0 or 0 <= done <= total for done, total, _label in steps)
    for (done, _total, label), (after, _t, next_label) in itertools.pairwise(steps):
        assert label != next_label or after >= done, (label, done, after)
    assert not migration_due(path)
