"""The administrator's users screen drives the same services as `csd user …`: adding with a temporary
password, changing a role, resetting, deactivating (asked first); a refusal shows beside the form."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from csd_desktop.db.engine import Database
from csd_desktop.domain.enums import Role
from csd_desktop.services import setup, sign_in, users
from csd_desktop.services.users import Actor
from csd_desktop.ui.main_window import MainWindow
from csd_desktop.ui.users.users_screen import UsersScreen
from tests.ui.conftest import Dialogs


def act(qtbot: QtBot, screen: UsersScreen, action: object) -> str:
    with qtbot.waitSignal(screen.done, timeout=10_000) as done:
        action()  # type: ignore[operator]
    qtbot.waitUntil(lambda: not screen.password.text(), timeout=5_000)
    return str(done.args[0])


def states(db: Database) -> dict[str, tuple[Role, bool, bool]]:
    return {
        u.username: (u.role, u.active, u.must_change_password)
        for u in users.list_users(db, active_only=False)
    }


def test_an_administrator_adds_changes_resets_and_deactivates_a_user(
    qtbot: QtBot, window: MainWindow, db: Database, actor: Actor, dialogs: Dialogs
) -> None:
    window.select_nav("users")
    screen = window.current_screen()
    assert isinstance(screen, UsersScreen)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=10_000)

    screen.username.setText("sara.hassan")
    screen.full_name.setText("سارة حسن علي")
    screen.role.setCurrentIndex(screen.role.findData(Role.CLERK.value))
    screen.password.setText("temp-word-2026")
    assert act(qtbot, screen, screen.add_button.click) == "أضيف المستخدم sara.hassan."
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=10_000)
    assert states(db)["sara.hassan"] == (Role.CLERK, True, True)

    screen.select("sara.hassan")
    assert screen.full_name.text() == "سارة حسن علي"
    screen.role.setCurrentIndex(screen.role.findData(Role.OFFICER.value))
    act(qtbot, screen, screen.role_button.click)
    users.change_password(db, "sara.hassan", "temp-word-2026", "her-own-pass-1")
    screen.password.setText("temp-word-2027")
    act(qtbot, screen, screen.reset_button.click)
    assert sign_in.authenticate(db, "sara.hassan", "temp-word-2027").must_change_password

    act(qtbot, screen, screen.deactivate_button.click)
    assert dialogs.questions[-1][0] == "إيقاف الحساب"
    assert states(db)["sara.hassan"] == (Role.OFFICER, False, True)
    qtbot.waitUntil(lambda: screen.model.item(1, 3) is not None and screen.model.item(1, 3).text() == "موقوف")


def test_a_password_breaking_the_rules_is_refused_beside_the_form(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    window.select_nav("users")
    screen = window.current_screen()
    assert isinstance(screen, UsersScreen)
    screen.username.setText("omar")
    screen.full_name.setText("عمر صالح")
    screen.password.setText("1234567890")
    with qtbot.waitSignal(screen.refused, timeout=10_000) as refused:
        screen.add_button.click()
    assert str(refused.args[0]).startswith("كلمة المرور لا تُقبل")
    assert not screen.message.isHidden()
    assert "omar" not in states(db)


def test_a_manager_sees_the_users_page_disabled(qtbot: QtBot, db: Database, actor: Actor) -> None:
    manager = Actor(actor.id, "boss", "مدير المكتب", Role.MANAGER, actor.office_id)
    win = MainWindow(db, manager, setup.station_info(db))
    qtbot.addWidget(win)
    item = win.nav_panel.item("users")
    assert item is not None and item.toolTip().startswith("ليست لديك صلاحية إدارة المستخدمين")
