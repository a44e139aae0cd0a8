"""Worklists: an overdue case is listed and counted in the navigation; closing it takes it off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from csd_desktop.db.engine import Database
from csd_desktop.domain.enums import EventType, Outcome, Status
from csd_desktop.services import cases, clock, followup, intake
from csd_desktop.services.users import Actor
from csd_desktop.services.worklists import Worklist
from csd_desktop.ui.followup.worklist_counts import REFRESH_MS
from csd_desktop.ui.main_window import MainWindow
from csd_desktop.ui.navigation import BADGE
from tests.factories import citizen_form, intake_form
from tests.keys import key, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def days_ago(days: int) -> None:
    moment = datetime.now(UTC) - timedelta(days=days)
    clock.set_clock(lambda: moment)


def counted(qtbot: QtBot, window: MainWindow, worklist: Worklist, expected: int) -> None:
    """Wait for the navigation's badge of `worklist` to show `expected`."""
    item = window.worklist_items[worklist]
    qtbot.waitUntil(lambda: item.data(BADGE) == expected, timeout=10_000)


def show(qtbot: QtBot, window: MainWindow, worklist: Worklist) -> None:
    with qtbot.waitSignal(window.worklists.model.page_loaded, timeout=10_000):
        window.select_nav(f"worklist:{worklist.value}")


def test_an_overdue_case_is_listed_and_counted_and_closing_it_takes_it_off(
    qtbot: QtBot, window: MainWindow, db: Database, actor: Actor
) -> None:
    days_ago(30)  # registered a month ago: its first answer is long overdue
    late = intake.register_case(db, actor, intake_form()).reference
    clock.set_clock(None)
    intake.register_case(db, actor, intake_form(citizen_form(phone="07811112222", national_id="")))
    window.counts.refresh()
    counted(qtbot, window, Worklist.OVERDUE, 1)
    counted(qtbot, window, Worklist.MINE, 2)

    show(qtbot, window, Worklist.OVERDUE)
    screen = window.worklists
    assert [c.reference for c in screen.model.cases()] == [late]
    qtbot.waitUntil(lambda: "1" in screen.title.text())
    assert screen.title.text().startswith(Worklist.OVERDUE.label)

    assert screen.view.hasFocus()
    with qtbot.waitSignal(window.case_page.loaded, timeout=10_000):
        key(qtbot, Qt.Key.Key_Return)  # the first (most urgent) row is selected: Enter opens it
    page = window.case_page
    assert window.current_screen() is page
    assert page.header.sla.text() == "متأخر عن موعده"

    key(qtbot, Qt.Key.Key_L, CTRL)  # إغلاق
    qtbot.waitUntil(lambda: page.dialog is not None and QApplication.activeWindow() is page.dialog)
    dialog = page.dialog
    assert dialog is not None and dialog.fields["outcome"].hasFocus()
    type_text("عولج")  # picks "عولج الطلب" in the list of outcomes
    assert dialog.fields["outcome"].currentData() == Outcome.RESOLVED.value
    key(qtbot, Qt.Key.Key_Tab)
    type_text("أصلحت دائرة الماء الأنبوب وعاد الماء إلى الزقاق.")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        key(qtbot, Qt.Key.Key_Return, CTRL)
    assert cases.case_detail(db, late).status is Status.CLOSED
    assert page.header.status.text() == Outcome.RESOLVED.label

    counted(qtbot, window, Worklist.OVERDUE, 0)
    counted(qtbot, window, Worklist.MINE, 1)
    key(qtbot, Qt.Key.Key_Escape)  # back to the worklist, asked again after the save
    assert window.current_screen() is screen
    qtbot.waitUntil(lambda: not screen.model.is_loading() and screen.model.rowCount() == 0, timeout=10_000)
    assert "لا طلبات" in screen.message.text()


