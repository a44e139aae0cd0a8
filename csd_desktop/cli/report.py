"""`csd report …`: the monthly, quarterly and custom reports (PDF, Excel, CSV), their figures, KPIs
and closing a month; the documents are made by reports/documents.py, as in the window."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click

from ..domain.arabic import ascii_digits, clean_text
from ..errors import ValidationError
from ..i18n import N_, _
from ..reports import documents
from ..services import figures, kpis, month_close, open311
from ..services.figures import Period
from ..services.files import write_checked
from .context import Context, emit

_PATH = click.Path(dir_okay=False, writable=True, path_type=Path)


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(ascii_digits(clean_text(value)))
    except ValueError:
        raise ValidationError(
            N_("التاريخ {value} غير صحيح: اكتبه بالشكل 2026-07-01."), value=value, field=field
        ) from None


def _period(month: str | None, start: str | None, last: str | None) -> Period:
    if month:
        return Period.parse_month(month)
    if not (start and last):
        raise ValidationError(
            N_("حدّد الشهر (--month) أو بداية الفترة ونهايتها (--from و --to)."), field="period"
        )
    return Period(_day(start, "from"), _day(last, "to") + timedelta(days=1))


@click.group("report")
def report() -> None:
    """Reports for the Governor and the central office: PDF, Excel, CSV, KPIs, closing a month."""


def _write(ctx: Context, period: Period, out: Path, xlsx: Path | None, csv_path: Path | None) -> None:
    actor = ctx.actor()
    saved = documents.save_report(ctx.db, actor, period, pdf=out, xlsx=xlsx)
    written: dict[str, Any] = {"period": period, "pdf": str(out)}
    lines = [_("التقرير: {out}").format(out=out)]
    if xlsx is not None:
        written["xlsx"] = str(xlsx)
        lines.append(f"Excel: {xlsx}")
    if csv_path is not None:
        rows = documents.save_case_csv(ctx.db, actor, period, csv_path)
        written |= {"csv": str(csv_path), "cases": rows}
        lines.append(_("CSV: {csv_path} ({rows:,} طلب)").format(csv_path=csv_path, rows=rows))
    written["final"] = saved.data.final
    emit(ctx, written, lambda: "\n".join(lines))


@report.command("monthly")
@click.option("--month", required=True, metavar="YYYY-MM")
@click.option("--out", required=True, type=_PATH, help="The PDF to write.")
@click.option("--xlsx", type=_PATH, help="Also the figures as an Excel workbook.")
@click.option("--csv", "csv_path", type=_PATH, help="Also the month's cases as CSV (UTF-8 with BOM).")
@click.pass_obj
def monthly_report(ctx: Context, month: str, out: Path, xlsx: Path | None, csv_path: Path | None) -> None:
    """The monthly ITRS report. A locked month is printed exactly as it was locked."""
    _write(ctx, Period.parse_month(month), out, xlsx, csv_path)


@report.command("period")
@click.option("--from", "start", required=True, metavar="YYYY-MM-DD", help="First day.")
@click.option("--to", "last", required=True, metavar="YYYY-MM-DD", help="Last day (included).")
@click.option("--out", required=True, type=_PATH, help="The PDF to write.")
@click.option("--xlsx", type=_PATH, help="Also the figures as an Excel workbook.")
@click.option("--csv", "csv_path", type=_PATH, help="Also the period's cases as CSV (UTF-8 with BOM).")
@click.pass_obj
def period_report(
    ctx: Context, start: str, last: str, out: Path, xlsx: Path | None, csv_path: Path | None
) -> None:
    """The same report for a quarter (2026-07-01 to 2026-09-30), a year or any days."""
    _write(ctx, _period(None, start, last), out, xlsx, csv_path)


@report.command("figures")
@click.option("--month", metavar="YYYY-MM")
@click.option("--from", "start", metavar="YYYY-MM-DD")
@click.option("--to", "last", metavar="YYYY-MM-DD", help="Last day (included).")
@click.pass_obj
def figures_command(ctx: Context, month: str | None, start: str | None, last: str | None) -> None:
    """The figures and KPIs the report shows (with --json: all of them)."""
    data = month_close.report_data(ctx.db, ctx.actor(), _period(month, start, last))
    emit(ctx, data, lambda: figures_text(data))


def figures_text(data: month_close.ReportData) -> str:
    """The totals and KPIs of a report, as `report figures` prints them (here and at central)."""
    shown = data.figures
    lines = [f"{shown.office_name} — {shown.period_label}"]
    for key, label in figures.MEASURE_LABELS.items():
        value = getattr(shown.totals, key)
        lines.append(f"{_(label)}: {'—' if value is None else value}")
    lines += ["", _("مؤشرات الأداء:")]
    for r in data.kpis:
        actual = r.actual if r.actual is not None else "—"
        lines.append(f"{r.kpi.name}: {actual} / {r.kpi.target} — {_verdict(r.met)}")
    return "\n".join(lines)


@report.command("lock")
@click.option("--month", required=True, metavar="YYYY-MM")
@click.option("--out", required=True, type=_PATH, help="Where to keep the final PDF (its hash is stored).")
@click.option("--xlsx", type=_PATH, help="Also the final figures as an Excel workbook.")
@click.pass_obj
def lock_command(ctx: Context, month: str, out: Path, xlsx: Path | None) -> None:
    """Close a month: its final report is stored, later changes become amendments. The files are
    written and read back first: if one cannot be written, the month stays open."""
    closed = documents.lock_month(ctx.db, ctx.actor(), Period.parse_month(month), pdf=out, xlsx=xlsx)
    lock = closed.lock
    emit(
        ctx,
        {"lock": lock, "pdf": str(out)},
        lambda: _("أُقفل شهر {month}. التقرير النهائي: {out}\nSHA-256: {pdf_sha256}").format(
            month=lock.month, out=out, pdf_sha256=lock.pdf_sha256
        ),
    )


def _verdict(met: bool | None) -> str:
    """As the report says it (reports/monthly/wording.py), in the language of the command."""
    return _("لا بيانات") if met is None else _("متحقق") if met else _("غير متحقق")


@report.command("kpis")
@click.pass_obj
def kpis_command(ctx: Context) -> None:
    """The KPI definitions: figure, frequency, target, unit."""
    items = kpis.list_kpis(ctx.db)

    def line(k: kpis.Kpi) -> str:
        bound = _("فأكثر") if k.higher_is_better else _("فأقل")
        state = "" if k.active else _("\t(معطّل)")
        return f"{k.code}\t{k.name}\t{k.frequency_label}\t{k.target:g} {k.unit_label} {bound}{state}"

    def text() -> str:
        return "\n".join(line(k) for k in items)

    emit(ctx, items, text)


@report.command("open311")
@click.option("--month", metavar="YYYY-MM")
@click.option("--from", "start", metavar="YYYY-MM-DD")
@click.option("--to", "last", metavar="YYYY-MM-DD", help="Last day (included).")
@click.option("--out", required=True, type=_PATH, help="The JSON file (Open311 GeoReport v2 requests).")
@click.pass_obj
def open311_command(ctx: Context, month: str | None, start: str | None, last: str | None, out: Path) -> None:
    """The period's cases as Open311 GeoReport v2 service requests (JSON), without personal data."""
    requests = open311.service_requests(ctx.db, ctx.actor(), _period(month, start, last))
    write_checked(out, json.dumps(requests, ensure_ascii=False, indent=1).encode())
    emit(
        ctx,
        {"open311": str(out), "requests": len(requests)},
        lambda: _("طلبات Open311: {path} ({count:,} طلب)").format(path=out, count=len(requests)),
    )
