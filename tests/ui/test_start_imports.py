"""What the start loads before the window's first paint: not SQLAlchemy, Alembic or reportlab (they take
longer to import than the whole start's budget; they load on the worker once the window is up)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ADMIN, PASSWORD

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "reportlab")


def _modules_at_first_paint(db_path: Path) -> set[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CSD_EXIT_AFTER_START="1",
        CSD_STARTUP_MODULES="1",
    )
    run = subprocess.run(
        [sys.executable, "-m", "csd_desktop", "--db", str(db_path), "--user", ADMIN, "--password-stdin"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    lines = [ln for ln in run.stderr.splitlines() if ln.startswith("startup_modules=")]
    assert len(lines) == 1, run.stderr
    return set(lines[0].removeprefix("startup_modules=").split(","))


def test_the_window_paints_before_sqlalchemy_alembic_or_reportlab_is_imported(db_path: Path) -> None:
    modules = _modules_at_first_paint(db_path)
    assert "csd_desktop.ui.main_window" in modules and "argon2" in modules  # logged in, window up
    loaded = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert loaded == [], f"imported before the first paint: {loaded[:10]}"
    assert "csd_desktop.db.models" not in modules