def test_awaiting_reply_lists_referred_cases_and_narrows_to_one_entity(
    qtbot: QtBot, window: MainWindow, db: Database, actor: Actor
) -> None:
    water = intake.register_case(db, actor, intake_form()).reference
    power = intake.register_case(
        db, actor, intake_form(citizen_form(phone="07811112222", national_id=""), category="electricity")
    ).reference
    followup.refer(db, actor, water, entity="baghdad_mayoralty", letter_no="1", letter_date=clock.today())
    followup.refer(db, actor, power, entity="electricity", letter_no="2", letter_date=clock.today())
    window.counts.refresh()
    counted(qtbot, window, Worklist.AWAITING_REPLY, 2)

    show(qtbot, window, Worklist.AWAITING_REPLY)
    screen = window.worklists
    assert {c.reference for c in screen.model.cases()} == {water, power}
    assert screen.entity.isVisible()
    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        screen.entity.setCurrentIndex(screen.entity.findData("electricity"))
    assert [c.reference for c in screen.model.cases()] == [power]


def test_by_entity_opens_on_the_entity_with_the_most_open_cases(
    qtbot: QtBot, window: MainWindow, db: Database, actor: Actor
) -> None:
    water = intake.register_case(db, actor, intake_form()).reference
    second = citizen_form(phone="07811112222", national_id="")
    power = [
        intake.register_case(db, actor, intake_form(second, category="electricity", entity="electricity"))
        for _ in range(2)
    ]
    show(qtbot, window, Worklist.BY_ENTITY)
    screen = window.worklists
    assert screen.entity.currentData() == "electricity"  # two open cases: the busiest entity first
    assert "(2)" in screen.entity.currentText()
    assert {c.reference for c in screen.model.cases()} == {p.reference for p in power}
    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        screen.entity.setCurrentIndex(screen.entity.findData("baghdad_mayoralty"))
    assert [c.reference for c in screen.model.cases()] == [water]
    assert window.worklist_items[Worklist.BY_ENTITY].data(BADGE) is None  # no count of its own


def test_by_entity_with_no_open_case_anywhere_says_so(qtbot: QtBot, window: MainWindow) -> None:
    window.select_nav(f"worklist:{Worklist.BY_ENTITY.value}")
    screen = window.worklists
    qtbot.waitUntil(lambda: "لا طلبات مفتوحة" in screen.message.text(), timeout=10_000)
    assert screen.model.rowCount() == 0


def test_awaiting_reply_shows_which_entity_each_case_waits_on(
    qtbot: QtBot, window: MainWindow, db: Database, actor: Actor
) -> None:
    reference = intake.register_case(db, actor, intake_form(entity="")).reference
    followup.refer(db, actor, reference, entity="electricity", letter_no="2", letter_date=clock.today())
    show(qtbot, window, Worklist.AWAITING_REPLY)
    screen = window.worklists
    model = screen.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    entity_column = headers.index("الجهة المعنية")
    assert not screen.view.isColumnHidden(entity_column)
    assert model.data(model.index(0, entity_column)) == "وزارة الكهرباء"
    show(qtbot, window, Worklist.OVERDUE)
    assert screen.view.isColumnHidden(entity_column)  # elsewhere the status says more


def test_overdue_referrals_are_escalated_after_start_and_the_counts_follow(
    qtbot: QtBot, window: MainWindow, db: Database, actor: Actor
) -> None:
    days_ago(40)
    reference = intake.register_case(db, actor, intake_form()).reference
    followup.refer(db, actor, reference, entity="baghdad_mayoralty", letter_no="7", letter_date=clock.today())
    clock.set_clock(None)
    window.escalate_overdue()
    qtbot.waitUntil(lambda: cases.case_detail(db, reference).escalation_level == 1, timeout=10_000)
    escalated = cases.case_detail(db, reference).events[-1]
    assert escalated.type == EventType.ESCALATED and escalated.data["automatic"] is True
    counted(qtbot, window, Worklist.AWAITING_REPLY, 1)


def test_the_counts_refresh_on_their_own_every_few_minutes(window: MainWindow) -> None:
    assert window.counts.timer.isActive()
    assert window.counts.timer.interval() == REFRESH_MS <= 5 * 60 * 1000


def test_every_screen_fits_beside_the_navigation_on_a_1366_screen(window: MainWindow) -> None:
    for screen in (window.case_list, window.worklists, window.desk, window.case_page):
        assert screen.minimumSizeHint().width() <= 1366 - 210, screen.objectName()
        assert screen.minimumSizeHint().height() <= 768 - 100, screen.objectName()
