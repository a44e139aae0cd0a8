"""`csd backup`, `csd restore` and the hint a damaged database's refusal carries, run as a clerk's
administrator runs them: the installed command, in its own process."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_faults import add_case, cases_in, csd, refused
from tests.fs_faults import copy_db, overwrite_tables


def actions(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [a for (a,) in con.execute("SELECT action FROM audit_log ORDER BY seq")]
    finally:
        con.close()


@pytest.fixture
def office(template_db: Path, tmp_path: Path) -> Path:
    return copy_db(template_db, tmp_path / "office" / "csd.sqlite")


def test_backup_then_restore_round_trips(office: Path, tmp_path: Path) -> None:
    assert add_case(office).returncode == 0
    r = csd(office, "--json", "backup", "--out", str(tmp_path / "usb"))
    assert r.returncode == 0, r.stderr
    copy = Path(json.loads(r.stdout)["backup"])
    assert copy.parent == tmp_path / "usb" and cases_in(copy) == 1
    assert add_case(office).returncode == 0
    r = csd(office, "restore", str(copy))
    assert r.returncode == 0, r.stderr
    assert "استُعيدت" in r.stdout and cases_in(office) == 1
    assert [cases_in(p) for p in office.parent.glob("csd-before-restore-*.sqlite")] == [2]
    # The copy was made before its own record: the record stays in the file kept aside.
    assert actions(office)[-1] == "database_restored" and "backup_made" not in actions(office)
    assert "backup_made" in actions(next(office.parent.glob("csd-before-restore-*.sqlite")))
    assert csd(office, "audit", "verify").returncode == 0


def test_backup_goes_to_the_backups_folder_by_default(office: Path) -> None:
    r = csd(office, "backup")
    assert r.returncode == 0, r.stderr
    assert Path(r.stdout.strip()).parent == office.parent / "backups"


def test_restore_refuses_a_damaged_backup_with_exit_2(office: Path, tmp_path: Path) -> None:
    copy = Path(csd(office, "backup").stdout.strip())
    overwrite_tables(copy)
    before = office.read_bytes()
    r = csd(office, "restore", str(copy))
    refused(r, "تالفة", str(copy))
    assert office.read_bytes() == before


def test_a_damaged_database_names_the_newest_good_backup_and_the_command(office: Path) -> None:
    copy = Path(csd(office, "backup").stdout.strip())
    overwrite_tables(office)
    r = csd(office, "check")
    refused(r, str(copy), f"csd restore {copy}")
    r = csd(office, "restore", str(copy))
    assert r.returncode == 0, r.stderr
    assert csd(office, "check").returncode == 0
    assert add_case(office).returncode == 0


def test_backup_settings_choose_the_folder_the_next_backup_uses(office: Path, tmp_path: Path) -> None:
    r = csd(office, "--json", "backup-settings", "--folder", str(tmp_path / "usb"), "--every-hours", "2")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"folder": str(tmp_path / "usb"), "every_hours": 2}
    assert Path(csd(office, "backup").stdout.strip()).parent == tmp_path / "usb"
    refused(csd(office, "backup-settings", "--every-hours", "-1"), "0 و168")
    r = csd(office, "--json", "backup-settings", "--default-folder")
    assert json.loads(r.stdout)["folder"] == str(office.parent / "backups")
