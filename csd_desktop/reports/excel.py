"""The report's figures as an Excel workbook (one right-to-left sheet per table), and the period's
case list as CSV (UTF-8 with a BOM, so Excel opens the Arabic correctly).

Offices print the workbook from their spreadsheet program, so every sheet is set up for A4: one page
wide (landscape when its columns are wide), its header row repeated on every page, the sheet's name and
the period in the page header. Labels are Arabic, never codes; days are real dates.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from .monthly.wording import DEFINITIONS, TITLES

if TYPE_CHECKING:  # annotations only: the workbook is written from values the caller already holds
    from csd_desktop.services.figures import Breakdown, CaseLine, Measures
    from csd_desktop.services.month_close import ReportData

HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
TOTAL_FILL = PatternFill("solid", fgColor="ECEEF1")
HEADER_FONT = Font(bold=True, color="FFFFFF")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14, color="1F3A5F")
# readingOrder 2: right to left, so a sentence's full stop and a "%" sit at its Arabic end.
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center", readingOrder=2)
TEXT = Alignment(readingOrder=2)
_NEUTRAL_END = re.compile(r"^[\W_]|[\W_]$")  # "%", ")" or "." at an end moves with the reading order
START = Alignment(horizontal="right", vertical="center", readingOrder=2)
PARAGRAPH = Alignment(wrap_text=True, vertical="top", horizontal="right", readingOrder=2)
DAY = "yyyy-mm-dd"  # the one way a day is written, on screen and in print
MOMENT = "yyyy-mm-dd hh:mm"
MONTH = "yyyy-mm"
DECIMAL = "0.0"
# Column widths (in Excel's character units) that fit across an A4 page upright; wider sheets turn.
PORTRAIT_WIDTH = 100
DEFINITION_WIDTH = 80


@dataclass(frozen=True)
class Column:
    title: str
    width: float


# Percentages are stored as numbers from 0 to 100 (the column says "%"): plain values keep the
# workbook quick to write (write-only mode, no style per cell) and Excel can still compute with them.
MEASURE_COLUMNS: Sequence[tuple[str, Column]] = (
    ("received", Column("المستلمة", 11)),
    ("closed", Column("المغلقة", 11)),
    ("resolved", Column("المغلقة بمعالجة الطلب", 13)),
    ("open_at_end", Column("المفتوحة في نهاية الفترة", 14)),
    ("overdue_at_end", Column("المتأخرة في نهاية الفترة", 14)),
    ("resolution_rate", Column("نسبة المعالجة %", 11)),
    ("first_answers_due", Column("المستحق الرد عليها", 13)),
    ("answered_within_sla", Column("أُجيب عنها خلال المدة", 13)),
    ("within_sla_share", Column("نسبة الرد خلال المدة %", 13)),
    ("overdue_share", Column("نسبة المتأخرة من المفتوحة %", 14)),
    ("avg_days_to_first_answer", Column("متوسط أيام أول رد", 12)),
    ("median_days_to_first_answer", Column("وسيط أيام أول رد", 12)),
    ("avg_days_to_close", Column("متوسط أيام الإغلاق", 12)),
    ("median_days_to_close", Column("وسيط أيام الإغلاق", 12)),
    ("rated", Column("الطلبات المقيَّمة", 11)),
    ("avg_satisfaction", Column("متوسط الرضا (من 5)", 12)),
    ("satisfied_share", Column("نسبة الرضا (4 أو 5) %", 12)),
)


def _styled(
    ws: Any,
    value: Any,
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
    number_format: str | None = None,
    alignment: Alignment | None = None,
) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
        cell.alignment = WRAP
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format
    return cell


@dataclass(frozen=True)
class Shown:
    """A value with its own number format (a month written 2026-10)."""

    value: Any
    number_format: str


def _cell(ws: Any, value: Any) -> Any:
    """Dates and moments become real date cells with their format; everything else stays as it is."""
    if isinstance(value, Shown):
        return _styled(ws, value.value, number_format=value.number_format)
    if isinstance(value, datetime):
        return _moment(ws, value)
    if isinstance(value, date):
        return _day(ws, value)
    if isinstance(value, float):
        return _styled(ws, value, number_format=DECIMAL)  # 62.07 prints as 62.1; the cell keeps 62.07
    if isinstance(value, str) and _NEUTRAL_END.search(value):
        return _styled(ws, value, alignment=TEXT)  # only where it shows: a style per cell costs time
    return value


def _format(value: Any) -> str | None:
    return DECIMAL if isinstance(value, float) else None


def _day(ws: Any, value: date | None) -> WriteOnlyCell | None:
    """A real date (Excel can sort and compute with it), shown as 2026-11-27."""
    return None if value is None else _styled(ws, value, number_format=DAY)


def _moment(ws: Any, value: datetime) -> WriteOnlyCell:
    """Local office time, without a zone (Excel has none), shown as 2026-11-27 10:15."""
    return _styled(ws, value.replace(tzinfo=None), number_format=MOMENT)


def _for_print(ws: Any, widths: Sequence[float], header_row: int, period: str) -> None:
    """One page wide on A4, turned when the columns are wide, the header row on every page, and each
    page saying which sheet and which period it is (a printed page travels without its file)."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    wide = sum(widths) > PORTRAIT_WIDTH
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE if wide else Worksheet.ORIENTATION_PORTRAIT
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.75, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddHeader.center.text = f"&A — {period}"
    ws.oddFooter.center.text = "&P / &N"


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
    """A right-to-left sheet: an optional title line, a bold header, the rows, widths and print set."""
    ws = wb.create_sheet(title[:31])
    ws.sheet_view.rightToLeft = True
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    header_row = 3 if heading else 1
    # Everything about the sheet before its first row: a write-only sheet streams its settings first.
    _for_print(ws, [c.width for c in columns], header_row, data.figures.period_label)
    ws.freeze_panes = f"B{header_row + 1}"
    ws.row_dimensions[header_row].height = 32
    if heading:
        ws.append([_styled(ws, heading, font=TITLE, alignment=START)])
        ws.append([])
        ws.merged_cells.add(f"A1:{get_column_letter(len(columns))}1")  # one title, never cut in two
    ws.append([_styled(ws, c.title, font=HEADER_FONT, fill=HEADER_FILL) for c in columns])
    rows = list(rows)
    for i, row in enumerate(rows):
        if total_last and i == len(rows) - 1:
            ws.append([_styled(ws, v, font=BOLD, fill=TOTAL_FILL, number_format=_format(v)) for v in row])
        else:
            ws.append([_cell(ws, v) for v in row])


