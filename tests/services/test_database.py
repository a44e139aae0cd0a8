"""The database file: migrations shipped in the package, a backup before migrating, the health checks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from csd_desktop.db.engine import SCHEMA_HEAD, Database, open_database, stored_revision
from csd_desktop.db.migrate import head_revision
from csd_desktop.errors import DatabaseUnhealthy
from csd_desktop.services import backup, intake, integrity
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


def test_backup_copies_the_cases(db: Database, actor: Actor, tmp_path: Path) -> None:
    intake.register_case(db, actor, intake_form())
    copy = backup.make_backup(db, tmp_path).path
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


def test_0005_keeps_every_citizen_as_a_person_and_reindexes_the_words(
    tmp_path: Path, template_db: Path
) -> None:
    from csd_desktop.services import search
    from tests import old_schema

    path = tmp_path / "at-0004.sqlite"
    old_schema.write_old(template_db, path, "0004")  # the office, its station and admin, as 0004 kept them
    con = sqlite3.connect(path)
    ids = con.execute(
        "SELECT o.id, s.id, u.id, c.id FROM offices o, stations s, users u, categories c LIMIT 1"
    ).fetchone()
    office, station, user, category = ids
    con.execute(
        "INSERT INTO citizens (id, full_name, name_search, national_id, phone, elderly, special_needs, "
        "pregnant, created_at, updated_at) VALUES ('0c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c', 'عبد الله رائد', 'x', '199012345678', "
        "'07701234567', 0, 0, 0, '2026-11-01 08:00:00', '2026-11-01 08:00:00')"
    )
    con.execute(
        "INSERT INTO cases (id, reference, office_id, station_id, year, sequence, citizen_id, kind, channel, "
        "category_id, subject, details, elderly, special_needs, pregnant, registered_at, registered_by, "
        "due_first_answer, status, status_changed_at, escalation_level, reopened_count) VALUES "
        "('0a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a', 'BGDGO-01-2026-000001-7', ?, ?, 2026, 1, '0c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c', 'complaint', 'walk_in', ?, "
        "'مسؤول الهيئة لم يرد', '', 0, 0, 0, '2026-11-01 08:00:00', ?, '2026-11-05', 'registered', "
        "'2026-11-01 08:00:00', 0, 0)",
        (office, station, category, user),
    )
    con.execute(
        "INSERT INTO case_search (case_id, name, body) VALUES ('0a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a', 'عبد الله رائد', 'قديم')"
    )
    con.commit()
    con.close()

    db = open_database(path)  # migrates to head, after a copy
    citizen = bytes.fromhex("0c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c")
    with db.read() as s:
        conn = s.connection()
        assert conn.exec_driver_sql("SELECT id, person_id FROM citizens").all() == [(citizen, citizen)]
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    for typed in ("عبدالله", "رايد", "مسءول الهييه"):
        assert [b.reference for b in search.find_cases(db, typed)] == ["BGDGO-01-2026-000001-7"], typed
    db.dispose()
