"""The numbers beside the worklists in the navigation, counted on the worker every few minutes."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from ...domain.enums import Worklist
from ..workers import QueryOp

if TYPE_CHECKING:  # annotations only: widgets hand the database to services and never open it
    from ...services.database import Database
    from ...services.sign_in import Actor
    from ...services.worklists import WorklistCount

log = logging.getLogger(__name__)

REFRESH_MS = 3 * 60 * 1000  # other stations' work arrives by sync; the clock passes midnight


def _count(db: Database, actor: Actor) -> list[WorklistCount]:
    """On the worker: the worklists' queries (and their modules) load there, after the first paint."""
    from ...services import worklists

    return worklists.counts(db, actor)


class WorklistCounts(QObject):
    """The numbers beside the worklists, counted on the worker; one count at a time, never piling up."""

    changed = Signal(dict)  # {Worklist: count}

    def __init__(self, db: Database, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self.counts: dict[Worklist, int] = {}
        self.updated_at: datetime | None = None
        self._running = False
        self._again = False
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

    def refresh(self) -> None:
        if self._running:
            self._again = True  # a save during a count: count once more afterwards
            return
        self._running = True
        QueryOp(parent=self, op=lambda: _count(self._db, self._actor), success=self._counted).failure(
            self._failed
        ).run_in_background()

    def _counted(self, rows: list[WorklistCount]) -> None:
        self._running = False
        self.counts = {row.worklist: row.count for row in rows}
        self.updated_at = datetime.now()
        self.changed.emit(dict(self.counts))
        self._after()

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        log.error("worklist counts failed", exc_info=(type(exc), exc, exc.__traceback__))
        self._after()

    def _after(self) -> None:
        if self._again:
            self._again = False
            self.refresh()
