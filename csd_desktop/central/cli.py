"""The `csd-central` command (entry point `csd_desktop.central.cli:main`): the central office's keys,
enrolling offices, and bundles by file. Refusals print their Arabic reason and exit 2."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click

from .. import config
from ..cli.app import CsdGroup
from ..cli.context import Context, emit, plain
from ..cli.report import figures_text
from ..errors import CsdError
from ..i18n import _
from ..services import files
from ..services.figures import Period
from . import hub, reports
from .store import Store


class CentralContext(Context):
    def __init__(self, url: str, as_json: bool) -> None:  # no station file: the central database's URL
        self.as_json, self.user_option, self._db = as_json, None, None
        self.db_path = Path()  # no station file, so a refusal never carries a backup's restore hint
        self.store = Store(url)

    def close(self) -> None:
        self.store.dispose()


pass_central = click.make_pass_decorator(CentralContext)


@click.group(cls=CsdGroup)
@click.option("--db", "url", required=True, metavar="URL", help="postgresql+psycopg://… or sqlite:///…")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def main(ctx: click.Context, url: str, as_json: bool) -> None:
    """The central office: enrol offices, take their stations' bundles, answer them."""
    config.setup_logging()
    ctx.obj = CentralContext(url, as_json)
    ctx.call_on_close(ctx.obj.close)


@main.command()
@click.option("--name", required=True)
@pass_central
def init(ctx: CentralContext, name: str) -> None:
    """Create the central office's keys and reference data."""
    recipient = hub.init_central(ctx.store, name)
    emit(ctx, {"name": name, "age_recipient": recipient}, lambda: _("أُعدّ المكتب المركزي."))


@main.command()
@click.option("--office", required=True)
@click.option("--name-ar", required=True)
@click.option("--governorate", required=True)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_central
def enrol(ctx: CentralContext, office: str, name_ar: str, governorate: str, out: Path) -> None:
    """Write the enrolment file of an office (carry it like a key: it holds the office's keys)."""
    data = hub.enrol(ctx.store, office=office, name_ar=name_ar, governorate=governorate)
    files.write_checked(out, data)
    os.chmod(out, 0o600)
    emit(
        ctx,
        {"office": office.upper(), "out": str(out)},
        lambda: _("كُتب ملف تسجيل المكتب {out}.").format(out=out),
    )


@main.command("import")
@click.argument("bundles", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@pass_central
def import_(ctx: CentralContext, bundles: tuple[Path, ...]) -> None:
    """Apply stations' bundles (files, or folders of .csdsync files), each in its own transaction: a
    refused one changes nothing. Bundles from a folder may come in any order: one refused for a gap
    is tried again once an earlier one has been applied."""
    outcome: dict[Path, dict[str, Any]] = {}
    waiting = _bundle_files(bundles)
    while waiting:
        retry = []
        for path in waiting:
            try:
                outcome[path] = {
                    "file": str(path),
                    "ok": True,
                    **plain(hub.accept(ctx.store, path.read_bytes())),
                }
            except CsdError as e:
                outcome[path] = {"file": str(path), "ok": False, "error": e.code, "message": e.message}
                if e.code == "gap":
                    retry.append(path)
        progressed = len(retry) < len(waiting) and any(outcome[p]["ok"] for p in waiting)
        waiting = retry if progressed else []
    results = [outcome[path] for path in _bundle_files(bundles)]
    if not ctx.as_json:
        for r in results:
            if r["ok"]:
                click.echo(
                    _("{file}: طُبّقت ({office}، المحطة {n}: حتى التغيير {mark}).").format(
                        file=r["file"], office=r["office"], n=r["station"], mark=r["held_up_to"]
                    )
                )
            else:
                click.echo(_("{file}: رُفضت: {reason}").format(file=r["file"], reason=r["message"]), err=True)
    refused = sum(not r["ok"] for r in results)
    if ctx.as_json:
        click.echo(json.dumps({"results": results, "refused": refused}, ensure_ascii=False))
    if refused:
        raise SystemExit(2)


def _bundle_files(given: tuple[Path, ...]) -> list[Path]:
    """The files named, and every .csdsync file of the folders named (by name: export names sort in
    time), each once, in the order given."""
    files: list[Path] = []
    for path in given:
        found = sorted(path.glob("*.csdsync")) if path.is_dir() else [path]
        files += [f for f in found if f not in files]
    return files


@main.command()
@click.option("--office", required=True)
@click.option("--station", required=True, type=click.IntRange(1, 99))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_central
def export(ctx: CentralContext, office: str, station: int, out: Path) -> None:
    """Write the answer for one station."""
    data = hub.answer_for(ctx.store, office, station)
    files.write_checked(out, data)
    emit(ctx, {"out": str(out), "bytes": len(data)}, lambda: _("كُتب الرد {out}.").format(out=out))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Keep the loopback behind a proxy.")
@click.option("--port", type=click.IntRange(1, 65535), default=8740, show_default=True)
@click.option(
    "--data",
    "data_option",
    type=click.Path(file_okay=False, path_type=Path),
    help="Transfers folder (default: CSD_CENTRAL_DATA, or beside a SQLite database).",
)
@pass_central
def serve(ctx: CentralContext, host: str, port: int, data_option: Path | None) -> None:
    """Serve the stations over HTTP until stopped; TLS comes from a reverse proxy in front."""
    from .server import HubOverStore, data_folder, make_server  # the web stack, only when serving

    folder = data_folder(ctx.store.url, data_option)
    click.echo(
        _("خادم المزامنة يعمل على http://{host}:{port} (النقل في {folder}). أوقفه بـ Ctrl+C.").format(
            host=host, port=port, folder=folder
        ),
        err=True,
    )
    try:
        make_server(HubOverStore(ctx.store), folder, host, port).run()
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl+C it handled: here it is the way to stop
        pass
    click.echo(_("أُوقف خادم المزامنة."), err=True)


@main.group()
def report() -> None:
    """The figures and the monthly report of an office, a governorate or the whole country."""


_OFFICE = click.option("--office", metavar="CODE", help="One office (e.g. BGDGO).")
_GOVERNORATE = click.option("--governorate", metavar="GOV", help="A governorate's offices (e.g. BGD).")


@report.command("figures")
@click.option("--month", required=True, metavar="YYYY-MM")
@_OFFICE
@_GOVERNORATE
@pass_central
def report_figures(ctx: CentralContext, month: str, office: str | None, governorate: str | None) -> None:
    """The month's figures and KPIs (with --json: all of them); no option: the whole country."""
    period = Period.parse_month(month)
    data = reports.report_data(
        ctx.store, reports.scope_for(ctx.store, office=office, governorate=governorate), period
    )

    emit(ctx, data, lambda: figures_text(data))


@report.command("monthly")
@click.option("--month", required=True, metavar="YYYY-MM")
@_OFFICE
@_GOVERNORATE
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The PDF to write."
)
@pass_central
def report_monthly(
    ctx: CentralContext, month: str, office: str | None, governorate: str | None, out: Path
) -> None:
    """The monthly report as PDF, titled for the office, the governorate or Iraq."""
    period = Period.parse_month(month)
    scope = reports.scope_for(ctx.store, office=office, governorate=governorate)
    data, pdf = reports.report_pdf(ctx.store, scope, period)
    files.write_checked(out, pdf)
    emit(
        ctx,
        {"out": str(out), "bytes": len(pdf), "received": data.figures.totals.received},
        lambda: _("كُتب التقرير {out}.").format(out=out),
    )