def _measure_row(label: str, m: Measures) -> list[Any]:
    return [label, *(getattr(m, key) for key, _ in MEASURE_COLUMNS)]


def _breakdown_sheet(wb: Workbook, data: ReportData, b: Breakdown) -> None:
    columns = [Column(b.label, 30), *(c for _, c in MEASURE_COLUMNS)]
    rows = [_measure_row(r.label, r.measures) for r in b.rows]
    overlapping = b.dimension == "priority"
    if not overlapping:
        rows.append(_measure_row("المجموع", data.figures.totals))
    _sheet(wb, data, f"حسب {b.label}", columns, rows, total_last=not overlapping)


def _summary_sheet(wb: Workbook, data: ReportData) -> None:
    f = data.figures
    ws = wb.create_sheet("الملخص")
    ws.sheet_view.rightToLeft = True
    widths = (30, 48, 18)
    for letter, width in zip("ABC", widths, strict=True):
        ws.column_dimensions[letter].width = width
    facts: list[tuple[str, Any]] = [
        ("المكتب", f"{f.office_name} ({f.office_code})"),
        ("المحافظة", f.governorate),
        ("الفترة", f.period_label),
        ("من", _day(ws, f.period.start)),
        ("إلى", _day(ws, f.period.last_day)),
        ("المقارنة مع", f.previous_label),
        ("أعدّه", data.prepared_by),
        ("تاريخ الإعداد", _day(ws, data.prepared_on)),
        ("حالة التقرير", "نهائي (الشهر مقفل)" if data.final else "مسودة"),
    ]
    # Set up for print before the first row: a write-only sheet streams its settings ahead of its rows.
    header_row = len(facts) + 3
    _for_print(ws, widths, header_row, f.period_label)
    ws.append([_styled(ws, TITLES[f.period.kind], font=TITLE, alignment=START)])
    ws.merged_cells.add("A1:C1")  # one title across the page, never cut in two
    for label, value in facts:
        ws.append([_styled(ws, label, font=BOLD, alignment=TEXT), _cell(ws, value)])
    ws.append([])
    ws.append(
        [
            _styled(ws, t, font=HEADER_FONT, fill=HEADER_FILL)
            for t in ("البيان", f.period_label, f.previous_label)
        ]
    )
    for key, col in MEASURE_COLUMNS:
        ws.append(
            [_cell(ws, col.title), _cell(ws, getattr(f.totals, key)), _cell(ws, getattr(f.previous, key))]
        )


def _month_start(month: str) -> date:
    year, number = month.split("-")
    return date(int(year), int(number), 1)


