"""The report's tables, one section each, as small functions of the report's data: the breakdowns,
recurring problems, the trend, the overdue cases and the amendments."""

from __future__ import annotations

from reportlab.platypus import Flowable

from csd_desktop.services.figures import Breakdown, Measures
from csd_desktop.services.month_close import ReportData

from .flowables import MUTED, WIDTH, Writer
from .wording import TOTAL, count, days, overlapping, percent, score

OVERDUE_IN_PDF = 100  # the longest overdue; the workbook lists them all (or the longest figures kept)


def breakdowns(w: Writer, data: ReportData) -> list[Flowable]:
    story = w.heading("رابعاً: التوزيع حسب النوع والفئة والجهة والمنطقة والقناة والجنس والأولوية")
    for breakdown in data.figures.breakdowns:
        story += _breakdown(w, breakdown, data.figures.totals)
    return story


def _breakdown(w: Writer, b: Breakdown, totals: Measures) -> list[Flowable]:
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
    summed = not overlapping(b.dimension)
    if summed:
        rows.append(_measure_cells(TOTAL, totals))
    u = WIDTH / 180
    widths = [34 * u, 14 * u, 14 * u, 15 * u, 15 * u, 15 * u, 15 * u, 20 * u, 20 * u, 18 * u]
    story = w.subheading(f"حسب {b.label}")
    story.append(w.table(header, rows, widths, numeric=range(1, 10), size=7.8, bold_last=summed))
    if not summed:
        story.append(
            w.paragraph(
                "فئات الأولوية متداخلة: قد يُحسب المواطن في أكثر من فئة، لذا لا يُجمع الجدول.",
                8,
                color=MUTED,
            )
        )
    return story


def recurring(w: Writer, data: ReportData) -> list[Flowable]:
    story = w.heading("خامساً: المشكلات المتكررة (أكثر الفئات تكراراً في كل قضاء)")
    if not data.figures.recurring:
        story.append(w.paragraph("لم تُسجّل طلبات في هذه الفترة."))
        return story
    rows = [
        [str(i), r.category_label, r.district_label, count(r.received), count(r.open_at_end)]
        for i, r in enumerate(data.figures.recurring, start=1)
    ]
    q = WIDTH / 20
    story.append(
        w.table(
            ["ت", "الفئة", "القضاء", "الطلبات المستلمة", "المفتوحة منها في نهاية الفترة"],
            rows,
            [1.2 * q, 6.8 * q, 4.5 * q, 3.5 * q, 4 * q],
            numeric=(0, 3, 4),
            size=9,
        )
    )
    return story


def trend(w: Writer, data: ReportData) -> list[Flowable]:
    story = w.heading("سادساً: الاتجاه خلال اثني عشر شهراً")
    rows = [
        [
            p.label,
            count(p.received),
            count(p.closed),
            count(p.first_answers_due),
            count(p.answered_within_sla),
            percent(p.within_sla_share),
        ]
        for p in data.figures.trend
    ]
    q = WIDTH / 20
    story.append(
        w.table(
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


def overdue(w: Writer, data: ReportData) -> list[Flowable]:
    story = w.heading("سابعاً: الطلبات المتأخرة في نهاية الفترة")
    listed, total = data.figures.overdue, data.figures.totals.overdue_at_end
    if not total:
        story.append(w.paragraph("لا توجد طلبات متأخرة في نهاية الفترة."))
        return story
    shown = listed[:OVERDUE_IN_PDF]
    note = f"عدد الطلبات المتأخرة في نهاية الفترة {count(total)}"
    if total > len(shown):
        rest = (
            "والقائمة الكاملة في ملف Excel المرافق"
            if len(listed) >= total
            else f"وأطول {count(len(listed))} منها في ملف Excel المرافق"
        )
        note += f"؛ يعرض الجدول أطول {count(len(shown))} منها تأخراً، {rest}."
    else:
        note += "، مرتبة من الأطول تأخراً."
    story.append(w.paragraph(note, 9, color=MUTED))
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
    u = WIDTH / 180
    story.append(
        w.table(
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
            [8 * u, 37 * u, 17 * u, 12 * u, 26 * u, 30 * u, 17 * u, 12 * u, 21 * u],
            numeric=(0, 1, 2, 6, 7),
            size=7.5,
        )
    )
    return story


def amendments(w: Writer, data: ReportData) -> list[Flowable]:
    story = w.heading("ثامناً: التعديلات على أشهر مقفلة منذ آخر تقرير")
    if not data.amendments:
        story.append(w.paragraph("لم تُسجّل تعديلات على طلبات الأشهر المقفلة منذ آخر تقرير."))
        return story
    story.append(
        w.paragraph(
            "طلبات من أشهر أُقفلت تقاريرها ثم جرى عليها إجراء بعد الإقفال؛ أرقام تلك التقارير لم تتغير، "
            "وتُذكر هنا للعلم.",
            9,
            color=MUTED,
        )
    )
    rows = [
        [str(i), a.reference, a.month, a.event, f"{a.at:%Y-%m-%d %H:%M}", a.user]
        for i, a in enumerate(data.amendments, start=1)
    ]
    u = WIDTH / 180
    story.append(
        w.table(
            ["ت", "الرقم المرجعي", "الشهر المقفل", "الإجراء", "التاريخ", "الموظف"],
            rows,
            [8 * u, 42 * u, 20 * u, 38 * u, 28 * u, 44 * u],
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
