"""The `csd` command on a faulty office PC: each fault its own Arabic message and exit 2 (never the
generic "unexpected error", exit 1), nothing saved, no citizen's data in the log file."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_cli import CASE, csd_command
from tests.fs_faults import (
    copy_db,
    fill,
    immutable,
    overwrite_tables,
    read_only_folder,
    second_writer,
    tiny_disk,
)

UNEXPECTED = "غير متوقع"


def csd(db: Path, *args: str, stdin: str = "", state: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CSD_DB": str(db)}
    if state is not None:
        env["XDG_STATE_HOME"] = str(state)  # where platformdirs puts the log file on Linux
    return subprocess.run(
        [*csd_command(), *args], input=stdin, capture_output=True, text=True, env=env, timeout=90
    )


def add_case(db: Path, state: Path | None = None) -> subprocess.CompletedProcess[str]:
    return csd(db, "case", "add", "--json", "-", stdin=json.dumps(CASE, ensure_ascii=False), state=state)


def cases_in(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT count(*) FROM cases").fetchone()[0])
    finally:
        con.close()


def refused(r: subprocess.CompletedProcess[str], *words: str) -> None:
    assert r.returncode == 2, r.stderr
    assert UNEXPECTED not in r.stderr and "Traceback" not in r.stderr
    for word in words:
        assert word in r.stderr


@pytest.fixture
def office(template_db: Path, tmp_path: Path) -> Path:
    return copy_db(template_db, tmp_path / "office" / "csd.sqlite")


def test_a_read_only_database_file(office: Path) -> None:
    with immutable(office):
        refused(add_case(office), "للقراءة فقط", str(office))
        found = csd(office, "case", "find", "الجبوري")
        assert found.returncode == 0, found.stderr  # looking things up still works
    assert cases_in(office) == 0


def test_a_read_only_folder_even_for_a_search(office: Path, tmp_path: Path) -> None:
    with read_only_folder(office.parent, tmp_path / "ro") as folder:
        db = folder / office.name
        refused(add_case(db), "المجلد الذي فيه قاعدة البيانات للقراءة فقط", str(folder))
        refused(csd(db, "case", "find", "الجبوري"), "للقراءة فقط")
    assert cases_in(office) == 0


def test_a_full_disk(template_db: Path, tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk", 2048) as disk:
        db = copy_db(template_db, disk / "csd.sqlite")
        fill(disk)
        refused(add_case(db), "القرص ممتلئ", "أفرغ مساحة")
        (disk / "filler").unlink()
        assert cases_in(db) == 0


def test_a_file_locked_by_another_writer(office: Path) -> None:
    with second_writer(office):  # the command waits its 10 seconds, then gives up
        refused(add_case(office), "مشغولة", "أعد المحاولة")
    assert cases_in(office) == 0


def test_a_damaged_file_blocks_writing_until_a_check_passes(office: Path, template_db: Path) -> None:
    overwrite_tables(office)
    refused(add_case(office), "تالف", "نسخة احتياطية")
    # A later command remembers it, without a full check on every call (seconds at 1M cases).
    refused(csd(office, "user", "add", "sara", "--name", "سارة علي حسين", stdin="long-password\n"), "سلامة")
    refused(csd(office, "check"), "سلامة")
    shutil.copy(template_db, office)  # the administrator restores a sound copy…
    assert (
        csd(office, "user", "add", "sara", "--name", "سارة علي حسين", stdin="long-password\n").returncode == 2
    )
    ok = csd(office, "check")  # …and a passing check lifts the block
    assert ok.returncode == 0 and "سليمة" in ok.stdout
    assert add_case(office).returncode == 0


def test_no_name_card_or_phone_reaches_the_log(office: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    assert add_case(office, state).returncode == 0
    other = {
        **CASE,
        "citizen": {**CASE["citizen"], "full_name": "زينب كاظم جواد الموسوي", "phone": "07811112222"},
    }
    other["citizen"]["national_id"] = "200011112222"
    with immutable(office):  # a failing save: its traceback goes to the log
        r = csd(
            office, "case", "add", "--json", "-", stdin=json.dumps(other, ensure_ascii=False), state=state
        )
        refused(r)
    log = (state / "csd-desktop" / "log" / "csd.log").read_text(encoding="utf-8")
    assert "database_read_only" in log  # the failure was logged, with its detail…
    for secret in ("فاطمة", "الجبوري", "الموسوي", "زينب", "199012345678", "200011112222", "07811112222"):
        assert secret not in log  # …and no citizen's data
    assert "07701234567" not in log and "7701234567" not in log
