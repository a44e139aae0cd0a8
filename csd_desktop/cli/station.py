"""`csd init`, `csd demo-data` and `csd check`: setting the station up, filling it with demo cases,
checking its database."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import DatabaseUnhealthy
from ..i18n import N_, _
from ..services import demo, integrity, screen_lock, setup
from .context import Context, emit, pass_context


@click.command()
@click.option("--office-code")
@click.option("--office-name")
@click.option("--governorate", help="Governorate code, e.g. BGD (see `csd ref list governorates`).")
@click.option(
    "--enrol",
    "enrol_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="The office's enrolment file from the central office (csd-central enrol): the office comes from it.",
)
@click.option("--station", required=True)
@click.option("--admin", "admin_username", required=True)
@click.option("--admin-name", default="", help="The administrator's full name.")
@pass_context
def init(
    ctx: Context,
    office_code: str | None,
    office_name: str | None,
    governorate: str | None,
    enrol_file: Path | None,
    station: str,
    admin_username: str,
    admin_name: str,
) -> None:
    """Create the office, this station and its first administrator (password read from stdin)."""
    password = sys.stdin.readline().rstrip("\r\n")
    if enrol_file is not None:
        from ..sync.station import enrol_station

        result = enrol_station(
            ctx.db,
            enrol_file.read_bytes(),
            station=station,
            admin_username=admin_username,
            admin_full_name=admin_name or admin_username,
            admin_password=password,
        )
    elif not (office_code and office_name and governorate):
        raise click.UsageError("give --enrol FILE, or --office-code, --office-name and --governorate")
    else:
        result = setup.initialize_station(
            ctx.db,
            office_code=office_code,
            office_name=office_name,
            governorate_code=governorate,
            station=station,
            admin_username=admin_username,
            admin_full_name=admin_name or admin_username,
            admin_password=password,
        )
    emit(
        ctx,
        result,
        lambda: _("تم إعداد المكتب {office_code}، المحطة {station:02d}.").format(
            office_code=result.office_code, station=result.station
        ),
    )


@click.command("demo-data")
@click.option("--cases", "count", type=click.IntRange(min=1), default=1000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--months", type=click.IntRange(min=1, max=120), default=24, show_default=True)
@pass_context
def demo_data(ctx: Context, count: int, seed: int, months: int) -> None:
    """Fill the database with realistic synthetic Arabic cases (creates a demo office if needed)."""

    def progress(done: int, total: int) -> None:
        if not ctx.as_json:
            click.echo(f"\r{done}/{total}", nl=False, err=True)

    actor = ctx.actor() if setup.is_initialized(ctx.db) else None
    added = demo.add_demo_data(ctx.db, actor, cases=count, seed=seed, months=months, progress=progress)
    if not ctx.as_json:
        click.echo("", err=True)
    if actor is not None:
        emit(ctx, {"cases": added}, lambda: _("أضيف {added} طلب.").format(added=added))
        return
    login = {"username": demo.DEMO_USERNAME, "password": demo.DEMO_PASSWORD}
    emit(
        ctx,
        {"cases": added, "login": login},
        lambda: _(
            "أنشئ مكتب تجريبي وأضيف {added} طلب. الدخول: المستخدم {username} وكلمة المرور {password}."
        ).format(added=added, **login),
    )


@click.command()
@click.option("--quick", is_flag=True, help="The quick check only (the full one reads every index too).")
@pass_context
def check(ctx: Context, quick: bool) -> None:
    """Check the database file; a failure stops saving (window and CLI) until a check passes."""
    result = integrity.run_check(ctx.db, full=not quick)
    if not result.ok:
        raise DatabaseUnhealthy(
            N_(
                "فحص سلامة قاعدة البيانات أظهر خللاً، والحفظ موقوف حتى يُصلح. استعد آخر نسخة احتياطية سليمة "
                "من مجلد backups ثم أعد الفحص. التفاصيل في ملف السجل."
            )
        )
    emit(ctx, {"ok": True}, lambda: _("قاعدة البيانات سليمة."))


@click.command("screen-lock")
@click.option("--minutes", type=int, help="Set the idle minutes after which the window locks (1–60).")
@pass_context
def screen_lock_command(ctx: Context, minutes: int | None) -> None:
    """The window locks after this many idle minutes and asks for the password again (default 10)."""
    if minutes is not None:
        screen_lock.set_idle_lock_minutes(ctx.db, ctx.actor(), minutes)
    now = screen_lock.idle_lock_minutes(ctx.db)
    emit(ctx, {"minutes": now}, lambda: _("تُقفل الشاشة بعد {n} دقيقة دون استعمال.").format(n=now))
