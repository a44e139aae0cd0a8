"""`csd sync export|import|status`: the station's bundles for the central office, by file."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import _
from ..services import files, users
from ..sync import desk, station
from .context import Context, emit, pass_context


@click.group()
def sync() -> None:
    """Exchange bundles with the central office."""


@sync.command("export")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def sync_export(ctx: Context, out: Path) -> None:
    """Write a bundle of every change the central office has not acknowledged yet."""
    users.require(ctx.actor(), users.Permission.SYNC)  # the sync services take no user
    result = station.export_bundle(ctx.db)
    files.write_checked(out, result.data)
    data = {
        "out": str(out),
        "bundle_id": result.bundle_id,
        "first_seq": result.first_seq,
        "last_seq": result.last_seq,
        "changes": result.changes,
        "bytes": len(result.data),
    }
    emit(ctx, data, lambda: _("كُتبت الحزمة {out}: {n} تغيير.").format(out=out, n=result.changes))


@sync.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@pass_context
def sync_import(ctx: Context, file: Path) -> None:
    """Apply the central office's answer (refused with its reason, changing nothing, if it is not sound)."""
    users.require(ctx.actor(), users.Permission.SYNC)  # the sync services take no user
    result = station.import_answer(ctx.db, file.read_bytes())
    emit(
        ctx,
        result,
        lambda: _("استُوردت الحزمة: أضيف {n} سجل، وسُلّم إلى المكتب المركزي حتى التغيير {mark}.").format(
            n=sum(result.added.values()), mark=result.delivered
        ),
    )


@sync.command("status")
@pass_context
def sync_status(ctx: Context) -> None:
    """The last exchange, and how many changes wait for the central office."""
    st = station.sync_status(ctx.db)
    emit(
        ctx,
        st,
        lambda: _("آخر تصدير: {e}؛ آخر استيراد: {i}؛ تغييرات تنتظر: {w}؛ سُلّم حتى: {d}.").format(
            e=st.last_export or "—", i=st.last_import or "—", w=st.waiting, d=st.delivered
        ),
    )


@sync.command("now")
@click.option("--server", metavar="URL", help="The central server, e.g. https://sync.csd.example.iq")
@click.option(
    "--attempts",
    type=click.IntRange(1, 20),
    default=desk.ATTEMPTS,
    show_default=True,
    help="Tries for each part before giving up (pauses of 1, 2, 4 … seconds between them).",
)
@pass_context
def sync_now(ctx: Context, server: str | None, attempts: int) -> None:
    """Push this station's bundle to the central server, then pull its answer (resumes a cut transfer)."""
    users.require(ctx.actor(), users.Permission.SYNC)  # the sync services take no user
    url = server or desk.saved_server(ctx.db)

    def progress(done: int, total: int, step: str) -> None:
        if not ctx.as_json:
            click.echo(f"\r{_(step)}: {done:,}/{total:,}", nl=False, err=True)

    outcome = desk.sync_with_server(ctx.db, url, progress, attempts=attempts)
    if not ctx.as_json:
        click.echo("", err=True)
    emit(
        ctx,
        outcome,
        lambda: _("تمت المزامنة مع {server}: أُرسل {sent:,} بايت واستُلم {received:,} بايت.").format(
            server=url, sent=outcome.pushed_bytes, received=outcome.pulled_bytes
        ),
    )
