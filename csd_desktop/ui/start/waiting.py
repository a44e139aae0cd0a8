"""Start-up's waits: work on the database worker while Qt keeps painting (a splash, the login dialog)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal

from .. import lanes

T = TypeVar("T")


class _Wake(QObject):
    done = Signal()


class Pending(Generic[T]):
    """Work started on the database worker now; `wait()` later keeps Qt's events flowing until it ends.

    For the steps of starting, which run one after another before the main window exists; a screen's
    work uses workers.QueryOp, owned by the widget that shows the answer."""

    def __init__(self, work: Callable[[], T] | Future[T]) -> None:
        self.future: Future[T] = work if isinstance(work, Future) else lanes.lane().submit(work)

    def done(self) -> bool:
        return self.future.done()

    def wait(self) -> T:
        """The answer (or the work's exception, raised here), the UI alive meanwhile."""
        if not self.future.done():
            loop = QEventLoop()
            wake = _Wake()
            wake.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
            self.future.add_done_callback(lambda _f: wake.done.emit())
            if not self.future.done():
                loop.exec()
        return self.future.result()
