"""The main window as a frame: its keys reach the screen in front, and closing it never loses a form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from csd_desktop.db.engine import Database
from csd_desktop.domain.enums import Role
from csd_desktop.services import setup
from csd_desktop.services.users import Actor
from csd_desktop.ui import workers
from csd_desktop.ui.main_window import MainWindow
from tests.keys import key
from tests.ui.conftest import Dialogs

CTRL = Qt.KeyboardModifier.ControlModifier


def _close(window: MainWindow) -> bool:
    """What Alt+F4 or the title bar's × does: a close event the window may refuse."""
    event = QCloseEvent()
    QApplication.sendEvent(window, event)
    return event.isAccepted()


def test_ctrl_p_on_the_reports_screen_previews_the_report(qtbot: QtBot, window: MainWindow) -> None:
    previews: list[str] = []
    window.reports.preview_factory = lambda title, _name, _pdf: previews.append(title)
    window.select_nav("reports")
    assert window.reports.isAncestorOf(QApplication.focusWidget())
    key(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: bool(previews) and workers.pending() == 0, timeout=15_000)
    assert previews[0].startswith("التقرير — ")
    assert window.intake.last_receipt is None


def test_the_intake_keys_act_only_on_the_intake_screen(
    qtbot: QtBot, window: MainWindow, dialogs: Dialogs
) -> None:
    window.select_nav("intake")
    window.intake.request.subject.setText("انقطاع الماء")
    window.select_nav("worklist:overdue")
    key(qtbot, Qt.Key.Key_Escape)  # not the intake's "clear the form?"
    key(qtbot, Qt.Key.Key_S, CTRL)  # not the intake's save
    qtbot.waitUntil(lambda: workers.pending() == 0)
    assert dialogs.questions == []
    assert window.intake.request.subject.text() == "انقطاع الماء"


def test_closing_the_window_with_an_unsaved_intake_form_asks_first(
    qtbot: QtBot, window: MainWindow, dialogs: Dialogs
) -> None:
    window.select_nav("cases")
    window.intake.citizen.full_name.setText("زينب عبد الكريم حسن")
    dialogs.answer = False
    assert not _close(window)
    assert len(dialogs.questions) == 1 and "لم تُحفظ" in dialogs.questions[0][1]
    assert window.isVisible()
    assert window.current_screen() is window.intake  # the clerk is shown the form that would be lost
    dialogs.answer = True
    assert _close(window)
    assert len(dialogs.questions) == 2


def test_closing_the_window_with_an_empty_intake_form_does_not_ask(
    window: MainWindow, dialogs: Dialogs
) -> None:
    assert _close(window)
    assert dialogs.questions == []


def test_a_clerks_window_disables_the_reports_and_sync_pages_saying_why(
    qtbot: QtBot, db: Database, actor: Actor
) -> None:
    clerk = Actor(actor.id, "clerk", "موظف الاستقبال", Role.CLERK, actor.office_id)
    win = MainWindow(db, clerk, setup.station_info(db))
    qtbot.addWidget(win)
    for page, work in (("reports", "عرض التقارير"), ("sync", "مزامنة البيانات")):
        item = win.nav_panel.item(page)
        assert item is not None and not item.flags() & Qt.ItemFlag.ItemIsEnabled
        assert item.toolTip().startswith(f"ليست لديك صلاحية {work}") and "«موظف استقبال»" in item.toolTip()
    assert win.nav_panel.item("intake").flags() & Qt.ItemFlag.ItemIsEnabled
    admin_window = MainWindow(db, actor, setup.station_info(db))
    qtbot.addWidget(admin_window)
    assert admin_window.nav_panel.item("reports").flags() & Qt.ItemFlag.ItemIsEnabled
