"""The window's backups: one after the first paint and every few hours after, on the side worker; a
damaged database, found at start or by the check after it, offers the newest sound backup back."""

from __future__ import annotations

import argparse
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from csd_desktop.db.engine import Database
from csd_desktop.services import backup, intake
from csd_desktop.services.users import Actor
from csd_desktop.ui import workers
from csd_desktop.ui.backups import HOUR_MS
from csd_desktop.ui.main_window import MainWindow
from csd_desktop.ui.start.session import _Start
from tests.factories import intake_form
from tests.fs_faults import overwrite_tables
from tests.services.test_faults import cases_in
from tests.ui.conftest import Dialogs


def settle(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: workers.pending() == 0, timeout=20_000)


def test_the_window_backs_up_after_its_first_paint_and_every_few_hours(
    qtbot: QtBot, window: MainWindow, db: Database, actor: Actor
) -> None:
    backup.save_settings(db, backup.BackupSettings(every_hours=6))
    intake.register_case(db, actor, intake_form())
    window.after_first_paint()
    settle(qtbot)
    made = backup.list_backups(db.path.parent / "backups", "csd")
    assert len(made) == 1 and cases_in(made[0][1]) == 1
    assert window.auto_backup.timer.isActive() and window.auto_backup.timer.interval() == 6 * HOUR_MS
    window.auto_backup.timer.timeout.emit()  # six hours later
    settle(qtbot)
    assert len(backup.list_backups(db.path.parent / "backups", "csd")) == 2


def test_a_failed_automatic_backup_is_said_in_the_status_line(
    qtbot: QtBot, window: MainWindow, db: Database, tmp_path: Path
) -> None:
    (tmp_path / "not-a-folder").write_text("x")
    backup.save_settings(db, backup.BackupSettings(folder=str(tmp_path / "not-a-folder" / "b")))
    window.auto_backup.run()
    settle(qtbot)
    assert "تعذّرت النسخة الاحتياطية التلقائية" in window.statusBar().currentMessage()


def test_a_damaged_file_found_after_start_offers_the_newest_backup_and_restores_it(
    qtbot: QtBot, window: MainWindow, db: Database, actor: Actor, dialogs: Dialogs
) -> None:
    intake.register_case(db, actor, intake_form())
    window.auto_backup.run()
    settle(qtbot)
    intake.register_case(db, actor, intake_form())
    db.dispose()
    overwrite_tables(db.path)
    window.check_integrity()
    settle(qtbot)
    assert len(dialogs.questions) == 1
    newest = backup.list_backups(db.path.parent / "backups", "csd")[0][1]
    assert str(newest) in dialogs.questions[0][1]
    assert window.banner.isHidden() and db.unhealthy_reason is None
    assert cases_in(db.path) == 1
    intake.register_case(db, actor, intake_form())  # saving goes on, in the window's own handle
    assert cases_in(db.path) == 2


def test_a_damaged_file_declined_keeps_the_banner_and_the_file(
    qtbot: QtBot, window: MainWindow, db: Database, dialogs: Dialogs
) -> None:
    window.auto_backup.run()
    settle(qtbot)
    db.dispose()
    overwrite_tables(db.path)
    before = db.path.read_bytes()
    dialogs.answer = False
    window.check_integrity()
    settle(qtbot)
    assert len(dialogs.questions) == 1 and not window.banner.isHidden()
    assert db.path.read_bytes() == before


def _start_on(path: Path) -> _Start:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return _Start(app, argparse.Namespace(user=None, demo=False), path)


def _unreadable(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = b"\xa5" * 100  # the header: SQLite no longer sees a database
    path.write_bytes(bytes(data))


def test_a_damaged_file_at_start_offers_the_newest_backup_instead_of_refusing(
    db: Database, actor: Actor, dialogs: Dialogs
) -> None:
    intake.register_case(db, actor, intake_form())
    made = backup.make_backup(db)
    db.dispose()
    _unreadable(db.path)
    start = _start_on(db.path)
    assert start._open()
    assert start.opened is not None
    try:
        assert str(made.path) in dialogs.questions[0][1]
        assert start.opened.station is not None and cases_in(db.path) == 1
    finally:
        start.opened.db.dispose()


def test_a_damaged_file_at_start_declined_is_refused_with_its_reason(
    db: Database, dialogs: Dialogs, shown_errors: list[str]
) -> None:
    backup.make_backup(db)
    db.dispose()
    _unreadable(db.path)
    before = db.path.read_bytes()
    dialogs.answer = False
    assert not _start_on(db.path)._open()
    assert len(dialogs.questions) == 1 and len(shown_errors) == 1
    assert db.path.read_bytes() == before
