"""The report's opening and closing sections, each a small function of the report's data: the cover,
the summary, the KPIs, the charts, the definitions and the signatures (the tables between them are in
tables.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from csd_desktop.services.kpis import KpiResult
from csd_desktop.services.month_close import ReportData

from ..arabic import FONT, FONT_BOLD
from .charts import bars, trend_chart
from .flowables import GREEN, GREY, MUTED, NAVY, RED, RULE, TEAL, WIDTH, Writer
from .wording import (
    DEFINITIONS,
    DRAFT_BANNERS,
    FINAL_BANNER,
    SYSTEM,
    TITLES,
    change,
    count,
    days,
    percent,
    score,
    verdict,
)

DRAFT = colors.HexColor("#FFF4D6")
DOTS = "........................................"


def cover(w: Writer, data: ReportData) -> list[Flowable]:
    figures = data.figures
    left = [SYSTEM, f"رمز المكتب: {figures.office_code}"]
    right = ["جمهورية العراق", f"محافظة {figures.governorate}", figures.office_name]
    masthead = Table(
        [[w.text("\n".join(left), FONT, 9.5), w.text("\n".join(right), FONT_BOLD, 10.5)]],
        colWidths=[WIDTH / 2, WIDTH / 2],
        style=TableStyle(
            [
                ("FONT", (0, 0), (0, 0), FONT, 9.5, 15),
                ("FONT", (1, 0), (1, 0), FONT_BOLD, 10.5, 17),
                ("TEXTCOLOR", (0, 0), (0, 0), MUTED),
                ("TEXTCOLOR", (1, 0), (1, 0), NAVY),
                ("ALIGN", (0, 0), (0, 0), "LEFT"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 1.5, NAVY),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        ),
    )
    title = w.line(TITLES[figures.period.kind], FONT_BOLD, 19, 30, NAVY, centre=True)
    period = w.line(figures.period_label, FONT_BOLD, 14, 24, TEAL, centre=True, space_after=4 * mm)
    return [masthead, Spacer(1, 5 * mm), title, period, _facts(w, data), Spacer(1, 3 * mm), _banner(w, data)]


def _facts(w: Writer, data: ReportData) -> Table:
    figures = data.figures
    span = f"من {figures.period.start.isoformat()} إلى {figures.period.last_day.isoformat()}"
    rows = [
        ["المكتب", f"{figures.office_name} ({figures.office_code})", "المحافظة", figures.governorate],
        ["الفترة", span, "المقارنة مع", figures.previous_label],
        ["أعدّه", data.prepared_by, "تاريخ الإعداد", data.prepared_on.isoformat()],
    ]
    q = WIDTH / 16
    return w.table(
        None,
        rows,
        [3 * q, 6 * q, 3 * q, 4 * q],
        size=9.5,
        extra=[
            ("FONT", (0, 0), (0, -1), FONT_BOLD, 9.5, 14),
            ("FONT", (2, 0), (2, -1), FONT_BOLD, 9.5, 14),
            ("BACKGROUND", (0, 0), (0, -1), GREY),
            ("BACKGROUND", (2, 0), (2, -1), GREY),
        ],
    )


def _banner(w: Writer, data: ReportData) -> Table:
    # The same words when the month is locked and when it is printed again later: a reprint of a
    # locked report is the same file, byte for byte (its hash is stored with the lock).
    status = FINAL_BANNER if data.final else DRAFT_BANNERS[data.figures.period.kind]
    return Table(
        [[w.text(status, FONT_BOLD, 10)]],
        colWidths=[WIDTH],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT_BOLD, 10, 15),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("BACKGROUND", (0, 0), (-1, -1), GREEN if data.final else DRAFT),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
            ]
        ),
    )


def summary(w: Writer, data: ReportData) -> list[Flowable]:
    figures = data.figures
    t, p = figures.totals, figures.previous
    story = w.heading("أولاً: الملخص")
    story.append(
        w.paragraph(
            f"استلم المكتب خلال الفترة {count(t.received)} من الطلبات، وأُغلق خلالها {count(t.closed)}، "
            f"وبقي {count(t.open_at_end)} مفتوحاً في نهايتها، منها {count(t.overdue_at_end)} تجاوزت "
            f"مواعيدها. وأُجيب عن {percent(t.within_sla_share)} من الطلبات المستحقة خلال المدة المحددة، "
            f"وبلغت نسبة رضا المواطنين {percent(t.satisfied_share)}."
        )
    )
    rows: list[tuple[str, Any, Any, str, Callable[[Any], str]]] = [
        ("الطلبات المستلمة", t.received, p.received, "count", count),
        ("الطلبات المغلقة", t.closed, p.closed, "count", count),
        ("المغلقة بمعالجة الطلب", t.resolved, p.resolved, "count", count),
        ("المفتوحة في نهاية الفترة", t.open_at_end, p.open_at_end, "count", count),
        ("المتأخرة في نهاية الفترة", t.overdue_at_end, p.overdue_at_end, "count", count),
        ("نسبة المعالجة (من المغلقة)", t.resolution_rate, p.resolution_rate, "percent", percent),
        ("نسبة الرد خلال المدة المحددة", t.within_sla_share, p.within_sla_share, "percent", percent),
        ("نسبة المتأخرة من المفتوحة", t.overdue_share, p.overdue_share, "percent", percent),
        ("متوسط أيام أول رد", t.avg_days_to_first_answer, p.avg_days_to_first_answer, "days", days),
        ("وسيط أيام أول رد", t.median_days_to_first_answer, p.median_days_to_first_answer, "days", days),
        ("متوسط أيام الإغلاق", t.avg_days_to_close, p.avg_days_to_close, "days", days),
        ("وسيط أيام الإغلاق", t.median_days_to_close, p.median_days_to_close, "days", days),
        ("متوسط درجة الرضا (من 5)", t.avg_satisfaction, p.avg_satisfaction, "score", score),
        ("نسبة الرضا (4 أو 5)", t.satisfied_share, p.satisfied_share, "percent", percent),
    ]
    body = [
        [label, fmt(now), fmt(before), change(now, before, kind)] for label, now, before, kind, fmt in rows
    ]
    q = WIDTH / 20
    story.append(
        w.table(
            ["البيان", figures.period_label, f"{figures.previous_label} (للمقارنة)", "التغير"],
            body,
            [8 * q, 4 * q, 4 * q, 4 * q],
            numeric=(1, 2, 3),
            size=9,
        )
    )
    return story


def kpis(w: Writer, data: ReportData) -> list[Flowable]:
    story = w.heading("ثانياً: مؤشرات الأداء")
    if not data.kpis:
        story.append(w.paragraph("لا توجد مؤشرات أداء مفعّلة لهذه الفترة."))
        return story
    rows, extra = [], []
    for i, r in enumerate(data.kpis, start=1):
        rows.append(
            [r.kpi.name, r.kpi.frequency_label, _target(r), _value(r.kpi.unit, r.actual), verdict(r.met)]
        )
        shade = GREY if r.met is None else GREEN if r.met else RED
        extra.append(("BACKGROUND", (4, i), (4, i), shade))
    q = WIDTH / 20
    heading = story.pop()
    table = w.table(
        ["المؤشر", "وتيرة القياس", "المستهدف", "الفعلي", "النتيجة"],
        rows,
        [9 * q, 2.5 * q, 3 * q, 2.5 * q, 3 * q],
        numeric=(1, 2, 3, 4),
        size=9,
        extra=[*extra, ("FONT", (4, 1), (4, -1), FONT_BOLD, 9, 13)],
    )
    story.append(KeepTogether([heading, table]))
    return story


def _value(unit: str, value: float | None) -> str:
    if value is None:
        return "—"
    if unit == "percent":
        return percent(value)
    if unit == "days":
        return f"{value:.1f} يوم"
    if unit == "score":
        return score(value)
    return count(round(value))


def _target(r: KpiResult) -> str:
    bound = "فأكثر" if r.kpi.higher_is_better else "فأقل"
    shown = f"{r.kpi.target:g}" + {"percent": "%", "days": " يوم"}.get(r.kpi.unit, "")
    return f"{shown} {bound}"


def charts(w: Writer, data: ReportData) -> list[Flowable]:
    figures = data.figures
    story = w.heading("ثالثاً: الرسوم البيانية")
    categories = [
        (r.label, r.measures.received) for r in figures.breakdown("category").rows if r.measures.received
    ]
    entities = [
        (r.label, r.measures.received)
        for r in figures.breakdown("entity").rows
        if r.key and r.measures.received
    ]
    story.append(bars(w.printed, "الطلبات المستلمة حسب الفئة", categories[:18], TEAL))
    story.append(Spacer(1, 4 * mm))
    story.append(bars(w.printed, "الطلبات المستلمة حسب الجهة المعنية (أكثر 15 جهة)", entities[:15], NAVY))
    story.append(CondPageBreak(74 * mm))
    story.append(Spacer(1, 3 * mm))
    story.append(trend_chart(w.printed, figures.trend))
    return story


def notes(w: Writer, data: ReportData) -> list[Flowable]:
    story = w.heading("تعريفات")
    for line in DEFINITIONS:
        story.append(w.paragraph(f"• {line}", 8.5, color=MUTED))
    return story


def signatures(w: Writer, data: ReportData) -> list[Flowable]:
    prepared = [
        "أعدّه",
        f"الاسم: {data.prepared_by}",
        f"التوقيع: {DOTS}",
        f"التاريخ: {data.prepared_on.isoformat()}",
    ]
    approved = [
        "مدير مكتب شؤون المواطنين",
        f"الاسم: {DOTS}",
        f"التوقيع: {DOTS}",
        f"التاريخ: {DOTS}",
        "الختم الرسمي",
    ]
    table = Table(
        [[w.text("\n".join(approved), FONT, 10), w.text("\n".join(prepared), FONT, 10)]],
        colWidths=[WIDTH / 2, WIDTH / 2],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 10, 22),
                ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (-1, 0), 1.2, NAVY),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
        ),
    )
    w.printed += prepared + approved
    return [CondPageBreak(60 * mm), Spacer(1, 8 * mm), table]
