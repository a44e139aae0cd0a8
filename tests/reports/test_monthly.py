"""reports/monthly/: the ITRS report PDF, read back with pdftotext and pypdf."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from csd_desktop.db.engine import Database
from csd_desktop.reports.arabic import FONT, FONT_BOLD, missing_glyphs
from csd_desktop.reports.monthly.pdf import render, render_report
from csd_desktop.reports.monthly.tables import OVERDUE_IN_PDF
from csd_desktop.reports.monthly.wording import change
from csd_desktop.services import month_close, users
from csd_desktop.services.figures import OverdueCase, Period
from csd_desktop.services.month_close import AmendmentView, ReportData
from tests import report_scenario
from tests.pdf_text import pdf_text
from tests.report_scenario import local

scenario = report_scenario.scenario
scenario_db = report_scenario.scenario_db

OCTOBER = Period.month(2026, 10)
SUMMARY = {
    "الطلبات المستلمة": "received",
    "الطلبات المغلقة": "closed",
    "المفتوحة في نهاية الفترة": "open_at_end",
    "المتأخرة في نهاية الفترة": "overdue_at_end",
}


def october(db: Database) -> ReportData:
    return month_close.report_data(db, users.first_admin(db), OCTOBER)


def pages(pdf: bytes) -> list[str]:
    return pdf_text(pdf).split("\f")


def summary_numbers(first_page: str) -> dict[str, str]:
    """The current period's number of each summary row (the column next to the label)."""
    found = {}
    for line in first_page.splitlines():
        for label, key in SUMMARY.items():
            if line.rstrip().endswith(label) and key not in found:
                found[key] = re.findall(r"[−+]?[\d,]+(?:\.\d+)?%?", line)[-1]
    return found


def test_the_pdf_shows_the_figures(scenario_db: Database) -> None:
    data = october(scenario_db)
    text = pages(render_report(data))
    t = data.figures.totals
    assert summary_numbers(text[0]) == {key: f"{getattr(t, key):,}" for key in SUMMARY.values()}
    whole = "\n".join(text)
    for words in (
        "التقرير الشهري لمكتب شؤون المواطنين",
        "تشرين الأول 2026",
        "مؤشرات الأداء",
        "المشكلات المتكررة",
    ):
        assert words in whole
    assert "الطلبات المستلمة حسب الفئة" in whole  # chart titles are text, in Arabic
    assert "مدير مكتب شؤون المواطنين" in whole  # the signature block


def test_every_printed_character_has_a_glyph(scenario_db: Database) -> None:
    data = october(scenario_db)
    overdue = (*data.figures.overdue,) * 3
    amendments = (
        AmendmentView("BGDGO-01-2026-000004-9", "2026-09", "إعادة فتح الطلب", local(11, 3), "زينب"),
    )
    busy = replace(data, figures=replace(data.figures, overdue=overdue), amendments=amendments)
    printed = "\n".join(render(busy).printed)
    assert {"-", "/", ":", "(", ")", "%", "—", "•", "،"} <= set(printed)
    for font in (FONT, FONT_BOLD):
        assert missing_glyphs(printed, font) == set()


def test_long_tables_repeat_their_header_on_every_page(scenario_db: Database) -> None:
    data = october(scenario_db)
    late = data.figures.overdue[0]
    many = tuple(replace(late, reference=f"BGDGO-01-2026-{i:06d}-0", days_late=200 - i) for i in range(90))
    pdf = render_report(replace(data, figures=replace(data.figures, overdue=many)))
    with_header = [p for p in pages(pdf) if "الرقم المرجعي" in p and "أيام التأخير" in p]
    with_rows = [p for p in pages(pdf) if "BGDGO-01-2026-0000" in p]
    assert len(with_rows) >= 2
    assert all(p in with_header for p in with_rows)


