"""Starting the application: first-run setup, login, the main window, and the start-up timing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from csd_desktop.db.engine import Database, open_database
from csd_desktop.domain.enums import Role
from csd_desktop.services import setup, users
from csd_desktop.services.users import Actor
from csd_desktop.ui import workers
from csd_desktop.ui.login_dialog import LoginDialog
from csd_desktop.ui.main_window import MainWindow
from csd_desktop.ui.setup_dialog import SetupDialog
from tests.conftest import ADMIN, PASSWORD
from tests.keys import activate, key, type_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_db(tmp_path: Path) -> Database:
    database = open_database(tmp_path / "new.sqlite")
    yield database  # type: ignore[misc]
    database.dispose()


def test_setup_dialog_creates_the_office_in_an_empty_database(qtbot: QtBot, empty_db: Database) -> None:
    dialog = SetupDialog(empty_db)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    assert dialog.office_code.hasFocus()
    type_text("NINGO")
    key(qtbot, Qt.Key.Key_Tab)
    type_text("مكتب شؤون المواطنين — ديوان محافظة نينوى")
    key(qtbot, Qt.Key.Key_Tab)
    type_text("نينوى")  # the governorate list is searched by its Arabic names
    assert dialog.governorate.currentData() == "NIN"
    key(qtbot, Qt.Key.Key_Tab)
    dialog.station.selectAll()
    type_text("٣")
    key(qtbot, Qt.Key.Key_Tab)
    type_text("omar.saleh")
    key(qtbot, Qt.Key.Key_Tab)
    type_text("عمر صالح محمود")
    key(qtbot, Qt.Key.Key_Tab)
    type_text("long-password-1")
    key(qtbot, Qt.Key.Key_Tab)
    type_text("long-password-1")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        key(qtbot, Qt.Key.Key_Return)
    assert setup.is_initialized(empty_db)
    info = setup.station_info(empty_db)
    assert (info.office_code, info.station_number, info.governorate_code) == ("NINGO", 3, "NIN")


def test_setup_dialog_shows_each_message_beside_its_field(qtbot: QtBot, empty_db: Database) -> None:
    dialog = SetupDialog(empty_db)
    qtbot.addWidget(dialog)
    dialog.office_code.setText("نينوى")
    dialog.username.setText("omar")
    dialog.password.setText("short")
    dialog.password2.setText("short")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.create_button.isEnabled())
    assert "رمز المكتب" in dialog.errors["office_code"].text()
    assert not dialog.errors["office_name"].isHidden()
    assert "كلمة المرور لا تُقبل: يجب ألا تقل عن 10 أحرف" in dialog.errors["password"].text()
    assert not setup.is_initialized(empty_db)


def test_setup_dialog_refuses_two_different_passwords(qtbot: QtBot, empty_db: Database) -> None:
    dialog = SetupDialog(empty_db)
    qtbot.addWidget(dialog)
    dialog.password.setText("long-password-1")
    dialog.password2.setText("long-password-2")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.create_button.isEnabled())
    assert dialog.errors["password2"].text() == "كلمتا المرور غير متطابقتين."
    assert not setup.is_initialized(empty_db)


def test_setup_dialog_shows_every_mistake_in_one_round(qtbot: QtBot, empty_db: Database) -> None:
    dialog = SetupDialog(empty_db)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    dialog.office_code.setText("بغداد")
    dialog.station.setText("100")
    dialog.username.setText("عمر")  # not Latin
    dialog.password.setText("short")
    dialog.password2.setText("shorter")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.create_button.isEnabled())
    shown = {name for name, label in dialog.errors.items() if not label.isHidden()}
    assert shown == set(dialog.errors)  # all eight fields at once, not one group per try
    assert dialog.errors["governorate"].text() == "اختر محافظة المكتب من القائمة."  # a list, not a code
    assert dialog.office_code.hasFocus()
    assert dialog.minimumSizeHint().height() <= 768 - 80  # all of it fits a 1366×768 screen
    assert not setup.is_initialized(empty_db)


def test_setup_dialog_wants_the_administrators_arabic_name_not_the_username(
    qtbot: QtBot, empty_db: Database
) -> None:
    dialog = SetupDialog(empty_db)
    qtbot.addWidget(dialog)
    dialog.office_code.setText("NINGO")
    dialog.office_name.setText("مكتب شؤون المواطنين — ديوان محافظة نينوى")
    dialog.governorate.setCurrentIndex(dialog.governorate.findData("NIN"))
    dialog.username.setText("omar.saleh")
    dialog.password.setText("long-password-1")
    dialog.password2.setText("long-password-1")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.create_button.isEnabled())
    assert [name for name, label in dialog.errors.items() if not label.isHidden()] == ["full_name"]
    assert not setup.is_initialized(empty_db)
    dialog.full_name.setText("عمر صالح محمود")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.submit()
    assert users.authenticate(empty_db, "omar.saleh", "long-password-1").full_name == "عمر صالح محمود"


def test_login_refuses_a_wrong_password_with_its_arabic_message(qtbot: QtBot, db: Database) -> None:
    dialog = LoginDialog(db, office_name="مكتب", username=ADMIN)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    assert dialog.password.hasFocus()  # the username is filled in already
    type_text("كلمة-خاطئة")
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as failed:
        key(qtbot, Qt.Key.Key_Return)
    assert failed.args == ["اسم المستخدم أو كلمة المرور غير صحيحة."]
    assert not dialog.message.isHidden()
    assert dialog.actor is None

    dialog.password.clear()
    type_text(PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        key(qtbot, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.username == ADMIN


def test_main_window_opens_on_the_dashboard_for_an_administrator(window: MainWindow) -> None:
    assert window.current_screen() is window.dashboard
    rows = [window.navigation.item(i) for i in range(window.navigation.count())]
    assert [i.data(Qt.ItemDataRole.UserRole) for i in rows[:4]] == ["dashboard", "intake", "cases", "desk"]
    assert "reports" in [i.data(Qt.ItemDataRole.UserRole) for i in rows]
    soon = [i for i in rows if i.text().endswith("قريباً")]
    assert soon and all(not (i.flags() & Qt.ItemFlag.ItemIsEnabled) for i in soon)
    status = " ".join(w.text() for w in window.statusBar().findChildren(type(window.banner)))
    assert "BGDGO" in status and "المحطة: 1" in status
    assert window.banner.isHidden()
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_main_window_fits_a_1366_by_768_screen_without_scrolling(window: MainWindow) -> None:
    form = window.intake.minimumSizeHint()
    assert form.width() + window.navigation.parentWidget().width() <= 1366
    assert form.height() <= 768 - 100  # title bar, status bar and the task bar


def test_a_healthy_database_shows_no_banner(qtbot: QtBot, window: MainWindow, db: Database) -> None:
    window.check_integrity()
    qtbot.waitUntil(lambda: workers.pending() == 0, timeout=10_000)
    assert window.banner.isHidden()
    assert db.unhealthy_reason is None


def test_a_damaged_database_shows_the_banner_and_blocks_saving(
    qtbot: QtBot, window: MainWindow, db: Database, db_path: Path
) -> None:
    # Overwrite one page in the middle of the file, as a power cut mid-write can.
    size = db_path.stat().st_size
    with db_path.open("r+b") as f:
        f.seek((size // 4096 // 2) * 4096)
        f.write(b"\xff" * 4096)
    window.check_integrity()
    qtbot.waitUntil(lambda: not window.banner.isHidden(), timeout=10_000)
    assert "الحفظ موقوف" in window.banner.text()
    assert db.unhealthy_reason is not None


def _run_app(db_path: Path, password: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CSD_STARTUP_TIMING="1", CSD_EXIT_AFTER_START="1")
    return subprocess.run(
        [sys.executable, "-m", "csd_desktop", "--db", str(db_path), "--user", ADMIN, "--password-stdin"],
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
    )


def test_the_app_starts_logs_in_and_reports_its_start_up_time(db_path: Path) -> None:
    run = _run_app(db_path, PASSWORD)
    assert run.returncode == 0, run.stderr
    assert re.search(r"^startup_ms=\d+$", run.stderr, re.MULTILINE), run.stderr


def test_without_a_display_the_app_says_so_plainly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    run = subprocess.run(
        [sys.executable, "-m", "csd_desktop", "--db", str(tmp_path / "x.sqlite")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
    )
    assert run.returncode == 2
    assert "لا توجد شاشة" in run.stderr and "DISPLAY" in run.stderr
    assert "xcb" not in run.stderr and "Traceback" not in run.stderr


def test_the_app_refuses_a_wrong_scripted_password(db_path: Path) -> None:
    run = _run_app(db_path, "wrong-password")
    assert run.returncode == 2
    assert "اسم المستخدم أو كلمة المرور غير صحيحة." in run.stderr
    assert "startup_ms" not in run.stderr


def test_a_clerk_starts_on_the_intake_screen(qtbot: QtBot, db: Database, actor: Actor) -> None:
    clerk = Actor(actor.id, "clerk", "موظف الاستقبال", Role.CLERK, actor.office_id)
    win = MainWindow(db, clerk, setup.station_info(db))
    qtbot.addWidget(win)
    assert win.current_screen() is win.intake
