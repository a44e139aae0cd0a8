"""Rules for what a clerk types: each returns the value to store or raises ValidationError in Arabic."""

from __future__ import annotations

import re
import unicodedata

from ..errors import ValidationError
from ..i18n import N_, _
from .arabic import ascii_digits, clean_multiline, clean_text

MAX_NAME = 200
MAX_SUBJECT = 300
MAX_DETAILS = 5000
MAX_ADDRESS = 300
MAX_LANDMARK = 200

_SEPARATORS = re.compile(r"[\s\-().]")
_MOBILE = re.compile(r"^(?:\+964|00964|964|0)(7[3-9]\d{8})$")
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}")
TATWEEL = "\u0640"
# Letters by their category that show nothing on screen (Hangul fillers, the Mongolian vowel separator).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u180e\u2800")
# Categories that never belong in what a clerk types: controls, lone surrogates (half of a character,
# which cannot even be stored as UTF-8), private use. Line breaks are dealt with by cleaning first.
_FORBIDDEN = frozenset({"Cc", "Cs", "Co"})


def _forbidden(value: str, *, keep: str = "") -> str | None:
    """The first character nobody types (a control character, half a character), if any."""
    for ch in value:
        if ch in keep:
            continue
        if unicodedata.category(ch) in _FORBIDDEN or _noncharacter(ch):
            return ch
    return None


def _noncharacter(ch: str) -> bool:
    cp = ord(ch)
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


def _refuse_forbidden(value: str, *, field: str, label: str, keep: str = "") -> None:
    ch = _forbidden(value, keep=keep)
    if ch is not None:
        raise ValidationError(
            N_(
                "{label} فيه محرف غير مرئي أو غير صالح (U+{value:04X})، ربما لُصق من برنامج آخر. احذفه "
                "واكتب النص من جديد."
            ),
            label=label,
            value=ord(ch),
            field=field,
        )


def is_letter(ch: str) -> bool:
    """A letter that shows: not the tatweel (ـ) that only stretches a word, not a blank filler."""
    return unicodedata.category(ch).startswith("L") and ch != TATWEEL and ch not in _BLANK_LETTERS


def has_letter_or_digit(value: str) -> bool:
    return any(is_letter(ch) or unicodedata.category(ch) == "Nd" for ch in value)


def _visible(ch: str) -> bool:
    category = unicodedata.category(ch)
    if category[0] in "LN":
        return is_letter(ch) or category[0] == "N"
    return category[0] in "PS" and ch != "\u2800"


def code(text: str | None, *, field: str, message: str) -> str:
    """A code from a list (category, entity, governorate): what a drop-down or `csd ref list` gives."""
    value = (text or "").strip()
    if not _CODE.fullmatch(value):
        raise ValidationError(message, field=field)
    return value


def national_id(text: str | None, *, required: bool = False) -> str | None:
    """The unified national card number: exactly 12 digits (Arabic-Indic digits accepted)."""
    value = _SEPARATORS.sub("", ascii_digits(clean_text(text or "")))
    if not value:
        if required:
            raise ValidationError(N_("رقم البطاقة الوطنية مطلوب."), field="national_id")
        return None
    if not (value.isascii() and value.isdigit() and len(value) == 12):
        raise ValidationError(
            N_("رقم البطاقة الوطنية يتكون من 12 رقماً بالضبط، بلا حروف."), field="national_id"
        )
    if len(set(value)) == 1:  # 000000000000, 111111111111: typed to get past the form, not a card
        raise ValidationError(
            N_(
                "رقم البطاقة الوطنية {value} ليس رقم بطاقة حقيقياً: انقله من البطاقة كما هو، أو اترك "
                "الحقل فارغاً إن لم يحمل المواطن بطاقته."
            ),
            value=value,
            field="national_id",
        )
    return value


def mobile(text: str | None, *, required: bool = True) -> str | None:
    """An Iraqi mobile, stored as 07XXXXXXXXX whichever way it was written."""
    value = _SEPARATORS.sub("", ascii_digits(clean_text(text or "")))
    if not value:
        if required:
            raise ValidationError(N_("رقم الهاتف مطلوب لمتابعة الطلب."), field="phone")
        return None
    m = _MOBILE.match(value)
    if m is None:
        raise ValidationError(
            N_("رقم الهاتف غير صحيح: اكتبه بالشكل 07XXXXXXXXX أو ‎+9647XXXXXXXXX."), field="phone"
        )
    return "0" + m.group(1)


def full_name(text: str | None) -> str:
    """At least three parts (the first, father's and grandfather's names); letters only, and every
    part has a letter that search can find (not only tatweel, diacritics or a hyphen)."""
    value = clean_text(text or "")
    if not value:
        raise ValidationError(N_("اسم المواطن مطلوب."), field="full_name")
    _refuse_forbidden(value, field="full_name", label=_("الاسم"))
    if len(value) > MAX_NAME:
        raise ValidationError(N_("الاسم أطول من {MAX_NAME} حرفاً."), MAX_NAME=MAX_NAME, field="full_name")
    if any(not (unicodedata.category(ch).startswith(("L", "M")) or ch in " '-") for ch in value):
        raise ValidationError(N_("الاسم يكتب بالحروف فقط، بلا أرقام أو رموز."), field="full_name")
    parts = value.split(" ")
    if not all(any(is_letter(ch) for ch in part) for part in parts):
        raise ValidationError(
            N_("كل جزء من الاسم يُكتب بالحروف: التطويل (ـ) أو الحركات أو الشرطة وحدها لا تكوّن اسماً."),
            field="full_name",
        )
    if len(parts) < 3:
        raise ValidationError(
            N_("اكتب الاسم الثلاثي على الأقل (الاسم واسم الأب واسم الجد)."), field="full_name"
        )
    return value


def text_field(
    text: str | None, *, field: str, label: str, max_length: int, required: bool, multiline: bool = False
) -> str:
    """Free text: cleaned; refused if it holds control characters, or nothing a reader can see."""
    if text is not None and not isinstance(text, str):  # a script's number or list
        raise ValidationError(N_("{label}: اكتبه نصاً، لا رقماً ولا قائمة."), label=label, field=field)
    value = (clean_multiline if multiline else clean_text)(text or "")
    if required and not value:
        raise ValidationError(N_("{label} مطلوب."), label=label, field=field)
    _refuse_forbidden(value, field=field, label=label, keep="\n" if multiline else "")
    if value and not any(_visible(ch) for ch in value):
        raise ValidationError(
            N_("{label} لا يحتوي إلا على محارف غير مرئية: اكتبه بالحروف أو الأرقام."),
            label=label,
            field=field,
        )
    if required and not has_letter_or_digit(value):
        raise ValidationError(
            N_("{label} يُكتب بالحروف أو الأرقام، لا بالرموز وحدها."), label=label, field=field
        )
    if len(value) > max_length:
        raise ValidationError(
            N_("{label} أطول من المسموح ({value} حرفاً، والحد {max_length})."),
            label=label,
            value=len(value),
            max_length=max_length,
            field=field,
        )
    return value
