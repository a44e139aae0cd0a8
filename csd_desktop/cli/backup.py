"""`csd backup [--out DIR]` and `csd restore FILE`, and the hint a damaged database's error carries:
which backup to restore, and the command that does it."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import CsdError, DatabaseCorrupt, DatabaseUnhealthy
from ..i18n import _
from ..services import backup as backups
from ..services import instance
from ..services import restore as restoring
from .context import Context, emit, pass_context


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the copy (default: the backups folder in the settings).",
)
@pass_context
def backup(ctx: Context, out: Path | None) -> None:
    """A consistent copy of the live database, checked, then the old copies rotated."""
    made = backups.backup_now(ctx.db, ctx.actor(), out)
    emit(
        ctx,
        {"backup": str(made.path), "bytes": made.size, "removed": [str(p) for p in made.removed]},
        lambda: str(made.path),
    )


@click.command("backup-settings")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), help="Where backups go.")
@click.option("--default-folder", is_flag=True, help="Back to the backups folder beside the database.")
@click.option("--every-hours", type=int, help="How often the window makes one (0: only at start).")
@pass_context
def backup_settings(ctx: Context, folder: Path | None, default_folder: bool, every_hours: int | None) -> None:
    """Show the backup settings, or change those given."""
    current = backups.read_settings(ctx.db)
    if folder is not None or default_folder or every_hours is not None:
        current = backups.BackupSettings(
            folder="" if default_folder else str(folder.resolve()) if folder else current.folder,
            every_hours=current.every_hours if every_hours is None else every_hours,
        )
        backups.save_settings(ctx.db, current)
    where = backups.folder_for(ctx.db_path, current)
    emit(
        ctx,
        {"folder": str(where), "every_hours": current.every_hours},
        lambda: _("مجلد النسخ الاحتياطية: {folder}\nنسخة تلقائية كل {hours} ساعات (وعند كل تشغيل).").format(
            folder=where, hours=current.every_hours
        ),
    )


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def restore(ctx: Context, file: Path) -> None:
    """Put a backup in place of the database (checked first; the current file is kept aside)."""
    instance.refuse_if_open(ctx.db_path)  # the window would go on writing to the file it had open
    actor = ctx.actor()
    ctx.close()  # the login's connections: restore refuses a file still open
    done = restoring.restore_as(actor, ctx.db_path, file)
    restoring.record_restore(ctx.db, actor.id, done)  # opens (and if older, migrates) it
    emit(
        ctx,
        done,
        lambda: (
            _("استُعيدت النسخة الاحتياطية {backup}.").format(backup=done.restored_from)
            + (
                _("\nالملف السابق محفوظ باسم {aside}").format(aside=done.kept_aside)
                if done.kept_aside is not None
                else ""
            )
        ),
    )


def with_restore_hint(error: CsdError, db_path: Path) -> CsdError:
    """A damaged database's error, naming the newest sound backup and the command that restores it."""
    if not isinstance(error, DatabaseCorrupt | DatabaseUnhealthy):
        return error
    found = restoring.newest_good_backup(db_path, backups.folder_of(db_path))
    if found is None:
        hint = _("لم تُعثر على نسخة احتياطية سليمة في {folder}.").format(folder=backups.folder_of(db_path))
    else:
        hint = _(
            "أحدث نسخة احتياطية سليمة: {backup}\nلاستعادتها (بعد إغلاق البرنامج): csd restore {backup}"
        ).format(backup=found)
    return type(error)(f"{error.message}\n{hint}", code=error.code)
