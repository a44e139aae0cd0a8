"""What the start loads before the window's first paint: not SQLAlchemy, Alembic or reportlab (they take
longer to import than the whole start's budget; they load on the worker once the window is up), and a
file made by an older version still goes the long way: migrated first, then opened."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from csd_desktop.db import engine
from csd_desktop.db.engine import Database
from csd_desktop.domain.enums import Role
from csd_desktop.services import setup, users
from csd_desktop.services.users import Actor
from csd_desktop.ui import main_window
from csd_desktop.ui.main_window import MainWindow
from csd_desktop.ui.navigation import KEY
from tests.conftest import ADMIN, PASSWORD
from tests.keys import activate

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "reportlab")


def _start(db_path: Path, user: str = ADMIN, password: str = PASSWORD) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CSD_EXIT_AFTER_START="1",
        CSD_STARTUP_MODULES="1",
    )
    run = subprocess.run(
        [sys.executable, "-m", "csd_desktop", "--db", str(db_path), "--user", user, "--password-stdin"],
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    return run


def _modules_at_first_paint(db_path: Path, user: str = ADMIN, password: str = PASSWORD) -> set[str]:
    run = _start(db_path, user, password)
    lines = [ln for ln in run.stderr.splitlines() if ln.startswith("startup_modules=")]
    assert len(lines) == 1, run.stderr
    return set(lines[0].removeprefix("startup_modules=").split(","))


def test_the_window_paints_before_sqlalchemy_alembic_or_reportlab_is_imported(db_path: Path) -> None:
    modules = _modules_at_first_paint(db_path)
    assert "csd_desktop.ui.main_window" in modules and "argon2" in modules  # logged in, window up
    loaded = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert loaded == [], f"imported before the first paint: {loaded[:10]}"
    assert "csd_desktop.db.models" not in modules


def test_a_clerk_s_window_paints_before_its_intake_form_s_services_are_imported(
    db: Database, db_path: Path, actor: Actor
) -> None:
    users.create_user(
        db, actor, username="clerk1", full_name="علي حسن", role=Role.CLERK, password="clerk-pass-1"
    )
    users.change_password(db, "clerk1", "clerk-pass-1", "clerk-pass-2")  # the administrator's was temporary
    modules = _modules_at_first_paint(db_path, "clerk1", "clerk-pass-2")
    assert "csd_desktop.ui.main_window" in modules
    assert sorted(m for m in modules if m.split(".")[0] in HEAVY) == []
    assert "csd_desktop.ui.intake.intake_screen" not in modules


def test_a_home_screen_whose_modules_are_not_loaded_is_built_once_the_worker_has_loaded_them(
    qtbot: QtBot, db: Database, actor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(main_window.LOADED_AFTER_PAINT, "intake", "colorsys")  # a module not loaded yet
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    clerk = Actor(actor.id, "clerk", "موظف الاستقبال", Role.CLERK, actor.office_id)
    window = MainWindow(db, clerk, setup.station_info(db))
    qtbot.addWidget(window)
    activate(qtbot, window)
    assert window._screens == {}  # nothing built yet: a word stands in its place
    current = window.navigation.currentItem()
    assert current is not None and current.data(KEY) == "intake"
    window.after_first_paint()
    qtbot.waitUntil(lambda: "intake" in window._screens, timeout=10_000)
    assert "colorsys" in sys.modules
    assert window.current_screen() is window.intake
    qtbot.waitUntil(lambda: window.intake.lookup.hasFocus())


def test_a_scripted_start_on_a_file_of_an_older_version_migrates_it_before_the_window(
    db_path: Path, tmp_path: Path
) -> None:
    from tests.old_schema import write_old

    old = tmp_path / "old.sqlite"
    write_old(db_path, old)
    assert engine.stored_revision(old) == "0006"
    modules = _modules_at_first_paint(old)
    assert engine.stored_revision(old) == engine.SCHEMA_HEAD
    assert "alembic" in modules  # the long way: the migration ran before the window