def render_workbook(data: ReportData) -> bytes:
    """The figures of the report, one sheet per table; numbers stay numbers and days stay dates."""
    f = data.figures
    wb = Workbook(write_only=True)
    _summary_sheet(wb, data)
    _sheet(
        wb,
        data,
        "مؤشرات الأداء",
        [
            Column("المؤشر", 48),
            Column("وتيرة القياس", 12),
            Column("وحدة القياس", 12),
            Column("الأعلى أفضل", 11),
            Column("المستهدف", 11),
            Column("الفعلي", 11),
            Column("النتيجة", 12),
        ],
        [
            [
                r.kpi.name,
                r.kpi.frequency_label,
                r.kpi.unit_label,
                "نعم" if r.kpi.higher_is_better else "لا",
                r.kpi.target,
                r.actual,
                "لا بيانات" if r.met is None else "متحقق" if r.met else "غير متحقق",
            ]
            for r in data.kpis
        ],
    )
    for b in f.breakdowns:
        _breakdown_sheet(wb, data, b)
    _sheet(
        wb,
        data,
        "المشكلات المتكررة",
        [
            Column("الفئة", 30),
            Column("القضاء", 20),
            Column("الطلبات المستلمة", 14),
            Column("المفتوحة منها في نهاية الفترة", 16),
        ],
        [[r.category_label, r.district_label, r.received, r.open_at_end] for r in f.recurring],
    )
    _sheet(
        wb,
        data,
        "الاتجاه",
        [
            Column("الشهر", 18),
            Column("السنة والشهر", 12),
            Column("المستلمة", 11),
            Column("المغلقة", 11),
            Column("المستحق الرد عليها", 14),
            Column("أُجيب عنها خلال المدة", 14),
            Column("نسبة الرد خلال المدة %", 14),
        ],
        [
            [
                p.label,
                Shown(_month_start(p.month), MONTH),
                p.received,
                p.closed,
                p.first_answers_due,
                p.answered_within_sla,
                p.within_sla_share,
            ]
            for p in f.trend
        ],
    )
    _sheet(
        wb,
        data,
        "الطلبات المتأخرة",
        [
            Column("الرقم المرجعي", 26),
            Column("تاريخ التسجيل", 13),
            Column("النوع", 10),
            Column("الفئة", 26),
            Column("الجهة المعنية", 30),
            Column("الموضوع", 40),
            Column("الموعد المحدد", 13),
            Column("أيام التأخير", 10),
            Column("الحالة الآن", 16),
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
            for c in f.overdue
        ],
        heading=(
            f"الطلبات المتأخرة في نهاية الفترة: {f.totals.overdue_at_end:,}"
            + (f" (أطول {len(f.overdue):,} منها تأخراً)" if f.totals.overdue_at_end > len(f.overdue) else "")
        ),
    )
    _sheet(
        wb,
        data,
        "التعديلات",
        [
            Column("الرقم المرجعي", 26),
            Column("الشهر المقفل", 12),
            Column("الإجراء", 26),
            Column("التاريخ", 18),
            Column("الموظف", 26),
        ],
        [[a.reference, Shown(_month_start(a.month), MONTH), a.event, a.at, a.user] for a in data.amendments],
    )
    _definitions_sheet(wb, data)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _definitions_sheet(wb: Workbook, data: ReportData) -> None:
    """Long sentences: wrapped in a column as wide as an upright page, not one line per sentence."""
    ws = wb.create_sheet("تعريفات")
    ws.sheet_view.rightToLeft = True
    ws.column_dimensions["A"].width = DEFINITION_WIDTH
    _for_print(ws, [DEFINITION_WIDTH], 1, data.figures.period_label)
    for row, line in enumerate(DEFINITIONS, start=2):
        # Spreadsheet programs do not grow a row for wrapped text on their own when printing.
        lines = -(-len(line) // int(DEFINITION_WIDTH * 1.1))  # Arabic letters run narrower than "0"
        ws.row_dimensions[row].height = 16 * lines + 4
    ws.append([_styled(ws, "التعريف", font=HEADER_FONT, fill=HEADER_FILL)])
    for line in DEFINITIONS:
        ws.append([_styled(ws, line, alignment=PARAGRAPH)])


CSV_HEADER = (
    "الرقم المرجعي",
    "تاريخ التسجيل",
    "النوع",
    "طريقة التقديم",
    "الفئة",
    "الجهة المعنية",
    "القضاء",
    "الجنس",
    "فئة الأولوية",
    "الحالة",
    "موعد الرد الأول",
    "تاريخ أول رد",
    "أُجيب خلال المدة",
    "تاريخ الإغلاق",
    "درجة الرضا",
    "الموضوع",
)


def _when(value: Any) -> str:
    return "" if value is None else f"{value:%Y-%m-%d %H:%M}"


def write_case_csv(lines: Iterable[CaseLine], path: Path) -> int:
    """The case list, UTF-8 with a BOM (utf-8-sig) so Excel reads Arabic; returns the rows written.
    Citizens' names, phones and card numbers are left out (DESIGN.md §4, privacy)."""
    n = 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(CSV_HEADER)
        for c in lines:
            within = "" if c.answered_within_sla is None else "نعم" if c.answered_within_sla else "لا"
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
    return n
