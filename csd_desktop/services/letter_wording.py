"""The words official letters are made of: greeting, closing, counts of days, levels, the kind with
its article. Arabic always (D_): a letter is an official document, whatever the window's language."""

from __future__ import annotations

from datetime import date

from ..domain.enums import Kind
from ..i18n import D_

GREETING = D_("تحية طيبة ...")
CLOSING = D_("مع التقدير")
SIGNATURE = (D_("مدير مكتب شؤون المواطنين"),)
LRM = "\u200e"
LEVELS = {1: D_("الأول"), 2: D_("الثاني"), 3: D_("الثالث"), 4: D_("الرابع")}
# The kind with its article, and whether words about it agree in the feminine (الشكوى المسجّلة).
DEFINITE = {
    Kind.COMPLAINT: (D_("الشكوى"), True),
    Kind.REQUEST: (D_("الطلب"), False),
    Kind.SUGGESTION: (D_("الاقتراح"), False),
    Kind.INQUIRY: (D_("الاستفسار"), False),
    Kind.PRAISE: (D_("الشكر والثناء"), False),
    Kind.REPORT: (D_("البلاغ"), False),
}


def iso(day: date) -> str:
    return day.isoformat()


def mask_national_id(national_id: str) -> str:
    """Only the last four digits show. The LRM keeps the stars on the left in right-to-left text."""
    return f"{LRM}{'*' * max(len(national_id) - 4, 0)}{national_id[-4:]}"


def days_text(n: int, *, working: bool = False) -> str:
    """An Arabic count of days with the agreeing noun (يومان، 3 أيام، 15 يوماً)."""
    if working:
        if n == 1:
            return D_("يوم عمل واحد")
        if n == 2:
            return D_("يومي عمل")
        return D_("{n} أيام عمل").format(n=n) if 3 <= n <= 10 else D_("{n} يوم عمل").format(n=n)
    if n == 1:
        return D_("يوم واحد")
    if n == 2:
        return D_("يومان")
    return D_("{n} أيام").format(n=n) if 3 <= n <= 10 else D_("{n} يوماً").format(n=n)


def level_text(level: int) -> str:
    return D_("المستوى {value}").format(value=LEVELS.get(level, str(level)))


def with_article(kind: Kind, masculine: str, feminine: str) -> tuple[str, str]:
    """The kind with its article, and the word that agrees with it."""
    noun, female = DEFINITE[kind]
    return noun, feminine if female else masculine