def test_the_pdf_is_a4_and_the_same_data_gives_the_same_bytes(scenario_db: Database) -> None:
    data = october(scenario_db)
    first, second = render_report(data), render_report(data)
    assert first == second
    reader = PdfReader(io.BytesIO(first))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert re.search(r"الصفحة\s*1\s*من\s*\d", pages(first)[0])


def test_a_locked_month_prints_again_to_the_same_hash(scenario_db: Database) -> None:
    admin = users.first_admin(scenario_db)
    final = month_close.report_data(scenario_db, admin, OCTOBER, final=True)
    pdf = render_report(final)
    lock = month_close.lock_month(scenario_db, admin, final, pdf)
    again = render_report(month_close.report_data(scenario_db, admin, OCTOBER))
    assert hashlib.sha256(again).hexdigest() == lock.pdf_sha256
    assert "تقرير نهائي" in pages(again)[0]


def test_an_empty_month_renders_with_no_data_notes(scenario_db: Database) -> None:
    data = month_close.report_data(scenario_db, users.first_admin(scenario_db), Period.month(2026, 6))
    whole = "\n".join(pages(render_report(data)))
    assert "حزيران 2026" in whole
    assert "لا توجد طلبات متأخرة" in whole
    assert "لا بيانات" in whole  # KPIs with nothing to measure


def test_a_quarter_uses_the_same_report(scenario_db: Database) -> None:
    q = Period(date(2026, 10, 1), date(2027, 1, 1))
    data = month_close.report_data(scenario_db, users.first_admin(scenario_db), q)
    first = pages(render_report(data))[0]
    assert "التقرير الفصلي لمكتب شؤون المواطنين" in first
    assert "الربع الرابع من سنة 2026" in first


def _bare(text: str) -> str:
    """Without harakat: the reshaper drops them from printed text."""
    return re.sub("[\u064b-\u0652]", "", text)


def test_a_quarters_draft_banner_speaks_of_the_quarter_not_the_month(scenario_db: Database) -> None:
    q = Period.quarter(2026, 4)
    data = month_close.report_data(scenario_db, users.first_admin(scenario_db), q)
    first = pages(render_report(data))[0]
    banner = next(line.strip() for line in first.splitlines() if "مسودة" in line)
    assert "الربع" in banner and "الشهر" not in banner
    assert _bare("لم يُقفل الشهر") in pages(render_report(october(scenario_db)))[0]


def test_the_page_footer_is_in_arabic(scenario_db: Database) -> None:
    data = october(scenario_db)
    text = pages(render_report(data))
    assert "CSD Desktop" not in "\n".join(text)
    assert _bare(f"أُعدّ بنظام شؤون المواطنين في {data.prepared_on.isoformat()}") in text[-2]


@pytest.mark.parametrize(
    ("now", "before", "kind", "shown"),
    [
        (5, 2, "count", "\u200e+150.0%"),
        (2, 4, "count", "\u200e−50.0%"),
        (3, 0, "count", "—"),
        (66.67, 60.0, "percent", "\u200e+6.7 نقطة"),
        (12.54, 12.49, "days", "\u200e0.0"),
        (None, 3.0, "score", "—"),
    ],
)
def test_changes_against_the_previous_period(
    now: float | None, before: float | None, kind: str, shown: str
) -> None:
    assert change(now, before, kind) == shown


def test_overdue_list_is_cut_in_the_pdf_and_says_so(scenario_db: Database) -> None:
    data = october(scenario_db)
    late: OverdueCase = data.figures.overdue[0]
    many = tuple(replace(late, reference=f"BGDGO-01-2026-{i:06d}-0") for i in range(OVERDUE_IN_PDF + 20))
    totals = replace(data.figures.totals, overdue_at_end=500)
    pdf = render_report(replace(data, figures=replace(data.figures, overdue=many, totals=totals)))
    whole = "\n".join(pages(pdf))
    assert f"BGDGO-01-2026-{OVERDUE_IN_PDF - 1:06d}-0" in whole
    assert f"BGDGO-01-2026-{OVERDUE_IN_PDF:06d}-0" not in whole
    assert "Excel" in whole
