"""The ITRS report (seed 000) of a month, quarter, year or any period: an A4 PDF, Arabic, right to left.

Every string goes through `_Report.text` (reshaped and reordered by reports/arabic.py, one line at a
time) and is remembered, so a test can check the font has a glyph for every character printed.
Tables put their first column on the right and repeat their header on each page they run onto.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from csd_desktop.services.figures import Breakdown, Measures
from csd_desktop.services.kpis import KpiResult
from csd_desktop.services.month_close import ReportData

from . import arabic
from .arabic import FONT, FONT_BOLD

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 15 * mm
WIDTH = PAGE_WIDTH - 2 * MARGIN
OVERDUE_IN_PDF = 100

NAVY = colors.HexColor("#1F3A5F")
TEAL = colors.HexColor("#2A7F8E")
SAND = colors.HexColor("#C9A227")
ZEBRA = colors.HexColor("#F1F4F8")
RULE = colors.HexColor("#B8C2CE")
GREEN = colors.HexColor("#DDF1E3")
RED = colors.HexColor("#F8DEDC")
GREY = colors.HexColor("#ECEEF1")
TEXT = colors.HexColor("#1B1F24")
MUTED = colors.HexColor("#5B6573")

LRM = "\u200e"
TITLES = {
    "month": "التقرير الشهري لمكتب شؤون المواطنين",
    "quarter": "التقرير الفصلي لمكتب شؤون المواطنين",
    "year": "التقرير السنوي لمكتب شؤون المواطنين",
    "custom": "تقرير مكتب شؤون المواطنين لفترة محددة",
}
SYSTEM = "نظام متابعة وتقارير شؤون المواطنين (ITRS)"
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
        return _signed(now - before, 1) + " نقطة"
    return _signed(now - before, 2 if kind == "score" else 1)


# --- flowables --------------------------------------------------------------------------------------


class _Lines(Flowable):
    """Right-aligned Arabic lines (already wrapped and shaped), drawn top to bottom."""

    def __init__(
        self,
        lines: Sequence[str],
        font: str,
        size: float,
        leading: float,
        color: Any = TEXT,
        *,
        centre: bool = False,
        rule: Any = None,
        space_after: float = 0,
    ) -> None:
        super().__init__()
        self.lines, self.font, self.size, self.leading = list(lines), font, size, leading
        self.color, self.centre, self.rule, self.space_after = color, centre, rule, space_after

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = len(self.lines) * self.leading + self._below
        return self.width, self.height

    @property
    def _below(self) -> float:
        return self.space_after + (4 if self.rule is not None else 0)

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(self.color)
        c.setFont(self.font, self.size)
        y = self.height
        for line in self.lines:
            y -= self.leading
            baseline = y + 0.32 * self.leading  # room for Arabic descenders below the baseline
            if self.centre:
                c.drawCentredString(self.width / 2, baseline, line)
            else:
                c.drawRightString(self.width, baseline, line)
        if self.rule is not None:
            c.setStrokeColor(self.rule)
            c.setLineWidth(1.2)
            c.line(0, self.space_after + 1.5, self.width, self.space_after + 1.5)


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    printed: tuple[str, ...]  # every string printed, in logical order (for the glyph check)


class _Report:
    def __init__(self, data: ReportData) -> None:
        self.data = data
        self.f = data.figures
        self.printed: list[str] = []

    # -- text --

    def text(self, value: str, font: str = FONT, size: float = 9, width: float | None = None) -> str:
        self.printed.append(value)
        return arabic.cell(value, font, size, width)

    def paragraph(self, value: str, size: float = 10, *, font: str = FONT, color: Any = TEXT) -> _Lines:
        self.printed.append(value)
        lines = [arabic.visual(line) for line in arabic.wrap(value, font, size, WIDTH)]
        return _Lines(lines, font, size, 1.75 * size, color, space_after=2)

    def heading(self, value: str) -> list[Flowable]:
        self.printed.append(value)
        return [
            CondPageBreak(45 * mm),
            Spacer(1, 4 * mm),
            _Lines([arabic.visual(value)], FONT_BOLD, 13, 22, NAVY, rule=SAND, space_after=3 * mm),
        ]

    # -- tables --

    def table(
        self,
        header: Sequence[str] | None,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        numeric: Sequence[int] = (),
        size: float = 8.5,
        bold_last: bool = False,
        extra: Sequence[tuple[Any, ...]] = (),
    ) -> Table:
        """A table in logical column order (the first column is drawn on the right); the header row,
        if any, is repeated on every page the table runs onto. `extra` styles use logical columns."""
        n = len(widths)
        pad = 3
        leading = size * 1.45

        def cells(row: Sequence[str], font: str) -> list[str]:
            return [self.text(v, font, size, w - 2 * pad) for v, w in zip(row, widths, strict=True)][::-1]

        data = [cells(header, FONT_BOLD)] if header else []
        data += [
            cells(r, FONT_BOLD if bold_last and i == len(rows) - 1 else FONT) for i, r in enumerate(rows)
        ]
        first = 1 if header else 0
        col = lambda logical: n - 1 - logical  # noqa: E731 - the drawn column of a logical one
        style: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), FONT, size, leading),
            ("TEXTCOLOR", (0, 0), (-1, -1), TEXT),
            ("ROWBACKGROUNDS", (0, first), (-1, -1), [colors.white, ZEBRA]),
            ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("BOX", (0, 0), (-1, -1), 0.6, NAVY),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
        if header:
            style += [
                ("FONT", (0, 0), (-1, 0), FONT_BOLD, size, leading),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("BACKGROUND", (0, 0), (-1, 0), NAVY),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ]
        for logical in numeric:
            style.append(("ALIGN", (col(logical), first), (col(logical), -1), "CENTER"))
        if bold_last and rows:
            style += [
                ("FONT", (0, -1), (-1, -1), FONT_BOLD, size, leading),
                ("BACKGROUND", (0, -1), (-1, -1), GREY),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, NAVY),
            ]
        for name, (c0, r0), (c1, r1), *args in extra:
            style.append((name, (col(c1), r0), (col(c0), r1), *args))
        return Table(
            data, colWidths=list(widths)[::-1], repeatRows=first, hAlign="RIGHT", style=TableStyle(style)
        )

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
        status = (
            "تقرير نهائي — أُقفل به الشهر، وما يطرأ بعده على طلباته يُذكر في التقرير التالي"
            if d.final
            else "مسودة — لم يُقفل الشهر بعد، وقد تتغير الأرقام"
        )
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
            _Lines([arabic.visual(title)], FONT_BOLD, 19, 30, NAVY, centre=True),
            _Lines([arabic.visual(f.period_label)], FONT_BOLD, 14, 24, TEAL, centre=True, space_after=4 * mm),
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

    def kpis(self) -> list[Flowable]:
        story = self.heading("ثانياً: مؤشرات الأداء")
        if not self.data.kpis:
            story.append(self.paragraph("لا توجد مؤشرات أداء مفعّلة لهذه الفترة."))
            return story
        rows, extra = [], []
        for i, r in enumerate(self.data.kpis, start=1):
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
                    self.table(
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
        story.append(self._bars("الطلبات المستلمة حسب الفئة", categories[:18], TEAL))
        story.append(Spacer(1, 4 * mm))
        story.append(self._bars("الطلبات المستلمة حسب الجهة المعنية (أكثر 15 جهة)", entities[:15], NAVY))
        story.append(CondPageBreak(74 * mm))
        story.append(Spacer(1, 3 * mm))
        story.append(self._trend_chart())
        return story

    def _label(
        self,
        d: Drawing,
        x: float,
        y: float,
        value: str,
        size: float = 8.5,
        *,
        font: str = FONT,
        colour: Any = TEXT,
        anchor: str = "end",
    ) -> None:
        """A chart label: Arabic shaped and reordered like every other string, and remembered."""
        self.printed.append(value)
        d.add(
            String(
                x, y, arabic.visual(value), fontName=font, fontSize=size, fillColor=colour, textAnchor=anchor
            )
        )

    def _bars(self, title: str, items: Sequence[tuple[str, int]], colour: Any) -> Drawing:
        """Horizontal bars growing leftwards from their labels on the right."""
        bar, gap, label_w, top = 9.0, 3.4, 58 * mm, 22
        height = top + max(1, len(items)) * (bar + gap) + 4
        d = Drawing(WIDTH, height)
        self._label(d, WIDTH, height - 13, title, 10.5, font=FONT_BOLD, colour=NAVY)
        if not items:
            self._label(d, WIDTH - 4, height - 34, "لا توجد طلبات في هذه الفترة.", 9)
            return d
        most = max(v for _, v in items) or 1
        span = WIDTH - label_w - 28 * mm
        x_right = WIDTH - label_w
        d.add(Line(x_right, 2, x_right, height - top + 2, strokeColor=RULE, strokeWidth=0.8))
        for i, (label, value) in enumerate(items):
            y = height - top - (i + 1) * (bar + gap) + gap / 2
            length = span * value / most
            lines = arabic.wrap(label, FONT, 8.5, label_w - 6)
            self._label(d, WIDTH - 2, y + 2.5, lines[0] if len(lines) == 1 else lines[0] + "…")
            d.add(Rect(x_right - length, y, length, bar, fillColor=colour, strokeColor=None))
            self._label(d, x_right - length - 3, y + 2.5, count(value), 8, colour=MUTED)
        return d

    def _trend_chart(self) -> Drawing:
        """Received and closed over twelve months; time runs right to left, the axis is on the right."""
        points = self.f.trend
        height, bottom, top = 70 * mm, 15 * mm, 15 * mm
        axis_x, left = WIDTH - 14 * mm, 4 * mm
        d = Drawing(WIDTH, height)
        title = "الطلبات المستلمة والمغلقة خلال اثني عشر شهراً"
        self._label(d, WIDTH, height - 12, title, 10.5, font=FONT_BOLD, colour=NAVY)
        most = max([p.received for p in points] + [p.closed for p in points] + [1])
        step = _nice_step(most)
        ceiling = step * -(-most // step)
        plot_h = height - bottom - top
        y_of = lambda v: bottom + plot_h * v / ceiling  # noqa: E731
        for tick in range(0, ceiling + 1, step):
            y = y_of(tick)
            d.add(Line(left, y, axis_x, y, strokeColor=GREY if tick else RULE, strokeWidth=0.6))
            self._label(d, axis_x + 2, y - 3, count(tick), 7.5, colour=MUTED, anchor="start")
        slot = (axis_x - left) / len(points)
        x_of = lambda i: axis_x - slot * (i + 0.5)  # noqa: E731 - the oldest month on the right
        for i, p in enumerate(points):
            month, year = p.label.rsplit(" ", 1)
            self._label(d, x_of(i), bottom - 10, month, 7, anchor="middle")
            self._label(d, x_of(i), bottom - 19, year, 6.5, colour=MUTED, anchor="middle")
        for series, colour in (("received", NAVY), ("closed", SAND)):
            xy: list[float] = []
            for i, p in enumerate(points):
                xy += [x_of(i), y_of(getattr(p, series))]
            d.add(PolyLine(xy, strokeColor=colour, strokeWidth=1.8))
            for i in range(0, len(xy), 2):
                d.add(Rect(xy[i] - 1.6, xy[i + 1] - 1.6, 3.2, 3.2, fillColor=colour, strokeColor=None))
        for j, (colour, name) in enumerate(((NAVY, "المستلمة"), (SAND, "المغلقة"))):
            x = WIDTH - 4 - j * 32 * mm
            d.add(Rect(x - 8, height - 25, 8, 3, fillColor=colour, strokeColor=None))
            self._label(d, x - 12, height - 26, name)
        return d

    def breakdowns(self) -> list[Flowable]:
        story = self.heading("رابعاً: التوزيع حسب النوع والفئة والجهة والمنطقة والقناة والجنس والأولوية")
        for breakdown in self.f.breakdowns:
            story += self._breakdown(breakdown)
        return story

    def _breakdown(self, b: Breakdown) -> list[Flowable]:
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
            rows.append(_measure_cells("المجموع", self.f.totals))
        w = WIDTH / 180
        widths = [34 * w, 14 * w, 14 * w, 15 * w, 15 * w, 15 * w, 15 * w, 20 * w, 20 * w, 18 * w]
        story: list[Flowable] = [CondPageBreak(40 * mm), Spacer(1, 3 * mm)]
        self.printed.append(f"حسب {b.label}")
        story.append(
            _Lines([arabic.visual(f"حسب {b.label}")], FONT_BOLD, 10.5, 17, TEAL, space_after=1.5 * mm)
        )
        story.append(
            self.table(header, rows, widths, numeric=range(1, 10), size=7.8, bold_last=not overlapping)
        )
        if overlapping:
            story.append(
                self.paragraph(
                    "فئات الأولوية متداخلة: قد يُحسب المواطن في أكثر من فئة، لذا لا يُجمع الجدول.",
                    8,
                    color=MUTED,
                )
            )
        return story

    def recurring(self) -> list[Flowable]:
        story = self.heading("خامساً: المشكلات المتكررة (أكثر الفئات تكراراً في كل قضاء)")
        if not self.f.recurring:
            story.append(self.paragraph("لم تُسجّل طلبات في هذه الفترة."))
            return story
        rows = [
            [str(i), r.category_label, r.district_label, count(r.received), count(r.open_at_end)]
            for i, r in enumerate(self.f.recurring, start=1)
        ]
        q = WIDTH / 20
        story.append(
            self.table(
                ["ت", "الفئة", "القضاء", "الطلبات المستلمة", "المفتوحة منها في نهاية الفترة"],
                rows,
                [1.2 * q, 6.8 * q, 4.5 * q, 3.5 * q, 4 * q],
                numeric=(0, 3, 4),
                size=9,
            )
        )
        return story

    def trend(self) -> list[Flowable]:
        story = self.heading("سادساً: الاتجاه خلال اثني عشر شهراً")
        rows = [
            [
                p.label,
                count(p.received),
                count(p.closed),
                count(p.first_answers_due),
                count(p.answered_within_sla),
                percent(p.within_sla_share),
            ]
            for p in self.f.trend
        ]
        q = WIDTH / 20
        story.append(
            self.table(
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

    def overdue(self) -> list[Flowable]:
        f = self.f
        story = self.heading("سابعاً: الطلبات المتأخرة في نهاية الفترة")
        total = f.totals.overdue_at_end
        if not total:
            story.append(self.paragraph("لا توجد طلبات متأخرة في نهاية الفترة."))
            return story
        shown = f.overdue[:OVERDUE_IN_PDF]
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
        story.append(self.paragraph(note, 9, color=MUTED))
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
            self.table(
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

    def amendments(self) -> list[Flowable]:
        story = self.heading("ثامناً: التعديلات على أشهر مقفلة منذ آخر تقرير")
        items = self.data.amendments
        if not items:
            story.append(self.paragraph("لم تُسجّل تعديلات على طلبات الأشهر المقفلة منذ آخر تقرير."))
            return story
        story.append(
            self.paragraph(
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
            self.table(
                ["ت", "الرقم المرجعي", "الشهر المقفل", "الإجراء", "التاريخ", "الموظف"],
                rows,
                [8 * w, 42 * w, 20 * w, 38 * w, 28 * w, 44 * w],
                numeric=(0, 1, 2, 4),
                size=8.5,
            )
        )
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
        canvas.drawString(MARGIN, 8 * mm, arabic.visual(f"CSD Desktop — {self.data.prepared_on.isoformat()}"))
        canvas.restoreState()

    def furniture_strings(self, pages: int) -> list[str]:
        f = self.f
        return [
            f.office_name,
            f"{TITLES[f.period.kind]} — {f.period_label}",
            f"الصفحة {pages} من {pages}",
            f"{f.office_code} — {f.period_label}",
            f"CSD Desktop — {self.data.prepared_on.isoformat()}",
        ]


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


def _nice_step(most: int) -> int:
    """A round tick step giving four to eight gridlines."""
    for step in (
        1,
        2,
        5,
        10,
        20,
        25,
        50,
        100,
        200,
        250,
        500,
        1000,
        2000,
        2500,
        5000,
        10000,
        20000,
        25000,
        50000,
    ):
        if most / step <= 8:
            return step
    return 100000


def render(data: ReportData) -> Rendered:
    """The report as PDF bytes, with every string it printed."""
    arabic.register_fonts()
    report = _Report(data)
    story: list[Flowable] = [
        *report.cover(),
        *report.summary(),
        *report.kpis(),
        *report.charts(),
        *report.breakdowns(),
        *report.recurring(),
        *report.trend(),
        *report.overdue(),
        *report.amendments(),
        *report.notes(),
        *report.signatures(),
    ]
    out = io.BytesIO()
    f = data.figures
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
