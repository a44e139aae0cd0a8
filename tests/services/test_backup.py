"""Backups: a checked copy of the live file, whole or absent, never overwriting another, rotated by day
and month; restore checks first, keeps the current file (and its -wal) aside, refuses a bad file."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from csd_desktop.db.engine import Database, open_database
from csd_desktop.db.models import AuditEntry
from csd_desktop.errors import DatabaseBusy, DiskFull
from csd_desktop.services import audit, backup, clock, intake, restore
from csd_desktop.services.users import Actor
from tests.factories import intake_form
from tests.fs_faults import copy_db, fill, immutable, overwrite_tables, tiny_disk
from tests.services.test_faults import cases_in


def at(moment: datetime) -> None:
    clock.set_clock(lambda: moment)


def test_backup_while_another_connection_reads_and_restore_round_trips(
    db: Database, actor: Actor, tmp_path: Path
) -> None:
    intake.register_case(db, actor, intake_form())
    reader = sqlite3.connect(db.path, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM cases").fetchone()[0] == 1  # a read transaction stays open
    made = backup.make_backup(db, tmp_path / "copies", by=actor.id)
    intake.register_case(db, actor, intake_form())  # saving goes on beside the reader and the copy
    with db.read() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
    assert (last.action, last.user_id, last.detail["file"]) == ("backup_made", actor.id, str(made.path))
    reader.execute("COMMIT")
    reader.close()
    db.dispose()
    assert cases_in(db.path) == 2
    done = restore.restore(db.path, made.path)
    assert cases_in(db.path) == 1 and done.kept_aside is not None and cases_in(done.kept_aside) == 2
    reopened = open_database(db.path)
    try:
        restore.record_restore(reopened, actor.id, done)
        intake.register_case(reopened, actor, intake_form())  # the restored file takes new cases
        assert audit.verify(reopened).ok  # the chain goes on from the backup's last record
    finally:
        reopened.dispose()
    assert cases_in(db.path) == 2


def test_two_backups_in_the_same_moment_are_both_kept(db: Database, tmp_path: Path) -> None:
    at(datetime(2026, 11, 30, 8, 0, 0, 123000, tzinfo=UTC))
    first = backup.make_backup(db, tmp_path)
    second = backup.make_backup(db, tmp_path)
    assert first.path != second.path
    assert first.path.is_file() and second.path.is_file()
    assert [p.name for _m, p in backup.list_backups(tmp_path, "csd")] == sorted(
        [first.path.name, second.path.name], reverse=True
    )


def test_a_backup_is_one_checked_file_readable_by_its_owner_only(db: Database, tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        made = backup.make_backup(db, tmp_path / "new" / "backups")
    finally:
        os.umask(previous)
    assert sorted(p.name for p in made.path.parent.iterdir()) == [made.path.name]  # no -wal, no leftovers
    assert made.path.stat().st_mode & 0o777 == 0o600
    assert made.path.parent.stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o700
    assert sqlite3.connect(made.path).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_backup_to_a_full_disk_leaves_no_partial_file(db: Database, tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "usb", 256) as usb:
        fill(usb, leave_kb=64)
        with pytest.raises(DiskFull) as err:
            backup.make_backup(db, usb / "backups")
        assert "القرص ممتلئ" in err.value.message
        assert list((usb / "backups").iterdir()) == []


def test_a_damaged_database_is_not_copied_and_saving_stops(db_path: Path, tmp_path: Path) -> None:
    overwrite_tables(db_path)
    db = Database(db_path)
    try:
        with pytest.raises(Exception) as err:
            backup.make_backup(db, tmp_path / "copies")
        assert db.unhealthy_reason is not None, err.value
    finally:
        db.dispose()
    assert not list((tmp_path / "copies").glob("*.sqlite"))


def test_rotation_keeps_a_day_of_everything_14_days_and_12_months(db: Database, tmp_path: Path) -> None:
    start = datetime(2025, 6, 1, 5, 0, tzinfo=UTC)  # 08:00 in Baghdad
    made: list[datetime] = []
    for hours in range(0, 24 * 540, 12):  # two a day for eighteen months
        moment = start + timedelta(hours=hours)
        made.append(moment)
        name = backup.backup_name("csd", moment)
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "csd-before-0007-20250101T000000.sqlite").write_bytes(b"")  # not the rotation's
    now = made[-1]
    at(now)
    last = backup.make_backup(db, tmp_path)
    kept = {m for m, _p in backup.list_backups(tmp_path, "csd")}
    local = [clock.to_local(m) for m in kept]
    today = clock.to_local(now).date()
    days = {m.date() for m in local if (today - m.date()).days < 14}
    assert days == {today - timedelta(days=n) for n in range(14)}
    months = {(m.year, m.month) for m in local}
    assert len(months) == 12 and (today.year, today.month) in months
    # one per day beyond the last 24 hours, the newest of its day
    older = [m for m in local if m < clock.to_local(now) - timedelta(hours=24)]
    assert len(older) == len({m.date() for m in older})
    assert all(m.hour == 20 for m in older)  # 17:00 UTC: the evening backup, the day's newest
    assert last.at in kept and now in kept and now - timedelta(hours=12) in kept
    assert (tmp_path / "csd-before-0007-20250101T000000.sqlite").exists()
    # the one just made shares its moment with the last older file: both stay, nothing else does
    assert len(list(tmp_path.glob("csd-2*.sqlite"))) == len(kept) + 1 and last.path.name.endswith(
        "Z-2.sqlite"
    )


def test_restore_with_a_stale_wal_beside_the_target_gives_the_backup_intact(
    db: Database, actor: Actor, tmp_path: Path
) -> None:
    made = backup.make_backup(db, tmp_path / "copies")
    db.dispose()
    # Changes left in a -wal by a process that died before folding them into the file.
    con = sqlite3.connect(db.path, isolation_level=None)
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("DELETE FROM local_settings WHERE key = 'signing_key'")
    con.execute("CREATE TABLE scribble (x)")
    con.execute("INSERT INTO scribble VALUES (randomblob(20000))")
    wal = Path(f"{db.path}-wal").read_bytes()
    con.close()  # folds the -wal in and removes it: put the stale one back
    Path(f"{db.path}-wal").write_bytes(wal)
    done = restore.restore(db.path, made.path)
    assert not Path(f"{db.path}-wal").exists()
    con = sqlite3.connect(db.path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM sqlite_master WHERE name='scribble'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM local_settings WHERE key='signing_key'").fetchone()[0] == 1
    finally:
        con.close()
    assert done.kept_aside is not None and done.kept_aside.exists()


@pytest.mark.parametrize("kind", ["corrupt", "foreign", "text"])
def test_restore_refuses_a_bad_file_and_changes_nothing(db: Database, tmp_path: Path, kind: str) -> None:
    made = backup.make_backup(db, tmp_path / "copies")
    db.dispose()
    bad = tmp_path / "bad.sqlite"
    if kind == "corrupt":
        shutil.copy(made.path, bad)
        overwrite_tables(bad)
    elif kind == "foreign":
        other = sqlite3.connect(bad)
        other.execute("CREATE TABLE songs (title)")
        other.commit()
        other.close()
    else:
        bad.write_text("ليست قاعدة بيانات", encoding="utf-8")
    before = db.path.read_bytes()
    with pytest.raises(restore.BackupRefused) as err:
        restore.restore(db.path, bad)
    assert str(bad) in err.value.message
    assert db.path.read_bytes() == before
    assert sorted(p.name for p in db.path.parent.iterdir() if p.name.startswith("csd")) == ["csd.sqlite"]


def test_restore_refuses_while_another_connection_has_the_file_open(db: Database, tmp_path: Path) -> None:
    made = backup.make_backup(db, tmp_path / "copies")
    with db.read() as s:
        s.connection()  # the window's connection, open on the file
        with pytest.raises(DatabaseBusy) as err:
            restore.restore(db.path, made.path)
    assert "أغلق البرنامج" in err.value.message
    assert not list(db.path.parent.glob("csd-before-restore-*"))


def test_newest_good_backup_skips_a_damaged_one(db: Database, tmp_path: Path) -> None:
    at(datetime(2026, 11, 29, 8, 0, tzinfo=UTC))
    good = backup.make_backup(db, tmp_path).path
    at(datetime(2026, 11, 30, 8, 0, tzinfo=UTC))
    damaged = backup.make_backup(db, tmp_path).path
    overwrite_tables(damaged)
    assert restore.newest_good_backup(db.path, tmp_path) == good


def test_a_restore_onto_a_full_disk_changes_nothing(db: Database, template_db: Path, tmp_path: Path) -> None:
    made = backup.make_backup(db, tmp_path / "copies")
    with tiny_disk(tmp_path / "disk", 1024) as disk:
        target = copy_db(template_db, disk / "csd.sqlite")
        before = target.read_bytes()
        fill(disk, leave_kb=16)
        with pytest.raises(DiskFull):
            restore.restore(target, made.path)
        (disk / "filler").unlink()
        assert target.read_bytes() == before
        assert sorted(p.name for p in disk.iterdir()) == ["csd.sqlite"]


def test_a_backup_made_by_an_older_version_is_restored_and_upgraded(
    template_db: Path, tmp_path: Path
) -> None:
    from tests import old_schema

    old = tmp_path / "old-backup.sqlite"
    old_schema.write_old(template_db, old, "0006")
    target = copy_db(template_db, tmp_path / "office" / "csd.sqlite")
    restore.restore(target, old)
    db = open_database(target)  # migrated, after a copy
    try:
        assert audit.verify(db).ok
    finally:
        db.dispose()


def test_a_read_only_database_is_still_backed_up(db: Database, tmp_path: Path) -> None:
    with immutable(db.path):
        made = backup.make_backup(db, tmp_path / "copies")  # not recorded: the file takes no write
    assert cases_in(made.path) == 0 and restore.check_backup(made.path)
