"""The window in English: left to right, English words in its chrome, the choice kept as a setting."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel
from pytestqt.qtbot import QtBot

from csd_desktop import config, i18n
from csd_desktop.services.users import Actor
from csd_desktop.ui.main_window import MainWindow
from csd_desktop.ui.navigation import Navigation
from csd_desktop.ui.start.look import configure_application
from tests.conftest import OFFICE_NAME


@pytest.fixture
def english(qapp: QApplication) -> Iterator[QApplication]:
    i18n.set_language("en")
    configure_application(qapp)
    yield qapp
    i18n.set_language("ar")
    configure_application(qapp)


def _arabic(text: str) -> bool:
    return any("\u0621" <= ch <= "\u064a" for ch in text)


def test_in_english_the_window_flows_left_to_right(english: QApplication) -> None:
    assert english.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_back_in_arabic_the_window_flows_right_to_left(english: QApplication) -> None:
    i18n.set_language("ar")
    configure_application(english)
    assert english.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_the_english_window_has_no_arabic_outside_its_data(
    english: QApplication, window: MainWindow, actor: Actor
) -> None:
    data = {OFFICE_NAME, actor.full_name}
    words = [w.text() for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton)]
    words += [g.title() for g in window.findChildren(QGroupBox)]
    nav = window.findChild(Navigation)
    assert nav is not None
    words += [nav.items.item(row).text() for row in range(nav.items.count())]
    leftover = [w for w in words if _arabic(w) and not any(d in w for d in data)]
    assert leftover == []
    assert "Register a new case" in words


def test_choosing_a_language_in_the_window_keeps_it_for_the_next_start(qtbot: QtBot) -> None:
    nav = Navigation(OFFICE_NAME)
    qtbot.addWidget(nav)
    assert nav.language.currentData() == "ar"
    nav.language.setCurrentIndex(nav.language.findData("en"))
    assert config.load_settings().language == "en"
    assert i18n.choose_language() == "en"
    assert nav.language_note.text() == "The chosen language applies when the program starts again."
    assert i18n.language() == "ar"  # this session's screens stay as they were built
