"""Intake refuses, field by field, what used to be stored as typed, and saves nothing."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from csd_desktop.db.engine import Database
from csd_desktop.db.models import Case, Citizen
from csd_desktop.errors import FormErrors
from csd_desktop.services import intake
from csd_desktop.services.users import Actor
from tests.factories import citizen_form, intake_form

BAD: dict[str, tuple[dict[str, Any], dict[str, Any], str]] = {
    "nul-in-subject": ({}, {"subject": "انقطاع\x00الماء"}, "subject"),
    "control-in-details": ({}, {"details": "تفاصيل\x1b[2J"}, "details"),
    "invisible-subject": ({}, {"subject": "\u200b\u200c\u2060"}, "subject"),
    "control-in-landmark": ({"landmark": "قرب\x07 الجامع"}, {}, "landmark"),
    "name-of-punctuation": ({"full_name": "- - -"}, {}, "full_name"),
    "name-of-tatweel": ({"full_name": "ـــ ـــ ـــ"}, {}, "full_name"),
    "name-of-diacritics": ({"full_name": "\u064e \u064f \u0650"}, {}, "full_name"),
    "card-of-zeros": ({"national_id": "000000000000"}, {}, "national_id"),
    "surrogate-in-category": ({}, {"category": "\ud800"}, "category"),
    "surrogate-in-entity": ({}, {"entity": "\udfff"}, "entity"),
    "nul-in-district": ({"district": "BGD-05\x00"}, {}, "district"),
    "surrogate-in-subject": ({}, {"subject": "انقطاع \ud83d"}, "subject"),
}


def saved(db: Database) -> tuple[int, int]:
    with db.read() as s:
        return s.scalar(select(func.count(Case.id))) or 0, s.scalar(select(func.count(Citizen.id))) or 0


@pytest.mark.parametrize("citizen,request_,field", BAD.values(), ids=BAD.keys())
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(
    db: Database, actor: Actor, citizen: dict[str, Any], request_: dict[str, Any], field: str
) -> None:
    with pytest.raises(FormErrors) as err:
        intake.register_case(db, actor, intake_form(citizen_form(**citizen), **request_))
    assert field in {e.field for e in err.value.errors}
    assert all(e.message for e in err.value.errors)
    assert saved(db) == (0, 0)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(subject=st.text(max_size=30), name=st.text(max_size=30))
def test_whatever_is_typed_is_saved_clean_or_refused_on_a_field(
    db: Database, actor: Actor, subject: str, name: str
) -> None:
    # The same card each time: a new name is a confirmed change of the citizen's details.
    form = intake_form(
        citizen_form(full_name=f"محمد {name} الساعدي"), subject=subject, confirm_citizen_update=True
    )
    try:
        intake.register_case(db, actor, form)
    except FormErrors as e:
        assert {x.field for x in e.errors} <= {"subject", "full_name"}
