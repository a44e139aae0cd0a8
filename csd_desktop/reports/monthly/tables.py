"""The report's tables, one section each, as small functions of the report's data: the breakdowns,
recurring problems, the trend, the overdue cases and the amendments."""

from __future__ import annotations

from reportlab.platypus import Flowable

from csd_desktop.services.figures import Breakdown, Measures
from csd_desktop.services.month_close import ReportData

from ...i18n import D_
from .flowables import MUTED, WIDTH, Writer
from .wording import TOTAL, count, days, overlapping, percent, score

OVERDUE_IN_PDF = 100  # the longest overdue; the workbook lists them all (or the longest figures kept)


def breakdowns(w: Writer, data: ReportData) -> list[Flowable]:
    story = w.heading(D_("رابعاً: التوزيع حسب النوع والفئة والجهة والمنطقة والقناة والجنس والأولوية"))
    for breakdown in data.figures.breakdowns:
        story += _breakdown(w, breakdown, data.figures.totals)
    return story


def _breakdown(w: Writer, b: Breakdown, totals: Measures) -> list[Flowable]:
    header = [
        b.label,
        D_("المستلمة"),
        D_("المغلقة"),
        D_("المفتوحة في نهاية الفترة"),
        D_("المتأخرة في نهاية الفترة"),
        D_("نسبة المعالجة"),
        D_("الرد خلال المدة"),
        D_("أيام أول رد: متوسط / وسيط"),
        D_("أيام الإغلاق: متوسط / وسيط"),
        D_("الرضا: متوسط / نسبة"),
    ]
    rows = [_measure_cells(r.label, r.measures) for r in b.rows]
    summed = not overlapping(b.dimension)
    if summed:
        rows.append(_measure_cells(TOTAL, totals))
    u = WIDTH / 180
    widths = [34 * u, 14 * u, 14 * u, 15 * u, 15 * u, 15 * u, 15 * u, 20 * u, 20 * u, 18 * u]
    story = w.subheading(D_("حسب {label}").format(label=b.label))
    story.append(w.table(header, rows, widths, numeric=range(1, 10), size=7.8, bold_last=summed))
    if not summed:
        story.append(
            w.paragraph(
                D_("فئات الأولوية متداخلة: قد يُحسب المواطن في أكثر من فئة، لذا لا يُجمع الجدول."),
                8,
                color=MUTED,
            )
        )
    return story


def recurring(w: Writer, data: ReportData) -> list[Flowable]:
    story = w.heading(D_("خامساً: المشكلات المتكررة (أكثر الفئات تكراراً في كل قضاء)"))
    if not data.figures.recurring:
        story.append(w.paragraph(D_("لم تُسجّل طلبات في هذه الفترة.")))
        return story
    rows = [
        [str(i), r.category_label, r.district_label, count(r.received), count(r.open_at_end)]
        for i, r in enumerate(data.figures.recurring, start=1)
    ]
    q = WIDTH / 20
    story.append(
        w.table(
            [D_("ت"), D_("الفئة"), D_("القضاء"), D_("الطلبات المستلمة"), D_("المفتوحة منها في نهاية الفترة")],
            rows,
            [1.2 * q, 6.8 * q, 4.5 * q, 3.5 * q, 4 * q],
            numeric=(0, 3, 4),
            size=9,
        )
    )
    return story


def trend(w: Writer, data: ReportData) -> list[Flowable]:
    story = w.heading(D_("سادساً: الاتجاه خلال اثني عشر شهراً"))
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
                D_("الشهر"),
                D_("المستلمة"),
                D_("المغلقة"),
                D_("المستحق الرد عليها"),
                D_("أُجيب عنها خلال المدة"),
                D_("نسبة الرد خلال المدة"),
            ],
            rows,
            [4.5 * q, 3 * q, 3 * q, 3.3 * q, 3.2 * q, 3 * q],
            numeric=range(1, 6),
            size=9,
        )
    )
    return story


def overdue(w: Writer, data: ReportData) -> list[Flowable]:
    story = w.heading(D_("سابعاً: الطلبات المتأخرة في نهاية الفترة"))
    listed, total = data.figures.overdue, data.figures.totals.overdue_at_end
    if not total:
        story.append(w.paragraph(D_("لا توجد طلبات متأخرة في نهاية الفترة.")))
        return story
    shown = listed[:OVERDUE_IN_PDF]
    note = D_("عدد الطلبات المتأخرة في نهاية الفترة {value}").format(value=count(total))
    if total > len(shown):
        rest = (
            D_("والقائمة الكاملة في ملف Excel المرافق")
            if len(listed) >= total
            else D_("وأطول {value} منها في ملف Excel المرافق").format(value=count(len(listed)))
        )
        note += D_("؛ يعرض الجدول أطول {value} منها تأخراً، {rest}.").format(
            value=count(len(shown)), rest=rest
        )
    else:
        note += D_("، مرتبة من الأطول تأخراً.")
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
                D_("ت"),
                D_("الرقم المرجعي"),
                D_("تاريخ التسجيل"),
                D_("النوع"),
                D_("الفئة"),
                D_("الجهة المعنية"),
                D_("الموعد المحدد"),
                D_("أيام التأخير"),
                D_("الحالة الآن"),
            ],
            rows,
            [8 * u, 37 * u, 17 * u, 12 * u, 26 * u, 30 * u, 17 * u, 12 * u, 21 * u],
            numeric=(0, 1, 2, 6, 7),
            size=7.5,
        )
    )
    return story


def amendments(w: Writer, data: ReportData) -> list[Flowable]:
    story = w.heading(D_("ثامناً: التعديلات على أشهر مقفلة منذ آخر تقرير"))
    if not data.amendments:
        story.append(w.paragraph(D_("لم تُسجّل تعديلات على طلبات الأشهر المقفلة منذ آخر تقرير.")))
        return story
    story.append(
        w.paragraph(
            D_(
                "طلبات من أشهر أُقفلت تقاريرها ثم جرى عليها إجراء بعد الإقفال؛ أرقام تلك التقارير لم تتغير، "
                "وتُذكر هنا للعلم."
            ),
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
            [D_("ت"), D_("الرقم المرجعي"), D_("الشهر المقفل"), D_("الإجراء"), D_("التاريخ"), D_("الموظف")],
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
