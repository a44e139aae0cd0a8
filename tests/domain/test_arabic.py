"""Arabic normalisation for search, and cleaning of what people type."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csd_desktop.domain.arabic import (
    ascii_digits,
    clean_text,
    hamza_variants,
    index_text,
    normalize_for_search,
    search_words,
)

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
    ("مؤمل", "مومل"),
    ("رئيس", "رييس"),
    ("٠٧٧٠١٢٣٤٥٦٧", "07701234567"),
    # Compound names, joined or apart.
    ("عبد الله", "عبدالله"),
    ("عبد الرحمن", "عبدالرحمن"),
    ("عبد الأمير", "عبدالامير"),
    ("أبو بكر", "ابوبكر"),
    ("نور الدين", "نورالدين"),
    ("صلاح الدين", "صلاحالدين"),
    ("فتح الله", "فتحالله"),
    ("نور الهدى", "نورالهدى"),
    ("۰۷۷", "077"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_spelling_variants_normalise_alike(a: str, b: str) -> None:
    assert normalize_for_search(a) == normalize_for_search(b)


# Typed one way, stored another: the search must meet them (both directions).
FOUND = [
    ("مسؤول", "مسءول"),
    ("مسوول", "مسءول"),
    ("رئيس", "رءيس"),
    ("رييس", "رءيس"),
    ("شاطئ", "شاطء"),
    ("هيئة", "هيءة"),
    ("مؤمل", "مءمل"),
    ("عبد الله", "عبدالله"),
    ("جاء عبدالله المسؤول", "عبد الله جاء المسءول"),
]


def _finds(query: str, stored: str) -> bool:
    tokens = set(index_text(stored).split())
    return all(any(v in tokens for v in hamza_variants(w)) for w in search_words(query))


@pytest.mark.parametrize(("a", "b"), FOUND + SAME)
def test_each_spelling_finds_the_other(a: str, b: str) -> None:
    assert _finds(a, b) and _finds(b, a)


def test_a_final_hamza_after_alef_is_a_hamza() -> None:
    assert hamza_variants("سماء") == ("سماء",)
    assert not _finds("سماو", "سماء")


def test_different_names_stay_different() -> None:
    assert normalize_for_search("حسن") != normalize_for_search("حسين")
    assert not _finds("عبد الله", "عبد الرحمن")


@given(st.text())
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize_for_search(text)
    assert normalize_for_search(once) == once


def test_clean_text_strips_direction_marks_and_extra_spaces() -> None:
    assert clean_text("\u200f محمد\u200e   علي\u202b \u2066") == "محمد علي"


def test_arabic_indic_digits_become_ascii() -> None:
    assert ascii_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"
