"""The monthly report's tables, one section each: the KPIs, the breakdowns, recurring problems, the
trend, the overdue cases and the amendments, printed through a Writer (reports/monthly_layout.py)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from csd_desktop.services.figures import Breakdown, Figures, Measures
from csd_desktop.services.kpis import KpiResult
from csd_desktop.services.month_close import AmendmentView

from . import arabic
from .arabic import FONT_BOLD
from .monthly_layout import GREEN, GREY, MUTED, RED, TEAL, WIDTH, Lines, Writer, count, days, percent, score


def kpis(writer: Writer, results: Sequence[KpiResult]) -> list[Flowable]:
    story = writer.heading("ثانياً: مؤشرات الأداء")
    if not results:
        story.append(writer.paragraph("لا توجد مؤشرات أداء مفعّلة لهذه الفترة."))
        return story
    rows, extra = [], []
    for i, r in enumerate(results, start=1):
        rows.append(
            [r.kpi.name, r.kpi.frequency_label, _target(r), _value(r.kpi.unit, r.actual), _verdict(r)]
        )
        shade = GREY if r.met is None else GREEN if r.met else RED
        extra.append(("BACKGROUND", (4, i), (4, i), shade))
    q = WIDTH / 20
    heading = story.pop()
    story.append(
        KeepTogether(
            [
                heading,
                writer.table(
                    ["المؤشر", "وتيرة القياس", "المستهدف", "الفعلي", "النتيجة"],
                    rows,
                    [9 * q, 2.5 * q, 3 * q, 2.5 * q, 3 * q],
                    numeric=(1, 2, 3, 4),
                    size=9,
                    extra=[*extra, ("FONT", (4, 1), (4, -1), FONT_BOLD, 9, 13)],
                ),
            ]
        )
    )
    return story


def breakdowns(writer: Writer, f: Figures) -> list[Flowable]:
    story = writer.heading("رابعاً: التوزيع حسب النوع والفئة والجهة والمنطقة والقناة والجنس والأولوية")
    for breakdown in f.breakdowns:
        story += _breakdown(writer, breakdown, f.totals)
    return story


def _breakdown(writer: Writer, b: Breakdown, totals: Measures) -> list[Flowable]:
    header = [
        b.label,
        "المستلمة",
        "المغلقة",
        "المفتوحة في نهاية الفترة",
        "المتأخرة في نهاية الفترة",
        "نسبة المعالجة",
        "الرد خلال المدة",
        "أيام أول رد: متوسط / وسيط",
        "أيام الإغلاق: متوسط / وسيط",
        "الرضا: متوسط / نسبة",
    ]
    rows = [_measure_cells(r.label, r.measures) for r in b.rows]
    overlapping = b.dimension == "priority"
    if not overlapping:
        rows.append(_measure_cells("المجموع", totals))
    w = WIDTH / 180
    widths = [34 * w, 14 * w, 14 * w, 15 * w, 15 * w, 15 * w, 15 * w, 20 * w, 20 * w, 18 * w]
    story: list[Flowable] = [CondPageBreak(40 * mm), Spacer(1, 3 * mm)]
    writer.printed.append(f"حسب {b.label}")
    story.append(Lines([arabic.visual(f"حسب {b.label}")], FONT_BOLD, 10.5, 17, TEAL, space_after=1.5 * mm))
    story.append(
        writer.table(header, rows, widths, numeric=range(1, 10), size=7.8, bold_last=not overlapping)
    )
    if overlapping:
        story.append(
            writer.paragraph(
                "فئات الأولوية متداخلة: قد يُحسب المواطن في أكثر من فئة، لذا لا يُجمع الجدول.",
                8,
                color=MUTED,
            )
        )
    return story


def recurring(writer: Writer, f: Figures) -> list[Flowable]:
    story = writer.heading("خامساً: المشكلات المتكررة (أكثر الفئات تكراراً في كل قضاء)")
    if not f.recurring:
        story.append(writer.paragraph("لم تُسجّل طلبات في هذه الفترة."))
        return story
    rows = [
        [str(i), r.category_label, r.district_label, count(r.received), count(r.open_at_end)]
        for i, r in enumerate(f.recurring, start=1)
    ]
    q = WIDTH / 20
    story.append(
        writer.table(
            ["ت", "الفئة", "القضاء", "الطلبات المستلمة", "المفتوحة منها في نهاية الفترة"],
            rows,
            [1.2 * q, 6.8 * q, 4.5 * q, 3.5 * q, 4 * q],
            numeric=(0, 3, 4),
            size=9,
        )
    )
    return story


def trend(writer: Writer, f: Figures) -> list[Flowable]:
    story = writer.heading("سادساً: الاتجاه خلال اثني عشر شهراً")
    rows = [
        [
            p.label,
            count(p.received),
            count(p.closed),
            count(p.first_answers_due),
            count(p.answered_within_sla),
            percent(p.within_sla_share),
        ]
        for p in f.trend
    ]
    q = WIDTH / 20
    story.append(
        writer.table(
            [
                "الشهر",
                "المستلمة",
                "المغلقة",
                "المستحق الرد عليها",
                "أُجيب عنها خلال المدة",
                "نسبة الرد خلال المدة",
            ],
            rows,
            [4.5 * q, 3 * q, 3 * q, 3.3 * q, 3.2 * q, 3 * q],
            numeric=range(1, 6),
            size=9,
        )
    )
    return story


def overdue(writer: Writer, f: Figures, limit: int) -> list[Flowable]:
    story = writer.heading("سابعاً: الطلبات المتأخرة في نهاية الفترة")
    total = f.totals.overdue_at_end
    if not total:
        story.append(writer.paragraph("لا توجد طلبات متأخرة في نهاية الفترة."))
        return story
    shown = f.overdue[:limit]
    note = f"عدد الطلبات المتأخرة في نهاية الفترة {count(total)}"
    if total > len(shown):
        rest = (
            "والقائمة الكاملة في ملف Excel المرافق"
            if len(f.overdue) >= total
            else f"وأطول {count(len(f.overdue))} منها في ملف Excel المرافق"
        )
        note += f"؛ يعرض الجدول أطول {count(len(shown))} منها تأخراً، {rest}."
    else:
        note += "، مرتبة من الأطول تأخراً."
    story.append(writer.paragraph(note, 9, color=MUTED))
    rows = [
        [
            str(i),
            c.reference,
            c.registered_on.isoformat(),
            c.kind,
            c.category,
            c.entity,
            c.deadline.isoformat(),
            count(c.days_late),
            c.status_now,
        ]
        for i, c in enumerate(shown, start=1)
    ]
    w = WIDTH / 180
    story.append(
        writer.table(
            [
                "ت",
                "الرقم المرجعي",
                "تاريخ التسجيل",
                "النوع",
                "الفئة",
                "الجهة المعنية",
                "الموعد المحدد",
                "أيام التأخير",
                "الحالة الآن",
            ],
            rows,
            [8 * w, 37 * w, 17 * w, 12 * w, 26 * w, 30 * w, 17 * w, 12 * w, 21 * w],
            numeric=(0, 1, 2, 6, 7),
            size=7.5,
        )
    )
    return story


def amendments(writer: Writer, items: Sequence[AmendmentView]) -> list[Flowable]:
    story = writer.heading("ثامناً: التعديلات على أشهر مقفلة منذ آخر تقرير")
    if not items:
        story.append(writer.paragraph("لم تُسجّل تعديلات على طلبات الأشهر المقفلة منذ آخر تقرير."))
        return story
    story.append(
        writer.paragraph(
            "طلبات من أشهر أُقفلت تقاريرها ثم جرى عليها إجراء بعد الإقفال؛ أرقام تلك التقارير لم تتغير، "
            "وتُذكر هنا للعلم.",
            9,
            color=MUTED,
        )
    )
    rows = [
        [str(i), a.reference, a.month, a.event, f"{a.at:%Y-%m-%d %H:%M}", a.user]
        for i, a in enumerate(items, start=1)
    ]
    w = WIDTH / 180
    story.append(
        writer.table(
            ["ت", "الرقم المرجعي", "الشهر المقفل", "الإجراء", "التاريخ", "الموظف"],
            rows,
            [8 * w, 42 * w, 20 * w, 38 * w, 28 * w, 44 * w],
            numeric=(0, 1, 2, 4),
            size=8.5,
        )
    )
    return story


def _measure_cells(label: str, m: Measures) -> list[str]:
    return [
        label,
        count(m.received),
        count(m.closed),
        count(m.open_at_end),
        count(m.overdue_at_end),
        percent(m.resolution_rate),
        percent(m.within_sla_share),
        f"{days(m.avg_days_to_first_answer)} / {days(m.median_days_to_first_answer)}",
        f"{days(m.avg_days_to_close)} / {days(m.median_days_to_close)}",
        f"{score(m.avg_satisfaction)} / {percent(m.satisfied_share)}",
    ]


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
    target = r.kpi.target
    shown = f"{target:g}" + {"percent": "%", "days": " يوم"}.get(r.kpi.unit, "")
    return f"{shown} {bound}"


def _verdict(r: KpiResult) -> str:
    return "لا بيانات" if r.met is None else "متحقق" if r.met else "غير متحقق"
