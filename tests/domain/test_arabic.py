"""Arabic normalisation for search, and cleaning of what people type."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csd_desktop.domain.arabic import ascii_digits, clean_text, normalize_for_search

SAME = [
    ("أحمد", "احمد"),
    ("إحمد", "احمد"),
    ("إبراهيم", "ابراهيم"),
    ("آمنة", "امنه"),
    ("فاطمة", "فاطمه"),
    ("علي", "على"),
    ("مصطفى", "مصطفي"),
    ("مُحَمَّد", "محمد"),
    ("محـــمد", "محمد"),
    ("مؤمل", "مءمل"),
    ("٠٧٧٠١٢٣٤٥٦٧", "07701234567"),
    ("۰۷۷", "077"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_spelling_variants_normalise_alike(a: str, b: str) -> None:
    assert normalize_for_search(a) == normalize_for_search(b)


def test_different_names_stay_different() -> None:
    assert normalize_for_search("حسن") != normalize_for_search("حسين")


@given(st.text())
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize_for_search(text)
    assert normalize_for_search(once) == once


def test_clean_text_strips_direction_marks_and_extra_spaces() -> None:
    assert clean_text("\u200f محمد\u200e   علي\u202b \u2066") == "محمد علي"


def test_arabic_indic_digits_become_ascii() -> None:
    assert ascii_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"
