"""Fixtures for driving real widgets: the configured application, the main window, quiet dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from csd_desktop.db.engine import Database
from csd_desktop.services import setup
from csd_desktop.services.users import Actor
from csd_desktop.ui import dialogs as ui_dialogs
from csd_desktop.ui import workers
from csd_desktop.ui.intake.intake_screen import IntakeScreen
from csd_desktop.ui.intake.receipt_preview import LastReceipt
from csd_desktop.ui.main_window import MainWindow
from csd_desktop.ui.start.look import configure_application
from tests.keys import activate


@pytest.fixture(scope="session", autouse=True)
def _configured_app(qapp: QApplication) -> QApplication:
    QStandardPaths.setTestModeEnabled(True)  # remembered folders go to a test location, not the user's
    configure_application(qapp)
    return qapp


@dataclass
class Dialogs:
    """What the screens asked and showed, instead of modal boxes, file dialogs and the preview window."""

    answer: bool = True
    questions: list[tuple[str, str]] = field(default_factory=list)
    receipts: list[LastReceipt] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    errors_expected: bool = False
    save_to: Path | None = None  # the folder a save dialog answers with; None = the clerk cancels
    saved_titles: list[str] = field(default_factory=list)
    open_file: str = ""
    printed: list[str] = field(default_factory=list)

    def confirm(self, title: str, text: str) -> bool:
        self.questions.append((title, text))
        return self.answer

    def ask(self, _parent: Any, title: str, text: str) -> bool:
        return self.confirm(title, text)

    def show_error(self, _parent: Any, message: str) -> None:
        self.errors.append(message)

    def save_path(self, _parent: Any, title: str, suggested_name: str, _pattern: str) -> str:
        self.saved_titles.append(title)
        return str(self.save_to / suggested_name) if self.save_to is not None else ""

    def open_path(self, _parent: Any, _title: str, _pattern: str) -> str:
        return self.open_file

    def ask_print(self, _printer: Any, _parent: Any, title: str) -> bool:
        self.printed.append(title)
        return False

    def preview(self, receipt: LastReceipt, _render: Any) -> None:
        self.receipts.append(receipt)


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Dialogs]:
    """Every screen's questions and errors are answered here; an error nobody expected fails the test."""
    recorded = Dialogs()
    for name in ("ask", "show_error", "save_path", "open_path", "ask_print"):
        monkeypatch.setattr(ui_dialogs, name, getattr(recorded, name))
    yield recorded
    if recorded.errors and not recorded.errors_expected:
        pytest.fail(f"unexpected error dialog: {recorded.errors}")


@pytest.fixture
def shown_errors(dialogs: Dialogs) -> list[str]:
    """For a test that expects error dialogs: their messages, in order."""
    dialogs.errors_expected = True
    return dialogs.errors


@pytest.fixture(autouse=True)
def _quiet_workers(qtbot: QtBot, dialogs: Dialogs) -> Iterator[None]:
    """No operation may outlive its test (and its database); its answers still meet the stubs above."""
    yield
    qtbot.waitUntil(lambda: workers.pending() == 0, timeout=10_000)


@pytest.fixture
def window(qtbot: QtBot, db: Database, actor: Actor, dialogs: Dialogs) -> MainWindow:
    win = MainWindow(db, actor, setup.station_info(db))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.intake.preview_factory = dialogs.preview
    activate(qtbot, win)
    # As after the app's first paint: the office's pick lists are in before anyone types.
    win.lists.load()
    qtbot.waitUntil(lambda: win.lists.lists is not None, timeout=10_000)
    return win


@pytest.fixture
def screen(window: MainWindow, qtbot: QtBot) -> IntakeScreen:
    window.select_nav("intake")
    window.intake.lookup.setFocus()
    qtbot.waitUntil(lambda: window.intake.lookup.hasFocus())
    return window.intake
