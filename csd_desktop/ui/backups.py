"""The window's part in backups: one at start (after the first paint) and every few hours, on the side
worker; and, when the database turns out damaged, the offer to put the newest sound backup back."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from ..errors import CsdError, DatabaseCorrupt, DatabaseUnhealthy
from ..i18n import _
from . import dialogs, workers
from .start.waiting import Pending
from .workers import QueryOp

if TYPE_CHECKING:
    from ..services.backup import BackupMade, BackupSettings
    from ..services.database import Database
    from ..services.restore import Restored

log = logging.getLogger(__name__)

HOUR_MS = 3_600_000


class AutoBackup(QObject):
    """Makes a backup when started and then every `every_hours` hours (the backup settings). A failure
    is logged and said in the status line: a clerk at the counter is not interrupted by a dialog."""

    def __init__(
        self, db: Database, parent: QWidget, report: Callable[[str], None], by: UUID | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._by = by
        self._owner = parent
        self._report = report
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.run)
        self.last: BackupMade | None = None

    def run(self) -> None:
        from ..services import backup  # after the first paint: not on the start's path

        db, by = self._db, self._by

        def make() -> tuple[BackupMade, BackupSettings]:
            settings = backup.read_settings(db)
            return backup.make_backup(db, backup.folder_for(db.path, settings), by=by), settings

        QueryOp(parent=self._owner, op=make, success=self._made).failure(
            self._failed
        ).beside_database().run_in_background()

    def _made(self, result: tuple[BackupMade, BackupSettings]) -> None:
        made, settings = result
        self.last = made
        log.info("automatic backup %s (%d bytes)", made.path, made.size)
        if settings.every_hours and not self.timer.isActive():
            self.timer.start(settings.every_hours * HOUR_MS)

    def _failed(self, exc: BaseException) -> None:
        log.error("automatic backup failed", exc_info=(type(exc), exc, exc.__traceback__))
        self._report(_("تعذّرت النسخة الاحتياطية التلقائية: {reason}").format(reason=workers.message_for(exc)))


def _question(found: Path, problem: str) -> str:
    return _(
        "{problem}\n\nأحدث نسخة احتياطية سليمة: {backup}\n"
        "هل تريد استعادتها الآن؟ يُحفظ الملف الحالي جانباً باسم مؤرخ، وما سُجّل بعد هذه النسخة لا يكون فيها."
    ).format(problem=problem, backup=found)


def offer_restore(
    parent: QWidget, db: Database, by: UUID | None, restored: Callable[[Restored], None]
) -> None:
    """The database is damaged: find the newest sound backup and ask whether to put it back."""
    from ..services import backup, integrity, restore

    def ask(found: Path | None) -> None:
        if found is None:
            return
        problem = _("فحص سلامة قاعدة البيانات أظهر خللاً، والحفظ موقوف.")
        if not dialogs.ask(parent, _("استعادة نسخة احتياطية"), _question(found, problem)):
            return

        def put_back() -> Restored:
            db.dispose()  # this window's connections: restore refuses a file still open
            done = restore.restore(db.path, found)
            integrity.run_check(db, full=True)  # lifts the block this process remembers
            restore.record_restore(db, by, done)
            return done

        QueryOp(parent=parent, op=put_back, success=restored).with_progress(
            _("استعادة النسخة الاحتياطية…")
        ).run_in_background()

    QueryOp(
        parent=parent, op=lambda: restore.newest_good_backup(db.path, backup.folder_of(db.path)), success=ask
    ).beside_database().run_in_background()


def restored_at_start(path: Path, error: CsdError) -> bool:
    """The file would not open because it is damaged: offer the newest sound backup. True when it was
    put back (open the file again)."""
    if not isinstance(error, DatabaseCorrupt | DatabaseUnhealthy):
        return False
    from ..services import backup, restore

    found = Pending(lambda: restore.newest_good_backup(path, backup.folder_of(path))).wait()
    if found is None or not dialogs.ask(None, _("استعادة نسخة احتياطية"), _question(found, error.message)):
        return False
    try:
        Pending(lambda: restore.restore(path, found)).wait()
    except CsdError as e:
        workers.show_error(None, e)
        return False
    return True
