"""The central database: the same models on PostgreSQL (or SQLite for a pilot), named by a SQLAlchemy
URL, with one transaction per thing done."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..config import attachments_dir, data_dir
from ..db.engine import _set_pragmas
from ..db.models import Base
from ..errors import CsdError
from ..i18n import N_


class CentralUnavailable(CsdError):
    code = "central_unavailable"


class Store:
    def __init__(self, url: str, *, files: Path | None = None) -> None:
        self.url = url
        self.engine: Engine = create_engine(url, hide_parameters=True)
        self.files = files or _files_folder(self.engine)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _set_pragmas)
            event.listen(self.engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.read_engine = self.engine
        if self.engine.dialect.name == "sqlite":
            self.read_engine = create_engine(url, hide_parameters=True)
            event.listen(self.read_engine, "connect", _set_pragmas)
            event.listen(self.read_engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        self._readers = sessionmaker(self.read_engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        with _unavailable(), self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A transaction that only reads (the figures'): on SQLite a plain BEGIN, so the figures'
        two connections read side by side instead of queueing for the writers' lock."""
        with _unavailable(), self._readers() as session, session.begin():
            yield session

    def ensure_schema(self) -> None:
        """SQLite runs the migrations as a station does; PostgreSQL gets the models' schema (the old
        migrations speak SQLite) stamped at the head, so later migrations run on it."""
        from ..db.migrate import stamp_url, upgrade_url

        with _unavailable():
            if self.engine.dialect.name == "sqlite":
                upgrade_url(self.url)
            elif not inspect(self.engine).has_table("alembic_version"):
                Base.metadata.create_all(self.engine)
                stamp_url(self.url)

    def dispose(self) -> None:
        self.engine.dispose()
        self.read_engine.dispose()


@contextmanager
def _unavailable() -> Iterator[None]:
    """A database that cannot be reached, as the central's clear refusal."""
    try:
        yield
    except OperationalError as e:
        raise CentralUnavailable(
            N_("تعذّر الوصول إلى قاعدة بيانات المكتب المركزي: {detail}"), detail=str(e.orig)
        ) from e


def _files_folder(engine: Engine) -> Path:
    """Where received attachment files are kept: beside a SQLite file (as at a station), else in
    CSD_CENTRAL_FILES or the central server's data folder."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        return attachments_dir(Path(str(engine.url.database)))
    return Path(os.environ.get("CSD_CENTRAL_FILES") or data_dir() / "central") / "attachments"
