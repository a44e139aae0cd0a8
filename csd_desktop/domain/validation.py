"""Rules for what a clerk types: each returns the value to store or raises ValidationError in Arabic."""

from __future__ import annotations

import re
import unicodedata

from ..errors import ValidationError
from .arabic import ascii_digits, clean_multiline, clean_text

MAX_NAME = 200
MAX_SUBJECT = 300
MAX_DETAILS = 5000
MAX_ADDRESS = 300
MAX_LANDMARK = 200

_SEPARATORS = re.compile(r"[\s\-().]")
_MOBILE = re.compile(r"^(?:\+964|00964|964|0)(7[3-9]\d{8})$")


def national_id(text: str | None, *, required: bool = False) -> str | None:
    """The unified national card number: exactly 12 digits (Arabic-Indic digits accepted)."""
    value = _SEPARATORS.sub("", ascii_digits(clean_text(text or "")))
    if not value:
        if required:
            raise ValidationError("رقم البطاقة الوطنية مطلوب.", field="national_id")
        return None
    if not (value.isascii() and value.isdigit() and len(value) == 12):
        raise ValidationError("رقم البطاقة الوطنية يتكون من 12 رقماً بالضبط، بلا حروف.", field="national_id")
    return value


def mobile(text: str | None, *, required: bool = True) -> str | None:
    """An Iraqi mobile, stored as 07XXXXXXXXX whichever way it was written."""
    value = _SEPARATORS.sub("", ascii_digits(clean_text(text or "")))
    if not value:
        if required:
            raise ValidationError("رقم الهاتف مطلوب لمتابعة الطلب.", field="phone")
        return None
    m = _MOBILE.match(value)
    if m is None:
        raise ValidationError(
            "رقم الهاتف غير صحيح: اكتبه بالشكل 07XXXXXXXXX أو ‎+9647XXXXXXXXX.", field="phone"
        )
    return "0" + m.group(1)


def full_name(text: str | None) -> str:
    """At least three parts (the first, father's and grandfather's names); letters only."""
    value = clean_text(text or "")
    if not value:
        raise ValidationError("اسم المواطن مطلوب.", field="full_name")
    if len(value) > MAX_NAME:
        raise ValidationError(f"الاسم أطول من {MAX_NAME} حرفاً.", field="full_name")
    if any(not (unicodedata.category(ch).startswith(("L", "M")) or ch in " '-") for ch in value):
        raise ValidationError("الاسم يكتب بالحروف فقط، بلا أرقام أو رموز.", field="full_name")
    if len(value.split(" ")) < 3:
        raise ValidationError("اكتب الاسم الثلاثي على الأقل (الاسم واسم الأب واسم الجد).", field="full_name")
    return value


def text_field(
    text: str | None, *, field: str, label: str, max_length: int, required: bool, multiline: bool = False
) -> str:
    value = (clean_multiline if multiline else clean_text)(text or "")
    if required and not value:
        raise ValidationError(f"{label} مطلوب.", field=field)
    if len(value) > max_length:
        raise ValidationError(
            f"{label} أطول من المسموح ({len(value)} حرفاً، والحد {max_length}).", field=field
        )
    return value
