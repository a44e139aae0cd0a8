"""What the report says, whatever prints it: titles, banners, definitions, verdicts and how numbers are
written. Plain strings, no reportlab: the workbook and the command line use them too."""

from __future__ import annotations

from ...i18n import D_

TITLES = {
    "month": D_("التقرير الشهري لمكتب شؤون المواطنين"),
    "quarter": D_("التقرير الفصلي لمكتب شؤون المواطنين"),
    "year": D_("التقرير السنوي لمكتب شؤون المواطنين"),
    "custom": D_("تقرير مكتب شؤون المواطنين لفترة محددة"),
}
SYSTEM = D_("نظام متابعة وتقارير شؤون المواطنين (ITRS)")
# Only a month is locked. A quarter, a year or any other period is always worked out from the data of
# the day it is printed, so its banner says so in its own words, not the month's.
FINAL_BANNER = D_("تقرير نهائي — أُقفل به الشهر، وما يطرأ بعده على طلباته يُذكر في التقرير التالي")
DRAFT_BANNERS = {
    "month": D_("مسودة — لم يُقفل الشهر بعد، وقد تتغير الأرقام"),
    "quarter": D_("مسودة — أرقام الربع محسوبة من بيانات يوم الإعداد، وقد تتغير حتى تُقفل أشهره الثلاثة"),
    "year": D_("مسودة — أرقام السنة محسوبة من بيانات يوم الإعداد، وقد تتغير حتى تُقفل أشهرها"),
    "custom": D_("مسودة — أرقام الفترة محسوبة من بيانات يوم الإعداد، وقد تتغير"),
}
# The page footer's own words: the system's Arabic name and the day the report was prepared.
PRINTED_BY = D_("أُعدّ بنظام شؤون المواطنين في {day}")
DEFINITIONS = (
    D_("المستلمة: الطلبات المسجّلة خلال الفترة."),
    D_(
        "المغلقة: الطلبات التي أُغلقت خلال الفترة وبقيت مغلقة في نهايتها؛ يُحسب الطلب في شهر إغلاقه "
        "لا في شهر تسجيله، والطلب المعاد فتحه يُحسب بحسب سجلّه في نهاية الفترة."
    ),
    D_("المفتوحة في نهاية الفترة: الطلبات المسجّلة قبل نهاية الفترة ولم تكن مغلقة عند نهايتها."),
    D_(
        "المتأخرة: المفتوحة في نهاية الفترة وقد انقضى يوم الرد الأول عليها دون رد، أو انقضى موعد "
        "معالجتها؛ وأيام التأخير أيام تقويمية حتى اليوم التالي لنهاية الفترة."
    ),
    D_(
        "الرد خلال المدة: من الطلبات التي حلّ يوم الرد الأول عليها خلال الفترة، نسبة ما أُجيب عنه في ذلك "
        "اليوم أو قبله. المواعيد بأيام العمل (من الأحد إلى الخميس) بعد استبعاد العطل الرسمية."
    ),
    D_(
        "الأيام: أيام تقويمية من تسجيل الطلب حتى أول رد على المواطن أو حتى الإغلاق؛ والوسيط هو القيمة "
        "التي يقع نصف الطلبات دونها."
    ),
    D_("الرضا: درجة المواطن من 1 إلى 5 للطلبات المغلقة خلال الفترة؛ والراضون من أعطى 4 أو 5."),
)
TOTAL = D_("المجموع")
LRM = "\u200e"


def verdict(met: bool | None) -> str:
    """A KPI's result against its target."""
    return D_("لا بيانات") if met is None else D_("متحقق") if met else D_("غير متحقق")


def overlapping(dimension: str) -> bool:
    """Priority groups overlap (one citizen can be elderly and have special needs): never summed."""
    return dimension == "priority"


# --- numbers ---------------------------------------------------------------------------------------


def count(value: int) -> str:
    return f"{value:,}"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _signed(value: float, decimals: int, suffix: str = "") -> str:
    # An LRM keeps the sign in front of the number inside right-to-left text.
    shown = round(value, decimals)
    sign = "+" if shown > 0 else "−" if shown < 0 else ""
    return f"{LRM}{sign}{abs(shown):.{decimals}f}{suffix}"


def change(now: float | None, before: float | None, kind: str) -> str:
    """counts: relative change in percent; rates: difference in points; days and scores: difference."""
    if now is None or before is None:
        return "—"
    if kind == "count":
        return _signed(100.0 * (now - before) / before, 1, "%") if before else "—"
    if kind == "percent":
        return _signed(now - before, 1) + D_(" نقطة")
    return _signed(now - before, 2 if kind == "score" else 1)
