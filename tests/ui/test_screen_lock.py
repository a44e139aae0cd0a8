"""The window locks when left unused and asks the same person's password again; a temporary password
is changed in the login dialog before the window opens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from csd_desktop.db.engine import Database
from csd_desktop.domain.enums import Role
from csd_desktop.errors import PermissionDenied, ValidationError
from csd_desktop.services import screen_lock, sign_in, users
from csd_desktop.services.users import Actor
from csd_desktop.ui.idle_lock import ScreenLock
from csd_desktop.ui.login_dialog import LoginDialog
from csd_desktop.ui.main_window import MainWindow
from tests.conftest import PASSWORD
from tests.keys import activate, key, type_text

SHORT = 0.005  # minutes: 300 ms


def test_an_idle_window_locks_hides_its_screens_and_opens_with_the_password(
    qtbot: QtBot, window: MainWindow, db: Database, actor: Actor
) -> None:
    screens = window.centralWidget()
    lock = ScreenLock(window, db, actor)
    lock.set_minutes(SHORT)
    with qtbot.waitSignal(lock.locked_changed, timeout=5_000) as locked:
        pass  # nobody touches anything
    assert locked.args == [True]
    assert window.centralWidget() is lock.panel and not screens.isVisible()
    assert actor.full_name in lock.panel.explain.text()

    lock.panel.password.setText("not-the-password")
    with qtbot.waitSignal(lock.panel.refused, timeout=10_000) as refused:
        lock.panel.submit()
    assert refused.args == ["اسم المستخدم أو كلمة المرور غير صحيحة."]
    assert lock.locked

    lock.panel.password.setText(PASSWORD)
    with qtbot.waitSignal(lock.locked_changed, timeout=10_000) as opened:
        lock.panel.submit()
    assert opened.args == [False]
    assert window.centralWidget() is screens and not lock.locked


def test_a_key_pressed_keeps_the_window_open(
    qtbot: QtBot, window: MainWindow, db: Database, actor: Actor
) -> None:
    lock = ScreenLock(window, db, actor)
    lock.set_minutes(0.01)  # 600 ms
    window.select_nav("intake")
    for _ in range(6):  # 1.2 s of typing, a key every 200 ms
        qtbot.wait(200)
        key(qtbot, Qt.Key.Key_Tab)
    assert not lock.locked
    qtbot.waitUntil(lambda: lock.locked, timeout=5_000)  # and once the typing stops, it locks


def test_the_window_reads_the_stations_idle_minutes_after_its_first_paint(
    qtbot: QtBot, window: MainWindow, db: Database, actor: Actor
) -> None:
    assert screen_lock.idle_lock_minutes(db) == 10  # the default
    screen_lock.set_idle_lock_minutes(db, actor, 3)
    window.after_first_paint()
    assert not window.screen_lock.timer.isActive()  # idle until the setting is read
    qtbot.waitUntil(lambda: window.screen_lock.timer.interval() == 3 * 60_000, timeout=10_000)
    assert window.screen_lock.timer.isActive()


def test_only_a_manager_or_administrator_sets_the_idle_minutes(db: Database, actor: Actor) -> None:
    clerk = users.create_user(
        db, actor, username="sara", full_name="سارة", role=Role.CLERK, password="temp-word-2026"
    )
    with pytest.raises(PermissionDenied):
        screen_lock.set_idle_lock_minutes(db, clerk, 60)
    with pytest.raises(ValidationError):
        screen_lock.set_idle_lock_minutes(db, actor, 0)  # never off
    assert screen_lock.idle_lock_minutes(db) == 10


def test_a_temporary_password_is_changed_in_the_login_dialog_before_the_window(
    qtbot: QtBot, db: Database, actor: Actor
) -> None:
    users.create_user(
        db, actor, username="sara", full_name="سارة حسن", role=Role.CLERK, password="temp-word-2026"
    )
    dialog = LoginDialog(db, office_name="مكتب", username="sara")
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    type_text("temp-word-2026")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.new_password.isVisible(), timeout=10_000)
    assert not dialog.password.isVisible() and dialog.actor is None
    assert "مؤقتة" in dialog.message.text()

    dialog.new_password.setText("her-own-pass-1")
    dialog.new_password2.setText("her-own-pass-2")
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as failed:
        dialog.submit()
    assert failed.args == ["كلمتا المرور غير متطابقتين."]

    dialog.new_password2.setText("her-own-pass-1")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.submit()
    assert dialog.actor is not None and not dialog.actor.must_change_password
    assert not sign_in.authenticate(db, "sara", "her-own-pass-1").must_change_password
