"""The database file: migrations shipped in the package, a backup before migrating, the health checks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from csd_desktop.db.engine import SCHEMA_HEAD, Database, open_database, stored_revision
from csd_desktop.db.migrate import head_revision
from csd_desktop.errors import DatabaseUnhealthy
from csd_desktop.services import intake, integrity
from csd_desktop.services.users import Actor
from tests.factories import intake_form


def test_schema_head_constant_matches_the_migrations() -> None:
    assert SCHEMA_HEAD == head_revision()


def test_new_database_is_migrated_with_the_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    db = open_database(path)
    assert stored_revision(path) == SCHEMA_HEAD
    with db.read() as s:
        conn = s.connection()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    db.dispose()


def test_an_existing_file_is_copied_aside_before_migrating(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE legacy_notes (body TEXT)")
    con.execute("INSERT INTO legacy_notes VALUES ('سجل قديم')")
    con.commit()
    con.close()
    db = open_database(path)
    db.dispose()
    assert stored_revision(path) == SCHEMA_HEAD
    copies = list((tmp_path / "backups").glob("old-before-*.sqlite"))
    assert len(copies) == 1
    copy = sqlite3.connect(copies[0])
    assert copy.execute("SELECT body FROM legacy_notes").fetchone() == ("سجل قديم",)
    assert copy.execute("SELECT count(*) FROM sqlite_master WHERE name = 'cases'").fetchone() == (0,)


def test_a_database_at_head_is_opened_without_alembic_or_a_copy(db_path: Path) -> None:
    from csd_desktop.db.engine import migrate

    assert migrate(db_path) is None
    assert not (db_path.parent / "backups").exists()


def test_failed_quick_check_blocks_saving(db: Database, actor: Actor) -> None:
    assert integrity.quick_check(db).ok
    db.mark_unhealthy("simulated corruption")
    with pytest.raises(DatabaseUnhealthy) as err:
        intake.register_case(db, actor, intake_form())
    assert "سلامة" in err.value.message


def test_corrupt_file_fails_the_quick_check(tmp_path: Path, db_path: Path) -> None:
    data = bytearray(db_path.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 200] = b"\xff" * 200  # scribble over a b-tree page
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(bytes(data))
    db = Database(broken)
    assert not integrity.quick_check(db).ok
    assert db.unhealthy_reason


def test_backup_runs_the_full_check_and_copies(db: Database, actor: Actor, tmp_path: Path) -> None:
    intake.register_case(db, actor, intake_form())
    copy = integrity.backup(db, tmp_path / "copy.sqlite")
    assert sqlite3.connect(copy).execute("SELECT count(*) FROM cases").fetchone()[0] == 1


def test_migrations_build_exactly_the_models(db: Database) -> None:
    """What Alembic builds is what the models say (the FTS index is ours alone, outside the models)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from csd_desktop.db.models import Base

    def ours(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
        return not (type_ == "table" and name is not None and name.startswith("case_search"))

    with db.write_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": ours})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
