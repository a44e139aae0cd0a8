"""`csd demo-data` never mixes fake cases into a real office."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli import test_cli
from tests.cli.test_cli import CASE, csd

office = test_cli.office


def cases_in(db: Path) -> tuple[int, int]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*), coalesce(sum(demo), 0) FROM cases").fetchone()
    finally:
        con.close()


def test_demo_data_refuses_an_office_with_a_real_case(office: Path) -> None:
    assert csd(office, "case", "add", "--json", "-", stdin=json.dumps(CASE)).returncode == 0
    r = csd(office, "demo-data", "--cases", "300", "--seed", "7")
    assert r.returncode == 2 and "طلبات حقيقية" in r.stderr and "--db" in r.stderr
    assert cases_in(office) == (1, 0)


def test_demo_data_fills_a_new_file_and_marks_its_cases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "demo.sqlite"
    made = csd(db, "demo-data", "--cases", "40", "--seed", "3")
    assert made.returncode == 0 and "csd-demo-2026" in made.stdout  # no login needed, and it says the login
    assert csd(db, "demo-data", "--cases", "20", "--seed", "4").returncode == 2  # the office exists now
    monkeypatch.setenv("CSD_PASSWORD", "csd-demo-2026")
    assert csd(db, "demo-data", "--cases", "20", "--seed", "4").returncode == 0
    assert cases_in(db) == (60, 60)
