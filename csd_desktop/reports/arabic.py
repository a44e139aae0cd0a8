"""Arabic for PDFs: the one place text is reshaped and reordered for reportlab, one line at a time."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from arabic_reshaper import ArabicReshaper
from bidi.algorithm import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from csd_desktop.config import fonts_dir

from ..i18n import D_

FONT = "Amiri"
FONT_BOLD = "Amiri-Bold"
_FONT_FILES = {FONT: "Amiri-Regular.ttf", FONT_BOLD: "Amiri-Bold.ttf"}

LRM = "\u200e"
_DIRECTION_MARKS = re.compile(D_("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]"))
# After Arabic letters the bidi algorithm turns digits into "Arabic numbers", which '-' does not
# join, so 2026-11-22 would print as 22-11-2026. An LRM in front keeps such a run left to right.
# Two groups (من 3-5 أيام) are left alone: reading them right to left is what Arabic readers expect.
_DASHED_NUMBER = re.compile(r"(?<![\w-])\d+(?:-\d+){2,}(?![\w-])")
# Numbers with single separators (1,212 · 24.1% · 2026-10-01) and Latin codes that start with a letter
# (BGDGO-01-2026-000123-0): nothing to shape, and the bidi algorithm leaves them as they are. Most of
# a report's cells are such; they skip the algorithm (tests/reports/test_arabic.py checks it agrees).
AS_IS = re.compile(r"(?:[0-9]+(?:[.,][0-9]+)*%?|[0-9]+(?:-[0-9]+)*|[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)\Z")

# Harakat are deleted (nothing would position them); the Allah ligature would turn the name
# عبد الله into an ornament, so only the lam-alef ligatures stay.
SETTINGS = {"delete_harakat": True, "ARABIC LIGATURE ALLAH": False}
_register_lock = threading.Lock()


class _Settings(dict[str, Any]):
    """The reshaper's settings, read once. arabic-reshaper asks its configparser section for six of
    them on every call, which was most of a report's shaping time; it only ever uses getboolean/get."""

    def getboolean(self, key: str) -> bool:
        return bool(self[key.lower()])  # configparser's keys are case-insensitive (stored lower)


def _fast_reshaper() -> ArabicReshaper:
    reshaper = ArabicReshaper(configuration=SETTINGS)
    section = reshaper.configuration
    settings = _Settings()
    for key in section:
        try:
            settings[key] = section.getboolean(key)
        except ValueError:  # "language": a name, not a flag
            settings[key] = section.get(key)
    reshaper.configuration = settings
    return reshaper


_reshaper = _fast_reshaper()


def register_fonts() -> None:
    """Register Amiri and Amiri-Bold with reportlab; cheap to call again."""
    with _register_lock:
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, filename in _FONT_FILES.items():
            if name not in registered:
                pdfmetrics.registerFont(TTFont(name, str(fonts_dir() / filename)))


def strip_marks(text: str) -> str:
    return _DIRECTION_MARKS.sub("", text)


def shape(text: str) -> str:
    """Presentation forms in logical order: what is measured (the width does not depend on order)."""
    return strip_marks(_reshaper.reshape(text))


@lru_cache(maxsize=16384)  # a report prints the same dates, labels and names many times over
def visual(text: str) -> str:
    """One line in drawing order: reshaped, reordered right to left, direction marks removed."""
    if AS_IS.match(text):
        return text
    return reordered(text)


def reordered(text: str) -> str:
    """`visual` through the reshaper and the bidi algorithm, for any text."""
    marked = _DASHED_NUMBER.sub(lambda m: LRM + m.group(0), text)
    # bidi.algorithm's get_display mirrors brackets; bidi.get_display (0.6) does not.
    return strip_marks(get_display(_reshaper.reshape(marked), base_dir="R"))


@lru_cache(maxsize=4096)
def _unit_width(word: str, font: str) -> float:
    return stringWidth(shape(word), font, 1.0)


def text_width(text: str, font: str, size: float) -> float:
    """Width of a line as it will be drawn (spaces break joining, so words measure apart)."""
    words = strip_marks(text).split(" ")
    return size * (sum(_unit_width(w, font) for w in words) + (len(words) - 1) * _unit_width(" ", font))


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """Cut a word too long for the line into pieces that fit (at least one character each)."""
    pieces: list[str] = []
    start = 0
    while start < len(word):
        end = start + 1
        while end < len(word) and _unit_width(word[start : end + 1], font) * size <= width:
            end += 1
        pieces.append(word[start:end])
        start = end
    return pieces


def _wrap_paragraph(words: list[str], font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    space = _unit_width(" ", font) * size
    for word in words:
        w = _unit_width(word, font) * size
        if current and used + space + w <= width:
            current.append(word)
            used += space + w
            continue
        if current:
            lines.append(" ".join(current))
        if w <= width:
            current, used = [word], w
        else:
            *whole, last = _break_word(word, font, size, width)
            lines.extend(whole)
            current, used = [last], _unit_width(last, font) * size
    if current:
        lines.append(" ".join(current))
    return lines or [""]


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines in logical order, each no wider than `width` once shaped; explicit newlines are kept.

    Runs of spaces collapse to one. A word wider than the line is cut; a single character wider
    than the line still gets a line of its own.
    """
    register_fonts()
    lines: list[str] = []
    for paragraph in strip_marks(text).split("\n"):
        lines.extend(_wrap_paragraph(paragraph.split(), font, size, width))
    return lines


def draw_right(canvas: Canvas, text: str, x_right: float, y: float, font: str, size: float) -> float:
    """Draw one line ending at x_right (baseline y); returns its width."""
    drawn = visual(text)
    canvas.setFont(font, size)
    canvas.drawRightString(x_right, y, drawn)
    return stringWidth(drawn, font, size)


def draw_centred(canvas: Canvas, text: str, x_centre: float, y: float, font: str, size: float) -> None:
    canvas.setFont(font, size)
    canvas.drawCentredString(x_centre, y, visual(text))


def draw_paragraph(
    canvas: Canvas,
    text: str,
    x_right: float,
    y_top: float,
    width: float,
    font: str,
    size: float,
    leading: float,
) -> float:
    """Wrap and draw right-aligned lines, first baseline `size` below y_top; returns the y below them."""
    y = y_top
    for line in wrap(text, font, size, width):
        draw_right(canvas, line, x_right, y - size, font, size)
        y -= leading
    return y


def table_row(cells: Sequence[str]) -> list[str]:
    """Cells ready for a left-to-right table: each in drawing order, the first column on the right."""
    return [visual(cell) for cell in reversed(cells)]


def missing_glyphs(text: str, font: str = FONT) -> set[str]:
    """Characters the font cannot draw; reportlab silently prints nothing (or a box) for them."""
    register_fonts()
    cmap = pdfmetrics.getFont(font).face.charToGlyph
    return {ch for line in text.split("\n") for ch in visual(line) if ord(ch) not in cmap}


def cell(text: str, font: str, size: float, width: float | None = None) -> str:
    """Text for a platypus Table cell: wrapped in logical order to `width` (when given), then each
    line in drawing order, joined by newlines (a Table draws each line with the cell's alignment)."""
    register_fonts()
    if width is None or ("\n" not in text and text_width(text, font, size) <= width):
        return "\n".join(visual(line) for line in text.split("\n"))  # keeps the caller's LRMs
    return "\n".join(visual(line) for line in wrap(text, font, size, width))
