"""The ITRS report (seed 000) of a month, quarter, year or any period: an A4 PDF, Arabic, right to left.

Every string goes through `Writer.text` (reports/monthly_layout.py: reshaped and reordered by
reports/arabic.py, one line at a time) and is remembered, so a test can check the font has a glyph for
every character printed.
Tables put their first column on the right and repeat their header on each page they run onto.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from csd_desktop.services.month_close import ReportData

from . import arabic
from . import monthly_tables as tables
from .arabic import FONT, FONT_BOLD
from .charts import bars, trend_chart
from .monthly_layout import (
    GREEN,
    GREY,
    MARGIN,
    MUTED,
    NAVY,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    TEAL,
    WIDTH,
    Lines,
    Writer,
    change,
    count,
    days,
    percent,
    score,
)

OVERDUE_IN_PDF = 100

TITLES = {
    "month": "التقرير الشهري لمكتب شؤون المواطنين",
    "quarter": "التقرير الفصلي لمكتب شؤون المواطنين",
    "year": "التقرير السنوي لمكتب شؤون المواطنين",
    "custom": "تقرير مكتب شؤون المواطنين لفترة محددة",
}
SYSTEM = "نظام متابعة وتقارير شؤون المواطنين (ITRS)"
# Only a month is locked. A quarter, a year or any other period is always worked out from the data of
# the day it is printed, so its banner says so in its own words, not the month's.
FINAL_BANNER = "تقرير نهائي — أُقفل به الشهر، وما يطرأ بعده على طلباته يُذكر في التقرير التالي"
DRAFT_BANNERS = {
    "month": "مسودة — لم يُقفل الشهر بعد، وقد تتغير الأرقام",
    "quarter": "مسودة — أرقام الربع محسوبة من بيانات يوم الإعداد، وقد تتغير حتى تُقفل أشهره الثلاثة",
    "year": "مسودة — أرقام السنة محسوبة من بيانات يوم الإعداد، وقد تتغير حتى تُقفل أشهرها",
    "custom": "مسودة — أرقام الفترة محسوبة من بيانات يوم الإعداد، وقد تتغير",
}
# The page footer's own words: the system's Arabic name and the day the report was prepared.
PRINTED_BY = "أُعدّ بنظام شؤون المواطنين في {day}"
DEFINITIONS = (
    "المستلمة: الطلبات المسجّلة خلال الفترة.",
    "المغلقة: الطلبات التي أُغلقت خلال الفترة وبقيت مغلقة في نهايتها؛ يُحسب الطلب في شهر إغلاقه "
    "لا في شهر تسجيله، والطلب المعاد فتحه يُحسب بحسب سجلّه في نهاية الفترة.",
    "المفتوحة في نهاية الفترة: الطلبات المسجّلة قبل نهاية الفترة ولم تكن مغلقة عند نهايتها.",
    "المتأخرة: المفتوحة في نهاية الفترة وقد انقضى يوم الرد الأول عليها دون رد، أو انقضى موعد "
    "معالجتها؛ وأيام التأخير أيام تقويمية حتى اليوم التالي لنهاية الفترة.",
    "الرد خلال المدة: من الطلبات التي حلّ يوم الرد الأول عليها خلال الفترة، نسبة ما أُجيب عنه في ذلك "
    "اليوم أو قبله. المواعيد بأيام العمل (من الأحد إلى الخميس) بعد استبعاد العطل الرسمية.",
    "الأيام: أيام تقويمية من تسجيل الطلب حتى أول رد على المواطن أو حتى الإغلاق؛ والوسيط هو القيمة "
    "التي يقع نصف الطلبات دونها.",
    "الرضا: درجة المواطن من 1 إلى 5 للطلبات المغلقة خلال الفترة؛ والراضون من أعطى 4 أو 5.",
)


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    printed: tuple[str, ...]  # every string printed, in logical order (for the glyph check)


class _Report(Writer):
    def __init__(self, data: ReportData) -> None:
        super().__init__()
        self.data = data
        self.f = data.figures

    # -- sections --

    def cover(self) -> list[Flowable]:
        f, d = self.f, self.data
        left = [SYSTEM, f"رمز المكتب: {f.office_code}"]
        right = ["جمهورية العراق", f"محافظة {f.governorate}", f.office_name]
        masthead = Table(
            [[self.text("\n".join(left), FONT, 9.5), self.text("\n".join(right), FONT_BOLD, 10.5)]],
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
        title = TITLES[f.period.kind]
        self.printed += [title, f.period_label]
        # The same words when the month is locked and when it is printed again later: a reprint of a
        # locked report is the same file, byte for byte (its hash is stored with the lock).
        status = FINAL_BANNER if d.final else DRAFT_BANNERS[f.period.kind]
        period = f"من {f.period.start.isoformat()} إلى {f.period.last_day.isoformat()}"
        info = [
            ("المكتب", f"{f.office_name} ({f.office_code})", "المحافظة", f.governorate),
            ("الفترة", period, "المقارنة مع", f.previous_label),
            ("أعدّه", d.prepared_by, "تاريخ الإعداد", d.prepared_on.isoformat()),
        ]
        q = WIDTH / 16
        facts = self.table(
            None,
            [list(r) for r in info],
            [3 * q, 6 * q, 3 * q, 4 * q],
            size=9.5,
            extra=[
                ("FONT", (0, 0), (0, -1), FONT_BOLD, 9.5, 14),
                ("FONT", (2, 0), (2, -1), FONT_BOLD, 9.5, 14),
                ("BACKGROUND", (0, 0), (0, -1), GREY),
                ("BACKGROUND", (2, 0), (2, -1), GREY),
            ],
        )
        badge_colour = GREEN if d.final else colors.HexColor("#FFF4D6")
        badge = Table(
            [[self.text(status, FONT_BOLD, 10)]],
            colWidths=[WIDTH],
            style=TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT_BOLD, 10, 15),
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("BACKGROUND", (0, 0), (-1, -1), badge_colour),
                    ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ]
            ),
        )
        return [
            masthead,
            Spacer(1, 5 * mm),
            Lines([arabic.visual(title)], FONT_BOLD, 19, 30, NAVY, centre=True),
            Lines([arabic.visual(f.period_label)], FONT_BOLD, 14, 24, TEAL, centre=True, space_after=4 * mm),
            facts,
            Spacer(1, 3 * mm),
            badge,
        ]

    def summary(self) -> list[Flowable]:
        f = self.f
        t, p = f.totals, f.previous
        story = self.heading("أولاً: الملخص")
        story.append(
            self.paragraph(
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
            [label, fmt(now), fmt(before), change(now, before, kind)]
            for label, now, before, kind, fmt in rows
        ]
        q = WIDTH / 20
        story.append(
            self.table(
                ["البيان", f.period_label, f"{f.previous_label} (للمقارنة)", "التغير"],
                body,
                [8 * q, 4 * q, 4 * q, 4 * q],
                numeric=(1, 2, 3),
                size=9,
            )
        )
        return story

    def charts(self) -> list[Flowable]:
        f = self.f
        story = self.heading("ثالثاً: الرسوم البيانية")
        categories = [
            (r.label, r.measures.received) for r in f.breakdown("category").rows if r.measures.received
        ]
        entities = [
            (r.label, r.measures.received)
            for r in f.breakdown("entity").rows
            if r.key and r.measures.received
        ]
        story.append(bars(self.printed, "الطلبات المستلمة حسب الفئة", categories[:18], TEAL))
        story.append(Spacer(1, 4 * mm))
        story.append(
            bars(self.printed, "الطلبات المستلمة حسب الجهة المعنية (أكثر 15 جهة)", entities[:15], NAVY)
        )
        story.append(CondPageBreak(74 * mm))
        story.append(Spacer(1, 3 * mm))
        story.append(trend_chart(self.printed, f.trend))
        return story

    def notes(self) -> list[Flowable]:
        story = self.heading("تعريفات")
        for line in DEFINITIONS:
            story.append(self.paragraph(f"• {line}", 8.5, color=MUTED))
        return story

    def signatures(self) -> list[Flowable]:
        d = self.data
        dots = "........................................"
        prepared = [
            "أعدّه",
            f"الاسم: {d.prepared_by}",
            f"التوقيع: {dots}",
            f"التاريخ: {d.prepared_on.isoformat()}",
        ]
        approved = [
            "مدير مكتب شؤون المواطنين",
            f"الاسم: {dots}",
            f"التوقيع: {dots}",
            f"التاريخ: {dots}",
            "الختم الرسمي",
        ]
        table = Table(
            [[self.text("\n".join(approved), FONT, 10), self.text("\n".join(prepared), FONT, 10)]],
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
        self.printed += prepared + approved
        return [CondPageBreak(60 * mm), Spacer(1, 8 * mm), table]

    # -- page furniture --

    def header(self, canvas: Canvas, _doc: Any) -> None:
        f = self.f
        top = PAGE_HEIGHT - 10 * mm
        canvas.saveState()
        canvas.setFillColor(MUTED)
        arabic.draw_right(canvas, f.office_name, PAGE_WIDTH - MARGIN, top, FONT, 8.5)
        canvas.setFont(FONT, 8.5)
        canvas.drawString(MARGIN, top, arabic.visual(f"{TITLES[f.period.kind]} — {f.period_label}"))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, top - 3, PAGE_WIDTH - MARGIN, top - 3)
        canvas.restoreState()

    def footer(self, canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, 12 * mm, PAGE_WIDTH - MARGIN, 12 * mm)
        arabic.draw_centred(canvas, f"الصفحة {page} من {pages}", PAGE_WIDTH / 2, 8 * mm, FONT, 8.5)
        arabic.draw_right(
            canvas, f"{self.f.office_code} — {self.f.period_label}", PAGE_WIDTH - MARGIN, 8 * mm, FONT, 8
        )
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN, 8 * mm, arabic.visual(self._printed_by()))
        canvas.restoreState()

    def furniture_strings(self, pages: int) -> list[str]:
        f = self.f
        return [
            f.office_name,
            f"{TITLES[f.period.kind]} — {f.period_label}",
            f"الصفحة {pages} من {pages}",
            f"{f.office_code} — {f.period_label}",
            self._printed_by(),
        ]

    def _printed_by(self) -> str:
        return PRINTED_BY.format(day=self.data.prepared_on.isoformat())


class _NumberedCanvas(Canvas):
    """Holds the pages back until the end, to print "page N of M" on each."""

    def __init__(self, *args: Any, footer: Callable[[Canvas, int, int], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._saved: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved)
        for number, state in enumerate(self._saved, start=1):
            self.__dict__.update(state)
            self._footer(self, number, total)
            super().showPage()
        super().save()


def render(data: ReportData) -> Rendered:
    """The report as PDF bytes, with every string it printed."""
    arabic.register_fonts()
    report = _Report(data)
    f = data.figures
    story: list[Flowable] = [
        *report.cover(),
        *report.summary(),
        *tables.kpis(report, data.kpis),
        *report.charts(),
        *tables.breakdowns(report, f),
        *tables.recurring(report, f),
        *tables.trend(report, f),
        *tables.overdue(report, f, OVERDUE_IN_PDF),
        *tables.amendments(report, data.amendments),
        *report.notes(),
        *report.signatures(),
    ]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=17 * mm,
        bottomMargin=17 * mm,
        title=f"{TITLES[f.period.kind]} — {f.period_label}",
        author=data.prepared_by,
        subject=f"{f.office_code} {f.period.start.isoformat()} / {f.period.end.isoformat()}",
        creator="CSD Desktop",
        invariant=1,  # the same data gives the same bytes, so a locked report's hash can be checked
    )
    pages: list[int] = []

    def footer(canvas: Canvas, page: int, total: int) -> None:
        pages.append(total)
        report.footer(canvas, page, total)

    doc.build(
        story,
        onFirstPage=lambda c, d: None,
        onLaterPages=report.header,
        canvasmaker=partial(_NumberedCanvas, footer=footer),
    )
    printed = [*report.printed, *report.furniture_strings(pages[0] if pages else 1)]
    return Rendered(out.getvalue(), tuple(printed))


def render_report(data: ReportData) -> bytes:
    return render(data).pdf
