"""Shared fixtures: a migrated, initialised template database built once and copied for each test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from hypothesis import HealthCheck, settings

from csd_desktop import config, i18n
from csd_desktop.db.engine import Database, open_database
from csd_desktop.services import clock, setup, users
from csd_desktop.services.users import Actor
from tests import modal_guard

# Property tests run the same examples on every run and every machine (a fixed seed), a bounded number
# of them, and no per-example deadline on a busy 2-core PC. HYPOTHESIS_PROFILE=deep explores more.
settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.register_profile("deep", parent=settings.get_profile("ci"), derandomize=False, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ADMIN = "admin"
PASSWORD = "secret-123"
OFFICE_CODE = "BGDGO"
OFFICE_NAME = "مكتب شؤون المواطنين — ديوان محافظة بغداد"


def pytest_configure(config: pytest.Config) -> None:
    modal_guard.install()


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "csd.sqlite"
    db = open_database(path)
    setup.initialize_station(
        db,
        office_code=OFFICE_CODE,
        office_name=OFFICE_NAME,
        governorate_code="BGD",
        station=1,
        admin_username=ADMIN,
        admin_full_name="أحمد علي حسين الربيعي",
        admin_password=PASSWORD,
    )
    db.dispose()
    # Fold the WAL into the main file so one file copy carries everything.
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "csd.sqlite"
    shutil.copy(template_db, path)
    return path


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.dispose()


@pytest.fixture
def actor(db: Database) -> Actor:
    return users.authenticate(db, ADMIN, PASSWORD)


@pytest.fixture(autouse=True)
def _system_clock() -> Iterator[None]:
    yield
    clock.set_clock(None)


@pytest.fixture(autouse=True)
def _cli_logs_in_as_admin(monkeypatch: pytest.MonkeyPatch) -> None:
    """The one place the command line's login is given for tests: the test database's administrator.
    Tests of the login itself (tests/cli/test_login.py) take these away or change them."""
    monkeypatch.setenv("CSD_USER", ADMIN)
    monkeypatch.setenv("CSD_PASSWORD", PASSWORD)


@pytest.fixture(autouse=True)
def _arabic_and_own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in Arabic with its own settings file, and never writes the user's."""
    monkeypatch.setenv(config.SETTINGS_ENV, str(tmp_path / "settings.json"))
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    yield
    i18n.set_language(i18n.SOURCE_LANGUAGE)
