"""Field rules with their Arabic messages: card number, mobile, name, text lengths."""

from __future__ import annotations

import unicodedata

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


# ---- input that used to get through (issue 8, point 6) ----------------------------------------

CONTROL = [chr(c) for c in [*range(0x00, 0x09), 0x0E, 0x1B, 0x7F, 0x80, 0x9F]]


@pytest.mark.parametrize("ch", CONTROL, ids=[f"U+{ord(c):04X}" for c in CONTROL])
def test_control_characters_in_free_text_are_refused_with_their_code_point(ch: str) -> None:
    with pytest.raises(ValidationError) as err:
        v.text_field(f"انقطاع{ch}الماء", field="subject", label="موضوع الطلب", max_length=300, required=True)
    assert err.value.field == "subject"
    assert f"U+{ord(ch):04X}" in err.value.message


def test_a_lone_surrogate_is_refused_not_left_to_crash_the_database() -> None:
    with pytest.raises(ValidationError, match=r"U\+D800"):
        v.text_field("انقطاع\ud800", field="subject", label="موضوع الطلب", max_length=300, required=True)


def test_line_breaks_stay_in_details_and_tabs_become_spaces() -> None:
    value = v.text_field(
        "السطر الأول\r\nالسطر\tالثاني",
        field="details",
        label="التفاصيل",
        max_length=5000,
        required=False,
        multiline=True,
    )
    assert value == "السطر الأول\nالسطر الثاني"


@pytest.mark.parametrize("typed", ["\u200b\u200b", "\u2060", "\u00ad\u200d", "\u3164\u3164", "\u034f", "ـــ"])
def test_a_subject_of_invisible_characters_only_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as err:
        v.text_field(typed, field="subject", label="موضوع الطلب", max_length=300, required=True)
    assert err.value.field == "subject"


def test_a_subject_of_symbols_only_is_refused() -> None:
    with pytest.raises(ValidationError, match="بالحروف أو الأرقام"):
        v.text_field("؟؟؟ !!!", field="subject", label="موضوع الطلب", max_length=300, required=True)


@pytest.mark.parametrize(
    "typed",
    ["- - -", "' ' '", "ـــ ـــ ـــ", "\u064e \u064f \u0650", "محمد ـ علي", "محمد \u064b حسين", "محمد - علي"],
)
def test_a_name_part_without_a_letter_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as err:
        v.full_name(typed)
    assert err.value.field == "full_name"


def test_a_name_with_diacritics_tatweel_and_a_hyphen_inside_words_is_kept() -> None:
    assert v.full_name("مُحَمَّد عـلـي آل-حسين") == "مُحَمَّد عـلـي آل-حسين"


@pytest.mark.parametrize("typed", ["000000000000", "٠٠٠٠٠٠٠٠٠٠٠٠", "111111111111"])
def test_a_card_number_of_one_repeated_digit_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as err:
        v.national_id(typed)
    assert err.value.field == "national_id"


@pytest.mark.parametrize("typed", ["water", "BGD-05", "baghdad_mayoralty"])
def test_codes_from_the_lists_pass(typed: str) -> None:
    assert v.code(typed, field="category", message="غير معروفة") == typed


@pytest.mark.parametrize("typed", ["wat\x00er", "\ud800", "{'a': 1}", "مياه", "a" * 41, " "])
def test_anything_else_given_as_a_code_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError, match="غير معروفة"):
        v.code(typed, field="category", message="غير معروفة")


@given(st.text(max_size=60))
def test_free_text_is_refused_or_stored_clean_and_visible(typed: str) -> None:
    try:
        value = v.text_field(typed, field="subject", label="موضوع الطلب", max_length=300, required=True)
    except ValidationError as e:
        assert e.message and e.field == "subject"
    else:
        assert value == value.strip() and v.has_letter_or_digit(value)
        assert not any(unicodedata.category(ch) in ("Cc", "Cs", "Co") for ch in value)
        value.encode("utf-8")  # storable


# Names built of parts that may hold only tatweel, diacritics, a hyphen or an apostrophe.
_NAME_PARTS = st.lists(
    st.text(alphabet="ـ\u064e\u0651-'محمد\u200b", min_size=1, max_size=4), min_size=3, max_size=5
)


@given(st.one_of(_NAME_PARTS.map(" ".join), st.text(max_size=40)))
def test_a_stored_name_can_always_be_found(typed: str) -> None:
    from csd_desktop.domain.arabic import normalize_for_search

    try:
        value = v.full_name(typed)
    except ValidationError as e:
        assert e.message and e.field == "full_name"
    else:
        parts = normalize_for_search(value).split(" ")
        assert len(parts) >= 3 and all(parts)  # every part leaves something to search for
