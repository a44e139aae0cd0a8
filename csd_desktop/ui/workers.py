"""Running work off the UI thread: one QueryOp pattern (after Anki's) on one database worker (lanes.py)."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from ..errors import CsdError
from ..i18n import N_, _
from . import dialogs, lanes
from .lanes import shutdown as shutdown  # the exit path and scripts call workers.shutdown()

log = logging.getLogger(__name__)

T = TypeVar("T")

# A progress dialog only for work that is visibly slow: flashing one for a 20 ms save is noise.
PROGRESS_DELAY_MS = 300

# ---- errors shown to people -------------------------------------------------------------------

GENERIC_ERROR = N_("حدث خطأ غير متوقع. لم يُفقد شيء محفوظ؛ أعد المحاولة، وإن تكرر فأبلغ مسؤول النظام.")


_presenting = False


def message_for(exc: BaseException) -> str:
    """A CsdError already speaks to the clerk; anything else is a bug, said plainly in Arabic."""
    if isinstance(exc, CsdError):
        return exc.message
    return _(GENERIC_ERROR)


def show_error(parent: QWidget | None, exc: BaseException, *, logged: bool = False) -> None:
    """One dialog at a time, whatever cascades behind it; the traceback goes to the log only."""
    global _presenting
    if logged:
        pass
    elif not isinstance(exc, CsdError):
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    else:
        # The code, not the message: a message may quote what was typed (a citizen's name or number).
        log.info("refused: %s (field %s)", exc.code, exc.field or "-")
    if _presenting:
        return
    _presenting = True
    try:
        dialogs.show_error(
            parent if parent is not None and shiboken6.isValid(parent) else None, message_for(exc)
        )
    finally:
        _presenting = False


# ---- the pattern ------------------------------------------------------------------------------


class _Tracker(QObject):
    """Counts operations in flight, so tests (and the exit path) can wait for quiet."""

    idle = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.running = 0


_tracker: _Tracker | None = None


def tracker() -> _Tracker:
    global _tracker
    if _tracker is None:
        _tracker = _Tracker()
    return _tracker


def pending() -> int:
    """Operations started and not yet delivered on the UI thread."""
    return tracker().running


class _Relay(QObject):
    """Lives on the UI thread for the whole run; the worker emits a ticket, Qt queues the call back."""

    finished = Signal(int, object, object)  # ticket, result, exception

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)

    def _on_finished(self, ticket: int, result: Any, exc: BaseException | None) -> None:
        op = QueryOp._live.pop(ticket, None)
        if op is not None:
            op._deliver(result, exc)


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    global _relay
    if _relay is None or not shiboken6.isValid(_relay):
        _relay = _Relay()
    return _relay


class _Job:
    """What the worker holds: the operation until it has run, then nothing of the window's.

    The worker thread must never drop the last reference to a Qt object (a widget captured by an
    operation, the operation's owner): Qt objects die on the thread that made them, and one destroyed
    on the worker crashes the process. The UI side keeps the QueryOp (and through it `op`) until the
    answer is delivered, which is always after the job has let go of it here."""

    def __init__(self, ticket: int, op: Callable[[], Any], relay: _Relay) -> None:
        self.ticket = ticket
        self.op: Callable[[], Any] | None = op
        self.emit = relay.finished.emit  # the relay lives as long as the application

    def run(self) -> None:
        op, self.op = self.op, None
        assert op is not None
        try:
            result, exc = op(), None
        except BaseException as e:  # handed to the UI thread, which decides
            result, exc = None, e
        del op
        self.emit(self.ticket, result, exc)


class QueryOp(Generic[T]):
    """`QueryOp(parent=w, op=fn, success=cb).failure(cb).with_progress(label).run_in_background()`.

    `op` runs on the worker and must not touch widgets; `success`/`failure` run on the UI thread.
    Without a failure callback, an error becomes one Arabic dialog. The parent owns the operation:
    once it is deleted (its screen closed), the answer is dropped — no callback, no dialog — because
    nobody is left to show it to and the callbacks would run on a dead object.
    """

    _live: ClassVar[dict[int, QueryOp[Any]]] = {}  # by ticket, kept alive until delivered
    _tickets: ClassVar[itertools.count[int]] = itertools.count(1)

    def __init__(self, *, parent: QObject, op: Callable[[], T], success: Callable[[T], Any]) -> None:
        self._parent = parent
        self._op = op
        self._success = success
        self._failure: Callable[[BaseException], Any] | None = None
        self._label: str | None = None
        self._side = False
        self._progress: QProgressDialog | None = None
        self._ticket = 0

    def failure(self, callback: Callable[[BaseException], Any]) -> QueryOp[T]:
        self._failure = callback
        return self

    def with_progress(self, label: str) -> QueryOp[T]:
        self._label = label
        return self

    def beside_database(self) -> QueryOp[T]:
        """For long read-only work on its own connection (the integrity check): not in the save queue."""
        self._side = True
        return self

    def run_in_background(self) -> None:
        assert QApplication.instance() is not None, "QueryOp needs the QApplication"
        self._ticket = next(QueryOp._tickets)
        QueryOp._live[self._ticket] = self
        tracker().running += 1
        if self._label is not None:
            QTimer.singleShot(PROGRESS_DELAY_MS, self._show_progress)
        lanes.lane(self._side).submit(_Job(self._ticket, self._op, _the_relay()).run)

    def _show_progress(self) -> None:
        if QueryOp._live.get(self._ticket) is not self or self._label is None:
            return
        if not self._owner_alive():
            return
        parent = self._parent if isinstance(self._parent, QWidget) else None
        dialog = QProgressDialog(self._label, "", 0, 0, parent)
        dialog.setCancelButton(None)
        dialog.setWindowTitle(_("يرجى الانتظار"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.show()
        self._progress = dialog

    def _owner_alive(self) -> bool:
        return shiboken6.isValid(self._parent)

    def _widget(self) -> QWidget | None:
        return self._parent if isinstance(self._parent, QWidget) else None

    def _deliver(self, result: Any, exc: BaseException | None) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        t = tracker()
        try:
            if not self._owner_alive():
                log.debug("dropped the answer of an operation whose owner is gone")
                return
            if exc is None:
                self._success(result)
            elif self._failure is not None:
                self._failure(exc)
            else:
                show_error(self._widget(), exc)
        except Exception as e:  # a bug in a callback: one dialog, not a dead event loop
            if self._owner_alive():
                show_error(self._widget(), e)
            else:
                log.error("callback failed after its owner went", exc_info=(type(e), e, e.__traceback__))
        finally:
            t.running -= 1
            if t.running == 0:
                t.idle.emit()
