"""Arabic text: cleaning what people type, and the normalised form that search compares."""

from __future__ import annotations

import re
import unicodedata

# Invisible direction controls: LRM, RLM, ALM, embeddings/overrides, isolates, and the BOM.
_DIRECTION_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks, and tatweel.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTER_VARIANTS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "ء",
        "ئ": "ء",
        "ک": "ك",
        "ی": "ي",
    }
)
_SPACES = re.compile(r"\s+")


def strip_direction_marks(text: str) -> str:
    return _DIRECTION_CONTROLS.sub("", text)


def ascii_digits(text: str) -> str:
    """Arabic-Indic (٠-٩) and Persian (۰-۹) digits become 0-9."""
    return text.translate(_DIGITS)


def clean_text(text: str) -> str:
    """What we store from a free-text field: no direction marks, NFC, trimmed, single spaces."""
    text = unicodedata.normalize("NFC", strip_direction_marks(text))
    return _SPACES.sub(" ", text).strip()


def clean_multiline(text: str) -> str:
    """Like clean_text, but keeps line breaks (details of a complaint)."""
    lines = [clean_text(line) for line in strip_direction_marks(text).splitlines()]
    return "\n".join(lines).strip()


def normalize_for_search(text: str) -> str:
    """The form both sides of a search are reduced to: spelling variants, marks and digits folded.

    Idempotent: normalising twice gives the same text.
    """
    text = unicodedata.normalize("NFKC", strip_direction_marks(text))
    text = ascii_digits(text)
    text = _MARKS.sub("", text)
    text = text.translate(_LETTER_VARIANTS).casefold()
    return _SPACES.sub(" ", text).strip()
