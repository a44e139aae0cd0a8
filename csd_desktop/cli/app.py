"""The `csd` command for admins and scripts: its global options, the one place errors become an Arabic
message and an exit code, and every command group mounted (one module each in this package)."""

from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path
from typing import Any

import click

from .. import config, i18n
from ..errors import CsdError
from ..i18n import _
from ..services import files
from . import audit, backup, case, letter, receipt, ref, report, station, sync, user
from .context import USER_ENV, Context, fail

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
    "--user",
    "user_option",
    metavar="USERNAME",
    envvar=USER_ENV,
    help="Log in as this user (else CSD_USER); the password comes from CSD_PASSWORD or --password-file.",
)
@click.option(
    "--password-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A file whose first line is the password (else CSD_PASSWORD). Standard input stays free.",
)
@click.option(
    "--lang",
    type=click.Choice(i18n.LANGUAGES),
    help="Language of messages: ar (default) or en (else CSD_LANG, else the saved setting). "
    "Documents (receipts, letters, reports) stay Arabic.",
)
@click.pass_context
def main(
    ctx: click.Context,
    db_option: str | None,
    as_json: bool,
    user_option: str | None,
    password_file: Path | None,
    lang: str | None,
) -> None:
    """CSD Desktop from the command line. Every command but `init` and `receipt verify` logs in first:
    --user NAME (or CSD_USER) with the password in CSD_PASSWORD or --password-file."""
    config.setup_logging()
    i18n.set_language(i18n.choose_language(lang))
    ctx.obj = Context(db_option, as_json, user_option, password_file)
    ctx.call_on_close(ctx.obj.close)


for command in (
    station.init,
    station.demo_data,
    audit.audit,
    backup.backup,
    backup.backup_settings,
    backup.restore,
    station.check,
    station.screen_lock_command,
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


# Run without a login: setting a station up, checking a receipt at any desk, and demo data (which
# logs in itself unless it is making a new demo office in an empty file).
WITHOUT_LOGIN = (station.init, receipt.receipt_verify, station.demo_data)
# A temporary password lets its holder do one thing: change it.
WITH_TEMPORARY_PASSWORD = (user.user_password,)


def _log_in_first(command: click.Command) -> None:
    """Every command logs in before it reads or writes anything (a refusal exits 2, nothing done)."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _log_in_first(sub)
        return
    if command in WITHOUT_LOGIN or command.callback is None:
        return
    run = command.callback
    temporary_ok = command in WITH_TEMPORARY_PASSWORD

    @functools.wraps(run)
    def logged_in(*args: Any, **kwargs: Any) -> Any:
        context = click.get_current_context().find_object(Context)
        assert context is not None
        context.actor(temporary_ok=temporary_ok)
        return run(*args, **kwargs)

    command.callback = logged_in


_log_in_first(main)
