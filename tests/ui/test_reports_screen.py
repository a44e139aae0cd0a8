"""The reports screen against the known October 2026 office (tests/report_scenario.py)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSpinBox, QStyle, QStyleOptionSpinBox
from pytestqt.qtbot import QtBot

from csd_desktop.db.engine import Database
from csd_desktop.services import month_close, users
from csd_desktop.services.figures import Period
from csd_desktop.services.users import Actor
from csd_desktop.ui import workers
from csd_desktop.ui.reports.reports_screen import ReportsScreen
from tests import report_scenario
from tests.conftest import ADMIN, PASSWORD
from tests.pdf_text import pdf_text

scenario = report_scenario.scenario
scenario_db = report_scenario.scenario_db

OCTOBER = Period.month(2026, 10)


class Recorder:
    """Stands in for the confirm box, the file dialog and the preview window."""

    def __init__(self, save_to: Path | None = None, answer: bool = True) -> None:
        self.save_to = save_to
        self.answer = answer
        self.questions: list[str] = []
        self.previews: list[tuple[str, str, bytes]] = []

    def install(self, screen: ReportsScreen) -> ReportsScreen:
        screen.confirm = lambda _title, text: self.questions.append(text) or self.answer
        screen.ask_save_path = lambda _title, name, _pattern: str(self.save_to / name) if self.save_to else ""
        screen.preview_factory = lambda title, name, pdf: self.previews.append((title, name, pdf))
        return screen


@pytest.fixture
def manager(scenario_db: Database) -> Actor:
    return users.authenticate(scenario_db, ADMIN, PASSWORD)


def make_screen(qtbot: QtBot, db: Database, actor: Actor, recorder: Recorder) -> ReportsScreen:
    screen = recorder.install(ReportsScreen(db, actor))
    qtbot.addWidget(screen)
    screen.resize(1156, 700)
    screen.show()
    return screen


def settle(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: workers.pending() == 0, timeout=15_000)


def received_on_first_page(pdf: bytes) -> str:
    """The number beside «الطلبات المستلمة» in the summary table of the first page."""
    for line in pdf_text(pdf).split("\f")[0].splitlines():
        if line.rstrip().endswith("الطلبات المستلمة"):
            return re.findall(r"[−+]?[\d,]+(?:\.\d+)?%?", line)[-1]
    raise AssertionError("no received row in the PDF")


def test_preview_of_october_builds_the_pdf_with_the_months_received_total(
    qtbot: QtBot, scenario_db: Database, manager: Actor, shown_errors: list[str]
) -> None:
    recorder = Recorder()
    screen = make_screen(qtbot, scenario_db, manager, recorder)
    screen.set_month(2026, 10)
    assert screen.period() == OCTOBER
    screen.preview_button.click()
    assert not screen.preview_button.isEnabled()  # nothing twice while the report is being built
    settle(qtbot)
    expected = month_close.report_data(scenario_db, manager, OCTOBER).figures.totals.received
    assert expected == 5  # A, B, D, F and G were registered in October
    assert [title for title, _name, _pdf in recorder.previews] == ["التقرير — تشرين الأول 2026"]
    _title, name, pdf = recorder.previews[0]
    assert name == "csd-report-2026-10.pdf"
    assert received_on_first_page(pdf) == str(expected)
    assert screen.values["received"].text().strip("\u2066\u2069") == "5"
    assert screen.preview_button.isEnabled()
    assert shown_errors == []


def test_save_excel_writes_a_workbook_with_right_to_left_sheets(
    qtbot: QtBot, scenario_db: Database, manager: Actor, tmp_path: Path
) -> None:
    screen = make_screen(qtbot, scenario_db, manager, Recorder(save_to=tmp_path))
    screen.set_month(2026, 10)
    screen.excel_button.click()
    settle(qtbot)
    path = tmp_path / "csd-report-2026-10.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    assert workbook.sheetnames[0] == "الملخص"
    assert all(ws.sheet_view.rightToLeft for ws in workbook.worksheets)
    assert "csd-report-2026-10.xlsx" in screen.status.text()


def test_quarter_and_custom_periods_are_read_from_the_pickers(
    qtbot: QtBot, scenario_db: Database, manager: Actor
) -> None:
    screen = make_screen(qtbot, scenario_db, manager, Recorder())
    screen.kind.setCurrentIndex(screen.kind.findData("quarter"))
    screen.quarter_year.setValue(2026)
    screen.quarter.setCurrentIndex(3)
    assert screen.period() == Period.quarter(2026, 4)
    assert not screen.lock_button.isEnabled()  # only a whole month is locked
    screen.kind.setCurrentIndex(screen.kind.findData("custom"))
    assert screen.period_pages.currentIndex() == 3


def test_locking_the_current_month_shows_the_refusal_and_locks_nothing(
    qtbot: QtBot, scenario_db: Database, manager: Actor, shown_errors: list[str]
) -> None:
    recorder = Recorder()
    screen = make_screen(qtbot, scenario_db, manager, recorder)
    screen.set_month(2026, 11)  # the scenario stands on 10 November 2026
    assert screen.lock_button.isVisible() and screen.lock_button.isEnabled()
    screen.lock_button.click()
    settle(qtbot)
    assert len(recorder.questions) == 1
    assert len(shown_errors) == 1 and "قبل انتهائه" in shown_errors[0]
    assert month_close.locked_report(scenario_db, manager, "2026-11") is None
    assert recorder.previews == []
    assert screen.lock_button.isEnabled()


def test_locking_october_stores_it_and_a_second_lock_is_refused(
    qtbot: QtBot, scenario_db: Database, manager: Actor, shown_errors: list[str]
) -> None:
    recorder = Recorder()
    screen = make_screen(qtbot, scenario_db, manager, recorder)
    screen.set_month(2026, 10)
    with qtbot.waitSignal(screen.month_locked, timeout=15_000) as locked:
        screen.lock_button.click()
    settle(qtbot)
    assert locked.args == ["2026-10"]
    assert month_close.locked_report(scenario_db, manager, "2026-10") is not None
    assert recorder.previews[-1][1] == "csd-report-2026-10-final.pdf"
    assert screen.lock_note.isVisible()
    screen.lock_button.click()
    settle(qtbot)
    assert len(shown_errors) == 1 and "مقفل من قبل" in shown_errors[0]


def test_declining_the_confirmation_locks_nothing(
    qtbot: QtBot, scenario_db: Database, manager: Actor
) -> None:
    recorder = Recorder(answer=False)
    screen = make_screen(qtbot, scenario_db, manager, recorder)
    screen.set_month(2026, 10)
    screen.lock_button.click()
    settle(qtbot)
    assert month_close.locked_report(scenario_db, manager, "2026-10") is None


def _dark_pixels(box: QSpinBox, control: QStyle.SubControl) -> int:
    """Dark pixels at the centre of a spin box button: the arrow that says it can be clicked (a button's
    border lines lie outside this square)."""
    option = QStyleOptionSpinBox()
    box.initStyleOption(option)
    image = box.grab().toImage()
    centre = box.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option, control, box).center()
    return sum(
        QColor(image.pixel(x, y)).lightness() < 140
        for x in range(centre.x() - 4, centre.x() + 5)
        for y in range(centre.y() - 3, centre.y() + 4)
    )


def test_the_year_boxes_show_their_up_and_down_arrows(
    qtbot: QtBot, scenario_db: Database, manager: Actor
) -> None:
    screen = make_screen(qtbot, scenario_db, manager, Recorder())
    for kind, box in (("month", screen.month_year), ("quarter", screen.quarter_year), ("year", screen.year)):
        screen.kind.setCurrentIndex(screen.kind.findData(kind))
        qtbot.waitUntil(box.isVisible)
        assert box.buttonSymbols() == QSpinBox.ButtonSymbols.UpDownArrows
        assert _dark_pixels(box, QStyle.SubControl.SC_SpinBoxUp) > 4, kind
        assert _dark_pixels(box, QStyle.SubControl.SC_SpinBoxDown) > 4, kind


def test_another_period_takes_the_previous_figures_off_the_screen(
    qtbot: QtBot, scenario_db: Database, manager: Actor
) -> None:
    screen = make_screen(qtbot, scenario_db, manager, Recorder())
    screen.kind.setCurrentIndex(screen.kind.findData("quarter"))
    screen.quarter_year.setValue(2026)
    screen.quarter.setCurrentIndex(3)
    screen.preview()
    settle(qtbot)
    assert "الربع الرابع" in screen.figures_title.text()
    assert screen.values["received"].text() != "—"
    screen.kind.setCurrentIndex(screen.kind.findData("custom"))
    assert screen.data is None
    assert "الربع" not in screen.figures_title.text() + screen.figures_hint.text()
    assert {label.text() for label in screen.values.values()} == {"—"}
    assert {label.text() for label in screen.changes.values()} == {""}


def test_a_custom_periods_dates_read_year_first_as_in_print(
    qtbot: QtBot, scenario_db: Database, manager: Actor
) -> None:
    screen = make_screen(qtbot, scenario_db, manager, Recorder())
    screen.kind.setCurrentIndex(screen.kind.findData("custom"))
    screen.date_from.setDate(QDate(2026, 11, 27))
    for box in (screen.date_from, screen.date_to):
        assert box.displayFormat() == "yyyy-MM-dd"
        assert box.layoutDirection() == Qt.LayoutDirection.LeftToRight  # shown in the order it is written
    assert screen.date_from.text() == "2026-11-27"
