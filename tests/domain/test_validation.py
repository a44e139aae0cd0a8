"""Field rules with their Arabic messages: card number, mobile, name, text lengths."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csd_desktop.domain import validation as v
from csd_desktop.errors import ValidationError


@pytest.mark.parametrize("typed", ["199012345678", "١٩٩٠١٢٣٤٥٦٧٨", " 1990 1234 5678 ", "\u200e199012345678"])
def test_national_id_accepts_twelve_digits_however_typed(typed: str) -> None:
    assert v.national_id(typed) == "199012345678"


@pytest.mark.parametrize("typed", ["19901234567", "1990123456789", "19901234567a", "١٩٩٠١٢٣٤٥٦٧"])
def test_national_id_refuses_anything_but_twelve_digits(typed: str) -> None:
    with pytest.raises(ValidationError) as err:
        v.national_id(typed)
    assert err.value.field == "national_id"
    assert "12" in err.value.message


@pytest.mark.parametrize(
    "typed",
    ["07701234567", "0770 123 4567", "+9647701234567", "009647701234567", "٠٧٧٠١٢٣٤٥٦٧", "0770-123-4567"],
)
def test_mobile_is_stored_in_the_national_form(typed: str) -> None:
    assert v.mobile(typed) == "07701234567"


@pytest.mark.parametrize("typed", ["0770123456", "07201234567", "+9647701234", "17701234567", "abc"])
def test_mobile_refuses_non_iraqi_numbers(typed: str) -> None:
    with pytest.raises(ValidationError) as err:
        v.mobile(typed)
    assert err.value.field == "phone"


def test_name_needs_three_parts() -> None:
    with pytest.raises(ValidationError, match="الثلاثي"):
        v.full_name("محمد علي")
    assert v.full_name(" محمد  علي \u200fحسين ") == "محمد علي حسين"


def test_name_refuses_digits() -> None:
    with pytest.raises(ValidationError):
        v.full_name("محمد علي 3")


def test_overlong_subject_is_refused_with_its_limit() -> None:
    with pytest.raises(ValidationError, match=str(v.MAX_SUBJECT)):
        v.text_field(
            "ا" * (v.MAX_SUBJECT + 1),
            field="subject",
            label="الموضوع",
            max_length=v.MAX_SUBJECT,
            required=True,
        )


@given(st.text(max_size=40))
def test_mobile_either_normalises_or_refuses_with_a_message(typed: str) -> None:
    try:
        value = v.mobile(typed)
    except ValidationError as e:
        assert e.message and e.field == "phone"
    else:
        assert value is not None and len(value) == 11 and value.startswith("07")
