"""Fixtures for driving real widgets: the configured application, the main window, quiet dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from csd_desktop.app import configure_application
from csd_desktop.db.engine import Database
from csd_desktop.services import setup
from csd_desktop.services.users import Actor
from csd_desktop.ui import workers
from csd_desktop.ui.intake.intake_screen import IntakeScreen
from csd_desktop.ui.intake.receipt_preview import LastReceipt
from csd_desktop.ui.main_window import MainWindow
from tests.keys import activate


@pytest.fixture(scope="session", autouse=True)
def _configured_app(qapp: QApplication) -> QApplication:
    configure_application(qapp)
    return qapp


@pytest.fixture(autouse=True)
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Error dialogs are recorded instead of blocking the run."""
    messages: list[str] = []
    monkeypatch.setattr(workers, "error_presenter", lambda _parent, message: messages.append(message))
    return messages


@pytest.fixture(autouse=True)
def _quiet_workers(qtbot: QtBot) -> Iterator[None]:
    """No operation may outlive its test (and its database)."""
    yield
    qtbot.waitUntil(lambda: workers.pending() == 0, timeout=10_000)


@dataclass
class Dialogs:
    """What the screen asked and showed, instead of modal boxes and the preview window."""

    answer: bool = True
    questions: list[tuple[str, str]] = field(default_factory=list)
    receipts: list[LastReceipt] = field(default_factory=list)

    def confirm(self, title: str, text: str) -> bool:
        self.questions.append((title, text))
        return self.answer

    def preview(self, receipt: LastReceipt, _render: Any) -> None:
        self.receipts.append(receipt)


@pytest.fixture
def dialogs() -> Dialogs:
    return Dialogs()


@pytest.fixture
def window(qtbot: QtBot, db: Database, actor: Actor, dialogs: Dialogs) -> MainWindow:
    win = MainWindow(db, actor, setup.station_info(db))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.intake.confirm = dialogs.confirm
    win.intake.preview_factory = dialogs.preview
    activate(qtbot, win)
    return win


@pytest.fixture
def screen(window: MainWindow, qtbot: QtBot) -> IntakeScreen:
    window.select_nav("intake")
    window.intake.lookup.setFocus()
    qtbot.waitUntil(lambda: window.intake.lookup.hasFocus())
    return window.intake
