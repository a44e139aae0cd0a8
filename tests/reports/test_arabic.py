"""reports/arabic.py: shaping, ordering, wrapping and glyph coverage for Arabic in PDFs."""

from __future__ import annotations

import io

import pytest
from arabic_reshaper import ArabicReshaper
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from csd_desktop.reports.arabic import (
    AS_IS,
    FONT,
    FONT_BOLD,
    SETTINGS,
    draw_paragraph,
    missing_glyphs,
    register_fonts,
    reordered,
    shape,
    strip_marks,
    table_row,
    visual,
    wrap,
)

SENTENCE = "راجعنا يوم 2026-11-22 بالرقم BGDGO-01-2026-000123-0 والهاتف 07701234567 للمتابعة"
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى"
STOCK = ArabicReshaper(configuration=SETTINGS)  # reads its configparser section on every call


@pytest.mark.parametrize(
    "text",
    [
        SENTENCE,
        "عبد الله محمد جاسم الساعدي",  # the Allah ligature stays off
        "لا إلاّ الأسماء",  # lam-alef ligatures
        "مُحَمَّد ـــ مرحبا",  # harakat deleted, tatweel kept
        "(دينار) 15,000 — نقطة",
        "",
    ],
)
def test_shape_reads_its_settings_once_and_shapes_as_the_stock_reshaper(text: str) -> None:
    assert shape(text) == strip_marks(STOCK.reshape(text))


@given(st.text(alphabet=ARABIC_LETTERS + " َّــ0123456789-()", max_size=40))
@settings(max_examples=200, deadline=None)
def test_shape_matches_the_stock_reshaper_on_any_arabic(text: str) -> None:
    assert shape(text) == strip_marks(STOCK.reshape(text))


@given(st.from_regex(AS_IS, fullmatch=True))
@settings(max_examples=500, deadline=None)
def test_numbers_and_codes_that_skip_the_bidi_algorithm_are_what_it_would_draw(text: str) -> None:
    assert reordered(text) == text == visual(text)


@pytest.mark.parametrize("text", ["12.0 / 9.7", "-5", "1//2", "0:0-0-0", "01-BGD", "(5)", "5 يوم"])
def test_numbers_with_spaces_or_signs_still_go_through_the_bidi_algorithm(text: str) -> None:
    assert not AS_IS.match(text) and visual(text) == reordered(text)


def test_register_fonts_is_idempotent() -> None:
    register_fonts()
    register_fonts()
    assert stringWidth("A", FONT, 10) > 0 and stringWidth("A", FONT_BOLD, 10) > 0


@pytest.mark.parametrize("token", ["2026-11-22", "BGDGO-01-2026-000123-0", "07701234567"])
def test_visual_keeps_numbers_and_references_left_to_right(token: str) -> None:
    assert token in visual(SENTENCE)


def test_visual_puts_later_words_further_left() -> None:
    line = visual(SENTENCE)
    assert line.index("07701234567") < line.index("BGDGO") < line.index("2026-11-22")
    assert line.endswith(shape("راجعنا")[::-1])


def test_visual_mirrors_brackets_around_arabic() -> None:
    line = visual("المبلغ (دينار) فقط")
    assert line.index("(") < line.index(")")
    assert f"({shape('دينار')[::-1]})" in line


def test_visual_leaves_a_two_part_range_in_arabic_order() -> None:
    # من 3-5 أيام reads 3 then 5 from right to left, as any Arabic text engine shows it.
    assert "5-3" in visual("من 3-5 أيام")


def test_visual_output_has_no_direction_marks() -> None:
    line = visual("\u200fالتاريخ \u200e2026-11-22")
    assert not set(line) & {"\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"}


def test_visual_joins_lam_alef() -> None:
    assert "\ufefb" in visual("لا")  # ﻻ isolated lam-alef


def test_visual_spells_out_allah_in_names() -> None:
    assert "\ufdf2" not in visual("عبد الله")


def test_wrap_honours_explicit_newlines() -> None:
    assert wrap("سطر أول\nسطر ثان", FONT, 11, 500) == ["سطر أول", "سطر ثان"]


def test_wrap_keeps_empty_lines_between_paragraphs() -> None:
    assert wrap("أ\n\nب", FONT, 11, 500) == ["أ", "", "ب"]


def test_wrap_breaks_a_word_longer_than_the_line() -> None:
    word = "BGDGO-01-2026-000123-0" * 3
    lines = wrap(word, FONT, 11, 80)
    assert len(lines) > 1
    assert "".join(lines) == word
    assert all(stringWidth(visual(line), FONT, 11) <= 80 for line in lines)


def test_draw_paragraph_returns_the_y_below_its_lines() -> None:
    canvas = Canvas(io.BytesIO())
    text = "كلمة " * 40
    lines = wrap(text, FONT, 10, 120)
    assert draw_paragraph(canvas, text, 300, 700, 120, FONT, 10, 16) == pytest.approx(700 - 16 * len(lines))


def test_table_row_puts_the_first_column_on_the_right() -> None:
    assert table_row(["الفئة", "العدد", "2026-11"]) == [visual("2026-11"), visual("العدد"), visual("الفئة")]


def test_missing_glyphs_is_empty_for_arabic_latin_digits_and_punctuation() -> None:
    text = "وصل استلام: (لا) — BGDGO-01-2026-000123-0 2026/11/22 10:45 ، ؟ … گلاويژ چ پ"
    assert missing_glyphs(text) == set()
    assert missing_glyphs(text, FONT_BOLD) == set()


def test_missing_glyphs_reports_a_character_the_font_lacks() -> None:
    assert missing_glyphs("مكتب 中 بغداد") == {"中"}


words = st.text(alphabet=ARABIC_LETTERS, min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(words, min_size=1, max_size=40),
    st.floats(min_value=60, max_value=400),
    st.sampled_from([FONT, FONT_BOLD]),
)
def test_wrap_never_returns_a_line_wider_than_the_width(ws: list[str], width: float, font: str) -> None:
    for line in wrap(" ".join(ws), font, 11, width):
        assert stringWidth(visual(line), font, 11) <= width + 1e-6


@settings(max_examples=150, deadline=None)
@given(st.lists(words, min_size=1, max_size=40), st.floats(min_value=60, max_value=400))
def test_wrap_keeps_the_words_in_order(ws: list[str], width: float) -> None:
    lines = wrap(" ".join(ws), FONT, 11, width)
    if all(stringWidth(shape(w), FONT, 11) <= width for w in ws):
        assert " ".join(lines).split() == ws
    else:  # a word was cut: its letters still come in order
        assert "".join(lines).replace(" ", "") == "".join(ws)
