"""Small builders for test data: a valid intake form that each test changes in one place."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from csd_desktop.services.intake import CitizenForm, IntakeForm


def citizen_form(**changes: Any) -> CitizenForm:
    base = CitizenForm(
        full_name="محمد جاسم كاظم الساعدي",
        national_id="199012345678",
        phone="07701234567",
        gender="male",
        governorate="BGD",
        district="BGD-05",
        address="حي الجهاد، محلة 887، زقاق 12",
        landmark="قرب جامع الرحمن",
    )
    return replace(base, **changes)


def intake_form(citizen: CitizenForm | None = None, **changes: Any) -> IntakeForm:
    base = IntakeForm(
        citizen=citizen or citizen_form(),
        kind="complaint",
        channel="walk_in",
        category="water",
        entity="baghdad_mayoralty",
        subject="انقطاع ماء الشرب عن المحلة منذ أسبوع",
        details="المواطن يذكر أن الماء مقطوع منذ سبعة أيام عن الزقاق كله.",
        reply_preference="phone_call",
    )
    return replace(base, **changes)
