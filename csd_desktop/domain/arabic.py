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
        # Hamza on a carrier is typed as the bare carrier: مسؤول as مسوول, رئيس as رييس. Typed as a
        # bare ء instead (مسءول), it is met by hamza_variants below.
        "ؤ": "و",
        "ئ": "ي",
        "ک": "ك",
        "ی": "ي",
    }
)
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
# Compound names are written joined or apart (عبد الله / عبدالله, أبو بكر / أبوبكر, نور الدين /
# نورالدين): search joins them, so either spelling finds the other. Spelled as normalised.
_JOINS_NEXT = "عبد|ابو"
_JOINS_PREVIOUS = "الله|الدين|الهدي"
_COMPOUND_HEAD = re.compile(rf"(?<!\w)({_JOINS_NEXT}) (?=[\u0621-\u064a])")
_COMPOUND_TAIL = re.compile(rf"(?<=[\u0621-\u064a]) ({_JOINS_PREVIOUS})(?!\w)")
# A bare hamza that may stand for ؤ or ئ: inside a word (راءد، مسءول), or last after a letter
# other than alef (شاطء); not first, and not last after alef (ماء، سماء) where it is a hamza.
_LOOSE_HAMZA = re.compile(r"(?<=\w)ء(?=\w)|(?<=[\u0621-\u0626\u0628-\u064a])ء")


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
    """The form both sides of a search are reduced to: spelling variants, marks and digits folded,
    compound names joined.

    Idempotent: normalising twice gives the same text.
    """
    text = unicodedata.normalize("NFKC", strip_direction_marks(text))
    text = ascii_digits(text)
    text = _MARKS.sub("", text)
    text = text.translate(_LETTER_VARIANTS).casefold()
    text = _SPACES.sub(" ", text).strip()
    text = _COMPOUND_HEAD.sub(r"\1", text)
    return _COMPOUND_TAIL.sub(r"\1", text)


def hamza_variants(word: str) -> tuple[str, ...]:
    """A normalised word and what it could be with its bare hamza typed as و or ي (مسءول: مسوول)."""
    if not _LOOSE_HAMZA.search(word):
        return (word,)
    return (word, _LOOSE_HAMZA.sub("و", word), _LOOSE_HAMZA.sub("ي", word))


def search_words(text: str) -> list[str]:
    """The words of a text, normalised, as the search compares them."""
    return _WORD.findall(normalize_for_search(text))


def index_text(text: str) -> str:
    """What the full-text index holds for a text: its words, and the variants of those with a bare
    hamza, so that a text typed مسءول is found by مسؤول and by مسوول."""
    return " ".join(variant for word in search_words(text) for variant in hamza_variants(word))
