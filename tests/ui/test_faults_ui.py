"""The window on a faulty office PC shows each fault's own Arabic message (not the generic one)."""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from csd_desktop import app
from csd_desktop.db import engine
from csd_desktop.ui.intake.intake_screen import IntakeScreen
from csd_desktop.ui.workers import GENERIC_ERROR
from tests.fs_faults import copy_db, immutable, read_only_folder, second_writer
from tests.keys import key
from tests.ui.test_intake_screen import fill_minimal_case

CTRL = Qt.KeyboardModifier.ControlModifier


def save_and_wait_for_the_error(qtbot: QtBot, screen: IntakeScreen, shown_errors: list[str]) -> str:
    fill_minimal_case(qtbot, screen, name="فاطمة حسين علي الموسوي", card="198504032211", phone="07801234567")
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: bool(shown_errors), timeout=15_000)
    qtbot.waitUntil(lambda: screen.save_button.isEnabled(), timeout=5_000)
    assert len(shown_errors) == 1
    assert shown_errors[0] != GENERIC_ERROR
    return shown_errors[0]


def cases_in(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM cases").fetchone()[0])
    finally:
        con.close()


def test_saving_to_a_read_only_database_file_says_so(
    qtbot: QtBot, screen: IntakeScreen, db_path: Path, shown_errors: list[str]
) -> None:
    with immutable(db_path):
        message = save_and_wait_for_the_error(qtbot, screen, shown_errors)
    assert "للقراءة فقط" in message and "صلاحية الكتابة" in message
    assert cases_in(db_path) == 0


def test_saving_while_another_program_holds_the_database_says_busy(
    qtbot: QtBot,
    screen: IntakeScreen,
    db_path: Path,
    shown_errors: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 500)  # read when the save opens its connection
    with second_writer(db_path):
        message = save_and_wait_for_the_error(qtbot, screen, shown_errors)
    assert "مشغولة" in message and "أعد المحاولة" in message
    assert cases_in(db_path) == 0


def test_starting_on_a_read_only_folder_names_the_folder(
    template_db: Path, tmp_path: Path, shown_errors: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # main() installs its exception hooks and its log file: give pytest its own back afterwards.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    monkeypatch.setattr(root, "level", root.level)
    source = copy_db(template_db, tmp_path / "office" / "csd.sqlite").parent
    with read_only_folder(source, tmp_path / "ro") as folder:
        assert app.main(["--db", str(folder / "csd.sqlite")]) == 2
    assert len(shown_errors) == 1
    assert "للقراءة فقط" in shown_errors[0] and str(folder) in shown_errors[0]
