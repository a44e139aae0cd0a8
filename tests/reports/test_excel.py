"""reports/excel.py: the workbook read back with openpyxl, and the case list CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path

import openpyxl

from csd_desktop.db.engine import Database
from csd_desktop.reports import excel, xlsx
from csd_desktop.services import figures, month_close, users
from csd_desktop.services.figures import Period
from csd_desktop.services.month_close import ReportData
from tests import report_scenario
from tests.report_scenario import Scenario

scenario = report_scenario.scenario
scenario_db = report_scenario.scenario_db

OCTOBER = Period.month(2026, 10)


def october(db: Database) -> ReportData:
    return month_close.report_data(db, users.first_admin(db), OCTOBER)


def workbook(data: ReportData) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(excel.render_workbook(data)))


def test_every_sheet_is_right_to_left_with_a_bold_header_and_widths(scenario_db: Database) -> None:
    wb = workbook(october(scenario_db))
    assert wb.sheetnames[:3] == ["الملخص", "مؤشرات الأداء", "حسب نوع الطلب"]
    assert {"حسب الفئة", "حسب الجهة المعنية", "الاتجاه", "الطلبات المتأخرة", "التعديلات"} <= set(
        wb.sheetnames
    )
    for ws in wb.worksheets:
        assert ws.sheet_view.rightToLeft, ws.title
        assert ws.column_dimensions["A"].width > 10, ws.title
    kinds = wb["حسب نوع الطلب"]
    assert kinds["A1"].value == "نوع الطلب" and kinds["A1"].font.bold
    assert kinds.freeze_panes == "B2"


def test_the_workbook_has_the_same_numbers(scenario_db: Database) -> None:
    data = october(scenario_db)
    wb = workbook(data)
    summary = {row[0]: row[1:] for row in wb["الملخص"].iter_rows(values_only=True) if row and row[0]}
    assert summary["المستلمة"][:2] == (5, 2)  # October, September
    assert summary["المفتوحة في نهاية الفترة"][:2] == (4, 1)
    assert summary["نسبة الرد خلال المدة %"][0] == 66.67
    kinds = {r[0]: r for r in wb["حسب نوع الطلب"].iter_rows(min_row=2, values_only=True)}
    assert kinds["شكوى"][1:3] == (4, 3)
    assert kinds["المجموع"][1] == 5
    kpis = {r[0]: r for r in wb["مؤشرات الأداء"].iter_rows(min_row=2, values_only=True)}
    assert next(r for name, r in kpis.items() if "الشكاوى" in name)[4:] == (95, 75, "غير متحقق")
    trend = list(wb["الاتجاه"].iter_rows(min_row=2, values_only=True))
    assert len(trend) == 12 and trend[-1][0] == "تشرين الأول 2026"
    assert trend[-1][1:4] == (datetime(2026, 10, 1), 5, 3)
    overdue = list(wb["الطلبات المتأخرة"].iter_rows(min_row=4, values_only=True))
    assert [(r[6], r[7]) for r in overdue] == [(datetime(2026, 10, 21), 11)]


def test_an_empty_month_still_makes_every_sheet(scenario_db: Database) -> None:
    data = month_close.report_data(scenario_db, users.first_admin(scenario_db), Period.month(2026, 6))
    wb = workbook(data)
    assert len(wb.sheetnames) == 14
    assert wb["التعديلات"].max_row == 1  # the header only


def test_case_list_csv_starts_with_a_bom_and_lists_the_month(
    scenario: Scenario, scenario_db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "cases.csv"
    admin = users.first_admin(scenario_db)
    assert excel.write_case_csv(figures.office_case_lines(scenario_db, admin, OCTOBER), out) == 5
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["الرقم المرجعي", "تاريخ التسجيل", "النوع"]
    by_ref = {r[0]: r for r in rows[1:]}
    a = by_ref[scenario.refs["A"]]
    assert (a[1], a[2], a[12], a[14]) == ("2026-10-04 09:00", "شكوى", "نعم", "5")
    assert by_ref[scenario.refs["B"]][12] == "لا"
    assert "07701111111" not in raw.decode("utf-8-sig")  # no personal data of the citizen


CODES = re.compile(
    r"\b(complaint|request|suggestion|inquiry|praise|report|walk_in|phone|letter|email|social)\b"
)


def test_no_sheet_carries_english_codes(scenario_db: Database) -> None:
    wb = workbook(october(scenario_db))
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            texts = [v for v in row if isinstance(v, str)]
            assert not [t for t in texts if CODES.search(t) or re.fullmatch(r"[a-z_]+", t)], ws.title
        assert "الرمز" not in [c.value for c in ws[1]], ws.title


def test_days_are_date_cells_shown_year_first(scenario_db: Database) -> None:
    wb = workbook(october(scenario_db))
    summary = {row[0].value: row[1] for row in wb["الملخص"].iter_rows(min_row=2) if row[0].value}
    for label in ("من", "إلى", "تاريخ الإعداد"):
        assert summary[label].is_date and summary[label].number_format == "yyyy-mm-dd", label
    assert summary["من"].value == datetime(2026, 10, 1)
    overdue = wb["الطلبات المتأخرة"]
    registered, deadline = overdue["B4"], overdue["G4"]
    assert registered.is_date and deadline.is_date
    assert registered.number_format == deadline.number_format == "yyyy-mm-dd"
    assert wb["الاتجاه"]["B2"].is_date and wb["الاتجاه"]["B2"].number_format == "yyyy-mm"


def test_every_sheet_prints_one_page_wide_with_its_header_row_on_each_page(scenario_db: Database) -> None:
    wb = workbook(october(scenario_db))
    assert len(wb.worksheets) == 14
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        # fitToWidth's default in the file format is 1, so a writer may leave it out.
        assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0), ws.title
        assert str(setup.paperSize) == ws.PAPERSIZE_A4, ws.title
        assert ws.print_title_rows, ws.title
        # One <col> may cover several columns of the same width; a width is stored with its padding.
        width = sum(int(d.width) * (d.max - d.min + 1) for d in ws.column_dimensions.values() if d.width)
        expected = "landscape" if width > excel.PORTRAIT_WIDTH else "portrait"
        assert setup.orientation == expected, ws.title
        assert "&A" in ws.oddHeader.center.text and "تشرين الأول 2026" in ws.oddHeader.center.text
    assert wb["حسب الفئة"].page_setup.orientation == "landscape"  # 18 columns
    assert wb["الملخص"].page_setup.orientation == "portrait"
    assert wb["الطلبات المتأخرة"].print_title_rows == "$3:$3"  # the column headers, under the title
    assert wb["حسب الفئة"].print_title_rows == "$1:$1"


def test_titles_span_their_sheet_and_are_never_cut_in_two(scenario_db: Database) -> None:
    wb = workbook(october(scenario_db))
    assert "A1:C1" in {str(r) for r in wb["الملخص"].merged_cells.ranges}
    assert "A1:I1" in {str(r) for r in wb["الطلبات المتأخرة"].merged_cells.ranges}


def test_prepared_by_is_the_persons_arabic_full_name(scenario_db: Database) -> None:
    data = october(scenario_db)
    summary = {r[0]: r[1] for r in workbook(data)["الملخص"].iter_rows(values_only=True) if r and r[0]}
    assert summary["أعدّه"] == users.first_admin(scenario_db).full_name
    assert not re.search("[A-Za-z]", summary["أعدّه"])


def test_the_same_figures_give_the_same_workbook_byte_for_byte(scenario_db: Database) -> None:
    data = october(scenario_db)
    assert excel.render_workbook(data) == excel.render_workbook(data)


def test_text_that_xml_cannot_hold_does_not_break_the_workbook() -> None:
    book = xlsx.Workbook()
    sheet = book.sheet("ورقة (أولى)")
    sheet.page = xlsx.PageSetup(landscape=False, title_row=1, header="&A", footer="&P")
    sheet.append(["a\x0bb", "<&>", 1.5, 7, None, xlsx.Styled(datetime(2026, 1, 2, 10, 15), excel.MOMENT)])
    ws = openpyxl.load_workbook(io.BytesIO(book.save())).worksheets[0]
    assert [c.value for c in ws[1]] == ["a_x000B_b", "<&>", 1.5, 7, None, datetime(2026, 1, 2, 10, 15)]
    assert ws.title == "ورقة (أولى)" and ws.print_title_rows == "$1:$1"
