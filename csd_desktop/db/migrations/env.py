"""Alembic environment: the package's models, batch mode for SQLite, the same pragmas as the app."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine, event

from csd_desktop.db.engine import _set_pragmas
from csd_desktop.db.models import Base
from csd_desktop.i18n import N_

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None
    engine = create_engine(url)
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        event.listen(engine, "connect", _set_pragmas)
        # Rebuilding a table that others reference (SQLite's way to change one) needs foreign keys
        # off; they are all checked below before anything is committed.
        event.listen(engine, "connect", _foreign_keys_off)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                progress = config.attributes.get("progress")
                if progress is not None:  # seconds at a million cases, with nothing to count
                    progress(0, 0, N_("التحقق من الروابط بين الجداول"))
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration broke {len(broken)} references, first: {broken[0]}")
    engine.dispose()


def _foreign_keys_off(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA foreign_keys=OFF")


run_migrations()
