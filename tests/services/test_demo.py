"""The demo generator: only where nothing real is, every case marked, and its follow-up written the
way follow-up writes it (entities by their Arabic names, reasons and dates)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from csd_desktop.db.engine import Database
from csd_desktop.db.models import Case, CaseEvent, Entity
from csd_desktop.domain.enums import EventType
from csd_desktop.errors import CsdError
from csd_desktop.services import demo, intake, letters, month_close
from csd_desktop.services.figures import Period
from csd_desktop.services.users import Actor
from tests.factories import intake_form


def counts(db: Database) -> tuple[int, int]:
    with db.read() as s:
        total = s.scalar(select(func.count(Case.id))) or 0
        marked = s.scalar(select(func.count(Case.id)).where(Case.demo.is_(True))) or 0
    return total, marked


def test_an_empty_office_is_filled_and_every_demo_case_is_marked(db: Database) -> None:
    assert demo.generate_demo_data(db, cases=30, seed=3) == 30
    assert demo.generate_demo_data(db, cases=10, seed=4) == 10  # a demo office takes more
    assert counts(db) == (40, 40)


def test_a_case_registered_by_a_clerk_is_not_demo(db: Database, actor: Actor) -> None:
    intake.register_case(db, actor, intake_form())
    assert counts(db) == (1, 0)


def test_an_office_with_real_cases_gets_no_demo_data(db: Database, actor: Actor) -> None:
    intake.register_case(db, actor, intake_form())
    with pytest.raises(CsdError) as err:
        demo.generate_demo_data(db, cases=300, seed=7)
    assert err.value.code == "real_office" and "طلبات حقيقية" in err.value.message
    assert counts(db) == (1, 0)


def test_an_office_with_a_locked_month_gets_no_demo_data(db: Database, actor: Actor) -> None:
    last_month = date.today().replace(day=1) - timedelta(days=1)
    period = Period.month(last_month.year, last_month.month)
    data = month_close.report_data(db, actor, period, final=True)
    month_close.lock_month(db, actor, data, b"%PDF final")
    with pytest.raises(CsdError, match="أشهر مقفلة"):
        demo.generate_demo_data(db, cases=300, seed=7)
    assert counts(db) == (0, 0)


def test_demo_referrals_name_the_entity_in_arabic_as_follow_up_does(db: Database) -> None:
    demo.generate_demo_data(db, cases=80, seed=5)
    with db.read() as s:
        names = {code: name for code, name in s.execute(select(Entity.code, Entity.name_ar))}
        referrals = s.execute(
            select(Case.reference, CaseEvent.data)
            .join(Case, Case.id == CaseEvent.case_id)
            .where(CaseEvent.type == EventType.REFERRED.value)
        ).all()
        escalations = s.scalars(
            select(CaseEvent.data).where(CaseEvent.type == EventType.ESCALATED.value)
        ).all()
        replies = s.scalars(
            select(CaseEvent.data).where(CaseEvent.type == EventType.REPLY_RECEIVED.value)
        ).all()
    assert referrals and escalations and replies
    for _ref, data in referrals:
        assert data["entity_name"] == names[data["entity"]]
    assert all(e["reason"] for e in escalations)
    assert all(date.fromisoformat(r["letter_date"]) for r in replies)

    reference, data = referrals[0]
    letter = letters.referral_letter(db, reference)
    addressed = " ".join(letter.recipient_lines)
    assert f"ضابط الارتباط في {names[data['entity']]}" in addressed
    assert data["entity"] not in addressed
