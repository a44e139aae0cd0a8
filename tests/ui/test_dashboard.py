"""The dashboard's tiles and chart for a known set of cases, counted through the services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from csd_desktop.db.engine import Database
from csd_desktop.services import clock, intake
from csd_desktop.services.users import Actor
from csd_desktop.ui import workers
from csd_desktop.ui.dashboard.dashboard_screen import DashboardScreen, change_percent
from tests.factories import citizen_form, intake_form

IRAQ = timezone(timedelta(hours=3))
TODAY = datetime(2026, 11, 10, 11, 0, tzinfo=IRAQ)  # a Tuesday


def stand_on(moment: datetime) -> None:
    clock.set_clock(lambda: moment.astimezone(UTC))


def register(db: Database, actor: Actor, when: datetime, n: int) -> None:
    stand_on(when)
    number = 10_000 + int(when.timestamp()) % 80_000
    citizen = citizen_form(national_id=f"1990{number:08d}", phone=f"0770{number:07d}")
    intake.register_case(db, actor, intake_form(citizen, subject=f"طلب رقم {n}"))


def known_cases(db: Database, actor: Actor) -> None:
    """2 today, 1 yesterday, 3 forty days ago (long overdue), 1 in October of last year."""
    moments = [
        TODAY - timedelta(hours=2),
        TODAY - timedelta(hours=1),
        TODAY - timedelta(days=1),
        TODAY - timedelta(days=40),
        TODAY - timedelta(days=40, hours=1),
        TODAY - timedelta(days=40, hours=2),
        TODAY - timedelta(days=400),
    ]
    # Oldest first: a registration never stamps before the newest one (a PC clock set back).
    for n, when in enumerate(sorted(moments)):
        register(db, actor, when, n)
    stand_on(TODAY)


def shown(qtbot: QtBot, db: Database) -> DashboardScreen:
    screen = DashboardScreen(db)
    qtbot.addWidget(screen)
    screen.resize(1156, 700)
    with qtbot.waitSignal(screen.refreshed, timeout=10_000):
        screen.show()  # counts on show, off the UI thread
    return screen


def number(tile_label: str) -> str:
    return tile_label.strip("\u2066\u2069")


def test_tiles_show_todays_intake_open_and_overdue(qtbot: QtBot, db: Database, actor: Actor) -> None:
    known_cases(db, actor)
    screen = shown(qtbot, db)
    assert number(screen.intake_tile.number.text()) == "2"
    assert number(screen.open_tile.number.text()) == "7"
    assert number(screen.overdue_tile.number.text()) == "4"  # the three of 1 October and last year's
    f = screen.figures
    assert f is not None
    assert f.this_month == 3  # 9 and 10 November
    assert f.last_month == 3  # 1 October, three cases
    assert f.last_month_to_date == 3


def test_the_chart_has_twelve_bars_ending_with_this_month(qtbot: QtBot, db: Database, actor: Actor) -> None:
    known_cases(db, actor)
    screen = shown(qtbot, db)
    qtbot.waitUntil(lambda: len(screen.chart.bar_rects) == 12)
    months = screen.figures.months if screen.figures else ()
    assert [m.month for m in months][-2:] == ["2026-10", "2026-11"]
    assert months[0].month == "2025-12"
    assert [m.received for m in months] == [0] * 10 + [3, 3]
    # Time runs right to left: this month's bar is the leftmost.
    assert screen.chart.bar_rects[-1].left() < screen.chart.bar_rects[0].left()


def test_refresh_counts_a_new_case_and_overdue_tile_opens_its_worklist(
    qtbot: QtBot, db: Database, actor: Actor
) -> None:
    stand_on(TODAY)
    screen = shown(qtbot, db)
    assert number(screen.intake_tile.number.text()) == "0"
    register(db, actor, TODAY, 1)
    with qtbot.waitSignal(screen.refreshed, timeout=10_000):
        screen.refresh()
    assert number(screen.intake_tile.number.text()) == "1"
    with qtbot.waitSignal(screen.open_worklist) as opened:
        qtbot.mouseClick(screen.overdue_tile, Qt.MouseButton.LeftButton)
    assert opened.args == ["overdue"]
    with qtbot.waitSignal(screen.open_worklist) as opened:
        screen.due_today_tile.activated.emit()
    assert opened.args == ["due_today"]
    qtbot.waitUntil(lambda: workers.pending() == 0)


def test_change_percent_is_signed_and_dashes_without_a_base() -> None:
    assert change_percent(12, 10) == "+20%"
    assert change_percent(5, 10) == "−50%"
    assert change_percent(3, 0) == "—"
