"""The `csd` command for admins and scripts: its global options, the one place errors become an Arabic
message and an exit code, and every command group mounted (one module each in this package)."""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from .. import config, i18n
from ..errors import CsdError
from ..i18n import _
from ..services import files
from . import audit, backup, case, letter, receipt, ref, report, station, sync, user
from .context import Context, fail

log = logging.getLogger(__name__)


class CsdGroup(click.Group):
    """Turns our expected errors into a message and exit code 2, and anything else into a short
    message with the traceback in the log — never a traceback on the screen."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CsdError as e:
            context = ctx.find_object(Context) or Context(None, False)
            fail(context, backup.with_restore_hint(e, context.db_path))
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except OSError as e:  # a file asked for with --out: a missing or read-only folder, a full disk
            log.warning("file error in csd", exc_info=True)
            fail(ctx.find_object(Context) or Context(None, False), files.file_error(e))
        except Exception:
            log.exception("unexpected error in csd")
            click.echo(_("خطأ غير متوقع؛ التفاصيل في ملف السجل."), err=True)
            sys.exit(1)


@click.group(cls=CsdGroup)
@click.option(
    "--db", "db_option", metavar="PATH", help="Database file (default: CSD_DB or the user data folder)."
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option(
    "--user", "user_option", metavar="USERNAME", help="Act as this user (default: the first admin)."
)
@click.option(
    "--lang",
    type=click.Choice(i18n.LANGUAGES),
    help="Language of messages: ar (default) or en (else CSD_LANG, else the saved setting). "
    "Documents (receipts, letters, reports) stay Arabic.",
)
@click.pass_context
def main(
    ctx: click.Context, db_option: str | None, as_json: bool, user_option: str | None, lang: str | None
) -> None:
    """CSD Desktop from the command line."""
    config.setup_logging()
    i18n.set_language(i18n.choose_language(lang))
    ctx.obj = Context(db_option, as_json, user_option)
    ctx.call_on_close(ctx.obj.close)


for command in (
    station.init,
    station.demo_data,
    audit.audit,
    backup.backup,
    backup.backup_settings,
    backup.restore,
    station.check,
    case.case,
    case.escalate_overdue,
    ref.ref,
    receipt.receipt,
    letter.letter,
    report.report,
    user.user,
    sync.sync,
):
    main.add_command(command)
