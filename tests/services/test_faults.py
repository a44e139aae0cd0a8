"""Office-PC faults, provoked for real: each one is its own Arabic message (a CsdError raised by the
database layer), nothing is half saved, and a damaged file is remembered across processes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from csd_desktop.db import engine
from csd_desktop.db.engine import Database, open_database, unhealthy_marker
from csd_desktop.errors import (
    DatabaseBusy,
    DatabaseCorrupt,
    DatabaseFolderReadOnly,
    DatabaseReadOnly,
    DatabaseUnhealthy,
    DiskFull,
)
from csd_desktop.services import intake, integrity, search, users
from tests.conftest import ADMIN, PASSWORD
from tests.factories import intake_form
from tests.fs_faults import (
    copy_db,
    fill,
    immutable,
    overwrite_tables,
    read_only_folder,
    second_writer,
    tiny_disk,
)


def cases_in(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM cases").fetchone()[0])
    finally:
        con.close()


def test_a_read_only_database_file_refuses_saving_but_still_searches(db_path: Path) -> None:
    with immutable(db_path):
        db = open_database(db_path)
        try:
            actor = users.authenticate(db, ADMIN, PASSWORD)
            with pytest.raises(DatabaseReadOnly) as err:
                intake.register_case(db, actor, intake_form())
            assert "للقراءة فقط" in err.value.message and str(db_path) in err.value.message
            assert search.find_cases(db, "الساعدي") == []
        finally:
            db.dispose()
    assert cases_in(db_path) == 0


def test_a_read_only_folder_is_named_even_when_only_searching(template_db: Path, tmp_path: Path) -> None:
    source = copy_db(template_db, tmp_path / "office" / "csd.sqlite").parent
    with read_only_folder(source, tmp_path / "ro") as folder:
        path = folder / "csd.sqlite"
        with pytest.raises(DatabaseFolderReadOnly) as err:
            open_database(path)
        assert str(folder) in err.value.message and "صلاحية الكتابة" in err.value.message
        db = Database(path)  # as a screen would hold it had the folder turned read-only later
        try:
            with pytest.raises(DatabaseFolderReadOnly):
                search.find_cases(db, "الساعدي")
        finally:
            db.dispose()


@pytest.mark.parametrize("leave_kb", [0, 96], ids=["no-space-left", "nearly-full"])
def test_a_full_disk_saves_nothing_and_says_so(template_db: Path, tmp_path: Path, leave_kb: int) -> None:
    with tiny_disk(tmp_path / "disk", 2048) as disk:
        path = copy_db(template_db, disk / "csd.sqlite")
        db = open_database(path)
        try:
            actor = users.authenticate(db, ADMIN, PASSWORD)
            fill(disk, leave_kb)
            with pytest.raises(DiskFull) as err:
                intake.register_case(db, actor, intake_form(details="تفاصيل " * 600))
            assert "القرص ممتلئ" in err.value.message and "أفرغ مساحة" in err.value.message
        finally:
            db.dispose()
        (disk / "filler").unlink()
        assert cases_in(path) == 0


def test_a_second_writer_makes_saving_say_busy_and_reading_goes_on(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)  # the office waits 10 s; a test need not
    db = open_database(db_path)
    try:
        actor = users.authenticate(db, ADMIN, PASSWORD)
        with second_writer(db_path):
            with pytest.raises(DatabaseBusy) as err:
                intake.register_case(db, actor, intake_form())
            assert "مشغولة" in err.value.message and "0.3 ثوانٍ" in err.value.message
            assert search.find_cases(db, "الساعدي") == []
        intake.register_case(db, actor, intake_form())  # the lock is gone: saving works again
    finally:
        db.dispose()
    assert cases_in(db_path) == 1


def test_overwritten_pages_are_named_and_saving_stays_blocked_in_the_next_process(
    db_path: Path, template_db: Path
) -> None:
    overwrite_tables(db_path)
    db = open_database(db_path)
    try:
        actor = users.authenticate(db, ADMIN, PASSWORD)
        with pytest.raises(DatabaseCorrupt) as err:
            intake.register_case(db, actor, intake_form())
        assert "تالف" in err.value.message and "نسخة احتياطية" in err.value.message
    finally:
        db.dispose()
    assert unhealthy_marker(db_path).exists()

    later = open_database(db_path)  # the next window or `csd` command
    try:
        actor = users.authenticate(later, ADMIN, PASSWORD)
        with pytest.raises(DatabaseUnhealthy):  # even a write that would not touch the bad pages
            users.create_user(
                later,
                actor,
                username="sara",
                full_name="سارة علي حسين",
                role=users.Role.CLERK,
                password="x" * 10,
            )
    finally:
        later.dispose()

    shutil.copy(template_db, db_path)  # the administrator restores a sound copy
    restored = open_database(db_path)
    try:
        assert integrity.quick_check(restored).ok
        assert not unhealthy_marker(db_path).exists()
        intake.register_case(restored, users.authenticate(restored, ADMIN, PASSWORD), intake_form())
    finally:
        restored.dispose()


def test_a_failed_full_check_is_not_cleared_by_a_quick_one(db: Database) -> None:
    db.mark_unhealthy("row 12 missing from index ix_cases_status_due", check="integrity_check")
    assert not db.mark_healthy("quick_check")
    assert Database(db.path).unhealthy_check == "integrity_check"  # remembered beside the file
    result = integrity.quick_check(db)  # runs the full check instead: the file is sound
    assert result.ok and db.unhealthy_reason is None
    assert not unhealthy_marker(db.path).exists()


def test_a_damaged_header_is_not_a_database(db_path: Path) -> None:
    with open(db_path, "r+b") as f:
        f.write(b"this is not SQLite format 3 at all")
    with pytest.raises(DatabaseCorrupt, match="ليس قاعدة بيانات"):
        open_database(db_path)
