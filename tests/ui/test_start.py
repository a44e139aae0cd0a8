"""Starting: the window paints with only its home screen built, a migration shows a splash with its
steps while the window stays alive, and a login typed before the database is open goes ahead."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from csd_desktop.db import engine
from csd_desktop.db.engine import Database
from csd_desktop.services import database, setup
from csd_desktop.services.users import Actor
from csd_desktop.ui import workers
from csd_desktop.ui.login_dialog import LoginDialog
from csd_desktop.ui.main_window import MainWindow
from csd_desktop.ui.navigation import BADGE
from csd_desktop.ui.start import splash
from csd_desktop.ui.start.session import _Start
from csd_desktop.ui.start.splash import MigrationSplash, run_with_splash
from tests.conftest import ADMIN, OFFICE_NAME, PASSWORD
from tests.keys import activate, key, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def fresh(qtbot: QtBot, db: Database, actor: Actor) -> MainWindow:
    """The window as the app shows it (the `window` fixture opens intake to stub its preview)."""
    win = MainWindow(db, actor, setup.station_info(db))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    activate(qtbot, win)
    return win


def test_the_window_builds_only_its_home_screen_until_another_is_opened(fresh: MainWindow) -> None:
    window = fresh
    assert set(window._screens) == {"dashboard"}
    assert window.current_screen() is window.dashboard
    window.select_nav("worklist:overdue")
    assert set(window._screens) == {"dashboard", "worklists"}
    assert window.current_screen() is window.worklists


@pytest.mark.parametrize(
    ("keys", "page", "focused"),
    [
        (Qt.Key.Key_F, "cases", "search_box"),
        (Qt.Key.Key_N, "intake", "lookup"),
        (Qt.Key.Key_D, "desk", "lookup"),
    ],
)
def test_a_screen_opened_first_by_its_key_is_built_and_ready_for_typing(
    qtbot: QtBot, fresh: MainWindow, keys: Qt.Key, page: str, focused: str
) -> None:
    window = fresh
    assert page not in window._screens
    key(qtbot, keys, CTRL)
    screen = window.current_screen()
    assert screen is window._screens[page]
    qtbot.waitUntil(lambda: getattr(screen, focused).hasFocus())


def test_after_the_first_paint_the_lists_counts_and_check_come_from_the_worker(
    qtbot: QtBot, fresh: MainWindow, db: Database
) -> None:
    window = fresh
    window.after_first_paint()
    qtbot.waitUntil(lambda: workers.pending() == 0, timeout=10_000)
    assert window.lists.lists is not None and window.lists.lists.categories
    assert all(
        item.data(BADGE) is not None for w, item in window.worklist_items.items() if w.value != "by_entity"
    )
    assert window.banner.isHidden() and db.unhealthy_reason is None
    screen = window.intake  # built after the lists arrived: its combo boxes are filled at once
    assert screen.request.category.count() > 1 and screen.citizen.district.count() > 1


def test_a_slow_migration_shows_its_steps_on_the_splash_and_the_window_stays_alive(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_migrate = engine.migrate
    shown: list[tuple[int, int, str]] = []
    original = MigrationSplash.show_step

    def record(self: MigrationSplash, done: int, total: int, label: str) -> None:
        shown.append((done, total, label))
        assert self.isVisible()
        original(self, done, total, label)

    def slow_migrate(path: Path, progress: database.Progress | None = None) -> Path | None:
        assert progress is not None
        for done in range(3):
            progress(done, 3, f"الخطوة {done}")
            time.sleep(0.15)  # a long step: the splash must keep painting meanwhile
        backup = real_migrate(path)
        progress(3, 3, "")
        return backup

    monkeypatch.setattr(MigrationSplash, "show_step", record)
    monkeypatch.setattr(engine, "migrate", slow_migrate)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    start = _Start(
        QApplication.instance(),
        argparse.Namespace(user=None, demo=False, password=""),
        tmp_path / "new.sqlite",
    )  # type: ignore[arg-type]
    assert start._open()
    timer.stop()
    assert start.opened is not None and start.opened.station is None  # a new file: first-run setup next
    start.opened.db.dispose()
    assert [s[0] for s in shown] == [0, 1, 2, 3] and shown[-1][1] == 3
    assert len(ticks) >= 10  # the UI thread ran all along (0.45 s of steps at 20 ms a tick)
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MigrationSplash) and w.isVisible()]


def test_the_splash_gives_back_the_work_s_error(qtbot: QtBot) -> None:
    def fails(_progress: splash.Progress) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        run_with_splash(fails)


def test_a_login_typed_before_the_database_is_open_goes_ahead_once_it_is(qtbot: QtBot, db: Database) -> None:
    dialog = LoginDialog(None, username=ADMIN)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    assert dialog.password.hasFocus()
    type_text(PASSWORD)
    key(qtbot, Qt.Key.Key_Return)
    assert not dialog.login_button.isEnabled() and dialog.actor is None  # waiting for the file
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.set_database(db, setup.station_info(db).office_name)
    assert dialog.actor is not None and dialog.actor.username == ADMIN
    assert dialog.office.text() == OFFICE_NAME


def test_a_login_dialog_cancelled_while_the_file_opens_says_so(qtbot: QtBot) -> None:
    dialog = LoginDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()
    assert dialog.cancelled


def test_a_clerk_is_greeted_by_the_intake_form_alone(qtbot: QtBot, db: Database, actor: Actor) -> None:
    from csd_desktop.domain.enums import Role

    clerk = Actor(actor.id, "clerk", "موظف الاستقبال", Role.CLERK, actor.office_id)
    win = MainWindow(db, clerk, setup.station_info(db))
    qtbot.addWidget(win)
    assert set(win._screens) == {"intake"}


def test_a_scripted_start_opens_and_checks_the_password_before_qt_unless_a_migration_is_due(
    tmp_path: Path, db_path: Path
) -> None:
    from csd_desktop.ui.start.station import begin_unattended

    ready = begin_unattended(db_path, ADMIN, PASSWORD)
    assert not ready.migrating()
    actor, opened = ready.login.result(), ready.opening.result()
    assert actor is not None and actor.username == ADMIN
    assert opened is not None
    opened.db.dispose()
    due = begin_unattended(tmp_path / "new.sqlite", ADMIN, PASSWORD)
    assert due.migrating() and due.opening.result() is None  # the splash's way, once Qt is up
    assert due.login.result() is None
