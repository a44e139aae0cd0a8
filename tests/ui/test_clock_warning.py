"""The window tells the clerk, after login, when the PC's date is years before the newest record."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from csd_desktop.db.engine import Database
from csd_desktop.services.users import Actor
from csd_desktop.ui.main_window import MainWindow
from tests.services.test_clock_guard import RIGHT, at, register


def test_a_clock_six_years_behind_is_told_after_login(
    qtbot: QtBot, db: Database, actor: Actor, window: MainWindow, shown_errors: list[str]
) -> None:
    at(RIGHT)
    register(db, actor, 1)
    at(RIGHT - timedelta(days=365 * 6))
    window.check_clock()
    qtbot.waitUntil(lambda: bool(shown_errors), timeout=10_000)
    assert "أقدم من آخر سجل" in shown_errors[0] and "2020-" in shown_errors[0]
