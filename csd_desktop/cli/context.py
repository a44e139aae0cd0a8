"""What every `csd` command shares: the context (the database, opened through services.database as the
window does, the acting user, --json), printing a result, and printing a refusal."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, NoReturn
from uuid import UUID

import click

from .. import config
from ..errors import CitizenDetailsDiffer, CsdError, FormErrors, ReferenceCheckMismatch
from ..i18n import _
from ..services import users
from ..services.database import Database, open_station_database


class Context:
    """The options given before the command; the database opens when a command first needs it."""

    def __init__(self, db_option: str | None, as_json: bool, user_option: str | None = None) -> None:
        self.db_path = config.db_path(db_option)
        self.as_json = as_json
        self.user_option = user_option
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_station_database(self.db_path)
        return self._db

    def actor(self) -> users.Actor:
        """The CLI acts as a named user (--user) or the station's first administrator; it is for people
        who already hold the data folder, and every change still records who made it."""
        return users.cli_actor(self.db, self.user_option)

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


pass_context = click.make_pass_decorator(Context)


def plain(value: Any) -> Any:
    """A result as JSON can hold it: dataclasses as objects, days and moments in ISO form."""
    if is_dataclass(value) and not isinstance(value, type):
        return {k: plain(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        return [plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


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
