"""`csd report …` in process (click's CliRunner), on the small office of tests/report_scenario.py."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from csd_desktop.cli import main
from csd_desktop.cli.report import report
from csd_desktop.db.engine import Database
from tests import report_scenario
from tests.pdf_text import pdf_text

scenario = report_scenario.scenario
scenario_db = report_scenario.scenario_db

main.add_command(report)  # cli/app.py mounts it too; adding it again is harmless


def csd(db: Database, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db.path), *args])


def pdf_summary(path: Path) -> dict[str, int]:
    """The current period's totals as the PDF prints them (the summary table on page 1)."""
    labels = {
        "الطلبات المستلمة": "received",
        "الطلبات المغلقة": "closed",
        "المفتوحة في نهاية الفترة": "open_at_end",
        "المتأخرة في نهاية الفترة": "overdue_at_end",
    }
    found: dict[str, int] = {}
    for line in pdf_text(path).split("\f")[0].splitlines():
        for label, key in labels.items():
            if line.rstrip().endswith(label) and key not in found:
                found[key] = int(re.findall(r"[\d,]+(?:\.\d+)?%?", line)[-1].replace(",", ""))
    return found


def test_figures_json_and_the_pdf_agree(scenario_db: Database, tmp_path: Path) -> None:
    r = csd(scenario_db, "--json", "report", "figures", "--month", "2026-10")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    totals = data["figures"]["totals"]
    assert (totals["received"], totals["closed"], totals["open_at_end"], totals["overdue_at_end"]) == (
        5,
        3,
        4,
        1,
    )
    assert [k["kpi"]["code"] for k in data["kpis"]][:2] == ["complaints_within_sla", "satisfaction"]
    out = tmp_path / "october.pdf"
    r = csd(scenario_db, "report", "monthly", "--month", "2026-10", "--out", str(out))
    assert r.exit_code == 0, r.output
    assert pdf_summary(out) == {k: totals[k] for k in ("received", "closed", "open_at_end", "overdue_at_end")}


def test_monthly_writes_pdf_excel_and_csv(scenario_db: Database, tmp_path: Path) -> None:
    pdf, xlsx, cases = tmp_path / "r.pdf", tmp_path / "r.xlsx", tmp_path / "r.csv"
    r = csd(
        scenario_db,
        "report",
        "monthly",
        "--month",
        "٢٠٢٦-١٠",
        "--out",
        str(pdf),
        "--xlsx",
        str(xlsx),
        "--csv",
        str(cases),
    )
    assert r.exit_code == 0, r.output
    assert pdf.read_bytes().startswith(b"%PDF")
    assert all(ws.sheet_view.rightToLeft for ws in openpyxl.load_workbook(xlsx).worksheets)
    assert cases.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "5" in r.output  # the number of cases written to the CSV


def test_a_period_with_its_last_day_included_is_the_month(scenario_db: Database, tmp_path: Path) -> None:
    r = csd(scenario_db, "--json", "report", "figures", "--from", "2026-10-01", "--to", "2026-10-31")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["figures"]["totals"]["received"] == 5
    out = tmp_path / "q.pdf"
    r = csd(scenario_db, "report", "period", "--from", "2026-07-01", "--to", "2026-09-30", "--out", str(out))
    assert r.exit_code == 0, r.output
    assert "الربع الثالث من سنة 2026" in pdf_text(out)


def test_lock_keeps_the_final_pdf_and_refuses_a_second_time(scenario_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "final.pdf"
    r = csd(scenario_db, "--json", "report", "lock", "--month", "2026-10", "--out", str(out))
    assert r.exit_code == 0, r.output
    lock = json.loads(r.output)["lock"]
    assert lock["pdf_sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    again = csd(scenario_db, "report", "lock", "--month", "2026-10", "--out", str(tmp_path / "again.pdf"))
    assert again.exit_code == 2
    assert "مقفل من قبل" in again.output
    reprint = tmp_path / "reprint.pdf"
    assert csd(scenario_db, "report", "monthly", "--month", "2026-10", "--out", str(reprint)).exit_code == 0
    assert reprint.read_bytes() == out.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "lock", "--month", "2026-11", "--out", "x.pdf"], "قبل انتهائه"),
        (["report", "figures", "--month", "2026/10"], "بالشكل 2026-10"),
        (["report", "figures", "--from", "2026-10-01"], "--to"),
        (["report", "period", "--from", "2026-10-01", "--to", "yesterday", "--out", "x.pdf"], "غير صحيح"),
    ],
)
def test_bad_input_gets_an_arabic_message_and_exit_2(
    scenario_db: Database, tmp_path: Path, args: list[str], message: str
) -> None:
    args = [str(tmp_path / a) if a.endswith(".pdf") else a for a in args]
    r = csd(scenario_db, *args)
    assert r.exit_code == 2
    assert message in r.output


def test_kpis_are_listed(scenario_db: Database) -> None:
    r = csd(scenario_db, "--json", "report", "kpis")
    assert r.exit_code == 0, r.output
    assert [k["code"] for k in json.loads(r.output)][-1] == "days_to_close"
    text = csd(scenario_db, "report", "kpis").output
    assert "نسبة رضا المواطنين" in text and "فأكثر" in text


def _locked(db: Database) -> bool:
    from csd_desktop.services import month_close, users

    return month_close.locked_report(db, users.first_admin(db), "2026-10") is not None


@pytest.mark.parametrize("where", ["missing-folder", "read-only-folder", "full-disk", "bad-xlsx"])
def test_a_report_that_cannot_be_written_leaves_the_month_open(
    scenario_db: Database, tmp_path: Path, where: str
) -> None:
    from tests.fs_faults import fill, read_only_folder, tiny_disk

    good = tmp_path / "final.pdf"
    with contextlib.ExitStack() as stack:
        args = ["--out", str(good)]
        if where == "missing-folder":
            args = ["--out", str(tmp_path / "no-such-folder" / "final.pdf")]
        elif where == "read-only-folder":
            (tmp_path / "reports").mkdir()
            folder = stack.enter_context(read_only_folder(tmp_path / "reports", tmp_path / "ro"))
            args = ["--out", str(folder / "final.pdf")]
        elif where == "full-disk":
            disk = stack.enter_context(tiny_disk(tmp_path / "disk", 256))
            fill(disk)
            args = ["--out", str(disk / "final.pdf")]
        else:
            args += ["--xlsx", str(tmp_path / "no-such-folder" / "final.xlsx")]
        r = csd(scenario_db, "report", "lock", "--month", "2026-10", *args)
        assert r.exit_code == 2, r.output
        assert "لم يُكتب الملف" in r.output or "غير موجود" in r.output or "القرص ممتلئ" in r.output
        assert not _locked(scenario_db)
        assert not good.exists()
    assert not list(tmp_path.rglob(".*.partial"))
    r = csd(scenario_db, "report", "lock", "--month", "2026-10", "--out", str(good))
    assert r.exit_code == 0, r.output
    assert _locked(scenario_db) and good.stat().st_size > 1000
