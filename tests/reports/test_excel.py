"""reports/excel.py: the workbook read back with openpyxl, and the case list CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from csd_desktop.db.engine import Database
from csd_desktop.reports import excel
from csd_desktop.services import figures, month_close, users
from csd_desktop.services.figures import Period
from csd_desktop.services.month_close import ReportData
from tests import report_scenario
from tests.report_scenario import Scenario

scenario = report_scenario.scenario
scenario_db = report_scenario.scenario_db

OCTOBER = Period.month(2026, 10)


def october(db: Database) -> ReportData:
    return month_close.report_data(db, users.cli_actor(db, None), OCTOBER)


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
    assert kinds["شكوى"][1:4] == ("complaint", 4, 3)
    assert kinds["المجموع"][2] == 5
    kpis = {r[1]: r for r in wb["مؤشرات الأداء"].iter_rows(min_row=2, values_only=True)}
    assert kpis["complaints_within_sla"][5:] == (95, 75, "غير متحقق")
    trend = list(wb["الاتجاه"].iter_rows(min_row=2, values_only=True))
    assert len(trend) == 12 and trend[-1][1:4] == ("2026-10", 5, 3)
    overdue = list(wb["الطلبات المتأخرة"].iter_rows(min_row=4, values_only=True))
    assert [(r[6], r[7]) for r in overdue] == [("2026-10-21", 11)]


def test_an_empty_month_still_makes_every_sheet(scenario_db: Database) -> None:
    data = month_close.report_data(scenario_db, users.cli_actor(scenario_db, None), Period.month(2026, 6))
    wb = workbook(data)
    assert len(wb.sheetnames) == 14
    assert wb["التعديلات"].max_row == 1  # the header only


def test_case_list_csv_starts_with_a_bom_and_lists_the_month(
    scenario: Scenario, scenario_db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "cases.csv"
    admin = users.cli_actor(scenario_db, None)
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
