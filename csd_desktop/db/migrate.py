"""Running the Alembic migrations shipped inside the package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(db_path: Path) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", f"sqlite+pysqlite:///{db_path}")
    return cfg


def upgrade_url(url: str) -> None:
    """Run the migrations on a database named by its SQLAlchemy URL (the central server's SQLite)."""
    cfg = alembic_config(Path("unused"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "head")


def stamp_url(url: str) -> None:
    """Record the head revision in a schema built from the models (the central server's PostgreSQL)."""
    cfg = alembic_config(Path("unused"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.stamp(cfg, "head")


def upgrade(db_path: Path, revision: str = "head", *, progress: Any = None) -> None:
    """Run the migrations up to `revision`; a long one reports to `progress` (db.engine.Progress)."""
    cfg = alembic_config(db_path)
    cfg.attributes["progress"] = progress
    command.upgrade(cfg, revision)


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config(Path("unused"))).get_current_head()
    assert head is not None
    return head
