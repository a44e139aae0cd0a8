"""The report's figures as an Excel workbook (one right-to-left sheet per table), and the period's
case list as CSV (UTF-8 with a BOM, so Excel opens the Arabic correctly).

Offices print the workbook from their spreadsheet program, so every sheet is set up for A4: one page
wide (landscape when its columns are wide), its header row repeated on every page, the sheet's name and
the period in the page header. Labels are Arabic, never codes; days are real dates. The workbook is
written through reports/xlsx.py (XlsxWriter), quickly enough for a month of 40,000 cases.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import D_
from ..services import files
from .monthly.wording import DEFINITIONS, TITLES, TOTAL, overlapping, verdict
from .xlsx import PageSetup, Sheet, Style, Styled, Workbook, column_letter

if TYPE_CHECKING:  # annotations only: the workbook is written from values the caller already holds
    from csd_desktop.services.figures import Breakdown, CaseLine, Measures
    from csd_desktop.services.month_close import ReportData

NAVY, GREY = "1F3A5F", "ECEEF1"
# readingOrder 2: right to left, so a sentence's full stop and a "%" sit at its Arabic end.
HEADER = Style(
    bold=True, color="FFFFFF", fill=NAVY, horizontal="center", vertical="center", wrap=True, reading_order=2
)
TOTAL_ROW = Style(bold=True, fill=GREY, horizontal="center", vertical="center", wrap=True, reading_order=2)
TITLE = Style(bold=True, size=14, color=NAVY, horizontal="right", vertical="center", reading_order=2)
LABEL = Style(bold=True, reading_order=2)
TEXT = Style(reading_order=2)
PARAGRAPH = Style(wrap=True, vertical="top", horizontal="right", reading_order=2)
DAY = Style(number_format="yyyy-mm-dd")  # the one way a day is written, on screen and in print
MOMENT = Style(number_format="yyyy-mm-dd hh:mm")
MONTH = Style(number_format="yyyy-mm")
DECIMAL = Style(number_format="0.0")  # 62.07 prints as 62.1; the cell keeps 62.07
_NEUTRAL_END = re.compile(r"^[\W_]|[\W_]$")  # "%", ")" or "." at an end moves with the reading order
# Column widths (in Excel's character units) that fit across an A4 page upright; wider sheets turn.
PORTRAIT_WIDTH = 100
DEFINITION_WIDTH = 80


@dataclass(frozen=True)
class Column:
    title: str
    width: float


# Percentages are stored as numbers from 0 to 100 (the column says "%"): plain values Excel can compute with.
MEASURE_COLUMNS: Sequence[tuple[str, Column]] = (
    ("received", Column(D_("المستلمة"), 11)),
    ("closed", Column(D_("المغلقة"), 11)),
    ("resolved", Column(D_("المغلقة بمعالجة الطلب"), 13)),
    ("open_at_end", Column(D_("المفتوحة في نهاية الفترة"), 14)),
    ("overdue_at_end", Column(D_("المتأخرة في نهاية الفترة"), 14)),
    ("resolution_rate", Column(D_("نسبة المعالجة %"), 11)),
    ("first_answers_due", Column(D_("المستحق الرد عليها"), 13)),
    ("answered_within_sla", Column(D_("أُجيب عنها خلال المدة"), 13)),
    ("within_sla_share", Column(D_("نسبة الرد خلال المدة %"), 13)),
    ("overdue_share", Column(D_("نسبة المتأخرة من المفتوحة %"), 14)),
    ("avg_days_to_first_answer", Column(D_("متوسط أيام أول رد"), 12)),
    ("median_days_to_first_answer", Column(D_("وسيط أيام أول رد"), 12)),
    ("avg_days_to_close", Column(D_("متوسط أيام الإغلاق"), 12)),
    ("median_days_to_close", Column(D_("وسيط أيام الإغلاق"), 12)),
    ("rated", Column(D_("الطلبات المقيَّمة"), 11)),
    ("avg_satisfaction", Column(D_("متوسط الرضا (من 5)"), 12)),
    ("satisfied_share", Column(D_("نسبة الرضا (4 أو 5) %"), 12)),
)


def _cell(value: Any) -> Any:
    """Days and moments become real date cells with their format; a style only where it shows."""
    if isinstance(value, datetime):  # local office time, without a zone (Excel has none)
        return Styled(value.replace(tzinfo=None), MOMENT)
    if isinstance(value, date):
        return Styled(value, DAY)
    if isinstance(value, float):
        return Styled(value, DECIMAL)
    if isinstance(value, str) and _NEUTRAL_END.search(value):
        return Styled(value, TEXT)
    return value


def _total(value: Any) -> Styled:
    return Styled(
        value,
        replace(TOTAL_ROW, number_format=DECIMAL.number_format) if isinstance(value, float) else TOTAL_ROW,
    )


def _new_sheet(wb: Workbook, data: ReportData, title: str, widths: Sequence[float], header_row: int) -> Sheet:
    """A right-to-left sheet printed one page wide on A4, turned when the columns are wide, the header
    row on every page, and each page saying which sheet and which period it is (a printed page travels
    without its file)."""
    ws = wb.sheet(title)
    ws.widths = list(widths)
    ws.page = PageSetup(
        landscape=sum(widths) > PORTRAIT_WIDTH,
        title_row=header_row,
        header=f"&A — {data.figures.period_label}",
        footer="&P / &N",
    )
    return ws


def _sheet(
    wb: Workbook,
    data: ReportData,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    heading: str | None = None,
    total_last: bool = False,
) -> None:
    """A table: an optional title line, a bold header, the rows."""
    header_row = 3 if heading else 1
    ws = _new_sheet(wb, data, title, [c.width for c in columns], header_row)
    ws.freeze = f"B{header_row + 1}"
    ws.heights[header_row] = 32
    if heading:
        ws.append([Styled(heading, TITLE)])
        ws.append([])
        ws.merged.append(f"A1:{column_letter(len(columns))}1")  # one title, never cut in two
    ws.append([Styled(c.title, HEADER) for c in columns])
    rows = list(rows)
    for row in rows[:-1] if total_last else rows:
        ws.append([_cell(v) for v in row])
    if total_last and rows:
        ws.append([_total(v) for v in rows[-1]])


def _measure_row(label: str, m: Measures) -> list[Any]:
    return [label, *(getattr(m, key) for key, _ in MEASURE_COLUMNS)]


def _breakdown_sheet(wb: Workbook, data: ReportData, b: Breakdown) -> None:
    columns = [Column(b.label, 30), *(c for _, c in MEASURE_COLUMNS)]
    rows = [_measure_row(r.label, r.measures) for r in b.rows]
    summed = not overlapping(b.dimension)
    if summed:
        rows.append(_measure_row(TOTAL, data.figures.totals))
    _sheet(wb, data, D_("حسب {label}").format(label=b.label), columns, rows, total_last=summed)


def _summary_sheet(wb: Workbook, data: ReportData) -> None:
    figures = data.figures
    facts: list[tuple[str, Any]] = [
        (D_("المكتب"), f"{figures.office_name} ({figures.office_code})"),
        (D_("المحافظة"), figures.governorate),
        (D_("الفترة"), figures.period_label),
        (D_("من"), figures.period.start),
        (D_("إلى"), figures.period.last_day),
        (D_("المقارنة مع"), figures.previous_label),
        (D_("أعدّه"), data.prepared_by),
        (D_("تاريخ الإعداد"), data.prepared_on),
        (D_("حالة التقرير"), D_("نهائي (الشهر مقفل)") if data.final else D_("مسودة")),
    ]
    ws = _new_sheet(wb, data, D_("الملخص"), (30, 48, 18), len(facts) + 3)
    ws.append([Styled(TITLES[figures.period.kind], TITLE)])
    ws.merged.append("A1:C1")  # one title across the page, never cut in two
    for label, value in facts:
        ws.append([Styled(label, LABEL), _cell(value)])
    ws.append([])
    ws.append([Styled(t, HEADER) for t in (D_("البيان"), figures.period_label, figures.previous_label)])
    for key, col in MEASURE_COLUMNS:
        ws.append(
            [_cell(col.title), _cell(getattr(figures.totals, key)), _cell(getattr(figures.previous, key))]
        )


def _month_start(month: str) -> Styled:
    year, number = month.split("-")
    return Styled(date(int(year), int(number), 1), MONTH)


_KPI_COLUMNS = (
    Column(D_("المؤشر"), 48),
    Column(D_("وتيرة القياس"), 12),
    Column(D_("وحدة القياس"), 12),
    Column(D_("الأعلى أفضل"), 11),
    Column(D_("المستهدف"), 11),
    Column(D_("الفعلي"), 11),
    Column(D_("النتيجة"), 12),
)

_RECURRING_COLUMNS = (
    Column(D_("الفئة"), 30),
    Column(D_("القضاء"), 20),
    Column(D_("الطلبات المستلمة"), 14),
    Column(D_("المفتوحة منها في نهاية الفترة"), 16),
)

_TREND_COLUMNS = (
    Column(D_("الشهر"), 18),
    Column(D_("السنة والشهر"), 12),
    Column(D_("المستلمة"), 11),
    Column(D_("المغلقة"), 11),
    Column(D_("المستحق الرد عليها"), 14),
    Column(D_("أُجيب عنها خلال المدة"), 14),
    Column(D_("نسبة الرد خلال المدة %"), 14),
)


def render_workbook(data: ReportData) -> bytes:
    """The figures of the report, one sheet per table; numbers stay numbers and days stay dates."""
    figures = data.figures
    wb = Workbook()
    _summary_sheet(wb, data)
    _sheet(
        wb,
        data,
        D_("مؤشرات الأداء"),
        _KPI_COLUMNS,
        [
            [
                r.kpi.name,
                r.kpi.frequency_label,
                r.kpi.unit_label,
                D_("نعم") if r.kpi.higher_is_better else D_("لا"),
                r.kpi.target,
                r.actual,
                verdict(r.met),
            ]
            for r in data.kpis
        ],
    )
    for b in figures.breakdowns:
        _breakdown_sheet(wb, data, b)
    _sheet(
        wb,
        data,
        D_("المشكلات المتكررة"),
        _RECURRING_COLUMNS,
        [[r.category_label, r.district_label, r.received, r.open_at_end] for r in figures.recurring],
    )
    _sheet(
        wb,
        data,
        D_("الاتجاه"),
        _TREND_COLUMNS,
        [
            [
                p.label,
                _month_start(p.month),
                p.received,
                p.closed,
                p.first_answers_due,
                p.answered_within_sla,
                p.within_sla_share,
            ]
            for p in figures.trend
        ],
    )
    _sheet(
        wb,
        data,
        D_("الطلبات المتأخرة"),
        [
            Column(D_("الرقم المرجعي"), 26),
            Column(D_("تاريخ التسجيل"), 13),
            Column(D_("النوع"), 10),
            Column(D_("الفئة"), 26),
            Column(D_("الجهة المعنية"), 30),
            Column(D_("الموضوع"), 40),
            Column(D_("الموعد المحدد"), 13),
            Column(D_("أيام التأخير"), 10),
            Column(D_("الحالة الآن"), 16),
        ],
        [
            [
                c.reference,
                c.registered_on,
                c.kind,
                c.category,
                c.entity,
                c.subject,
                c.deadline,
                c.days_late,
                c.status_now,
            ]
            for c in figures.overdue
        ],
        heading=(
            D_("الطلبات المتأخرة في نهاية الفترة: {overdue_at_end:,}").format(
                overdue_at_end=figures.totals.overdue_at_end
            )
            + (
                D_(" (أطول {value:,} منها تأخراً)").format(value=len(figures.overdue))
                if figures.totals.overdue_at_end > len(figures.overdue)
                else ""
            )
        ),
    )
    _sheet(
        wb,
        data,
        D_("التعديلات"),
        [
            Column(D_("الرقم المرجعي"), 26),
            Column(D_("الشهر المقفل"), 12),
            Column(D_("الإجراء"), 26),
            Column(D_("التاريخ"), 18),
            Column(D_("الموظف"), 26),
        ],
        [[a.reference, _month_start(a.month), a.event, a.at, a.user] for a in data.amendments],
    )
    _definitions_sheet(wb, data)
    return wb.save()


def _definitions_sheet(wb: Workbook, data: ReportData) -> None:
    """Long sentences: wrapped in a column as wide as an upright page, not one line per sentence."""
    ws = _new_sheet(wb, data, D_("تعريفات"), [DEFINITION_WIDTH], 1)
    for row, line in enumerate(DEFINITIONS, start=2):
        # Spreadsheet programs do not grow a row for wrapped text on their own when printing.
        lines = -(-len(line) // int(DEFINITION_WIDTH * 1.1))  # Arabic letters run narrower than "0"
        ws.heights[row] = 16 * lines + 4
    ws.append([Styled(D_("التعريف"), HEADER)])
    for line in DEFINITIONS:
        ws.append([Styled(line, PARAGRAPH)])


CSV_HEADER = (
    D_("الرقم المرجعي"),
    D_("تاريخ التسجيل"),
    D_("النوع"),
    D_("طريقة التقديم"),
    D_("الفئة"),
    D_("الجهة المعنية"),
    D_("القضاء"),
    D_("الجنس"),
    D_("فئة الأولوية"),
    D_("الحالة"),
    D_("موعد الرد الأول"),
    D_("تاريخ أول رد"),
    D_("أُجيب خلال المدة"),
    D_("تاريخ الإغلاق"),
    D_("درجة الرضا"),
    D_("الموضوع"),
)


def _when(value: Any) -> str:
    return "" if value is None else f"{value:%Y-%m-%d %H:%M}"


def write_case_csv(lines: Iterable[CaseLine], path: Path) -> int:
    """The case list, UTF-8 with a BOM (utf-8-sig) so Excel reads Arabic; returns the rows written.
    Citizens' names, phones and card numbers are left out (DESIGN.md §4, privacy)."""
    n = 0
    # Built in memory (a month is a few megabytes) and written whole under a temporary name: a stick
    # pulled half-way leaves no CSV that looks complete.
    with io.StringIO(newline="") as f:
        out = csv.writer(f)
        out.writerow(CSV_HEADER)
        for c in lines:
            within = "" if c.answered_within_sla is None else D_("نعم") if c.answered_within_sla else D_("لا")
            out.writerow(
                [
                    c.reference,
                    _when(c.registered_at),
                    c.kind,
                    c.channel,
                    c.category,
                    c.entity,
                    c.district,
                    c.gender,
                    c.priority,
                    c.status,
                    c.due_first_answer.isoformat(),
                    _when(c.first_answer_at),
                    within,
                    _when(c.closed_at),
                    "" if c.satisfaction is None else c.satisfaction,
                    c.subject,
                ]
            )
            n += 1
        files.write_checked(path, f.getvalue().encode("utf-8-sig"))
    return n
