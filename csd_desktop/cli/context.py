"""What every `csd` command shares: the context (the database, opened through services.database as the
window does, the user who logged in, --json), printing a result, and printing a refusal."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from .. import config
from ..errors import (
    AuthenticationFailed,
    CitizenDetailsDiffer,
    CsdError,
    FormErrors,
    ReferenceCheckMismatch,
    SetupRequired,
)
from ..i18n import N_, _
from ..services import sign_in, users
from ..services.database import Database, open_station_database
from ..services.figures import plain as plain  # one JSON form for stored figures and --json output

PASSWORD_ENV = "CSD_PASSWORD"
USER_ENV = "CSD_USER"

NO_USER = N_(
    "سجّل الدخول أولاً: اسم المستخدم بـ --user (أو في المتغير CSD_USER)، وكلمة المرور في المتغير "
    "CSD_PASSWORD أو في ملف يُعطى بـ --password-file."
)
NO_PASSWORD = N_(
    "لم تُعطَ كلمة مرور المستخدم {username}: ضعها في المتغير CSD_PASSWORD أو في ملف يُعطى بـ --password-file."
)
TEMPORARY = N_(
    "كلمة مرور {username} مؤقتة وضعها مدير النظام: غيّرها أولاً بالأمر csd user password "
    "(الجديدة تُقرأ من الإدخال القياسي)، ثم أعد الأمر بها."
)


class Context:
    """The options given before the command; the database opens, and the user logs in, when a command
    first needs them."""

    def __init__(
        self,
        db_option: str | None,
        as_json: bool,
        user_option: str | None = None,
        password_file: Path | None = None,
    ) -> None:
        self.db_path = config.db_path(db_option)
        self.as_json = as_json
        self.user_option = user_option
        self.password_file = password_file
        self._db: Database | None = None
        self._actor: users.Actor | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_station_database(self.db_path)
        return self._db

    def password(self) -> str | None:
        """From --password-file (its first line), else CSD_PASSWORD: never stdin, which `--json -` and
        the commands that read a new password use."""
        if self.password_file is not None:
            lines = self.password_file.read_text(encoding="utf-8-sig").splitlines()
            return lines[0] if lines else ""
        return os.environ.get(PASSWORD_ENV)

    def actor(self, *, temporary_ok: bool = False) -> users.Actor:
        """The user who logged in, as the window logs in (services/sign_in.py: the same lockout, the same
        refusal). A temporary password allows only changing it (`temporary_ok`)."""
        if self._actor is None:
            if not self.user_option:
                raise AuthenticationFailed(NO_USER, code="login_required")
            password = self.password()
            if password is None:
                raise AuthenticationFailed(NO_PASSWORD, username=self.user_option, code="login_required")
            if sign_in.station_info(self.db) is None:
                raise SetupRequired(N_("لم تُعدّ هذه المحطة بعد: شغّل csd init أولاً."))
            self._actor = sign_in.authenticate(self.db, self.user_option, password)
        if self._actor.must_change_password and not temporary_ok:
            raise AuthenticationFailed(
                TEMPORARY, username=self._actor.username, code="password_change_required"
            )
        return self._actor

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
            self._db = None


pass_context = click.make_pass_decorator(Context)


def emit(ctx: Context, data: Any, text: Callable[[], str]) -> None:
    """The result: `data` as JSON with --json, else the words `text` gives."""
    click.echo(json.dumps(plain(data), ensure_ascii=False, indent=2) if ctx.as_json else text())


def fail(ctx: Context, error: CsdError) -> NoReturn:
    """A refusal: its Arabic message (or, with --json, its code and fields) on stderr, exit code 2."""
    if ctx.as_json:
        payload: dict[str, Any] = {"error": error.code, "message": error.message}
        if isinstance(error, FormErrors):
            payload["fields"] = {e.field or "": e.message for e in error.errors}
        elif error.field:
            payload["field"] = error.field
        if isinstance(error, ReferenceCheckMismatch):
            payload["suggestions"] = list(error.suggestions)
        if isinstance(error, CitizenDetailsDiffer):
            payload["changes"] = [{"field": f, "on_file": old, "typed": new} for f, old, new in error.changes]
        click.echo(json.dumps(payload, ensure_ascii=False), err=True)
    else:
        lines = [e.message for e in error.errors] if isinstance(error, FormErrors) else [error.message]
        for line in lines:
            click.echo(_("خطأ: {line}").format(line=line), err=True)
    sys.exit(2)
