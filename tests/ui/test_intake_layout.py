"""The intake form at an office PC's 1366×768: every message beside a field can be read whole."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from csd_desktop.ui.intake.intake_screen import IntakeScreen
from csd_desktop.ui.main_window import MainWindow


def _cut_off(label: QLabel) -> bool:
    """A wrapped label shorter than its text needs at its width shows only some of its lines."""
    return label.height() < label.heightForWidth(label.width())


def test_error_messages_under_narrow_fields_are_shown_whole_at_1366x768(
    qtbot: QtBot, window: MainWindow, screen: IntakeScreen
) -> None:
    assert (window.width(), window.height()) == (1366, 768)
    screen.citizen.full_name.setText("زينب عبد الكريم حسن العبيدي")
    screen.citizen.national_id.setText("198807654321")
    screen.citizen.phone.setText("0781234")  # too short: the longest message, in the narrowest column
    screen.request.category.setCurrentIndex(screen.request.category.findData("water"))
    screen.request.subject.setText("انقطاع الماء عن الزقاق")
    screen.save()  # no kind chosen
    qtbot.waitUntil(lambda: not screen.errors["phone"].isHidden() and not screen.errors["kind"].isHidden())
    qtbot.wait(50)  # the layout settles after the labels are shown
    shown = {name: label for name, label in screen.errors.items() if not label.isHidden()}
    assert {"phone", "kind"} <= set(shown)
    assert [name for name, label in shown.items() if _cut_off(label)] == []
