"""The window locks after idle minutes: its screens are taken away and the person's password is asked
again (the same login, lockout included: services/sign_in.py). Nothing typed into a form is lost: the
screens are put back as they were."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMainWindow, QPushButton, QVBoxLayout, QWidget

from ..errors import CsdError
from ..i18n import _
from . import workers
from .widgets.form_fields import error_label, start_edge
from .workers import QueryOp

if TYPE_CHECKING:
    from ..services.database import Database
    from ..services.sign_in import Actor

log = logging.getLogger(__name__)

# A person is there when they press a key, click, scroll or touch; a mouse merely passing over the
# window (a cursor left on it) does not keep it open.
_PRESENCE = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class LockPanel(QWidget):
    """What a locked window shows: who it belongs to, and their password to go on."""

    unlocked = Signal()
    refused = Signal(str)  # the Arabic message shown, for tests and the log

    def __init__(self, db: Database, actor: Actor, minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockPanel")
        self._db, self._actor = db, actor
        title = QLabel(_("الشاشة مقفلة"), self)
        title.setObjectName("dialogTitle")
        words = _("قُفلت الشاشة بعد {minutes} دقائق دون استعمال. أدخل كلمة مرور {name} للمتابعة.")
        self.explain = QLabel(words.format(minutes=minutes, name=actor.full_name), self)
        self.explain.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.password.setAlignment(start_edge())
        self.password.returnPressed.connect(self.submit)
        self.message = error_label(self)
        self.button = QPushButton(_("متابعة"), self)
        self.button.clicked.connect(self.submit)
        box = QWidget(self)
        box.setMaximumWidth(460)
        column = QVBoxLayout(box)
        for widget in (title, self.explain, self.password, self.message, self.button):
            column.addWidget(widget)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.password.setFocus()

    def submit(self) -> None:
        if not self.button.isEnabled():
            return
        self.button.setEnabled(False)
        self.message.hide()
        db, username, password = self._db, self._actor.username, self.password.text()

        def check() -> Actor:
            from ..services import sign_in

            return sign_in.authenticate(db, username, password)

        QueryOp(parent=self, op=check, success=self._checked).failure(self._refused).run_in_background()

    def _checked(self, actor: Actor) -> None:
        self.button.setEnabled(True)
        if actor.id == self._actor.id:
            self.unlocked.emit()

    def _refused(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        if not isinstance(exc, CsdError):
            workers.show_error(self, exc)
            return
        self.message.setText(exc.message)
        self.message.show()
        self.password.clear()
        self.password.setFocus()
        self.refused.emit(exc.message)


class ScreenLock(QObject):
    """Watches for a person's input anywhere in the application; after `minutes` without any, the
    window's screens give way to a LockPanel until the same person's password is given. Idle until
    `start()` has read the station's setting, or `set_minutes()` is given one."""

    locked_changed = Signal(bool)

    def __init__(self, window: QMainWindow, db: Database, actor: Actor) -> None:
        super().__init__(window)
        self._window, self._db, self._actor = window, db, actor
        self._screens: QWidget | None = None
        self.panel: LockPanel | None = None
        self.minutes = 0.0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def start(self) -> None:
        db = self._db

        def read() -> int:
            from ..services import screen_lock  # on the worker: it imports SQLAlchemy

            return screen_lock.idle_lock_minutes(db)

        QueryOp(parent=self, op=read, success=self.set_minutes).run_in_background()

    @property
    def locked(self) -> bool:
        return self.panel is not None

    def set_minutes(self, minutes: float) -> None:
        self.minutes = minutes
        self.timer.setInterval(max(1, round(minutes * 60_000)))
        if not self.locked:
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _PRESENCE and self.minutes and not self.locked:
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.locked:
            return
        log.info("window locked after %s idle minutes", self.minutes)
        self.timer.stop()
        self._screens = self._window.takeCentralWidget()
        self.panel = LockPanel(self._db, self._actor, max(1, round(self.minutes)), self._window)
        self.panel.unlocked.connect(self.unlock)
        self._window.setCentralWidget(self.panel)
        self.panel.password.setFocus()
        self.locked_changed.emit(True)

    def unlock(self) -> None:
        if self.panel is None or self._screens is None:
            return
        self._window.takeCentralWidget()
        self.panel.deleteLater()
        self.panel = None
        self._window.setCentralWidget(self._screens)
        self._screens = None
        self.timer.start()
        self.locked_changed.emit(False)
