"""The case list: pages fetched lazily and sorted in SQL, one search box, filters, opening a case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from csd_desktop.db.engine import Database
from csd_desktop.domain.enums import Role
from csd_desktop.services import clock, demo, intake, setup, users
from csd_desktop.services.users import Actor
from csd_desktop.ui import workers
from csd_desktop.ui.cases.case_list_model import CaseListModel, CaseQuery, Column
from csd_desktop.ui.cases.case_list_screen import CaseListScreen
from csd_desktop.ui.main_window import MainWindow
from csd_desktop.ui.widgets.chips import SLA_COLORS
from tests.factories import citizen_form, intake_form
from tests.keys import activate, key, type_text

DEMO_CASES = 260
PAGE = 50


@pytest.fixture
def many(db: Database) -> Database:
    demo.generate_demo_data(db, cases=DEMO_CASES, seed=11)
    return db


def loaded(qtbot: QtBot, model: CaseListModel, start: object) -> None:
    """Run `start` and wait until the page it asked for has arrived."""
    with qtbot.waitSignal(model.page_loaded, timeout=10_000):
        start()  # type: ignore[operator]


@pytest.fixture
def screen(qtbot: QtBot, db: Database) -> CaseListScreen:
    widget = CaseListScreen(db, setup.station_info(db), page_size=PAGE)
    qtbot.addWidget(widget)
    widget.resize(1150, 700)
    with qtbot.waitSignal(widget.model.page_loaded, timeout=10_000):
        activate(qtbot, widget)  # the first page is asked for when the list is first shown
    return widget


def test_the_first_page_holds_one_page_and_the_next_comes_on_fetch_more(qtbot: QtBot, many: Database) -> None:
    model = CaseListModel(many, page_size=PAGE)
    with qtbot.waitSignal(model.total_changed, timeout=10_000) as counted:
        loaded(qtbot, model, lambda: model.set_query(CaseQuery()))
    assert model.rowCount() == PAGE
    assert model.canFetchMore()
    assert counted.args == [DEMO_CASES]

    loaded(qtbot, model, model.fetchMore)
    assert model.rowCount() == 2 * PAGE
    references = [c.reference for c in model.cases()]
    assert len(set(references)) == 2 * PAGE  # the second page follows the first, no overlap

    while model.canFetchMore():
        loaded(qtbot, model, model.fetchMore)
    assert model.rowCount() == DEMO_CASES
    assert not model.canFetchMore()


def test_newest_first_and_sorting_by_date_or_reference_reorders_in_sql(qtbot: QtBot, many: Database) -> None:
    model = CaseListModel(many, page_size=PAGE)
    loaded(qtbot, model, lambda: model.set_query(CaseQuery()))
    newest = [c.registered_at for c in model.cases()]
    assert newest == sorted(newest, reverse=True)

    loaded(qtbot, model, lambda: model.sort(Column.DATE, Qt.SortOrder.AscendingOrder))
    oldest = [c.registered_at for c in model.cases()]
    assert oldest == sorted(oldest)
    assert oldest[0] < newest[-1]  # the oldest page, not the newest page turned round
    assert model.header_sort() == (Column.DATE, Qt.SortOrder.AscendingOrder)

    loaded(qtbot, model, lambda: model.sort(Column.REFERENCE, Qt.SortOrder.AscendingOrder))
    references = [c.reference for c in model.cases()]
    assert references == sorted(references)


def test_a_column_sql_cannot_sort_leaves_the_order_as_it_was(qtbot: QtBot, many: Database) -> None:
    model = CaseListModel(many, page_size=PAGE)
    loaded(qtbot, model, lambda: model.set_query(CaseQuery()))
    before = model.cases()
    model.sort(Column.CITIZEN, Qt.SortOrder.AscendingOrder)
    assert not model.is_loading()
    assert model.cases() == before
    assert model.header_sort() == (Column.DATE, Qt.SortOrder.DescendingOrder)


def test_overdue_rows_are_tinted_red_and_say_so_in_the_due_column(
    qtbot: QtBot, db: Database, actor: Actor
) -> None:
    past = datetime.now(UTC) - timedelta(days=30)
    clock.set_clock(lambda: past)
    late = intake.register_case(db, actor, intake_form()).reference
    clock.set_clock(None)
    model = CaseListModel(db, page_size=PAGE)
    loaded(qtbot, model, lambda: model.set_query(CaseQuery(late)))
    assert [c.reference for c in model.cases()] == [late]
    row = model.index(0, Column.SUBJECT)
    assert model.data(row, Qt.ItemDataRole.BackgroundRole) == QColor(SLA_COLORS["overdue"][0])
    assert "متأخر" in model.data(model.index(0, Column.DUE))


def test_a_reference_typed_without_dashes_then_enter_finds_the_case_and_enter_opens_it(
    qtbot: QtBot, screen: CaseListScreen, db: Database, actor: Actor
) -> None:
    reference = intake.register_case(db, actor, intake_form()).reference
    intake.register_case(db, actor, intake_form(citizen_form(phone="07811112222", national_id="")))
    screen.search_box.setFocus()
    type_text(reference.replace("-", ""))
    assert "الرقم المرجعي" in screen.interpretation.text()
    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        key(qtbot, Qt.Key.Key_Return)
    assert [c.reference for c in screen.model.cases()] == [reference]

    key(qtbot, Qt.Key.Key_Down)  # from the search box into the results
    assert screen.view.hasFocus()
    with qtbot.waitSignal(screen.open_case, timeout=2000) as opened:
        key(qtbot, Qt.Key.Key_Return)
    assert opened.args == [reference]


def test_arabic_words_typed_in_the_box_find_the_citizen_by_name(
    qtbot: QtBot, screen: CaseListScreen, db: Database, actor: Actor
) -> None:
    mine = intake.register_case(
        db, actor, intake_form(citizen_form(full_name="فاطمة أحمد علي", phone="07811112222", national_id=""))
    ).reference
    intake.register_case(db, actor, intake_form())
    screen.search_box.setFocus()
    type_text("فاطمه احمد")  # taa marbuta and hamza as people type them
    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        key(qtbot, Qt.Key.Key_Return)
    assert [c.reference for c in screen.model.cases()] == [mine]
    qtbot.waitUntil(lambda: "1" in screen.total_label.text())


def test_the_overdue_filter_and_the_status_filter_narrow_the_list(
    qtbot: QtBot, screen: CaseListScreen, db: Database, actor: Actor
) -> None:
    past = datetime.now(UTC) - timedelta(days=30)
    clock.set_clock(lambda: past)
    late = intake.register_case(db, actor, intake_form()).reference
    clock.set_clock(None)
    intake.register_case(db, actor, intake_form(citizen_form(phone="07811112222", national_id="")))
    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        screen.overdue.setChecked(True)
    assert [c.reference for c in screen.model.cases()] == [late]

    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        screen.overdue.setChecked(False)
    assert screen.model.rowCount() == 2
    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        screen.status.setCurrentIndex(screen.status.findData("closed"))
    assert screen.model.rowCount() == 0
    assert "لا توجد طلبات" in screen.message.text()


def test_the_clerk_filter_narrows_the_list_to_the_cases_that_user_registered(
    qtbot: QtBot, screen: CaseListScreen, db: Database, actor: Actor
) -> None:
    users.create_user(
        db, actor, username="zainab", full_name="زينب كريم", role=Role.CLERK, password="long-password-1"
    )
    clerk = users.authenticate(db, "zainab", "long-password-1")
    hers = intake.register_case(db, clerk, intake_form()).reference
    intake.register_case(db, actor, intake_form(citizen_form(phone="07811112222", national_id="")))
    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        screen.refresh()  # as after a save elsewhere: the new user joins the list
    qtbot.waitUntil(lambda: screen.clerk.count() == 3)  # كل الموظفين, then the two users
    assert screen.clerk.itemText(0) == "كل الموظفين"
    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        screen.clerk.setCurrentIndex(screen.clerk.findText("زينب كريم"))
    assert [c.reference for c in screen.model.cases()] == [hers]
    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        screen.refresh()
    assert screen.clerk.currentText() == "زينب كريم"  # the choice survives the list being refreshed
    assert [c.reference for c in screen.model.cases()] == [hers]

    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        screen.clear_button.click()
    assert screen.clerk.currentIndex() == 0
    assert screen.model.rowCount() == 2


def test_a_wrong_date_in_the_period_is_marked_and_does_not_search(
    qtbot: QtBot, screen: CaseListScreen
) -> None:
    qtbot.waitUntil(lambda: workers.pending() == 0)  # the first page's count may still be on its way
    screen.date_from.setFocus()
    type_text("2026-13-45")
    key(qtbot, Qt.Key.Key_Return)
    assert screen.date_from.property("invalid") is True
    assert not screen.date_error.isHidden()
    assert workers.pending() == 0


def test_the_list_fits_beside_the_navigation_on_a_1366_screen(screen: CaseListScreen) -> None:
    assert screen.minimumSizeHint().width() <= 1366 - 210


def test_ctrl_f_from_anywhere_opens_the_list_with_the_cursor_in_the_search_box(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.intake.citizen.full_name.setFocus()
    with qtbot.waitSignal(window.case_list.model.page_loaded, timeout=10_000):
        key(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() is window.case_list
    assert window.case_list.search_box.hasFocus()
    key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # and back to a new intake
    assert window.current_screen() is window.intake


def test_a_wrong_check_character_lists_nothing_and_suggests_the_case_on_file(
    qtbot: QtBot, screen: CaseListScreen, db: Database, actor: Actor
) -> None:
    reference = intake.register_case(db, actor, intake_form()).reference
    wrong = reference[:-1] + str((int(reference[-1]) + 1) % 10)
    screen.search_box.setFocus()
    type_text(wrong)
    with qtbot.waitSignal(screen.model.reference_refused, timeout=10_000):
        key(qtbot, Qt.Key.Key_Return)
    assert screen.model.rowCount() == 0  # nothing shown as if it were the case typed
    assert not screen.suggestions.isHidden()
    assert "هل تقصد" in screen.suggestions.message.text()
    assert [b.text() for b in screen.suggestions.buttons] == [reference]

    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        screen.suggestions.buttons[0].click()
    assert [c.reference for c in screen.model.cases()] == [reference]
    assert screen.search_box.text() == reference and screen.suggestions.isHidden()


def test_a_compound_name_typed_joined_finds_it_written_apart(
    qtbot: QtBot, screen: CaseListScreen, db: Database, actor: Actor
) -> None:
    mine = intake.register_case(
        db, actor, intake_form(citizen_form(full_name="عبد الله رائد مؤيد"))
    ).reference
    screen.search_box.setFocus()
    type_text("عبدالله رايد")
    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        key(qtbot, Qt.Key.Key_Return)
    assert [c.reference for c in screen.model.cases()] == [mine]
