"""An office of two desks, a second office and a central office, each its own database, driven through
the real `csd` and `csd-central` commands (in process). The central database is SQLite, and also
PostgreSQL (a fresh schema per test) when CSD_TEST_POSTGRES_URL names one."""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text

from csd_desktop.central.cli import main as central_main
from csd_desktop.cli import main as csd_main

PG_URL = os.environ.get("CSD_TEST_POSTGRES_URL")
PASSWORD = "secret-123"
CASE: dict[str, Any] = {
    "citizen": {
        "full_name": "فاطمة علي حسين الجبوري",
        "national_id": "199012345678",
        "phone": "07701234567",
        "gender": "female",
        "governorate": "BGD",
    },
    "kind": "complaint",
    "channel": "walk_in",
    "category": "electricity",
    "entity": "electricity",
    "subject": "انقطاع الكهرباء عن المحلة منذ ثلاثة أيام",
    "details": "المحولة محترقة.",
}


def run(main: Any, args: list[str], stdin: str = "") -> Result:
    return CliRunner().invoke(main, args, input=stdin, catch_exceptions=False)


@dataclass
class World:
    folder: Path
    url: str
    stations: dict[str, Path] = field(default_factory=dict)

    def central(self, *args: str) -> Result:
        return run(central_main, ["--db", self.url, *args])

    def csd(self, desk: str, *args: str, stdin: str = "") -> Result:
        return run(csd_main, ["--db", str(self.stations[desk]), *args], stdin)

    def csd_json(self, desk: str, *args: str, stdin: str = "") -> Any:
        result = self.csd(desk, "--json", *args, stdin=stdin)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    def add_case(self, desk: str, **changes: Any) -> str:
        return str(
            self.csd_json(desk, "case", "add", "--json", "-", stdin=json.dumps(CASE | changes))["reference"]
        )

    def send(self, desk: str) -> Path:
        """The desk's bundle, imported at central."""
        out = self.folder / f"{desk}-{uuid.uuid4().hex[:6]}.csdsync"
        assert self.csd(desk, "sync", "export", "--out", str(out)).exit_code == 0
        result = self.central("import", str(out))
        assert result.exit_code == 0, result.output
        return out

    def answer(self, desk: str) -> Path:
        office, number = desk.split("-")
        out = self.folder / f"answer-{desk}-{uuid.uuid4().hex[:6]}.csdsync"
        result = self.central("export", "--office", office, "--station", number, "--out", str(out))
        assert result.exit_code == 0, result.output
        return out

    def receive(self, desk: str) -> None:
        result = self.csd(desk, "sync", "import", str(self.answer(desk)))
        assert result.exit_code == 0, result.output


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of a station's file, to show a refusal changed nothing."""
    con = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'case_search%'"
            )
        ]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def central_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.sqlite'}"
        return
    if not PG_URL:
        pytest.skip("no PostgreSQL for the central server: set CSD_TEST_POSTGRES_URL")
    schema = f"csd_sync_{uuid.uuid4().hex[:12]}"
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


@pytest.fixture
def world(tmp_path: Path, central_url: str) -> World:
    """Central enrolled two offices; BGDGO has desks 1 and 2, NJFGO desk 1."""
    w = World(tmp_path, central_url)
    assert w.central("init", "--name", "المكتب المركزي").exit_code == 0
    for code, name, gov in (("BGDGO", "مكتب بغداد", "BGD"), ("NJFGO", "مكتب النجف", "NJF")):
        result = w.central(
            "enrol",
            "--office",
            code,
            "--name-ar",
            name,
            "--governorate",
            gov,
            "--out",
            str(tmp_path / f"{code}.enrol"),
        )
        assert result.exit_code == 0, result.output
    for desk in ("BGDGO-1", "BGDGO-2", "NJFGO-1"):
        office, number = desk.split("-")
        w.stations[desk] = tmp_path / desk / f"{desk}.sqlite"  # each desk its own attachments folder
        w.stations[desk].parent.mkdir()
        result = w.csd(
            desk,
            "init",
            "--enrol",
            str(tmp_path / f"{office}.enrol"),
            "--station",
            number,
            "--admin",
            "admin",
            stdin=PASSWORD + "\n",
        )
        assert result.exit_code == 0, result.output
    return w
