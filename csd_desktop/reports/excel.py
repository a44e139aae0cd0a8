"""The report's figures as an Excel workbook (one right-to-left sheet per table), and the period's
case list as CSV (UTF-8 with a BOM, so Excel opens the Arabic correctly)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from csd_desktop.services.figures import Breakdown, CaseLine, Measures
from csd_desktop.services.month_close import ReportData

from .monthly import DEFINITIONS, TITLES

HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
TOTAL_FILL = PatternFill("solid", fgColor="ECEEF1")
HEADER_FONT = Font(bold=True, color="FFFFFF")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14, color="1F3A5F")
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")


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
    ws: Any, value: Any, *, font: Font | None = None, fill: PatternFill | None = None
) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
        cell.alignment = WRAP
    return cell


def _sheet(
    wb: Workbook,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    heading: str | None = None,
    total_last: bool = False,
) -> None:
    """A right-to-left sheet: an optional title line, a bold header, the rows, widths set."""
    ws = wb.create_sheet(title[:31])
    ws.sheet_view.rightToLeft = True
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    header_row = 1
    if heading:
        ws.append([_styled(ws, heading, font=TITLE)])
        ws.append([])
        header_row = 3
    ws.freeze_panes = f"B{header_row + 1}"
    ws.row_dimensions[header_row].height = 32
    ws.append([_styled(ws, c.title, font=HEADER_FONT, fill=HEADER_FILL) for c in columns])
    rows = list(rows)
    for i, row in enumerate(rows):
        if total_last and i == len(rows) - 1:
            ws.append([_styled(ws, v, font=BOLD, fill=TOTAL_FILL) for v in row])
        else:
            ws.append(list(row))


def _measure_row(label: str, code: str, m: Measures) -> list[Any]:
    return [label, code, *(getattr(m, key) for key, _ in MEASURE_COLUMNS)]


def _breakdown_sheet(wb: Workbook, data: ReportData, b: Breakdown) -> None:
    columns = [Column(b.label, 30), Column("الرمز", 14), *(c for _, c in MEASURE_COLUMNS)]
    rows = [_measure_row(r.label, r.key, r.measures) for r in b.rows]
    overlapping = b.dimension == "priority"
    if not overlapping:
        rows.append(_measure_row("المجموع", "", data.figures.totals))
    _sheet(wb, f"حسب {b.label}", columns, rows, total_last=not overlapping)


def _summary_sheet(wb: Workbook, data: ReportData) -> None:
    f = data.figures
    facts = [
        ("المكتب", f"{f.office_name} ({f.office_code})"),
        ("المحافظة", f.governorate),
        ("الفترة", f"{f.period_label}: من {f.period.start.isoformat()} إلى {f.period.last_day.isoformat()}"),
        ("المقارنة مع", f.previous_label),
        ("أعدّه", data.prepared_by),
        ("تاريخ الإعداد", data.prepared_on.isoformat()),
        ("حالة التقرير", "نهائي (الشهر مقفل)" if data.final else "مسودة"),
    ]
    ws = wb.create_sheet("الملخص")
    ws.sheet_view.rightToLeft = True
    for letter, width in (("A", 30), ("B", 48), ("C", 18)):
        ws.column_dimensions[letter].width = width
    ws.append([_styled(ws, TITLES[f.period.kind], font=TITLE)])
    for label, value in facts:
        ws.append([_styled(ws, label, font=BOLD), value])
    ws.append([])
    ws.append(
        [
            _styled(ws, t, font=HEADER_FONT, fill=HEADER_FILL)
            for t in ("البيان", f.period_label, f.previous_label)
        ]
    )
    for key, col in MEASURE_COLUMNS:
        ws.append([col.title, getattr(f.totals, key), getattr(f.previous, key)])


def render_workbook(data: ReportData) -> bytes:
    """The figures of the report, one sheet per table; numbers stay numbers."""
    f = data.figures
    wb = Workbook(write_only=True)
    _summary_sheet(wb, data)
    _sheet(
        wb,
        "مؤشرات الأداء",
        [
            Column("المؤشر", 48),
            Column("الرمز", 22),
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
                r.kpi.code,
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
        "الاتجاه",
        [
            Column("الشهر", 18),
            Column("الرمز", 10),
            Column("المستلمة", 11),
            Column("المغلقة", 11),
            Column("المستحق الرد عليها", 14),
            Column("أُجيب عنها خلال المدة", 14),
            Column("نسبة الرد خلال المدة %", 14),
        ],
        [
            [
                p.label,
                p.month,
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
                c.registered_on.isoformat(),
                c.kind,
                c.category,
                c.entity,
                c.subject,
                c.deadline.isoformat(),
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
        "التعديلات",
        [
            Column("الرقم المرجعي", 26),
            Column("الشهر المقفل", 12),
            Column("الإجراء", 26),
            Column("التاريخ", 18),
            Column("الموظف", 26),
        ],
        [[a.reference, a.month, a.event, f"{a.at:%Y-%m-%d %H:%M}", a.user] for a in data.amendments],
    )
    _sheet(wb, "تعريفات", [Column("التعريف", 120)], [[line] for line in DEFINITIONS])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


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
