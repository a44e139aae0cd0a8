"""The central database: the same models on PostgreSQL (or SQLite for a pilot), named by a SQLAlchemy
URL, with one transaction per thing done."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..db.engine import _set_pragmas
from ..db.models import Base
from ..errors import CsdError
from ..i18n import N_


class CentralUnavailable(CsdError):
    code = "central_unavailable"


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = create_engine(url, hide_parameters=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _set_pragmas)
            event.listen(self.engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        try:
            with self._sessions() as session, session.begin():
                yield session
        except OperationalError as e:
            raise CentralUnavailable(
                N_("تعذّر الوصول إلى قاعدة بيانات المكتب المركزي: {detail}"), detail=str(e.orig)
            ) from e

    def ensure_schema(self) -> None:
        """SQLite runs the migrations as a station does; PostgreSQL gets the models' schema (the old
        migrations speak SQLite) stamped at the head, so later migrations run on it."""
        from ..db.migrate import stamp_url, upgrade_url

        try:
            if self.engine.dialect.name == "sqlite":
                upgrade_url(self.url)
            elif not inspect(self.engine).has_table("alembic_version"):
                Base.metadata.create_all(self.engine)
                stamp_url(self.url)
        except OperationalError as e:
            raise CentralUnavailable(
                N_("تعذّر الوصول إلى قاعدة بيانات المكتب المركزي: {detail}"), detail=str(e.orig)
            ) from e

    def dispose(self) -> None:
        self.engine.dispose()
